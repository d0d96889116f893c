"""Benchmarks never run inside the suite except as this quick smoke check."""

from __future__ import annotations

import json
import subprocess
import sys


def test_quick_run_prints_json_lines_for_a_metric_name() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "endpoint_create_destroy_ms"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["metric"] for r in rows] == ["endpoint_create_destroy_ms"]
    assert rows[0]["unit"] == "ms" and rows[0]["n"] == 2 and rows[0]["value"] > 0


def test_unknown_name_is_a_clear_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "no_such_metric"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode != 0 and "no_such_metric" in proc.stderr


def test_sip_engine_bench_smoke() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "sip_engine"],
                          capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    metrics = {json.loads(line)["metric"] for line in proc.stdout.splitlines() if line.startswith("{")}
    assert metrics == {"call_setup_ms", "cpu_idle_pct", "cpu_in_call_pct", "engine_shutdown_ms"}


def test_app_startup_bench_smoke() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "app_startup"],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {json.loads(line)["metric"]: json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")}
    assert set(rows) == {"startup_to_registered_ms", "rss_idle_mb", "rss_in_call_mb"}
    assert rows["rss_in_call_mb"]["value"] > 40  # app + engine processes, both counted
