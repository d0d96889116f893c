"""Alembic migrations at start-up: upgrade an older database in place, refuse a newer one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from softphone.store.db import writer
from softphone.store.errors import SchemaTooNewError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(engine: Engine, target: str = "head") -> str:
    """Bring the database to ``target`` (default: the newest this version knows); return it.

    Runs inside one write transaction, so a crash mid-migration leaves the old schema intact.
    """
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
