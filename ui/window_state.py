"""The main window's size, position and panel widths survive restarts (an agent's layout, per user).

Kept by Qt's QSettings in ``<config dir>/ui-state.ini`` (``softphone.paths``: honours
``SOFTPHONE_HOME``); only layout, never call data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from softphone.paths import config_dir

from ui.main_window import MainWindow


def state_file() -> Path:
    return config_dir() / "ui-state.ini"


def save_state(window: MainWindow, path: Path | None = None) -> None:
    settings = QSettings(str(path or state_file()), QSettings.Format.IniFormat)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", window.splitter.saveState())
    settings.setValue("window/side_tab", window.side.currentIndex())
    settings.sync()


def restore_state(window: MainWindow, path: Path | None = None) -> bool:
    """Apply the saved layout; False when there is none (first start) or it is unreadable."""
    settings = QSettings(str(path or state_file()), QSettings.Format.IniFormat)
    geometry = settings.value("window/geometry")
    if not isinstance(geometry, QByteArray | bytes) or not window.restoreGeometry(QByteArray(geometry)):
        return False
    splitter = settings.value("window/splitter")
    if isinstance(splitter, QByteArray | bytes):
        window.splitter.restoreState(QByteArray(splitter))
    tab = str(settings.value("window/side_tab", 0))
    window.side.setCurrentIndex(int(tab) if tab.isdigit() else 0)
    return True
