"""The UI benchmark runs (quick) and reports the GUI lag under a stream of call events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_quick_gui_event_lag_benchmark() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "gui_event_lag_ms_p99"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["metric"] for r in rows] == ["gui_event_lag_ms_p99"]
    row = rows[0]
    assert row["unit"] == "ms" and row["n"] > 100 and row["value"] >= 0
    assert row["events"] > 3  # events really flowed through the bridge during the measurement


def test_quick_ui_startup_benchmark() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "ui_startup"], cwd=ROOT,
                          capture_output=True, text=True, timeout=90, check=False,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    rows = {r["metric"]: r for r in (json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{"))}
    assert set(rows) == {"ui_startup_to_painted_ms", "ui_rss_idle_mb"}
    assert 0 < rows["ui_startup_to_painted_ms"]["value"] < 30_000
    assert 20 < rows["ui_rss_idle_mb"]["value"] < 1000
