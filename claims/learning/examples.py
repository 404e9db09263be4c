"""Reviewers' decisions as training examples for extraction.

A claim a reviewer kept (gave any status but ``not-a-claim``) or whose spans they corrected
is a positive example of an attributed statement, at its spans as they stand now; a claim
rejected as ``not-a-claim`` is a negative one. Claims nobody has looked at, and claims with
no place in a source text, teach nothing and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from claims.review.corrections import CORRECT_ACTION
from db.models import AuditEntry, Claim, ReviewStatus, Source

#: How many claims are read from the database at a time.
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class TrainingExample:
    """One reviewed claim, placed in its document's text."""

    claim_id: int
    source_id: int
    text: str
    """The whole source document; the spans are offsets into it. Claims from the same
    document share the one string."""
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    positive: bool
    """True for a claim the reviewer kept or corrected, False for one rejected as not a claim."""
    status: str
    corrected: bool
    """Whether a reviewer moved one of its spans (a correction that still stands)."""


def corrected_claims() -> SelectOfScalar[int | None]:
    """The ids of claims with a span correction that has not been undone."""
    undone = select(col(AuditEntry.undoes)).where(col(AuditEntry.undoes).is_not(None))
    return (
        select(col(AuditEntry.claim_id))
        .where(
            AuditEntry.action == CORRECT_ACTION,
            col(AuditEntry.undoes).is_(None),
            func.coalesce(col(AuditEntry.change_id), col(AuditEntry.id)).not_in(undone),
        )
        .distinct()
    )


def _pair(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


def training_examples(session: Session) -> Iterator[TrainingExample]:
    """Every reviewed claim placed in a source, as a training example, by source then id.

    The claims are read a batch at a time and each document's text once, so an archive of
    any size streams; consume the iterator while ``session`` is open.
    """
    corrected = {i for i in session.exec(corrected_claims()) if i is not None}
    reviewed = sa.or_(
        col(Claim.status) != ReviewStatus.UNREVIEWED.value,
        col(Claim.id).in_(corrected_claims()),
    )
    after: tuple[int, int] = (-1, -1)
    text_of: tuple[int, str] | None = None
    # Plain rows rather than Claim objects: nothing of a large archive piles up in the session.
    columns: list[Any] = [
        col(Claim.id),
        col(Claim.source_id),
        col(Claim.status),
        col(Claim.span_start),
        col(Claim.span_end),
        col(Claim.speaker_start),
        col(Claim.speaker_end),
        col(Claim.cue_start),
        col(Claim.cue_end),
    ]
    while True:
        batch = (
            session.connection()
            .execute(
                sa.select(*columns)
                .join(Source, col(Source.id) == col(Claim.source_id))
                .where(
                    reviewed,
                    # An orphan's offsets point into an older version of the text.
                    col(Claim.anchor_version) == col(Source.version),
                    col(Claim.source_id).is_not(None),
                    col(Claim.span_start).is_not(None),
                    col(Claim.span_end).is_not(None),
                    sa.tuple_(col(Claim.source_id), col(Claim.id)) > sa.tuple_(*after),
                )
                .order_by(col(Claim.source_id), col(Claim.id))
                .limit(_BATCH)
            )
            .all()
        )
        if not batch:
            return
        for claim_id, source_id, status, start, end, s_start, s_end, c_start, c_end in batch:
            if text_of is None or text_of[0] != source_id:
                text = session.exec(select(Source.text).where(Source.id == source_id)).one()
                text_of = (source_id, text)
            yield TrainingExample(
                claim_id=claim_id,
                source_id=source_id,
                text=text_of[1],
                content=(start, end),
                speaker=_pair(s_start, s_end),
                cue=_pair(c_start, c_end),
                positive=status != ReviewStatus.NOT_A_CLAIM.value,
                status=status,
                corrected=claim_id in corrected,
            )
        after = (batch[-1][1], batch[-1][0])
