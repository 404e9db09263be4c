"""Initial schema: sources, speakers, claims, links, events, tags and the audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 07:41:52.461193
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
        "event",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "source",
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("author", sa.String(length=300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("origin", sa.String(length=2000), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_outlet"), ["outlet"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_published"), ["published"], unique=False)

    op.create_table(
        "speaker",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("affiliation", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('person', 'organisation', 'group', 'anonymous')", name="kind_valid"
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["speaker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_speaker_name"), ["name"], unique=False)

    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "claim",
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("speaker_mention", sa.String(length=500), nullable=True),
        sa.Column("speaker_role", sa.String(length=500), nullable=True),
        sa.Column("cue", sa.String(length=200), nullable=True),
        sa.Column("quote_type", sa.String(length=10), nullable=False),
        sa.Column("via", sa.String(length=300), nullable=True),
        sa.Column("said_on", sa.Date(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("span_exact", sa.Text(), nullable=True),
        sa.Column("span_prefix", sa.String(length=200), nullable=True),
        sa.Column("span_suffix", sa.String(length=200), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=100), nullable=True),
        sa.Column("speaker_match", sa.String(length=100), nullable=True),
        sa.Column("speaker_match_score", sa.Float(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quote_type IN ('direct', 'indirect', 'mixed')", name="quote_type_valid"
        ),
        sa.CheckConstraint(
            "status IN ('unreviewed', 'verified', 'disputed', 'false', 'misleading', "
            "'unverifiable')",
            name="status_valid",
        ),
        sa.CheckConstraint(
            "span_start IS NULL OR (span_start >= 0 AND span_end >= span_start)",
            name="span_ordered",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_speaker_id"), ["speaker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_status"), ["status"], unique=False)

    op.create_table(
        "speaker_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("normalised", sa.String(length=300), nullable=False),
        sa.Column("weak", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("speaker_id", "alias"),
    )
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_alias_normalised"), ["normalised"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_speaker_alias_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("claim_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_speaker_id"), ["speaker_id"], unique=False)

    op.create_table(
        "claim_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("pair", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "relation IN ('contradicts', 'supports', 'same_event', 'duplicate', 'elaborates')",
            name="relation_valid",
        ),
        sa.CheckConstraint("claim_id <> other_id", name="no_self_link"),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pair", "relation"),
    )
    with op.batch_alter_table("claim_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_link_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_link_other_id"), ["other_id"], unique=False)

    op.create_table(
        "claim_tag",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["tag.id"],
        ),
        sa.PrimaryKeyConstraint("claim_id", "tag_id"),
    )
    with op.batch_alter_table("claim_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_tag_tag_id"), ["tag_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_tag_tag_id"))

    op.drop_table("claim_tag")
    with op.batch_alter_table("claim_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_link_other_id"))
        batch_op.drop_index(batch_op.f("ix_claim_link_claim_id"))

    op.drop_table("claim_link")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_claim_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_alias_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_speaker_alias_normalised"))

    op.drop_table("speaker_alias")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_status"))
        batch_op.drop_index(batch_op.f("ix_claim_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_claim_source_id"))
        batch_op.drop_index(batch_op.f("ix_claim_event_id"))

    op.drop_table("claim")
    op.drop_table("tag")
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_name"))
        batch_op.drop_index(batch_op.f("ix_speaker_merged_into_id"))

    op.drop_table("speaker")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_published"))
        batch_op.drop_index(batch_op.f("ix_source_outlet"))

    op.drop_table("source")
    op.drop_table("event")
