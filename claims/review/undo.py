"""Undo: revert a reviewer's last action, through the same functions that made it.

An action is a change group in the audit trail (see ``claims.archive.audit``). Undoing one writes a
new change whose entries name the one they revert (``undoes``), so the trail keeps both,
the claims' versions move on, and a second undo steps further back rather than redoing.

An undo never overwrites someone else's work: if anyone else has changed one of the
action's claims since, or a value is no longer what the action left, it is refused with a
``ConflictError`` that says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from claims.archive import audit
from claims.archive.display import snippet, visible
from claims.review.corrections import (
    CORRECT_ACTION,
    SpanKind,
    restore_span,
    span_kind_of,
    span_record,
)
from claims.review.edits import (
    add_tags,
    get_claim,
    remove_tags,
    set_event,
    set_note,
    set_speaker,
    set_status,
    tags_of,
)
from claims.review.links import link_claims, unlink_claims
from claims.speakers.merge import last_merge, unmerge_speaker
from claims.versions.carrying import ANCHOR_ACTIONS
from db.errors import ConflictError, InvalidValueError, NotFoundError
from db.models import AuditEntry, ClaimLink, Event, Speaker


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What an undo reverted."""

    change_id: int
    """The change (audit ``change_id``) that was undone."""
    undo_id: int
    """The change the undo itself recorded; its entries carry ``undoes == change_id``."""
    description: str
    """What was put back, as a sentence: "put claim 6's status back to unreviewed"."""
    claim_ids: list[int]
    """The claims the undo changed, in id order."""


_CLAIM_FIELDS = {
    ("review", "status"),
    ("review", "note"),
    ("tag", "tags"),
    ("untag", "tags"),
    ("event", "event_id"),
    ("speaker", "speaker_id"),
    ("link", "link"),
    ("unlink", "link"),
    *((CORRECT_ACTION, kind.field) for kind in SpanKind),
}

_ACTION_NAMES = {
    "create": "adding a claim",
    "bulk-load": "a bulk load",
    "unmerge": "an unmerge",
    "speaker": "a change to a speaker's name or aliases",
    "reanchor": "carrying claims to a new version of their source",
    "orphan": "carrying claims to a new version of their source",
}


def _group_key() -> Any:
    """The change group of an entry: its ``change_id``, or its own id for older entries."""
    return func.coalesce(col(AuditEntry.change_id), col(AuditEntry.id))


def last_change(session: Session, *, user: str) -> int | None:
    """The ``change_id`` of ``user``'s most recent action that is not an undo and has not
    been undone, or None when there is none."""
    undone = select(col(AuditEntry.undoes)).where(col(AuditEntry.undoes).is_not(None))
    key = _group_key()
    row = session.exec(
        select(key, func.max(col(AuditEntry.id)))
        .where(
            AuditEntry.user == user,
            col(AuditEntry.undoes).is_(None),
            key.not_in(undone),
        )
        .group_by(key)
        .order_by(func.max(col(AuditEntry.id)).desc())
        .limit(1)
    ).first()
    return None if row is None else int(row[0])


def change_entries(session: Session, change_id: int) -> list[AuditEntry]:
    """The audit entries of one change, oldest first."""
    return list(
        session.exec(
            select(AuditEntry).where(_group_key() == change_id).order_by(col(AuditEntry.id))
        )
    )


def undo_last(session: Session, *, user: str) -> UndoResult:
    """Revert ``user``'s most recent action that has not been undone.

    Raises:
        NotFoundError: The user has nothing left to undo.
        ConflictError: Someone else has changed the action's claims since.
        InvalidValueError: The action is of a kind that cannot be undone (adding a claim,
            a bulk load, a speaker rename).
    """
    change_id = last_change(session, user=user)
    if change_id is None:
        raise NotFoundError(f"nothing to undo: {user} has no changes left that can be undone")
    return undo_change(session, change_id, user=user)


