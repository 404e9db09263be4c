"""What the browsing screens of a front end read: events with the size of their rival
accounts, documents with their claims marked, the speaker registry a page at a time, and the
open suggestions with the claims they pair; and, from ``claims.browse.comparisons``, claims
compared side by side.

Every function takes the session it runs in and returns plain values (dataclasses of
strings, numbers and dates), so a front end can hold them after the session is closed. Lists
that can grow with the archive (speakers, sources, events) are read a page at a time:
``event_rows``, ``source_rows`` and ``speaker_rows`` take an offset and a limit, and
``count_events``, ``count_sources`` and ``count_speakers`` say how many there are in all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, or_, select

from claims.review.events import get_event
from claims.speakers.registry import claim_counts, find_speakers
from claims.suggestions.scoring import Suggestion, suggest
from db.errors import NotFoundError
from db.models import Claim, ClaimLink, Event, Relation, Source, Speaker, SpeakerAlias

# --- Events ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event with the size of its rival accounts."""

    id: int
    name: str
    date: dt.date | None
    place: str | None
    description: str | None
    claims: int
    speakers: int
    """Distinct speakers among its claims."""
    contradictions: int
    """``contradicts`` links touching its claims."""
    links: int
    """Links of any relation touching its claims."""


def count_events(session: Session) -> int:
    """How many events there are."""
    return session.exec(select(func.count()).select_from(Event)).one()


