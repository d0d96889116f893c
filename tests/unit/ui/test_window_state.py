"""The agent's window layout survives a restart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.main_window import MainWindow
from ui.window_state import restore_state, save_state, state_file


def test_layout_is_saved_and_restored(tmp_path: Path, window: MainWindow, core: FakeCore, bridge: QtBridge) -> None:
    path = tmp_path / "ui-state.ini"
    fresh = MainWindow(core, bridge)
    assert not restore_state(fresh, path)  # first start: nothing saved yet
    window.resize(760, 560)  # within the offscreen screen (800 x 600)
    window.splitter.setSizes([250, 260, 230])
    window.side.setCurrentIndex(1)
    sizes = window.splitter.sizes()
    save_state(window, path)
    assert restore_state(fresh, path)
    fresh.show()
    assert (fresh.width(), fresh.height()) == (760, 560)
    assert fresh.splitter.sizes() == sizes and fresh.side.currentIndex() == 1
    fresh.close()
    fresh.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_state_file_lives_in_the_config_dir(softphone_home: Path) -> None:
    assert state_file().is_relative_to(softphone_home)