def undo_change(session: Session, change_id: int, *, user: str) -> UndoResult:
    """Revert the change ``change_id``, which ``user`` made; audited as an undo of it.

    Raises:
        NotFoundError: There is no such change.
        InvalidValueError: The change is someone else's, is itself an undo, was already
            undone, or is of a kind that cannot be undone.
        ConflictError: Someone else has changed the change's claims since.
    """
    entries = change_entries(session, change_id)
    if not entries:
        raise NotFoundError(f"nothing to undo: no change {change_id}")
    first = entries[0]
    if first.user != user:
        raise InvalidValueError(
            f"change {change_id} was made by {visible(first.user)}; only they can undo it"
        )
    if first.undoes is not None:
        raise InvalidValueError(
            f"change {change_id} is itself an undo (of change {first.undoes}); "
            "it cannot be undone in turn"
        )
    claim_ids = sorted({e.claim_id for e in entries if e.claim_id is not None})
    speaker_ids = sorted({e.speaker_id for e in entries if e.speaker_id is not None})
    # Lock in id order, as linking does, so that two undos of the same change queue and
    # the second finds it done.
    for claim_id in claim_ids:
        get_claim(session, claim_id, lock=True)
    if speaker_ids:
        session.exec(
            select(Speaker).where(col(Speaker.id).in_(speaker_ids)).with_for_update()
        ).all()
    undo = session.exec(select(AuditEntry).where(AuditEntry.undoes == change_id)).first()
    if undo is not None:
        raise InvalidValueError(
            f"change {change_id} was already undone by {visible(undo.user)} "
            f"at {undo.at:%Y-%m-%d %H:%M:%S} (change {undo.change_id})"
        )
    for entry in entries:
        if (entry.action, entry.field) not in _CLAIM_FIELDS and entry.action != "merge":
            what = _ACTION_NAMES.get(entry.action, f"a {entry.action!r} action")
            raise InvalidValueError(f"change {change_id} is {what}, which cannot be undone")
    _refuse_later_changes(session, entries, claim_ids, speaker_ids)
    done: list[str] = []
    touched: set[int] = set(claim_ids)
    seen_links: set[tuple[str, str | None]] = set()
    with audit.change_group(session, undoes=change_id) as group:
        for entry in reversed(entries):
            if entry.field == "link":
                key = (entry.action, entry.old_value or entry.new_value)
                if key in seen_links:  # a link is audited on both of its claims
                    continue
                seen_links.add(key)
            phrase, claims = _revert(session, entry, change_id, user=user)
            done.append(phrase)
            touched.update(claims)
    if group.change_id is None:  # every revert found nothing to do; cannot happen
        raise ConflictError(f"change {change_id} left nothing to put back")
    return UndoResult(
        change_id=change_id,
        undo_id=group.change_id,
        description="; ".join(done),
        claim_ids=sorted(touched),
    )


def _refuse_later_changes(
    session: Session,
    entries: list[AuditEntry],
    claim_ids: list[int],
    speaker_ids: list[int],
) -> None:
    """Raise ``ConflictError`` naming the first later change to these claims (or merged
    speakers) that still stands."""
    targets = []
    if claim_ids:
        targets.append(col(AuditEntry.claim_id).in_(claim_ids))
    if speaker_ids:
        targets.append(col(AuditEntry.speaker_id).in_(speaker_ids))
    touches_text = any(e.action == CORRECT_ACTION for e in entries)
    later = list(
        session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.id) > entries[-1].id, sa.or_(*targets))
            .order_by(col(AuditEntry.id))
        )
    )
    if not later:
        return
    keys = {e.change_id or e.id for e in later}
    undone = set(
        session.exec(select(col(AuditEntry.undoes)).where(col(AuditEntry.undoes).in_(list(keys))))
    )
    for entry in later:
        # A later change that has itself been undone, and that undo, leave the claim as
        # this change left it: they stand aside, whoever made them.
        reverted = (entry.change_id or entry.id) in undone
        if reverted or (entry.undoes is not None and entry.undoes > (entries[-1].id or 0)):
            continue
        # A new version moves a claim's spans and, for edited words, its content; it
        # leaves the review (status, note, tags, links, event) as it was.
        if entry.action in ANCHOR_ACTIONS and not touches_text:
            continue
        target = (
            f"claim {entry.claim_id}"
            if entry.claim_id is not None
            else f"speaker {entry.speaker_id}"
        )
        raise ConflictError(
            f"cannot undo change {entries[0].change_id or entries[0].id}: {target} was changed "
            f"since by {visible(entry.user)} at {entry.at:%Y-%m-%d %H:%M:%S} "
            f"({audit.describe_audit(entry)}; change {entry.change_id or entry.id})"
        )


def _moved_on(claim_id: int, what: str, now: object, left: object, change_id: int) -> None:
    """Raise ``ConflictError`` unless a value is still what the change left it."""
    if now != left:
        raise ConflictError(
            f"cannot undo change {change_id}: claim {claim_id}'s {what} is now "
            f"{_shown(now)}, not {_shown(left)} as that change left it"
        )


