"""A withheld caller, sent by SIPp through Kamailio exactly as a carrier would (From anonymous,
Privacy: id, no P-Asserted-Identity): the card says withheld, nothing is asked of the server."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.app_events import CustomerLookupStarted, CustomerNotFound
from tests.integration.screenpop.conftest import AgentPhone, start_screenpop
from tests.integration.screenpop.lookup_server import LookupProcess
from tests.support.kamailio import Kamailio
from tests.support.net import free_port, stop_group

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("withheld_uac.xml")


@pytest.fixture
def service(agent: AgentPhone, lookup_server: LookupProcess) -> Iterator[None]:
    started = start_screenpop(agent, lookup_server.base_url)
    yield
    started.stop()


@pytest.fixture
def sipp_caller(kamailio: Kamailio, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    if shutil.which("sipp") is None:
        pytest.fail("sipp is not installed: run `make bootstrap` as root (Debian package sip-tester)")
    log = (tmp_path / "sipp.log").open("wb")
    process = subprocess.Popen(
        ["sipp", "-sf", str(SCENARIO), "-m", "1", "-i", "127.0.0.1", "-p", str(free_port()), "-mp",
         str(free_port(udp_and_tcp=False, span=4)), "-s", "agent1", "-timeout", "20s", "-timeout_error",
         "-nostdin", "-trace_err", "-error_file", str(tmp_path / "sipp-errors.log"), kamailio.address],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    yield process
    stop_group(process)


def test_withheld_caller(agent: AgentPhone, lookup_server: LookupProcess, service: None,
                         sipp_caller: subprocess.Popen[bytes], tmp_path: Path) -> None:
    # the service is subscribed before SIPp starts (fixture order): no INVITE can slip past it
    rang = agent.events.wait_for(ev.IncomingCallRang, lambda e: "anonymous.invalid" in e.remote.from_header,
                                 timeout=15)
    assert not rang.remote.p_asserted_identity
    outcome = agent.events.wait_for(CustomerNotFound, lambda e: e.call_id == rang.call_id)
    assert outcome.withheld and outcome.number_e164 == ""
    agent.engine.submit(c.Reject(call_id=rang.call_id, code=486))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id)
    assert sipp_caller.wait(15) == 0, (tmp_path / "sipp.log").read_text(errors="replace")[-2000:]
    assert [e for e in agent.events.of_type(CustomerLookupStarted) if e.call_id == rang.call_id] == []
    assert lookup_server.requests_seen() == []
