"""Correcting where a claim sits in its source: its content, speaker and cue spans.

A span is a pair of character offsets into the source document's text. Correcting one moves
the offsets and makes the claim's stored text follow (``content`` and its quote selector,
``speaker_mention``, ``cue``), through ``claims.review.edits.changing``: versioned, audited as a
``correct`` action with the span before and after, and so reversible with undo. The audit
trail is how a corrected claim is told from one the extractor got right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from claims.archive.display import snippet
from claims.archive.store import get_source, quote_selector
from claims.review.edits import changing, get_claim
from claims.versions.anchoring import shift_nearby
from claims.versions.carrying import REANCHOR_ACTION
from claims.versions.store import is_orphan, version_text
from db.errors import InvalidValueError
from db.models import Claim

#: The audit action of a span correction (and of an undo putting one back).
CORRECT_ACTION = "correct"


class SpanKind(StrEnum):
    """The parts of an attribution that are placed in the source text."""

    CONTENT = "content"
    SPEAKER = "speaker"
    CUE = "cue"

    @property
    def field(self) -> str:
        """The audited field name: ``content_span``, ``speaker_span``, ``cue_span``."""
        return f"{self.value}_span"


#: The longest text each span's column holds (``content`` is unbounded).
_MAX_LENGTH = {SpanKind.CONTENT: None, SpanKind.SPEAKER: 500, SpanKind.CUE: 200}

_OFFSETS = re.compile(r"^\s*(\d+)\s*[:\-–]\s*(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``start`` (inclusive) to ``end`` (exclusive) in a source's text."""

    start: int
    end: int


def parse_offsets(value: str) -> Span:
    """The span written ``START:END``, e.g. ``"2631:2811"``.

    Raises:
        InvalidValueError: ``value`` is not two offsets.
    """
    found = _OFFSETS.match(value)
    if found is None:
        raise InvalidValueError(
            f"span {value!r} is not START:END (two character offsets, e.g. 2631:2811)"
        )
    return Span(int(found.group(1)), int(found.group(2)))


def find_quote(text: str, quote: str, *, near: int | None = None) -> Span:
    """Where ``quote`` occurs in ``text``; of several places, the one nearest ``near``.

    Raises:
        InvalidValueError: ``quote`` is empty or does not occur in ``text``.
    """
    if not quote.strip():
        raise InvalidValueError("the text to find is empty")
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not starts:
        raise InvalidValueError(f'"{snippet(quote, 60)}" does not occur in the source text')
    anchor = near if near is not None else 0
    start = min(starts, key=lambda s: (abs(s - anchor), s))
    return Span(start, start + len(quote))


def check_span(text: str, span: Span, kind: SpanKind) -> None:
    """Refuse a span that is not a non-empty stretch of ``text`` that its column can hold.

    Raises:
        InvalidValueError: Saying what is wrong with the span.
    """
    name = f"{kind.value} span {span.start}:{span.end}"
    if span.start < 0 or span.end > len(text):
        raise InvalidValueError(
            f"{name} lies outside the source text, which has {len(text)} characters (0:{len(text)})"
        )
    if span.end <= span.start:
        raise InvalidValueError(f"{name} is empty: END must be greater than START")
    if not text[span.start : span.end].strip():
        raise InvalidValueError(f"{name} holds only whitespace")
    limit = _MAX_LENGTH[kind]
    if limit is not None and span.end - span.start > limit:
        raise InvalidValueError(f"{name} is longer than the {limit} characters a {kind} holds")


def span_record(claim: Claim, kind: SpanKind) -> dict[str, Any]:
    """A claim's span of ``kind`` as the audit trail records it: offsets and text."""
    if kind is SpanKind.CONTENT:
        return {"start": claim.span_start, "end": claim.span_end, "text": claim.content}
    if kind is SpanKind.SPEAKER:
        return {
            "start": claim.speaker_start,
            "end": claim.speaker_end,
            "text": claim.speaker_mention,
        }
    return {"start": claim.cue_start, "end": claim.cue_end, "text": claim.cue}


def _apply(claim: Claim, kind: SpanKind, record: dict[str, Any], source_text: str | None) -> None:
    """Set a claim's span of ``kind`` (offsets and text) to ``record``."""
    start, end, text = record.get("start"), record.get("end"), record.get("text")
    if kind is SpanKind.CONTENT:
        claim.span_start, claim.span_end, claim.content = start, end, text or ""
        if source_text is not None and start is not None and end is not None:
            quote = quote_selector(source_text, start, end)
            claim.span_exact, claim.span_prefix, claim.span_suffix = (
                quote.exact,
                quote.prefix,
                quote.suffix,
            )
        else:
            claim.span_exact = claim.span_prefix = claim.span_suffix = None
    elif kind is SpanKind.SPEAKER:
        claim.speaker_start, claim.speaker_end, claim.speaker_mention = start, end, text
    else:
        claim.cue_start, claim.cue_end, claim.cue = start, end, text


@dataclass(frozen=True, slots=True)
class PlacedClaim:
    """A claim's spans with the text they point into, at the version they were read."""

    claim_id: int
    version: int
    text: str
    spans: dict[SpanKind, Span | None]


