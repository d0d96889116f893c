"""Opening the SQLite file: pragmas on every connection, corruption check, transactions.

The store talks to SQLite through the standard ``sqlite3`` module (SQLAlchemy, ~30 MB and a
few hundred ms at start-up, is only loaded for a migration: ``softphone.store.schema``).
Every connection gets ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and a
busy timeout. pysqlite's own transaction handling is switched off (``isolation_level=None``)
so that we emit our BEGIN: ``BEGIN IMMEDIATE`` for writes (the write lock is taken up front,
so a writer never fails half-way with SQLITE_BUSY_SNAPSHOT), plain ``BEGIN`` for reads (WAL
readers never block writers).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

BUSY_TIMEOUT_S = 30.0
IMMEDIATE = "softphone_begin_immediate"
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON")
POOL_SIZE = 4  # idle connections kept; more are opened while several threads use the store at once


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the store's pragmas, in autocommit mode (we BEGIN ourselves)."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """A small pool of ``sqlite3`` connections to one file; ``transaction()`` lends one to a thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._closed = False

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for this thread alone until the block ends (no transaction of its own)."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = connect(self.path)
        try:
            yield conn
        finally:
            with self._lock:
                keep = not self._closed and len(self._idle) < POOL_SIZE and not conn.in_transaction
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    @contextlib.contextmanager
    def transaction(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """BEGIN (IMMEDIATE for ``write``) ... COMMIT, or ROLLBACK when the block raises."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def make_engine(path: Path) -> Engine:
    """A SQLAlchemy engine with the same pragmas, for alembic's migrations (imports SQLAlchemy)."""
    from sqlalchemy import Connection, create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S, "isolation_level": None},
        pool_size=1,
        max_overflow=2,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        try:
            for pragma in PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE) else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions start with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{IMMEDIATE: True})


@dataclass(frozen=True)
class CorruptionReport:
    """A damaged database found at start-up, moved aside so the agent can keep working."""

    original: Path
    moved_to: Path
    reason: str
    rescued: int = 0  # unsent items copied into the new database (they will still be sent)
    unreadable: int = 0  # unsent items on damaged pages

    def message(self) -> str:
        text = (f"The local database was damaged ({self.reason}). It was kept aside as {self.moved_to.name} "
                f"for support, and a new one was started; the call history starts afresh.")
        if self.rescued:
            text += f" {self.rescued} record(s) not yet sent to the server were rescued and will be sent."
        if self.unreadable:
            text += f" {self.unreadable} unsent record(s) could not be read and are only in the old file."
        return text


CORRUPTION_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def check_integrity(path: Path) -> str | None:
    """None when the file is a healthy SQLite database (or absent); else why it is damaged.

    Only real damage counts (SQLITE_CORRUPT, SQLITE_NOTADB, a failed ``quick_check``): a busy
    or unreadable file raises ``sqlite3.Error`` instead, so it is never moved aside by mistake.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in CORRUPTION_CODES:
            return str(exc)
        raise
    result = "; ".join(str(r[0]) for r in rows[:3])
    return None if result == "ok" else result


def move_aside(path: Path, reason: str) -> CorruptionReport:
    """Rename the database and its WAL/SHM files to ``<name>.corrupt-<UTC time>``."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            with contextlib.suppress(OSError):
                side.rename(target.with_name(target.name + suffix))
    return CorruptionReport(original=path, moved_to=target, reason=reason)
