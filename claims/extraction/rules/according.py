"""``according-to``: the source follows "according to", the content is the rest of the
sentence (`The talks stalled, according to two officials.`).

When the sentence already reports a statement and "according to" names only the channel
it came through (`The agency said it would take samples, according to a spokesman`), the
channel becomes that statement's ``via`` instead.
"""

from __future__ import annotations

import re

from claims.extraction.content_end import content_end, trim
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import LEADING_CONNECTIVES
from claims.extraction.model import Span
from claims.extraction.rules.context import CueDocument, token_span
from claims.extraction.speaker_phrases import SpeakerPhrase, speaker_after
from claims.extraction.tokens import QUOTE_MARKS, is_word, tokenize

#: Sources that pass on what their principal said ("according to a spokesman").
_CHANNEL_RE = re.compile(
    r"\b(?:spokes(?:man|woman|person|people|men|women)|press (?:officer|office|secretary)"
    r"|representatives?|statement|press release)\b",
    re.IGNORECASE,
)
#: Rules that read a statement (not an intention or an impression) from a verb.
_REPORTING_RULES = frozenset(
    """
    clause-after that-clause clause-before quote-before quote-after colon-quote parenthetical
    """.split()
)


def according_to(doc: CueDocument, cue_start: int, cue_end: int) -> Draft | None:
    """The attribution of "according to" at ``cue_start``, or None."""
    text = doc.text
    sentence_start, sentence_end = doc.sentence(cue_start, cue_end)
    right = tokenize(text, cue_end, min(sentence_end, cue_end + 300))
    sp = speaker_after(right, 0)
    if sp is None:
        return None
    after = sp.last + 1
    if after < len(right) and right[after].text not in (",", ".", ";", "\u2014"):
        # `according to the "Medicare for all" document he released`: the source runs
        # to the comma or the end of the sentence.
        j = after
        while j < len(right) and j - sp.first < 25 and right[j].text not in (",", ";"):
            j += 1
        if j < len(right) and right[j].text not in (",", ";"):
            return None
        last = j - 1
        while last > sp.last and not is_word(right[last]) and right[last].text not in QUOTE_MARKS:
            last -= 1
        sp = SpeakerPhrase(sp.first, last)
        after = j
    speaker = token_span(right, sp.first, sp.last)
    reported = _reported_before(doc, sentence_start, cue_start)
    if reported is not None and (
        _CHANNEL_RE.search(text, *speaker) is not None or doc.is_outlet(speaker)
    ):
        # "The agency said it would take samples, according to a spokesman": the agency
        # speaks, the spokesman is the channel its statement came through.
        if reported.via is None:
            reported.via = speaker
        return None
    spans: list[Span] = []
    lead = text[sentence_start:cue_start].strip().lower()
    if lead not in LEADING_CONNECTIVES:
        before = trim(text, sentence_start, cue_start)
        if before:
            spans.append(before)
    if after < len(right) and right[after].text == ",":
        rest_start = right[after].end
        rest = trim(text, rest_start, content_end(text, rest_start, sentence_end, ""))
        if rest:
            spans.append(rest)
    if not spans:
        return None
    return Draft([(cue_start, cue_end)], spans, "according-to", speaker=speaker)


def _reported_before(doc: CueDocument, sentence_start: int, cue_start: int) -> Draft | None:
    """The attribution with a speaker that fills its sentence up to "according to" at
    ``cue_start`` (`X said Y, according to Z`, `Y, X said, according to Z`), or None."""
    text = doc.text
    lead = sentence_start
    while lead < cue_start and text[lead].isspace():
        lead += 1
    for d in reversed(doc.drafts):
        if d.cue_spans[0][0] < sentence_start:
            return None
        if d.speaker is None or d.start > lead or d.rule not in _REPORTING_RULES:
            continue
        end = max(e for _, e in [*d.content_spans, *d.cue_spans, d.speaker])
        if end <= cue_start and not text[end:cue_start].strip(" \t,\u201d\"'"):
            return d
    return None
