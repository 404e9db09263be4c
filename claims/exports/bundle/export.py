"""Writing a bundle: the whole archive, streamed section by section.

``write_bundle`` reads each table in id order, in batches, and writes each row as it comes,
so a bundle streams out of a large archive in flat memory. Each record is on a line of its
own, so two bundles diff well, and the same archive always gives the same bytes: a bundle
carries no timestamp of its own. Every row is checked against its record shape on the way
out, so what is written always reads back. Run it in a snapshot session
(``Database.session(snapshot=True)``) for a consistent export while others write.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from sqlmodel import Session, col, select

from claims.exports.bundle.records import BUNDLE_FORMAT, BUNDLE_VERSION, SECTIONS, Section

#: Rows fetched per round trip.
BATCH = 500


def iter_records(session: Session) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of the archive as (section, JSON-ready dict), section by section."""
    for section in SECTIONS:
        for record in _section_records(session, section):
            yield section.name, record


def _section_records(session: Session, section: Section) -> Iterator[dict[str, Any]]:
    statement = select(section.model).order_by(*[col(column) for column in section.order])
    names = list(section.record.model_fields)
    for row in session.exec(statement.execution_options(yield_per=BATCH)):
        data = {name: getattr(row, name) for name in names}
        yield section.record.model_validate(data).model_dump(mode="json")


def write_bundle(session: Session, out: IO[str]) -> dict[str, int]:
    """Stream the archive to ``out`` as a bundle; returns how many records each section has."""
    counts: dict[str, int] = {}
    out.write("{\n")
    out.write(f'  "format": "{BUNDLE_FORMAT}",\n  "version": {BUNDLE_VERSION}')
    for section in SECTIONS:
        out.write(f',\n  "{section.name}": [')
        count = 0
        for record in _section_records(session, section):
            out.write(",\n    " if count else "\n    ")
            out.write(json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("\n  ]" if count else "]")
        counts[section.name] = count
    out.write("\n}\n")
    return counts


def export_bundle(session: Session) -> dict[str, Any]:
    """The archive as one JSON-ready dict (for tests and small archives)."""
    bundle: dict[str, Any] = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION}
    bundle.update({section.name: [] for section in SECTIONS})
    for section, record in iter_records(session):
        bundle[section].append(record)
    return bundle
