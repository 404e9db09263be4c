"""Source versions: an edited article becomes its source's next version, not a new source.

``source.version`` numbers the text a source holds now; ``source_version`` keeps the texts
(and metadata) it held before. A claim records which version its offsets point into
(``claim.anchor_version``) and the last version that edited its own words
(``claim.changed_in_version``). Every stored source and claim is version 1. The columns are
added in place on both backends (SQLite's ADD COLUMN leaves the table, its foreign keys and
its full-text triggers as they are).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 16:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("source", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(
        "claim", sa.Column("anchor_version", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("claim", sa.Column("changed_in_version", sa.Integer(), nullable=True))
    op.create_table(
        "source_version",
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("author", sa.String(length=300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("origin", sa.String(length=2000), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "number"),
    )
    op.create_index("ix_source_version_source_id", "source_version", ["source_id"])
    op.create_index("ix_source_version_sha256", "source_version", ["sha256"])
    op.create_index("ix_source_version_outlet", "source_version", ["outlet"])
    op.create_index("ix_source_version_published", "source_version", ["published"])
    op.create_index("ix_source_version_url", "source_version", ["url"])
    # An edited article is found again by its URL.
    op.create_index("ix_source_url", "source", ["url"])


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: rebuilding ``claim`` would
    # trip the foreign keys that point at it and drop its full-text triggers.
    op.drop_index("ix_source_url", table_name="source")
    op.drop_table("source_version")
    op.drop_column("claim", "changed_in_version")
    op.drop_column("claim", "anchor_version")
    op.drop_column("source", "version")
