"""Errors the store raises; every message is meant for the agent to read."""

from __future__ import annotations

import sqlite3


class StoreError(RuntimeError):
    """The local database could not do what was asked; nothing was half-saved."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer version of the app; this version refuses to touch it."""


def is_sqlalchemy_error(exc: BaseException) -> bool:
    """An error of SQLAlchemy (only migrations use it), told without importing SQLAlchemy."""
    return any(cls.__module__ == "sqlalchemy.exc" for cls in type(exc).__mro__)


def is_database_error(exc: BaseException) -> bool:
    """An error of SQLite, of the disk, or of SQLAlchemy: reported to the agent as a StoreError."""
    return isinstance(exc, sqlite3.Error | OSError) or is_sqlalchemy_error(exc)


def describe_failure(operation: str, exc: BaseException) -> str:
    """A one-line, human explanation of a database failure (no SQL, no parameters)."""
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy's DBAPIError wraps the driver's error
    text = str(original).lower()
    code = getattr(original, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text or "no space" in text:
        why = "the disk is full. Free some space; everything saved before is safe"
    elif code == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        why = "the database file is read-only"
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        why = "the database is busy (locked by another program)"
    elif code == sqlite3.SQLITE_CORRUPT or "malformed" in text or "not a database" in text:
        why = "the database file is damaged"
    elif code == sqlite3.SQLITE_IOERR or "disk i/o" in text:
        why = "the disk reported an input/output error"
    elif isinstance(exc, sqlite3.Error) or is_sqlalchemy_error(exc):
        why = f"a database error occurred ({type(original).__name__})"
    else:
        why = f"{type(exc).__name__}: {exc}"
    return f"Could not {operation}: {why}."
