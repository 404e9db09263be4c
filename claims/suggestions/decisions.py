"""A reviewer's answer to a suggestion: accepting it makes an audited link
(``claims.review.links.link_claims``); rejecting it records who rejected it, when and why
(table ``suggestion_rejection``), so the pair is never proposed with that relation again.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from claims.review.links import link_claims, parse_relation
from claims.suggestions.features import check_pair
from db.errors import InvalidValueError
from db.models import ClaimLink, SuggestionRejection, utcnow


def accept_suggestion(
    session: Session,
    a: int,
    b: int,
    relation: str,
    *,
    user: str,
    note: str | None = None,
) -> ClaimLink:
    """Accept a suggestion: link the two claims (audited on both) with ``relation``."""
    return link_claims(session, a, b, relation, user=user, note=note)


def reject_suggestion(
    session: Session,
    a: int,
    b: int,
    relation: str,
    *,
    user: str,
    reason: str | None = None,
) -> SuggestionRejection:
    """Reject a suggestion, so the pair is never proposed with ``relation`` again.

    Raises:
        InvalidValueError: The pair is the same claim twice, or was already rejected.
        NotFoundError: Either claim does not exist.
    """
    rel = parse_relation(relation).value
    check_pair(session, a, b)
    pair = ClaimLink.pair_key(a, b)
    existing = session.exec(
        select(SuggestionRejection).where(
            SuggestionRejection.pair == pair, SuggestionRejection.relation == rel
        )
    ).first()
    if existing is not None:
        raise InvalidValueError(
            f"claims {a} and {b} as {rel} were already rejected by {existing.rejected_by} "
            f"on {existing.rejected_at:%Y-%m-%d}"
        )
    low, high = sorted((a, b))
    rejection = SuggestionRejection(
        claim_id=low,
        other_id=high,
        relation=rel,
        pair=pair,
        reason=reason or None,
        rejected_by=user,
        rejected_at=utcnow(),
    )
    session.add(rejection)
    session.flush()
    return rejection


def rejections(session: Session) -> list[SuggestionRejection]:
    """Every rejected suggestion, most recent first."""
    return list(
        session.exec(
            select(SuggestionRejection).order_by(
                col(SuggestionRejection.rejected_at).desc(), col(SuggestionRejection.id).desc()
            )
        )
    )
