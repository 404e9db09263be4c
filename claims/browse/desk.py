"""The reviewer's desk: what an interactive front end reads to list, filter and pick claims.

A reviewer types one line to filter the claim list: free words (searched in the claims'
text), ``@speaker`` (fuzzy and alias-aware), ``#tag``, ``status:disputed``, ``event:NAME``
and ``outlet:NAME``, in any combination. ``parse_filter`` reads that line without touching
the database; ``find_claims`` resolves it and returns one page of plain rows, ready to show
after the session has closed.

Names with spaces are written as they are: ``@Mark Kimmitt`` and ``event:Najaf cemetery
clash`` take the words that follow them, up to the next filter (``#``, ``@`` or ``key:``),
so free words go first: ``ceasefire @Mark Kimmitt``. Quotation marks work too:
``@"Mark Kimmitt" ceasefire``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, func, select

from claims.review.edits import get_claim, normalise_tag, parse_status, set_event
from claims.review.events import add_event, get_event
from claims.review.links import links_of
from claims.search.claims import ClaimQuery, Highlighted, search_claims
from claims.speakers.registry import speakers_named
from db.errors import NotFoundError
from db.models import ClaimTag, Event, EventCreate, Tag
from db.queries import ClaimRow, claim_rows, count_claims

#: Filters that take the words after them up to the next filter ("@Mark Kimmitt").
_NAMED = {"speaker", "event", "outlet"}
#: Filters that take one word ("status:disputed").
_SINGLE = {"status", "tag"}
_TOKEN = re.compile(r'(?:"[^"]*"?|[^\s"]+)+')
_KEY = re.compile(r"^([a-z]+):(.*)$", re.IGNORECASE)


def _unquote(text: str) -> str:
    return " ".join(text.replace('"', " ").split())


@dataclass(frozen=True, slots=True)
class FilterLine:
    """A filter line read into its parts; unset parts do not filter."""

    text: str | None = None
    speaker: str | None = None
    tag: str | None = None
    status: str | None = None
    event: str | None = None
    outlet: str | None = None

    @property
    def has_text(self) -> bool:
        """Whether there are words to search for (which makes counting costly)."""
        return bool(self.text and self.text.strip())


def _filter_kind(token: str) -> tuple[str, str] | None:
    """``(kind, rest)`` when ``token`` starts a filter, else None."""
    if token.startswith("@") and len(token) > 1:
        return "speaker", token[1:]
    if token.startswith("#") and len(token) > 1:
        return "tag", token[1:]
    found = _KEY.match(token)
    if found and found.group(1).lower() in _NAMED | _SINGLE:
        return found.group(1).lower(), found.group(2)
    return None


def parse_filter(line: str) -> FilterLine:
    """Read a filter line into its parts; it never fails (values are checked later).

    >>> parse_filter("ceasefire @Mark Kimmitt #cemetery-clash")
    FilterLine(text='ceasefire', speaker='Mark Kimmitt', tag='cemetery-clash', status=None, \
event=None, outlet=None)
    """
    words: list[str] = []
    found: dict[str, str] = {}
    tokens = _TOKEN.findall(line)
    at = 0
    while at < len(tokens):
        token = tokens[at]
        at += 1
        kind = _filter_kind(token)
        if kind is None:
            words.append(token)
            continue
        name, value = kind
        parts = [value] if value else []
        if name in _NAMED and not value.startswith('"'):
            while at < len(tokens) and _filter_kind(tokens[at]) is None:
                parts.append(tokens[at])
                at += 1
        value = _unquote(" ".join(parts))
        if value:
            found[name] = value
    text = " ".join(words).strip() or None
    return FilterLine(text=text, **found)


@dataclass(frozen=True, slots=True)
class ListedClaim:
    """One row of the claim list, as plain values."""

    id: int
    version: int
    speaker: str | None
    """The speaker's registered name, else the name as written in the source."""
    snippet: Highlighted
    outlet: str | None
    published: dt.date | None
    status: str
    tags: tuple[str, ...]
    links: int


@dataclass(frozen=True, slots=True)
class ClaimsPage:
    """A page of the claim list and how many claims the filter matches."""

    rows: list[ListedClaim]
    offset: int
    total: int
    exact: bool
    """False when ``total`` is only a lower bound (a common word on a large archive)."""
    speakers: list[str] = field(default_factory=list)
    """The speakers an ``@`` filter was taken to mean, best first."""


