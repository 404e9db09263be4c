"""A cue verb whose speaker follows it.

* ``quote-before`` / ``clause-before`` with the speaker inverted: the content comes first,
  then the cue and its speaker (`"We will win," said Roffman.`); the quotation may resume
  after them (`"...," said Roffman, "..."`), or the sentence may (``parenthetical``:
  `The contrast, said Doyle, would be clear.`);
* ``quote-after``: a sentence opens with the cue (`Said Comey, "..."`).
"""

from __future__ import annotations

from claims.extraction.content import OPEN_QUOTES, fronted
from claims.extraction.content_end import content_end, trim
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import (
    AFTER_INVERTED,
    CLAUSE,
    INVERTED_STARTS,
    RESUMING_VERBS,
    STRONG,
    WEAK,
)
from claims.extraction.rules.context import CueDocument, CueSite, token_span
from claims.extraction.speaker_phrases import PERSONAL, speaker_after
from claims.extraction.tokens import is_capitalised


def inverted(doc: CueDocument, site: CueSite) -> Draft | None:
    """`"...," said Roffman`: the speaker follows the cue, the content precedes it."""
    cue_start, _, cue_end, verb, _, right, past_cue, _, sentence_start, sentence_end = site
    if verb.strength == WEAK or verb.frame != CLAUSE and verb.lemma != "ask" or not verb.speech:
        # "told The Huffington Post": a listener, not an inverted speaker; but '"How big
        # is that wall?" asked the boy'.
        return None
    sp = speaker_after(right, past_cue)
    if sp is None:
        return None
    first = right[sp.first]
    if not (
        is_capitalised(first)
        or first.low in INVERTED_STARTS
        or first.low in PERSONAL
        # "said former Gov. Bill Richardson", "said spokesman John Kirby"
        or any(is_capitalised(t) for t in right[sp.first + 1 : sp.last + 1])
    ):
        return None
    after = right[sp.last + 1] if sp.last + 1 < len(right) else None
    if (
        after is not None
        and after.text not in (",", ".", "(", "!", "?")
        and after.low not in AFTER_INVERTED
    ):
        return None  # "said Clinton didn't appear ...": a subject, not an inverted speaker
    text = doc.text
    speaker = token_span(right, sp.first, sp.last)
    before = fronted(text, doc.lay, sentence_start, cue_start)
    if before is None:
        return None
    draft = Draft([(cue_start, cue_end)], [before[0]], before[1], speaker=speaker)
    nxt = sp.last + 1
    if nxt < len(right) and right[nxt].text == ",":
        if nxt + 1 < len(right) and right[nxt + 1].text in OPEN_QUOTES:
            # `"...," said Roffman, "..."`: the quotation resumes.
            q_start = right[nxt + 1].start
            q = doc.lay.quote_starting(q_start)
            if q is not None:
                span = trim(text, q.start, q.end)
                if span:
                    draft.content_spans.append(span)
        elif (
            before[1] == "clause-before"
            and nxt + 1 < len(right)
            and right[nxt + 1].low in RESUMING_VERBS
        ):
            # "The contrast, said Doyle, would be clear": the sentence resumes.
            rest_start = right[nxt].end
            rest = trim(text, rest_start, content_end(text, rest_start, sentence_end, ""))
            if rest:
                draft.content_spans.append(rest)
                draft.rule = "parenthetical"
        else:
            # ", a Republican strategist": an appositive describing the speaker.
            tail = trim(text, right[nxt].end, sentence_end)
            if tail:
                draft.described = (speaker[0], tail[1])
    return draft


def opening_cue(doc: CueDocument, site: CueSite) -> Draft | None:
    """`Said Comey, "..."`: a sentence opening with the cue, then the speaker."""
    cue_start, _, cue_end, verb, _, right, past_cue, _, _, _ = site
    if verb.frame != CLAUSE or verb.strength != STRONG or not verb.speech:
        return None
    sp = speaker_after(right, past_cue)
    if sp is None or sp.last + 2 >= len(right) or right[sp.last + 1].text not in (",", ":"):
        return None
    q = doc.lay.quote_starting(right[sp.last + 2].start)
    span = trim(doc.text, q.start, q.end) if q is not None else None
    if span is None:
        return None
    speaker = token_span(right, sp.first, sp.last)
    return Draft([(cue_start, cue_end)], [span], "quote-after", speaker=speaker)
