"""The server benchmarks run end to end with tiny sizes (the real numbers come from `make bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_quick_server_benchmarks_print_their_metrics() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "server_lookup_p99_ms", "seed_1m_s"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {row["metric"]: row for row in (json.loads(line) for line in proc.stdout.splitlines()
                                           if line.startswith("{"))}
    assert set(rows) == {"server_lookup_p99_ms", "seed_1m_s"}
    lookup, seed = rows["server_lookup_p99_ms"], rows["seed_1m_s"]
    assert lookup["unit"] == "ms" and lookup["n"] == 150 and lookup["errors"] == 0 and lookup["value"] > 0
    assert seed["unit"] == "s" and seed["n"] == 2000 and seed["value"] > 0
