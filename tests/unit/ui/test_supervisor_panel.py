"""The supervisor board: live agents from the server, Listen / Whisper / Barge, switching, leaving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.domain.messages import Command
from softphone.domain.monitor import (
    BoardAgent,
    BoardCall,
    BoardUpdated,
    LeaveMonitor,
    MonitorJoined,
    MonitorLeft,
    RefreshBoard,
    StartMonitor,
    SwitchMonitorMode,
)
from softphone.domain.values import MonitorMode
from tests.unit.ui import scenarios as sc
from ui.views.supervisor import SupervisorPanel

AGENTS = (
    BoardAgent(id=1, username="agent1", display_name="Agent One", teams=("support",), state="on_call",
               current_call=BoardCall(call_id="c1", remote_number="+302101234567", remote_name=sc.EVIL,
                                      duration_s=75)),
    BoardAgent(id=2, username="agent2", display_name="Agent Two", teams=("support",), state="ready",
               state_duration_s=30),
)


def test_board_monitoring_flow(qtbot: QtBot) -> None:
    sent: list[Command] = []
    panel = SupervisorPanel(sent.append, lambda: True)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: any(isinstance(c, RefreshBoard) for c in sent))
    with qtbot.waitSignal(panel.board_arrived):
        panel.on_event(BoardUpdated(agents=AGENTS))
    first = panel.table.topLevelItem(0)
    assert first is not None
    assert first.text(2).startswith(sc.EVIL)  # literal, plain text
    assert first.text(3) == "01:15"
    panel.table.setCurrentItem(first)
    qtbot.mouseClick(panel.buttons[MonitorMode.WHISPER], Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert sent[-1] == StartMonitor(agent="agent1", mode=MonitorMode.WHISPER)
    assert not panel.leave_button.isEnabled()
    panel.on_event(MonitorJoined(session_id="s1", side="supervisor", agent="agent1", supervisor="sup1",
                                 mode=MonitorMode.WHISPER))
    assert panel.leave_button.isEnabled() and "agent1" in panel.status.text()
    qtbot.mouseClick(panel.buttons[MonitorMode.BARGE], Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert sent[-1] == SwitchMonitorMode(session_id="s1", mode=MonitorMode.BARGE)
    qtbot.mouseClick(panel.leave_button, Qt.MouseButton.LeftButton)
    assert sent[-1] == LeaveMonitor(session_id="s1")
    panel.on_event(MonitorLeft(session_id="s1", side="supervisor", reason="left"))
    assert not panel.leave_button.isEnabled()


def test_agents_never_poll_the_board(qtbot: QtBot) -> None:
    sent: list[Command] = []
    panel = SupervisorPanel(sent.append, lambda: False)
    qtbot.addWidget(panel)
    qtbot.wait(50)
    panel.refresh()
    assert sent == []
    panel.table.setCurrentItem(None)
    qtbot.mouseClick(panel.buttons[MonitorMode.LISTEN], Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert sent == [] and "Pick an agent" in panel.status.text()
