"""Tray and notifications are detected, not assumed; without them alerts stay in the app."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.tray import DesktopCapabilities, Tray, detect_capabilities


def test_offscreen_has_no_tray_and_no_notifications(qtbot: QtBot) -> None:
    caps = detect_capabilities()
    assert caps == DesktopCapabilities(tray=False, notifications=False)
    assert caps.needs_in_app_alerts
    window = QWidget()
    qtbot.addWidget(window)
    tray = Tray(caps, window)
    assert tray.icon is None
    assert tray.notify("Incoming call", "<b>Evil</b>") is False  # the caller shows an in-app alert
