"""System tray and desktop notifications, where the platform has them (detected, not assumed)."""

from __future__ import annotations

import html
import shutil
import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from ui.resources import icon, icon_path


@dataclass(frozen=True)
class DesktopCapabilities:
    tray: bool
    notifications: bool
    notify_send: str = ""  # Linux without a tray: libnotify's notify-send talks to the service

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
    """What this desktop offers. ``QSystemTrayIcon.supportsMessages()`` and ``isVisible()`` say yes
    even where nothing shows (our Qt lab), so we ask the tray and the D-Bus service themselves."""
    tray = QSystemTrayIcon.isSystemTrayAvailable()
    if not sys.platform.startswith("linux"):
        return DesktopCapabilities(tray=tray, notifications=tray)
    service = notification_service_available()
    notify_send = (shutil.which("notify-send") or "") if service and not tray else ""
    return DesktopCapabilities(tray=tray, notifications=service and (tray or bool(notify_send)),
                               notify_send=notify_send)


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
        if not self.caps.notifications:
            return False
        # notification servers may interpret markup in the body: escape the caller's name
        title, body = html.escape(title), html.escape(body)
        if self.icon is not None:
            self.icon.showMessage(title, body, icon("app"), 10_000)
            return True
        if self.caps.notify_send:
            args = ["--app-name=Softphone", f"--icon={icon_path('app')}", "--urgency=critical", "--", title, body]
            ok, _pid = QProcess.startDetached(self.caps.notify_send, args)
            return bool(ok)
        return False
