"""Adding sources and claims to the store.

A source is identified by the sha256 of its text, so the same document is never stored
twice. A claim placed in a source keeps its character offsets together with the quoted text
and some context on either side (the W3C TextPositionSelector and TextQuoteSelector), so it
can be found again even by a tool that re-extracts the text slightly differently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from claims.archive import audit
from claims.speakers.registry import resolve_speaker
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim, ClaimCreate, QuoteType, Source, SourceCreate, utcnow

#: Characters of context kept on either side of a claim's exact text.
CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class TextQuote:
    """A span of a text with the context that locates it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def sha256_of(text: str) -> str:
    """The hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_selector(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> TextQuote:
    """The TextQuote of ``text[start:end]``; raises ``InvalidValueError`` for a bad span."""
    if not 0 <= start <= end <= len(text):
        raise InvalidValueError(f"span {start}:{end} lies outside the source text (0:{len(text)})")
    return TextQuote(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def parse_quote_type(value: str) -> QuoteType:
    """The ``QuoteType`` named by ``value``; the error lists the valid ones."""
    try:
        return QuoteType(value.strip().lower())
    except ValueError:
        valid = ", ".join(q.value for q in QuoteType)
        raise InvalidValueError(f"unknown quote type {value!r} (valid: {valid})") from None


def get_source(session: Session, source_id: int) -> Source:
    """The source with ``source_id``; raises ``NotFoundError`` if there is none."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source with id {source_id}")
    return source


def find_source_by_text(session: Session, text: str) -> Source | None:
    """The stored source with exactly this text, if any."""
    return session.exec(select(Source).where(Source.sha256 == sha256_of(text))).first()


def add_source(session: Session, source_in: SourceCreate) -> tuple[Source, bool]:
    """Store a document unless its text is already stored.

    Returns:
        The source and whether it was newly created.
    """
    existing = find_source_by_text(session, source_in.text)
    if existing is not None:
        return existing, False
    source = Source.model_validate(source_in, update={"sha256": sha256_of(source_in.text)})
    session.add(source)
    session.flush()
    return source, True


def locate(text: str, content: str) -> tuple[int, int] | None:
    """Where ``content`` first occurs in ``text``, ignoring differences of whitespace."""
    index = text.find(content)
    if index >= 0:
        return index, index + len(content)
    words = content.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def add_claim(
    session: Session,
    claim_in: ClaimCreate,
    *,
    user: str,
    speaker_name: str | None = None,
) -> Claim:
    """Store a claim, resolving ``speaker_name`` in the registry and placing it in its source.

    When the claim names a source but no span, the content is looked up in the source text
    and its span recorded if found. The creation is audited.

    Args:
        claim_in: The claim's fields; ``speaker_id`` wins over ``speaker_name``.
        user: Who is adding it.
        speaker_name: A name to resolve (or create) in the speaker registry.
    """
    content = claim_in.content.strip()
    if not content:
        raise InvalidValueError("a claim needs content")
    claim = Claim.model_validate(claim_in, update={"content": content, "created_by": user})
    claim.quote_type = parse_quote_type(claim.quote_type).value
    if claim.speaker_id is None and speaker_name:
        match = resolve_speaker(session, speaker_name)
        claim.speaker_id = match.speaker.id
        claim.speaker_match, claim.speaker_match_score = match.method, match.score
        claim.speaker_mention = claim.speaker_mention or speaker_name
    if claim.source_id is not None:
        source = get_source(session, claim.source_id)
        if claim.span_start is None:
            found = locate(source.text, content)
            if found is not None:
                claim.span_start, claim.span_end = found
        if claim.span_start is not None:
            end = claim.span_end if claim.span_end is not None else claim.span_start
            quote = quote_selector(source.text, claim.span_start, end)
            claim.span_end = end
            claim.span_exact, claim.span_prefix, claim.span_suffix = (
                quote.exact,
                quote.prefix,
                quote.suffix,
            )
    now = utcnow()
    claim.created_at = claim.updated_at = now
    session.add(claim)
    session.flush()
    audit.record(
        session,
        user=user,
        action="create",
        claim_id=claim.id,
        new={"content": content, "speaker_id": claim.speaker_id, "source_id": claim.source_id},
        claim_version=claim.version,
    )
    return claim


def parse_date(value: str, field: str = "date") -> dt.date:
    """An ISO date (``2004-05-30``); the error names the field and the expected form."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValueError(f"{field} {value!r} is not a date of the form YYYY-MM-DD") from None
