"""Wrap-up panel: Save sends SaveDisposition and says "saved" only after DispositionSaved."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.domain.app_events import AgentStateChanged, DispositionSaved, StoreFailed
from softphone.domain.commands import SaveDisposition
from softphone.domain.events import CallEnded
from softphone.domain.values import AgentState, EndReason
from tests.unit.ui import scenarios as sc
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

Publish = Callable[..., None]


def _wrap_up(publish: Publish, call_id: str = "c1") -> None:
    publish(*sc.ringing(call_id), *sc.answered(call_id),
            CallEnded(call_id=call_id, reason=EndReason.HANGUP_REMOTE, duration_s=20.0))


def test_save_then_saved_then_close(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    _wrap_up(publish)
    panel = window.wrapup
    assert panel.isVisible() and panel.caller.text() == "Call with Maria Papadopoulou"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert not core.sent_of(SaveDisposition) and panel.message.text() == "Pick a disposition."
    qtbot.keyClicks(panel.search, "info")
    assert panel.dispositions.count() == 1
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # Enter picks the first match
    assert panel.selected_option() is not None and panel.selected_option().code == "INFO"  # type: ignore[union-attr]
    panel.notes.setPlainText("  Asked about <b>prices</b>  ")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == SaveDisposition(call_id="c1", code="INFO", notes="Asked about <b>prices</b>")
    assert panel.message.text() == "Saving…" and not panel.save_button.isEnabled()
    publish(DispositionSaved(call_id="c1", disposition_id="d1", code="INFO"))
    assert panel.message.text() == "Saved." and panel.close_button.isVisible()
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()


def test_store_failure_shows_the_error_and_keeps_the_notes(qtbot: QtBot, window: MainWindow, core: FakeCore,
                                                           publish: Publish) -> None:
    _wrap_up(publish)
    panel = window.wrapup
    panel.dispositions.setCurrentRow(0)
    panel.notes.setPlainText("important")
    panel.save()
    publish(StoreFailed(operation="save_disposition", reason="database is locked"))
    assert panel.message.text() == "Not saved: database is locked"
    assert panel.save_button.isEnabled() and panel.notes.toPlainText() == "important"
    assert not panel.close_button.isVisible()
    panel.save()
    assert len(core.sent_of(SaveDisposition)) == 2


def test_required_follow_up_and_note(window: MainWindow, core: FakeCore, publish: Publish) -> None:
    _wrap_up(publish)
    panel = window.wrapup
    panel.search.setText("call back")
    panel.dispositions.setCurrentRow(0)
    panel.save()
    assert panel.message.text() == "This disposition needs a follow-up time." and not core.sent_of(SaveDisposition)
    panel.follow_up.setChecked(True)
    panel.save()
    command = core.sent[-1]
    assert isinstance(command, SaveDisposition) and command.code == "CALLBACK"
    assert command.follow_up_at is not None and command.follow_up_at > time.time()


def test_countdown_and_next_call_gets_a_fresh_form(window: MainWindow, publish: Publish) -> None:
    _wrap_up(publish, "c1")
    _wrap_up(publish, "c2")
    panel = window.wrapup
    publish(AgentStateChanged(state=AgentState.WRAP_UP, call_id="c1", wrap_up_deadline=time.time() + 30.4))
    panel.tick(time.time())
    assert panel.countdown.text() in {"0:31 left", "0:30 left"}
    panel.tick(time.time() + 100)
    assert panel.countdown.text().startswith("Overdue") and panel.countdown.property("overdue") is True
    panel.dispositions.setCurrentRow(0)
    panel.notes.setPlainText("first")
    panel.save()
    publish(DispositionSaved(call_id="c1", disposition_id="d1", code="SALE"))
    panel.close_saved()
    assert panel.isVisible() and panel.notes.toPlainText() == "" and panel.dispositions.currentRow() == -1


def test_ctrl_enter_saves(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    _wrap_up(publish)
    panel = window.wrapup
    panel.dispositions.setCurrentRow(1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts only work in the active window
    panel.dispositions.setFocus()
    qtbot.keyClick(panel.dispositions, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert core.sent[-1] == SaveDisposition(call_id="c1", code="INFO", notes="")
    qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(core.sent_of(SaveDisposition)) == 1  # no double submit while saving
