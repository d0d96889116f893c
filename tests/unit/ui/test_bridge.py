"""QtBridge: events from any thread reach the view models and signals on the GUI thread only."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from softphone.domain.app_events import CustomerFound, DispositionSaved
from softphone.domain.events import CallEnded, RegistrationChanged
from softphone.domain.messages import Event
from softphone.domain.ui_commands import AudioLevels
from softphone.domain.values import EndReason, RegistrationState
from tests.unit.ui import scenarios as sc
from ui.bridge import QtBridge


def test_events_published_on_another_thread_are_handled_on_the_gui_thread(qtbot: QtBot, bridge: QtBridge) -> None:
    gui = threading.get_ident()
    seen: list[tuple[str, int]] = []
    bridge.event_received.connect(lambda e: seen.append((type(e).__name__, threading.get_ident())))
    events: list[Event] = [*sc.registered(), *sc.ringing()]
    worker = threading.Thread(target=lambda: [bridge.hub.publish(e) for e in events], name="engine-link")
    with qtbot.waitSignal(bridge.incoming_call, timeout=2000):
        worker.start()
        worker.join()
    qtbot.waitUntil(lambda: len(seen) == len(events), timeout=2000)
    assert [name for name, _ in seen] == [type(e).__name__ for e in events]  # order kept
    assert {ident for _, ident in seen} == {gui}
    assert bridge.calls.ringing()[0].call_id == "c1"
    assert bridge.status.registrations["main"].state is RegistrationState.REGISTERED


def test_publish_on_the_gui_thread_is_still_queued(bridge: QtBridge, publish: Callable[..., None]) -> None:
    bridge.hub.publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERING))
    assert "main" not in bridge.status.registrations  # not handled inside publish()
    publish()
    assert bridge.status.registrations["main"].state is RegistrationState.REGISTERING


def test_answered_call_goes_to_wrap_up_with_its_customer(bridge: QtBridge, publish: Callable[..., None]) -> None:
    publish(*sc.ringing("c1"), CustomerFound(call_id="c1", matches=(sc.MARIA,)), *sc.answered("c1"))
    publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, duration_s=9.0))
    current = bridge.wrapup.current
    assert current is not None and current.call_id == "c1" and current.customer_id == "c-42"
    assert current.caller == "Maria Papadopoulou" and current.deadline is not None  # fake core: 60 s
    publish(DispositionSaved(call_id="c1", disposition_id="d", code="SALE"))


def test_missed_call_does_not_open_wrap_up(bridge: QtBridge, publish: Callable[..., None]) -> None:
    history: list[bool] = []
    bridge.history_changed.connect(lambda: history.append(True))
    publish(*sc.ringing("c9"), CallEnded(call_id="c9", reason=EndReason.CANCELLED))
    assert bridge.wrapup.current is None and bridge.customers.get("c9") is None and history


def test_levels_take_the_fast_path_and_detach_stops_delivery(bridge: QtBridge, publish: Callable[..., None]) -> None:
    levels: list[tuple[float, float]] = []
    bridge.levels_changed.connect(lambda m, s: levels.append((m, s)))
    publish(AudioLevels(microphone=0.25, speaker=0.5))
    assert levels == [(0.25, 0.5)] and bridge.levels == (0.25, 0.5)
    bridge.detach()
    publish(AudioLevels(microphone=0.9, speaker=0.9))
    assert levels == [(0.25, 0.5)]


def test_screen_pop_cards_are_dropped_once_their_wrap_up_is_done(bridge: QtBridge,
                                                                 publish: Callable[..., None]) -> None:
    for call_id in ("a", "b"):
        publish(*sc.ringing(call_id), CustomerFound(call_id=call_id, matches=(sc.MARIA,)), *sc.answered(call_id),
                CallEnded(call_id=call_id, reason=EndReason.HANGUP_REMOTE, duration_s=5.0))
    assert set(bridge.customers.cards) == {"a", "b"}  # both wait for wrap-up
    bridge.wrapup.queue.pop(0)  # wrap-up "a" was saved and closed
    publish(*sc.ringing("c"), CallEnded(call_id="c", reason=EndReason.CANCELLED))
    assert set(bridge.customers.cards) == {"b"}
