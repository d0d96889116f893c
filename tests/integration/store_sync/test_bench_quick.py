"""The store/outbox benchmarks run as a smoke check (tiny sizes) and print their metric lines."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.integration.store_sync.servers import ROOT


def test_quick_store_and_outbox_benchmarks() -> None:
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "save_disposition_ms", "outbox_flush_10k_s"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = {r["metric"]: r for r in (json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{"))}
    assert set(rows) == {"save_disposition_ms", "outbox_flush_10k_s"}
    assert rows["save_disposition_ms"]["unit"] == "ms" and rows["save_disposition_ms"]["n"] == 20
    assert rows["outbox_flush_10k_s"]["unit"] == "s" and rows["outbox_flush_10k_s"]["items"] == 200
    assert all(r["value"] > 0 for r in rows.values())
