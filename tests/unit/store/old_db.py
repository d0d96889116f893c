"""A database file left by an older version: the schema at ``revision`` with one settings row."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from softphone.store.db import make_engine, writer
from softphone.store.schema import alembic_config


def make_old_database(path: Path, revision: str = "0001", theme: str = "dark") -> Path:
    engine = make_engine(path)
    config = alembic_config()
    with writer(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    with writer(engine).begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO settings (key, value) VALUES ('theme', '\"{theme}\"')")
    engine.dispose()
    return path
