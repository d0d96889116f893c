"""The store on a real SQLite file: pragmas, one-transaction saves, outbox bookkeeping, errors."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain.app_events import DispositionSaved, NoteSaved, StoreFailed
from softphone.domain.hub import EventHub, EventRecorder
from softphone.store import Store, StoreError
from softphone.store.outbox import DeadLettered, Delivered, RetryLater


@pytest.fixture
def hub_and_events() -> tuple[EventHub, EventRecorder]:
    hub, events = EventHub(), EventRecorder()
    hub.subscribe(events)
    return hub, events


@pytest.fixture
def store(tmp_path: Path, hub_and_events: tuple[EventHub, EventRecorder]) -> Iterator[Store]:
    opened = Store.open(tmp_path / "softphone.db", hub=hub_and_events[0])
    yield opened
    opened.close()


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_every_connection_has_wal_full_sync_and_foreign_keys(store: Store) -> None:
    seen = []

    def check() -> None:
        with store._db.connection() as conn:
            seen.append(tuple(conn.execute(f"PRAGMA {p}").fetchone()[0] for p in
                              ("journal_mode", "synchronous", "foreign_keys")))
            barrier.wait(5)  # all six at once: six connections, not one reused

    barrier = threading.Barrier(6)
    threads = [threading.Thread(target=check) for _ in range(6)]  # several pooled connections
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen and set(seen) == {("wal", 2, 1)}  # synchronous 2 = FULL


def test_default_path_is_the_per_user_data_folder(softphone_home: Path) -> None:
    opened = Store.open()
    try:
        assert opened.path == softphone_home / "data" / "softphone.db" and opened.path.exists()
    finally:
        opened.close()


def test_saving_a_disposition_writes_the_row_and_its_outbox_item(
        store: Store, hub_and_events: tuple[EventHub, EventRecorder]) -> None:
    did = store.save_disposition("call-1", "sale", "wants a callback", follow_up_at=1_800_000_000.0,
                                 customer_id="cust-9")
    with raw(store.path) as conn:
        seq, = conn.execute("SELECT outbox_seq FROM dispositions WHERE disposition_id=?", (did,)).fetchone()
        key, kind, order_key, body, state = conn.execute(
            "SELECT idempotency_key, kind, order_key, body, state FROM outbox WHERE seq=?", (seq,)).fetchone()
    assert (kind, order_key, state) == ("disposition", "call-1", "pending")
    assert len(key) == 36 and key[14] == "4"  # a UUID v4
    sent = json.loads(body)
    assert sent["disposition_id"] == did and sent["follow_up_at"] == "2027-01-15T08:00:00.000Z"
    assert sent["customer_id"] == "cust-9" and sent["notes"] == "wants a callback"
    assert hub_and_events[1].of_type(DispositionSaved)[0].disposition_id == did
    assert [d.code for d in store.dispositions("call-1")] == ["sale"]


def test_a_failing_save_leaves_no_outbox_row_behind(store: Store,
                                                    hub_and_events: tuple[EventHub, EventRecorder]) -> None:
    store.save_disposition("call-1", "sale", disposition_id="same-id")
    with pytest.raises(StoreError, match="Could not save the disposition"):
        store.save_disposition("call-1", "sale", disposition_id="same-id")  # primary key clash mid-transaction
    assert store.pending_outbox_count() == 1
    failed = hub_and_events[1].of_type(StoreFailed)
    assert failed and failed[0].operation == "save the disposition"
    assert "INSERT" not in failed[0].reason and "same-id" not in failed[0].reason  # no SQL, no data in the message


def test_notes_and_agent_states_go_through_the_outbox(store: Store,
                                                     hub_and_events: tuple[EventHub, EventRecorder]) -> None:
    nid = store.save_note("prefers email", customer_id="cust-1")
    store.record_agent_state("not_ready", "lunch", at=100.0)
    window = store.outbox_window(10)
    assert [(i.kind, i.order_key) for i in window] == [("note", f"note:{nid}"), ("agent_state", "agent-state")]
    assert json.loads(window[1].body) == {"state": "not_ready", "reason": "lunch", "at": "1970-01-01T00:01:40.000Z",
                                          "call_id": None}
    assert hub_and_events[1].of_type(NoteSaved)[0].note_id == nid


def test_outcomes_move_items_out_of_pending(store: Store) -> None:
    for n in range(3):
        store.save_disposition(f"call-{n}", "sale")
    a, b, c = store.outbox_window(10)
    store.record_outcomes([Delivered(a.seq, 201), DeadLettered(b.seq, 422, "HTTP 422: unknown code"),
                           RetryLater(c.seq, "HTTP 503")])
    assert [i.seq for i in store.outbox_window(10)] == [c.seq]
    assert store.pending_outbox_count() == 1 and store.dead_letter_count() == 1
    dead, = store.dead_letters()
    assert (dead.seq, dead.status_code, dead.reason, dead.kind) == (b.seq, 422, "HTTP 422: unknown code", "disposition")
    store.record_outcomes([Delivered(a.seq, 200)])  # a late duplicate answer changes nothing
    with raw(store.path) as conn:
        assert conn.execute("SELECT attempts, status_code FROM outbox WHERE seq=?", (a.seq,)).fetchone() == (1, 201)
        assert conn.execute("SELECT attempts, last_error FROM outbox WHERE seq=?", (c.seq,)).fetchone() == \
            (1, "HTTP 503")


def test_listeners_hear_about_queued_items_only_after_commit(store: Store) -> None:
    counts: list[int] = []
    remove = store.add_outbox_listener(lambda: counts.append(store.pending_outbox_count()))
    store.save_disposition("call-1", "sale")
    store.set_setting("theme", "dark")  # queues nothing
    remove()
    store.save_note("x")
    assert counts == [1]


def test_settings_round_trip_json(store: Store) -> None:
    assert store.get_setting("columns", default=[]) == []
    store.set_setting("columns", ["number", "name"])
    store.set_setting("columns", ["name"])
    assert store.get_setting("columns") == ["name"]


def test_concurrent_writers_from_many_threads_all_land(store: Store) -> None:
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            for i in range(20):
                store.save_disposition(f"call-{n}-{i}", "sale")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and store.pending_outbox_count() == 100


@pytest.mark.parametrize(("message", "expected"), [
    ("database or disk is full", "the disk is full"),
    ("attempt to write a readonly database", "read-only"),
    ("database is locked", "busy"),
    ("database disk image is malformed", "damaged"),
    ("disk I/O error", "input/output error"),
])
def test_failures_are_explained_for_the_agent(message: str, expected: str) -> None:
    from sqlalchemy.exc import OperationalError

    from softphone.store.errors import describe_failure

    exc = OperationalError("INSERT INTO dispositions ...", {"notes": "private"}, sqlite3.OperationalError(message))
    text_shown = describe_failure("save the disposition", exc)
    assert text_shown.startswith("Could not save the disposition: ") and expected in text_shown
    assert "INSERT" not in text_shown and "private" not in text_shown


def test_plain_sqlite_failures_are_explained_too() -> None:
    from softphone.store.errors import describe_failure, is_database_error

    exc = sqlite3.OperationalError("database or disk is full")
    assert is_database_error(exc)
    assert describe_failure("save the note", exc) == ("Could not save the note: the disk is full. Free some space; "
                                                      "everything saved before is safe.")
    assert describe_failure("save the note", sqlite3.IntegrityError("UNIQUE constraint failed: notes.note_id")) == (
        "Could not save the note: a database error occurred (IntegrityError).")
    assert not is_database_error(ValueError("not a database problem"))


def test_a_failed_write_rolls_back_and_the_pool_stays_usable(store: Store) -> None:
    def half_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO settings (key, value) VALUES ('half', '1')")
        conn.execute("INSERT INTO settings (key, value) VALUES ('half', '2')")  # primary key clash

    with pytest.raises(StoreError, match="Could not save the setting"):
        store._write("save the setting", half_then_fail)
    assert store.get_setting("half") is None  # nothing half-saved
    store.set_setting("half", 3)
    assert store.get_setting("half") == 3


def test_write_transactions_take_the_write_lock_up_front(store: Store) -> None:
    with store._writing() as conn:
        conn.execute("SELECT 1")  # nothing written yet, but BEGIN IMMEDIATE holds the lock
        other = sqlite3.connect(store.path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_dead_letter_can_be_sent_again_under_a_new_key(store: Store) -> None:
    store.save_disposition("call-1", "typo")
    item, = store.outbox_window(10)
    store.record_outcomes([DeadLettered(item.seq, 422, "HTTP 422: unknown code")])
    assert store.requeue_dead_letter(item.seq)
    again, = store.outbox_window(10)
    assert again.seq == item.seq and again.body == item.body and again.idempotency_key != item.idempotency_key
    assert store.dead_letter_count() == 0 and not store.requeue_dead_letter(item.seq)  # pending, not dead


def test_ui_commands_are_carried_out(store: Store) -> None:
    from softphone.domain.commands import SaveDisposition, SaveNote

    did = store.execute(SaveDisposition(call_id="call-1", code="sale", notes="n", follow_up_at=5.0))
    nid = store.execute(SaveNote(customer_id="cust-1", text="hello", call_id="call-1"))
    saved, = store.dispositions("call-1")
    assert saved.disposition_id == did and saved.follow_up_at == 5.0
    assert [i.kind for i in store.outbox_window(10)] == ["disposition", "note"] and nid


def test_too_long_notes_are_refused_before_anything_is_saved(
        store: Store, hub_and_events: tuple[EventHub, EventRecorder]) -> None:
    with pytest.raises(StoreError, match=r"notes is too long \(20,001 characters; at most 20,000\)"):
        store.save_disposition("call-1", "sale", "x" * 20_001)
    with pytest.raises(StoreError, match="note is too long"):
        store.save_note("y" * 20_001)
    assert store.pending_outbox_count() == 0
    assert [e.operation for e in hub_and_events[1].of_type(StoreFailed)] == ["save the disposition", "save the note"]
    store.save_disposition("call-1", "sale", "x" * 20_000)
