"""The top bar: registration, agent state (with not-ready reasons), sync status, engine health."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QWidget
from softphone.domain.messages import Command
from softphone.domain.ui_commands import SetAgentState
from softphone.domain.values import AgentState, RegistrationState
from softphone.domain.views import NotReadyReason

from ui.viewmodels.status import EngineHealth, StatusModel
from ui.views.common import PlainLabel, set_style_property


class StatusBar(QFrame):
    def __init__(self, model: StatusModel, reasons: Callable[[], tuple[NotReadyReason, ...]],
                 send: Callable[[Command], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.model = model
        self._send = send
        self.registration = PlainLabel(name="badge")
        self.registration.setAccessibleName(self.tr("Registration status"))
        self.agent_state = PlainLabel(name="badge")
        self.agent_state.setAccessibleName(self.tr("Agent state"))
        self.availability = QComboBox()
        self.availability.setAccessibleName(self.tr("Set availability"))
        self.availability.addItem(self.tr("Ready"), ("ready", ""))
        self._labels = {r.code: r.label for r in reasons()}
        for reason in reasons():
            self.availability.addItem(self.tr("Not ready: %1").replace("%1", reason.label), ("not_ready", reason.code))
        self.availability.setPlaceholderText(self.tr("Availability"))
        self.availability.setCurrentIndex(-1)
        self.sync = PlainLabel(name="badge")
        self.sync.setAccessibleName(self.tr("Sync status"))
        self.engine = PlainLabel(name="badge")
        self.engine.setAccessibleName(self.tr("Media engine status"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.registration)
        layout.addWidget(self.agent_state)
        layout.addWidget(self.availability)
        layout.addStretch(1)
        layout.addWidget(self.engine)
        layout.addWidget(self.sync)
        self.availability.activated.connect(self._availability_picked)
        self.present()

    def _availability_picked(self, index: int) -> None:
        kind, code = self.availability.itemData(index)
        state = AgentState.READY if kind == "ready" else AgentState.NOT_READY
        self._send(SetAgentState(state=state, reason_code=code))

    def registration_text(self) -> tuple[str, str]:
        state = self.model.overall_registration()
        failed = [r for r in self.model.registrations.values() if r.state is RegistrationState.FAILED]
        if state is RegistrationState.FAILED:
            reason = failed[0].reason or str(failed[0].code)
            text = self.tr("Not registered: %1").replace("%1", reason)
            if failed[0].retry_in_s:
                text += " " + self.tr("(retry in %1 s)").replace("%1", str(round(failed[0].retry_in_s)))
            return text, "bad"
        return {
            RegistrationState.REGISTERED: (self.tr("Registered"), "ok"),
            RegistrationState.LOCAL: (self.tr("Ready for direct calls"), "ok"),
            RegistrationState.REGISTERING: (self.tr("Registering…"), "warn"),
            RegistrationState.UNREGISTERED: (self.tr("Not registered"), "warn"),
        }[state]

    def agent_text(self) -> tuple[str, str]:
        state = self.model.agent_state
        text = {
            AgentState.READY: self.tr("Ready"),
            AgentState.NOT_READY: self.tr("Not ready"),
            AgentState.RINGING: self.tr("Ringing"),
            AgentState.ON_CALL: self.tr("On a call"),
            AgentState.WRAP_UP: self.tr("Wrap-up"),
            AgentState.OFFLINE: self.tr("Offline"),
        }[state]
        if state is AgentState.NOT_READY and self.model.agent_reason:
            text = f"{text}: {self.model.agent_reason}"
        level = "ok" if state is AgentState.READY else "bad" if state is AgentState.OFFLINE else "warn"
        return text, level

    def sync_text(self) -> tuple[str, str]:
        sync = self.model.sync
        if sync.dead_letters:
            return self.tr("%1 items refused by the server").replace("%1", str(sync.dead_letters)), "bad"
        if not sync.server_reachable and not sync.pending:
            return self.tr("Server unreachable"), "warn"
        if not sync.server_reachable:
            return self.tr("Offline: %1 waiting to sync").replace("%1", str(sync.pending)), "warn"
        if sync.pending:
            return self.tr("Syncing %1…").replace("%1", str(sync.pending)), "warn"
        return self.tr("All saved and synced"), "ok"

    def present(self) -> None:
        for label, (text, level) in ((self.registration, self.registration_text()),
                                     (self.agent_state, self.agent_text()), (self.sync, self.sync_text())):
            label.setText(text)
            set_style_property(label, "level", level)
        accounts = [f"{r.account_id}: {r.state.value} {r.code or ''} {r.reason}".strip()
                    for r in self.model.registrations.values()]
        self.registration.setToolTip("<p>" + "<br>".join(html.escape(a) for a in accounts) + "</p>" if accounts else "")
        error = self.model.sync.last_error
        # tooltips guess rich text: escape and wrap so the server's text shows literally
        self.sync.setToolTip(f"<p>{html.escape(self.tr('Last error: %1').replace('%1', error))}</p>" if error else "")
        restarting = self.model.engine is EngineHealth.RESTARTING
        self.engine.setVisible(restarting)
        self.engine.setText(self.tr("Audio engine restarting…"))
        set_style_property(self.engine, "level", "bad")
        state = self.model.agent_state
        if state is AgentState.READY:
            self.availability.setCurrentIndex(0)
        elif state is AgentState.NOT_READY:
            reason = self.model.agent_reason
            for index in range(1, self.availability.count()):
                _kind, code = self.availability.itemData(index)
                if reason in (code, self._labels.get(code)):
                    self.availability.setCurrentIndex(index)
