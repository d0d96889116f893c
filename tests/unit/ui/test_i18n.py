"""Greek translation: complete, compiled, loaded, and shown by the widgets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from tests.unit.ui import scenarios as sc
from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.i18n import install_translators, pick_language
from ui.main_window import MainWindow
from ui.resources import stylesheet, translations_dir

ROOT = Path(__file__).resolve().parents[3]
TS = translations_dir() / "softphone_el.ts"
QM = translations_dir() / "softphone_el.qm"


def _sources(path: Path) -> set[tuple[str, str]]:
    tree = ET.parse(path)
    return {(ctx.findtext("name") or "", msg.findtext("source") or "")
            for ctx in tree.iter("context") for msg in ctx.iter("message")}


def test_catalog_is_complete_and_up_to_date(tmp_path: Path) -> None:
    tree = ET.parse(TS)
    unfinished = [m.findtext("source") for m in tree.iter("message")
                  if m.find("translation") is not None and m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
    assert not unfinished, unfinished
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True, timeout=60)
    missing = _sources(fresh) - _sources(TS)
    assert not missing, f"new strings not in the Greek catalog: {sorted(missing)}"
    compiled = tmp_path / "fresh.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(compiled)], check=True, capture_output=True, timeout=60)
    assert QM.read_bytes() == compiled.read_bytes(), "softphone_el.qm is stale: run pyside6-lrelease (README)"


def test_pick_language() -> None:
    assert pick_language("el") == "el"
    assert pick_language("", system="el_GR") == "el"
    assert pick_language("", system="fr_FR") == "en"
    assert pick_language("de", system="en_US") == "en"


@pytest.fixture
def greek(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "el")
    assert translators, "the Greek catalog did not load"
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)


def test_main_window_speaks_greek(greek: None, core: FakeCore, bridge: QtBridge, publish: Callable[..., None],
                                  shoot: Callable[[QWidget, str], Path]) -> None:
    assert install_translators(QCoreApplication.instance(), "en") == []  # type: ignore[arg-type]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if app.styleSheet() != stylesheet():
        app.setStyleSheet(stylesheet())
    window = MainWindow(core, bridge)
    window.resize(1200, 760)
    window.show()
    publish(*sc.registered(), *sc.ringing(), sc.found())
    assert window.ringing.answer_button.text() == "Απάντηση"
    assert window.ringing.answer_button.accessibleName() == "Απάντηση κλήσης"
    assert window.status_bar.registration.text() == "Εγγεγραμμένος"
    assert window.dialpad.call_button.text() == "Κλήση"
    shoot(window, "ringing_el")
    window.close()
    window.deleteLater()


def test_lrelease_is_available() -> None:
    assert shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
