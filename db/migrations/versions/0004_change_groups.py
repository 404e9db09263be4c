"""Change groups: the audit entries of one user action share a ``change_id``, and an undo's
entries name the action they reverted in ``undoes``.

Entries written before this revision each stand alone: their ``change_id`` is their own id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 09:12:04.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("undoes", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_entry_change_id"), ["change_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_undoes"), ["undoes"], unique=False)
    op.execute("UPDATE audit_entry SET change_id = id WHERE change_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_undoes"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_change_id"))
        batch_op.drop_column("undoes")
        batch_op.drop_column("change_id")