def placed_claim(session: Session, claim_id: int) -> PlacedClaim:
    """A claim's source text and spans, for correcting them.

    Raises:
        InvalidValueError: The claim has no source document.
    """
    claim = get_claim(session, claim_id)
    if claim.source_id is None:
        raise InvalidValueError(
            f"claim {claim_id} has no source document, so it has no spans to correct"
        )
    source = get_source(session, claim.source_id)
    spans: dict[SpanKind, Span | None] = {}
    for kind in SpanKind:
        record = span_record(claim, kind)
        start, end = record["start"], record["end"]
        # An orphan's offsets point into an older version: it is placed afresh.
        placed = start is not None and end is not None and not is_orphan(claim, source)
        spans[kind] = Span(start, end) if placed else None
    return PlacedClaim(claim_id, claim.version, source.text, spans)


def correct_spans(
    session: Session,
    claim_id: int,
    spans: dict[SpanKind, Span],
    *,
    user: str,
    expected_version: int | None = None,
) -> Claim:
    """Move a claim's spans to new offsets in its source; its stored text follows.

    Every span is checked before anything is written: it must lie inside the source text and
    hold more than whitespace. A span already where it is asked to be is left alone.

    An orphan (a claim left on an older version of its source) is placed on the current
    version this way: its content span must be given, its speaker and cue follow where
    their words are still next to it, and the move is audited as a re-anchoring by hand.

    Args:
        spans: The new span of each part to correct, e.g. ``{SpanKind.SPEAKER: Span(3, 19)}``.

    Raises:
        InvalidValueError: The claim has no source, or a span is not valid.
        ConflictError: The claim has moved on since ``expected_version``.
    """
    if not spans:
        raise InvalidValueError("nothing to correct: give a content, speaker or cue span")
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        claim = change.claim
        if claim.source_id is None:
            raise InvalidValueError(
                f"claim {claim_id} has no source document, so it has no spans to correct"
            )
        source = get_source(session, claim.source_id)
        text = source.text
        for kind, span in spans.items():
            check_span(text, span, kind)
        orphan = is_orphan(claim, source)
        if orphan and SpanKind.CONTENT not in spans:
            raise InvalidValueError(
                f"claim {claim_id} is an orphan: version {source.version} of its source no "
                "longer has its words; give its content span in that version first "
                "(claims orphans shows the closest text)"
            )
        before = {"version": claim.anchor_version, **span_record(claim, SpanKind.CONTENT)}
        records = {
            kind: {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
            for kind, span in spans.items()
        }
        if orphan:
            carried = _carried_spans(session, claim, spans[SpanKind.CONTENT], text)
            for kind in (SpanKind.SPEAKER, SpanKind.CUE):
                if kind in records:
                    continue
                # Offsets into the old version mean nothing in this one: where the words
                # are not found next to the new content, only the words stay.
                found = carried.get(kind)
                start, end = (found.start, found.end) if found else (None, None)
                records[kind] = {
                    "start": start,
                    "end": end,
                    "text": span_record(claim, kind)["text"],
                }
        for kind, new in records.items():
            old = span_record(claim, kind)
            if old != new:
                change.record(CORRECT_ACTION, kind.field, old, new)
                _apply(claim, kind, new, text)
        if orphan:
            # Its words were edited away in that version: now placed, it is a changed claim.
            claim.anchor_version = claim.changed_in_version = source.version
            after = {"version": source.version, **span_record(claim, SpanKind.CONTENT)}
            change.record(
                REANCHOR_ACTION, "span", before, {**after, "method": "hand", "score": 100.0}
            )
    return claim


def _carried_spans(
    session: Session, claim: Claim, content: Span, text: str
) -> dict[SpanKind, Span]:
    """Where an orphan's speaker and cue are in the current text, next to its new content."""
    assert claim.source_id is not None
    old_text = version_text(session, claim.source_id, claim.anchor_version)
    delta = content.start - (claim.span_start or 0)
    found = {}
    for kind in (SpanKind.SPEAKER, SpanKind.CUE):
        record = span_record(claim, kind)
        start, end = record["start"], record["end"]
        if start is None or end is None:
            continue
        moved = shift_nearby(text, start, end, old_text[start:end], delta)
        if moved is not None:
            found[kind] = Span(*moved)
    return found


def restore_span(
    session: Session,
    claim_id: int,
    kind: SpanKind,
    record: dict[str, Any],
    *,
    user: str,
) -> Claim:
    """Put a claim's span of ``kind`` back to an audited ``record``, as undo does.

    Unlike ``correct_spans`` the record is not checked against the text: it is what the claim
    held before, which may have had no offsets at all (a claim added by hand).
    """
    with changing(session, claim_id, user=user) as change:
        claim = change.claim
        old = span_record(claim, kind)
        if old != record:
            change.record(CORRECT_ACTION, kind.field, old, record)
            text = get_source(session, claim.source_id).text if claim.source_id else None
            _apply(claim, kind, record, text)
    return claim


def span_kind_of(field: str | None) -> SpanKind | None:
    """The span kind an audited field names (``"speaker_span"``), or None."""
    for kind in SpanKind:
        if kind.field == field:
            return kind
    return None
