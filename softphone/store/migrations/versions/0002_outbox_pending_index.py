"""Index the outbox by (state, seq): the sync worker's "next pending items" query.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"])


def downgrade() -> None:
    op.drop_index("ix_outbox_state_seq", table_name="outbox")
