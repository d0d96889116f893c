"""The UI's share of startup and memory, with the in-memory core (no engine, no store).

``ui_startup_to_painted_ms``: launch of a fresh Python process -> the main window's first
paint with a registration already shown (median of 5, offscreen). ``ui_rss_idle_mb``: that
process's resident memory one second later. The full-app metrics of issue 8
(``startup_to_registered_ms``, ``rss_idle_mb``, ``rss_in_call_mb``) add the core and the media
engine and are measured by the composition root's benchmark.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result, median_result

METRICS = ("ui_startup_to_painted_ms", "ui_rss_idle_mb")
ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(launched_at: float) -> None:
    """Runs in the measured process: start the UI, report first paint and idle RSS as JSON."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from softphone.domain.events import RegistrationChanged
    from softphone.domain.values import RegistrationState
    from ui.app import run_gui
    from ui.fake_core import FakeCore
    from ui.main_window import MainWindow

    app = QApplication(["softphone"])
    core = FakeCore()
    core.hub.publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERED))
    report: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "painted_ms" not in report and isinstance(watched, MainWindow):
                report["painted_ms"] = (time.time() - launched_at) * 1000
                QTimer.singleShot(1000, finish)
            return False

    def finish() -> None:
        report["rss_mb"] = _rss_mb()
        app.quit()

    spy = FirstPaint()
    app.installEventFilter(spy)
    QTimer.singleShot(10_000, app.quit)
    run_gui(core, ["softphone"], server_name=f"softphone-bench-{os.getpid()}")
    print(json.dumps(report), flush=True)


def _launch() -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    launched = time.time()
    proc = subprocess.run([sys.executable, "-m", "bench.ui_startup", "--child", repr(launched)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run(quick: bool) -> Iterator[Result]:
    runs = [_launch() for _ in range(1 if quick else 5)]
    yield median_result("ui_startup_to_painted_ms", [r["painted_ms"] for r in runs], "ms")
    yield Result("ui_rss_idle_mb", statistics.median(r["rss_mb"] for r in runs), "MB", len(runs))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(float(sys.argv[2]))
