"""Search indexes: full text over claims, trigrams over speaker aliases, surname keys.

SQLite gets two FTS5 tables kept in step with their rows by triggers: ``claim_fts`` (words,
Porter-stemmed, accents folded) over ``claim.content``, and ``speaker_alias_fts`` (trigrams)
over ``speaker_alias.normalised`` with ``speaker_alias_fts_vocab`` giving each trigram's
document frequency. PostgreSQL gets a stored ``tsvector`` column on claims with a GIN index,
and a pg_trgm GIN index over alias normal forms. Both get three more alias keys
(``surname``, ``skeleton``, ``surname_skeleton``), computed here for the aliases stored.

SQLite drops a table's triggers when Alembic's batch mode rebuilds it: a later migration that
rebuilds ``claim`` or ``speaker_alias`` must create the triggers below again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 07:59:33.306042
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_UPGRADE = [
    """
    CREATE VIRTUAL TABLE claim_fts USING fts5(
        content, content='claim', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN
        INSERT INTO claim_fts(rowid, content) VALUES (new.id, new.content);
    END
    """,
    """
    CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN
        INSERT INTO claim_fts(claim_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END
    """,
    """
    CREATE TRIGGER claim_fts_update AFTER UPDATE OF content ON claim BEGIN
        INSERT INTO claim_fts(claim_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO claim_fts(rowid, content) VALUES (new.id, new.content);
    END
    """,
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
    """
    CREATE VIRTUAL TABLE speaker_alias_fts USING fts5(
        normalised, content='speaker_alias', content_rowid='id',
        tokenize='trigram', detail='none'
    )
    """,
    "CREATE VIRTUAL TABLE speaker_alias_fts_vocab USING fts5vocab(speaker_alias_fts, 'row')",
    """
    CREATE TRIGGER speaker_alias_fts_insert AFTER INSERT ON speaker_alias BEGIN
        INSERT INTO speaker_alias_fts(rowid, normalised) VALUES (new.id, new.normalised);
    END
    """,
    """
    CREATE TRIGGER speaker_alias_fts_delete AFTER DELETE ON speaker_alias BEGIN
        INSERT INTO speaker_alias_fts(speaker_alias_fts, rowid, normalised)
        VALUES ('delete', old.id, old.normalised);
    END
    """,
    """
    CREATE TRIGGER speaker_alias_fts_update AFTER UPDATE OF normalised ON speaker_alias BEGIN
        INSERT INTO speaker_alias_fts(speaker_alias_fts, rowid, normalised)
        VALUES ('delete', old.id, old.normalised);
        INSERT INTO speaker_alias_fts(rowid, normalised) VALUES (new.id, new.normalised);
    END
    """,
    "INSERT INTO speaker_alias_fts(speaker_alias_fts) VALUES ('rebuild')",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS speaker_alias_fts_update",
    "DROP TRIGGER IF EXISTS speaker_alias_fts_delete",
    "DROP TRIGGER IF EXISTS speaker_alias_fts_insert",
    "DROP TABLE IF EXISTS speaker_alias_fts_vocab",
    "DROP TABLE IF EXISTS speaker_alias_fts",
    "DROP TRIGGER IF EXISTS claim_fts_update",
    "DROP TRIGGER IF EXISTS claim_fts_delete",
    "DROP TRIGGER IF EXISTS claim_fts_insert",
    "DROP TABLE IF EXISTS claim_fts",
]

POSTGRESQL_UPGRADE = [
    """
    ALTER TABLE claim ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, content)) STORED
    """,
    "CREATE INDEX ix_claim_search_vector ON claim USING gin (search_vector)",
]


_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def _surname(normalised: str) -> str | None:
    """``claims.extraction.names.surname_key`` as it was at this revision."""
    parts = normalised.split()
    return parts[-1] if len(parts) >= 2 and len(parts[-1]) >= 3 else None


def _skeleton(normalised: str | None) -> str | None:
    """``claims.extraction.names.skeleton`` as it was at this revision."""
    if not normalised:
        return None
    consonants = " ".join(_REPEATS.sub(r"\1", _VOWELS.sub("", normalised)).split())
    return consonants if len(consonants.replace(" ", "")) >= 2 else None


def _fill_keys() -> None:
    """Compute the new keys of the aliases already stored, a batch at a time."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, normalised FROM speaker_alias")).all()
    update = sa.text(
        "UPDATE speaker_alias SET surname = :surname, skeleton = :skeleton, "
        "surname_skeleton = :surname_skeleton WHERE id = :id"
    )
    for start in range(0, len(rows), 5000):
        values = []
        for alias_id, normalised in rows[start : start + 5000]:
            surname = _surname(normalised)
            values.append(
                {
                    "id": alias_id,
                    "surname": surname,
                    "skeleton": _skeleton(normalised),
                    "surname_skeleton": _skeleton(surname),
                }
            )
        bind.execute(update, values)


def upgrade() -> None:
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.add_column(sa.Column("surname", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("skeleton", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("surname_skeleton", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_speaker_alias_surname"), ["surname"], unique=False)
        batch_op.create_index(batch_op.f("ix_speaker_alias_skeleton"), ["skeleton"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_speaker_alias_surname_skeleton"), ["surname_skeleton"], unique=False
        )
    _fill_keys()

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UPGRADE:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        for statement in POSTGRESQL_UPGRADE:
            op.execute(statement)
        # pg_trgm goes in public unless the database already has it elsewhere; the operator
        # class is named with its schema, so it is found whatever the search path.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = bind.exec_driver_sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pg_trgm'"
        ).scalar_one()
        op.execute(
            "CREATE INDEX ix_speaker_alias_normalised_trgm ON speaker_alias "
            f'USING gin (normalised "{schema}".gin_trgm_ops)'
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWNGRADE:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_speaker_alias_normalised_trgm")
        op.execute("DROP INDEX IF EXISTS ix_claim_search_vector")
        op.execute("ALTER TABLE claim DROP COLUMN IF EXISTS search_vector")

    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_alias_surname_skeleton"))
        batch_op.drop_index(batch_op.f("ix_speaker_alias_skeleton"))
        batch_op.drop_index(batch_op.f("ix_speaker_alias_surname"))
        batch_op.drop_column("surname_skeleton")
        batch_op.drop_column("skeleton")
        batch_op.drop_column("surname")
