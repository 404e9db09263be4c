"""Accounts compared side by side: what a front end's comparison screen reads.

A ``Comparison`` holds up to ``MAX_COLUMNS`` accounts (``claims.browse.accounts.ClaimEntry``),
the links among them, and which of the ``COMPARED_FIELDS`` differ from one column to the
next; ``field_value`` gives the text of one field of one account. ``compare_claims`` sets
chosen claims side by side, ``compare_event`` the rival accounts of an event, in the order
the comparison report shows them, and ``compare_linked`` a claim and the claims linked to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from claims.browse.accounts import (
    ClaimEntry,
    accounts_by_event,
    claim_entry,
    claim_ids,
    linked_accounts,
)
from claims.review.edits import get_claim
from claims.review.events import get_event
from db.errors import InvalidValueError
from db.queries import ClaimFilter

#: The most accounts a comparison shows side by side; an event with more says how many.
MAX_COLUMNS = 12

#: The fields a comparison sets against each other, with their labels, in display order.
COMPARED_FIELDS: tuple[tuple[str, str], ...] = (
    ("speaker", "Speaker"),
    ("role", "Role"),
    ("affiliation", "Affiliation"),
    ("cue", "Cue"),
    ("quote_type", "Quote"),
    ("via", "Via"),
    ("outlet", "Outlet"),
    ("author", "Author"),
    ("published", "Published"),
    ("event", "Event"),
    ("status", "Status"),
    ("tags", "Tags"),
)


def field_value(entry: ClaimEntry, name: str) -> str:
    """The text of one compared field of an account ("" when it has none).

    Raises:
        KeyError: ``name`` is not one of ``COMPARED_FIELDS``.
    """
    speaker, source = entry.speaker, entry.source
    values: dict[str, str | None] = {
        "speaker": entry.speaker_name,
        "role": speaker.role if speaker else None,
        "affiliation": speaker.affiliation if speaker else None,
        "cue": entry.cue,
        "quote_type": entry.quote_type,
        "via": entry.via,
        "outlet": source.outlet if source else None,
        "author": source.author if source else None,
        "published": source.published.isoformat() if source and source.published else None,
        "event": entry.event.name if entry.event else None,
        "status": entry.status,
        "tags": ", ".join(entry.tags),
    }
    return values[name] or ""


@dataclass(frozen=True, slots=True)
class ColumnLink:
    """A link between two of the accounts compared."""

    a: int
    """The claim the link was made from."""
    b: int
    relation: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Accounts side by side: each in full, how they are linked, and where they differ."""

    title: str
    entries: list[ClaimEntry]
    links: list[ColumnLink]
    """Links whose two claims are both shown, oldest first."""
    differing: frozenset[str]
    """Names of the ``COMPARED_FIELDS`` whose values are not the same in every column."""
    total: int
    """How many accounts there were to show (more than ``entries`` when cut)."""

    def relations_of(self, claim_id: int) -> list[tuple[str, int]]:
        """The (relation, other claim) pairs linking ``claim_id`` to the other columns."""
        return [
            (link.relation, link.b if link.a == claim_id else link.a)
            for link in self.links
            if claim_id in (link.a, link.b)
        ]


def _comparison(title: str, entries: list[ClaimEntry]) -> Comparison:
    total = len(entries)
    entries = entries[:MAX_COLUMNS]
    shown = {e.id for e in entries}
    links: dict[int | None, ColumnLink] = {}
    for entry in entries:
        for link in entry.links:
            if link.other_id in shown and link.id not in links:
                a, b = (
                    (entry.id, link.other_id)
                    if link.direction == "to"
                    else (link.other_id, entry.id)
                )
                assert a is not None and b is not None
                links[link.id] = ColumnLink(a=a, b=b, relation=link.relation, note=link.note)
    differing = frozenset(
        name for name, _ in COMPARED_FIELDS if len({field_value(e, name) for e in entries}) > 1
    )
    ordered = sorted(links.values(), key=lambda link: (link.a, link.b, link.relation))
    return Comparison(title=title, entries=entries, links=ordered, differing=differing, total=total)


def compare_claims(session: Session, claim_ids: Sequence[int]) -> Comparison:
    """The claims ``claim_ids`` side by side, in the order given (repeats dropped).

    Raises:
        InvalidValueError: No claims were given.
        NotFoundError: A claim does not exist.
    """
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise InvalidValueError("nothing to compare: no claims given")
    entries = [claim_entry(session, claim_id) for claim_id in ids]
    title = "Claims " + ", ".join(f"#{i}" for i in ids)
    return _comparison(title, entries)


def compare_event(session: Session, event_id: int) -> Comparison:
    """The rival accounts of an event side by side: its claims and the claims linked to them,
    grouped as the comparison report groups them (the event's own claims first).

    Raises:
        NotFoundError: The event does not exist.
    """
    event = get_event(session, str(event_id))
    entries, _ = linked_accounts(session, claim_ids(session, ClaimFilter(event_id=event.id)))
    grouped = accounts_by_event(entries)
    return _comparison(event.name, [entries[i] for members in grouped.values() for i in members])


def compare_linked(session: Session, claim_id: int) -> Comparison:
    """A claim beside every claim linked to it.

    Raises:
        NotFoundError: The claim does not exist.
    """
    claim = get_claim(session, claim_id)
    assert claim.id is not None
    entries, _ = linked_accounts(session, [claim.id])
    ordered = sorted(entries.values(), key=lambda e: (e.id != claim.id, e.id))
    return _comparison(f"Claim {claim.id}", ordered)
