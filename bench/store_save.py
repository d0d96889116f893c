"""``save_disposition_ms``: one disposition + its outbox row committed (WAL, synchronous=FULL), median.

The database is a real file in a temporary folder on the default temp filesystem (``TMPDIR``);
each save is timed from the call to its return (the moment the UI may say "saved").
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result, median_result
from softphone.store import Store

METRICS = ("save_disposition_ms",)


def run(quick: bool) -> Iterator[Result]:
    count = 20 if quick else 1000
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        store = Store.open(Path(tmp) / "softphone.db")
        try:
            for n in range(10):  # warm-up: mapper set-up, statement cache
                store.save_disposition(f"warm-{n}", "resolved")
            samples = []
            for n in range(count):
                started = time.perf_counter()
                store.save_disposition(f"call-{n % 50}", "resolved", "customer asked for a refund " * 4,
                                       follow_up_at=time.time() + 3600)
                samples.append((time.perf_counter() - started) * 1000)
        finally:
            store.close()
    yield median_result("save_disposition_ms", samples, "ms")
