"""After a full session (register, server login, a call, a disposition synced) with logs at their
most verbose (PJSIP level 6 included), no file the app wrote holds the SIP password, the server
password or the server's token: settings, the SQLite database and its WAL, logs, autosaved notes."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from softphone.app import Core, CoreOptions
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.app_events import DispositionSaved
from softphone.domain.hub import EventRecorder
from softphone.domain.values import RegistrationState, Secret
from softphone.domain.views import UiSettings
from softphone.engine.config import AudioSpec
from softphone.logsetup import setup_logging
from softphone.secrets import MemoryKeyring
from tests.integration.server.live import LiveServer
from tests.integration.sip.conftest import account
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio

pytestmark = pytest.mark.integration


def test_no_secret_in_any_file_after_a_full_session(kamailio: Kamailio, customer: Baresip, server: LiveServer,
                                                    memory_keyring: MemoryKeyring, home: Path) -> None:
    sip_password = "agent1pw"  # Kamailio's password for agent1
    setup_logging(logging.DEBUG, log_file=home / "log" / "app.log", console=False)
    core = Core(CoreOptions(audio=AudioSpec(kind="file", tone_hz=1000.0), log_level=logging.DEBUG,
                            pj_log_level=6)).start()
    events = EventRecorder()
    core.hub.subscribe(events)
    try:
        settings = account(kamailio)
        core.save_account(settings.__class__(**{**settings.__dict__, "password": None}), Secret(sip_password))
        events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED)
        core.save_settings(UiSettings(server_url=server.url, server_username="agent1"),
                           server_password=Secret(LiveServer.PASSWORD))
        deadline = time.monotonic() + 15
        while core._token is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert core._token is not None, "no server login"
        token = core._token.reveal()
        customer.command("dial", f"sip:agent1@{kamailio.address}")
        rang = events.wait_for(ev.IncomingCallRang)
        core.send(c.Answer(call_id=rang.call_id))
        events.wait_for(ev.CallAnswered)
        time.sleep(0.5)
        core.send(c.Hangup(call_id=rang.call_id))
        events.wait_for(ev.CallEnded)
        core.send(c.SaveDisposition(call_id=rang.call_id, code=core.disposition_catalog()[0].code, notes="ok"))
        events.wait_for(DispositionSaved)
        deadline = time.monotonic() + 20
        while core.store.pending_outbox_count() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        core.stop()
        setup_logging(logging.WARNING, console=False)
    files = [p for p in home.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"settings.json", "engine.log", "app.log"} <= names, names
    assert any(n.startswith("softphone.db") for n in names), names
    engine_log = (home / "log" / "engine.log").read_text(errors="replace")
    assert "REGISTER sip:" in engine_log and "Authorization: Digest" in engine_log, "PJSIP's full log is missing"
    for path in files:
        data = path.read_bytes()
        for secret in (sip_password, LiveServer.PASSWORD, token):
            assert secret.encode() not in data, f"{path.relative_to(home)} holds a secret"
