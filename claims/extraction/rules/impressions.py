"""Impressions and questions: cue verbs whose subject is not the one who speaks.

* ``raising``: an impression, with no speaker or one after "by" (`Clinton appeared to
  gain`, `The House is expected to pass the bill`, `The move was seen by some as a
  demotion`);
* ``asked``: the question put to the subject (`When asked about the wall, Trump said
  ...`, `Trump was asked whether he would concede`), whoever asked named only after "by".
"""

from __future__ import annotations

from claims.extraction.content_end import content_end, is_quote_at, trim
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import BE_FORMS, NOT_RAISING, PASSIVE_COMPLEMENTS, RAISING
from claims.extraction.model import Span
from claims.extraction.rules.context import CueDocument, CueSite, token_span
from claims.extraction.speaker_phrases import PERSONAL, speaker_after, speaker_before
from claims.extraction.tokens import is_capitalised, is_word


def raising(doc: CueDocument, site: CueSite) -> Draft | None:
    """`Clinton appeared to gain`, `The House is expected to pass`: no speaker."""
    cue_start, _, cue_end, verb, left, right, past_cue, aux_start, _, sentence_end = site
    if past_cue >= len(right):
        return None
    nxt = right[past_cue]
    # "seems willing", "appeared to gain", but not "appeared on CNN" or "at a rally";
    # a passive takes its complement ("was accused of", "is criticized for").
    if (
        nxt.low != "by"
        and not (verb.frame != RAISING and nxt.low in PASSIVE_COMPLEMENTS)
        and (nxt.low in NOT_RAISING or not nxt.text[0].islower())
    ):
        return None
    text = doc.text
    span_start = cue_start
    # "is expected": the auxiliary belongs to the cue.
    j = len(left)
    while j > aux_start and left[j - 1].low not in BE_FORMS:
        j -= 1
    if j > aux_start:
        span_start = left[j - 1].start
    speaker: Span | None = None
    rest: Span | None = None
    if nxt.low == "by":
        # "was seen by some as a demotion": the source, then the rest; "was rejected
        # by the council.": the source, and the subject is what they rejected.
        sp = speaker_after(right, past_cue + 1)
        if sp is None:
            return None
        speaker = token_span(right, sp.first, sp.last)
        if sp.last + 1 < len(right) and is_word(right[sp.last + 1]):
            nxt = right[sp.last + 1]
            rest = trim(text, nxt.start, content_end(text, nxt.start, sentence_end, ""))
    else:
        rest = trim(text, nxt.start, content_end(text, nxt.start, sentence_end, ""))
    spans = [rest] if rest else []
    sp = speaker_before(left, aux_start)
    if sp is None and aux_start > 1 and left[aux_start - 1].text == ",":
        sp = speaker_before(left, aux_start - 1)  # "The levy, backed by farmers, passed"
    if (
        verb.frame == RAISING
        and speaker is None
        and sp is not None
        and (left[sp.last].low in ("he", "she", "they") or is_capitalised(left[sp.first]))
        and left[sp.first].low not in ("the", "this", "that", "it")
    ):
        # "She appeared to imply that ...": whoever appears so is the source.
        speaker = token_span(left, sp.first, sp.last)
    elif sp is not None and left[sp.last].low not in PERSONAL | {
        "there",
        "that",
        "which",
        "who",
    }:
        spans.insert(0, token_span(left, sp.first, sp.last))
    if not spans or rest is None and speaker is None:
        return None
    return Draft([(span_start, cue_end)], spans, "raising", speaker=speaker)


def asked(doc: CueDocument, site: CueSite) -> Draft | None:
    """`When asked about X, ...`, `Trump was asked whether ...`: the question asked.

    Whoever asked is named only after "by" ("was asked by host John Dickerson").
    """
    cue_start, _, cue_end, _, left, right, past_cue, aux_start, _, sentence_end = site
    text = doc.text
    span_start = left[aux_start].start if aux_start < len(left) else cue_start
    speaker: Span | None = None
    n = len(right)
    at = past_cue
    if at < n and right[at].low == "by":
        sp = speaker_after(right, at + 1)
        if sp is None:
            return None
        speaker = token_span(right, sp.first, sp.last)
        at = sp.last + 1
    if at < n and right[at].low in ("about", "for") and not speaker:
        cue_end = right[at].end
        at += 1
    while at < n and right[at].text in (",", ":"):
        at += 1
    if at >= n:
        return None
    start = right[at].start
    end = text.find(",", start, sentence_end) if not is_quote_at(text, start) else -1
    if is_quote_at(text, start):
        q = doc.lay.quote_starting(start)
        end = q.end if q else sentence_end
    span = trim(text, start, end if end > start else sentence_end)
    if span is None:
        return None
    return Draft([(span_start, cue_end)], [span], "asked", speaker=speaker)
