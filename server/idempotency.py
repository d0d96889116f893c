"""Idempotent writes: the first response to an ``Idempotency-Key`` (per user) is stored
with the write, in the same transaction, and replayed for that key afterwards.

Concurrency: a single write inserts its key row before the write. A second request with the
same key blocks on the unique index (PostgreSQL) or on the database lock (SQLite,
``BEGIN IMMEDIATE``) until the first commits, then fails to insert and replays the stored
response; if the first rolled back, the second does the write. A batch inserts its keys after
its writes (one statement): a racing twin then fails on the key (or on a row it also inserts),
the batch rolls back and its items are replayed one by one. Only successful responses are
stored: a refused request (422 unknown code...) may be retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import Database
from server.errors import ApiError, describe_validation
from server.models import IdempotencyKey
from server.records import RecordWriter, table_of
from server.schemas import AgentStateIn, DispositionIn, InteractionIn, NoteIn
from server.timeutil import utcnow

KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,255}$")
KEYS = table_of(IdempotencyKey)


@dataclass(frozen=True)
class WriteKind:
    model: type[BaseModel]
    status: int = 201


KINDS: dict[str, WriteKind] = {
    "interaction": WriteKind(InteractionIn),
    "disposition": WriteKind(DispositionIn),
    "note": WriteKind(NoteIn),
    "agent_state": WriteKind(AgentStateIn),
}


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool = False


@dataclass(frozen=True)
class KeyUse:
    """What a key was first used for, and the response stored for it."""

    kind: str
    request_hash: str
    outcome: Outcome


@dataclass(frozen=True)
class PreparedWrite:
    """A batch item that passed validation: its position, key, kind and parsed body."""

    index: int
    key: str
    kind: str
    spec: WriteKind
    body: BaseModel
    digest: str


def request_digest(kind: str, body: BaseModel) -> str:
    canonical = json.dumps([kind, body.model_dump(mode="json")], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str | None:
    """The problem with an Idempotency-Key, or None when it is usable."""
    if not key:
        return "the Idempotency-Key header is required for this write (a UUID)"
    if not KEY_PATTERN.match(key):
        return "Idempotency-Key must be 1-255 characters of letters, digits and . _ : -"
    return None


def _replay(earlier: KeyUse, kind: str, digest: str) -> Outcome:
    if earlier.kind != kind or earlier.request_hash != digest:
        return Outcome(422, {"detail": "this Idempotency-Key was already used with a different request"})
    return Outcome(earlier.outcome.status, earlier.outcome.body, replayed=True)


def _prepare(kind: str, key: str | None, body: Any) -> tuple[WriteKind, BaseModel, str] | Outcome:
    spec = KINDS.get(kind)
    if spec is None:
        return Outcome(422, {"detail": f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}"})
    problem = check_key(key)
    if problem or key is None:
        return Outcome(400, {"detail": problem})
    parsed = body if isinstance(body, spec.model) else None
    if parsed is None:
        try:
            parsed = spec.model.model_validate(body)
        except ValidationError as exc:
            return Outcome(422, {"detail": describe_validation(exc)})
    return spec, parsed, request_digest(kind, parsed)


def _stored_uses(session: Session, user_id: int, keys: list[str]) -> dict[str, KeyUse]:
    """The committed uses of these keys: one query."""
    rows = session.connection().execute(
        select(KEYS.c.key, KEYS.c.kind, KEYS.c.request_hash, KEYS.c.status_code, KEYS.c.response_body)
        .where(KEYS.c.user_id == user_id, KEYS.c.key.in_(keys)))
    return {row.key: KeyUse(row.kind, row.request_hash, Outcome(row.status_code, json.loads(row.response_body)))
            for row in rows}


def _apply(session: Session, user_id: int, kind: str, key: str, spec: WriteKind, parsed: BaseModel,
           digest: str) -> Outcome:
    stored = _stored_uses(session, user_id, [key]).get(key)
    if stored is not None:
        return _replay(stored, kind, digest)
    # claims the key now: a concurrent twin waits here, then replays
    claim_id = session.connection().scalar(insert(KEYS).returning(KEYS.c.id), {
        "user_id": user_id, "key": key, "kind": kind, "request_hash": digest, "status_code": 0,
        "response_body": "", "created_at": utcnow()})
    writer = RecordWriter(session, user_id)
    writer.load([parsed])
    result = writer.apply(parsed)
    writer.flush()
    session.connection().execute(update(KEYS).where(KEYS.c.id == claim_id).values(
        status_code=spec.status, response_body=json.dumps(result)))
    return Outcome(spec.status, result)


def _apply_batch(session: Session, user_id: int, writes: list[PreparedWrite]) -> dict[int, Outcome]:
    """Every prepared item in order; a key used twice in one batch: the first successful write wins."""
    stored = _stored_uses(session, user_id, sorted({w.key for w in writes}))
    writer = RecordWriter(session, user_id)
    writer.load([w.body for w in writes])
    outcomes: dict[int, Outcome] = {}
    claimed: dict[str, KeyUse] = {}
    for write in writes:
        earlier = claimed.get(write.key) or stored.get(write.key)
        if earlier is not None:
            outcomes[write.index] = _replay(earlier, write.kind, write.digest)
            continue
        try:
            outcome = Outcome(write.spec.status, writer.apply(write.body))
        except ApiError as exc:
            outcomes[write.index] = Outcome(exc.status, {"detail": exc.detail})
            continue
        outcomes[write.index] = outcome
        claimed[write.key] = KeyUse(write.kind, write.digest, outcome)
    writer.flush()  # before the keys: agent-state responses get their ids here
    if claimed:
        now = utcnow()
        session.connection().execute(insert(KEYS), [
            {"user_id": user_id, "key": key, "kind": use.kind, "request_hash": use.request_hash,
             "status_code": use.outcome.status, "response_body": json.dumps(use.outcome.body), "created_at": now}
            for key, use in claimed.items()])
    return outcomes


def run_batch(db: Database, user_id: int, items: list[tuple[str, str | None, Any]]) -> list[Outcome]:
    """A batch in ONE transaction (one fsync instead of one per item, a few statements per table
    instead of several per item); each item keeps its own replay and its own errors. If the
    transaction itself fails (a lost race, a database hiccup), the items are applied one by one
    instead: same outcomes, slower."""
    outcomes: dict[int, Outcome] = {}
    writes: list[PreparedWrite] = []
    for index, (kind, key, body) in enumerate(items):
        prepared = _prepare(kind, key, body)
        if isinstance(prepared, Outcome):
            outcomes[index] = prepared
        else:
            writes.append(PreparedWrite(index, str(key), kind, *prepared))
    if writes:
        try:
            with db.writing() as session:
                outcomes.update(_apply_batch(session, user_id, writes))
        except IntegrityError:
            return [run_write(db, user_id, kind, key, body) for kind, key, body in items]
    return [outcomes[index] for index in range(len(items))]


def run_write(db: Database, user_id: int, kind: str, key: str | None, body: Any) -> Outcome:
    """Validate and apply one write exactly once per (user, key)."""
    prepared = _prepare(kind, key, body)
    if isinstance(prepared, Outcome):
        return prepared
    spec, parsed, digest = prepared
    for _ in range(5):
        try:
            with db.writing() as session:
                return _apply(session, user_id, kind, str(key), spec, parsed, digest)
        except IntegrityError:
            continue  # lost a race for the key (or the row): the winner has committed, read it again
        except ApiError as exc:
            return Outcome(exc.status, {"detail": exc.detail})
    return Outcome(409, {"detail": "conflicting concurrent writes; retry"})


def purge_expired(db: Database, retention_days: int) -> int:
    with db.writing() as session:
        cutoff = utcnow() - timedelta(days=retention_days)
        result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
