"""The agent state machine: transition tables for the stories, and a hypothesis state machine
that runs random sequences (call waiting, transfers, timers, dispositions, presence) against
a simple reference model and the machine's invariants."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from softphone.domain import agent_state as sm
from softphone.domain.values import AgentState as S

ALLOW = sm.AgentPolicy(wrap_up_seconds=30, may_take_call_before_disposition=True)
FORBID = sm.AgentPolicy(wrap_up_seconds=30, may_take_call_before_disposition=False)
NO_TIMER = sm.AgentPolicy(wrap_up_seconds=0, may_take_call_before_disposition=True)


def run(inputs: list[sm.Input], policy: sm.AgentPolicy = ALLOW, start: sm.AgentSnapshot | None = None,
        t0: float = 1000.0) -> list[sm.Report]:
    snap = start or sm.AgentSnapshot()
    reports = []
    for n, event in enumerate(inputs):
        snap = sm.step(snap, event, policy, t0 + n).snapshot
        reports.append(sm.report_of(snap))
    return reports


def states(inputs: list[sm.Input], policy: sm.AgentPolicy = ALLOW) -> list[S]:
    return [r.state for r in run(inputs, policy)]


def test_inbound_call_ring_talk_wrap_up_save_ready() -> None:
    reports = run([sm.SetReady(), sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1"), sm.DispositionDone("c1")])
    assert [r.state for r in reports] == [S.READY, S.RINGING, S.ON_CALL, S.WRAP_UP, S.READY]
    assert reports[1].call_id == "c1" and reports[2].call_id == "c1"
    assert reports[3] == sm.Report(S.WRAP_UP, "", "c1", 1003.0 + 30)


def test_not_ready_reason_is_kept_through_a_call_and_after_wrap_up() -> None:
    reports = run([sm.SetNotReady("break"), sm.Dialing("o1"), sm.Connected("o1"), sm.Ended("o1"),
                   sm.DispositionDone("o1")])
    assert [(r.state, r.reason) for r in reports] == [
        (S.NOT_READY, "break"), (S.ON_CALL, ""), (S.ON_CALL, ""), (S.WRAP_UP, ""), (S.NOT_READY, "break")]


def test_not_ready_reason_must_be_provisioned() -> None:
    policy = sm.AgentPolicy(not_ready_reasons=("break", "lunch"))
    result = sm.step(sm.AgentSnapshot(presence=S.READY), sm.SetNotReady("nap"), policy, 0)
    assert result.refused and result.snapshot.presence is S.READY
    assert sm.step(sm.AgentSnapshot(), sm.SetNotReady("lunch"), policy, 0).snapshot.reason == "lunch"


def test_missed_and_unanswered_calls_leave_no_wrap_up() -> None:
    assert states([sm.SetReady(), sm.Ringing("c1"), sm.Ended("c1"), sm.Dialing("o1"), sm.Ended("o1")]) == [
        S.READY, S.RINGING, S.READY, S.ON_CALL, S.READY]


def test_timer_releases_the_agent_when_the_policy_allows() -> None:
    snap = sm.AgentSnapshot(presence=S.READY)
    for event in (sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1")):
        snap = sm.step(snap, event, ALLOW, 100.0).snapshot
    early = sm.step(snap, sm.WrapUpExpired("c1"), ALLOW, 129.0).snapshot
    assert sm.state_of(early) is S.WRAP_UP  # a stale timer changes nothing
    late = sm.step(snap, sm.WrapUpExpired("c1"), ALLOW, 130.0).snapshot
    assert sm.state_of(late) is S.READY
    assert sm.dispositions_due(late) == ("c1",)  # still due, the agent just may take calls
    assert sm.can_answer(late, ALLOW)


def test_timer_only_marks_overdue_when_the_disposition_comes_first() -> None:
    snap = sm.AgentSnapshot(presence=S.READY)
    for event in (sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1")):
        snap = sm.step(snap, event, FORBID, 100.0).snapshot
    assert not sm.can_answer(snap, FORBID)
    late = sm.step(snap, sm.WrapUpExpired("c1"), FORBID, 131.0).snapshot
    assert sm.report_of(late) == sm.Report(S.WRAP_UP, "overdue", "c1", 130.0)
    refused = sm.step(late, sm.SetReady(), FORBID, 132.0)
    assert refused.refused and sm.state_of(refused.snapshot) is S.WRAP_UP
    done = sm.step(refused.snapshot, sm.DispositionDone("c1"), FORBID, 133.0).snapshot
    assert sm.state_of(done) is S.READY and sm.can_answer(done, FORBID)


def test_ready_ends_wrap_up_early_when_allowed() -> None:
    assert states([sm.SetReady(), sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1"), sm.SetReady()]) == [
        S.READY, S.RINGING, S.ON_CALL, S.WRAP_UP, S.READY]


def test_no_timer_means_wrap_up_until_saved() -> None:
    reports = run([sm.SetReady(), sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1")], NO_TIMER)
    assert reports[-1] == sm.Report(S.WRAP_UP, "", "c1", None)


def test_call_waiting_stays_on_call_then_rings_then_two_wrap_ups() -> None:
    reports = run([sm.SetReady(), sm.Ringing("c1"), sm.Connected("c1"), sm.Ringing("c2"), sm.Ended("c1"),
                   sm.Connected("c2"), sm.Ended("c2"), sm.DispositionDone("c2"), sm.DispositionDone("c1")])
    assert [(r.state, r.call_id) for r in reports] == [
        (S.READY, None), (S.RINGING, "c1"), (S.ON_CALL, "c1"), (S.ON_CALL, "c1"), (S.RINGING, "c2"),
        (S.ON_CALL, "c2"), (S.WRAP_UP, "c2"), (S.WRAP_UP, "c1"), (S.READY, None)]


def test_call_waiting_while_in_wrap_up_rings_and_can_answer_follows_policy() -> None:
    snap = sm.AgentSnapshot(presence=S.READY)
    for event in (sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1"), sm.Ringing("c2")):
        snap = sm.step(snap, event, FORBID, 0).snapshot
    assert sm.state_of(snap) is S.RINGING
    assert not sm.can_answer(snap, FORBID) and sm.can_answer(snap, ALLOW)


def test_blind_transfer_by_us_is_wrapped_up() -> None:
    assert states([sm.SetReady(), sm.Ringing("c1"), sm.Connected("c1"), sm.Ended("c1")]) [-1] is S.WRAP_UP


def test_transferred_away_carries_the_wrap_up_to_the_new_call() -> None:
    inputs: list[sm.Input] = [sm.SetReady(), sm.Ringing("c1"), sm.Connected("c1"), sm.TransferredAway("c1", "n1"),
                              sm.Ended("c1")]
    reports = run(inputs)
    assert (reports[-1].state, reports[-1].call_id) == (S.ON_CALL, "n1")
    never_connected = run([*inputs, sm.Ended("n1")])
    assert (never_connected[-1].state, never_connected[-1].call_id) == (S.WRAP_UP, "n1")
    snap = sm.AgentSnapshot()
    for n, event in enumerate([*inputs, sm.Dialing("n1"), sm.Connected("n1"), sm.Ended("n1")]):
        snap = sm.step(snap, event, ALLOW, n).snapshot
    assert sm.dispositions_due(snap) == ("n1",)


def test_replaced_call_moves_to_the_new_id_without_a_wrap_up_for_the_old() -> None:
    snap = sm.AgentSnapshot(presence=S.READY)
    for event in (sm.Dialing("consult"), sm.Connected("consult"), sm.Replaced("consult", "cust"),
                  sm.Ended("consult")):
        snap = sm.step(snap, event, ALLOW, 0).snapshot
    assert sm.report_of(snap) == sm.Report(S.ON_CALL, call_id="cust")
    snap = sm.step(snap, sm.Ended("cust"), ALLOW, 0).snapshot
    assert sm.dispositions_due(snap) == ("cust",)


def test_offline_and_duplicate_inputs() -> None:
    assert states([sm.SetOffline()]) == [S.OFFLINE]
    assert sm.state_of(sm.AgentSnapshot()) is S.OFFLINE
    reports = run([sm.SetReady(), sm.Ringing("c1"), sm.Ringing("c1"), sm.Connected("c1"), sm.Connected("c1"),
                   sm.Ended("c1"), sm.Ended("c1"), sm.DispositionDone("c1"), sm.DispositionDone("c1")])
    assert [r.state for r in reports] == [S.READY, S.RINGING, S.RINGING, S.ON_CALL, S.ON_CALL, S.WRAP_UP, S.WRAP_UP,
                                          S.READY, S.READY]


def test_auto_answered_call_without_a_ring_is_on_call() -> None:
    assert states([sm.SetReady(), sm.Connected("c1"), sm.Ended("c1")]) == [S.READY, S.ON_CALL, S.WRAP_UP]


def test_unknown_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        sm.step(sm.AgentSnapshot(), "ready", ALLOW, 0)  # type: ignore[arg-type]


# ---- random sequences against a reference model ----------------------------------------------
class AgentMachine(RuleBasedStateMachine):
    """Reference model: sets of ringing/dialing/connected calls and of due dispositions."""

    ids = st.sampled_from(["a", "b", "c", "d"])

    @initialize(allow=st.booleans(), seconds=st.sampled_from([0, 30]))
    def setup(self, allow: bool, seconds: int) -> None:
        self.policy = sm.AgentPolicy(wrap_up_seconds=seconds, may_take_call_before_disposition=allow)
        self.snap = sm.AgentSnapshot()
        self.now = 0.0
        self.ringing: set[str] = set()
        self.outgoing: set[str] = set()
        self.connected: set[str] = set()
        self.superseded: set[str] = set()
        self.inherits: set[str] = set()
        self.due: list[str] = []
        self.released: set[str] = set()
        self.presence = S.OFFLINE
        self.ended: set[str] = set()

    def apply(self, event: sm.Input) -> sm.Step:
        self.now += 1
        result = sm.step(self.snap, event, self.policy, self.now)
        self.snap = result.snapshot
        return result

    def live(self) -> set[str]:
        return self.ringing | self.outgoing | self.connected

    @rule(call=ids)
    def ring(self, call: str) -> None:
        if call not in self.live() and call not in self.ended:
            self.ringing.add(call)
        if call not in self.ended:
            self.apply(sm.Ringing(call))

    @rule(call=ids)
    def dial(self, call: str) -> None:
        if call not in self.ended:
            if call not in self.live():
                self.outgoing.add(call)
            self.apply(sm.Dialing(call))

    @rule(call=ids)
    def answer(self, call: str) -> None:
        if call in self.ended:
            return
        self.ringing.discard(call)
        self.outgoing.discard(call)
        self.connected.add(call)
        self.apply(sm.Connected(call))

    @rule(call=ids)
    def end(self, call: str) -> None:
        if call in self.live():
            wrap = call not in self.superseded and (call in self.connected or call in self.inherits)
            if wrap and call not in self.due:
                self.due.append(call)
            self.ringing.discard(call)
            self.outgoing.discard(call)
            self.connected.discard(call)
            self.ended.add(call)
        self.apply(sm.Ended(call))

    @precondition(lambda self: bool(self.connected))
    @rule(new=ids, data=st.data())
    def transferred_away(self, new: str, data: st.DataObject) -> None:
        old = data.draw(st.sampled_from(sorted(self.connected)))
        if new == old or new in self.live() or new in self.ended:
            return
        self.superseded.add(old)
        self.inherits.add(new)
        self.outgoing.add(new)
        self.apply(sm.TransferredAway(old, new))

    @precondition(lambda self: bool(self.connected))
    @rule(new=ids, data=st.data())
    def replaced(self, new: str, data: st.DataObject) -> None:
        old = data.draw(st.sampled_from(sorted(self.connected)))
        if new == old or new in self.live() or new in self.ended:
            return
        self.superseded.add(old)
        if old in self.inherits:
            self.inherits.add(new)
        self.connected.add(new)
        self.apply(sm.Replaced(old, new))

    @rule(call=ids)
    def disposition(self, call: str) -> None:
        if call in self.due:
            self.due.remove(call)
        self.apply(sm.DispositionDone(call))

    @rule(call=ids, later=st.integers(0, 60))
    def timer(self, call: str, later: int) -> None:
        self.now += later
        item = next((w for w in self.snap.wrap_ups if w.call_id == call), None)
        if (item is not None and item.deadline is not None and self.now + 1 >= item.deadline
                and self.policy.may_take_call_before_disposition):
            self.released.add(call)
        self.apply(sm.WrapUpExpired(call))

    @rule()
    def ready(self) -> None:
        holding = [c for c in self.due if c not in self.released]
        result = self.apply(sm.SetReady())
        self.presence = S.READY
        if holding and self.policy.may_take_call_before_disposition:
            self.released.update(holding)
        assert bool(result.refused) == (bool(holding) and not self.policy.may_take_call_before_disposition)

    @rule(reason=st.sampled_from(["break", "lunch"]))
    def not_ready(self, reason: str) -> None:
        self.apply(sm.SetNotReady(reason))
        self.presence = S.NOT_READY

    @rule()
    def offline(self) -> None:
        self.apply(sm.SetOffline())
        self.presence = S.OFFLINE

    @invariant()
    def matches_the_model(self) -> None:
        if not hasattr(self, "snap"):
            return
        report = sm.report_of(self.snap)
        holding = [c for c in self.due if c not in self.released]
        if self.connected or self.outgoing:
            expected = S.ON_CALL
            assert report.call_id in self.connected | self.outgoing
        elif self.ringing:
            expected = S.RINGING
            assert report.call_id in self.ringing
        elif holding:
            expected = S.WRAP_UP
            assert report.call_id in holding
        else:
            expected = self.presence
            assert report.call_id is None
        assert report.state is expected, (report, self.snap)
        assert sorted(sm.dispositions_due(self.snap)) == sorted(self.due)
        assert {x.call_id for x in self.snap.legs} == self.live()
        assert sm.can_answer(self.snap, self.policy) == (self.policy.may_take_call_before_disposition
                                                         or not self.due)
        if report.state is S.WRAP_UP:
            assert (report.wrap_up_deadline is None) == (self.policy.wrap_up_seconds == 0)
        if not self.policy.may_take_call_before_disposition and self.due and not self.live():
            assert report.state is S.WRAP_UP


AgentMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=40, deadline=None)
TestAgentMachine = AgentMachine.TestCase
