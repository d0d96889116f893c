"""Alembic migrations at start-up: upgrade an older database in place, refuse a newer one.

Fast path: a database already at ``SCHEMA_HEAD`` (every start but the first after an update)
is recognised with one plain ``sqlite3`` query, and neither alembic nor SQLAlchemy is imported
(~35 MB and a few hundred ms at start-up). Any other revision (none: a new file; an older one;
one this version does not know) goes through alembic, which upgrades or refuses.
``tests/unit/store`` checks that ``SCHEMA_HEAD`` is alembic's head.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

from softphone.store.db import Database, make_engine, writer
from softphone.store.errors import SchemaTooNewError

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0002"  # the newest migration in migrations/versions (a test keeps this true)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def quick_revision(db: Database) -> str | None:
    """The revision recorded in the file (None: no ``alembic_version`` table yet), plain SQL."""
    with db.connection() as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError as exc:  # no table yet: a new database
            if "no such table" in str(exc):
                return None
            raise
    return None if row is None else str(row[0])


def ensure_schema(db: Database, target: str = "head") -> str:
    """Bring the database to ``target`` (default: the newest this version knows); return it.

    Runs inside one write transaction, so a crash mid-migration leaves the old schema intact.
    """
    if target == "head" and quick_revision(db) == SCHEMA_HEAD:
        return SCHEMA_HEAD
    engine = make_engine(db.path)
    try:
        return _migrate(engine, target)
    finally:
        engine.dispose()


def _migrate(engine: Engine, target: str) -> str:
    from alembic import command

    script = _script()
    known = {rev.revision for rev in script.walk_revisions()}
    wanted = head_revision() if target == "head" else target
    current = current_revision(engine)
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"This database was written by a newer version of softphone (schema {current}); this "
            f"version knows schemas up to {head_revision()}. Update softphone, or start it with "
            f"another data folder. The file was not changed."
        )
    if current == wanted:
        return current
    config = alembic_config()
    with writer(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, wanted)
    return wanted
