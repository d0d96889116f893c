"""Idempotent writes: the first response to an ``Idempotency-Key`` (per user) is stored
with the write, in the same transaction, and replayed for that key afterwards.

Concurrency: the key row is inserted before the write. A second request with the same
key blocks on the unique index (PostgreSQL) or on the database lock (SQLite,
``BEGIN IMMEDIATE``) until the first commits, then fails to insert and replays the stored
response; if the first rolled back, the second does the write. Only successful responses
are stored: a refused request (422 unknown code...) may be retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import records
from server.db import Database
from server.errors import ApiError, describe_validation
from server.models import IdempotencyKey
from server.schemas import AgentStateIn, DispositionIn, InteractionIn, NoteIn
from server.timeutil import utcnow

KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,255}$")


@dataclass(frozen=True)
class WriteKind:
    model: type[BaseModel]
    apply: Callable[[Session, int, Any], dict[str, Any]]
    status: int = 201


KINDS: dict[str, WriteKind] = {
    "interaction": WriteKind(InteractionIn, records.apply_interaction),
    "disposition": WriteKind(DispositionIn, records.apply_disposition),
    "note": WriteKind(NoteIn, records.apply_note),
    "agent_state": WriteKind(AgentStateIn, records.apply_agent_state),
}


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool = False


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


def _replay(row: IdempotencyKey, kind: str, digest: str) -> Outcome:
    if row.kind != kind or row.request_hash != digest:
        return Outcome(422, {"detail": "this Idempotency-Key was already used with a different request"})
    return Outcome(row.status_code, json.loads(row.response_body), replayed=True)


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


_LOOKUP = object()  # "not looked up yet": query the key row


def _apply(session: Session, user_id: int, kind: str, key: str, spec: WriteKind, parsed: BaseModel,
           digest: str, stored: Any = _LOOKUP) -> Outcome:
    if stored is _LOOKUP:
        stored = session.scalars(select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)).first()
    if stored is not None:
        return _replay(stored, kind, digest)
    row = IdempotencyKey(user_id=user_id, key=key, kind=kind, request_hash=digest, status_code=0, response_body="")
    session.add(row)
    session.flush()  # claims the key now: a concurrent twin waits here, then replays
    result = spec.apply(session, user_id, parsed)
    row.status_code, row.response_body = spec.status, json.dumps(result)
    return Outcome(spec.status, result)


def run_batch(db: Database, user_id: int, items: list[tuple[str, str | None, Any]]) -> list[Outcome]:
    """A batch in ONE transaction (one fsync instead of one per item), each item in a savepoint of
    its own so it keeps its own replay and its own errors. If the transaction itself fails (a lost
    race, a database hiccup), the items are applied one by one instead: same outcomes, slower."""
    outcomes: list[Outcome] = []
    keys = [str(key) for _kind, key, _body in items if key]
    try:
        with db.writing() as session:
            # one query for every key of the batch (a key used twice in one batch: the first write wins)
            stored_rows = {row.key: row for row in session.scalars(select(IdempotencyKey).where(
                IdempotencyKey.user_id == user_id, IdempotencyKey.key.in_(keys)))} if keys else {}
            seen: set[str] = set()
            for kind, key, body in items:
                prepared = _prepare(kind, key, body)
                if isinstance(prepared, Outcome):
                    outcomes.append(prepared)
                    continue
                spec, parsed, digest = prepared
                known = stored_rows.get(str(key)) if str(key) not in seen else _LOOKUP
                seen.add(str(key))
                try:
                    with session.begin_nested():
                        outcomes.append(_apply(session, user_id, kind, str(key), spec, parsed, digest, known))
                except ApiError as exc:
                    outcomes.append(Outcome(exc.status, {"detail": exc.detail}))
        return outcomes
    except IntegrityError:
        return [run_write(db, user_id, kind, key, body) for kind, key, body in items]


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
