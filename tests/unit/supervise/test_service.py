"""MonitorService: provisioning -> ConfigureMonitor (again after an engine restart); supervisor commands."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventHub, EventRecorder, Worker
from softphone.domain.messages import EngineCommand
from softphone.domain.monitor import ConfigureMonitor, MonitorJoined, StartMonitor
from softphone.domain.values import MonitorMode
from softphone.supervise.service import MonitorService
from tests.unit.supervise.test_console import StubClient

PROVISIONING = {"user": {"username": "sup1", "role": "supervisor"}, "server_public_key": "PEM",
                "monitor_policy": {"method": "peer_bridge", "allowed_modes": ["listen", "whisper"],
                                   "issuer": "srv"}}


@pytest.fixture
def worker() -> Iterator[Worker]:
    worker = Worker("monitor-test")
    yield worker
    worker.stop()


def _service(worker: Worker) -> tuple[MonitorService, EventHub, list[EngineCommand], threading.Event]:
    hub = EventHub()
    sent: list[EngineCommand] = []
    dialed = threading.Event()

    def send(command: EngineCommand) -> None:
        sent.append(command)
        if isinstance(command, c.Dial):
            dialed.set()

    service = MonitorService(hub, send_engine=send, worker=worker, base_url="http://unused", token_provider=lambda: "t",
                             client=StubClient())  # type: ignore[arg-type]
    return service, hub, sent, dialed


def test_agent_side_is_configured_and_reconfigured_after_an_engine_restart(worker: Worker) -> None:
    service, hub, sent, _ = _service(worker)
    service.configure({**PROVISIONING, "user": {"username": "agent7", "role": "agent"}}, account_id="a1")
    assert sent == [ConfigureMonitor(agent="agent7", server_public_key_pem="PEM", issuer="srv",
                                     allowed_modes=("listen", "whisper"))]
    assert service.console is None
    hub.publish(ev.EngineRestarted(attempt=1))
    assert sent[-1] == sent[0] and len(sent) == 2


def test_no_key_disables_the_agent_side(worker: Worker) -> None:
    service, _hub, sent, _ = _service(worker)
    service.configure({"user": {"username": "agent7", "role": "agent"}}, account_id="a1")
    assert sent == [ConfigureMonitor(agent="", server_public_key_pem="")]


def test_supervisor_commands_run_on_the_worker_and_see_engine_events(worker: Worker) -> None:
    service, hub, sent, dialed = _service(worker)
    events = EventRecorder()
    hub.subscribe(events)
    service.configure(PROVISIONING, account_id="sup-account")
    command = StartMonitor(agent="agent7", mode=MonitorMode.WHISPER)
    assert service.accepts(command) and not service.accepts(c.Hangup(call_id="x"))
    service.submit(command)
    assert dialed.wait(5)
    dial = next(s for s in sent if isinstance(s, c.Dial))
    assert dial.account_id == "sup-account" and service.owns_call(dial.call_id)
    hub.publish(ev.CallMediaChanged(call_id=dial.call_id, active=True))
    assert events.wait_for(MonitorJoined).agent == "agent7"


def test_an_agent_cannot_start_monitoring(worker: Worker) -> None:
    service, hub, _sent, _ = _service(worker)
    events = EventRecorder()
    hub.subscribe(events)
    service.configure({**PROVISIONING, "user": {"username": "agent7", "role": "agent"}}, account_id="a1")
    service.submit(StartMonitor(agent="agent8", mode=MonitorMode.LISTEN))
    assert "supervisor role" in events.wait_for(ev.CommandFailed).reason
