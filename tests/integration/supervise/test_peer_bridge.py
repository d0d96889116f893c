"""Peer-bridge monitoring with three real parties: tones prove who hears whom in each mode."""

from __future__ import annotations

import time

import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.monitor import (
    MonitorJoined,
    MonitorLeft,
    MonitorModeChanged,
    RenewMonitorGrant,
    hears,
)
from softphone.domain.values import MonitorMode
from tests.integration.supervise.conftest import AGENT_HZ, CUSTOMER_HZ, SUPERVISOR_HZ, Floor, heard

pytestmark = pytest.mark.integration
HZ = {"customer": CUSTOMER_HZ, "agent": AGENT_HZ, "supervisor": SUPERVISOR_HZ}


def expected(mode: MonitorMode, party: str) -> set[float]:
    return {HZ[p] for p in hears(mode, party)}


def _join(floor: Floor, mode: MonitorMode) -> tuple[str, str, float, str, float, float]:
    agent_call, customer_call, customer_start = floor.customer_call()
    agent_start = floor.agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == agent_call and e.active).at
    mark = floor.agent.events.mark()
    sup_call = floor.monitor(floor.signer.grant(agent_call, mode.value))
    joined = floor.agent.events.wait_for(MonitorJoined, after=mark)
    assert joined.mode is mode and joined.customer_call_id == agent_call and joined.supervisor == "supervisor"
    sup_start = floor.supervisor.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == sup_call and e.active).at
    return agent_call, customer_call, customer_start, sup_call, sup_start, agent_start


def _end(floor: Floor, agent_call: str, customer_call: str, sup_call: str) -> None:
    floor.agent.engine.submit(c.Hangup(call_id=agent_call))
    floor.agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == agent_call)
    left = floor.agent.events.wait_for(MonitorLeft)
    assert left.reason == "the monitored call ended"
    floor.customer.events.wait_for(ev.CallEnded, lambda e: e.call_id == customer_call)
    floor.supervisor.events.wait_for(ev.CallEnded, lambda e: e.call_id == sup_call)


@pytest.mark.parametrize("mode", list(MonitorMode))
def test_each_mode_every_party_hears_exactly_the_table(floor: Floor, mode: MonitorMode) -> None:
    agent_call, customer_call, customer_start, sup_call, sup_start, agent_start = _join(floor, mode)
    rang = [e for e in floor.agent.events.of_type(ev.IncomingCallRang)]
    begin = time.time() + 0.6
    time.sleep(2.2)
    end = time.time() - 0.2
    _end(floor, agent_call, customer_call, sup_call)
    assert not rang, "a monitor call must not ring the agent"
    got = {
        "supervisor": heard(floor.supervisor.recording(sup_call), sup_start, begin, end),
        "customer": heard(floor.customer.recording(customer_call), customer_start, begin, end),
        "agent": heard(floor.agent.audio.recording_path(agent_call), agent_start, begin, end),
    }
    assert got == {party: expected(mode, party) for party in got}, mode


def test_mode_switch_mid_session(floor: Floor) -> None:
    """listen -> whisper -> barge -> listen by re-INVITE with a new grant, one session."""
    agent_call, customer_call, customer_start, sup_call, sup_start, agent_start = _join(floor, MonitorMode.LISTEN)
    windows: list[tuple[MonitorMode, float, float]] = []
    current, begin = MonitorMode.LISTEN, time.time() + 0.6
    for mode in (MonitorMode.WHISPER, MonitorMode.BARGE, MonitorMode.LISTEN):
        time.sleep(1.8)
        windows.append((current, begin, time.time() - 0.2))
        mark = floor.agent.events.mark()
        floor.supervisor.send(RenewMonitorGrant(call_id=sup_call, grant=floor.signer.grant(agent_call, mode.value)))
        changed = floor.agent.events.wait_for(MonitorModeChanged, after=mark)
        assert changed.mode is mode
        current, begin = mode, time.time() + 0.6
    time.sleep(1.8)
    windows.append((current, begin, time.time() - 0.2))
    _end(floor, agent_call, customer_call, sup_call)
    assert [w[0] for w in windows] == [MonitorMode.LISTEN, MonitorMode.WHISPER, MonitorMode.BARGE, MonitorMode.LISTEN]
    for mode, start, stop in windows:
        got = {
            "supervisor": heard(floor.supervisor.recording(sup_call), sup_start, start, stop),
            "customer": heard(floor.customer.recording(customer_call), customer_start, start, stop),
            "agent": heard(floor.agent.audio.recording_path(agent_call), agent_start, start, stop),
        }
        assert got == {party: expected(mode, party) for party in got}, mode
