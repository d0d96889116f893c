"""The supervisor board: the agents of the supervisor's teams, live state and current call, and
Listen / Whisper / Barge / Leave. Shown only to supervisors (the core knows the role from
provisioning); everything comes from the server through the core's monitor service."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget
from softphone.domain.messages import Command, Event
from softphone.domain.monitor import (
    BoardAgent,
    BoardFailed,
    BoardUpdated,
    LeaveMonitor,
    MonitorJoined,
    MonitorLeft,
    MonitorModeChanged,
    MonitorRefused,
    RefreshBoard,
    StartMonitor,
    SwitchMonitorMode,
)
from softphone.domain.values import MonitorMode

from ui.viewmodels.calls import format_elapsed
from ui.views.common import PlainLabel, make_button

REFRESH_MS = 2000


def call_text(agent: BoardAgent) -> str:
    call = agent.current_call
    if call is None:
        return ""
    who = call.remote_name or call.remote_number or ""
    return f"{who} ({call.remote_number})" if call.remote_name and call.remote_number else who


class SupervisorPanel(QWidget):
    board_arrived = Signal()  # the first board: the window shows this panel's tab

    def __init__(self, send: Callable[[Command], None], is_supervisor: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._send = send
        self._is_supervisor = is_supervisor
        self.session_id = ""
        self.session_agent = ""
        self.agents: tuple[BoardAgent, ...] = ()
        self.table = QTreeWidget()
        self.table.setAccessibleName(self.tr("Agents of my teams"))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setHeaderLabels([self.tr("Agent"), self.tr("State"), self.tr("Call"), self.tr("Time")])
        self.status = PlainLabel(wrap=True)
        self.buttons: dict[MonitorMode, object] = {}
        row = QHBoxLayout()
        for mode, text in ((MonitorMode.LISTEN, self.tr("Listen")), (MonitorMode.WHISPER, self.tr("Whisper")),
                           (MonitorMode.BARGE, self.tr("Barge"))):
            button = make_button(text, self.tr("%1 to the selected agent's call").replace("%1", text))
            button.clicked.connect(lambda _checked=False, m=mode: self.monitor(m))
            row.addWidget(button)
            self.buttons[mode] = button
        self.leave_button = make_button(self.tr("Leave"), self.tr("Leave the monitored call"))
        self.leave_button.clicked.connect(self.leave)
        self.leave_button.setEnabled(False)
        row.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        if self._is_supervisor():
            self._send(RefreshBoard())

    def selected_agent(self) -> str:
        item = self.table.currentItem()
        return str(item.data(0, 256)) if item is not None else ""

    def monitor(self, mode: MonitorMode) -> None:
        if self.session_id:
            self._send(SwitchMonitorMode(session_id=self.session_id, mode=mode))
            return
        agent = self.selected_agent()
        if not agent:
            self.status.setText(self.tr("Pick an agent first."))
            return
        self.status.setText(self.tr("Joining %1's call…").replace("%1", agent))
        self._send(StartMonitor(agent=agent, mode=mode))

    def leave(self) -> None:
        if self.session_id:
            self._send(LeaveMonitor(session_id=self.session_id))

    def on_event(self, event: Event) -> None:
        if isinstance(event, BoardUpdated):
            first = not self.agents
            self.show_agents(event.agents)
            if first:
                self.board_arrived.emit()
        elif isinstance(event, BoardFailed):
            self.status.setText(self.tr("Board unavailable: %1").replace("%1", event.reason))
        elif getattr(event, "side", "") != "supervisor":
            return
        elif isinstance(event, MonitorJoined):
            self.session_id, self.session_agent = event.session_id, event.agent
            self.status.setText(self.tr("%1: %2").replace("%1", event.mode.value.title()).replace("%2", event.agent))
            self.leave_button.setEnabled(True)
        elif isinstance(event, MonitorModeChanged) and event.session_id == self.session_id:
            self.status.setText(self.tr("%1: %2").replace("%1", event.mode.value.title())
                                .replace("%2", self.session_agent))
        elif isinstance(event, MonitorLeft) and event.session_id == self.session_id:
            self.session_id = ""
            self.leave_button.setEnabled(False)
            self.status.setText(self.tr("Left: %1").replace("%1", event.reason))
        elif isinstance(event, MonitorRefused):
            self.status.setText(self.tr("Refused: %1").replace("%1", event.reason))

    def show_agents(self, agents: tuple[BoardAgent, ...]) -> None:
        selected = self.selected_agent()
        self.agents = agents
        self.table.clear()
        for agent in agents:
            state = agent.state + (f" ({agent.reason})" if agent.reason else "")
            duration = agent.current_call.duration_s if agent.current_call else agent.state_duration_s
            item = QTreeWidgetItem([agent.display_name or agent.username, state, call_text(agent),
                                    format_elapsed(duration or 0.0)])
            item.setData(0, 256, agent.username)
            self.table.addTopLevelItem(item)
            if agent.username == selected:
                self.table.setCurrentItem(item)
