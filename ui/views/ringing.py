"""The ringing panel: who calls, the customer card, Answer / Decline (keyboard first)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from softphone.domain.commands import Reject
from softphone.domain.messages import Command

from ui.viewmodels.calls import CallView, display_name
from ui.viewmodels.customer import CustomerCardView
from ui.views.common import PlainLabel, make_button
from ui.views.customer_card import CustomerCard


class RingingPanel(QFrame):
    answer_requested = Signal(str)  # call id: the window holds the active call first, then answers

    def __init__(self, send: Callable[[Command], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ringing")
        self.setAccessibleName(self.tr("Incoming call"))
        self._send = send
        self.view: CallView | None = None
        self.heading = PlainLabel(self.tr("Incoming call"), name="sectionTitle")
        self.name = PlainLabel(name="ringingName", wrap=True, selectable=True)
        self.number = PlainLabel(selectable=True)
        self.more = PlainLabel()
        self.keys_hint = PlainLabel()
        self.answer_button = make_button(self.tr("Answer"), self.tr("Answer call"), name="answer",
                                         icon_name="phone-white")
        self.decline_button = make_button(self.tr("Decline"), self.tr("Decline call"), name="decline",
                                          icon_name="hangup-white")
        self.customer = CustomerCard(send)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.name)
        left.addWidget(self.number)
        left.addWidget(self.more)
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.decline_button)
        left.addLayout(buttons)
        left.addWidget(self.keys_hint)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.customer, 1)
        self.answer_button.clicked.connect(self.answer)
        self.decline_button.clicked.connect(self.decline)

    def present(self, ringing: list[CallView], card: CustomerCardView | None, answer_keys: str = "") -> None:
        self.view = ringing[0] if ringing else None
        self.setVisible(self.view is not None)
        if self.view is None:
            return
        name = display_name(self.view.remote)
        self.name.setText(name)
        number = self.view.remote.user or self.view.remote.uri
        self.number.setText(number if number != name else self.view.remote.uri)
        self.more.setText(self.tr("%1 more calls waiting").replace("%1", str(len(ringing) - 1))
                          if len(ringing) > 1 else "")
        self.keys_hint.setText(self.tr("Press %1 to answer").replace("%1", answer_keys) if answer_keys else "")
        self.setAccessibleName(self.tr("Incoming call from %1").replace("%1", name))
        self.customer.present(card)

    def answer(self) -> None:
        if self.view is not None:
            self.answer_requested.emit(self.view.call_id)

    def decline(self) -> None:
        if self.view is not None:
            self._send(Reject(call_id=self.view.call_id, code=486))