def event_rows(session: Session, *, offset: int = 0, limit: int | None = 100) -> list[EventRow]:
    """A page of events, most recent date first, each with its claim, speaker and link
    counts (a fixed number of queries per page)."""
    statement = (
        select(Event).order_by(col(Event.date).desc().nulls_last(), col(Event.id)).offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    events = list(session.exec(statement))
    ids = [e.id for e in events if e.id is not None]
    claims: dict[int, int] = {}
    speakers: dict[int, int] = {}
    links: dict[int, set[tuple[int, str]]] = defaultdict(set)
    if ids:
        for event_id, n, s in session.exec(
            select(Claim.event_id, func.count(), func.count(col(Claim.speaker_id).distinct()))
            .where(col(Claim.event_id).in_(ids))
            .group_by(col(Claim.event_id))
        ):
            if event_id is not None:
                claims[event_id], speakers[event_id] = n, s
        touching = (
            select(Claim.event_id, ClaimLink.id, ClaimLink.relation)
            .join(
                ClaimLink,
                or_(col(ClaimLink.claim_id) == Claim.id, col(ClaimLink.other_id) == Claim.id),
            )
            .where(col(Claim.event_id).in_(ids))
        )
        for event_id, link_id, relation in session.exec(touching):
            if event_id is not None and link_id is not None:
                links[event_id].add((link_id, relation))
    return [
        EventRow(
            id=e.id,
            name=e.name,
            date=e.date,
            place=e.place,
            description=e.description,
            claims=claims.get(e.id, 0),
            speakers=speakers.get(e.id, 0),
            contradictions=sum(
                1 for _, rel in links.get(e.id, ()) if rel == Relation.CONTRADICTS.value
            ),
            links=len(links.get(e.id, ())),
        )
        for e in events
        if e.id is not None
    ]


# --- Sources --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A document with how many claims were taken from it."""

    id: int
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None
    claims: int


def count_sources(session: Session) -> int:
    """How many documents there are."""
    return session.exec(select(func.count()).select_from(Source)).one()


def source_rows(session: Session, *, offset: int = 0, limit: int = 100) -> list[SourceRow]:
    """A page of documents in the order they were stored, each with its claim count."""
    session.flush()  # a plain column query on the connection: the ORM adds nothing to tuples
    rows = list(
        session.connection().execute(
            sa.select(
                col(Source.id),
                col(Source.title),
                col(Source.outlet),
                col(Source.author),
                col(Source.published),
            )
            .order_by(col(Source.id))
            .offset(offset)
            .limit(limit)
        )
    )
    ids = [row[0] for row in rows if row[0] is not None]
    counts: dict[int, int] = {}
    if ids:
        counts = {
            sid: n
            for sid, n in session.exec(
                select(Claim.source_id, func.count())
                .where(col(Claim.source_id).in_(ids))
                .group_by(col(Claim.source_id))
            )
            if sid is not None
        }
    return [
        SourceRow(
            id=sid,
            title=title,
            outlet=outlet,
            author=author,
            published=published,
            claims=counts.get(sid, 0),
        )
        for sid, title, outlet, author, published in rows
        if sid is not None
    ]


@dataclass(frozen=True, slots=True)
class MarkedClaim:
    """A claim as marked in its document: where its words are and who said them."""

    id: int
    start: int | None
    end: int | None
    """``start``/``end``: offsets into the document's text; None when the claim has no span."""
    speaker: str | None
    content: str
    status: str
    anchor_version: int = 1
    """The version of the document the claim is on; below the document's for an orphan,
    which is not marked (its offsets point into that older text)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A document's full text and every claim taken from it, in reading order."""

    id: int
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    text: str
    claims: list[MarkedClaim]
    version: int = 1
    """The version of the document ``text`` is: the latest."""

    @property
    def orphans(self) -> list[MarkedClaim]:
        """The claims left on an older version of the document."""
        return [c for c in self.claims if c.anchor_version < self.version]


def source_text(session: Session, source_id: int) -> SourceText:
    """A document with its claims marked.

    Raises:
        NotFoundError: The document does not exist.
    """
    source = session.get(Source, source_id)
    if source is None or source.id is None:
        raise NotFoundError(f"no source with id {source_id}")
    rows = session.exec(
        select(Claim, Speaker.name)
        .join(Speaker, col(Speaker.id) == Claim.speaker_id, isouter=True)
        .where(Claim.source_id == source_id)
    ).all()
    size = len(source.text)
    marked = []
    for claim, speaker in rows:
        assert claim.id is not None
        start, end = claim.span_start, claim.span_end
        if start is None or end is None or end > size or claim.anchor_version < source.version:
            start = end = None  # a span outside the text (or an older one's) marks nothing
        marked.append(
            MarkedClaim(
                id=claim.id,
                start=start,
                end=end,
                speaker=speaker or claim.speaker_mention,
                content=claim.content,
                status=claim.status,
                anchor_version=claim.anchor_version,
            )
        )
    marked.sort(key=lambda m: (m.start is None, m.start or 0, m.id))
    return SourceText(
        id=source.id,
        title=source.title,
        outlet=source.outlet,
        author=source.author,
        published=source.published,
        url=source.url,
        text=source.text,
        claims=marked,
        version=source.version,
    )


# --- Speakers -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AliasInfo:
    """One of a speaker's aliases; a weak one is shown but never matched on."""

    alias: str
    weak: bool


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A speaker with its aliases and claim count, and the alias a search matched."""

    id: int
    name: str
    kind: str
    description: str | None
    affiliation: str | None
    aliases: tuple[AliasInfo, ...]
    claims: int
    matched: str | None = None
    score: float | None = None


def speaker_rows(
    session: Session, query: str = "", *, offset: int = 0, limit: int = 50
) -> list[SpeakerRow]:
    """A page of the speakers not merged into another: by name, or, for a query, the
    speakers whose aliases match it best first (``claims.speakers.registry.find_speakers``, through
    the speaker index, so no page reads every speaker)."""
    query = query.strip()
    matched: dict[int, tuple[str, float]] = {}
    if query:
        matches = find_speakers(session, query, limit=offset + limit)[offset:]
        speakers = [m.speaker for m in matches]
        matched = {m.speaker.id: (m.alias, m.score) for m in matches if m.speaker.id}
    else:
        speakers = list(
            session.exec(
                select(Speaker)
                .where(col(Speaker.merged_into_id).is_(None))
                .order_by(col(Speaker.name), col(Speaker.id))
                .offset(offset)
                .limit(limit)
            )
        )
    ids = [s.id for s in speakers if s.id is not None]
    aliases: dict[int, list[AliasInfo]] = defaultdict(list)
    if ids:
        for speaker_id, alias, weak in session.exec(
            select(SpeakerAlias.speaker_id, SpeakerAlias.alias, SpeakerAlias.weak)
            .where(col(SpeakerAlias.speaker_id).in_(ids))
            .order_by(col(SpeakerAlias.weak), col(SpeakerAlias.id))
        ):
            aliases[speaker_id].append(AliasInfo(alias=alias, weak=weak))
    counts = claim_counts(session, ids)
    return [
        SpeakerRow(
            id=s.id,
            name=s.name,
            kind=s.kind,
            description=s.description,
            affiliation=s.affiliation,
            aliases=tuple(aliases.get(s.id, ())),
            claims=counts.get(s.id, 0),
            matched=matched[s.id][0] if s.id in matched else None,
            score=matched[s.id][1] if s.id in matched else None,
        )
        for s in speakers
        if s.id is not None
    ]


def count_speakers(session: Session) -> int:
    """How many speakers are not merged into another."""
    return session.exec(
        select(func.count()).select_from(Speaker).where(col(Speaker.merged_into_id).is_(None))
    ).one()


# --- Suggestions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimBrief:
    """Enough of a claim to recognise it in a list."""

    id: int
    speaker: str | None
    cue: str | None
    content: str
    status: str


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    """An open suggestion with the two claims it pairs."""

    suggestion: Suggestion
    a: ClaimBrief
    b: ClaimBrief


def claim_briefs(session: Session, claim_ids: Sequence[int]) -> dict[int, ClaimBrief]:
    """Briefs of the claims ``claim_ids``, by id, in one query."""
    if not claim_ids:
        return {}
    rows = session.exec(
        select(Claim, Speaker.name)
        .join(Speaker, col(Speaker.id) == Claim.speaker_id, isouter=True)
        .where(col(Claim.id).in_(list(set(claim_ids))))
    ).all()
    return {
        claim.id: ClaimBrief(
            id=claim.id,
            speaker=speaker or claim.speaker_mention,
            cue=claim.cue,
            content=claim.content,
            status=claim.status,
        )
        for claim, speaker in rows
        if claim.id is not None
    }


def open_suggestions(
    session: Session, *, event_id: int | None = None, limit: int | None = 100
) -> list[SuggestionRow]:
    """The suggestions still to be accepted or rejected (pairs not yet linked), best first,
    each with its two claims.

    Args:
        event_id: Only pairs among the claims of this event.
        limit: At most this many.

    Raises:
        NotFoundError: The event does not exist.
    """
    if event_id is not None:
        get_event(session, event_id)
    found = suggest(session, event_id=event_id, limit=limit, include_linked=False)
    briefs = claim_briefs(session, [i for s in found for i in (s.a, s.b)])
    return [SuggestionRow(s, briefs[s.a], briefs[s.b]) for s in found]
