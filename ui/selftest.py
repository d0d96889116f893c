"""Qt part of ``softphone selftest``: versions, and optionally an offscreen window."""

from __future__ import annotations

import os


def qt_versions() -> dict[str, str]:
    import PySide6
    from PySide6 import QtCore

    return {"PySide6": PySide6.__version__, "Qt": QtCore.qVersion()}


def offscreen_window_check() -> str:
    """Create and paint a small window offscreen; returns the platform plugin used."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("selftest")
    label.resize(120, 40)
    image = label.grab()
    if image.isNull():
        raise RuntimeError("Qt could not paint a widget")
    return str(QApplication.platformName()) if isinstance(app, QApplication) else "unknown"
