"""UI test fixtures: the in-memory core, a real EventHub, the bridge and the main window."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from softphone.domain.messages import Event
from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.main_window import MainWindow
from ui.resources import stylesheet

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "ui"


@pytest.fixture
def core() -> FakeCore:
    return FakeCore()


@pytest.fixture
def bridge(qapp: QApplication, core: FakeCore) -> Iterator[QtBridge]:
    b = QtBridge(core.hub, core.wrap_up_seconds)
    b.attach()
    yield b
    b.detach()


@pytest.fixture
def publish(bridge: QtBridge) -> Callable[..., None]:
    """Publish events on the hub and let the GUI thread handle them."""

    def run(*events: Event) -> None:
        for event in events:
            bridge.hub.publish(event)
        for _ in range(3):
            QCoreApplication.processEvents()

    return run


@pytest.fixture
def window(qapp: QApplication, core: FakeCore, bridge: QtBridge) -> Iterator[MainWindow]:
    if qapp.styleSheet() != stylesheet():
        qapp.setStyleSheet(stylesheet())  # (setting it again would re-polish every widget alive)
    w = MainWindow(core, bridge)
    w.resize(1200, 760)
    w.show()
    yield w
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture
def shoot(tmp_path: Path) -> Callable[[QWidget, str], Path]:
    """Save a screenshot under the test's temp dir and copy it to artifacts/ui/ for people to look at."""

    def run(widget: QWidget, name: str) -> Path:
        QCoreApplication.processEvents()
        path = tmp_path / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, ARTIFACTS / path.name)
        return path

    return run
