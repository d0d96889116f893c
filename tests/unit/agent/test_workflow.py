"""AgentWorkflow on a real EventHub and Worker: events -> AgentStateChanged + reports, timer, notes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.agent.notes import NotesAutosave
from softphone.agent.workflow import AgentWorkflow, StateReport, policy_from_provisioning
from softphone.domain import events as ev
from softphone.domain.agent_state import AgentPolicy
from softphone.domain.app_events import AgentStateChanged, DispositionSaved
from softphone.domain.commands import SaveDisposition
from softphone.domain.hub import EventHub, EventRecorder
from softphone.domain.messages import Command
from softphone.domain.values import AgentState as S
from softphone.domain.values import Direction, EndReason, RemoteIdentity


class Rig:
    def __init__(self, folder: Path, policy: AgentPolicy) -> None:
        self.hub = EventHub()
        self.events = EventRecorder()
        self.hub.subscribe(self.events)
        self.reports: list[StateReport] = []
        self.sent: list[Command] = []
        self.notes = NotesAutosave(folder)
        self.flow = AgentWorkflow(self.hub, policy, report=self.reports.append, send=self.sent.append,
                                  notes=self.notes)
        self.flow.start()

    def call(self, call_id: str) -> None:
        self.hub.publish(ev.IncomingCallRang(call_id=call_id, account_id="a", remote=RemoteIdentity(uri="sip:x@h")))
        self.hub.publish(ev.CallAnswered(call_id=call_id, direction=Direction.INBOUND))

    def end(self, call_id: str) -> None:
        self.hub.publish(ev.CallEnded(call_id=call_id, reason=EndReason.HANGUP_REMOTE))

    def states(self) -> list[S]:
        assert self.flow.flush()
        return [e.state for e in self.events.of_type(AgentStateChanged)]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    r = Rig(tmp_path / "notes", AgentPolicy(wrap_up_seconds=0.4, may_take_call_before_disposition=True))
    yield r
    r.flow.stop()


def test_call_history_is_published_and_reported(rig: Rig) -> None:
    rig.flow.set_ready()
    rig.call("c1")
    rig.end("c1")
    assert rig.states() == [S.READY, S.RINGING, S.ON_CALL, S.WRAP_UP]
    wrap = rig.events.of_type(AgentStateChanged)[-1]
    assert wrap.call_id == "c1" and wrap.wrap_up_deadline is not None
    assert 0.3 < wrap.wrap_up_deadline - time.time() < 0.5
    changed = rig.events.wait_for(AgentStateChanged, lambda e: e.state is S.READY, after=4, timeout=5)
    assert changed.at >= wrap.wrap_up_deadline - 0.05  # the countdown released the agent
    assert rig.flow.flush()
    assert [r.state for r in rig.reports] == [S.READY, S.RINGING, S.ON_CALL, S.WRAP_UP, S.READY]
    assert len({r.idempotency_key for r in rig.reports}) == 5
    assert rig.reports[3].body()["state"] == "wrap_up" and rig.reports[3].body()["call_id"] == "c1"


def test_refused_actions_are_published(tmp_path: Path) -> None:
    r = Rig(tmp_path, AgentPolicy(wrap_up_seconds=0, may_take_call_before_disposition=False,
                                  not_ready_reasons=("break",)))
    try:
        r.flow.set_not_ready("nap")
        r.flow.set_not_ready("break")
        r.call("c1")
        r.end("c1")
        r.flow.set_ready()
        assert r.states() == [S.NOT_READY, S.RINGING, S.ON_CALL, S.WRAP_UP]
        refusals = r.events.of_type(ev.CommandFailed)
        assert [f.command for f in refusals] == ["SetNotReady", "SetReady"]
        assert not r.flow.can_answer()
        r.hub.publish(DispositionSaved(call_id="c1", disposition_id="d1", code="sale"))
        assert r.states()[-1] is S.READY and r.flow.can_answer()
    finally:
        r.flow.stop()


def test_notes_are_autosaved_during_the_call_and_removed_once_saved(rig: Rig) -> None:
    rig.call("c1")
    for n in range(1, 40):
        rig.flow.type_notes("c1", "Πελάτης" + "!" * n, "C-1")
    assert rig.flow.flush()
    draft = rig.notes.load("c1")
    assert draft is not None and draft.text == "Πελάτης" + "!" * 39 and draft.customer_id == "C-1"
    rig.end("c1")
    command = rig.flow.save_disposition("c1", "info", follow_up_at=123.0)
    assert command == SaveDisposition(call_id="c1", code="info", notes=draft.text, follow_up_at=123.0)
    assert rig.sent == [command]
    assert rig.notes.load("c1") is not None  # kept until the store says saved
    rig.hub.publish(DispositionSaved(call_id="c1", disposition_id="d1", code="info"))
    assert rig.flow.flush()
    assert rig.notes.load("c1") is None


def test_policy_from_provisioning() -> None:
    policy = policy_from_provisioning({"wrap_up_seconds": 45, "may_take_call_before_disposition": False,
                                       "not_ready_reasons": [{"code": "break", "label": "Break"}, "lunch", 3]})
    assert policy == AgentPolicy(45.0, False, ("break", "lunch"))
    assert policy_from_provisioning({"wrap_up_seconds": "x"}) == AgentPolicy(0.0, True, ())
