"""Fixtures: a real sync server process on loopback behind a fault proxy, stores on real files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from softphone.domain.hub import EventHub
from softphone.store import Store
from softphone.sync import BackoffPolicy, OutboxWorker, SyncClient
from tests.integration.store_sync.fault_proxy import FaultProxy
from tests.integration.store_sync.servers import RunningServer, start_sync_server

FAST = BackoffPolicy(base_s=0.01, cap_s=0.2, probe_interval_s=0.05)


@pytest.fixture
def sync_server() -> Iterator[RunningServer]:
    server = start_sync_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def proxy(sync_server: RunningServer) -> Iterator[FaultProxy]:
    fault_proxy = FaultProxy("127.0.0.1", sync_server.port)
    try:
        yield fault_proxy
    finally:
        fault_proxy.close()


@pytest.fixture
def token(sync_server: RunningServer) -> str:
    return sync_server.login()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "softphone.db"


StartWorker = Callable[..., OutboxWorker]


@pytest.fixture
def start_worker(proxy: FaultProxy, token: str) -> Iterator[StartWorker]:
    workers: list[OutboxWorker] = []

    def start(store: Store, hub: EventHub | None = None, policy: BackoffPolicy = FAST, **kw: object) -> OutboxWorker:
        client = SyncClient(proxy.base_url, lambda: token)
        worker = OutboxWorker(store, client, hub, policy=policy, **kw).start()  # type: ignore[arg-type]
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_drained(store: Store, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while store.pending_outbox_count():
        assert time.monotonic() < deadline, f"{store.pending_outbox_count()} items still pending"
        time.sleep(0.05)

