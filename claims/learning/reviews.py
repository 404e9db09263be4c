"""Training documents from the archive's own reviews.

Every source document holding a reviewed claim becomes a training document. Its claims a
reviewer kept or corrected are statements at their spans as they stand now; its claims
rejected as not a claim are taught as no statement. The claims of that document nobody has
reviewed yet are kept as the extractor found them, so that a review of one claim does not
teach the model that the others are wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from sqlmodel import Session, col, select

from claims.learning.examples import TrainingExample, training_examples
from claims.learning.gold import GoldAttribution, GoldDocument
from db.models import Claim, ReviewStatus


def _spans(pair: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    return (pair,) if pair is not None and pair[1] > pair[0] else ()


def _attribution(example: TrainingExample) -> GoldAttribution:
    return GoldAttribution(
        speaker_spans=_spans(example.speaker),
        cue_spans=_spans(example.cue),
        content_spans=_spans(example.content),
        positive=example.positive,
    )


def review_documents(
    session: Session, *, progress: Callable[[int], None] | None = None
) -> list[GoldDocument]:
    """The archive's reviewed documents as training documents, by source id.

    Args:
        session: an open session on the archive.
        progress: called with the number of documents read so far.
    """
    out: list[GoldDocument] = []
    for source_id, group in groupby(training_examples(session), key=lambda e: e.source_id):
        examples = list(group)
        reviewed = {e.claim_id for e in examples}
        attributions = [_attribution(e) for e in examples]
        unreviewed = session.exec(
            select(Claim).where(
                Claim.source_id == source_id,
                col(Claim.status) == ReviewStatus.UNREVIEWED.value,
                col(Claim.span_start).is_not(None),
            )
        ).all()
        for claim in unreviewed:
            if claim.id in reviewed or claim.span_start is None or claim.span_end is None:
                continue
            speaker = (
                (claim.speaker_start, claim.speaker_end)
                if claim.speaker_start is not None and claim.speaker_end is not None
                else None
            )
            cue = (
                (claim.cue_start, claim.cue_end)
                if claim.cue_start is not None and claim.cue_end is not None
                else None
            )
            attributions.append(
                GoldAttribution(
                    _spans(speaker), _spans(cue), _spans((claim.span_start, claim.span_end))
                )
            )
        out.append(GoldDocument(f"source-{source_id}", examples[0].text, tuple(attributions)))
        if progress is not None:
            progress(len(out))
    return out