def _shown(value: object) -> str:
    """A value as a description shows it."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return audit.describe_span(value)
    if isinstance(value, str):
        return f'"{snippet(value, 40)}"'
    return visible(str(value))


def _revert(
    session: Session, entry: AuditEntry, change_id: int, *, user: str
) -> tuple[str, list[int]]:
    """Put back what one audit entry changed; returns a phrase saying so and the claims
    it touched."""
    old, new = audit.decode(entry.old_value), audit.decode(entry.new_value)
    if entry.action == "merge":
        return _revert_merge(session, entry, change_id, user=user)
    assert entry.claim_id is not None
    claim_id = entry.claim_id
    claim = get_claim(session, claim_id)
    if entry.field == "status":
        _moved_on(claim_id, "status", claim.status, new, change_id)
        set_status(session, claim_id, old, user=user)
        return f"put claim {claim_id}'s status back to {old}", [claim_id]
    if entry.field == "note":
        _moved_on(claim_id, "note", claim.note, new, change_id)
        set_note(session, claim_id, old, user=user)
        if old is None:
            return f"cleared claim {claim_id}'s note", [claim_id]
        return f"put claim {claim_id}'s note back to {_shown(old)}", [claim_id]
    if entry.field == "tags":
        return _revert_tags(session, claim_id, old or [], new or [], change_id, user=user)
    if entry.field == "event_id":
        _moved_on(claim_id, "event", claim.event_id, new, change_id)
        set_event(session, claim_id, old, user=user)
        if old is None:
            return f"took claim {claim_id} off event {new}", [claim_id]
        return f"put claim {claim_id} back under {_named(session, Event, old)}", [claim_id]
    if entry.field == "speaker_id":
        _moved_on(claim_id, "speaker", claim.speaker_id, new, change_id)
        set_speaker(session, claim_id, old, user=user)
        if old is None:
            return f"put claim {claim_id} back to no speaker", [claim_id]
        return f"gave claim {claim_id} back to {_named(session, Speaker, old)}", [claim_id]
    if entry.field == "link":
        return _revert_link(session, entry.action, old, new, change_id, user=user)
    if (kind := span_kind_of(entry.field)) is not None:
        _moved_on(claim_id, f"{kind} span", span_record(claim, kind), new, change_id)
        restore_span(session, claim_id, kind, old, user=user)
        return f"put claim {claim_id}'s {kind} span back to {_shown(old.get('text'))}", [claim_id]
    raise InvalidValueError(f"change {change_id} holds a {entry.action!r} that cannot be undone")


def _named(session: Session, model: type[Event] | type[Speaker], ref: int) -> str:
    """ "event 2 (Cemetery clash)": a row by id and name, for a description."""
    row = session.get(model, ref)
    noun = "event" if model is Event else "speaker"
    name = row.name if isinstance(row, Event | Speaker) else None
    return f"{noun} {ref}" + (f" ({snippet(name, 40)})" if name else "")


def _plural(names: list[str]) -> str:
    return ("tag " if len(names) == 1 else "tags ") + ", ".join(visible(n) for n in names)


def _revert_tags(
    session: Session, claim_id: int, old: list[str], new: list[str], change_id: int, *, user: str
) -> tuple[str, list[int]]:
    """Take off the tags an entry added and put back the ones it removed."""
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    now = set(tags_of(session, claim_id))
    missing, back = [t for t in added if t not in now], [t for t in removed if t in now]
    if missing or back:
        changed = [f"{t} was removed" for t in missing] + [f"{t} was added" for t in back]
        raise ConflictError(
            f"cannot undo change {change_id}: claim {claim_id}'s tags changed since "
            f"({visible(', '.join(changed))})"
        )
    phrases = []
    if added:
        remove_tags(session, claim_id, added, user=user)
        phrases.append(f"took {_plural(added)} off claim {claim_id}")
    if removed:
        add_tags(session, claim_id, removed, user=user)
        phrases.append(f"put {_plural(removed)} back on claim {claim_id}")
    return "; ".join(phrases), [claim_id]


def _revert_link(
    session: Session,
    action: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    change_id: int,
    *,
    user: str,
) -> tuple[str, list[int]]:
    """Remove a link the entry made, or make again one it removed."""
    record = (new if action == "link" else old) or {}
    a, b, relation = int(record["claim_id"]), int(record["other_id"]), str(record["relation"])
    existing = session.exec(
        select(ClaimLink).where(
            ClaimLink.pair == ClaimLink.pair_key(a, b), ClaimLink.relation == relation
        )
    ).first()
    if action == "link":
        if existing is None:
            raise ConflictError(
                f"cannot undo change {change_id}: the {relation} link between claims {a} and "
                f"{b} has since been removed"
            )
        unlink_claims(session, a, b, user=user, relation=relation)
        return f"removed the {relation} link between claims {a} and {b}", [a, b]
    if existing is not None:
        raise ConflictError(
            f"cannot undo change {change_id}: claims {a} and {b} have since been linked as "
            f"{relation} again (link {existing.id})"
        )
    link_claims(session, a, b, relation, user=user, note=record.get("note"))
    return f"linked claims {a} and {b} as {relation} again", [a, b]


def _revert_merge(
    session: Session, entry: AuditEntry, change_id: int, *, user: str
) -> tuple[str, list[int]]:
    """Unmerge the speaker a merge folded into another."""
    assert entry.speaker_id is not None
    other_id = entry.speaker_id
    try:
        merge = last_merge(session, other_id)
    except InvalidValueError:
        merge = None
    if merge is None or merge.audit_id != entry.id:
        raise ConflictError(
            f"cannot undo change {change_id}: speaker {other_id} has been unmerged or merged "
            "again since"
        )
    result = unmerge_speaker(session, other_id, user=user)
    left = f", {result.claims_left} left where they are now" if result.claims_left else ""
    return (
        f"unmerged speaker {other_id} from speaker {merge.keep_id} "
        f"({result.claims_restored} claims back{left})",
        merge.claims,
    )
