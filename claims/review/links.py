"""Links between claims: contradicts, supports, same_event, duplicate, elaborates.

A link is stored once and listed from both of its claims. Its ``pair`` key makes the
database refuse a second link of the same relation between the same two claims, whichever
way round it is made. Linking and unlinking are audited on both claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from claims.review.edits import changing, get_claim
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim, ClaimLink, Relation


def parse_relation(value: str) -> Relation:
    """The ``Relation`` named by ``value``; the error lists the valid ones."""
    try:
        return Relation(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        valid = ", ".join(r.value for r in Relation)
        raise InvalidValueError(f"unknown relation {value!r} (valid: {valid})") from None


@dataclass(frozen=True, slots=True)
class LinkView:
    """A link seen from one of its claims."""

    link: ClaimLink
    other: Claim
    outgoing: bool
    """True when the link was made from this claim to the other."""


def _link_record(link: ClaimLink) -> dict[str, object]:
    record: dict[str, object] = {
        "relation": link.relation,
        "claim_id": link.claim_id,
        "other_id": link.other_id,
    }
    if link.note:
        record["note"] = link.note
    return record


def link_claims(
    session: Session,
    claim_id: int,
    other_id: int,
    relation: str,
    *,
    user: str,
    note: str | None = None,
) -> ClaimLink:
    """Link two claims; refuses a self-link and a link that already exists.

    Both claims are locked, in id order, before the existing links are read: two people
    linking the same pair at once queue, and the second is told the link exists.
    """
    rel = parse_relation(relation).value
    if claim_id == other_id:
        raise InvalidValueError(f"a claim cannot be linked to itself (claim {claim_id})")
    low, high = sorted((claim_id, other_id))
    with changing(session, low, user=user) as first, changing(session, high, user=user) as second:
        pair = ClaimLink.pair_key(claim_id, other_id)
        existing = session.exec(
            select(ClaimLink).where(ClaimLink.pair == pair, ClaimLink.relation == rel)
        ).first()
        if existing is not None:
            raise InvalidValueError(
                f"claims {claim_id} and {other_id} are already linked as {rel} (link {existing.id})"
            )
        link = ClaimLink(
            claim_id=claim_id,
            other_id=other_id,
            relation=rel,
            pair=pair,
            note=note,
            created_by=user,
        )
        session.add(link)
        session.flush()
        for change in (first, second):
            change.record("link", "link", None, _link_record(link))
    return link


def unlink_claims(
    session: Session, claim_id: int, other_id: int, *, user: str, relation: str | None = None
) -> list[ClaimLink]:
    """Remove the links between two claims (of one relation, or all); returns what went."""
    low, high = sorted((claim_id, other_id))
    with changing(session, low, user=user) as first, changing(session, high, user=user) as second:
        statement = select(ClaimLink).where(
            ClaimLink.pair == ClaimLink.pair_key(claim_id, other_id)
        )
        if relation is not None:
            statement = statement.where(ClaimLink.relation == parse_relation(relation).value)
        links = list(session.exec(statement))
        if not links:
            what = f"{relation} link" if relation else "link"
            raise NotFoundError(f"no {what} between claims {claim_id} and {other_id}")
        for link in links:
            for change in (first, second):
                change.record("unlink", "link", _link_record(link), None)
            session.delete(link)
        session.flush()
    return links


def links_of(session: Session, claim_id: int) -> list[LinkView]:
    """Every link of a claim, from whichever side it was made, oldest first."""
    links = session.exec(
        select(ClaimLink)
        .where(or_(ClaimLink.claim_id == claim_id, ClaimLink.other_id == claim_id))
        .order_by(col(ClaimLink.id))
    ).all()
    views = []
    for link in links:
        outgoing = link.claim_id == claim_id
        other = get_claim(session, link.other_id if outgoing else link.claim_id)
        views.append(LinkView(link=link, other=other, outgoing=outgoing))
    return views
