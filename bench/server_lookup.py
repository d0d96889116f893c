"""``server_lookup_p99_ms``: customer lookups by phone number against the real server
(``softphone-server serve --workers 2``; SOFTPHONE_BENCH_SERVER_WORKERS to change) on
PostgreSQL with 1,000,000 seeded customers, offered open-loop at 200 requests/s for 60 s
(--quick: 2,000 customers, 50/s for 3 s).

Latency is measured from each request's scheduled send time, so a server that falls
behind is charged for the queueing too (no coordinated omission). Numbers are drawn from
the seeded ones in mixed formats, with 10 % unknown numbers.
"""

from __future__ import annotations

import http.client
import os
import queue
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import text

from bench.common import Result
from server.db import Database, migrate
from server.seed import seed_customers
from tests.integration.server.live import LiveServer
from tests.integration.server.pg import TempPostgres

METRICS = ("server_lookup_p99_ms",)
CLIENT_THREADS = 16
WORKERS = int(os.environ.get("SOFTPHONE_BENCH_SERVER_WORKERS", "2"))  # uvicorn worker processes


def _sample_numbers(url: str, count: int) -> list[str]:
    db = Database(url)
    try:
        with db.reading() as session:
            return list(session.scalars(text(
                "SELECT number_e164 FROM customer_phones ORDER BY random() LIMIT :n"), {"n": count}))
    finally:
        db.dispose()


def _formats(number: str, rng: random.Random) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        return number
    if choice == 1:
        return "00" + number[1:]
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def _load(url: str, token: str, numbers: list[str], rate: float, duration_s: float) -> tuple[list[float], int]:
    rng = random.Random(5)
    total = int(rate * duration_s)
    queries = [_formats(rng.choice(numbers), rng) if rng.random() > 0.1 else f"+1415555{rng.randrange(10**4):04d}"
               for _ in range(total)]
    # keep-alive connections made before the clock starts; http.client, not httpx: the load
    # generator shares the CPUs with the server and must cost it as little as possible
    address = urlsplit(url)
    headers = {"Authorization": f"Bearer {token}"}
    clients: queue.SimpleQueue[http.client.HTTPConnection] = queue.SimpleQueue()
    for _ in range(CLIENT_THREADS):
        client = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=10)
        client.request("GET", "/api/v1/health")
        client.getresponse().read()
        clients.put(client)
    paths = [f"/api/v1/customers/lookup?{urlencode({'phone': q})}" for q in queries]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def one(index: int) -> None:
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        client = clients.get()
        try:
            client.request("GET", paths[index], headers=headers)
            response = client.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            client.close()  # reconnects on the next request
        finally:
            clients.put(client)
        elapsed = (time.perf_counter() - due) * 1000
        with lock:
            latencies.append(elapsed)
            errors[0] += not ok

    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        list(pool.map(one, range(total)))
    while not clients.empty():
        clients.get().close()
    return latencies, errors[0]


def run(quick: bool) -> Iterator[Result]:
    customers, rate, duration = (2_000, 50.0, 3.0) if quick else (1_000_000, 200.0, 60.0)
    with TempPostgres() as cluster, tempfile.TemporaryDirectory() as data_dir:
        migrate(cluster.url)
        db = Database(cluster.url)
        try:
            seed_customers(db, customers)
            # a database in steady state, not one autovacuum and a checkpoint are about to chew on
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
                connection.exec_driver_sql("CHECKPOINT")
        finally:
            db.dispose()
        numbers = _sample_numbers(cluster.url, 5_000)
        with LiveServer(Path(data_dir), cluster.url, workers=WORKERS) as server:
            server.add_user("bench-agent")
            token = server.login("bench-agent")
            _load(server.url, token, numbers, rate, min(duration, 2.0))  # warm-up: pools, caches
            load_before = os.getloadavg()[0]
            latencies, errors = _load(server.url, token, numbers, rate, duration)
            load_after = os.getloadavg()[0]
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    yield Result("server_lookup_p99_ms", p99, "ms", len(latencies), {
        "p50_ms": round(statistics.median(latencies), 2), "p90_ms": round(latencies[int(len(latencies) * 0.9)], 2),
        "max_ms": round(latencies[-1], 2), "over_100ms": sum(x > 100 for x in latencies), "errors": errors,
        "rate_per_s": rate, "duration_s": duration, "server_workers": WORKERS,
        "customers": customers, "database": "postgresql", "cpus": os.cpu_count(),
        "loadavg_1m": [round(load_before, 1), round(load_after, 1)]})
