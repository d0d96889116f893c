"""Secrets never reach the engine's files: an engine process with DEBUG logging and PJSIP at its
highest level (6) registers, fails a registration with a wrong password, makes a call; then the
log files and the recordings' folder are scanned for the passwords and their digest HA1s."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventRecorder
from softphone.domain.values import RegistrationState, Secret
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink
from tests.integration.sip.conftest import account
from tests.support.baresip import Baresip
from tests.support.kamailio import USERS, Kamailio

pytestmark = pytest.mark.integration
WRONG = "Wr0ng-Secret-4475"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[tuple[EngineLink, EventRecorder, Path]]:
    events = EventRecorder()
    state = tmp_path / "engine-state"
    config = EngineConfig(audio=AudioSpec(kind="file", tone_hz=1000.0, record_dir=state / "recordings"),
                          log_level=logging.DEBUG, log_file=state / "logs" / "engine.log", pj_log_level=6)
    link = EngineLink(events, config)
    link.start()
    try:
        yield link, events, state
    finally:
        link.stop()


def registered(events: EventRecorder, account_id: str, mark: int) -> ev.RegistrationChanged:
    return events.wait_for(ev.RegistrationChanged, lambda e: e.account_id == account_id and e.state in (
        RegistrationState.REGISTERED, RegistrationState.FAILED), after=mark, timeout=15)


def test_no_password_or_digest_in_logs_and_recordings(kamailio: Kamailio, long_customer_wav: Path,
                                                      tmp_path: Path, engine: tuple[EngineLink, EventRecorder, Path]
                                                      ) -> None:
    link, events, state = engine
    customer = Baresip(tmp_path, long_customer_wav, user="customer", password=USERS["customer"],
                       registrar=kamailio.address)
    customer.start()
    try:
        mark = events.mark()
        link.send(c.ConfigureAccount(settings=account(kamailio, "agent1")))
        assert registered(events, "agent1", mark).state is RegistrationState.REGISTERED
        mark = events.mark()
        link.send(c.ConfigureAccount(settings=account(kamailio, "agent2", password=WRONG, retry_min_s=30)))
        assert registered(events, "agent2", mark).state is RegistrationState.FAILED
        link.send(c.Dial(account_id="agent1", target="customer", call_id="secret-call"))
        events.wait_for(ev.CallAnswered, lambda e: e.call_id == "secret-call", timeout=15)
        time.sleep(1.0)
        link.send(c.Hangup(call_id="secret-call"))
        events.wait_for(ev.CallEnded, lambda e: e.call_id == "secret-call")
        link.send(c.RemoveAccount(account_id="agent1"))
        time.sleep(0.5)
    finally:
        customer.stop()
    link.stop()
    files = [p for p in state.rglob("*") if p.is_file()]
    logs = [p for p in files if ".log" in p.name]
    assert logs and any(p.suffix == ".wav" for p in files), files
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    # the log is the full PJSIP trace (so the scan means something): REGISTERs with credentials
    assert "Authorization: Digest" in text and "REGISTER sip:" in text
    responses = re.findall(r'response="([^"]*)"', text)
    assert responses and set(responses) == {"***"}, set(responses)
    realms = set(re.findall(r'realm="([^"]*)"', text)) or {kamailio.address}
    secrets = [USERS["agent1"], WRONG]
    ha1s = [hashlib.md5(f"{user}:{realm}:{pw}".encode()).hexdigest()
            for realm in realms for user, pw in (("agent1", USERS["agent1"]), ("agent2", WRONG))]
    for path in files:
        blob = path.read_bytes()
        for secret in secrets + ha1s:
            assert secret.encode() not in blob, f"{secret!r} found in {path}"
            assert secret.encode("utf-16-le") not in blob, f"{secret!r} (UTF-16) found in {path}"
    assert repr(Secret(USERS["agent1"])) == "Secret('***')"
