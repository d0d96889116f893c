"""Small widget helpers: plain-text labels, named buttons, dynamic style properties."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from ui.resources import icon


class PlainLabel(QLabel):
    """A label that never interprets its text as rich text (caller names, CRM fields, notes)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, name: str = "",
                 wrap: bool = False, selectable: bool = False) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        if name:
            self.setObjectName(name)
        self.setWordWrap(wrap)
        if selectable:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.TextSelectableByKeyboard)


def make_button(text: str, accessible: str, *, name: str = "", icon_name: str = "",
                checkable: bool = False, parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    if name:
        button.setObjectName(name)
    if icon_name:
        button.setIcon(icon(icon_name))
    button.setCheckable(checkable)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def make_meter(accessible: str, parent: QWidget | None = None) -> QProgressBar:
    meter = QProgressBar(parent)
    meter.setRange(0, 100)
    meter.setTextVisible(False)
    meter.setAccessibleName(accessible)
    meter.setFixedHeight(8)
    return meter


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the QSS selects on, and re-polish only when it changed."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def level_to_percent(level: float) -> int:
    return max(0, min(100, round(level * 100)))
