"""``demo_headless_s``: the whole headless demo (`softphone demo --headless`: server, app core,
simulated customer, call, wrap-up, sync, everything stopped), wall time of the command."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result, median_result

METRICS = ("demo_headless_s",)
ROOT = Path(__file__).resolve().parent.parent


def run(quick: bool) -> Iterator[Result]:
    samples = []
    for _ in range(1 if quick else 3):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "softphone.cli", "demo", "--headless"], cwd=ROOT,
                              capture_output=True, text=True, timeout=300, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"the demo failed: {proc.stdout[-1500:]}{proc.stderr[-1500:]}")
        samples.append(time.perf_counter() - started)
    yield median_result("demo_headless_s", samples, "s")
