"""Carrying claims across an edit: each claim on the old version is placed on the new one
(``claims.versions.anchoring``), moved there or left behind as an orphan, and audited.

- found again, its offsets, quote and context move, and its status, tags, notes, links and
  event stay with it, since it is the same row; where its own words were edited, its
  content follows and ``changed_in_version`` records the version. Its speaker and cue
  spans move with it (``shift_nearby``);
- not found, it stays anchored to the old version, an orphan (``claims.versions.orphans``).

Each move is audited as a ``reanchor`` (or ``orphan``) with its method and score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from claims.archive import audit
from claims.archive.store import CONTEXT_CHARS, quote_selector
from claims.versions.anchoring import Reanchorer, shift_nearby
from claims.versions.selectors import Anchor, Method, Placement
from db.models import Claim, utcnow

#: Audit actions of re-anchoring: a claim carried to a new version, or left behind.
REANCHOR_ACTION = "reanchor"
ORPHAN_ACTION = "orphan"
ANCHOR_ACTIONS = frozenset({REANCHOR_ACTION, ORPHAN_ACTION})


@dataclass(frozen=True, slots=True)
class CarriedClaim:
    """What happened to one claim when its source got a new version."""

    claim_id: int
    method: Method
    score: float
    old_start: int | None
    old_end: int | None
    new_start: int | None
    new_end: int | None
    old_text: str
    new_text: str | None
    """The claim's words on the new version, or for an orphan the closest text there."""

    @property
    def moved(self) -> bool:
        return self.method is not Method.ORPHAN and self.new_start != self.old_start


@dataclass
class NewVersion:
    """A source's new version, and what re-anchoring did to its claims."""

    source_id: int
    number: int
    claims: list[CarriedClaim] = field(default_factory=list)

    @property
    def carried(self) -> list[CarriedClaim]:
        return [c for c in self.claims if c.method is not Method.ORPHAN]

    @property
    def changed(self) -> list[CarriedClaim]:
        return [c for c in self.claims if c.method is Method.FUZZY]

    @property
    def orphaned(self) -> list[CarriedClaim]:
        return [c for c in self.claims if c.method is Method.ORPHAN]

    def spans(self) -> list[tuple[int, int]]:
        """The content spans of the carried claims on the new text."""
        return [
            (c.new_start, c.new_end)
            for c in self.carried
            if c.new_start is not None and c.new_end is not None
        ]


def anchor_of(claim: Claim, text: str) -> Anchor | None:
    """A claim's anchor in ``text``, the version it points into; None without a span.

    A quote or context the claim does not store is taken from the text.
    """
    if claim.span_start is None or claim.span_end is None:
        return None
    start, end = claim.span_start, claim.span_end
    exact = claim.span_exact if claim.span_exact is not None else text[start:end]
    prefix = (
        claim.span_prefix
        if claim.span_prefix is not None
        else text[max(0, start - CONTEXT_CHARS) : start]
    )
    suffix = claim.span_suffix if claim.span_suffix is not None else text[end : end + CONTEXT_CHARS]
    return Anchor(start, end, exact, prefix, suffix)


def carry_claim(
    session: Session, claim: Claim, reanchorer: Reanchorer, number: int, *, user: str
) -> CarriedClaim:
    """Place one claim on the new version, update it, and audit what was done."""
    assert claim.id is not None
    anchor = anchor_of(claim, reanchorer.old)
    old_record = _span_record(claim, number - 1)
    if anchor is None:
        # A claim with no place in the text has nothing to lose: it follows the source.
        claim.anchor_version = number
        session.add(claim)
        return CarriedClaim(
            claim.id, Method.QUOTE, 100.0, None, None, None, None, claim.content, None
        )
    placement = reanchorer.place(anchor)
    carried = CarriedClaim(
        claim.id,
        placement.method,
        placement.score,
        anchor.start,
        anchor.end,
        placement.start,
        placement.end,
        anchor.exact,
        placement.exact,
    )
    if not placement.placed:
        _audit_span(
            session, claim, ORPHAN_ACTION, old_record, _orphan_record(placement, number), user
        )
        return carried
    _move(claim, placement, reanchorer, number)
    claim.version += 1
    claim.updated_at = utcnow()
    session.add(claim)
    new_record = {
        **_span_record(claim, number),
        "method": placement.method.value,
        "score": placement.score,
    }
    _audit_span(session, claim, REANCHOR_ACTION, old_record, new_record, user)
    return carried


def _audit_span(
    session: Session,
    claim: Claim,
    action: str,
    old: dict[str, Any],
    new: dict[str, Any],
    user: str,
) -> None:
    """Audit what re-anchoring did to a claim's span, at the claim's current version."""
    audit.record(
        session,
        user=user,
        action=action,
        claim_id=claim.id,
        field="span",
        old=old,
        new=new,
        claim_version=claim.version,
    )


def _move(claim: Claim, placement: Placement, reanchorer: Reanchorer, number: int) -> None:
    """Point a claim's spans into the new text where ``placement`` put its content."""
    assert placement.start is not None and placement.end is not None
    old, new = reanchorer.old, reanchorer.new
    old_start = claim.span_start or 0
    delta = placement.start - old_start
    for kind in ("speaker", "cue"):
        start, end = getattr(claim, f"{kind}_start"), getattr(claim, f"{kind}_end")
        if start is None or end is None:
            continue
        moved = shift_nearby(new, start, end, old[start:end], delta)
        setattr(claim, f"{kind}_start", moved[0] if moved else None)
        setattr(claim, f"{kind}_end", moved[1] if moved else None)
    if placement.changed:
        if claim.content == claim.span_exact:
            claim.content = new[placement.start : placement.end]
        claim.changed_in_version = number
    quote = quote_selector(new, placement.start, placement.end)
    claim.span_start, claim.span_end = quote.start, quote.end
    claim.span_exact, claim.span_prefix, claim.span_suffix = quote.exact, quote.prefix, quote.suffix
    claim.anchor_version = number


def _span_record(claim: Claim, version: int) -> dict[str, Any]:
    return {
        "version": version,
        "start": claim.span_start,
        "end": claim.span_end,
        "text": claim.span_exact,
    }


def _orphan_record(placement: Placement, number: int) -> dict[str, Any]:
    return {
        "version": number,
        "start": placement.start,
        "end": placement.end,
        "text": placement.exact,
        "method": placement.method.value,
        "score": placement.score,
    }


def overlaps_any(
    start: int, end: int, spans: Iterable[tuple[int, int]], share: float = 0.5
) -> bool:
    """Whether ``start:end`` shares at least ``share`` of the shorter span with any of
    ``spans``: an extracted attribution that is a carried claim again."""
    for other_start, other_end in spans:
        overlap = min(end, other_end) - max(start, other_start)
        shorter = min(end - start, other_end - other_start)
        if shorter > 0 and overlap >= share * shorter:
            return True
    return False
