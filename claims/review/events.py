"""Events: the incidents that rival accounts describe, such as "clash at the Najaf cemetery".

Claims about one incident are attached to its event so that their accounts can be read side
by side. This module creates events (each name once), finds one by id or name (a miss
suggests close names), and lists them with how many claims each has. Attaching a claim to an
event is a reviewed, audited change: ``claims.review.edits.set_event``.
"""

from __future__ import annotations

from rapidfuzz import process
from sqlmodel import Session, col, func, select

from db.errors import InvalidValueError, NotFoundError
from db.models import Claim, Event, EventCreate


def get_event(session: Session, ref: str | int) -> Event:
    """An event by id or by name (case-insensitive); the error suggests close names."""
    text = str(ref).strip()
    if text.isdigit():
        event = session.get(Event, int(text))
        if event is not None:
            return event
    found = session.exec(select(Event).where(func.lower(Event.name) == text.lower())).first()
    if found is not None:
        return found
    names = list(session.exec(select(Event.name)))
    close = [name for name, _, _ in process.extract(text, names, limit=3, score_cutoff=60)]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise NotFoundError(f"no event {text!r}{hint}")


def add_event(session: Session, event_in: EventCreate) -> Event:
    """Create an event; its name must be new."""
    name = " ".join(event_in.name.split())
    if not name:
        raise InvalidValueError("an event needs a name")
    clash = session.exec(select(Event).where(func.lower(Event.name) == name.lower())).first()
    if clash is not None:
        raise InvalidValueError(f"event {name!r} already exists (id {clash.id})")
    event = Event.model_validate(event_in, update={"name": name})
    session.add(event)
    session.flush()
    return event


def list_events(session: Session) -> list[tuple[Event, int]]:
    """Every event with how many claims are attached to it, most recent date first."""
    counts = dict(
        session.exec(
            select(Claim.event_id, func.count())
            .where(col(Claim.event_id).is_not(None))
            .group_by(col(Claim.event_id))
        ).all()
    )
    events = session.exec(
        select(Event).order_by(col(Event.date).desc().nulls_last(), col(Event.id))
    ).all()
    return [(event, counts.get(event.id, 0)) for event in events]
