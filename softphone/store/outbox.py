"""The outbox repository: enqueue in the caller's transaction, hand out pending items, record outcomes.

Every function runs on a ``sqlite3`` connection inside the caller's transaction (plain SQL on
the ``outbox`` table of ``softphone.store.models``).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from softphone.store.payloads import dumps

PENDING = "pending"
DELIVERED = "delivered"
DEAD = "dead"


@dataclass(frozen=True)
class PendingItem:
    seq: int
    idempotency_key: str
    kind: str
    order_key: str
    body: str  # the exact JSON text to send
    attempts: int


@dataclass(frozen=True)
class Delivered:
    seq: int
    status: int


@dataclass(frozen=True)
class DeadLettered:
    seq: int
    status: int
    reason: str


@dataclass(frozen=True)
class RetryLater:
    seq: int
    error: str


Outcome = Delivered | DeadLettered | RetryLater


@dataclass(frozen=True)
class DeadLetter:
    """An item the server refused for good, with its reason, for the agent to see."""

    seq: int
    idempotency_key: str
    kind: str
    order_key: str
    body: str
    status_code: int
    reason: str
    created_at: float
    refused_at: float | None


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


_INSERT = ("INSERT INTO outbox (idempotency_key, kind, order_key, body, created_at, state, attempts, last_error, "
           "status_code, dead_reason) VALUES (?, ?, ?, ?, ?, 'pending', 0, '', 0, '')")


def enqueue(conn: sqlite3.Connection, kind: str, order_key: str, body: dict[str, Any], now: float) -> int:
    """Queue ``body``; returns the item's ``seq`` (for the row that references it)."""
    cursor = conn.execute(_INSERT, (new_idempotency_key(), kind, order_key, dumps(body), now))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def pending_window(conn: sqlite3.Connection, limit: int) -> list[PendingItem]:
    rows = conn.execute("SELECT seq, idempotency_key, kind, order_key, body, attempts FROM outbox "
                        "WHERE state = 'pending' ORDER BY seq LIMIT ?", (limit,)).fetchall()
    return [PendingItem(*row) for row in rows]


def count_in_state(conn: sqlite3.Connection, state: str) -> int:
    return int(conn.execute("SELECT count(*) FROM outbox WHERE state = ?", (state,)).fetchone()[0])


def dead_letters(conn: sqlite3.Connection, limit: int) -> list[DeadLetter]:
    rows = conn.execute("SELECT seq, idempotency_key, kind, order_key, body, status_code, dead_reason, created_at, "
                        "last_attempt_at FROM outbox WHERE state = 'dead' ORDER BY seq DESC LIMIT ?",
                        (limit,)).fetchall()
    return [DeadLetter(*row) for row in rows]


_DELIVERED = ("UPDATE outbox SET state = 'delivered', delivered_at = :now, status_code = :status, last_error = '', "
              "attempts = attempts + 1, last_attempt_at = :now WHERE seq = :seq AND state = 'pending'")
_DEAD = ("UPDATE outbox SET state = 'dead', status_code = :status, dead_reason = :reason, last_error = :reason, "
         "attempts = attempts + 1, last_attempt_at = :now WHERE seq = :seq AND state = 'pending'")
_RETRY = ("UPDATE outbox SET last_error = :error, attempts = attempts + 1, last_attempt_at = :now "
          "WHERE seq = :seq AND state = 'pending'")


def record_outcomes(conn: sqlite3.Connection, outcomes: Sequence[Outcome], now: float) -> None:
    """Apply the server's answers; only pending rows change (a late duplicate answer is harmless)."""
    delivered = [{"seq": o.seq, "status": o.status, "now": now} for o in outcomes if isinstance(o, Delivered)]
    dead = [{"seq": o.seq, "status": o.status, "reason": o.reason, "now": now}
            for o in outcomes if isinstance(o, DeadLettered)]
    retry = [{"seq": o.seq, "error": o.error, "now": now} for o in outcomes if isinstance(o, RetryLater)]
    for statement, rows in ((_DELIVERED, delivered), (_DEAD, dead), (_RETRY, retry)):
        if rows:
            conn.executemany(statement, rows)


def requeue_dead(conn: sqlite3.Connection, seq: int, now: float) -> str | None:
    """Send a refused item again under a NEW key (the old key would only replay the refusal)."""
    key = new_idempotency_key()
    cursor = conn.execute("UPDATE outbox SET idempotency_key = ?, state = 'pending', attempts = 0, last_error = '', "
                          "dead_reason = '', status_code = 0, created_at = ? WHERE seq = ? AND state = 'dead'",
                          (key, now, seq))
    return key if cursor.rowcount == 1 else None


def restore(conn: sqlite3.Connection, key: str, *, kind: str, order_key: str, body: str, created_at: float) -> None:
    """Queue an item rescued from a damaged database under its original key and body."""
    if conn.execute("SELECT seq FROM outbox WHERE idempotency_key = ?", (key,)).fetchone() is None:
        conn.execute(_INSERT, (key, kind, order_key, body, created_at))
