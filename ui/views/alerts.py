"""In-app alerts: a banner for engine, store, sync and registration problems (and when no tray exists)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget
from softphone.domain.values import EndReason

from ui.resources import icon
from ui.viewmodels.status import Alert, AlertKind
from ui.views.common import PlainLabel, make_button


class AlertBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alert")
        self.setAccessibleName(self.tr("Alert"))
        pic = QLabel()
        pic.setPixmap(icon("alert").pixmap(20, 20))
        self.text = PlainLabel(wrap=True)
        self.dismiss_button = make_button(self.tr("Dismiss"), self.tr("Dismiss alert"), icon_name="close")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(pic)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss_button)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    def describe(self, alert: Alert) -> str:
        prefix = {
            AlertKind.COMMAND_FAILED: self.tr("Could not do that"),
            AlertKind.ENGINE_DIED: self.tr("The audio engine stopped and is restarting; calls were lost"),
            AlertKind.ENGINE_RESTARTED: self.tr("The audio engine is running again"),
            AlertKind.STORE_FAILED: self.tr("Could not save locally"),
            AlertKind.DEAD_LETTER: self.tr("The server refused an item"),
            AlertKind.REGISTRATION_FAILED: self.tr("Registration failed"),
            AlertKind.AUDIO_DEVICES: self.tr("Audio devices changed"),
            AlertKind.INCOMING_CALL: self.tr("Incoming call"),
            AlertKind.CALL_FAILED: self.tr("Call not connected"),
        }[alert.kind]
        if alert.kind is AlertKind.CALL_FAILED and alert.end_reason is not None:
            why = {
                EndReason.BUSY: self.tr("busy"),
                EndReason.NO_ANSWER: self.tr("no answer"),
                EndReason.UNREACHABLE: self.tr("unreachable"),
                EndReason.REJECTED: self.tr("declined"),
                EndReason.REFUSED: self.tr("refused"),
                EndReason.HANGUP_REMOTE: self.tr("the other side hung up"),
            }.get(alert.end_reason, self.tr("failed"))
            return f"{prefix}: {alert.detail} — {why}"
        if alert.kind is AlertKind.ENGINE_RESTARTED:
            return prefix + "."
        return f"{prefix}: {alert.detail}" if alert.detail else prefix + "."

    def show_alert(self, alert: Alert) -> None:
        self.text.setText(self.describe(alert))
        self.show()
