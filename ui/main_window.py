"""The agent's main window: status bar, dial pad, ringing panel, call cards, customer card,
wrap-up, history and notes. Renders the bridge's view models; every action is a command."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from softphone.domain.commands import Answer, Dial, Hangup, Hold, Mute, Reject, Resume
from softphone.domain.messages import Command
from softphone.domain.ui_commands import SetLevelMeters
from softphone.domain.views import HistoryFilter

from ui.bridge import QtBridge
from ui.core_api import CoreApi
from ui.resources import icon
from ui.tray import DesktopCapabilities, Tray
from ui.viewmodels.calls import display_name
from ui.viewmodels.dialing import handoff_target, is_dialable
from ui.views.alerts import AlertBanner
from ui.views.call_card import CallCard
from ui.views.common import PlainLabel
from ui.views.customer_card import CustomerCard
from ui.views.dialpad import DialPad
from ui.views.history import HistoryPanel
from ui.views.notes import NotesPanel
from ui.views.ringing import RingingPanel
from ui.views.settings import SettingsDialog
from ui.views.status_bar import StatusBar
from ui.views.supervisor import SupervisorPanel
from ui.views.wrapup import WrapUpPanel

ACTIONS = ("answer", "hangup", "hold", "mute", "redial", "focus_dial")


class MainWindow(QMainWindow):
    closed = Signal()  # the agent closed the window for good (not hidden to the tray): quit the app
    language_changed = Signal(str)  # the settings picked another language: the shell rebuilds the window

    def __init__(self, core: CoreApi, bridge: QtBridge, caps: DesktopCapabilities | None = None) -> None:
        super().__init__()
        self.core, self.bridge = core, bridge
        self.setWindowTitle(self.tr("Softphone"))
        self.setWindowIcon(icon("app"))
        self.setAccessibleName(self.tr("Softphone"))
        self.caps = caps or DesktopCapabilities(tray=False, notifications=False)
        self.tray = Tray(self.caps, self)
        self.cards: dict[str, CallCard] = {}
        self._last_alert: object = None
        self._meter_holders: set[str] = set()  # who needs AudioLevels: "calls", "settings"

        self.status_bar = StatusBar(bridge.status, core.not_ready_reasons, self.send)
        self.alert = AlertBanner()
        self.dialpad = DialPad()
        self.ringing = RingingPanel(self.send)
        self.calls_box = QWidget()
        self.calls_layout = QVBoxLayout(self.calls_box)
        self.calls_layout.setContentsMargins(0, 0, 0, 0)
        self.no_calls = PlainLabel(self.tr("No calls. Type a number to dial."))
        self.no_calls.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.calls_layout.addWidget(self.no_calls)
        self.calls_layout.addStretch(1)
        self.calls_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.calls_box)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setObjectName("callsArea")
        self.calls_box.setObjectName("callsBox")
        scroll.setAccessibleName(self.tr("Calls"))
        self.customer = CustomerCard(self.send)
        self.wrapup = WrapUpPanel(bridge.wrapup, core.disposition_catalog, self.send)
        self.history = HistoryPanel(core.recent_calls)
        self.notes = NotesPanel(core.customer_notes, self.send)
        self.supervisor = SupervisorPanel(self.send, getattr(core, "is_supervisor", lambda: False))
        self.side = QTabWidget()
        self.side.setAccessibleName(self.tr("History and notes"))
        self.side.addTab(self.history, icon("history"), self.tr("History"))
        self.side.addTab(self.notes, icon("note"), self.tr("Notes"))

        middle = QWidget()
        self.middle_layout = mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.ringing)
        mid.addWidget(scroll, 3)
        mid.addWidget(self.customer, 1)
        mid.addWidget(self.wrapup, 2)
        mid.addStretch(0)  # takes the room only when nothing else wants it (render_calls)
        self.ringing.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.dialpad)
        splitter.addWidget(middle)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([250, 600, 350])
        splitter.setChildrenCollapsible(False)
        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.status_bar)
        inner = QVBoxLayout()
        inner.setContentsMargins(8, 8, 8, 8)
        inner.addWidget(self.alert)
        inner.addWidget(splitter, 1)
        root.addLayout(inner, 1)
        self.setCentralWidget(central)

        # the call actions live in the "Call" menu too: discoverable, with their (configurable) shortcuts
        call_menu = self.menuBar().addMenu(self.tr("&Call"))
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, slot in (("answer", self.tr("&Answer"), self.answer),
                                 ("hangup", self.tr("&Hang up / decline"), self.hangup),
                                 ("hold", self.tr("H&old / resume"), self.toggle_hold),
                                 ("mute", self.tr("&Mute / unmute"), self.toggle_mute),
                                 ("redial", self.tr("&Redial"), self.dialpad.redial),
                                 ("focus_dial", self.tr("&Go to the number field"), self.dialpad.focus_input)):
            action = QAction(text, self)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            call_menu.addAction(action)
            self.actions_by_name[name] = action
        menu = self.menuBar().addMenu(self.tr("&Phone"))
        self.settings_action = menu.addAction(icon("settings"), self.tr("&Settings…"), self.open_settings)
        preferences = QKeySequence(QKeySequence.StandardKey.Preferences)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,") if preferences.isEmpty() else preferences)
        menu.addSeparator()
        menu.addAction(self.tr("&Quit"), QKeySequence(QKeySequence.StandardKey.Quit), self.close_for_real)
        self._quitting = False
        self._retired = False

        bridge.calls_changed.connect(self.render_calls)
        bridge.incoming_call.connect(self.on_incoming)
        bridge.status_changed.connect(self.render_status)
        bridge.customer_changed.connect(self.render_customer)
        bridge.wrapup_changed.connect(self.wrapup.present)
        bridge.history_changed.connect(self.history.schedule_refresh)
        bridge.levels_changed.connect(self.render_levels)
        bridge.notes_changed.connect(self.notes.note_saved)
        bridge.event_received.connect(self.supervisor.on_event)
        self.supervisor.board_arrived.connect(self.show_supervisor_board)
        bridge.event_received.connect(self.notes.on_event)
        self.dialpad.dial_requested.connect(self.dial)
        self.history.call_back.connect(self.dialpad.request)
        self.customer.customer_selected.connect(self.select_customer)
        self.ringing.customer.customer_selected.connect(self.select_customer)
        self.ringing.answer_requested.connect(self.answer_call)
        self.tray.activated.connect(self.bring_to_front)
        self.tray.answer_requested.connect(self.answer)

        self.ticker = QTimer(self, interval=1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self.reload_settings()
        self.render_calls(set())
        self.render_status()
        self.resize(1100, 680)

    # ---- plumbing --------------------------------------------------------------------------------
    def send(self, command: Command) -> None:
        self.core.send(command)

    def reload_settings(self) -> None:
        settings = self.core.settings()
        self.settings = settings
        for name in ACTIONS:
            self.actions_by_name[name].setShortcut(QKeySequence(settings.shortcut(name)))
        accounts = self.core.accounts()
        self.dialpad.set_accounts(accounts, settings.default_account_id)
        if not accounts:  # first start: say where to begin
            self.dialpad.problem.setText(self.tr("No SIP account is set up yet: open Phone > Settings."))
        last = self.core.recent_calls("", HistoryFilter.OUTBOUND, 1)
        if last and not self.dialpad.last_target:
            self.dialpad.set_last_target(last[0].number or last[0].remote_uri)
        self.ringing.present(self.bridge.calls.ringing(), None, self.shortcut_text("answer"))

    def shortcut_text(self, name: str) -> str:
        return self.actions_by_name[name].shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.core, self.bridge, self, meters=lambda on: self.want_meters("settings", on))
        language = self.settings.language
        dialog.exec()
        self.reload_settings()  # accounts are saved inside the dialog even when it is cancelled
        dialog.deleteLater()
        if self.settings.language != language:
            self.language_changed.emit(self.settings.language)

    # ---- rendering -------------------------------------------------------------------------------
    def render_calls(self, _changed: object) -> None:
        model = self.bridge.calls
        live = [c for c in model.calls.values() if not c.ringing_in]
        focus = self.focusWidget()
        # Qt moves the focus on when its widget goes: remember where it was before the cards change
        lost = focus is None or not focus.isVisible() or self._in_calls(focus)
        for call_id in list(self.cards):
            if call_id not in model.calls or model.calls[call_id].ringing_in:
                gone = self.cards.pop(call_id)
                if focus is not None and gone.isAncestorOf(focus):
                    focus.clearFocus()
                gone.setParent(None)
                gone.deleteLater()
        for index, view in enumerate(live):
            card = self.cards.get(view.call_id)
            if card is None:
                card = CallCard(view, self.send, targets=self.transfer_targets)
                card.consultation_started.connect(self.bridge.calls.mark_consultation)
                self.cards[view.call_id] = card
                self.calls_layout.insertWidget(index, card)
            card.present(view, model.others(view.call_id))
            card.tick(time.time())
        self.no_calls.setVisible(not live)
        # idle: the calls area shrinks to its one-line hint and leaves the room to wrap-up and the customer
        self.calls_scroll.setMaximumHeight(16_777_215 if live else self.no_calls.sizeHint().height() + 16)
        self.middle_layout.setStretch(self.middle_layout.count() - 1, 0 if live else 1)
        self.want_meters("calls", bool(live))
        ringing = model.ringing()
        self.ringing.present(ringing, self.bridge.customers.get(ringing[0].call_id) if ringing else None,
                            self.shortcut_text("answer"))
        self.render_customer("")
        focus = self.focusWidget()
        if lost and (focus is None or not focus.isVisible() or not self._in_calls(focus)):
            self._land_focus()

    def _in_calls(self, widget: QWidget) -> bool:
        return self.ringing.isAncestorOf(widget) or any(c.isAncestorOf(widget) for c in self.cards.values())

    def _land_focus(self) -> None:
        """Keyboard users: when the focused control went away (answered, hung up), land on the call."""
        current = self.bridge.calls.current()
        card = self.cards.get(current.call_id) if current else None
        if card is not None:
            card.hangup_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.ringing.isVisible():
            self.ringing.answer_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.wrapup.isVisible():
            self.wrapup.search.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.dialpad.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def render_customer(self, call_id: str) -> None:
        model, customers = self.bridge.calls, self.bridge.customers
        ringing = model.ringing()
        ring_card = customers.get(ringing[0].call_id) if ringing else None
        if ringing and call_id in ("", ringing[0].call_id):
            self.ringing.customer.present(ring_card)
        current = model.current()
        card = customers.get(current.call_id) if current else None
        if card is None and self.bridge.wrapup.current is not None:
            card = customers.get(self.bridge.wrapup.current.call_id)
        self.customer.setVisible(card is not None)
        self.customer.present(card)
        shown = card or ring_card  # the notes follow the customer on screen
        selected = shown.selected if shown else None
        if shown is not None and selected is not None and selected.customer_id != self.notes.customer_id:
            self.notes.show_customer(selected.customer_id, selected.name, shown.call_id)

    def render_status(self) -> None:
        self.status_bar.present()
        alerts = self.bridge.status.alerts
        if alerts and alerts[-1] is not self._last_alert:
            self._last_alert = alerts[-1]
            self.alert.show_alert(alerts[-1])

    def transfer_targets(self) -> list[tuple[str, str]]:
        """Recent distinct numbers for the transfer target picker, newest first."""
        seen: set[str] = set()
        targets: list[tuple[str, str]] = []
        for record in self.core.recent_calls("", HistoryFilter.ALL, 50):
            target = record.number or record.remote_uri
            if target and target not in seen:
                seen.add(target)
                targets.append((f"{record.display_name} — {target}" if record.display_name else target, target))
        return targets[:12]

    def want_meters(self, holder: str, on: bool) -> None:
        """Level meters run in the engine only while a call card or the settings show them."""
        before = bool(self._meter_holders)
        if on:
            self._meter_holders.add(holder)
        else:
            self._meter_holders.discard(holder)
        if bool(self._meter_holders) != before:
            self.send(SetLevelMeters(enabled=not before))

    def show_supervisor_board(self) -> None:
        """Supervisors only: the board appears once the server sent one (agents never get one)."""
        if self.side.indexOf(self.supervisor) < 0:
            self.side.addTab(self.supervisor, icon("history"), self.tr("Supervisor"))

    def render_levels(self, microphone: float, _speaker: float) -> None:
        for card in self.cards.values():
            card.set_level(microphone)

    def tick(self) -> None:
        now = time.time()
        for card in self.cards.values():
            card.tick(now)
        self.wrapup.tick(now)

    # ---- incoming calls --------------------------------------------------------------------------
    def on_incoming(self, call_id: str) -> None:
        view = self.bridge.calls.get(call_id)
        if view is None:
            return
        self.bring_to_front()
        focus = self.focusWidget()
        typing = isinstance(focus, QPlainTextEdit) or (isinstance(focus, QLineEdit) and bool(focus.text()))
        if not typing:  # never steal a half-typed note or number
            self.ringing.answer_button.setFocus(Qt.FocusReason.OtherFocusReason)
        # screen readers announce it
        QAccessible.updateAccessibility(QAccessibleEvent(self.ringing, QAccessible.Event.Alert))
        if self.settings.notifications:
            self.tray.notify(self.tr("Incoming call"), display_name(view.remote))

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        QApplication.alert(self, 0)

    # ---- actions (buttons and shortcuts) ---------------------------------------------------------
    def dial(self, account_id: str, target: str) -> None:
        self.bridge.calls.last_dialed = target
        self.hold_active()
        self.send(Dial(account_id=account_id, target=target))

    def answer(self) -> None:
        ringing = self.bridge.calls.ringing()
        if ringing:
            self.answer_call(ringing[0].call_id)

    def answer_call(self, call_id: str) -> None:
        self.hold_active()
        self.send(Answer(call_id=call_id))

    def hold_active(self) -> None:
        """Before answering or placing another call, put the one we talk on on hold."""
        for call in self.bridge.calls.calls.values():
            if call.answered and not call.held and not call.in_conference and not call.ringing_in:
                self.send(Hold(call_id=call.call_id))

    def hangup(self) -> None:
        current = self.bridge.calls.current()
        if current is not None:
            self.send(Hangup(call_id=current.call_id))
            return
        ringing = self.bridge.calls.ringing()
        if ringing:
            self.send(Reject(call_id=ringing[0].call_id, code=486))

    def toggle_hold(self) -> None:
        current = self.bridge.calls.current()
        if current is not None and current.answered:
            self.send(Resume(call_id=current.call_id) if current.held else Hold(call_id=current.call_id))

    def toggle_mute(self) -> None:
        current = self.bridge.calls.current()
        if current is not None and current.answered:
            self.send(Mute(call_id=current.call_id, muted=not current.muted))

    def select_customer(self, call_id: str, customer_id: str) -> None:
        card = self.bridge.customers.select(call_id, customer_id)
        if card is not None:
            self.bridge.wrapup.set_customer(call_id, customer_id)
            self.render_customer(call_id)

    def handoff(self, message: str) -> None:
        """A link from a second launch (or the command line): dial it or fill it in."""
        self.bring_to_front()
        target = handoff_target(message)  # only tel:/sip:/sips:/callto: links; "" just raises the window
        if not target or not is_dialable(target):
            return
        if self.settings.auto_dial_links and self.bridge.calls.current() is None and self.dialpad.account_id():
            self.dialpad.request(target)
        else:
            self.dialpad.prefill(target)

    # ---- closing ---------------------------------------------------------------------------------
    def close_for_real(self) -> None:
        self._quitting = True
        self.close()

    def adopt(self, old: MainWindow) -> None:
        """Take over what the agent sees and typed from the window this one replaces (new language)."""
        self.restoreGeometry(old.saveGeometry())
        self.dialpad.input.setText(old.dialpad.input.text())
        self.dialpad.set_last_target(old.dialpad.last_target)
        self.side.setCurrentIndex(old.side.currentIndex())
        if old.notes.customer_id:
            self.notes.show_customer(old.notes.customer_id, old.notes.heading_name, old.notes.call_id)
        self.notes.editor.setPlainText(old.notes.editor.toPlainText())
        self.wrapup.adopt(old.wrapup)
        self._last_alert = old._last_alert
        self.alert.setVisible(old.alert.isVisible())
        if old._last_alert is not None:
            self.alert.show_alert(old._last_alert)  # type: ignore[arg-type]
            self.alert.setVisible(old.alert.isVisible())
        for call_id, card in self.cards.items():
            if call_id in old.cards:
                card.adopt(old.cards[call_id])

    def retire(self) -> None:
        """Replaced by a new window: go away without quitting the app or touching the tray."""
        self._retired = True
        self.ticker.stop()
        if self.tray.icon is not None:
            self.tray.icon.hide()
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._retired:
            event.accept()
            return
        if self.tray.icon is not None and not self._quitting:
            self.hide()  # keep running in the tray: calls still ring
            event.ignore()
            return
        self.ticker.stop()
        event.accept()
        self.closed.emit()
