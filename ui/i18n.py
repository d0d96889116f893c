"""Qt translations: our catalog (resources/translations/softphone_<lang>.qm) plus Qt's own."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import translations_dir

SUPPORTED = ("en", "el")


def pick_language(setting: str, system: str | None = None) -> str:
    """The setting if supported, else the system language if supported, else English."""
    if setting in SUPPORTED:
        return setting
    system = system or QLocale.system().name()
    short = system.split("_", 1)[0]
    return short if short in SUPPORTED else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load and install the translators for ``language``; returns them (keep them alive)."""
    if language == "en":
        return []
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"softphone_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
