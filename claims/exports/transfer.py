"""Copying a whole archive from one database to another: SQLite to PostgreSQL and back.

Every table of the model is copied row for row, ids included, in one transaction on the
target, so an interrupted copy leaves the target as empty as it was. The copy is then
verified: the row counts of every table must agree, and so must the two databases'
exports (compared by their sha256), which checks every value, not just the number of rows.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on the metadata)
from claims.exports.bundle import write_bundle
from claims.exports.sequences import move_id_sequences
from db.engine import Database
from db.errors import ClaimsError

#: Rows read and written per round trip.
BATCH = 2000


@dataclass
class CopyReport:
    """Rows copied per table, and whether the copy was verified identical."""

    counts: dict[str, int]
    verified: bool
    source_digest: str | None = None
    target_digest: str | None = None


def _tables() -> list[sa.Table]:
    return list(SQLModel.metadata.sorted_tables)


def row_counts(database: Database) -> dict[str, int]:
    """The number of rows in every table of the model."""
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(
                sa.select(sa.func.count()).select_from(table)
            ).scalar_one()
            for table in _tables()
        }


def export_digest(database: Database) -> str:
    """The sha256 of the database's bundle export, computed without holding it in memory."""

    class _Hasher(io.TextIOBase):
        def __init__(self) -> None:
            self.digest = hashlib.sha256()

        def write(self, text: str) -> int:
            self.digest.update(text.encode("utf-8"))
            return len(text)

    hasher = _Hasher()
    with database.session(snapshot=True) as session:
        write_bundle(session, hasher)  # type: ignore[arg-type]
    return hasher.digest.hexdigest()


def _self_references(table: sa.Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def copy_database(
    source: Database,
    target: Database,
    *,
    verify: bool = True,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row of ``source`` into the empty database ``target``.

    Args:
        verify: Compare the two exports afterwards (reads both archives once more).
        progress: Called with a table name and the number of rows just copied.

    Raises:
        ClaimsError: The target already holds data, or the copy did not verify.
    """
    occupied = {name: n for name, n in row_counts(target).items() if n}
    if occupied:
        listed = ", ".join(f"{n} {name}" for name, n in occupied.items())
        raise ClaimsError(f"the target database is not empty ({listed}); copy into an empty one")
    counts: dict[str, int] = {}
    with source.session(snapshot=True) as reading, target.session(write=True) as session:
        reader, writer = reading.connection(), session.connection()
        for table in _tables():
            deferred = _self_references(table)
            copied = 0
            result = reader.execution_options(yield_per=BATCH).execute(
                sa.select(table).order_by(*table.primary_key.columns)
            )
            for batch in result.mappings().partitions(BATCH):
                rows = [dict(row) for row in batch]
                if deferred:
                    # Point self-references only once every row exists.
                    plain = [{**row, **dict.fromkeys(deferred)} for row in rows]
                    writer.execute(table.insert(), plain)
                else:
                    writer.execute(table.insert(), rows)
                copied += len(rows)
                if progress is not None:
                    progress(table.name, len(rows))
            if deferred:
                for batch in (
                    reader.execute(
                        sa.select(
                            *table.primary_key.columns, *[table.c[c] for c in deferred]
                        ).where(sa.or_(*[table.c[c].is_not(None) for c in deferred]))
                    )
                    .mappings()
                    .partitions(BATCH)
                ):
                    key = table.primary_key.columns.values()[0].name
                    writer.execute(
                        table.update()
                        .where(table.c[key] == sa.bindparam("_key"))
                        .values({c: sa.bindparam(f"_{c}") for c in deferred}),
                        [
                            {"_key": row[key], **{f"_{c}": row[c] for c in deferred}}
                            for row in batch
                        ],
                    )
            counts[table.name] = copied
        move_id_sequences(writer, _tables())
    report = CopyReport(counts=counts, verified=False)
    if verify:
        if row_counts(target) != row_counts(source):
            raise ClaimsError("the copy did not verify: row counts differ")
        report.source_digest = export_digest(source)
        report.target_digest = export_digest(target)
        if report.source_digest != report.target_digest:
            raise ClaimsError("the copy did not verify: the two exports differ")
        report.verified = True
    return report
