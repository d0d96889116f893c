"""The alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from server.db import Database, alembic_config, make_engine, migrate
from server.models import Base, CustomerPhone
from server.seed import seed_customers
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


def test_an_old_database_is_upgraded_and_downgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url, "0001")
    assert _diff(url) == []  # _diff upgrades to head first
    command.downgrade(alembic_config(url), "0001")
    migrate(url)
    assert _diff(url) == []


def test_postgres_schema_matches_the_models_also_after_a_bulk_seed(postgres: TempPostgres) -> None:
    # a database of its own: the shared one is in use by the live server
    engine = make_engine(postgres.url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("CREATE DATABASE migrations_check")
    engine.dispose()
    url = postgres.url.rsplit("/", 1)[0] + "/migrations_check"
    assert _diff(url) == []
    db = Database(url)
    try:
        # into empty tables the seed drops the phone/item indexes and foreign keys and rebuilds them
        assert seed_customers(db, 1500) == 1500
        assert seed_customers(db, 500, seed=2) == 500
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(CustomerPhone)) > 2000
    finally:
        db.dispose()
    assert _diff(url) == []
