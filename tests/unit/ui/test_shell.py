"""The shell rebuilds the window in the new language at once, keeping calls and half-typed work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from softphone.domain.app_events import StoreFailed
from softphone.domain.events import CallEnded
from softphone.domain.values import EndReason
from tests.unit.ui import scenarios as sc
from ui.app import Shell
from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.tray import DesktopCapabilities


@pytest.fixture
def shell(qapp: QApplication, core: FakeCore, bridge: QtBridge) -> Iterator[Shell]:
    s = Shell(qapp, core, bridge, DesktopCapabilities(tray=False, notifications=False))
    s.window.show()
    yield s
    s.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_language_switch_keeps_calls_and_typed_work(shell: Shell, core: FakeCore,
                                                    publish: Callable[..., None]) -> None:
    publish(*sc.registered(), *sc.ringing("c1"), sc.found("c1"), *sc.answered("c1"))
    publish(*sc.ringing("c2", name="Bob"), *sc.answered("c2"),
            CallEnded(call_id="c2", reason=EndReason.HANGUP_REMOTE, duration_s=4.0))
    publish(StoreFailed(operation="save_note", reason="disk full"))
    old = shell.window
    old.dialpad.input.setText("+30210")
    old.cards["c1"].transfer_button.click()
    old.cards["c1"].transfer_target.setText("200")
    old.wrapup.dispositions.setCurrentRow(1)
    old.wrapup.notes.setPlainText("half-typed")
    core.ui_settings = replace(core.ui_settings, language="el")
    old.language_changed.emit("el")
    new = shell.window
    assert new is not old and not old.isVisible() and new.isVisible()
    assert new.dialpad.call_button.text() == "Κλήση" and new.status_bar.registration.text() == "Εγγεγραμμένος"
    assert new.cards["c1"].name.text() == "Maria Papadopoulou" and new.cards["c1"].transfer_target.text() == "200"
    assert new.cards["c1"].transfer_box.isVisibleTo(new.cards["c1"])
    assert new.dialpad.input.text() == "+30210" and new.wrapup.notes.toPlainText() == "half-typed"
    option = new.wrapup.selected_option()
    assert option is not None and option.code == "INFO"
    assert new.alert.isVisible() and "disk full" in new.alert.text.text()
    publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, duration_s=9.0))
    assert "c1" not in new.cards  # the new window follows the events
    shell.switch_language("en")
    assert shell.window.dialpad.call_button.text() == "Call"
    shell.switch_language("en")  # same language: nothing to rebuild
