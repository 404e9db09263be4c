"""Everything known about one claim, gathered for display: the command line's ``show``, the
terminal UI's detail screen and the reports all read a ``ClaimDetail``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from claims.extraction.furniture import appeal_spans
from claims.review.edits import get_claim, history, tags_of
from claims.review.links import LinkView, links_of
from claims.speakers.registry import aliases_of
from claims.versions.store import anchored_text, is_orphan
from db.models import AuditEntry, Claim, Event, Source, Speaker, SpeakerAlias

#: The most context shown on either side of a claim when its paragraph is long.
CONTEXT_LIMIT = 400


@dataclass(frozen=True, slots=True)
class Context:
    """A stretch of source text around a claim, and where the claim sits in it."""

    text: str
    start: int
    """Offset of the claim within ``text``."""
    end: int
    offset: int
    """Offset of ``text`` within the source."""

    @property
    def before(self) -> str:
        return self.text[: self.start]

    @property
    def quote(self) -> str:
        return self.text[self.start : self.end]

    @property
    def after(self) -> str:
        return self.text[self.end :]


def context_of(
    text: str, start: int, end: int, limit: int = CONTEXT_LIMIT, *, paragraphs: int = 0
) -> Context:
    """The paragraph(s) around ``text[start:end]``, trimmed to ``limit`` characters a side,
    and without the appeals and contact lines in them.

    Args:
        paragraphs: Whole paragraphs to include on either side of the claim's own.
    """
    para_start = text.rfind("\n\n", 0, start)
    para_end = text.find("\n\n", end)
    for _ in range(paragraphs):
        while para_start > 0 and text[para_start - 1] == "\n":
            para_start -= 1
        if para_start > 0:
            para_start = text.rfind("\n\n", 0, para_start)
        while 0 <= para_end < len(text) and text[para_end] == "\n":
            para_end += 1
        if para_end >= 0:
            para_end = text.find("\n\n", para_end)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = len(text) if para_end < 0 else para_end
    # An appeal or a contact line in the paragraph ("For more information contact ...")
    # is no part of the claim's context.
    for a_start, a_end in appeal_spans(text):
        if end <= a_start < para_end:
            para_end = a_start
        elif para_start < a_end <= start:
            para_start = a_end
    while para_end > end and text[para_end - 1].isspace():
        para_end -= 1
    while para_start < start and text[para_start].isspace():
        para_start += 1
    lo = max(para_start, start - limit)
    hi = min(para_end, end + limit)
    # Trim to whole words at the cut edges.
    if lo > para_start:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < para_end:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return Context(text=text[lo:hi], start=start - lo, end=end - lo, offset=lo)


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    """A claim with its speaker, source, event, tags, links and history."""

    claim: Claim
    speaker: Speaker | None
    aliases: list[SpeakerAlias]
    source: Source | None
    event: Event | None
    tags: list[str]
    links: list[LinkView]
    history: list[AuditEntry]
    context: Context | None
    text: str | None = None
    """The text of the source version the claim's offsets point into."""

    @property
    def orphaned(self) -> bool:
        """Whether the claim was left on an older version of its source, which the latest
        no longer says."""
        return is_orphan(self.claim, self.source)

    @property
    def version_note(self) -> str | None:
        """Where the claim stands against its source's versions, for people, or None for
        a source never edited: "changed in version 3", "orphan: on version 1 of 2"."""
        source, claim = self.source, self.claim
        if source is None or source.version == 1:
            return None
        if self.orphaned:
            return (
                f"orphan: on version {claim.anchor_version} of {source.version}; "
                f"version {source.version} no longer says this"
            )
        if claim.changed_in_version:
            return f"changed in version {claim.changed_in_version} (of {source.version})"
        return f"unchanged through version {source.version}"

    @property
    def found_by(self) -> str | None:
        """What extracted the claim, for people: "model news-v3", "rules 0.1.0 (said-after)".

        None for a claim no extractor found (added by hand, or stored before extractors
        were recorded and not by a rule).
        """
        claim = self.claim
        if not claim.extractor:
            return None
        text = " ".join(x for x in (claim.extractor, claim.extractor_version) if x)
        if claim.rule and claim.rule != claim.extractor:
            text += f" ({claim.rule})"
        return text


def claim_detail(session: Session, claim_id: int) -> ClaimDetail:
    """Gather a ``ClaimDetail``; raises ``NotFoundError`` for an unknown id."""
    claim = get_claim(session, claim_id)
    speaker = session.get(Speaker, claim.speaker_id) if claim.speaker_id else None
    source = session.get(Source, claim.source_id) if claim.source_id else None
    event = session.get(Event, claim.event_id) if claim.event_id else None
    context = None
    text = anchored_text(session, claim, source)
    if text is not None and claim.span_start is not None and claim.span_end is not None:
        context = context_of(text, claim.span_start, claim.span_end)
    return ClaimDetail(
        claim=claim,
        speaker=speaker,
        aliases=aliases_of(session, speaker.id) if speaker and speaker.id else [],
        source=source,
        event=event,
        tags=tags_of(session, claim_id),
        links=links_of(session, claim_id),
        history=history(session, claim_id),
        context=context,
        text=text,
    )
