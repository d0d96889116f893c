"""Call history: search, filter (all / missed / inbound / outbound), call back."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget
from softphone.domain.values import Direction
from softphone.domain.views import CallRecord, HistoryFilter

from ui.viewmodels.calls import format_elapsed
from ui.views.common import make_button


class HistoryPanel(QWidget):
    call_back = Signal(str)  # target

    def __init__(self, fetch: Callable[[str, HistoryFilter], list[CallRecord]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.records: list[CallRecord] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, number, disposition"))
        self.search.setAccessibleName(self.tr("Search history"))
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Filter history"))
        for kind, text in ((HistoryFilter.ALL, self.tr("All calls")), (HistoryFilter.MISSED, self.tr("Missed")),
                           (HistoryFilter.INBOUND, self.tr("Inbound")), (HistoryFilter.OUTBOUND, self.tr("Outbound"))):
            self.filter.addItem(text, kind)
        self.table = QTreeWidget()
        self.table.setAccessibleName(self.tr("Call history"))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Number"), self.tr("Duration"),
                                    self.tr("Disposition")])
        self.call_back_button = make_button(self.tr("Call back"), self.tr("Call back the selected call"),
                                            icon_name="phone")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.call_back_button, 0, Qt.AlignmentFlag.AlignRight)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.itemActivated.connect(lambda _item, _col: self.call_back_selected())
        self.call_back_button.clicked.connect(self.call_back_selected)
        self.refresh()

    def schedule_refresh(self) -> None:
        """Refresh soon (debounced: a burst of call events queries the history once)."""
        self._debounce.start()

    def direction_text(self, record: CallRecord) -> str:
        if record.missed:
            return self.tr("Missed")
        return self.tr("In") if record.direction is Direction.INBOUND else self.tr("Out")

    def refresh(self) -> None:
        kind = self.filter.currentData()
        self.records = self._fetch(self.search.text(), kind if isinstance(kind, HistoryFilter) else HistoryFilter.ALL)
        self.table.clear()
        items = []
        for record in self.records:
            when = time.strftime("%d/%m %H:%M", time.localtime(record.started_at)) if record.started_at else ""
            item = QTreeWidgetItem([f"{self.direction_text(record)} · {when}", record.display_name,
                                    record.number or record.remote_uri,
                                    format_elapsed(record.duration_s) if record.duration_s else "",
                                    record.disposition_code])
            item.setData(0, Qt.ItemDataRole.UserRole, record.number or record.remote_uri)
            items.append(item)
        self.table.addTopLevelItems(items)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
        if items:
            self.table.setCurrentItem(items[0])
        self.call_back_button.setEnabled(bool(items))

    def call_back_selected(self) -> None:
        item = self.table.currentItem()
        if item is not None:
            target = str(item.data(0, Qt.ItemDataRole.UserRole) or "")
            if target:
                self.call_back.emit(target)
