"""Opening the SQLite file: pragmas on every connection, corruption check, write transactions.

Every connection gets ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and a
busy timeout. pysqlite's own transaction handling is switched off (``isolation_level=None``)
so that SQLAlchemy's ``begin`` emits our BEGIN: ``BEGIN IMMEDIATE`` for writes (the write
lock is taken up front, so a writer never fails half-way with SQLITE_BUSY_SNAPSHOT), plain
``BEGIN`` for reads (WAL readers never block writers).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_S = 30.0
IMMEDIATE = "softphone_begin_immediate"
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S, "isolation_level": None},
        pool_size=4,
        max_overflow=8,
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
