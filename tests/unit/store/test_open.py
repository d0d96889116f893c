"""Opening the database: migrations at start-up, newer schemas refused, damaged files moved aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from softphone.domain.app_events import StoreFailed
from softphone.domain.hub import EventHub, EventRecorder
from softphone.store import SchemaTooNewError, Store, StoreError
from softphone.store.db import make_engine
from softphone.store.models import Base
from softphone.store.schema import current_revision, head_revision, quick_revision
from tests.unit.store.old_db import make_old_database


def test_migrations_build_exactly_the_models_schema(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    engine = make_engine(tmp_path / "s.db")
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == []
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_an_older_database_is_upgraded_in_place_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_old_database(path)
    store = Store.open(path)
    try:
        assert quick_revision(store._db) == head_revision() != "0001"
        assert store.get_setting("theme") == "dark"
        with sqlite3.connect(path) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "ix_outbox_state_seq" in names
    finally:
        store.close()


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match=r"newer version of softphone \(schema 9999_future\).*Update softphone"):
        Store.open(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "scribbled"])
def test_a_damaged_file_is_moved_aside_and_the_agent_is_told(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "softphone.db"
    store = Store.open(path)
    for n in range(300):
        store.save_disposition(f"call-{n}", "sale", "x" * 200)
    store.close()
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:  # overwrite the middle pages (b-tree pages) with junk, keep the header valid
        path.write_bytes(data[:4096] + b"\xff" * (len(data) - 8192) + data[-4096:])
    damaged = path.read_bytes()
    hub, events = EventHub(), EventRecorder()
    hub.subscribe(events)
    reopened = Store.open(path, hub=hub)
    try:
        report = reopened.corruption
        assert report is not None and report.moved_to.exists()
        assert report.moved_to.name.startswith("softphone.db.corrupt-")
        assert report.moved_to.read_bytes() == damaged  # kept for support, byte for byte
        failed = events.of_type(StoreFailed)
        assert failed and failed[0].operation == "open" and report.moved_to.name in failed[0].reason
        assert reopened.pending_outbox_count() == report.rescued  # whatever could still be read
        reopened.save_disposition("call-new", "sale")  # the agent can keep working
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        reopened.close()


def test_a_healthy_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "softphone.db"
    Store.open(path).close()
    store = Store.open(path)
    store.close()
    assert store.corruption is None and not list(tmp_path.glob("*.corrupt-*"))


def test_a_locked_file_is_an_error_not_corruption(tmp_path: Path) -> None:
    path = tmp_path / "softphone.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        from softphone.store import db as db_module

        original = db_module.BUSY_TIMEOUT_S
        db_module.BUSY_TIMEOUT_S = 0.2
        try:
            with pytest.raises(StoreError, match="busy"):
                Store.open(path)
        finally:
            db_module.BUSY_TIMEOUT_S = original
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_unsent_items_are_rescued_from_a_damaged_file_with_their_keys(tmp_path: Path) -> None:
    path = tmp_path / "softphone.db"
    store = Store.open(path)
    for n in range(50):
        store.save_disposition(f"call-{n}", "sale", f"note {n}")
    for n in range(400):  # a big call log whose pages we then damage
        store.call_offered(f"logged-{n}", "inbound", float(n), remote_name="x" * 100)
    before = {(i.idempotency_key, i.body) for i in store.outbox_window(100)}
    store.close()
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as raw_file:
        raw_file.seek((root - 1) * page_size)
        raw_file.write(b"\x0d" + b"\xee" * (page_size - 1))
    reopened = Store.open(path)
    try:
        report = reopened.corruption
        assert report is not None and report.rescued == 50 and report.unreadable == 0
        assert "50 record(s) not yet sent to the server were rescued" in report.message()
        assert {(i.idempotency_key, i.body) for i in reopened.outbox_window(100)} == before
        assert reopened.recent_calls() == []
    finally:
        reopened.close()


def test_schema_head_constant_is_alembics_head() -> None:
    from softphone.store.schema import SCHEMA_HEAD, head_revision

    assert head_revision() == SCHEMA_HEAD, "update SCHEMA_HEAD in softphone/store/schema.py"
