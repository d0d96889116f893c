"""Wrap-up: searchable disposition, notes, follow-up, countdown; "saved" only after DispositionSaved."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from softphone.domain.messages import Command
from softphone.domain.views import DispositionOption

from ui.viewmodels.wrapup import WrapUpModel, WrapUpPhase, WrapUpProblem, filter_dispositions
from ui.views.common import PlainLabel, make_button, set_style_property


class WrapUpPanel(QFrame):
    closed = Signal()

    def __init__(self, model: WrapUpModel, catalog: Callable[[], tuple[DispositionOption, ...]],
                 send: Callable[[Command], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapup")
        self.setAccessibleName(self.tr("Wrap-up"))
        self.model = model
        self._catalog = catalog
        self._send = send
        self._shown_call = ""
        self.title = PlainLabel(self.tr("Wrap-up"), name="sectionTitle")
        self.caller = PlainLabel(wrap=True)
        self.countdown = PlainLabel(name="countdown")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search dispositions"))
        self.search.setAccessibleName(self.tr("Search dispositions"))
        self.search.setClearButtonEnabled(True)
        self.dispositions = QListWidget()
        self.dispositions.setAccessibleName(self.tr("Disposition"))
        self.dispositions.setMinimumHeight(90)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Notes about this call"))
        self.notes.setAccessibleName(self.tr("Call notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.follow_up = QCheckBox(self.tr("Follow up"))
        self.follow_up.setAccessibleName(self.tr("Schedule a follow-up"))
        self.follow_up_at = QDateTimeEdit()
        self.follow_up_at.setCalendarPopup(True)
        locale = QLocale.system()
        self.follow_up_at.setDisplayFormat("dd/MM/yyyy HH:mm" if locale.language() == QLocale.Language.C
                                           else locale.dateTimeFormat(QLocale.FormatType.ShortFormat))
        self.follow_up_at.setAccessibleName(self.tr("Follow-up date and time"))
        self.follow_up_at.setEnabled(False)
        self.message = PlainLabel(wrap=True)
        self.save_button = make_button(self.tr("Save"), self.tr("Save disposition"), name="primary",
                                       icon_name="check-white")
        self.close_button = make_button(self.tr("Close"), self.tr("Close wrap-up"))

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.countdown)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up)
        follow.addWidget(self.follow_up_at, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.caller)
        layout.addWidget(self.search)
        layout.addWidget(self.dispositions)
        layout.addWidget(self.notes)
        layout.addLayout(follow)
        layout.addLayout(buttons)

        save_keys = QShortcut(QKeySequence("Ctrl+Return"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_keys.activated.connect(self.save)
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self._pick_first)
        self.follow_up.toggled.connect(self.follow_up_at.setEnabled)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close_saved)
        self.present()

    # ---- rendering -----------------------------------------------------------------------------
    def _fill(self) -> None:
        current = self.selected_option()
        self.dispositions.clear()
        for option in filter_dispositions(self._catalog(), self.search.text()):
            item = QListWidgetItem(option.label)
            item.setData(Qt.ItemDataRole.UserRole, option.code)
            self.dispositions.addItem(item)
            if current is not None and option.code == current.code:
                self.dispositions.setCurrentItem(item)

    def _pick_first(self) -> None:
        if self.dispositions.count() and self.dispositions.currentRow() < 0:
            self.dispositions.setCurrentRow(0)
        self.dispositions.setFocus()

    def present(self) -> None:
        view = self.model.current
        self.setVisible(view is not None)
        if view is None:
            self._shown_call = ""
            return
        if view.call_id != self._shown_call:  # a new call to wrap up: a fresh form
            self._shown_call = view.call_id
            self.dispositions.clear()  # forget the previous call's choice before refilling
            self.search.clear()
            self.notes.clear()
            self.follow_up.setChecked(False)
            self.follow_up_at.setDateTime(QDateTime.currentDateTime().addDays(1))
            self._fill()
        self.caller.setText(self.tr("Call with %1").replace("%1", view.caller))
        editing = view.phase in (WrapUpPhase.EDITING, WrapUpPhase.FAILED)
        for widget in (self.search, self.dispositions, self.notes, self.follow_up):
            widget.setEnabled(editing)
        self.follow_up_at.setEnabled(editing and self.follow_up.isChecked())
        self.save_button.setEnabled(editing)
        self.close_button.setVisible(view.phase is WrapUpPhase.SAVED)
        if view.phase is WrapUpPhase.SAVING:
            self._message(self.tr("Saving…"), "")
        elif view.phase is WrapUpPhase.SAVED:
            self._message(self.tr("Saved."), "ok")
        elif view.phase is WrapUpPhase.FAILED:
            self._message(self.tr("Not saved: %1").replace("%1", view.error), "error")
        self.tick(time.time())

    def tick(self, now: float) -> None:
        view = self.model.current
        remaining = view.remaining(now) if view else None
        if view is None or remaining is None or view.phase is WrapUpPhase.SAVED:
            self.countdown.setText("")
            return
        overdue = remaining < 0
        secs = math.ceil(abs(remaining))
        text = f"{secs // 60}:{secs % 60:02d}"
        self.countdown.setText(self.tr("Overdue %1").replace("%1", text) if overdue
                               else self.tr("%1 left").replace("%1", text))
        set_style_property(self.countdown, "overdue", overdue)

    def _message(self, text: str, kind: str) -> None:
        self.message.setText(text)
        self.message.setObjectName(kind or "message")
        style = self.message.style()
        style.unpolish(self.message)
        style.polish(self.message)

    # ---- actions -------------------------------------------------------------------------------
    def selected_option(self) -> DispositionOption | None:
        item = self.dispositions.currentItem()
        if item is None:
            return None
        code = item.data(Qt.ItemDataRole.UserRole)
        return next((o for o in self._catalog() if o.code == code), None)

    def save(self) -> None:
        current = self.model.current
        if current is None or current.phase in (WrapUpPhase.SAVING, WrapUpPhase.SAVED):
            return
        follow = self.follow_up_at.dateTime().toSecsSinceEpoch() if self.follow_up.isChecked() else None
        result = self.model.save(self.selected_option(), self.notes.toPlainText(),
                                 float(follow) if follow is not None else None)
        if isinstance(result, WrapUpProblem):
            problems = {
                WrapUpProblem.NO_DISPOSITION: self.tr("Pick a disposition."),
                WrapUpProblem.NOTE_REQUIRED: self.tr("This disposition needs a note."),
                WrapUpProblem.FOLLOW_UP_REQUIRED: self.tr("This disposition needs a follow-up time."),
            }
            self._message(problems[result], "error")
            return
        self._send(result)
        self.present()

    def adopt(self, old: WrapUpPanel) -> None:
        """Carry the half-filled form over from a replaced window."""
        self.search.setText(old.search.text())
        option = old.selected_option()
        if option is not None:
            for row in range(self.dispositions.count()):
                if self.dispositions.item(row).data(Qt.ItemDataRole.UserRole) == option.code:
                    self.dispositions.setCurrentRow(row)
        self.notes.setPlainText(old.notes.toPlainText())
        self.follow_up.setChecked(old.follow_up.isChecked())
        self.follow_up_at.setDateTime(old.follow_up_at.dateTime())

    def close_saved(self) -> None:
        self.model.done()
        self.present()
        self.closed.emit()
