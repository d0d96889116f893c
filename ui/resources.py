"""Where the UI's resources live (icons, theme, translations) and small loaders."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    """``resources/`` next to the packages, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))


def stylesheet(theme: str = "light") -> str:
    path = resources_dir() / "theme" / f"{theme}.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def translations_dir() -> Path:
    return resources_dir() / "translations"
