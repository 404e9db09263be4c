"""Claims with everything an export needs, read in batches so a large archive streams.

Each batch is one page of claims by id (keyset pagination, so it costs the same at the end of
the archive as at the start) and a fixed number of queries for their speakers, sources,
events, tags and reviews, and one for the earlier versions orphaned claims are anchored to.
Source texts are not read: a claim keeps its own quote and the context on either side of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from claims.archive.attribution import ChainPart, attribution_chain
from db.models import AuditEntry, Claim, ClaimLink, Event, Source, SourceVersion, Speaker
from db.queries import tags_by_claim

#: Claims read per round trip.
BATCH = 500


@dataclass(frozen=True, slots=True)
class AnchorVersion:
    """The version of a source a claim's offsets point into (without its text)."""

    number: int
    sha256: str
    """The sha256 of that version's text."""
    ingested_at: dt.datetime
    superseded_at: dt.datetime | None
    """When a later version replaced it; None for the source's current version."""
    media_type: str

    @property
    def current(self) -> bool:
        return self.superseded_at is None


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A claim with its speaker, source (without its text), event, tags and last review."""

    claim: Claim
    speaker: Speaker | None
    source: Source | None
    event: Event | None
    tags: list[str]
    review: AuditEntry | None
    """The audit entry that set the claim's current status, if a person set it."""
    anchor: AnchorVersion | None = None
    """The version of the source the claim's offsets point into; None without a source."""

    @property
    def orphan(self) -> bool:
        """Whether the claim was left on an earlier version of its source."""
        return self.source is not None and self.claim.anchor_version < self.source.version

    @property
    def chain(self) -> list[ChainPart]:
        """How the claim reached the reader (see ``claims.archive.attribution``)."""
        return attribution_chain(self.claim, self.speaker, self.source)


def iter_claim_records(session: Session, *, batch: int = BATCH) -> Iterator[ClaimRecord]:
    """Every claim of the archive as a ``ClaimRecord``, in id order."""
    last = 0
    events: dict[int, Event] = {}
    while True:
        claims = list(
            session.exec(
                select(Claim).where(col(Claim.id) > last).order_by(col(Claim.id)).limit(batch)
            )
        )
        if not claims:
            return
        last = claims[-1].id or last
        yield from _records(session, claims, events)


def _records(
    session: Session, claims: list[Claim], events: dict[int, Event]
) -> Iterator[ClaimRecord]:
    ids = [c.id for c in claims if c.id is not None]
    speaker_ids = {c.speaker_id for c in claims if c.speaker_id is not None}
    source_ids = {c.source_id for c in claims if c.source_id is not None}
    missing_events = {c.event_id for c in claims if c.event_id is not None} - set(events)
    speakers = {
        s.id: s for s in session.exec(select(Speaker).where(col(Speaker.id).in_(speaker_ids)))
    }
    sources = {
        s.id: s
        for s in session.exec(
            select(Source).options(defer(Source.text)).where(col(Source.id).in_(source_ids))  # type: ignore[arg-type]
        )
    }
    if missing_events:
        events.update(
            (e.id, e)
            for e in session.exec(select(Event).where(col(Event.id).in_(missing_events)))
            if e.id is not None
        )
    old_versions = {
        (c.source_id, c.anchor_version)
        for c in claims
        if c.source_id in sources and c.anchor_version != sources[c.source_id].version
    }
    anchors: dict[tuple[int, int], AnchorVersion] = {
        (s.id, s.version): AnchorVersion(s.version, s.sha256, s.ingested_at, None, s.media_type)
        for s in sources.values()
        if s.id is not None
    }
    if old_versions:
        for v in session.exec(
            select(SourceVersion)
            .options(defer(SourceVersion.text))  # type: ignore[arg-type]
            .where(col(SourceVersion.source_id).in_({sid for sid, _ in old_versions}))
        ):
            if (v.source_id, v.number) in old_versions:
                anchors[(v.source_id, v.number)] = AnchorVersion(
                    v.number, v.sha256, v.ingested_at, v.superseded_at, v.media_type
                )
    tags = tags_by_claim(session, ids)
    reviews: dict[int, AuditEntry] = {}
    for entry in session.exec(
        select(AuditEntry)
        .where(col(AuditEntry.claim_id).in_(ids), AuditEntry.field == "status")
        .order_by(col(AuditEntry.id))
    ):
        if entry.claim_id is not None:
            reviews[entry.claim_id] = entry
    for claim in claims:
        cid = claim.id or 0
        yield ClaimRecord(
            claim=claim,
            speaker=speakers.get(claim.speaker_id) if claim.speaker_id else None,
            source=sources.get(claim.source_id) if claim.source_id else None,
            event=events.get(claim.event_id) if claim.event_id else None,
            tags=tags.get(cid, []),
            review=reviews.get(cid),
            anchor=anchors.get((claim.source_id, claim.anchor_version))
            if claim.source_id
            else None,
        )


def iter_links(session: Session, *, batch: int = BATCH) -> Iterator[ClaimLink]:
    """Every link between claims, in id order, a page at a time."""
    last = 0
    while True:
        links = list(
            session.exec(
                select(ClaimLink)
                .where(col(ClaimLink.id) > last)
                .order_by(col(ClaimLink.id))
                .limit(batch)
            )
        )
        if not links:
            return
        last = links[-1].id or last
        yield from links
