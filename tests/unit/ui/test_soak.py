"""An agent's day in fast-forward: widgets and view-model state do not pile up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from softphone.domain.app_events import DispositionSaved
from softphone.domain.events import CallEnded
from softphone.domain.ui_commands import AudioLevels
from softphone.domain.values import EndReason
from tests.unit.ui import scenarios as sc
from ui.main_window import MainWindow


def _widgets(window: MainWindow) -> int:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return len(window.findChildren(QWidget))


def test_a_hundred_calls_leave_no_widgets_or_state_behind(window: MainWindow, publish: Callable[..., None]) -> None:
    def one_call(i: int) -> None:
        call_id = f"call-{i}"
        publish(*sc.ringing(call_id), sc.found(call_id), *sc.answered(call_id),
                AudioLevels(microphone=0.3, speaker=0.2),
                CallEnded(call_id=call_id, reason=EndReason.HANGUP_REMOTE, duration_s=30.0))
        window.wrapup.dispositions.setCurrentRow(0)
        window.wrapup.save()
        publish(DispositionSaved(call_id=call_id, disposition_id=f"d{i}", code="SALE"))
        window.wrapup.close_saved()

    for i in range(5):
        one_call(i)
    baseline = _widgets(window)
    for i in range(5, 105):
        one_call(i)
    assert _widgets(window) <= baseline + 5
    bridge = window.bridge
    assert bridge.calls.calls == {} and bridge.wrapup.queue == []
    assert len(bridge.customers.cards) <= 1 and len(bridge.status.alerts) <= 20
