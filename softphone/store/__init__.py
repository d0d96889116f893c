"""The local store (issue 5): SQLite, nothing the agent saves is ever lost.

At run time the store speaks plain SQL through ``sqlite3``; the schema is defined by the
SQLAlchemy models (``models.py``) and alembic migrations, which load only when the file's
schema must change (``schema.py``): a start with an up-to-date file imports neither.

The file lives in the per-user data folder (``paths.data_dir() / "softphone.db"``, which
honours ``SOFTPHONE_HOME``). Every connection runs with ``journal_mode=WAL``,
``synchronous=FULL`` and ``foreign_keys=ON``. Alembic migrations run at start-up: an older
database is upgraded in place, a newer one is refused (``SchemaTooNewError``), a damaged one
is moved aside as ``softphone.db.corrupt-<time>`` and a fresh one started; the unsent outbox
items that can still be read are rescued into it with their keys (``store.corruption`` says
what happened, and a ``StoreFailed`` event is published). Secrets never go into this database.

Public API (every method is thread-safe and raises ``StoreError`` with a message for the agent;
write failures also publish ``StoreFailed`` on the hub)::

    store = Store.open(path=None, hub=hub)      # None: the per-user default path
    store.corruption                            # CorruptionReport | None (moved_to, message())
    did = store.save_disposition(call_id, code, notes="", follow_up_at=None, customer_id=None)
    nid = store.save_note(text, customer_id=None, call_id=None)
    store.record_agent_state(state, reason="", at=None, call_id=None)
    store.recent_calls(limit=50) -> list[CallLogEntry]      # .missed for unanswered inbound calls
    store.dispositions(call_id=None) -> list[SavedDisposition]
    store.agent_state_history(limit=100) -> list[AgentStateEntry]   # newest first
    store.pending_outbox_count() / store.dead_letter_count()
    store.dead_letters(limit=200) -> list[DeadLetter]       # .kind, .reason (the server's), .body
    store.requeue_dead_letter(seq) -> bool                  # send again under a new Idempotency-Key
    store.execute(SaveDisposition(...) | SaveNote(...)) -> id
    store.set_setting(key, json_value) / store.get_setting(key, default=None)
    store.close()

``save_disposition``/``save_note`` commit the record and its outbox row in ONE transaction;
when they return, the UI may say "saved" (``DispositionSaved``/``NoteSaved`` are published).

The call log is written by ``CallLogRecorder(store, hub)``: it subscribes to the engine's call
events (and ``AgentStateChanged``) on its own "store" worker thread and, when a call ends,
queues the interaction record for the server in the same transaction. The sync worker uses
``outbox_window``, ``record_outcomes`` and ``add_outbox_listener`` (see ``softphone.sync``).
"""

from softphone.store.db import CorruptionReport
from softphone.store.errors import SchemaTooNewError, StoreError
from softphone.store.outbox import DeadLetter, PendingItem
from softphone.store.recorder import CallLogRecorder
from softphone.store.store import AgentStateEntry, CallLogEntry, SavedDisposition, Store

__all__ = [
    "AgentStateEntry",
    "CallLogEntry",
    "CallLogRecorder",
    "CorruptionReport",
    "DeadLetter",
    "PendingItem",
    "SavedDisposition",
    "SchemaTooNewError",
    "Store",
    "StoreError",
]
