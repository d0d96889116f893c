"""Render softphone.svg into the raster icons the builds need (run after editing the SVG).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/render_icons.py

Writes softphone.png (256 px: .deb hicolor icon), softphone.ico (Windows, 16-256 px) and
softphone.icns (macOS) next to this file, using Qt's SVG renderer and image writers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

HERE = Path(__file__).resolve().parent


def render(size: int) -> QImage:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(HERE / "softphone.svg"))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    big = render(256)
    ok = big.save(str(HERE / "softphone.png"))  # the format follows the file suffix
    ok = big.save(str(HERE / "softphone.ico")) and ok
    ok = render(512).save(str(HERE / "softphone.icns")) and ok
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
