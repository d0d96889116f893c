"""The store facade: the one object the app, the UI's view models and the workers call.

Thread-safe: every method runs one short transaction on a pooled ``sqlite3`` connection (plain
SQL on the tables of ``softphone.store.models``); writes are serialised by a lock in this
process and by SQLite's write lock (``BEGIN IMMEDIATE``) across processes.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from softphone import paths
from softphone.domain.app_events import DispositionSaved, NoteSaved, StoreFailed
from softphone.domain.commands import SaveDisposition, SaveNote
from softphone.domain.hub import EventHub
from softphone.store import outbox
from softphone.store.db import CorruptionReport, Database, check_integrity, move_aside
from softphone.store.errors import StoreError, describe_failure, is_database_error
from softphone.store.payloads import (
    AGENT_STATE_ORDER_KEY,
    KIND_AGENT_STATE,
    KIND_DISPOSITION,
    KIND_INTERACTION,
    KIND_NOTE,
    MAX_TEXT,
    agent_state_body,
    disposition_body,
    interaction_body,
    note_body,
    note_order_key,
)
from softphone.store.salvage import rescue_pending
from softphone.store.schema import ensure_schema

log = logging.getLogger(__name__)
T = TypeVar("T")
DB_FILENAME = "softphone.db"
Conn = sqlite3.Connection
_CALL_COLUMNS = ("call_id, direction, remote_number, remote_name, account, queue, offered_at, answered_at, "
                 "ended_at, duration_s, end_reason")


@dataclass(frozen=True)
class CallLogEntry:
    call_id: str
    direction: str
    remote_number: str
    remote_name: str
    account: str
    queue: str
    offered_at: float
    answered_at: float | None
    ended_at: float | None
    duration_s: float
    end_reason: str

    @property
    def missed(self) -> bool:
        """An inbound call that ended unanswered without the agent declining it."""
        return (self.ended_at is not None and self.answered_at is None and self.direction == "inbound"
                and self.end_reason != "rejected")


@dataclass(frozen=True)
class SavedDisposition:
    disposition_id: str
    call_id: str
    code: str
    notes: str
    follow_up_at: float | None
    customer_id: str | None
    saved_at: float


@dataclass(frozen=True)
class AgentStateEntry:
    state: str
    reason: str
    at: float
    call_id: str | None


class Store:
    """Open with ``Store.open()``; see the package docstring for the API."""

    def __init__(self, path: Path, *, hub: EventHub | None = None,
                 corruption: CorruptionReport | None = None) -> None:
        self.path = path
        self.hub = hub
        self.corruption = corruption
        self._db = Database(path)
        self._write_lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    # ---- lifecycle -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None, *, hub: EventHub | None = None) -> Store:
        """Open (creating or upgrading) the database; a damaged file is moved aside and reported.

        Raises ``SchemaTooNewError`` for a database of a newer app version, ``StoreError`` when
        the file cannot be opened at all. ``store.corruption`` tells whether a file was moved aside
        (a ``StoreFailed`` event is published on ``hub`` too).
        """
        path = Path(path) if path is not None else paths.data_dir() / DB_FILENAME
        path.parent.mkdir(parents=True, exist_ok=True)
        corruption = None
        try:
            problem = check_integrity(path)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(describe_failure("open the local database", exc)) from exc
        if problem is not None:
            corruption = move_aside(path, problem)
            log.error("database %s damaged (%s); moved to %s", path, problem, corruption.moved_to)
        store = cls(path, hub=hub, corruption=corruption)
        try:
            ensure_schema(store._db)
            if corruption is not None:
                store.corruption = corruption = store._rescue(corruption)
        except StoreError:
            store.close()
            raise
        except Exception as exc:
            store.close()
            if not is_database_error(exc):
                raise
            raise StoreError(describe_failure("open the local database", exc)) from exc
        if corruption is not None and hub is not None:
            hub.publish(StoreFailed(operation="open", reason=corruption.message()))
        return store

    def _rescue(self, report: CorruptionReport) -> CorruptionReport:
        items, unreadable = rescue_pending(report.moved_to)
        if items:
            with self._writing() as conn:
                for item in items:
                    outbox.restore(conn, item.idempotency_key, kind=item.kind, order_key=item.order_key,
                                   body=item.body, created_at=item.created_at)
        log.warning("rescued %d unsent items from %s (%d unreadable)", len(items), report.moved_to, unreadable)
        return dataclasses.replace(report, rescued=len(items), unreadable=unreadable)

    def close(self) -> None:
        self._db.close()

    def add_outbox_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """``listener()`` runs (on the writer's thread) after each commit that queued outbox items."""
        self._listeners = [*self._listeners, listener]

        def remove() -> None:
            self._listeners = [x for x in self._listeners if x is not listener]

        return remove

    # ---- the transaction helpers -----------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[Conn]:
        with self._write_lock, self._db.transaction(write=True) as conn:
            yield conn

    def _write(self, operation: str, work: Callable[[Conn], T], *, queued: bool = False) -> T:
        try:
            with self._writing() as conn:
                result = work(conn)
        except (sqlite3.Error, OSError) as exc:
            reason = describe_failure(operation, exc)
            log.error("%s (%s)", reason, type(exc).__name__)
            if self.hub is not None:
                self.hub.publish(StoreFailed(operation=operation, reason=reason))
            raise StoreError(reason) from exc
        if queued:
            for listener in self._listeners:
                try:
                    listener()
                except Exception:
                    log.exception("outbox listener failed")
        return result

    def _check_length(self, operation: str, what: str, text: str) -> None:
        if len(text) > MAX_TEXT:
            reason = f"The {what} is too long ({len(text):,} characters; at most {MAX_TEXT:,}). Nothing was saved."
            if self.hub is not None:
                self.hub.publish(StoreFailed(operation=operation, reason=reason))
            raise StoreError(reason)

    def _query(self, operation: str, work: Callable[[Conn], T]) -> T:
        try:
            with self._db.transaction(write=False) as conn:
                return work(conn)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(describe_failure(operation, exc)) from exc

    # ---- dispositions and notes (the agent's work: row + outbox row in ONE transaction) ----
    def save_disposition(self, call_id: str, code: str, notes: str = "", follow_up_at: float | None = None,
                         customer_id: str | None = None, *, disposition_id: str | None = None) -> str:
        """Commit the disposition and its outbox item; return its id. Raises ``StoreError``."""
        self._check_length("save the disposition", "notes", notes)
        disposition_id = disposition_id or str(uuid.uuid4())
        saved_at = time.time()
        body = disposition_body(disposition_id=disposition_id, call_id=call_id, code=code, notes=notes,
                                follow_up_at=follow_up_at, customer_id=customer_id, saved_at=saved_at)

        def work(conn: Conn) -> None:
            seq = outbox.enqueue(conn, KIND_DISPOSITION, call_id, body, saved_at)
            conn.execute("INSERT INTO dispositions (disposition_id, call_id, code, notes, follow_up_at, customer_id, "
                         "saved_at, outbox_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (disposition_id, call_id, code, notes, follow_up_at, customer_id, saved_at, seq))

        self._write("save the disposition", work, queued=True)
        if self.hub is not None:
            self.hub.publish(DispositionSaved(call_id=call_id, disposition_id=disposition_id, code=code))
        return disposition_id

    def save_note(self, text: str, customer_id: str | None = None, call_id: str | None = None) -> str:
        self._check_length("save the note", "note", text)
        note_id = str(uuid.uuid4())
        saved_at = time.time()
        body = note_body(note_id=note_id, customer_id=customer_id, call_id=call_id, text=text, saved_at=saved_at)

        def work(conn: Conn) -> None:
            seq = outbox.enqueue(conn, KIND_NOTE, note_order_key(note_id, call_id), body, saved_at)
            conn.execute("INSERT INTO notes (note_id, customer_id, call_id, text, saved_at, outbox_seq) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (note_id, customer_id, call_id, text, saved_at, seq))

        self._write("save the note", work, queued=True)
        if self.hub is not None:
            self.hub.publish(NoteSaved(note_id=note_id, customer_id=customer_id, call_id=call_id))
        return note_id

    def record_agent_state(self, state: str, reason: str = "", at: float | None = None,
                           call_id: str | None = None) -> None:
        at = time.time() if at is None else at
        body = agent_state_body(state=state, reason=reason, at=at, call_id=call_id)

        def work(conn: Conn) -> None:
            seq = outbox.enqueue(conn, KIND_AGENT_STATE, AGENT_STATE_ORDER_KEY, body, at)
            conn.execute("INSERT INTO agent_states (state, reason, at, call_id, outbox_seq) VALUES (?, ?, ?, ?, ?)",
                         (state, reason, at, call_id, seq))

        self._write("record the agent state", work, queued=True)

    # ---- the call log (written from engine events by CallLogRecorder) ----------------------
    def call_offered(self, call_id: str, direction: str, at: float, *, remote_number: str = "",
                     remote_name: str = "", account: str = "", queue: str = "") -> None:
        def work(conn: Conn) -> None:
            _insert_call(conn, call_id, direction, at, remote_number=remote_number, remote_name=remote_name,
                         account=account, queue=queue)

        self._write("record the call", work)

    def call_answered(self, call_id: str, at: float, direction: str = "inbound") -> None:
        def work(conn: Conn) -> None:
            _insert_call(conn, call_id, direction, at)  # a call whose start we never saw: log what we know
            conn.execute("UPDATE calls SET answered_at = ? WHERE call_id = ? AND answered_at IS NULL", (at, call_id))

        self._write("record the call", work)

    def call_ended(self, call_id: str, at: float, reason: str, code: int = 0, duration_s: float = 0.0) -> bool:
        """Close the call's log entry and queue its interaction record; False if it had ended already."""

        def work(conn: Conn) -> bool:
            _insert_call(conn, call_id, "inbound", at - duration_s)  # a call whose start we never saw
            call = _call(conn, call_id)
            if call is None or call.ended_at is not None:
                return False
            conn.execute("UPDATE calls SET ended_at = ?, end_reason = ?, end_code = ?, duration_s = ? "
                         "WHERE call_id = ?", (at, reason, code, duration_s, call_id))
            outbox.enqueue(conn, KIND_INTERACTION, call_id, interaction_body(
                call_id=call_id, direction=call.direction, remote_number=call.remote_number,
                remote_name=call.remote_name, account=call.account, queue=call.queue, offered_at=call.offered_at,
                answered_at=call.answered_at, ended_at=at, duration_s=duration_s, end_reason=reason), at)
            return True

        return self._write("record the end of the call", work, queued=True)

    # ---- local settings (non-secret) -----------------------------------------------------
    def set_setting(self, key: str, value: Any) -> None:
        text = json.dumps(value)
        self._write("save the setting", lambda conn: conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, text)))

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._query("read the setting", lambda conn: conn.execute(
            "SELECT value FROM settings WHERE key = ?", (key,)).fetchone())
        return default if row is None else json.loads(row[0])

    # ---- reads for the UI ------------------------------------------------------------------
    def recent_calls(self, limit: int = 50) -> list[CallLogEntry]:
        def work(conn: Conn) -> list[CallLogEntry]:
            rows = conn.execute(f"SELECT {_CALL_COLUMNS} FROM calls ORDER BY offered_at DESC LIMIT ?", (limit,))
            return [CallLogEntry(*row) for row in rows.fetchall()]

        return self._query("read the call history", work)

    def dispositions(self, call_id: str | None = None) -> list[SavedDisposition]:
        def work(conn: Conn) -> list[SavedDisposition]:
            query = "SELECT disposition_id, call_id, code, notes, follow_up_at, customer_id, saved_at FROM dispositions"
            where, params = (" WHERE call_id = ?", (call_id,)) if call_id is not None else ("", ())
            rows = conn.execute(f"{query}{where} ORDER BY saved_at", params).fetchall()
            return [SavedDisposition(*row) for row in rows]

        return self._query("read the dispositions", work)

    def agent_state_history(self, limit: int = 100) -> list[AgentStateEntry]:
        def work(conn: Conn) -> list[AgentStateEntry]:
            rows = conn.execute("SELECT state, reason, at, call_id FROM agent_states ORDER BY at DESC LIMIT ?",
                                (limit,)).fetchall()
            return [AgentStateEntry(*row) for row in rows]

        return self._query("read the agent state history", work)

    def pending_outbox_count(self) -> int:
        return self._query("count unsent records", lambda s: outbox.count_in_state(s, outbox.PENDING))

    def dead_letter_count(self) -> int:
        return self._query("count refused records", lambda s: outbox.count_in_state(s, outbox.DEAD))

    def dead_letters(self, limit: int = 200) -> list[outbox.DeadLetter]:
        return self._query("read refused records", lambda s: outbox.dead_letters(s, limit))

    def requeue_dead_letter(self, seq: int) -> bool:
        """Send a refused item again (e.g. after the catalog was fixed), under a new Idempotency-Key."""
        now = time.time()
        key = self._write("send the record again", lambda s: outbox.requeue_dead(s, seq, now), queued=True)
        return key is not None

    def execute(self, command: SaveDisposition | SaveNote) -> str:
        """Carry out a UI command; returns the new record's id (see ``save_disposition``/``save_note``)."""
        if isinstance(command, SaveDisposition):
            return self.save_disposition(command.call_id, command.code, command.notes, command.follow_up_at)
        return self.save_note(command.text, customer_id=command.customer_id, call_id=command.call_id)

    # ---- for the sync worker ---------------------------------------------------------------
    def outbox_window(self, limit: int) -> list[outbox.PendingItem]:
        """The oldest ``limit`` pending items, in queue order."""
        return self._query("read the outbox", lambda s: outbox.pending_window(s, limit))

    def record_outcomes(self, outcomes: Sequence[outbox.Outcome]) -> None:
        now = time.time()
        self._write("record delivery results", lambda s: outbox.record_outcomes(s, outcomes, now))


def _insert_call(conn: Conn, call_id: str, direction: str, at: float, *, remote_number: str = "",
                 remote_name: str = "", account: str = "", queue: str = "") -> None:
    """The call's log entry, unless it exists already."""
    conn.execute("INSERT INTO calls (call_id, direction, remote_number, remote_name, account, queue, offered_at, "
                 "duration_s, end_reason, end_code) VALUES (?, ?, ?, ?, ?, ?, ?, 0.0, '', 0) "
                 "ON CONFLICT (call_id) DO NOTHING",
                 (call_id, direction, remote_number, remote_name, account, queue, at))


def _call(conn: Conn, call_id: str) -> CallLogEntry | None:
    row = conn.execute(f"SELECT {_CALL_COLUMNS} FROM calls WHERE call_id = ?", (call_id,)).fetchone()
    return None if row is None else CallLogEntry(*row)
