"""CSV: one row per claim with its attribution, source, status and tags.

The file is what the ``csv`` module writes (RFC 4180 quoting), so commas, quotes and line
breaks inside a claim survive the round trip. ``spreadsheet_safe`` guards against formula
injection when the file will be opened in a spreadsheet: a cell that starts like a formula
(``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, which the
spreadsheet shows as text. It is off by default, because it changes the values.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import IO, Any

from sqlmodel import Session

from claims.archive.attribution import chain_text
from claims.exports.records import ClaimRecord, iter_claim_records

COLUMNS = [
    "id",
    "content",
    "speaker",
    "speaker_id",
    "speaker_kind",
    "speaker_role",
    "speaker_affiliation",
    "speaker_mention",
    "cue",
    "quote_type",
    "via",
    "attribution",
    "source_id",
    "source_title",
    "outlet",
    "author",
    "published",
    "url",
    "span_start",
    "span_end",
    "event",
    "event_id",
    "said_on",
    "status",
    "reviewed_by",
    "reviewed_at",
    "note",
    "tags",
    "created_by",
    "created_at",
    "updated_at",
    "version",
    "extractor",
    "extractor_version",
    "source_version",
    "anchor_version",
    "changed_in_version",
    "orphan",
]
"""The columns, in order; ``tags`` holds the claim's tags separated by spaces, ``extractor``
and ``extractor_version`` what found the claim ("rules" and claimtrack's version, or
"model" and the model's name and version). ``version`` is the claim's own (bumped by every
change); ``source_version`` is its source's current version, ``anchor_version`` the version
``span_start`` and ``span_end`` count in, ``changed_in_version`` the last version that edited
the claim's words, and ``orphan`` ``true`` when the claim was left on an earlier version
(``anchor_version`` below ``source_version``), ``false`` otherwise; the version cells are
empty for a claim without a source."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_row(record: ClaimRecord) -> dict[str, Any]:
    """The CSV cells of one claim."""
    claim, speaker, source, event, review = (
        record.claim,
        record.speaker,
        record.source,
        record.event,
        record.review,
    )
    return {
        "id": claim.id,
        "content": claim.content,
        "speaker": speaker.name if speaker else None,
        "speaker_id": claim.speaker_id,
        "speaker_kind": speaker.kind if speaker else None,
        "speaker_role": claim.speaker_role or (speaker.description if speaker else None),
        "speaker_affiliation": speaker.affiliation if speaker else None,
        "speaker_mention": claim.speaker_mention,
        "cue": claim.cue,
        "quote_type": claim.quote_type,
        "via": claim.via,
        "attribution": chain_text(record.chain),
        "source_id": claim.source_id,
        "source_title": source.title if source else None,
        "outlet": source.outlet if source else None,
        "author": source.author if source else None,
        "published": source.published.isoformat() if source and source.published else None,
        "url": source.url if source else None,
        "span_start": claim.span_start,
        "span_end": claim.span_end,
        "event": event.name if event else None,
        "event_id": claim.event_id,
        "said_on": claim.said_on.isoformat() if claim.said_on else None,
        "status": claim.status,
        "reviewed_by": review.user if review else None,
        "reviewed_at": review.at.isoformat() if review else None,
        "note": claim.note,
        "tags": " ".join(record.tags),
        "created_by": claim.created_by,
        "created_at": claim.created_at.isoformat(),
        "updated_at": claim.updated_at.isoformat(),
        "version": claim.version,
        "extractor": claim.extractor,
        "extractor_version": claim.extractor_version,
        "source_version": source.version if source else None,
        "anchor_version": claim.anchor_version if source else None,
        "changed_in_version": claim.changed_in_version,
        "orphan": ("true" if record.orphan else "false") if source else None,
    }


def _defused(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(
    session: Session,
    out: IO[str],
    *,
    spreadsheet_safe: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream every claim to ``out`` as CSV with a header row; returns how many were written.

    Args:
        spreadsheet_safe: Defuse cells a spreadsheet would run as formulas (see above).
        progress: Called with 1 after each claim.
    """
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for record in iter_claim_records(session):
        row = csv_row(record)
        if spreadsheet_safe:
            row = {key: _defused(value) for key, value in row.items()}
        writer.writerow(row)
        count += 1
        if progress:
            progress(1)
    return count