def _listed(row: ClaimRow, shown: Highlighted) -> ListedClaim:
    claim = row.claim
    return ListedClaim(
        id=claim.id or 0,
        version=claim.version,
        speaker=row.speaker or claim.speaker_mention,
        snippet=shown,
        outlet=row.outlet,
        published=row.published,
        status=claim.status,
        tags=row.tags,
        links=row.links,
    )


def listed_claim(session: Session, claim_id: int) -> ListedClaim:
    """The list row of one claim; raises ``NotFoundError`` for an unknown id."""
    claim = get_claim(session, claim_id)
    return _listed(claim_rows(session, [claim])[0], Highlighted.plain(claim.content))


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """One link of a claim, seen from it, as plain values."""

    other_id: int
    relation: str
    outgoing: bool
    """True when the link was made from this claim to the other."""
    other_speaker: str | None
    other_content: str
    created_by: str | None


def link_summaries(session: Session, claim_id: int) -> list[LinkSummary]:
    """Every link of a claim with the other claim's speaker and words, oldest first."""
    views = links_of(session, claim_id)
    rows = {row.claim.id: row for row in claim_rows(session, [v.other for v in views])}
    return [
        LinkSummary(
            other_id=view.other.id or 0,
            relation=view.link.relation,
            outgoing=view.outgoing,
            other_speaker=rows[view.other.id].speaker or view.other.speaker_mention,
            other_content=view.other.content,
            created_by=view.link.created_by,
        )
        for view in views
    ]


def claim_query(session: Session, line: FilterLine) -> ClaimQuery:
    """The search a filter line asks for.

    Raises:
        InvalidValueError: An unknown status or an empty tag.
        NotFoundError: No event of that name (the message suggests close ones).
    """
    return ClaimQuery(
        text=line.text,
        speaker=line.speaker,
        tag=normalise_tag(line.tag) if line.tag else None,
        status=parse_status(line.status).value if line.status else None,
        event_id=get_event(session, line.event).id if line.event else None,
        outlet=line.outlet,
    )


def find_claims(session: Session, line: str, *, offset: int = 0, limit: int = 100) -> ClaimsPage:
    """One page of the claims a filter line matches, in the order of ``search_claims``.

    The total is exact up to ``claims.search.claims.COUNT_LIMIT``; ``count_matching`` gives the
    exact figure when the line has no words.
    """
    query = claim_query(session, parse_filter(line))
    page = search_claims(session, query, limit=limit, offset=offset)
    rows = [_listed(hit.row, hit.snippet) for hit in page.hits]
    speakers = [m.speaker.name for m in page.speakers]
    return ClaimsPage(rows, offset, page.total, page.total_exact, speakers)


def count_matching(session: Session, line: str) -> int | None:
    """Exactly how many claims a filter line without words matches; None when it has words
    (counting every match of a word costs as much as the search)."""
    parsed = parse_filter(line)
    if parsed.has_text:
        return None
    query = claim_query(session, parsed)
    if parsed.speaker:
        try:
            ids = speakers_named(session, parsed.speaker)
        except NotFoundError:
            return 0
        query = dataclasses.replace(query, speaker=None, speaker_ids=ids)
    return count_claims(session, query)


def tag_counts(session: Session) -> list[tuple[str, int]]:
    """Every tag with how many claims carry it, most used first."""
    used = func.count(col(ClaimTag.claim_id))
    rows = session.exec(
        select(Tag.name, used)
        .join(ClaimTag, col(ClaimTag.tag_id) == Tag.id, isouter=True)
        .group_by(col(Tag.name))
        .order_by(used.desc(), col(Tag.name))
    )
    return [(name, int(count)) for name, count in rows]


def change_and_version(
    session: Session, claim_id: int, change: Callable[..., object], *args: Any, **kwargs: Any
) -> int:
    """Run ``change(session, claim_id, *args, **kwargs)`` and return the version it left the
    claim at, read in the same transaction (so it is this change's, not a later one's)."""
    change(session, claim_id, *args, **kwargs)
    return get_claim(session, claim_id).version


def attach_to_new_event(
    session: Session,
    claim_id: int,
    name: str,
    *,
    user: str,
    expected_version: int | None = None,
) -> Event:
    """Create an event called ``name`` and attach the claim to it, both or neither."""
    event = add_event(session, EventCreate(name=name))
    assert event.id is not None
    set_event(session, claim_id, event.id, user=user, expected_version=expected_version)
    return event
