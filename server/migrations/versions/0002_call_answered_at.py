"""call answered at: the board shows a call's duration from its answer, through wrap-up

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:05:51.221750
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_answered_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("call_answered_at")
