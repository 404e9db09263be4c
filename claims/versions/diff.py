"""Differences between two versions of a source: the text, paragraph by paragraph, and
what became of each claim (moved, changed, orphaned or kept), read from the re-anchoring
audit.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from claims.archive import audit
from claims.versions.carrying import ANCHOR_ACTIONS, ORPHAN_ACTION
from claims.versions.folding import fold
from claims.versions.store import version_text
from db.errors import InvalidValueError, NotFoundError
from db.models import AuditEntry, Claim, Source


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
    return fold(a or "") == fold(b or "")
