"""``outbox_flush_10k_s``: 10,000 queued items flushed to the server on loopback (goal <= 10 s).

Runs against the reference server (issue 6) on loopback with SQLite (``SOFTPHONE_SYNC_SERVER_CMD=contract``
uses the small contract test server of ``tests/integration/store_sync`` instead, see ``servers.py``).
The items: for 1,000 calls an interaction record and 9 dispositions each, queued before the
worker starts; timed from the worker's start to an empty outbox.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result
from softphone.domain.app_events import OutboxDrained
from softphone.domain.hub import EventHub, EventRecorder
from softphone.store import Store
from softphone.sync import OutboxWorker, SyncClient
from tests.integration.store_sync.servers import CMD_ENV, start_sync_server

METRICS = ("outbox_flush_10k_s",)


def _fill(store: Store, items: int, calls: int) -> None:
    now = time.time()
    for n in range(calls):
        store.call_offered(f"call-{n}", "inbound", now, remote_number=f"+1555{n:05d}")
        store.call_ended(f"call-{n}", now + 30, "hangup_remote", duration_s=30.0)
    for i in range(items - calls):
        store.save_disposition(f"call-{i % calls}", "resolved", f"note {i}")


def _flush_once(items: int, calls: int) -> float:
    server = start_sync_server()
    try:
        token = server.login()
        with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
            store = Store.open(Path(tmp) / "softphone.db")
            _fill(store, items, calls)
            assert store.pending_outbox_count() == items
            hub, events = EventHub(), EventRecorder()
            hub.subscribe(events, types=(OutboxDrained,))
            started = time.perf_counter()
            worker = OutboxWorker(store, SyncClient(server.base_url, lambda: token), hub).start()
            drained = events.wait_for(OutboxDrained, timeout=600)
            elapsed = time.perf_counter() - started
            worker.stop()
            assert drained.delivered == items and store.pending_outbox_count() == 0
            store.close()
        return elapsed
    finally:
        server.stop()


def run(quick: bool) -> Iterator[Result]:
    items, calls, runs = (200, 20, 1) if quick else (10_000, 1_000, 3)
    samples = [_flush_once(items, calls) for _ in range(runs)]
    yield Result("outbox_flush_10k_s", statistics.median(samples), "s", runs,
                 {"items": items, "min": round(min(samples), 3), "max": round(max(samples), 3),
                  "server": os.environ.get(CMD_ENV) or "reference (SQLite)"})
