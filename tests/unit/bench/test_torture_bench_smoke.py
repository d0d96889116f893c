"""``python -m bench --quick torture_msgs_per_s`` runs end to end (Kamailio, baresip, engine process)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.integration
def test_torture_bench_quick_run() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "torture_msgs_per_s"],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["metric"] for r in rows] == ["torture_msgs_per_s"]
    assert rows[0]["unit"] == "msgs/s" and rows[0]["n"] > 100
    assert rows[0]["value"] >= 100, rows[0]  # the quick ladder is 100 and 400 msgs/s
