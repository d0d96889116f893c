"""The call log is written from engine events on the store worker, missed and rejected calls too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain.app_events import AgentStateChanged
from softphone.domain.events import CallAnswered, CallEnded, IncomingCallRang, OutgoingCallStarted
from softphone.domain.hub import EventHub
from softphone.domain.values import AgentState, Direction, EndReason, RemoteIdentity
from softphone.store import CallLogRecorder, Store
from softphone.store.recorder import remote_number

CALLER = RemoteIdentity(uri="sip:+15551234@pbx.example", display_name="Ada Lovelace", user="+15551234",
                        headers=(("X-Queue", "billing"),))


@pytest.fixture
def hub() -> EventHub:
    return EventHub()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "softphone.db")
    yield opened
    opened.close()


@pytest.fixture
def recorder(store: Store, hub: EventHub) -> Iterator[CallLogRecorder]:
    rec = CallLogRecorder(store, hub)
    yield rec
    rec.stop()


def interactions(store: Store) -> dict[str, dict[str, object]]:
    return {i.order_key: json.loads(i.body) for i in store.outbox_window(100) if i.kind == "interaction"}


def test_a_missed_call_is_logged_and_its_interaction_queued(store: Store, hub: EventHub,
                                                             recorder: CallLogRecorder) -> None:
    hub.publish(IncomingCallRang(call_id="c-missed", account_id="acc1", remote=CALLER, at=1000.0))
    hub.publish(CallEnded(call_id="c-missed", reason=EndReason.CANCELLED, code=487, at=1012.5))
    assert recorder.flush()
    entry, = store.recent_calls()
    assert (entry.call_id, entry.direction, entry.remote_number, entry.remote_name, entry.queue, entry.account) == \
        ("c-missed", "inbound", "+15551234", "Ada Lovelace", "billing", "acc1")
    assert entry.missed and entry.answered_at is None and entry.end_reason == "cancelled"
    body = interactions(store)["c-missed"]
    assert body["answered_at"] is None and body["end_reason"] == "cancelled"
    assert body["offered_at"] == "1970-01-01T00:16:40.000Z" and body["ended_at"] == "1970-01-01T00:16:52.500Z"


def test_rejected_and_answered_calls(store: Store, hub: EventHub, recorder: CallLogRecorder) -> None:
    hub.publish(IncomingCallRang(call_id="c-rej", account_id="acc1", remote=CALLER, at=10.0))
    hub.publish(CallEnded(call_id="c-rej", reason=EndReason.REJECTED, code=486, at=12.0))
    hub.publish(OutgoingCallStarted(call_id="c-out", account_id="acc1",
                                    remote=RemoteIdentity(uri="sip:200@pbx.example"), at=20.0))
    hub.publish(CallAnswered(call_id="c-out", direction=Direction.OUTBOUND, at=23.0))
    hub.publish(CallEnded(call_id="c-out", reason=EndReason.HANGUP_LOCAL, duration_s=60.0, at=83.0))
    assert recorder.flush()
    by_id = {c.call_id: c for c in store.recent_calls()}
    assert by_id["c-rej"].end_reason == "rejected" and not by_id["c-rej"].missed  # declined, not missed
    assert by_id["c-out"].direction == "outbound" and by_id["c-out"].remote_number == "200"
    assert by_id["c-out"].answered_at == 23.0 and by_id["c-out"].duration_s == 60.0
    assert [c.call_id for c in store.recent_calls()] == ["c-out", "c-rej"]  # newest first
    sent = interactions(store)
    assert sent["c-out"]["duration_s"] == 60.0 and sent["c-out"]["direction"] == "outbound"
    assert sent["c-rej"]["end_reason"] == "rejected"


def test_an_end_reported_twice_queues_one_interaction(store: Store, hub: EventHub, recorder: CallLogRecorder) -> None:
    hub.publish(IncomingCallRang(call_id="c1", account_id="acc1", remote=CALLER, at=1.0))
    hub.publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, at=2.0))
    hub.publish(CallEnded(call_id="c1", reason=EndReason.ENGINE_LOST, at=3.0))
    assert recorder.flush()
    assert store.pending_outbox_count() == 1 and store.recent_calls()[0].end_reason == "hangup_remote"


def test_an_end_without_a_start_still_logs_the_call(store: Store, hub: EventHub, recorder: CallLogRecorder) -> None:
    hub.publish(CallEnded(call_id="c-orphan", reason=EndReason.HANGUP_REMOTE, duration_s=5.0, at=105.0))
    assert recorder.flush()
    entry, = store.recent_calls()
    assert entry.call_id == "c-orphan" and entry.offered_at == 100.0


def test_agent_states_are_kept_and_queued(store: Store, hub: EventHub, recorder: CallLogRecorder) -> None:
    hub.publish(AgentStateChanged(state=AgentState.WRAP_UP, reason="after call", call_id="c1", at=50.0))
    assert recorder.flush()
    item, = store.outbox_window(10)
    assert item.kind == "agent_state" and json.loads(item.body)["state"] == "wrap_up"
    entry, = store.agent_state_history()
    assert (entry.state, entry.reason, entry.at, entry.call_id) == ("wrap_up", "after call", 50.0, "c1")


def test_handlers_run_on_the_store_worker_thread(store: Store, hub: EventHub) -> None:
    import threading

    names: list[str] = []
    original = store.call_offered

    def spy(*args: object, **kw: object) -> None:
        names.append(threading.current_thread().name)
        original(*args, **kw)  # type: ignore[arg-type]

    store.call_offered = spy  # type: ignore[method-assign]
    rec = CallLogRecorder(store, hub)
    hub.publish(IncomingCallRang(call_id="c1", account_id="a", remote=CALLER))
    assert rec.flush()
    rec.stop()
    assert names == ["store"]


@pytest.mark.parametrize(("uri", "number"), [("sip:1001@pbx", "1001"), ("<sips:+4930123@x.example;transport=tls>",
                                                                          "+4930123"), ("tel:+15550000", "+15550000")])
def test_remote_number_from_the_uri(uri: str, number: str) -> None:
    assert remote_number(RemoteIdentity(uri=uri)) == number
