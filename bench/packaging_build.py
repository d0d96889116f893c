"""Packaged builds: ``bundle_size_mb`` (one-dir, goal <= 140), ``deb_size_mb`` (goal <= 55),
``frozen_selftest_ms`` (wall time of ``softphone --selftest``, goal <= 800).

Builds with packaging/build.py --deb into build/bench-package (minutes), or measures the
build in $SOFTPHONE_PACKAGE_BUILD. The self-test runs offscreen inside a private D-Bus
session with gnome-keyring (packaging/linux/secret_session.sh), as in a desktop session:
one warm-up run, then the median of 5 (1 with --quick); also reported: the median without
the engine process, the CPU time of app + engine (less sensitive to a busy machine than the
wall time) and the load average while measuring. Sizes are in MB of 10^6 bytes, the
bundle's as the sum of its files' sizes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result

METRICS = ("bundle_size_mb", "deb_size_mb", "frozen_selftest_ms")
ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

_TIMER = """
import json, resource, subprocess, sys, time
exe, runs = sys.argv[1], int(sys.argv[2])
cpu = []
def once(*extra):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([exe, "--selftest", *extra], capture_output=True, text=True)
    wall = (time.perf_counter() - t0) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit("selftest failed: " + proc.stdout[-2000:] + proc.stderr[-2000:])
    cpu.append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000)
    return wall
once()
cpu.clear()
full = [once() for _ in range(runs)]
full_cpu = list(cpu)
no_engine = [once("--no-engine") for _ in range(runs)]
print(json.dumps({"full": full, "no_engine": no_engine, "cpu": full_cpu}))
"""


def _build() -> Path:
    existing = os.environ.get("SOFTPHONE_PACKAGE_BUILD")
    if existing:
        return Path(existing).resolve()
    out = ROOT / "build" / "bench-package"
    subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--deb", "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return out


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def run(quick: bool) -> Iterator[Result]:
    out = _build()
    bundle = out / "dist" / "softphone"
    files = sum(1 for p in bundle.rglob("*") if p.is_file())
    yield Result("bundle_size_mb", _size(bundle) / 1e6, "MB", 1, {"goal": 140, "files": files})
    debs = sorted(out.glob("agent-softphone_*.deb"))
    if debs:
        yield Result("deb_size_mb", debs[-1].stat().st_size / 1e6, "MB", 1, {"goal": 55})
    runs = 1 if quick else 5
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([str(PACKAGING / "linux" / "secret_session.sh"), sys.executable, "-c", _TIMER,
                           str(bundle / "softphone"), str(runs)], env=env, capture_output=True, text=True,
                          check=True)
    samples = json.loads(proc.stdout.strip().splitlines()[-1])
    full, no_engine = samples["full"], samples["no_engine"]
    yield Result("frozen_selftest_ms", statistics.median(full), "ms", len(full),
                 {"min": round(min(full), 1), "max": round(max(full), 1), "goal": 800,
                  "without_engine_process_ms": round(statistics.median(no_engine), 1),
                  "cpu_ms_app_and_engine": round(statistics.median(samples["cpu"]), 1), "load_1min": _load()})
