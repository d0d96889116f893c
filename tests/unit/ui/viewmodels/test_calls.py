"""CallsModel: the reducer behind the call cards (no Qt)."""

from __future__ import annotations

from softphone.domain.events import (
    CallAnswered,
    CallEnded,
    CallHeld,
    CallMuted,
    CallReplaced,
    CallResumed,
    CallStateChanged,
    ConferenceChanged,
    DtmfReceived,
    EngineDied,
    IncomingCallRang,
    OutgoingCallStarted,
    TransferProgressed,
)
from softphone.domain.values import CallState, Direction, EndReason, RemoteIdentity
from ui.viewmodels.calls import CallsModel, TransferPhase, display_name, format_elapsed

BOB = RemoteIdentity(uri="sip:bob@example.com", display_name="Bob", user="bob")


def _ring(model: CallsModel, call_id: str = "c1", at: float = 100.0) -> None:
    model.apply(IncomingCallRang(call_id=call_id, account_id="main", remote=BOB, at=at))


def test_ring_answer_hold_resume_mute_end() -> None:
    model = CallsModel()
    _ring(model)
    assert [c.call_id for c in model.ringing()] == ["c1"] and model.current() is None
    assert model.apply(CallAnswered(call_id="c1", direction=Direction.INBOUND, at=110.0)) == {"c1"}
    call = model.get("c1")
    assert call is not None and call.state is CallState.ACTIVE and call.connected_at == 110.0
    assert call.elapsed(125.0) == 15.0 and model.current() == call
    model.apply(CallHeld(call_id="c1"))
    assert model.calls["c1"].held and model.calls["c1"].state is CallState.HELD
    model.apply(CallHeld(call_id="c1", by_remote=True))
    model.apply(CallResumed(call_id="c1"))  # we resume; the far end still holds
    assert not model.calls["c1"].held and model.calls["c1"].state is CallState.REMOTE_HELD
    model.apply(CallResumed(call_id="c1", by_remote=True))
    assert model.calls["c1"].state is CallState.ACTIVE
    model.apply(CallMuted(call_id="c1", muted=True))
    assert model.calls["c1"].muted
    model.apply(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, duration_s=30.0))
    assert model.calls == {}
    ended = model.take_ended()
    assert [(e.view.call_id, e.reason, e.duration_s) for e in ended] == [("c1", EndReason.HANGUP_REMOTE, 30.0)]
    assert model.take_ended() == []


def test_unknown_call_events_change_nothing() -> None:
    model = CallsModel()
    assert model.apply(CallHeld(call_id="nope")) == set()
    assert model.apply(CallEnded(call_id="nope", reason=EndReason.FAILED)) == set()
    assert model.take_ended() == []


def test_dtmf_transfer_conference_and_replace() -> None:
    model = CallsModel()
    model.apply(OutgoingCallStarted(call_id="a", account_id="main", remote=BOB))
    model.apply(CallStateChanged(call_id="a", state=CallState.RINGING_OUT))
    assert model.calls["a"].state is CallState.RINGING_OUT and not model.calls["a"].answered
    model.apply(CallStateChanged(call_id="a", state=CallState.ACTIVE, at=5.0))
    assert model.calls["a"].connected_at == 5.0
    for digit in "12#":
        model.apply(DtmfReceived(call_id="a", digit=digit))
    assert model.calls["a"].dtmf_received == "12#"
    model.apply(TransferProgressed(call_id="a", code=100, reason="Trying"))
    assert model.calls["a"].transfer is TransferPhase.IN_PROGRESS
    model.apply(TransferProgressed(call_id="a", code=503, reason="Unavailable", final=True, succeeded=False))
    assert model.calls["a"].transfer is TransferPhase.FAILED and "503" in model.calls["a"].transfer_text
    _ring(model, "b")
    model.apply(CallAnswered(call_id="b", direction=Direction.INBOUND))
    assert model.apply(ConferenceChanged(call_ids=("a", "b"))) == {"a", "b"}
    assert model.calls["a"].in_conference and model.calls["b"].in_conference
    assert model.apply(ConferenceChanged(call_ids=())) == {"a", "b"}
    model.apply(CallReplaced(old_call_id="b", new_call_id="b2"))
    assert "b" not in model.calls and model.calls["b2"].remote == BOB
    assert [c.call_id for c in model.others("a")] == ["b2"]


def test_current_prefers_the_active_call_over_a_held_one() -> None:
    model = CallsModel()
    for cid in ("a", "b"):
        _ring(model, cid)
        model.apply(CallAnswered(call_id=cid, direction=Direction.INBOUND))
    model.apply(CallHeld(call_id="b"))
    current = model.current()
    assert current is not None and current.call_id == "a"


def test_engine_death_ends_every_call_for_wrap_up() -> None:
    model = CallsModel()
    _ring(model, "a")
    model.apply(CallAnswered(call_id="a", direction=Direction.INBOUND, at=10.0))
    _ring(model, "b")
    assert model.apply(EngineDied(exit_code=-9, reason="killed", at=40.0)) == {"a", "b"}
    ended = {e.view.call_id: e for e in model.take_ended()}
    assert ended["a"].reason is EndReason.ENGINE_LOST and ended["a"].duration_s == 30.0
    assert ended["b"].duration_s == 0.0 and model.calls == {}


def test_display_name_and_elapsed_format() -> None:
    assert display_name(BOB) == "Bob"
    assert display_name(RemoteIdentity(uri="sip:x@y")) == "sip:x@y"
    assert format_elapsed(75.9) == "01:15" and format_elapsed(3725) == "1:02:05"
