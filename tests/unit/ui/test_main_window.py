"""The main window driven like the real app: events in, keyboard/mouse, commands out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from softphone.domain.app_events import CustomerFound, CustomerMatch, OutboxStatusChanged, StoreFailed
from softphone.domain.commands import Answer, Dial, Hangup, Hold, Mute, Reject, Resume
from softphone.domain.events import CallEnded, CallHeld, EngineDied, RegistrationChanged
from softphone.domain.values import EndReason, RegistrationState
from tests.unit.ui import scenarios as sc
from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.main_window import MainWindow
from ui.views.settings import SettingsDialog

Publish = Callable[..., None]
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QAbstractSpinBox,
            QKeySequenceEdit, QProgressBar, QCheckBox)
COMPOUND = (QComboBox, QAbstractSpinBox, QKeySequenceEdit, QTabBar, QLineEdit, QAbstractItemView)


def _controls(root: QWidget) -> list[QWidget]:
    """Our controls, not the parts inside Qt's compound widgets (a combo's list, a line edit's clear button)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.objectName().startswith("qt_"):
            continue
        parent = widget.parentWidget()
        inside = False
        while parent is not None and parent is not root:
            if isinstance(parent, COMPOUND):
                inside = True
                break
            parent = parent.parentWidget()
        if not inside:
            found.append(widget)
    return found


