"""Dial pad (paste cleanup, redial), history (search, filter, call back) and customer notes."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from softphone.domain.app_events import NoteSaved
from softphone.domain.commands import Dial, SaveNote
from softphone.domain.views import CustomerNote, HistoryFilter
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

Publish = Callable[..., None]


def test_paste_cleans_the_number_and_enter_dials(qtbot: QtBot, window: MainWindow, core: FakeCore) -> None:
    pad = window.dialpad
    QGuiApplication.clipboard().setText("Tel: +30 (210) 123-4567 ")
    pad.input.setFocus()
    qtbot.keyClick(pad.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert pad.input.text() == "+302101234567"
    qtbot.keyClick(pad.input, Qt.Key.Key_Return)
    dial = core.sent[-1]
    assert isinstance(dial, Dial) and (dial.account_id, dial.target) == ("main", "+302101234567")
    assert pad.input.text() == "" and pad.redial_button.isEnabled()
    pad.redial_button.click()
    again = core.sent[-1]
    assert isinstance(again, Dial) and again.target == "+302101234567" and again.call_id != dial.call_id


def test_digits_and_problems(qtbot: QtBot, window: MainWindow, core: FakeCore) -> None:
    pad = window.dialpad
    for key in "1*#":
        pad.digit_buttons[key].click()  # type: ignore[attr-defined]
    assert pad.input.text() == "1*#"
    pad.input.setText("hello?")
    pad.call_button.click()
    assert pad.problem.text() == "Enter a number or SIP address." and not core.sent_of(Dial)
    core.account_list = []
    window.reload_settings()
    assert "Settings" in pad.problem.text()  # first start: where to begin
    pad.input.setText("100")
    pad.call_button.click()
    assert "No SIP account" in pad.problem.text() and not core.sent_of(Dial)


def test_redial_starts_from_the_history(window: MainWindow) -> None:
    assert window.dialpad.last_target == "sip:bob@example.com"  # newest outbound in the fake history


def test_history_search_filter_and_call_back(qtbot: QtBot, window: MainWindow, core: FakeCore) -> None:
    history = window.history
    assert history.table.topLevelItemCount() == 3
    history.filter.setCurrentIndex(history.filter.findData(HistoryFilter.MISSED))
    assert history.table.topLevelItemCount() == 1
    assert history.table.topLevelItem(0).text(0).startswith("Missed")
    history.filter.setCurrentIndex(0)
    qtbot.keyClicks(history.search, "bob")
    qtbot.waitUntil(lambda: history.table.topLevelItemCount() == 1, timeout=2000)
    history.table.setFocus()
    qtbot.keyClick(history.table, Qt.Key.Key_Return)
    dial = core.sent[-1]
    assert isinstance(dial, Dial) and dial.target == "sip:bob@example.com"


def test_notes_add_and_refresh_on_saved(window: MainWindow, core: FakeCore, publish: Publish) -> None:
    notes = window.notes
    assert not notes.add_button.isEnabled()
    core.notes.append(CustomerNote("n1", "c-42", "Prefers <email>", time.time() - 60, "agent7"))
    notes.show_customer("c-42", "Maria", "call-1")
    assert notes.list.count() == 1 and "Prefers <email>" in notes.list.item(0).text()
    notes.editor.setPlainText("Called about the invoice")
    notes.add_button.click()
    assert core.sent[-1] == SaveNote(customer_id="c-42", text="Called about the invoice", call_id="call-1")
    assert notes.message.text() == "Saving note…"
    core.notes.append(CustomerNote("n2", "c-42", "Called about the invoice", time.time()))
    publish(NoteSaved(note_id="n2", customer_id="c-42"))
    assert notes.message.text() == "Note saved." and notes.list.count() == 2


def test_note_store_failure_is_shown(window: MainWindow, core: FakeCore, publish: Publish) -> None:
    from softphone.domain.app_events import StoreFailed

    window.notes.show_customer("c-42", "Maria")
    window.notes.editor.setPlainText("x")
    window.notes.add_button.click()
    publish(StoreFailed(operation="save_note", reason="disk full"))
    assert window.notes.message.text() == "Note not saved: disk full"
