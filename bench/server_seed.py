"""``seed_1m_s``: seconds to seed 1,000,000 generated customers (with their phones and open
items) into a fresh PostgreSQL cluster (fsync on), schema made by the migrations first."""

from __future__ import annotations

import time
from collections.abc import Iterator

from bench.common import Result
from server.db import Database, migrate
from server.seed import seed_customers
from tests.integration.server.pg import TempPostgres

METRICS = ("seed_1m_s",)


def run(quick: bool) -> Iterator[Result]:
    count = 2_000 if quick else 1_000_000
    with TempPostgres(fast=False) as cluster:
        migrate(cluster.url)
        db = Database(cluster.url)
        try:
            started = time.perf_counter()
            seed_customers(db, count)
            elapsed = time.perf_counter() - started
        finally:
            db.dispose()
    yield Result("seed_1m_s", elapsed, "s", count, {"customers": count, "database": "postgresql"})
