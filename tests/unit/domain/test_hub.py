from __future__ import annotations

import threading
from dataclasses import FrozenInstanceError

import pytest

from softphone.domain.events import CallEnded, Pong, RegistrationChanged
from softphone.domain.hub import EventHub, EventRecorder, Worker
from softphone.domain.messages import Event
from softphone.domain.values import EndReason, RegistrationState


def test_events_are_frozen() -> None:
    event = Pong(token=1)
    with pytest.raises(FrozenInstanceError):
        event.token = 2  # type: ignore[misc]


def test_subscriber_gets_only_its_types() -> None:
    hub = EventHub()
    pongs = EventRecorder()
    everything = EventRecorder()
    hub.subscribe(pongs, types=(Pong,))
    hub.subscribe(everything)
    hub.publish(Pong(token=1))
    hub.publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_LOCAL))
    assert [type(e) for e in pongs.events] == [Pong]
    assert [type(e) for e in everything.events] == [Pong, CallEnded]


def test_failing_subscriber_does_not_reach_publisher_or_others() -> None:
    hub = EventHub()
    seen = EventRecorder()

    def broken(_event: Event) -> None:
        raise RuntimeError("bug in a subscriber")

    hub.subscribe(broken)
    hub.subscribe(seen)
    hub.publish(Pong(token=7))
    assert seen.events == [Pong(token=7)]


def test_worker_delivery_runs_on_the_worker_thread() -> None:
    hub = EventHub()
    worker = Worker("store-worker")
    threads: list[str] = []
    done = threading.Event()

    def handler(_event: Event) -> None:
        threads.append(threading.current_thread().name)
        done.set()

    hub.subscribe(handler, deliver=worker.submit)
    hub.publish(RegistrationChanged(account_id="a", state=RegistrationState.REGISTERED, code=200))
    assert done.wait(2)
    assert threads == ["store-worker"]
    assert worker.stop()


def test_unsubscribe_stops_delivery() -> None:
    hub = EventHub()
    rec = EventRecorder()
    sub = hub.subscribe(rec)
    hub.unsubscribe(sub)
    hub.publish(Pong(token=1))
    assert rec.events == []


def test_recorder_waits_across_threads() -> None:
    rec = EventRecorder()
    start = rec.mark()
    threading.Timer(0.05, lambda: rec(Pong(token=42))).start()
    assert rec.wait_for(Pong, lambda e: e.token == 42, timeout=2, after=start).token == 42
    with pytest.raises(TimeoutError, match="no CallEnded"):
        rec.wait_for(CallEnded, timeout=0.05)


def test_sticky_state_reaches_late_subscribers() -> None:
    hub = EventHub()
    hub.make_sticky(RegistrationChanged, key=lambda e: e.account_id)  # type: ignore[attr-defined]
    hub.publish(RegistrationChanged(account_id="a", state=RegistrationState.REGISTERING))
    hub.publish(RegistrationChanged(account_id="a", state=RegistrationState.REGISTERED, code=200))
    hub.publish(RegistrationChanged(account_id="b", state=RegistrationState.FAILED, code=401))
    hub.publish(Pong(token=1))  # news, not state: not replayed
    late = EventRecorder()
    hub.subscribe(late)
    states = {e.account_id: e.state for e in late.of_type(RegistrationChanged)}
    assert states == {"a": RegistrationState.REGISTERED, "b": RegistrationState.FAILED}
    assert late.of_type(Pong) == []
