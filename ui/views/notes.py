"""Customer notes: the selected customer's notes (local first) and a box to add one."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget
from softphone.domain.app_events import StoreFailed
from softphone.domain.commands import SaveNote
from softphone.domain.messages import Command, Event
from softphone.domain.views import CustomerNote

from ui.views.common import PlainLabel, make_button


class NotesPanel(QWidget):
    def __init__(self, fetch: Callable[[str], list[CustomerNote]], send: Callable[[Command], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._send = send
        self.customer_id = ""
        self.heading_name = ""
        self.call_id: str | None = None
        self.heading = PlainLabel(name="sectionTitle", wrap=True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Customer notes"))
        self.list.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("New note"))
        self.editor.setPlaceholderText(self.tr("Write a note about this customer"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(80)
        self.add_button = make_button(self.tr("Add note"), self.tr("Save the note"), icon_name="note")
        self.message = PlainLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        add_keys = QShortcut(QKeySequence("Ctrl+Return"), self.editor, context=Qt.ShortcutContext.WidgetShortcut)
        add_keys.activated.connect(self.add)
        self.show_customer("", "")

    def show_customer(self, customer_id: str, name: str, call_id: str | None = None) -> None:
        self.customer_id, self.call_id, self.heading_name = customer_id, call_id, name
        self.heading.setText(self.tr("Notes: %1").replace("%1", name) if customer_id
                             else self.tr("No customer selected"))
        for widget in (self.editor, self.add_button):
            widget.setEnabled(bool(customer_id))
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if not self.customer_id:
            return
        for note in self._fetch(self.customer_id):
            when = time.strftime("%d/%m/%Y %H:%M", time.localtime(note.created_at))
            author = f" · {note.author}" if note.author else ""
            self.list.addItem(QListWidgetItem(f"{when}{author}\n{note.text}"))

    def add(self) -> None:
        text = self.editor.toPlainText().strip()
        if not (text and self.customer_id):
            return
        self._send(SaveNote(customer_id=self.customer_id, text=text, call_id=self.call_id))
        self.editor.clear()
        self.message.setText(self.tr("Saving note…"))

    def on_event(self, event: Event) -> None:
        if isinstance(event, StoreFailed) and self.message.text() == self.tr("Saving note…"):
            self.message.setText(self.tr("Note not saved: %1").replace("%1", event.reason))

    def note_saved(self, customer_id: str) -> None:
        if customer_id in ("", self.customer_id):
            self.message.setText(self.tr("Note saved."))
            self.refresh()
