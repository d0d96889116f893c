"""Initial schema: call log, outbox, dispositions, notes, agent states, settings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("call_id", sa.String(64), primary_key=True),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("remote_number", sa.String(128), nullable=False),
        sa.Column("remote_name", sa.String(256), nullable=False),
        sa.Column("account", sa.String(128), nullable=False),
        sa.Column("queue", sa.String(128), nullable=False),
        sa.Column("offered_at", sa.Float, nullable=False),
        sa.Column("answered_at", sa.Float, nullable=True),
        sa.Column("ended_at", sa.Float, nullable=True),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("end_reason", sa.String(32), nullable=False),
        sa.Column("end_code", sa.Integer, nullable=False),
    )
    op.create_index("ix_calls_offered_at", "calls", ["offered_at"])
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("order_key", sa.String(128), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_attempt_at", sa.Float, nullable=True),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("delivered_at", sa.Float, nullable=True),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("dead_reason", sa.Text, nullable=False),
    )
    op.create_table(
        "dispositions",
        sa.Column("disposition_id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("follow_up_at", sa.Float, nullable=True),
        sa.Column("customer_id", sa.String(128), nullable=True),
        sa.Column("saved_at", sa.Float, nullable=False),
        sa.Column("outbox_seq", sa.Integer, sa.ForeignKey("outbox.seq"), nullable=False),
    )
    op.create_index("ix_dispositions_call_id", "dispositions", ["call_id"])
    op.create_table(
        "notes",
        sa.Column("note_id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(128), nullable=True),
        sa.Column("call_id", sa.String(64), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("saved_at", sa.Float, nullable=False),
        sa.Column("outbox_seq", sa.Integer, sa.ForeignKey("outbox.seq"), nullable=False),
    )
    op.create_index("ix_notes_customer_id", "notes", ["customer_id"])
    op.create_index("ix_notes_call_id", "notes", ["call_id"])
    op.create_table(
        "agent_states",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("call_id", sa.String(64), nullable=True),
        sa.Column("outbox_seq", sa.Integer, sa.ForeignKey("outbox.seq"), nullable=False),
    )
    op.create_index("ix_agent_states_at", "agent_states", ["at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "agent_states", "notes", "dispositions", "outbox", "calls"):
        op.drop_table(table)
