"""Ringing, in-call and wrap-up as the agent sees them (screenshots saved for review)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from softphone.domain.app_events import AgentStateChanged
from softphone.domain.events import CallEnded
from softphone.domain.ui_commands import AudioLevels
from softphone.domain.values import AgentState, EndReason
from tests.unit.ui import scenarios as sc
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

Shoot = Callable[[QWidget, str], Path]


def _not_blank(path: Path) -> None:
    image = QImage(str(path))
    assert image.width() > 600 and image.height() > 400
    colors = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colors) > 5, "the screenshot is blank"


def test_ringing_in_call_and_wrap_up_screens(window: MainWindow, publish: Callable[..., None], shoot: Shoot,
                                             core: FakeCore) -> None:
    publish(*sc.registered(), *sc.ringing(), sc.found())
    assert window.ringing.isVisible() and window.ringing.customer.name.text() == "Maria Papadopoulou"
    _not_blank(shoot(window, "ringing"))

    publish(*sc.answered(at=time.time() - 75), AudioLevels(microphone=0.6, speaker=0.4))
    window.tick()
    card = window.cards["c1"]
    assert card.isVisible() and not window.ringing.isVisible()
    assert card.timer.text() in {"01:15", "01:16"}
    assert card.mic_meter.value() == 60
    _not_blank(shoot(window, "in_call"))

    publish(CallEnded(call_id="c1", reason=EndReason.HANGUP_REMOTE, duration_s=80.0),
            AgentStateChanged(state=AgentState.WRAP_UP, call_id="c1", wrap_up_deadline=time.time() + 45))
    assert window.wrapup.isVisible() and not window.cards
    window.wrapup.dispositions.setCurrentRow(0)
    window.wrapup.notes.setPlainText("Wants the Gold plan; call back Monday")
    _not_blank(shoot(window, "wrap_up"))


def test_expanded_card_two_lines_and_settings(window: MainWindow, publish: Callable[..., None], shoot: Shoot,
                                              core: FakeCore) -> None:
    from ui.views.settings import SettingsDialog

    publish(*sc.ringing("c1"), sc.found("c1"), *sc.answered("c1", at=time.time() - 30))
    publish(*sc.ringing("c2", name="Bob Smith", number="+302107654321"), *sc.answered("c2"))
    first = window.cards["c1"]
    first.keypad_button.click()
    first.transfer_button.click()
    publish(*sc.ringing("c3", name="Nikos", number="+302100000003"))
    window.tick()
    assert len(window.cards) == 2 and window.ringing.isVisible()
    assert "1 more" not in window.ringing.more.text()
    _not_blank(shoot(window, "two_lines_expanded"))
    dialog = SettingsDialog(core, window.bridge, window)
    dialog.resize(620, 460)
    dialog.show()
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        _not_blank_small(shoot(dialog, f"settings_{index}"))
    dialog.reject()


def _not_blank_small(path: Path) -> None:
    image = QImage(str(path))
    assert image.width() > 300 and image.height() > 200


HIDPI_SCRIPT = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from tests.unit.ui import scenarios as sc
from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.main_window import MainWindow
from ui.resources import stylesheet
app.setStyleSheet(stylesheet())
core = FakeCore()
bridge = QtBridge(core.hub, core.wrap_up_seconds)
bridge.attach()
window = MainWindow(core, bridge)
window.resize(1100, 700)
window.show()
for event in [*sc.registered(), *sc.ringing(), sc.found(), *sc.answered(at=time.time() - 42)]:
    core.hub.publish(event)
for _ in range(5):
    app.processEvents()
window.tick()
image = window.grab()
image.save(sys.argv[1])
print(image.width(), image.height(), window.cards["c1"].hangup_button.width())
"""


def test_200_percent_scaling_renders_twice_the_pixels(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    from tests.unit.ui.conftest import ARTIFACTS

    root = Path(__file__).resolve().parents[3]
    shot = tmp_path / "in_call_200pct.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    proc = subprocess.run([sys.executable, "-c", HIDPI_SCRIPT, str(shot)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    width, height, button = (int(x) for x in proc.stdout.split())
    assert (width, height) == (2200, 1400)  # device pixels: the layout (in logical pixels) is unchanged
    assert 60 < button < 200  # logical size of the Hang up button: readable, not blown up twice
    _not_blank(shot)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / shot.name)
