"""One card per call line: identity, timer, state, hold, mute, DTMF, transfer, merge, hang up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)
from softphone.domain.commands import (
    AttendedTransfer,
    BlindTransfer,
    Dial,
    Hangup,
    Hold,
    Merge,
    Mute,
    Resume,
    SendDtmf,
    Split,
)
from softphone.domain.messages import Command
from softphone.domain.values import CallState, Direction

from ui.viewmodels.calls import CallView, TransferPhase, display_name, format_elapsed
from ui.viewmodels.dialing import clean_number, is_dialable
from ui.views.common import PlainLabel, level_to_percent, make_button, make_meter

DTMF_KEYS = "123456789*0#"


class CallCard(QFrame):
    """Renders a ``CallView``; every button sends a command, the card changes only on events."""

    consultation_started = Signal(str, str)  # consult call id, original call id

    def __init__(self, view: CallView, send: Callable[[Command], None], parent: QWidget | None = None,
                 targets: Callable[[], list[tuple[str, str]]] = list) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.view = view
        self._send = send
        self._targets = targets  # (label, number or URI) for the transfer target picker
        self._others: list[CallView] = []
        self.setAccessibleName(self.tr("Call"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.name = PlainLabel(name="callerName", selectable=True)
        self.number = PlainLabel(selectable=True)
        self.state = PlainLabel(name="state")
        self.timer = PlainLabel(name="timer")
        self.muted_badge = PlainLabel(self.tr("Muted"), name="muted")
        self.conference_badge = PlainLabel(self.tr("Conference"), name="badge")
        self.mic_meter = make_meter(self.tr("Microphone level"))
        self.mic_meter.setFixedWidth(80)

        self.hold_button = make_button(self.tr("Hold"), self.tr("Hold call"), icon_name="pause", checkable=True)
        self.mute_button = make_button(self.tr("Mute"), self.tr("Mute microphone"), icon_name="mic-off",
                                       checkable=True)
        self.keypad_button = make_button(self.tr("Keypad"), self.tr("Show DTMF keypad"), icon_name="dialpad",
                                         checkable=True)
        self.transfer_button = make_button(self.tr("Transfer"), self.tr("Show transfer options"),
                                           icon_name="transfer", checkable=True)
        self.merge_button = make_button(self.tr("Merge"), self.tr("Merge calls into a conference"),
                                        icon_name="merge")
        self.hangup_button = make_button(self.tr("Hang up"), self.tr("Hang up call"), name="hangup",
                                         icon_name="hangup-white")

        header = QHBoxLayout()
        who = QVBoxLayout()
        who.addWidget(self.name)
        who.addWidget(self.number)
        header.addLayout(who, 1)
        info = QVBoxLayout()
        info.addWidget(self.timer, 0, Qt.AlignmentFlag.AlignRight)
        info.addWidget(self.state, 0, Qt.AlignmentFlag.AlignRight)
        header.addLayout(info)
        header.addWidget(self.hangup_button, 0, Qt.AlignmentFlag.AlignTop)

        badges = QHBoxLayout()
        badges.addWidget(self.muted_badge)
        badges.addWidget(self.conference_badge)
        badges.addStretch(1)
        badges.addWidget(PlainLabel(self.tr("Mic")))
        badges.addWidget(self.mic_meter)

        buttons = QHBoxLayout()
        for button in (self.hold_button, self.mute_button, self.keypad_button, self.transfer_button,
                       self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        # DTMF pad
        self.keypad = QWidget()
        grid = QGridLayout(self.keypad)
        grid.setContentsMargins(0, 0, 0, 0)
        self.dtmf_buttons: dict[str, object] = {}
        for i, key in enumerate(DTMF_KEYS):
            b = make_button(key, self.tr("Send DTMF %1").replace("%1", key), name="dtmf")
            b.clicked.connect(self._dtmf_slot(key))
            # typing the digit while the keypad has focus sends it too
            typed = QShortcut(QKeySequence(key), self.keypad, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            typed.activated.connect(self._dtmf_slot(key))
            grid.addWidget(b, i // 3, i % 3)
            self.dtmf_buttons[key] = b
        self.dtmf_received = PlainLabel()
        grid.addWidget(self.dtmf_received, 4, 0, 1, 3)
        self.keypad.setMaximumWidth(240)
        self.keypad.setVisible(False)

        # transfer row
        self.transfer_box = QWidget()
        t = QGridLayout(self.transfer_box)
        t.setContentsMargins(0, 0, 0, 0)
        self.transfer_target = QLineEdit()
        self.transfer_target.setPlaceholderText(self.tr("Number or SIP address"))
        self.transfer_target.setAccessibleName(self.tr("Transfer target"))
        self.pick_button = make_button(self.tr("Recent"), self.tr("Pick a transfer target from recent calls"),
                                       icon_name="history")
        self.pick_menu = QMenu(self.pick_button)
        self.pick_menu.aboutToShow.connect(self._fill_targets)
        self.pick_button.setMenu(self.pick_menu)
        self.blind_button = make_button(self.tr("Blind transfer"), self.tr("Transfer now to the target"))
        self.consult_button = make_button(self.tr("Consult"), self.tr("Call the target first"))
        self.consult_pick = QComboBox()
        self.consult_pick.setAccessibleName(self.tr("Consultation call"))
        self.complete_button = make_button(self.tr("Complete transfer"),
                                           self.tr("Connect the caller to the consultation call"))
        self.transfer_status = PlainLabel()
        target_row = QHBoxLayout()
        target_row.addWidget(self.transfer_target, 1)
        target_row.addWidget(self.pick_button)
        t.addLayout(target_row, 0, 0)
        t.addWidget(self.blind_button, 0, 1)
        t.addWidget(self.consult_button, 0, 2)
        t.addWidget(self.consult_pick, 1, 0)
        t.addWidget(self.complete_button, 1, 1, 1, 2)
        t.addWidget(self.transfer_status, 2, 0, 1, 3)
        self.transfer_box.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(badges)
        layout.addLayout(buttons)
        layout.addWidget(self.keypad)
        layout.addWidget(self.transfer_box)

        self.hold_button.clicked.connect(self.toggle_hold)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.keypad_button.toggled.connect(self.keypad.setVisible)
        self.transfer_button.toggled.connect(self.transfer_box.setVisible)
        self.transfer_button.toggled.connect(self._transfer_toggled)
        self.merge_button.clicked.connect(self.merge)
        self.hangup_button.clicked.connect(self.hangup)
        self.blind_button.clicked.connect(self.blind_transfer)
        self.transfer_target.returnPressed.connect(self.blind_transfer)
        self.consult_button.clicked.connect(self.consult)
        self.complete_button.clicked.connect(self.complete_transfer)
        self.present(view, [])

    # ---- rendering -----------------------------------------------------------------------------
    def state_text(self, view: CallView) -> str:
        texts = {
            CallState.DIALING: self.tr("Calling…"),
            CallState.RINGING_OUT: self.tr("Ringing…"),
            CallState.RINGING_IN: self.tr("Incoming call"),
            CallState.CONNECTING: self.tr("Connecting…"),
            CallState.ACTIVE: self.tr("In call"),
            CallState.HELD: self.tr("On hold"),
            CallState.REMOTE_HELD: self.tr("Held by the other side"),
            CallState.ENDED: self.tr("Ended"),
        }
        text = texts[view.state]
        if view.consult_for:
            text = self.tr("Consultation: %1").replace("%1", text)
        return text

    def present(self, view: CallView, others: list[CallView]) -> None:
        self.view, self._others = view, others
        name = display_name(view.remote)
        self.name.setText(name)
        number = view.remote.user or view.remote.uri
        self.number.setText(number if number != name else view.remote.uri)
        arrow = "↓" if view.direction is Direction.INBOUND else "↑"
        self.state.setText(f"{arrow} {self.state_text(view)}")
        self.setAccessibleName(self.tr("Call with %1").replace("%1", name))
        connected = view.state in (CallState.ACTIVE, CallState.HELD, CallState.REMOTE_HELD)
        self.hold_button.setChecked(view.held)
        self.hold_button.setText(self.tr("Resume") if view.held else self.tr("Hold"))
        self.hold_button.setAccessibleName(self.tr("Resume call") if view.held else self.tr("Hold call"))
        self.hold_button.setEnabled(connected)
        self.mute_button.setChecked(view.muted)
        self.mute_button.setText(self.tr("Unmute") if view.muted else self.tr("Mute"))
        self.mute_button.setAccessibleName(self.tr("Unmute microphone") if view.muted
                                           else self.tr("Mute microphone"))
        self.mute_button.setEnabled(connected)
        self.muted_badge.setVisible(view.muted)
        self.conference_badge.setVisible(view.in_conference)
        self.keypad_button.setEnabled(connected)
        self.transfer_button.setEnabled(connected)
        if view.in_conference:
            self.merge_button.setText(self.tr("Split"))
            self.merge_button.setAccessibleName(self.tr("Split the conference"))
            self.merge_button.setEnabled(True)
        else:
            self.merge_button.setText(self.tr("Merge"))
            self.merge_button.setAccessibleName(self.tr("Merge calls into a conference"))
            self.merge_button.setEnabled(connected and any(o.answered for o in others))
        self.dtmf_received.setText(self.tr("Received: %1").replace("%1", view.dtmf_received)
                                   if view.dtmf_received else "")
        self.consult_pick.clear()
        for other in others:
            self.consult_pick.addItem(display_name(other.remote), other.call_id)
        self.complete_button.setEnabled(connected and bool(others))
        self.consult_pick.setEnabled(bool(others))
        phase_text = {
            TransferPhase.NONE: "",
            TransferPhase.IN_PROGRESS: self.tr("Transferring…"),
            TransferPhase.SUCCEEDED: self.tr("Transferred"),
            TransferPhase.FAILED: self.tr("Transfer failed"),
        }[view.transfer]
        self.transfer_status.setText(f"{phase_text} {view.transfer_text}".strip() if phase_text else "")

    def tick(self, now: float) -> None:
        self.timer.setText(format_elapsed(self.view.elapsed(now)))

    def set_level(self, microphone: float) -> None:
        self.mic_meter.setValue(0 if self.view.muted else level_to_percent(microphone))

    def adopt(self, old: CallCard) -> None:
        """Carry open panels and a typed transfer target over from a replaced window."""
        self.keypad_button.setChecked(old.keypad_button.isChecked())
        self.transfer_button.setChecked(old.transfer_button.isChecked())
        self.transfer_target.setText(old.transfer_target.text())

    # ---- actions -------------------------------------------------------------------------------
    # (no ``lambda _=False, k=key: ...`` slots: PySide6 6.12 loses a reference to the bool default
    # each time such a lambda is connected, and the interpreter aborts at exit)
    def _dtmf_slot(self, key: str) -> Callable[[], None]:
        def slot() -> None:
            self.send_dtmf(key)

        return slot

    def _fill_targets(self) -> None:
        self.pick_menu.clear()
        targets = self._targets()
        if not targets:
            self.pick_menu.addAction(self.tr("No recent calls")).setEnabled(False)
        for label, target in targets:
            # action texts treat "&" as a mnemonic: double it so names show as they are
            action = self.pick_menu.addAction(label.replace("&", "&&"))
            action.triggered.connect(self._target_slot(target))

    def _target_slot(self, target: str) -> Callable[[], None]:
        def slot() -> None:
            self.transfer_target.setText(target)
            self.transfer_target.setFocus()

        return slot

    def _transfer_toggled(self, on: bool) -> None:
        if on:
            self.transfer_target.setFocus()

    def toggle_hold(self) -> None:
        self.hold_button.setChecked(self.view.held)  # the event decides
        cid = self.view.call_id
        self._send(Resume(call_id=cid) if self.view.held else Hold(call_id=cid))

    def toggle_mute(self) -> None:
        self.mute_button.setChecked(self.view.muted)
        self._send(Mute(call_id=self.view.call_id, muted=not self.view.muted))

    def send_dtmf(self, digits: str) -> None:
        self._send(SendDtmf(call_id=self.view.call_id, digits=digits))

    def hangup(self) -> None:
        self._send(Hangup(call_id=self.view.call_id))

    def merge(self) -> None:
        if self.view.in_conference:
            members = (self.view.call_id, *[o.call_id for o in self._others if o.in_conference])
            self._send(Split(call_ids=members))
            return
        ids = (self.view.call_id, *[o.call_id for o in self._others if o.answered])
        self._send(Merge(call_ids=ids))

    def _target(self) -> str:
        target = clean_number(self.transfer_target.text())
        return target if is_dialable(target) else ""

    def blind_transfer(self) -> None:
        target = self._target()
        if not target:
            self.transfer_status.setText(self.tr("Enter a number or SIP address to transfer to."))
            return
        self._send(BlindTransfer(call_id=self.view.call_id, target=target))

    def consult(self) -> None:
        target = self._target()
        if not target:
            self.transfer_status.setText(self.tr("Enter a number or SIP address to consult."))
            return
        if not self.view.held:
            self._send(Hold(call_id=self.view.call_id))
        dial = Dial(account_id=self.view.account_id, target=target)
        self.consultation_started.emit(dial.call_id, self.view.call_id)
        self._send(dial)

    def complete_transfer(self) -> None:
        consult_id = self.consult_pick.currentData()
        if consult_id:
            self._send(AttendedTransfer(call_id=self.view.call_id, consult_call_id=str(consult_id)))
