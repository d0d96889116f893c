"""System tray and desktop notifications, where the platform has them (detected, not assumed)."""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from ui.resources import icon


@dataclass(frozen=True)
class DesktopCapabilities:
    tray: bool
    notifications: bool

    @property
    def needs_in_app_alerts(self) -> bool:
        return not self.notifications


def notification_service_available() -> bool:
    """Linux: the freedesktop notification service on the session bus; elsewhere the tray's balloons."""
    if not sys.platform.startswith("linux"):
        return QSystemTrayIcon.isSystemTrayAvailable()
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    reply = bus.interface().isServiceRegistered("org.freedesktop.Notifications")
    return bool(reply.value()) if reply.isValid() else False


def detect_capabilities() -> DesktopCapabilities:
    tray = QSystemTrayIcon.isSystemTrayAvailable()
    # Qt shows tray messages through the tray icon (or D-Bus on Linux); without both we alert in-app
    return DesktopCapabilities(tray=tray, notifications=tray and notification_service_available())


class Tray(QObject):
    """The tray icon with a small menu; ``notify`` shows a desktop notification when possible."""

    activated = Signal()
    answer_requested = Signal()

    def __init__(self, caps: DesktopCapabilities, window: QWidget) -> None:
        super().__init__(window)
        self.caps = caps
        self.icon: QSystemTrayIcon | None = None
        if not caps.tray:
            return
        self.icon = QSystemTrayIcon(icon("app"), window)
        menu = QMenu(window)
        menu.addAction(self.tr("Show"), self.activated.emit)
        menu.addAction(self.tr("Answer"), self.answer_requested.emit)
        self.icon.setContextMenu(menu)
        self.icon.setToolTip(self.tr("Softphone"))
        self.icon.activated.connect(lambda _reason: self.activated.emit())
        self.icon.messageClicked.connect(self.activated.emit)
        self.icon.show()

    def notify(self, title: str, body: str) -> bool:
        """True when a desktop notification was shown; False: the caller shows an in-app alert."""
        if self.icon is None or not self.caps.notifications:
            return False
        # notification servers may interpret markup in the body: escape the caller's name
        self.icon.showMessage(html.escape(title), html.escape(body), icon("app"), 10_000)
        return True
