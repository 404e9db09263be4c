"""Storing a source's versions: an article ingested again is recognised as an edit of a
stored source and stored as its next version; and reading any version back.

An edit is recognised by an explicit source id, by its URL, or by the same outlet and
title (``previous_version``). Its old text and metadata move to a ``SourceVersion`` row,
the source takes the new ones, and each claim anchored to the old text is carried to the
new one (``claims.versions.carrying``), in the same transaction as the new text: an edit
is stored whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from claims.archive.store import sha256_of
from claims.versions.anchoring import Reanchorer
from claims.versions.carrying import NewVersion, carry_claim
from db.errors import NotFoundError
from db.models import Claim, Source, SourceCreate, SourceVersion, utcnow

_METADATA = ("title", "outlet", "author", "published", "url", "origin", "media_type")


# --- Finding the source an article is a version of ----------------------------------------


def normalise_url(url: str | None) -> str | None:
    """A URL as compared for identity: no surrounding space, fragment or trailing slash."""
    if not url or not url.strip():
        return None
    return url.strip().split("#", 1)[0].rstrip("/") or None


def stored_text(session: Session, text: str) -> tuple[Source, int] | None:
    """The source and version number that already hold exactly this text, if any."""
    sha = sha256_of(text)
    source = session.exec(select(Source).where(Source.sha256 == sha)).first()
    if source is not None:
        return source, source.version
    old = session.exec(select(SourceVersion).where(SourceVersion.sha256 == sha)).first()
    if old is not None:
        return session.get_one(Source, old.source_id), old.number
    return None


def previous_version(
    session: Session, source_in: SourceCreate, *, source_id: int | None = None
) -> Source | None:
    """The stored source that ``source_in`` is a new version of, if any: the one named by
    ``source_id``, else the one with the same URL, else with the same outlet and title.

    Raises:
        NotFoundError: ``source_id`` names no source.
    """
    if source_id is not None:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFoundError(f"no source {source_id}")
        return source
    url = normalise_url(source_in.url)
    if url is not None:
        written = sorted({url, url + "/", (source_in.url or "").strip()})
        found = session.exec(
            select(Source).where(col(Source.url).in_(written)).order_by(col(Source.id))
        ).first()
        if found is not None:
            return found
    if source_in.outlet and source_in.title:
        return session.exec(
            select(Source)
            .where(Source.outlet == source_in.outlet, Source.title == source_in.title)
            .order_by(col(Source.id))
        ).first()
    return None


# --- Storing a new version ----------------------------------------------------------------


def add_version(
    session: Session, source: Source, source_in: SourceCreate, *, user: str
) -> NewVersion:
    """Make ``source_in`` the next version of ``source`` and carry its claims across, in
    the session's transaction.

    Metadata the new version does not give (an article re-read without its byline) is kept
    from the old one.
    """
    assert source.id is not None
    old_number = source.version
    session.add(
        SourceVersion(
            source_id=source.id,
            number=old_number,
            text=source.text,
            sha256=source.sha256,
            ingested_at=source.ingested_at,
            superseded_at=utcnow(),
            **{name: getattr(source, name) for name in _METADATA},
        )
    )
    old_text = source.text
    # The old row must leave the unique sha256 before the source takes a new one.
    session.flush()
    source.text = source_in.text
    source.sha256 = sha256_of(source_in.text)
    source.version = old_number + 1
    source.ingested_at = utcnow()
    for name in _METADATA:
        value = getattr(source_in, name)
        if value is not None:
            setattr(source, name, value)
    session.add(source)
    session.flush()
    result = NewVersion(source.id, source.version)
    claims = session.exec(
        select(Claim)
        .where(Claim.source_id == source.id, Claim.anchor_version == old_number)
        .order_by(col(Claim.id))
        .with_for_update()
    ).all()
    reanchorer = Reanchorer(old_text, source.text)
    for claim in claims:
        result.claims.append(carry_claim(session, claim, reanchorer, source.version, user=user))
    return result


# --- Reading versions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of a source, as listed."""

    number: int
    sha256: str
    ingested_at: Any
    characters: int
    title: str | None
    current: bool


def versions_of(session: Session, source_id: int) -> list[VersionInfo]:
    """Every version of a source, oldest first.

    Raises:
        NotFoundError: There is no such source.
    """
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source {source_id}")
    old = session.exec(
        select(SourceVersion)
        .where(SourceVersion.source_id == source_id)
        .order_by(col(SourceVersion.number))
    ).all()
    listed = [
        VersionInfo(v.number, v.sha256, v.ingested_at, len(v.text), v.title, False) for v in old
    ]
    listed.append(
        VersionInfo(
            source.version, source.sha256, source.ingested_at, len(source.text), source.title, True
        )
    )
    return listed


def version_text(session: Session, source_id: int, number: int | None = None) -> str:
    """The text of version ``number`` of a source (the current one by default).

    Raises:
        NotFoundError: There is no such source or version.
    """
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source {source_id}")
    if number is None or number == source.version:
        return source.text
    old = session.exec(
        select(SourceVersion).where(
            SourceVersion.source_id == source_id, SourceVersion.number == number
        )
    ).first()
    if old is None:
        raise NotFoundError(
            f"source {source_id} has no version {number} (it has 1 to {source.version})"
        )
    return old.text


def anchored_text(session: Session, claim: Claim, source: Source | None = None) -> str | None:
    """The text of the version a claim's offsets point into, or None without a source."""
    if claim.source_id is None:
        return None
    source = source or session.get(Source, claim.source_id)
    if source is None:
        return None
    if claim.anchor_version == source.version:
        return source.text
    return version_text(session, claim.source_id, claim.anchor_version)


def is_orphan(claim: Claim, source: Source | None) -> bool:
    """Whether a claim was left on an older version of its source."""
    return source is not None and claim.anchor_version < source.version
