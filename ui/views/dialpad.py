"""The dial pad: number field with paste cleanup, digits, account picker, Call and Redial."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget
from softphone.domain.values import AccountSettings

from ui.viewmodels.dialing import clean_number, is_dialable
from ui.views.common import PlainLabel, make_button

DIGITS = "123456789*0#"


class DialInput(QLineEdit):
    """A line edit whose paste (keyboard or menu) inserts the cleaned-up number."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clean()
            return
        super().keyPressEvent(event)

    def paste_clean(self) -> None:
        text = QGuiApplication.clipboard().text()
        self.insert(clean_number(text))


class DialPad(QFrame):
    dial_requested = Signal(str, str)  # account id, target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.last_target = ""
        self.setMinimumWidth(240)
        self.title = PlainLabel(self.tr("Dial"), name="sectionTitle")
        self.input = DialInput()
        self.input.setObjectName("dialInput")
        self.input.setPlaceholderText(self.tr("Number or SIP address"))
        self.input.setAccessibleName(self.tr("Number to dial"))
        self.input.setClearButtonEnabled(True)
        self.account = QComboBox()
        self.account.setAccessibleName(self.tr("Account to call from"))
        self.call_button = make_button(self.tr("Call"), self.tr("Call the number"), name="primary",
                                       icon_name="phone-white")
        self.redial_button = make_button(self.tr("Redial"), self.tr("Redial the last number"), icon_name="redial")
        self.problem = PlainLabel(name="error", wrap=True)
        grid = QGridLayout()
        self.digit_buttons: dict[str, QWidget] = {}
        for i, key in enumerate(DIGITS):
            button = make_button(key, self.tr("Digit %1").replace("%1", key), name="digit")
            button.clicked.connect(self._digit_slot(key))
            grid.addWidget(button, i // 3, i % 3)
            self.digit_buttons[key] = button
        row = QHBoxLayout()
        row.addWidget(self.call_button, 2)
        row.addWidget(self.redial_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.input)
        layout.addLayout(grid)
        layout.addLayout(row)
        layout.addWidget(self.account)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.call_button.clicked.connect(self.dial)
        self.input.returnPressed.connect(self.dial)
        self.redial_button.clicked.connect(self.redial)
        self.input.textChanged.connect(lambda _t: self.problem.setText(""))
        self._sync_redial()

    def set_accounts(self, accounts: tuple[AccountSettings, ...], default_id: str = "") -> None:
        self.account.clear()
        for acc in accounts:
            label = f"{acc.display_name or acc.username} <{acc.username}@{acc.domain}>"
            self.account.addItem(label, acc.account_id)
        index = self.account.findData(default_id)
        self.account.setCurrentIndex(max(0, index))
        self.account.setVisible(len(accounts) > 1)

    def account_id(self) -> str:
        data = self.account.currentData()
        return str(data) if data else ""

    def set_last_target(self, target: str) -> None:
        self.last_target = target
        self._sync_redial()

    def _sync_redial(self) -> None:
        self.redial_button.setEnabled(bool(self.last_target))

    def _digit_slot(self, key: str) -> Callable[[], None]:
        def slot() -> None:
            self._press(key)

        return slot

    def _press(self, key: str) -> None:
        self.input.insert(key)
        self.input.setFocus()

    def prefill(self, target: str) -> None:
        self.input.setText(target)
        self.input.setFocus()
        self.call_button.setDefault(True)

    def dial(self) -> None:
        self.request(self.input.text())

    def redial(self) -> None:
        if self.last_target:
            self.request(self.last_target)

    def request(self, raw: str) -> None:
        target = clean_number(raw)
        if not is_dialable(target):
            self.problem.setText(self.tr("Enter a number or SIP address."))
            return
        if not self.account_id():
            self.problem.setText(self.tr("No SIP account is set up: add one in Settings."))
            return
        self.set_last_target(target)
        self.input.clear()
        self.dial_requested.emit(self.account_id(), target)

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()
