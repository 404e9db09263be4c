"""Source versions: an edited article is stored as its source's next version, and every
claim on the old text is carried over to the new one.

An article ingested again is recognised as an edit of a stored source by an explicit
source id, by its URL, or by the same outlet and title. Its old text and metadata move to
a ``SourceVersion`` row, the source takes the new ones, and each claim anchored to the old
text is placed on the new one (``claims.versions.anchoring``):

- found again, its offsets, quote and context move, and its status, tags, notes, links and
  event stay with it, since it is the same row; where its own words were edited, its
  content follows and ``changed_in_version`` records the version;
- not found, it stays anchored to the old version, an orphan, listed by ``orphans`` with
  the closest text the new version has.

Each move is audited as a ``reanchor`` (or ``orphan``) with its method and score, in the
same transaction as the new text: an edit is stored whole or not at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from claims.ingest.store import CONTEXT_CHARS, quote_selector, sha256_of
from claims.review import audit
from claims.versions.anchoring import Anchor, Method, Placement, Reanchorer, shift_nearby
from db.errors import InvalidValueError, NotFoundError
from db.models import AuditEntry, Claim, Source, SourceCreate, SourceVersion, utcnow

#: Audit actions of re-anchoring: a claim carried to a new version, or left behind.
REANCHOR_ACTION = "reanchor"
ORPHAN_ACTION = "orphan"
ANCHOR_ACTIONS = frozenset({REANCHOR_ACTION, ORPHAN_ACTION})

_METADATA = ("title", "outlet", "author", "published", "url", "origin", "media_type")


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
        result.claims.append(_carry(session, claim, reanchorer, source.version, user=user))
    return result


def _anchor_of(claim: Claim, text: str) -> Anchor | None:
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


def _carry(
    session: Session, claim: Claim, reanchorer: Reanchorer, number: int, *, user: str
) -> CarriedClaim:
    """Place one claim on the new version, update it, and audit what was done."""
    assert claim.id is not None
    anchor = _anchor_of(claim, reanchorer.old)
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
        audit.record(
            session,
            user=user,
            action=ORPHAN_ACTION,
            claim_id=claim.id,
            field="span",
            old=old_record,
            new=_orphan_record(placement, number),
            claim_version=claim.version,
        )
        return carried
    _move(claim, placement, reanchorer, number)
    claim.version += 1
    claim.updated_at = utcnow()
    session.add(claim)
    audit.record(
        session,
        user=user,
        action=REANCHOR_ACTION,
        claim_id=claim.id,
        field="span",
        old=old_record,
        new={
            **_span_record(claim, number),
            "method": placement.method.value,
            "score": placement.score,
        },
        claim_version=claim.version,
    )
    return carried


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


# --- Orphans ------------------------------------------------------------------------------


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
        anchor = _anchor_of(claim, texts[key])
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


# --- Differences between versions ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimChange:
    """What one version change did to a claim: moved, changed or orphaned."""

    claim_id: int
    what: str
    """"moved", "changed", "orphaned" or "kept" (same place, same words)."""
    method: str
    score: float
    old_text: str | None
    new_text: str | None


@dataclass(frozen=True)
class VersionDiff:
    """The differences between two versions of a source, and what became of its claims."""

    source_id: int
    old: int
    new: int
    lines: list[str]
    """A unified diff of the two texts, paragraph by paragraph."""
    claims: list[ClaimChange]


def diff_versions(
    session: Session, source_id: int, old: int | None = None, new: int | None = None
) -> VersionDiff:
    """What changed between two versions of a source (by default the last two), and which
    claims moved, changed or were orphaned on the way.

    Raises:
        NotFoundError: There is no such source or version.
        InvalidValueError: The source has only one version, or ``old`` is not before
            ``new``.
    """
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source {source_id}")
    new = source.version if new is None else new
    old = new - 1 if old is None else old
    if source.version == 1:
        raise InvalidValueError(f"source {source_id} has only one version: nothing to compare")
    if not 1 <= old < new <= source.version:
        raise InvalidValueError(
            f"versions must run old to new within 1 to {source.version}; got {old} and {new}"
        )
    before, after = version_text(session, source_id, old), version_text(session, source_id, new)
    lines = list(
        difflib.unified_diff(
            _paragraphs(before),
            _paragraphs(after),
            fromfile=f"version {old}",
            tofile=f"version {new}",
            lineterm="",
        )
    )
    return VersionDiff(source_id, old, new, lines, _claim_changes(session, source_id, old, new))


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


def _claim_changes(session: Session, source_id: int, old: int, new: int) -> list[ClaimChange]:
    """Each claim's fate from version ``old`` to ``new``, from the re-anchoring audit."""
    ids = select(col(Claim.id)).where(Claim.source_id == source_id)
    entries = session.exec(
        select(AuditEntry)
        .where(
            col(AuditEntry.action).in_(sorted(ANCHOR_ACTIONS)),
            col(AuditEntry.claim_id).in_(ids),
        )
        .order_by(col(AuditEntry.id))
    ).all()
    first: dict[int, dict[str, Any]] = {}
    last: dict[int, tuple[str, dict[str, Any]]] = {}
    for entry in entries:
        before, after = audit.decode(entry.old_value) or {}, audit.decode(entry.new_value) or {}
        if entry.claim_id is None or not old <= int(before.get("version") or 0) < new:
            continue
        if int(after.get("version") or 0) > new:
            continue
        first.setdefault(entry.claim_id, before)
        last[entry.claim_id] = (entry.action, after)
    changes = []
    for claim_id in sorted(last):
        action, after = last[claim_id]
        before = first[claim_id]
        if action == ORPHAN_ACTION:
            what = "orphaned"
        elif fold_equal(before.get("text"), after.get("text")):
            what = "moved" if before.get("start") != after.get("start") else "kept"
        else:
            what = "changed"
        changes.append(
            ClaimChange(
                claim_id,
                what,
                str(after.get("method") or ""),
                float(after.get("score") or 0.0),
                before.get("text"),
                after.get("text"),
            )
        )
    return changes


def fold_equal(a: str | None, b: str | None) -> bool:
    """Whether two texts are the same words, whitespace aside."""
    return " ".join((a or "").split()) == " ".join((b or "").split())
