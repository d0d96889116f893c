"""PBX mode: the supervisor's phone dials the provisioned feature code and switches modes with
the DTMF the template says (or redials), checked at SIPp standing in for the PBX.

The grant request still goes to the real server (authorization, audit, the agent's extension);
the supervisor's engine runs in this process with a direct (registrar-less) account whose
domain is the PBX, DTMF by SIP INFO so the PBX's message trace shows every digit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.config_store import save_overrides
from softphone.domain import events as ev
from softphone.domain.monitor import (
    LeaveMonitor,
    MonitorJoined,
    MonitorLeft,
    MonitorPolicy,
    StartMonitor,
    SwitchMonitorMode,
)
from softphone.domain.values import AccountSettings, DtmfMethod, MonitorMode
from softphone.sip.engine import EngineThread
from softphone.supervise.client import MonitorClient
from softphone.supervise.console import SupervisorConsole
from tests.integration.server.live import LiveServer
from tests.integration.sip.conftest import InProcessAgent
from tests.integration.supervise.conftest import SUPERVISOR_HZ, FanOut
from tests.support.net import free_port, stop_group

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("pbx_uas.xml")
FREESWITCH = {"listen": "*33{ext}|0", "whisper": "*33{ext}|2", "barge": "*33{ext}|3"}
ASTERISK = {"listen": "*222{ext}", "whisper": "*223{ext}", "barge": "*224{ext}"}


class Pbx:
    def __init__(self, workdir: Path, calls: int) -> None:
        if shutil.which("sipp") is None:
            raise RuntimeError("sipp is not installed: run `make bootstrap` as root (Debian package sip-tester)")
        self.port = free_port()
        self.trace = workdir / "pbx-messages.log"
        self.process = subprocess.Popen(
            ["sipp", "-sf", str(SCENARIO), "-i", "127.0.0.1", "-p", str(self.port), "-mp", str(free_port(span=4)),
             "-m", str(calls), "-nostdin", "-trace_msg", "-message_file", str(self.trace), "-timeout", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def wait(self, timeout: float = 20) -> list[str]:
        """Every SIP request the PBX received, as its first line plus body."""
        assert self.process.wait(timeout=timeout) == 0, "sipp saw an unexpected message"
        text = self.trace.read_text(errors="replace")
        blocks = re.split(r"-{10,}[^\n]*\n[^\n]*(?:received|sent)[^\n]*\n", text)
        return [b.strip() for b in blocks if re.match(r"\s*(INVITE|INFO|BYE|ACK)\s", b)]

    def stop(self) -> None:
        if self.process.poll() is None:
            stop_group(self.process)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer.sqlite(tmp_path_factory.mktemp("server"))
    server.add_user("agent1", role="agent", teams=["floor"], extension="1777")
    server.add_user("supervisor", role="supervisor", teams=["floor"])
    with server:
        yield server


class SupervisorEngine(InProcessAgent):
    """The supervisor's engine in this process; its events also reach the console (as the app's hub does)."""

    def __init__(self, record_dir: Path) -> None:
        super().__init__(record_dir, tone_hz=SUPERVISOR_HZ)
        self.events = FanOut()
        self.engine = EngineThread(self.events, self.audio)


@pytest.fixture
def sup(tmp_path: Path) -> Iterator[SupervisorEngine]:
    engine = SupervisorEngine(tmp_path / "sup-rec")
    engine.start()
    yield engine
    assert engine.engine.stop(timeout=5)


def _run(live: LiveServer, sup: SupervisorEngine, tmp_path: Path, templates: dict[str, str], calls: int,
         modes: tuple[MonitorMode, ...]) -> list[str]:
    with live.db.writing() as session:
        save_overrides(session, {"monitor_method": "pbx", "supervisor_feature_codes": templates})
    with live.client("agent1") as http:
        response = http.post("/api/v1/agent-states", headers={"Idempotency-Key": str(uuid.uuid4())},
                             json={"state": "on_call", "at": datetime.now(UTC).isoformat(),
                                   "call_id": str(uuid.uuid4())})
        assert response.status_code == 201
    pbx = Pbx(tmp_path, calls)
    try:
        sup.register(AccountSettings(account_id="sup", username="supervisor", domain=f"127.0.0.1:{pbx.port}",
                                     bind_address="127.0.0.1", codecs=("PCMU/8000",),
                                     dtmf_method=DtmfMethod.SIP_INFO))
        with live.client("supervisor") as http:
            policy = MonitorPolicy.from_provisioning(http.get("/api/v1/provisioning").json())
        assert policy.method == "pbx"
        token = live.login("supervisor")
        console = SupervisorConsole(client=MonitorClient(live.url, lambda: token), send=sup.engine.submit,
                                    publish=sup.events, account_id="sup", supervisor="supervisor", policy=policy)
        sup.events.listeners.append(console.on_event)
        mark = sup.events.mark()
        console.handle(StartMonitor(agent="agent1", mode=modes[0]))
        joined = sup.events.wait_for(MonitorJoined, after=mark)
        assert joined.method == "pbx"
        time.sleep(0.5)
        for mode in modes[1:]:
            before = console.sessions[joined.session_id].call_id
            console.handle(SwitchMonitorMode(session_id=joined.session_id, mode=mode))
            now = console.sessions[joined.session_id].call_id
            if now != before:  # a redial: wait for the new call's media
                sup.events.wait_for(ev.CallMediaChanged, lambda e, i=now: e.call_id == i and e.active)
            time.sleep(0.5)
        console.handle(LeaveMonitor(session_id=joined.session_id))
        assert sup.events.wait_for(MonitorLeft, after=mark).reason == "left"
        return pbx.wait()
    finally:
        pbx.stop()


def test_freeswitch_style_dials_once_and_switches_by_dtmf(live: LiveServer, sup: SupervisorEngine,
                                                          tmp_path: Path) -> None:
    requests = _run(live, sup, tmp_path, FREESWITCH, 1, (MonitorMode.LISTEN, MonitorMode.WHISPER, MonitorMode.BARGE))
    methods = [r.split()[0] for r in requests]
    assert methods == ["INVITE", "ACK", "INFO", "INFO", "INFO", "BYE"], methods
    assert re.match(r"INVITE sip:\*331777@127\.0\.0\.1:\d+ SIP/2\.0", requests[0])
    digits = [re.search(r"Signal=(\S)", r).group(1) for r in requests if r.startswith("INFO")]  # type: ignore[union-attr]
    assert digits == ["0", "2", "3"]


def test_chanspy_style_redials_the_mode_code(live: LiveServer, sup: SupervisorEngine, tmp_path: Path) -> None:
    requests = _run(live, sup, tmp_path, ASTERISK, 2, (MonitorMode.LISTEN, MonitorMode.BARGE))
    invites = [r.splitlines()[0] for r in requests if r.startswith("INVITE")]
    assert [re.sub(r"@.*", "", i) for i in invites] == ["INVITE sip:*2221777", "INVITE sip:*2241777"]
    assert not [r for r in requests if r.startswith("INFO")], "ChanSpy codes need no DTMF"
    assert sum(1 for r in requests if r.startswith("BYE")) == 2
