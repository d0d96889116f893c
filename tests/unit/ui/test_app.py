"""run_gui: the whole UI on the in-memory core (in its own process, as it runs for real),
and the hand-over to a running instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.app import run_gui
from ui.fake_core import FakeCore
from ui.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from softphone.domain.events import RegistrationChanged
from softphone.domain.values import RegistrationState
from ui.app import run_gui
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

app = QApplication(["softphone"])  # run_gui uses this one
core = FakeCore()
seen = {}

def inspect():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    seen["windows"] = len(windows)
    seen["styled"] = bool(QApplication.instance().styleSheet())
    if windows:
        seen["prefilled"] = windows[0].dialpad.input.text()
        seen["first"] = windows[0].status_bar.registration.text()
        core.hub.publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERED))
        QTimer.singleShot(100, lambda: seen.update(status=windows[0].status_bar.registration.text()))
        QTimer.singleShot(200, windows[0].close_for_real)  # the agent quits: run_gui returns

QTimer.singleShot(200, inspect)
def start():  # the core's first events, published as the engine comes up
    core.hub.publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERING))

code = run_gui(core, ["softphone", "tel:+302101234567"], start=start, server_name=sys.argv[1])
print(json.dumps({"code": code, **seen}))
"""


def test_run_gui_shows_the_window_prefills_the_link_and_quits_on_close() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, f"softphone-test-{uuid.uuid4().hex[:8]}"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "windows": 1, "styled": True, "prefilled": "+302101234567",
                      "first": "Registering…", "status": "Registered"}


def test_second_run_gui_hands_the_link_over_and_returns(qtbot: QtBot) -> None:
    name = f"softphone-test-{uuid.uuid4().hex[:8]}"
    running = SingleInstance(name)
    assert running.listen()
    started: list[bool] = []
    with qtbot.waitSignal(running.message, timeout=3000) as got:
        assert run_gui(FakeCore(), ["softphone", "sip:bob@example.com"], start=lambda: started.append(True),
                       server_name=name) == 0
    assert started == []  # a second launch never starts a second core (nor a second media engine)
    assert got.args == ["sip:bob@example.com"]
    running.close()
