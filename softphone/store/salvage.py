"""Rescue the unsent outbox items from a damaged database before starting a fresh one.

Each item is read on its own, so a damaged page costs only the rows on it. Rescued items keep
their Idempotency-Key and exact body: one the server already has is only replayed, never
duplicated.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
MAX_SCAN = 2_000_000  # rowids probed one by one when no index or table scan works


@dataclass(frozen=True)
class RescuedItem:
    idempotency_key: str
    kind: str
    order_key: str
    body: str
    created_at: float


def _pending_seqs(conn: sqlite3.Connection) -> list[int]:
    for query in ("SELECT seq FROM outbox WHERE state = 'pending' ORDER BY seq",
                  "SELECT seq FROM outbox NOT INDEXED WHERE state = 'pending' ORDER BY seq"):
        with contextlib.suppress(sqlite3.DatabaseError):
            return [int(row[0]) for row in conn.execute(query)]
    try:
        last = int(conn.execute("SELECT max(seq) FROM outbox").fetchone()[0] or 0)
    except sqlite3.DatabaseError:
        return []
    return list(range(1, min(last, MAX_SCAN) + 1))


def rescue_pending(damaged: Path) -> tuple[list[RescuedItem], int]:
    """The pending items that can still be read, and how many could not."""
    try:
        conn = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    except sqlite3.Error:
        return [], 0
    rescued: list[RescuedItem] = []
    lost = 0
    try:
        for seq in _pending_seqs(conn):
            try:
                row = conn.execute("SELECT idempotency_key, kind, order_key, body, created_at, state FROM outbox "
                                   "WHERE seq = ?", (seq,)).fetchone()
            except sqlite3.DatabaseError:
                lost += 1
                continue
            if row is not None and row[5] == "pending":
                rescued.append(RescuedItem(str(row[0]), str(row[1]), str(row[2]), str(row[3]), float(row[4])))
    except sqlite3.DatabaseError:
        log.exception("rescue from %s stopped early", damaged)
    finally:
        conn.close()
    return rescued, lost