def _key(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    """Press a shortcut the way a user does (the shortcut map, not a direct call)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    combo = QKeySequence(keys)[0]
    window.activateWindow()
    QTest.keyClick(window, combo.key(), combo.keyboardModifiers())
    QApplication.processEvents()


def test_keyboard_shortcuts_answer_hold_mute_hangup(qtbot: QtBot, window: MainWindow, core: FakeCore,
                                                    publish: Publish) -> None:
    publish(*sc.registered(), *sc.ringing())
    assert window.ringing.isVisible()
    _key(qtbot, window, "Ctrl+Shift+A")
    assert core.sent[-1] == Answer(call_id="c1")
    publish(*sc.answered())
    _key(qtbot, window, "Ctrl+Shift+O")
    assert core.sent[-1] == Hold(call_id="c1")
    publish(CallHeld(call_id="c1"))
    _key(qtbot, window, "Ctrl+Shift+O")
    assert core.sent[-1] == Resume(call_id="c1")
    _key(qtbot, window, "Ctrl+Shift+M")
    assert core.sent[-1] == Mute(call_id="c1", muted=True)
    _key(qtbot, window, "Ctrl+Shift+H")
    assert core.sent[-1] == Hangup(call_id="c1")


def test_hangup_shortcut_declines_a_ringing_call(qtbot: QtBot, window: MainWindow, core: FakeCore,
                                                 publish: Publish) -> None:
    publish(*sc.ringing("c7"))
    _key(qtbot, window, "Ctrl+Shift+H")
    assert core.sent[-1] == Reject(call_id="c7", code=486)


def test_shortcuts_are_configurable(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    core.ui_settings = replace(core.ui_settings, shortcuts=(("answer", "F9"),))
    window.reload_settings()
    publish(*sc.ringing())
    assert "F9" in window.ringing.keys_hint.text()
    _key(qtbot, window, "Ctrl+Shift+A")
    assert not core.sent_of(Answer)
    _key(qtbot, window, "F9")
    assert core.sent[-1] == Answer(call_id="c1")


def test_evil_caller_and_crm_text_show_literally(window: MainWindow, publish: Publish,
                                                 shoot: Callable[[QWidget, str], object]) -> None:
    evil_match = CustomerMatch("x", sc.EVIL, company=sc.EVIL, summary=sc.EVIL)
    publish(*sc.ringing("c1", name=sc.EVIL, number="+302101234567"), CustomerFound(call_id="c1", matches=(evil_match,)))
    assert window.ringing.name.text() == sc.EVIL
    assert window.ringing.customer.name.text() == sc.EVIL
    publish(*sc.answered())
    assert window.cards["c1"].name.text() == sc.EVIL
    labels = [lbl for lbl in window.findChildren(QLabel) if "<b>" in lbl.text()]
    assert len(labels) >= 3
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    shoot(window, "evil_caller")


def test_every_control_has_an_accessible_name_and_takes_keyboard_focus(window: MainWindow, core: FakeCore,
                                                                       bridge: QtBridge, publish: Publish) -> None:
    publish(*sc.ringing("r"), *sc.ringing("c1"), *sc.answered("c1"), sc.found("c1"),
            CallEnded(call_id="c9", reason=EndReason.FAILED))
    window.cards["c1"].keypad_button.click()
    window.cards["c1"].transfer_button.click()
    dialog = SettingsDialog(core, bridge, window)
    for root in (window, dialog):
        controls = _controls(root)
        assert len(controls) > 20
        nameless = [f"{type(w).__name__}:{w.objectName()}:{getattr(w, 'text', lambda: '')()}"
                    for w in controls if not w.accessibleName()]
        assert not nameless, nameless
        unfocusable = [w.accessibleName() for w in controls
                       if not isinstance(w, QProgressBar) and not (w.focusPolicy() & Qt.FocusPolicy.TabFocus)]
        assert not unfocusable, unfocusable
    dialog.reject()


def test_tab_moves_from_the_number_field_to_the_digits_and_call(qtbot: QtBot, window: MainWindow) -> None:
    window.dialpad.focus_input()
    seen = []
    for _ in range(15):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert window.dialpad.call_button in seen and window.dialpad.digit_buttons["5"] in seen


def test_incoming_call_raises_the_window_without_stealing_a_note(qtbot: QtBot, window: MainWindow,
                                                                 publish: Publish) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.notes.show_customer("c-42", "Maria")
    window.side.setCurrentWidget(window.notes)
    window.notes.editor.setFocus()
    assert window.focusWidget() is window.notes.editor
    publish(*sc.ringing())
    assert window.ringing.isVisible() and window.focusWidget() is window.notes.editor
    publish(CallEnded(call_id="c1", reason=EndReason.CANCELLED))
    assert not window.ringing.isVisible() and window.focusWidget() is window.notes.editor
    window.dialpad.call_button.setFocus()
    publish(*sc.ringing("c2"))
    assert window.focusWidget() is window.ringing.answer_button


def test_status_bar_and_in_app_alerts(window: MainWindow, publish: Publish) -> None:
    publish(RegistrationChanged(account_id="main", state=RegistrationState.FAILED, code=401, reason="wrong password"))
    assert window.status_bar.registration.text() == "Not registered: wrong password"
    assert window.alert.isVisible() and "wrong password" in window.alert.text.text()
    publish(OutboxStatusChanged(pending=4, dead_letters=0, server_reachable=False, last_error="<i>timeout</i>"))
    assert window.status_bar.sync.text() == "Offline: 4 waiting to sync"
    assert "&lt;i&gt;" in window.status_bar.sync.toolTip()
    publish(OutboxStatusChanged(pending=0, dead_letters=2))
    assert window.status_bar.sync.text() == "2 items refused by the server"
    publish(EngineDied(exit_code=-9, reason="killed"))
    assert window.status_bar.engine.isVisible() and "restarting" in window.alert.text.text()
    publish(StoreFailed(operation="save_note", reason="disk full"))
    assert "disk full" in window.alert.text.text()
    window.alert.dismiss_button.click()
    assert not window.alert.isVisible()


def test_handoff_prefills_or_dials(window: MainWindow, core: FakeCore) -> None:
    window.handoff("tel:+30 210 1234567")
    assert window.dialpad.input.text() == "+302101234567" and not core.sent_of(Dial)
    window.handoff("http://not-a-phone")
    assert window.dialpad.input.text() == "+302101234567"
    core.ui_settings = replace(core.ui_settings, auto_dial_links=True)
    window.reload_settings()
    window.handoff("sip:bob@example.com")
    dial = core.sent[-1]
    assert isinstance(dial, Dial) and dial.target == "sip:bob@example.com" and dial.account_id == "main"


def test_answering_or_dialing_puts_the_active_call_on_hold_first(window: MainWindow, core: FakeCore,
                                                                  publish: Publish) -> None:
    publish(*sc.ringing("c1"), *sc.answered("c1"), *sc.ringing("c2", name="Bob"))
    window.ringing.answer_button.click()
    assert core.sent[-2:] == [Hold(call_id="c1"), Answer(call_id="c2")]
    publish(CallHeld(call_id="c1"), *sc.answered("c2"))
    window.dialpad.input.setText("100")
    window.dialpad.call_button.click()
    assert core.sent[-2] == Hold(call_id="c2") and isinstance(core.sent[-1], Dial)


def test_level_meters_run_only_while_someone_shows_them(window: MainWindow, core: FakeCore, bridge: QtBridge,
                                                         publish: Publish) -> None:
    from softphone.domain.ui_commands import SetLevelMeters

    def meters() -> list[bool]:
        return [c.enabled for c in core.sent if isinstance(c, SetLevelMeters)]

    publish(*sc.ringing())
    assert meters() == []  # ringing only: no card, no meter
    publish(*sc.answered())
    assert meters() == [True]
    dialog = SettingsDialog(core, bridge, window, meters=lambda on: window.want_meters("settings", on))
    publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, duration_s=3.0))
    assert meters() == [True]  # the settings still show them
    dialog.reject()
    assert meters() == [True, False]


def test_focus_follows_the_call_for_keyboard_users(qtbot: QtBot, window: MainWindow, publish: Publish) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.dialpad.call_button.setFocus()
    publish(*sc.ringing())
    assert window.focusWidget() is window.ringing.answer_button
    publish(*sc.answered())  # the ringing panel (and its focused button) is gone
    assert window.focusWidget() is window.cards["c1"].hangup_button
    publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_LOCAL, duration_s=5.0))
    assert window.focusWidget() is window.wrapup.search  # on to the disposition


def test_ringing_takes_the_focus_from_an_empty_number_field_only(qtbot: QtBot, window: MainWindow,
                                                                 publish: Publish) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.dialpad.input.setText("+3021")
    window.dialpad.input.setFocus()
    publish(*sc.ringing("c1"))
    assert window.focusWidget() is window.dialpad.input
    publish(CallEnded(call_id="c1", reason=EndReason.CANCELLED))
    window.dialpad.input.clear()
    publish(*sc.ringing("c2"))
    assert window.focusWidget() is window.ringing.answer_button


def test_a_failed_outgoing_call_says_why(window: MainWindow, publish: Publish) -> None:
    from softphone.domain.events import OutgoingCallStarted

    publish(OutgoingCallStarted(call_id="o1", account_id="main", remote=sc.remote("Bob <b>", "+3021055")),
            CallEnded(call_id="o1", reason=EndReason.BUSY, code=486, reason_text="Busy Here"))
    assert window.alert.isVisible()
    assert window.alert.text.text() == "Call not connected: Bob <b> (Busy Here) — busy"
    window.alert.hide()
    publish(OutgoingCallStarted(call_id="o2", account_id="main", remote=sc.remote("Ann", "+3021056")),
            CallEnded(call_id="o2", reason=EndReason.HANGUP_LOCAL))
    assert not window.alert.isVisible()  # the agent hung up: nothing to explain
