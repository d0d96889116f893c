"""SQLAlchemy 2 models of the local database: the schema the migrations build (and check against).

The store itself uses plain SQL on these tables (``store.py``, ``outbox.py``); this module is
imported by the migrations only, so SQLAlchemy stays out of a normal start.

Timestamps are stored as UTC epoch seconds (REAL): the domain's events carry ``time.time()``
values, and the sync payloads turn them into ISO 8601 strings (``payloads.iso_utc``).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CallRecord(Base):
    """One row per call the engine reported, answered or not (missed, rejected, failed)."""

    __tablename__ = "calls"

    call_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    direction: Mapped[str] = mapped_column(String(16))
    remote_number: Mapped[str] = mapped_column(String(128), default="")
    remote_name: Mapped[str] = mapped_column(String(256), default="")
    account: Mapped[str] = mapped_column(String(128), default="")
    queue: Mapped[str] = mapped_column(String(128), default="")
    offered_at: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    end_reason: Mapped[str] = mapped_column(String(32), default="")
    end_code: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_calls_offered_at", "offered_at"),)


class OutboxItem(Base):
    """A record waiting for (or done with) delivery to the central server.

    ``seq`` orders delivery; ``order_key`` groups items that must arrive in order (a call's
    interaction before its disposition). ``body`` is the JSON sent, frozen at enqueue time so
    that a retry with the same ``idempotency_key`` is byte-for-byte the same request.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    order_key: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    status_code: Mapped[int] = mapped_column(Integer, default=0)  # the server's final answer
    dead_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_outbox_state_seq", "state", "seq"),)


class DispositionRecord(Base):
    __tablename__ = "dispositions"

    disposition_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    customer_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    saved_at: Mapped[float] = mapped_column(Float)
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class NoteRecord(Base):
    __tablename__ = "notes"

    note_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    call_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[float] = mapped_column(Float)
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class AgentStateRecord(Base):
    __tablename__ = "agent_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[float] = mapped_column(Float, index=True)
    call_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class Setting(Base):
    """Local, non-secret settings as JSON values (secrets live in the keyring, never here)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
