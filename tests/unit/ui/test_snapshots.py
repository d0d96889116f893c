"""With SOFTPHONE_UI_SNAPSHOT_DIR set, the app saves ringing, in-call and wrap-up screenshots itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from softphone.domain.events import CallEnded
from softphone.domain.values import EndReason
from tests.unit.ui import scenarios as sc
from ui.main_window import MainWindow
from ui.snapshots import ENV, Snapshotter


def test_off_by_default(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert Snapshotter.from_env(window.bridge, lambda: window) is None


def test_the_three_moments_are_saved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot,
                                     window: MainWindow, publish: Callable[..., None]) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "shots"))
    snapshots = Snapshotter.from_env(window.bridge, lambda: window)
    assert snapshots is not None
    publish(*sc.ringing(), sc.found())
    qtbot.waitUntil((tmp_path / "shots" / "ringing.png").exists, timeout=3000)
    publish(*sc.answered())
    qtbot.waitUntil((tmp_path / "shots" / "in_call.png").exists, timeout=3000)
    publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, duration_s=3.0))
    qtbot.waitUntil((tmp_path / "shots" / "wrap_up.png").exists, timeout=3000)
    assert [p.name for p in snapshots.saved] == ["ringing.png", "in_call.png", "wrap_up.png"]
    assert QImage(str(snapshots.saved[0])).width() >= 1000
