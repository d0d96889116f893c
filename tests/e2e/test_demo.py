"""`softphone demo --headless`, the README's `make demo`, runs the whole product and exits 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_headless_demo_runs_end_to_end() -> None:
    proc = subprocess.run([sys.executable, "-m", "softphone.cli", "demo", "--headless"], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr[-3000:]
    for step in ("central server up", "phone rings: Μαρία", "answered", "customer pressed 1",
                 "the agent heard the customer", "saved locally", "disposition synced", "demo OK"):
        assert step in out, out
