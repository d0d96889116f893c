"""The outbox repository: enqueue in the caller's transaction, hand out pending items, record outcomes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from softphone.store.models import OutboxItem
from softphone.store.payloads import dumps

PENDING = "pending"
DELIVERED = "delivered"
DEAD = "dead"

_table: Table = OutboxItem.__table__  # type: ignore[assignment]


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


def enqueue(session: Session, kind: str, order_key: str, body: dict[str, Any], now: float) -> OutboxItem:
    item = OutboxItem(
        idempotency_key=new_idempotency_key(), kind=kind, order_key=order_key, body=dumps(body),
        created_at=now, state=PENDING, attempts=0, last_error="", status_code=0, dead_reason="",
    )
    session.add(item)
    session.flush()  # assigns seq for the row that references it
    return item


def pending_window(session: Session, limit: int) -> list[PendingItem]:
    rows = session.execute(
        select(OutboxItem.seq, OutboxItem.idempotency_key, OutboxItem.kind, OutboxItem.order_key,
               OutboxItem.body, OutboxItem.attempts)
        .where(OutboxItem.state == PENDING).order_by(OutboxItem.seq).limit(limit)
    ).all()
    return [PendingItem(*row) for row in rows]


def count_in_state(session: Session, state: str) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.state == state)) or 0)


def dead_letters(session: Session, limit: int) -> list[DeadLetter]:
    rows = session.scalars(
        select(OutboxItem).where(OutboxItem.state == DEAD).order_by(OutboxItem.seq.desc()).limit(limit)
    ).all()
    return [DeadLetter(r.seq, r.idempotency_key, r.kind, r.order_key, r.body, r.status_code, r.dead_reason,
                       r.created_at, r.last_attempt_at) for r in rows]


def record_outcomes(session: Session, outcomes: Sequence[Outcome], now: float) -> None:
    """Apply the server's answers; only pending rows change (a late duplicate answer is harmless)."""
    delivered = [{"b_seq": o.seq, "b_status": o.status} for o in outcomes if isinstance(o, Delivered)]
    dead = [{"b_seq": o.seq, "b_status": o.status, "b_reason": o.reason}
            for o in outcomes if isinstance(o, DeadLettered)]
    retry = [{"b_seq": o.seq, "b_error": o.error} for o in outcomes if isinstance(o, RetryLater)]
    pending_row = (_table.c.seq == bindparam("b_seq")) & (_table.c.state == PENDING)
    common = {"attempts": _table.c.attempts + 1, "last_attempt_at": now}
    if delivered:
        session.execute(update(_table).where(pending_row).values(
            state=DELIVERED, delivered_at=now, status_code=bindparam("b_status"), last_error="", **common),
            delivered)
    if dead:
        session.execute(update(_table).where(pending_row).values(
            state=DEAD, status_code=bindparam("b_status"), dead_reason=bindparam("b_reason"),
            last_error=bindparam("b_reason"), **common), dead)
    if retry:
        session.execute(update(_table).where(pending_row).values(last_error=bindparam("b_error"), **common), retry)


def requeue_dead(session: Session, seq: int, now: float) -> str | None:
    """Send a refused item again under a NEW key (the old key would only replay the refusal)."""
    item = session.get(OutboxItem, seq)
    if item is None or item.state != DEAD:
        return None
    item.idempotency_key = new_idempotency_key()
    item.state, item.attempts, item.last_error, item.dead_reason, item.status_code = PENDING, 0, "", "", 0
    item.created_at = now
    return item.idempotency_key



def restore(session: Session, key: str, *, kind: str, order_key: str, body: str, created_at: float) -> None:
    """Queue an item rescued from a damaged database under its original key and body."""
    if session.scalar(select(OutboxItem.seq).where(OutboxItem.idempotency_key == key)) is None:
        session.add(OutboxItem(idempotency_key=key, kind=kind, order_key=order_key, body=body, created_at=created_at,
                               state=PENDING, attempts=0, last_error="", status_code=0, dead_reason=""))
