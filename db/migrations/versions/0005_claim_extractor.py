"""Which extractor found each claim: the rules or a trained model, and which version.

Two nullable columns on ``claim``, added in place on both backends (SQLite's ADD COLUMN
leaves the table, its foreign keys and its full-text triggers as they are). Claims an
extraction rule found before are marked as the rules'; their version was not recorded.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 10:25:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim", sa.Column("extractor", sa.String(length=20), nullable=True))
    op.add_column("claim", sa.Column("extractor_version", sa.String(length=100), nullable=True))
    # "hand" marks claims annotated by a person (the seed's), which no extractor found.
    op.execute("UPDATE claim SET extractor = 'rules' WHERE rule IS NOT NULL AND rule <> 'hand'")


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("extractor_version")
        batch_op.drop_column("extractor")
