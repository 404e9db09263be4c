"""The ``not-a-claim`` review status: a reviewer's word that extraction was wrong, that the
text is not a statement attributed to anyone.

Only the CHECK constraint on ``claim.status`` changes, and only to allow one more value, so
every stored row stays valid. PostgreSQL replaces the constraint. SQLite cannot alter a
constraint, and rebuilding ``claim`` (Alembic's batch mode) would trip the foreign keys that
point at it and drop its full-text triggers; since the change leaves the stored rows as they
are, the table's definition is edited in place, as SQLite documents for loosening a
constraint (https://www.sqlite.org/lang_altertable.html#otheralter).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD = "status IN ('unreviewed', 'verified', 'disputed', 'false', 'misleading', 'unverifiable')"
NEW = (
    "status IN ('unreviewed', 'verified', 'disputed', 'false', 'misleading', 'unverifiable', "
    "'not-a-claim')"
)


def _sqlite_replace_check(old: str, new: str) -> None:
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'claim'"
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"claim's status constraint is not the expected one: {sql}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'claim'",
        (sql.replace(old, new),),
    )
    # Other connections see the new definition only once the schema version moves.
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _postgresql_replace_check(check: str) -> None:
    op.execute("ALTER TABLE claim DROP CONSTRAINT status_valid")
    op.execute(f"ALTER TABLE claim ADD CONSTRAINT status_valid CHECK ({check})")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_replace_check(OLD, NEW)
    else:
        _postgresql_replace_check(NEW)


def downgrade() -> None:
    # Claims marked not-a-claim go back to unreviewed: the old constraint has no word for them.
    op.execute("UPDATE claim SET status = 'unreviewed' WHERE status = 'not-a-claim'")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_replace_check(NEW, OLD)
    else:
        _postgresql_replace_check(OLD)
