"""The audit trail: every change a person makes to a claim or a speaker, with before and after.

Values are written as JSON text so that lists (tags) and records (links) read back exactly.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from claims.display import visible
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
    session.add(entry)
    return entry


def describe_audit(entry: AuditEntry) -> str:
    """One line saying what an audit entry changed."""
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
    name = entry.field or entry.action
    if old is None:
        return f"{name} set: {visible(str(new))}"
    if new is None:
        return f"{name} cleared (was {visible(str(old))})"
    return f"{name}: {visible(str(old))} → {visible(str(new))}"
