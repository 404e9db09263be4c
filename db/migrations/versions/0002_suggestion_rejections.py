"""Suggestion rejections: the proposed relations between claims a reviewer turned down.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 07:58:33.587249
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion_rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("pair", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("rejected_by", sa.String(length=100), nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "relation IN ('contradicts', 'supports', 'same_event', 'duplicate', 'elaborates')",
            name="relation_valid",
        ),
        sa.CheckConstraint("claim_id <> other_id", name="no_self_rejection"),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.ForeignKeyConstraint(["other_id"], ["claim.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pair", "relation"),
    )
    with op.batch_alter_table("suggestion_rejection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestion_rejection_claim_id"), ["claim_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_suggestion_rejection_other_id"), ["other_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suggestion_rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_rejection_other_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_rejection_claim_id"))
    op.drop_table("suggestion_rejection")
