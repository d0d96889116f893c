"""End to end with the real server: the supervisor's console gets grants from it, the agent's
phone verifies them with the public key from its provisioning, tones prove the modes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from softphone.domain import events as ev
from softphone.domain.hub import EventRecorder
from softphone.domain.monitor import (
    LeaveMonitor,
    MonitorJoined,
    MonitorLeft,
    MonitorModeChanged,
    MonitorPolicy,
    MonitorRefused,
    StartMonitor,
    SwitchMonitorMode,
)
from softphone.domain.values import MonitorMode
from softphone.supervise.client import MonitorClient
from softphone.supervise.console import SupervisorConsole
from tests.integration.server.live import LiveServer
from tests.integration.supervise.conftest import AGENT_HZ, CUSTOMER_HZ, SUPERVISOR_HZ, Floor, heard

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer.sqlite(tmp_path_factory.mktemp("server"))
    server.add_user("agent1", role="agent", teams=["floor"], extension="agent1")
    server.add_user("supervisor", role="supervisor", teams=["floor"])
    server.add_user("othersup", role="supervisor", teams=["elsewhere"])
    with server:
        yield server


def _provision_agent(live: LiveServer, floor: Floor) -> MonitorPolicy:
    with live.client("agent1") as http:
        policy = MonitorPolicy.from_provisioning(http.get("/api/v1/provisioning").json())
    command = policy.configure_agent("agent1")
    assert command is not None and "BEGIN PUBLIC KEY" in command.server_public_key_pem
    floor.agent.engine.submit(command)
    return policy


def _on_call(live: LiveServer, call_id: str) -> None:
    with live.client("agent1") as http:
        response = http.post("/api/v1/agent-states", headers={"Idempotency-Key": str(uuid.uuid4())},
                             json={"state": "on_call", "at": datetime.now(UTC).isoformat(), "call_id": call_id})
        assert response.status_code == 201, response.text


def _console(live: LiveServer, floor: Floor, user: str, policy: MonitorPolicy,
             events: EventRecorder) -> SupervisorConsole:
    token = live.login(user)
    console = SupervisorConsole(client=MonitorClient(live.url, lambda: token), send=floor.supervisor.send,
                                publish=events, account_id="supervisor", supervisor=user, policy=policy)
    floor.supervisor.events.listeners.append(console.on_event)
    return console


def test_whisper_then_barge_with_real_grants(live: LiveServer, floor: Floor) -> None:
    policy = _provision_agent(live, floor)
    agent_call, customer_call, customer_start = floor.customer_call()
    agent_start = floor.agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == agent_call and e.active).at
    _on_call(live, agent_call)
    app_events = EventRecorder()
    console = _console(live, floor, "supervisor", policy, app_events)
    try:
        board = console.client.board()
        row = next(a for a in board if a.username == "agent1")
        assert row.current_call is not None and row.current_call.call_id == agent_call

        mark = floor.agent.events.mark()
        console.handle(StartMonitor(agent="agent1", mode=MonitorMode.WHISPER))
        joined = app_events.wait_for(MonitorJoined)
        assert joined.side == "supervisor" and joined.customer_call_id == agent_call
        assert floor.agent.events.wait_for(MonitorJoined, after=mark).supervisor == "supervisor"
        session = console.sessions[joined.session_id]
        sup_start = floor.supervisor.events.wait_for(ev.CallMediaChanged,
                                                     lambda e: e.call_id == session.call_id and e.active).at
        whisper = (time.time() + 0.6, time.time() + 2.2)
        time.sleep(2.4)
        console.handle(SwitchMonitorMode(session_id=joined.session_id, mode=MonitorMode.BARGE))
        assert floor.agent.events.wait_for(MonitorModeChanged, after=mark).mode is MonitorMode.BARGE
        barge = (time.time() + 0.6, time.time() + 2.2)
        time.sleep(2.4)
        console.handle(LeaveMonitor(session_id=joined.session_id))
        assert app_events.wait_for(MonitorLeft).reason == "left"
        assert floor.agent.events.wait_for(MonitorLeft, after=mark).reason == "the supervisor left"
    finally:
        floor.supervisor.events.listeners.clear()
    floor.end_all()
    floor.customer.events.wait_for(ev.CallEnded, lambda e: e.call_id == customer_call)
    floor.agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == agent_call)
    sup_rec = floor.supervisor.recording(session.call_id)
    cust_rec = floor.customer.recording(customer_call)
    agent_rec = floor.agent.audio.recording_path(agent_call)
    assert heard(sup_rec, sup_start, *whisper) == {CUSTOMER_HZ, AGENT_HZ}
    assert heard(cust_rec, customer_start, *whisper) == {AGENT_HZ}
    assert heard(agent_rec, agent_start, *whisper) == {CUSTOMER_HZ, SUPERVISOR_HZ}
    assert heard(sup_rec, sup_start, *barge) == {CUSTOMER_HZ, AGENT_HZ}
    assert heard(cust_rec, customer_start, *barge) == {AGENT_HZ, SUPERVISOR_HZ}
    assert heard(agent_rec, agent_start, *barge) == {CUSTOMER_HZ, SUPERVISOR_HZ}
    with live.client("supervisor") as http:
        audit = http.get("/api/v1/monitor/audit", params={"agent": "agent1"}).json()["items"]
    assert [(a["mode"], a["granted"]) for a in audit[:2]] == [("barge", True), ("whisper", True)]


def test_a_supervisor_of_another_team_gets_no_grant_and_dials_nothing(live: LiveServer, floor: Floor) -> None:
    policy = _provision_agent(live, floor)
    agent_call, _customer_call, _start = floor.customer_call()
    _on_call(live, agent_call)
    app_events = EventRecorder()
    console = _console(live, floor, "othersup", policy, app_events)
    mark = floor.supervisor.events.mark()
    try:
        console.handle(StartMonitor(agent="agent1", mode=MonitorMode.LISTEN))
    finally:
        floor.supervisor.events.listeners.clear()
    refused = app_events.wait_for(MonitorRefused)
    assert refused.side == "supervisor" and "team" in refused.reason
    time.sleep(0.5)
    assert not [e for e in floor.supervisor.events.events[mark:] if isinstance(e, ev.OutgoingCallStarted)]
