"""The whole app (Core, media engine process, main window offscreen) against a real Kamailio.

- ``startup_to_registered_ms``: launch of the app process -> the main window painted AND the
  account registered (the later of the two), median of 5 launches after a first one that saved
  the account (the app's own timestamps, measured from the moment the parent spawned it);
- ``rss_idle_mb`` / ``rss_in_call_mb``: resident memory summed over the app process and its
  media engine process, registered and idle, then in a call (file audio backend); the
  per-process split (``app_mb``, ``engine_mb``) is reported beside the sum.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result, median_result
from softphone.domain.values import AutoAnswer, Secret
from tests.support.kamailio import USERS, Kamailio
from tests.support.peer import EnginePeer

METRICS = ("startup_to_registered_ms", "rss_idle_mb", "rss_in_call_mb")
SPLIT = ("rss_idle_app", "rss_idle_engine", "rss_in_call_app", "rss_in_call_engine")  # per process, for the report
ROOT = Path(__file__).resolve().parent.parent


def run(quick: bool) -> Iterator[Result]:
    from softphone.domain.values import AccountSettings

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        kam = Kamailio(Path(tmp) / "kam")
        kam.start()
        callee = EnginePeer(Path(tmp), "agent2", 700.0).start()
        try:
            callee.register(AccountSettings(account_id="agent2", username="agent2", domain=kam.address,
                                            password=Secret(USERS["agent2"]), registrar=kam.uri,
                                            bind_address="127.0.0.1", auto_answer=AutoAnswer.ALL))
            startups, idle, in_call, painted, registered = [], [], [], [], []
            split: dict[str, list[float]] = {key: [] for key in SPLIT}
            for n in range(2 if quick else 6):  # launch 0 saves the account; the others find it saved
                env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOFTPHONE_HOME": str(Path(tmp) / "home"),
                       "BENCH_LAUNCHED": repr(time.time()), "BENCH_SIP_PASSWORD": USERS["agent1"]}
                proc = subprocess.run([sys.executable, "-m", "bench.app_probe", kam.address, "agent2"], cwd=ROOT,
                                      env=env, capture_output=True, text=True, timeout=120, check=False)
                lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
                if proc.returncode != 0 or not lines:
                    raise RuntimeError(f"the app probe failed: {proc.stderr[-2000:]}")
                sample = json.loads(lines[-1])
                if n == 0:
                    continue
                startups.append(max(sample["painted"], sample["registered"]) * 1000)
                painted.append(sample["painted"] * 1000)
                registered.append(sample["registered"] * 1000)
                idle.append(sample["rss_idle"])
                in_call.append(sample["rss_in_call"])
                for key in SPLIT:
                    split[key].append(sample[key])
        finally:
            callee.stop()
            kam.stop()
    result = median_result("startup_to_registered_ms", startups, "ms")
    yield Result(result.metric, result.value, result.unit, result.n,
                 {**(result.extra or {}), "painted_ms": round(sorted(painted)[len(painted) // 2], 1),
                  "registered_ms": round(sorted(registered)[len(registered) // 2], 1)})
    for metric, samples, prefix in (("rss_idle_mb", idle, "rss_idle_"), ("rss_in_call_mb", in_call, "rss_in_call_")):
        result = median_result(metric, samples, "MB")
        parts = {f"{key.removeprefix(prefix)}_mb": round(statistics.median(split[key]), 1)
                 for key in SPLIT if key.startswith(prefix)}
        yield Result(result.metric, result.value, result.unit, result.n, {**(result.extra or {}), **parts})
