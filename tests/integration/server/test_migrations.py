"""The alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.db import make_engine, migrate
from server.models import Base
from tests.integration.server.pg import TempPostgres


def _diff(url: str) -> list[object]:
    migrate(url)
    migrate(url)  # a second upgrade is a no-op
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))
    finally:
        engine.dispose()


def test_sqlite_schema_matches_the_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite:///{tmp_path / 'fresh.db'}") == []


def test_postgres_schema_matches_the_models(postgres: TempPostgres) -> None:
    # a database of its own: the shared one is in use by the live server
    engine = make_engine(postgres.url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("CREATE DATABASE migrations_check")
    engine.dispose()
    assert _diff(postgres.url.rsplit("/", 1)[0] + "/migrations_check") == []
