"""The claim rows of one document's attributions, ready for a bulk insert.

Each row holds the claim's text and its place in the source (offsets with some context on
either side, as ``claims.archive.store`` keeps them), its speaker as the document's
``DocumentSpeakers`` resolved it, and which extractor found it.
"""

from __future__ import annotations

from collections.abc import Iterable

from claims.archive.store import CONTEXT_CHARS
from claims.extraction import Attribution
from claims.ingest.resolve import DocumentSpeakers
from db.models import utcnow


def _span(spans: tuple[tuple[int, int], ...]) -> tuple[int | None, int | None]:
    if not spans:
        return None, None
    return min(s for s, _ in spans), max(e for _, e in spans)


def claim_rows_for(
    text: str,
    source_id: int,
    attributions: Iterable[Attribution],
    speakers: DocumentSpeakers,
    user: str,
    *,
    extractor: str | None = None,
    extractor_version: str | None = None,
    anchor_version: int = 1,
) -> list[dict[str, object]]:
    """The claim rows of one document's attributions, ready for a bulk insert.

    Args:
        extractor: what found them ("rules" or "model"), and ``extractor_version`` which.
        anchor_version: the version of the source ``text`` is.
    """
    now = utcnow()
    rows = []
    for attribution in attributions:
        start, end = _span(attribution.content_spans)
        if start is None or end is None or end <= start:
            continue
        resolution = speakers.resolve(attribution)
        speaker_start, speaker_end = _span(attribution.speaker_spans[:1])
        cue_start, cue_end = _span(attribution.cue_spans)
        mention = attribution.mention
        rows.append(
            {
                "content": text[start:end],
                "source_id": source_id,
                "speaker_id": resolution.speaker_id,
                "speaker_mention": (attribution.speaker or "")[:500] or None,
                "speaker_role": (mention.role or mention.title) if mention else None,
                "cue": (attribution.cue or "")[:200] or None,
                "quote_type": attribution.type,
                "via": attribution.via,
                "span_start": start,
                "span_end": end,
                "span_exact": text[start:end],
                "span_prefix": text[max(0, start - CONTEXT_CHARS) : start],
                "span_suffix": text[end : end + CONTEXT_CHARS],
                "speaker_start": speaker_start,
                "speaker_end": speaker_end,
                "cue_start": cue_start,
                "cue_end": cue_end,
                "rule": attribution.rule[:100],
                "speaker_match": resolution.method,
                "speaker_match_score": resolution.score,
                "extractor": extractor,
                "extractor_version": (extractor_version or "")[:100] or None,
                "anchor_version": anchor_version,
                "status": "unreviewed",
                "created_by": user,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows
