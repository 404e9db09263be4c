"""Read queries over the store: filtered claim lists, summary rows and counts.

Every function takes the session it runs in; none opens one. Filters compose into a single
SQL statement, so a page of a large archive costs one indexed query, not a scan in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, bindparam, union_all
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from db.models import (
    AuditEntry,
    Claim,
    ClaimLink,
    ClaimTag,
    Event,
    Source,
    SourceVersion,
    Speaker,
    SpeakerAlias,
    Tag,
)


@dataclass(frozen=True)
class ClaimFilter:
    """Conditions a claim must meet; empty fields do not filter."""

    speaker_ids: Sequence[int] | None = None
    tag: str | None = None
    status: str | None = None
    source_id: int | None = None
    event_id: int | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    relation: str | None = None
    claim_ids: Sequence[int] | None = field(default=None)


def filtered(statement: SelectOfScalar[Claim], where: ClaimFilter) -> SelectOfScalar[Claim]:
    """Add ``where``'s conditions to a statement that selects claims."""
    if where.claim_ids is not None:
        statement = statement.where(col(Claim.id).in_(list(where.claim_ids)))
    if where.speaker_ids is not None:
        statement = statement.where(col(Claim.speaker_id).in_(list(where.speaker_ids)))
    if where.status:
        statement = statement.where(Claim.status == where.status)
    if where.source_id is not None:
        statement = statement.where(Claim.source_id == where.source_id)
    if where.event_id is not None:
        statement = statement.where(Claim.event_id == where.event_id)
    if where.tag:
        tagged = (
            select(ClaimTag.claim_id)
            .join(Tag, col(Tag.id) == ClaimTag.tag_id)
            .where(Tag.name == where.tag)
        )
        statement = statement.where(col(Claim.id).in_(tagged))
    if where.outlet or where.since or where.until:
        sources = select(Source.id)
        if where.outlet:
            sources = sources.where(func.lower(Source.outlet) == where.outlet.lower())
        if where.since:
            sources = sources.where(col(Source.published) >= where.since)
        if where.until:
            sources = sources.where(col(Source.published) <= where.until)
        statement = statement.where(col(Claim.source_id).in_(sources))
    if where.relation:
        linked = union_all(
            select(ClaimLink.claim_id).where(ClaimLink.relation == where.relation),
            select(ClaimLink.other_id).where(ClaimLink.relation == where.relation),
        )
        statement = statement.where(col(Claim.id).in_(linked))
    return statement


def list_claims(
    session: Session,
    where: ClaimFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[Claim]:
    """Claims meeting ``where``, in id order."""
    statement = filtered(select(Claim), where or ClaimFilter()).order_by(col(Claim.id))
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))


def count_claims(session: Session, where: ClaimFilter | None = None) -> int:
    """How many claims meet ``where``."""
    ids = filtered(select(Claim.id), where or ClaimFilter()).subquery()  # type: ignore[arg-type]
    return session.exec(select(func.count()).select_from(ids)).one()


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One line of a claim list: the claim with the names around it."""

    claim: Claim
    speaker: str | None
    outlet: str | None
    published: dt.date | None
    tags: tuple[str, ...]
    links: int


def _ids() -> BindParameter[Any]:
    """The ``ids`` list a prebuilt statement is run with."""
    return bindparam("ids", expanding=True)


# Built once: a page of rows is asked for on every search and every scroll, and building
# and keying a statement costs more than SQLite takes to answer it.
_SPEAKER_NAMES = select(col(Speaker.id), col(Speaker.name)).where(col(Speaker.id).in_(_ids()))
_SOURCE_DATES = select(col(Source.id), col(Source.outlet), col(Source.published)).where(
    col(Source.id).in_(_ids())
)
_TAG_NAMES = (
    select(col(ClaimTag.claim_id), col(Tag.name))
    .join(Tag, col(Tag.id) == col(ClaimTag.tag_id))
    .where(col(ClaimTag.claim_id).in_(_ids()))
    .order_by(col(Tag.name))
)
_LINK_ENDS = select(col(ClaimLink.claim_id), col(ClaimLink.other_id)).where(
    col(ClaimLink.claim_id).in_(_ids())
    | col(ClaimLink.other_id).in_(bindparam("others", expanding=True))
)


def tags_by_claim(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """The tags of each of the claims ``ids``, sorted, in one query (claims without tags are
    left out)."""
    tags: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return tags
    session.flush()  # a plain column query on the connection: the ORM adds nothing to it
    for claim_id, name in session.connection().execute(_TAG_NAMES, {"ids": list(ids)}):
        tags[claim_id].append(name)
    return tags


def claim_rows(session: Session, claims: Sequence[Claim]) -> list[ClaimRow]:
    """Summary rows for ``claims``, in the same order, in a fixed number of queries."""
    ids = [c.id for c in claims if c.id is not None]
    speaker_ids = list({c.speaker_id for c in claims if c.speaker_id is not None})
    source_ids = list({c.source_id for c in claims if c.source_id is not None})
    tags = tags_by_claim(session, ids)
    # Plain column queries on the session's connection: the ORM adds nothing to tuples.
    session.flush()
    connection = session.connection()
    speakers: dict[int | None, str] = {}
    if speaker_ids:
        speakers = {
            speaker_id: name
            for speaker_id, name in connection.execute(_SPEAKER_NAMES, {"ids": speaker_ids})
        }
    sources: dict[int | None, tuple[str | None, dt.date | None]] = {}
    if source_ids:
        sources = {
            source_id: (outlet, published)
            for source_id, outlet, published in connection.execute(
                _SOURCE_DATES, {"ids": source_ids}
            )
        }
    links: dict[int, int] = defaultdict(int)
    if ids:
        for claim_id, other_id in connection.execute(_LINK_ENDS, {"ids": ids, "others": ids}):
            links[claim_id] += 1
            links[other_id] += 1
    rows = []
    for claim in claims:
        outlet, published = (
            sources.get(claim.source_id, (None, None)) if claim.source_id else (None, None)
        )
        rows.append(
            ClaimRow(
                claim=claim,
                speaker=speakers.get(claim.speaker_id) if claim.speaker_id else None,
                outlet=outlet,
                published=published,
                tags=tuple(tags.get(claim.id or 0, ())),
                links=links.get(claim.id or 0, 0),
            )
        )
    return rows


def table_counts(session: Session) -> dict[str, int]:
    """Row counts of the main tables, for ``claims db info``."""
    tables = {
        "sources": Source,
        "speakers": Speaker,
        "aliases": SpeakerAlias,
        "claims": Claim,
        "links": ClaimLink,
        "events": Event,
        "tags": Tag,
        "audit entries": AuditEntry,
    }
    counts = {
        name: session.exec(select(func.count()).select_from(model)).one()
        for name, model in tables.items()
    }
    counts["earlier versions"] = session.exec(select(func.count()).select_from(SourceVersion)).one()
    counts["orphans"] = session.exec(
        select(func.count())
        .select_from(Claim)
        .join(Source, col(Source.id) == col(Claim.source_id))
        .where(col(Claim.anchor_version) < col(Source.version))
    ).one()
    return counts
