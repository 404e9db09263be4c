"""Merging two speakers that are one, and taking a merge apart again.

A merge folds one speaker into another: its claims and aliases move to the speaker kept,
aliases the kept one already has are dropped, and the folded speaker stays as a row that
points at the one kept (``merged_into_id``) and is never matched again. The audit entry of
the merge records exactly which claims and aliases moved (``MergeRecord``), so that
``unmerge_speaker`` can put them back, leaving alone any claim reattributed since.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select, update

from claims.archive import audit
from claims.speakers.registry import active_speaker, add_alias, aliases_of, get_speaker
from db.errors import InvalidValueError
from db.models import AuditEntry, Claim, SpeakerAlias


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """What a merge moved: kept in its audit entry, and all an unmerge needs."""

    audit_id: int
    keep_id: int
    other_id: int
    claims: list[int]
    """Claims moved from the other speaker to the one kept."""
    aliases_moved: list[int]
    """The other speaker's aliases now on the one kept."""
    aliases_dropped: list[dict[str, Any]]
    """The other speaker's aliases the kept one already had (``id``, ``alias``, ``weak``)."""

    def audit_value(self) -> dict[str, Any]:
        """The record as stored in the audit entry."""
        return {
            "into": self.keep_id,
            "claims": self.claims,
            "aliases_moved": self.aliases_moved,
            "aliases_dropped": self.aliases_dropped,
        }


#: Ids per statement when moving many rows (under every backend's parameter limit).
ID_CHUNK = 5000


def _reattribute(
    session: Session,
    model: type[Claim] | type[SpeakerAlias],
    ids: Sequence[int],
    old: int,
    new: int,
) -> int:
    """Move the rows ``ids`` of ``model`` still on speaker ``old`` to speaker ``new``;
    returns how many moved."""
    moved = 0
    for start in range(0, len(ids), ID_CHUNK):
        chunk = list(ids[start : start + ID_CHUNK])
        result = session.exec(
            update(model)
            .where(col(model.id).in_(chunk), col(model.speaker_id) == old)
            .values(speaker_id=new)
        )
        moved += result.rowcount
    return moved


def merge_speakers(session: Session, keep_id: int, other_id: int, *, user: str) -> MergeRecord:
    """Merge speaker ``other_id`` into ``keep_id``: its claims and aliases move to the one
    kept, it points at the one kept, and the audit entry records what moved.

    Raises:
        InvalidValueError: The two are the same, or either is already merged.
        NotFoundError: Either speaker does not exist.
    """
    if keep_id == other_id:
        raise InvalidValueError(f"cannot merge speaker {keep_id} into itself")
    keep = active_speaker(session, keep_id)
    other = active_speaker(session, other_id)
    claim_ids = [
        claim_id
        for claim_id in session.exec(
            select(Claim.id).where(Claim.speaker_id == other_id).order_by(col(Claim.id))
        )
        if claim_id is not None
    ]
    _reattribute(session, Claim, claim_ids, other_id, keep_id)
    kept = {alias.alias.casefold() for alias in aliases_of(session, keep_id)}
    moved: list[int] = []
    dropped: list[dict[str, Any]] = []
    for alias in aliases_of(session, other_id):
        assert alias.id is not None
        if alias.alias.casefold() in kept:
            dropped.append({"id": alias.id, "alias": alias.alias, "weak": alias.weak})
            session.delete(alias)
        else:
            moved.append(alias.id)
            alias.speaker_id = keep_id
            session.add(alias)
    other.merged_into_id = keep.id
    session.add(other)
    session.flush()
    record = MergeRecord(0, keep_id, other_id, claim_ids, moved, dropped)
    entry = audit.record(
        session,
        user=user,
        action="merge",
        speaker_id=other_id,
        field="merged_into_id",
        old=None,
        new=record.audit_value(),
    )
    session.flush()
    assert entry.id is not None
    return dataclasses.replace(record, audit_id=entry.id)


def last_merge(session: Session, other_id: int) -> MergeRecord:
    """The audit record of the merge that put speaker ``other_id`` where it is now.

    Raises:
        InvalidValueError: The speaker is not merged into another.
    """
    other = get_speaker(session, other_id)
    if other.merged_into_id is None:
        raise InvalidValueError(f"speaker {other_id} is not merged into another")
    entry = session.exec(
        select(AuditEntry)
        .where(AuditEntry.speaker_id == other_id, AuditEntry.action == "merge")
        .order_by(col(AuditEntry.id).desc())
    ).first()
    if entry is None or entry.id is None:
        raise InvalidValueError(
            f"speaker {other_id} is merged into {other.merged_into_id} but the audit trail "
            "has no record of the merge to undo"
        )
    value = audit.decode(entry.new_value) or {}
    return MergeRecord(
        audit_id=entry.id,
        keep_id=int(value.get("into", other.merged_into_id)),
        other_id=other_id,
        claims=[int(claim_id) for claim_id in value.get("claims", [])],
        aliases_moved=[int(alias_id) for alias_id in value.get("aliases_moved", [])],
        aliases_dropped=list(value.get("aliases_dropped", [])),
    )


@dataclass(frozen=True, slots=True)
class UnmergeResult:
    """What an unmerge put back, and what it left because it had changed since."""

    merge: MergeRecord
    claims_restored: int
    claims_left: int
    """Claims of the merge that no longer belong to the speaker kept (reattributed since)."""
    aliases_restored: int


def unmerge_speaker(session: Session, other_id: int, *, user: str) -> UnmergeResult:
    """Undo the merge of speaker ``other_id`` from its audit record: the claims and aliases
    that moved go back (unless changed since), and the speaker is active again. Audited.

    Raises:
        InvalidValueError: The speaker is not merged, or the one it went into has since been
            merged itself (unmerge that one first).
    """
    merge = last_merge(session, other_id)
    other = get_speaker(session, other_id)
    keep = get_speaker(session, merge.keep_id)
    if keep.merged_into_id is not None:
        raise InvalidValueError(
            f"speaker {keep.id}, which {other_id} was merged into, has since been merged into "
            f"{keep.merged_into_id}; unmerge {keep.id} first"
        )
    restored = _reattribute(session, Claim, merge.claims, merge.keep_id, other_id)
    aliases = _reattribute(session, SpeakerAlias, merge.aliases_moved, merge.keep_id, other_id)
    other.merged_into_id = None
    session.add(other)
    session.flush()
    for dropped in merge.aliases_dropped:
        if add_alias(session, other, dropped["alias"], weak=bool(dropped.get("weak"))):
            aliases += 1
    result_value = {
        "claims_restored": restored,
        "claims_left": len(merge.claims) - restored,
        "aliases_restored": aliases,
        "merge_audit_id": merge.audit_id,
    }
    audit.record(
        session,
        user=user,
        action="unmerge",
        speaker_id=other_id,
        field="merged_into_id",
        old=merge.audit_value(),
        new=result_value,
    )
    session.flush()
    return UnmergeResult(merge, restored, len(merge.claims) - restored, aliases)
