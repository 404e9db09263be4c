"""Reviewing claims: status, note, tags, event and speaker, each change versioned and audited.

Every change goes through ``changing``: the claim row is locked for the transaction, its
version compared with the one the reviewer saw (optimistic concurrency), the change audited,
and the version bumped. A reviewer working from a stale copy is refused with a message that
says what the other person changed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claims.archive import audit
from db.errors import ConflictError, InvalidValueError, NotFoundError
from db.models import AuditEntry, Claim, ClaimTag, Event, ReviewStatus, Speaker, Tag, utcnow


def parse_status(value: str) -> ReviewStatus:
    """The ``ReviewStatus`` named by ``value``; the error lists the valid ones."""
    try:
        return ReviewStatus(value.strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in ReviewStatus)
        raise InvalidValueError(f"unknown status {value!r} (valid: {valid})") from None


def get_claim(session: Session, claim_id: int, *, lock: bool = False) -> Claim:
    """The claim with ``claim_id``; raises ``NotFoundError`` if there is none.

    Args:
        lock: Hold the row until the transaction ends (``SELECT ... FOR UPDATE`` where the
            backend has it; SQLite's write transactions are already exclusive).
    """
    statement = select(Claim).where(Claim.id == claim_id)
    if lock:
        statement = statement.with_for_update()
    claim = session.exec(statement).first()
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    return claim


def describe_changes_since(session: Session, claim_id: int, version: int) -> str:
    """A sentence naming who changed a claim, and how, after ``version``."""
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.claim_id == claim_id, col(AuditEntry.claim_version) > version)
        .order_by(col(AuditEntry.id))
    ).all()
    if not entries:
        return "it was changed by someone else"
    parts = []
    for entry in entries[-3:]:
        what = entry.field or entry.action
        change = f"{what}: {audit.decode(entry.old_value)!s} -> {audit.decode(entry.new_value)!s}"
        parts.append(f"{entry.user} at {entry.at:%Y-%m-%d %H:%M:%S} changed {change}")
    return "; ".join(parts)


class Change:
    """A change in progress to one locked claim; ``record`` audits each field it alters."""

    def __init__(self, session: Session, claim: Claim, user: str) -> None:
        self.session = session
        self.claim = claim
        self.user = user
        self.recorded = 0

    def record(self, action: str, field: str, old: object, new: object) -> None:
        """Audit one altered field, stamped with the version the change will produce."""
        audit.record(
            self.session,
            user=self.user,
            action=action,
            claim_id=self.claim.id,
            field=field,
            old=old,
            new=new,
            claim_version=self.claim.version + 1,
        )
        self.recorded += 1


@contextlib.contextmanager
def changing(
    session: Session, claim_id: int, *, user: str, expected_version: int | None = None
) -> Iterator[Change]:
    """Lock a claim for a change, refuse a stale one, and bump its version if it changed.

    Args:
        expected_version: The version the reviewer saw; None skips the check (the change is
            computed from the current row inside this transaction).

    Raises:
        ConflictError: The claim has moved on since ``expected_version``.
    """
    claim = get_claim(session, claim_id, lock=True)
    if expected_version is not None and claim.version != expected_version:
        others = describe_changes_since(session, claim_id, expected_version)
        raise ConflictError(
            f"claim {claim_id} changed since you loaded it (version {expected_version}, "
            f"now {claim.version}): {others}"
        )
    change = Change(session, claim, user)
    yield change
    if change.recorded:
        claim.version += 1
        claim.updated_at = utcnow()
        session.add(claim)
        session.flush()


def set_status(
    session: Session,
    claim_id: int,
    status: str,
    *,
    user: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Set a claim's review status, and its note when one is given."""
    new = parse_status(status).value
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        claim = change.claim
        if claim.status != new:
            change.record("review", "status", claim.status, new)
            claim.status = new
        if note is not None and note != claim.note:
            change.record("review", "note", claim.note, note)
            claim.note = note
    return claim


def set_note(
    session: Session,
    claim_id: int,
    note: str | None,
    *,
    user: str,
    expected_version: int | None = None,
) -> Claim:
    """Replace a claim's note (None or empty clears it)."""
    note = note or None
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        claim = change.claim
        if note != claim.note:
            change.record("review", "note", claim.note, note)
            claim.note = note
    return claim


_TAG_SPACE = re.compile(r"\s+")


def normalise_tag(name: str) -> str:
    """Tags are lower-case with hyphens for spaces: "Najaf Cemetery" becomes "najaf-cemetery"."""
    tag = _TAG_SPACE.sub("-", name.strip().lstrip("#").strip()).lower()
    if not tag:
        raise InvalidValueError(f"tag {name!r} is empty")
    if len(tag) > 100:
        raise InvalidValueError(f"tag {tag[:20]!r}... is longer than 100 characters")
    return tag


def tags_of(session: Session, claim_id: int) -> list[str]:
    """A claim's tags, sorted."""
    rows = session.exec(
        select(Tag.name)
        .join(ClaimTag, col(ClaimTag.tag_id) == Tag.id)
        .where(ClaimTag.claim_id == claim_id)
        .order_by(Tag.name)
    )
    return list(rows)


def get_or_create_tag(session: Session, name: str) -> Tag:
    """The tag called ``name`` (normalised), created if new."""
    name = normalise_tag(name)
    tag = session.exec(select(Tag).where(Tag.name == name)).first()
    if tag is not None:
        return tag
    try:
        # A savepoint, so that someone else creating the same tag at the same moment costs
        # this transaction nothing but a second look.
        with session.begin_nested():
            tag = Tag(name=name)
            session.add(tag)
    except IntegrityError:
        tag = session.exec(select(Tag).where(Tag.name == name)).one()
    return tag


def add_tags(
    session: Session,
    claim_id: int,
    names: Sequence[str],
    *,
    user: str,
    expected_version: int | None = None,
) -> list[str]:
    """Tag a claim; returns the tags that were new to it."""
    wanted = list(dict.fromkeys(normalise_tag(n) for n in names))
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        before = tags_of(session, claim_id)
        added = [t for t in wanted if t not in before]
        for name in added:
            tag = get_or_create_tag(session, name)
            assert tag.id is not None
            session.add(ClaimTag(claim_id=claim_id, tag_id=tag.id, created_by=user))
        if added:
            change.record("tag", "tags", before, sorted(before + added))
    return added


def remove_tags(
    session: Session,
    claim_id: int,
    names: Sequence[str],
    *,
    user: str,
    expected_version: int | None = None,
) -> list[str]:
    """Remove tags from a claim; returns the ones it had."""
    wanted = {normalise_tag(n) for n in names}
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        before = tags_of(session, claim_id)
        removed = [t for t in before if t in wanted]
        for name in removed:
            tag = session.exec(select(Tag).where(Tag.name == name)).one()
            row = session.get(ClaimTag, (claim_id, tag.id))
            if row is not None:
                session.delete(row)
        if removed:
            after = [t for t in before if t not in wanted]
            change.record("untag", "tags", before, after)
    return removed


def set_event(
    session: Session,
    claim_id: int,
    event_id: int | None,
    *,
    user: str,
    expected_version: int | None = None,
) -> Claim:
    """Attach a claim to an event, or detach it with None."""
    if event_id is not None and session.get(Event, event_id) is None:
        raise NotFoundError(f"no event with id {event_id}")
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        claim = change.claim
        if claim.event_id != event_id:
            change.record("event", "event_id", claim.event_id, event_id)
            claim.event_id = event_id
    return claim


def set_speaker(
    session: Session,
    claim_id: int,
    speaker_id: int | None,
    *,
    user: str,
    expected_version: int | None = None,
) -> Claim:
    """Attribute a claim to another speaker (or to none), e.g. to undo a wrong resolution."""
    if speaker_id is not None and session.get(Speaker, speaker_id) is None:
        raise NotFoundError(f"no speaker with id {speaker_id}")
    with changing(session, claim_id, user=user, expected_version=expected_version) as change:
        claim = change.claim
        if claim.speaker_id != speaker_id:
            change.record("speaker", "speaker_id", claim.speaker_id, speaker_id)
            claim.speaker_id = speaker_id
            claim.speaker_match, claim.speaker_match_score = "manual", None
    return claim


def history(session: Session, claim_id: int) -> list[AuditEntry]:
    """Every audited change to a claim, oldest first."""
    get_claim(session, claim_id)
    return list(
        session.exec(
            select(AuditEntry).where(AuditEntry.claim_id == claim_id).order_by(col(AuditEntry.id))
        )
    )
