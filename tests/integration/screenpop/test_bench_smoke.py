"""The screen-pop benchmark runs end to end (tiny sizes); the real measurement is `python -m bench screenpop_card`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


def test_screenpop_bench_smoke() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "screenpop_card"], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["metric"]: r for r in (json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{"))}
    assert set(rows) == {"screenpop_card_ms_p50", "screenpop_card_ms_p99", "ring_shown_ms_dead_server",
                         "screenpop_card_painted_ms_p50", "screenpop_card_painted_ms_p99"}
    assert all(r["unit"] == "ms" and r["n"] in (3, 5) and r["value"] > 0 for r in rows.values())
    assert rows["screenpop_card_painted_ms_p50"]["value"] >= rows["screenpop_card_ms_p50"]["value"] * 0.5
    assert rows["screenpop_card_ms_p50"]["value"] <= rows["screenpop_card_ms_p99"]["value"]
    assert rows["ring_shown_ms_dead_server"]["value"] < 1000  # a dead server never holds the ring for long
