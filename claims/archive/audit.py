"""The audit trail: every change a person makes to a claim or a speaker, with before and after.

Values are written as JSON text so that lists (tags) and records (links) read back exactly.

The entries one user action writes form a change group: they share a ``change_id``, the id
of the group's first entry. An action is one transaction (one command, one front-end
write), so by default every entry a transaction records joins the same group;
``change_group`` starts a group of its own inside a transaction, as an undo does.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from claims.archive.display import visible
from db.models import AuditEntry, utcnow


def encode(value: Any) -> str | None:
    """The stored text of an audited value: None stays None, everything else is JSON."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def decode(text: str | None) -> Any:
    """The value an audit entry recorded."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@dataclass
class ChangeGroup:
    """The change group a transaction is recording into."""

    transaction: SessionTransaction | None
    change_id: int | None = None
    """The group's id, known once its first entry is written."""
    undoes: int | None = None
    """The change an undo group reverts."""


_GROUP = "claims.archive.audit.change_group"


@contextlib.contextmanager
def change_group(session: Session, *, undoes: int | None = None) -> Iterator[ChangeGroup]:
    """Record the entries written in the block as one change, apart from any others the
    transaction records before or after it.

    Args:
        undoes: The ``change_id`` this change reverts, stamped on each of its entries.
    """
    group = ChangeGroup(session.get_transaction(), undoes=undoes)
    session.info[_GROUP] = group
    try:
        yield group
    finally:
        session.info.pop(_GROUP, None)


def _current_group(session: Session) -> ChangeGroup:
    """The group this transaction's next entry belongs to, started if there is none."""
    transaction = session.get_transaction()
    group = session.info.get(_GROUP)
    if not isinstance(group, ChangeGroup) or group.transaction is not transaction:
        group = ChangeGroup(transaction)
        session.info[_GROUP] = group
    return group


def record(
    session: Session,
    *,
    user: str,
    action: str,
    claim_id: int | None = None,
    speaker_id: int | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    claim_version: int | None = None,
) -> AuditEntry:
    """Add one audit entry to the session's transaction."""
    entry = AuditEntry(
        at=utcnow(),
        user=user,
        action=action,
        claim_id=claim_id,
        speaker_id=speaker_id,
        field=field,
        old_value=encode(old),
        new_value=encode(new),
        claim_version=claim_version,
    )
    group = _current_group(session)
    entry.change_id, entry.undoes = group.change_id, group.undoes
    session.add(entry)
    if group.change_id is None:
        session.flush()
        group.change_id = entry.change_id = entry.id
    return entry


def describe_span(record: dict[str, Any]) -> str:
    """An audited span as a description shows it: ``2631–2811 "that an American…"``."""
    text = visible(" ".join(str(record.get("text") or "").split()))
    shown = f'"{text[:59]}…"' if len(text) > 60 else f'"{text}"'
    if record.get("start") is None:
        return f"{shown} (not placed)" if text else "nothing"
    return f"{record['start']}–{record['end']} {shown}"


def describe_audit(entry: AuditEntry) -> str:
    """One line saying what an audit entry changed, and which change it undid if it did."""
    line = _describe_change(entry)
    return line if entry.undoes is None else f"{line} (undoing change {entry.undoes})"


def _describe_change(entry: AuditEntry) -> str:
    old, new = decode(entry.old_value), decode(entry.new_value)
    if entry.action == "create":
        return "created"
    if entry.field == "link":
        record = new or old or {}
        verb = "linked" if entry.action == "link" else "unlinked"
        other = (
            record.get("other_id")
            if record.get("claim_id") == entry.claim_id
            else record.get("claim_id")
        )
        return f"{verb} {record.get('relation')} #{other}"
    if entry.field == "tags":
        gone = sorted(set(old or []) - set(new or []))
        added = sorted(set(new or []) - set(old or []))
        parts = [f"+{t}" for t in added] + [f"-{t}" for t in gone]
        return "tags " + " ".join(parts)
    if entry.action in ("reanchor", "orphan") and isinstance(new, dict):
        before = describe_span(old) if isinstance(old, dict) else "nothing"
        how = f"{new.get('method')}, {float(new.get('score') or 0):.0f}%"
        if entry.action == "orphan":
            closest = describe_span(new) if new.get("text") else "nothing close"
            return (
                f"orphaned by version {new.get('version')}: {before} is gone "
                f"(closest: {closest}, {float(new.get('score') or 0):.0f}%)"
            )
        return (
            f"re-anchored on version {new.get('version')} ({how}): {before} → {describe_span(new)}"
        )
    if entry.action == "correct" and isinstance(new, dict):
        kind = (entry.field or "span").removesuffix("_span")
        before = describe_span(old) if isinstance(old, dict) else "nothing"
        return f"{kind} span corrected: {before} → {describe_span(new)}"
    name = entry.field or entry.action
    if old is None:
        return f"{name} set: {visible(str(new))}"
    if new is None:
        return f"{name} cleared (was {visible(str(old))})"
    return f"{name}: {visible(str(old))} → {visible(str(new))}"
