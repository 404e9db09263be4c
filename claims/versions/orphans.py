"""Orphans: claims left on an older version of their source because the latest one no
longer has their words, each listed with the closest text the latest version has, for a
reviewer to decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from claims.versions.anchoring import Reanchorer
from claims.versions.carrying import anchor_of
from claims.versions.store import version_text
from db.models import Claim, Source


@dataclass(frozen=True, slots=True)
class Orphan:
    """A claim whose words the latest version of its source no longer has."""

    claim_id: int
    source_id: int
    source_title: str | None
    anchor_version: int
    current_version: int
    content: str
    status: str
    candidate: str | None
    """The closest text the current version has, if anything is close at all."""
    candidate_start: int | None
    score: float


def orphans(session: Session, *, source_id: int | None = None) -> list[Orphan]:
    """The claims left on an older version of their source, with the closest text the
    current version has, oldest claim first."""
    query = (
        select(Claim, Source)
        .join(Source, col(Claim.source_id) == col(Source.id))
        .where(col(Claim.anchor_version) < col(Source.version))
        .order_by(col(Claim.id))
    )
    if source_id is not None:
        query = query.where(Claim.source_id == source_id)
    found = []
    texts: dict[tuple[int, int], str] = {}
    for claim, source in session.exec(query):
        assert claim.id is not None and source.id is not None
        key = (source.id, claim.anchor_version)
        if key not in texts:
            texts[key] = version_text(session, source.id, claim.anchor_version)
        anchor = anchor_of(claim, texts[key])
        placement = Reanchorer(texts[key], source.text).place(anchor) if anchor else None
        found.append(
            Orphan(
                claim_id=claim.id,
                source_id=source.id,
                source_title=source.title,
                anchor_version=claim.anchor_version,
                current_version=source.version,
                content=claim.content,
                status=claim.status,
                candidate=placement.exact if placement else None,
                candidate_start=placement.start if placement else None,
                score=placement.score if placement else 0.0,
            )
        )
    return found
