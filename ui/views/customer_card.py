"""The screen-pop customer card: looking up / found / several matches / not found / unreachable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from softphone.domain.app_events import CustomerMatch
from softphone.domain.messages import Command
from softphone.domain.ui_commands import RetryCustomerLookup, SelectCustomer

from ui.viewmodels.customer import CustomerCardView, LookupStatus
from ui.views.common import PlainLabel, make_button


class CustomerCard(QFrame):
    customer_selected = Signal(str, str)  # call id, customer id

    def __init__(self, send: Callable[[Command], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerCard")
        self.setAccessibleName(self.tr("Customer card"))
        self._send = send
        self.view: CustomerCardView | None = None
        self.title = PlainLabel(self.tr("Customer"), name="sectionTitle")
        self.status = PlainLabel(wrap=True)
        self.name = PlainLabel(name="callerName", wrap=True, selectable=True)
        self.details = PlainLabel(wrap=True, selectable=True)
        self.summary = PlainLabel(wrap=True, selectable=True)
        self.matches = QListWidget()
        self.matches.setAccessibleName(self.tr("Matching customers"))
        self.matches.setMaximumHeight(110)
        self.use_button = make_button(self.tr("Use this customer"), self.tr("Use the selected customer"))
        self.retry_button = make_button(self.tr("Retry"), self.tr("Retry customer lookup"), icon_name="redial")
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.summary)
        layout.addWidget(self.matches)
        layout.addLayout(row)
        layout.addStretch(1)
        self.use_button.clicked.connect(self.use_selected)
        self.matches.itemActivated.connect(lambda _item: self.use_selected())
        self.retry_button.clicked.connect(self.retry)
        self.present(None)

    def present(self, view: CustomerCardView | None) -> None:
        self.view = view
        status = view.status if view else None
        found = view.selected if view else None
        self.name.setVisible(found is not None)
        self.details.setVisible(found is not None)
        self.summary.setVisible(found is not None and bool(found.summary))
        self.matches.setVisible(status is LookupStatus.CHOOSE)
        self.use_button.setVisible(status is LookupStatus.CHOOSE)
        self.retry_button.setVisible(status is LookupStatus.UNREACHABLE)
        number = view.number if view else ""
        if view is None:
            self.status.setText(self.tr("No customer information."))
        elif status is LookupStatus.LOOKING_UP:
            self.status.setText(self.tr("Looking up the caller…"))
        elif status is LookupStatus.FOUND and found is not None:
            self.status.setText("")
            self._show_match(found)
        elif status is LookupStatus.CHOOSE:
            self.status.setText(self.tr("Several customers match this number: pick one."))
            self.matches.clear()
            for match in view.matches:
                label = f"{match.name} — {match.company}" if match.company else match.name
                item = QListWidgetItem(label)  # list items are plain text
                item.setData(Qt.ItemDataRole.UserRole, match.customer_id)
                self.matches.addItem(item)
            self.matches.setCurrentRow(0)
        elif status is LookupStatus.NOT_FOUND:
            self.status.setText(self.tr("No customer found for %1.").replace("%1", number or self.tr("this number")))
        elif status is LookupStatus.WITHHELD:
            self.status.setText(self.tr("The caller withheld the number."))
        elif status is LookupStatus.UNREACHABLE:
            self.status.setText(self.tr("Customer records are unreachable: %1").replace("%1", view.reason))
        self.status.setVisible(bool(self.status.text()))

    def _show_match(self, match: CustomerMatch) -> None:
        self.name.setText(match.name)
        parts = [match.company, match.tier and self.tr("Tier: %1").replace("%1", match.tier),
                 match.language and self.tr("Language: %1").replace("%1", match.language)]
        self.details.setText(" · ".join(p for p in parts if p))
        self.summary.setText(match.summary)

    def use_selected(self) -> None:
        item = self.matches.currentItem()
        if self.view is None or item is None:
            return
        customer_id = str(item.data(Qt.ItemDataRole.UserRole))
        self._send(SelectCustomer(call_id=self.view.call_id, customer_id=customer_id))
        self.customer_selected.emit(self.view.call_id, customer_id)

    def retry(self) -> None:
        if self.view is not None:
            self._send(RetryCustomerLookup(call_id=self.view.call_id))
