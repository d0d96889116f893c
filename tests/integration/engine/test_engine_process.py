"""The media engine as a real process: start, clean stop, death and restart, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.values import AutoAnswer, EndReason, RegistrationState
from tests.integration.sip.conftest import account, customer, customer_wav, kamailio  # noqa: F401
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio
from tests.support.peer import EnginePeer

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[EnginePeer]:
    engine = EnginePeer(tmp_path, "agent1", 1000.0).start()
    yield engine
    engine.stop()


def test_start_and_clean_stop(peer: EnginePeer) -> None:
    started = peer.events.wait_for(ev.EngineStarted)
    assert started.pid == peer.link.pid != os.getpid()
    assert started.pjsip_version.startswith("2.")
    process = peer.link._process
    peer.stop()
    stopped = peer.events.wait_for(ev.EngineStopped, timeout=5)
    assert stopped.shutdown_ms < 300
    assert process is not None and process.exitcode == 0
    assert peer.events.of_type(ev.EngineDied) == []


def test_killed_engine_is_reported_restarted_and_reregistered(kamailio: Kamailio, customer: Baresip,  # noqa: F811
                                                              peer: EnginePeer) -> None:
    peer.register(account(kamailio, auto_answer=AutoAnswer.ALL))
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    rang = peer.events.wait_for(ev.IncomingCallRang)
    peer.events.wait_for(ev.CallAnswered)
    first_pid = peer.link.pid
    assert first_pid is not None
    mark = peer.events.mark()
    os.kill(first_pid, signal.SIGKILL)
    died = peer.events.wait_for(ev.EngineDied, after=mark, timeout=5)
    assert died.exit_code == -signal.SIGKILL and "signal 9" in died.reason
    lost = peer.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id, after=mark)
    assert lost.reason is EndReason.ENGINE_LOST
    peer.events.wait_for(ev.EngineRestarted, after=mark, timeout=20)
    assert peer.link.pid not in (None, first_pid)
    registered = peer.events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED,
                                      after=mark, timeout=10)
    assert registered.account_id == "agent1"
    customer.command("hangup")
    customer.wait_event("CALL_CLOSED", timeout=40)
    mark = peer.events.mark()
    customer.command("dial", f"sip:agent1@{kamailio.address}")
    peer.events.wait_for(ev.CallAnswered, after=mark, timeout=10)  # the restarted engine takes calls again


def test_commands_while_restarting_fail_clearly(peer: EnginePeer) -> None:
    peer.link.restart_enabled = False
    pid = peer.link.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    peer.events.wait_for(ev.EngineDied, timeout=5)
    peer.send(c.Dial(account_id="agent1", target="x", call_id="c1"))
    failed = peer.events.wait_for(ev.CommandFailed)
    assert failed.call_id == "c1" and "restarting" in failed.reason


def test_engine_exits_when_the_app_dies(tmp_path: Path) -> None:
    """kill -9 of the app must not leave an orphan engine holding registrations."""
    script = textwrap.dedent("""
        import sys, time
        from softphone.domain.hub import EventRecorder
        from softphone.engine.config import AudioSpec, EngineConfig
        from softphone.engine.link import EngineLink
        if __name__ == "__main__":
            link = EngineLink(EventRecorder(), EngineConfig(audio=AudioSpec(kind="null")))
            link.start()
            print(link.pid, flush=True)
            time.sleep(60)
    """)
    path = tmp_path / "app.py"
    path.write_text(script)
    app = subprocess.Popen([sys.executable, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        engine_pid = int(app.stdout.readline())
        app.kill()
        app.wait(5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if _gone(engine_pid):
                return
            time.sleep(0.1)
        os.kill(engine_pid, signal.SIGKILL)
        pytest.fail("the engine outlived the app")
    finally:
        app.kill()


def _gone(pid: int) -> bool:
    """Exited (a zombie waiting for init counts as exited)."""
    status = Path(f"/proc/{pid}/stat")
    try:
        return ") Z " in status.read_text()
    except FileNotFoundError:
        return True
