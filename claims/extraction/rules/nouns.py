"""Nouns that name a statement or a stance, with their owner as the speaker.

* ``noun-clause``: the content is the clause after "that" (`Trump's assertion that the
  election was rigged`, `the suggestion by aides that he would resign`);
* ``noun-object``: the content is the object of the preposition after a noun of stance
  (`their criticism of Cruz`, `the NRA's opposition to the bill`).
"""

from __future__ import annotations

import re

from claims.extraction.content_end import clause_end, trim
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import (
    NOUN_CUE_MODIFIERS,
    OBJECT,
    POSSESSIVE_PRONOUNS,
    PREPOSITIONS,
    VERB_AFTER_RELATIVE,
    WEEKDAYS,
)
from claims.extraction.model import Span
from claims.extraction.rules.context import CueDocument, token_span
from claims.extraction.speaker_phrases import is_abbreviation, speaker_after
from claims.extraction.tokens import CLITICS, QUOTE_MARKS, Token, is_capitalised, is_word

# What follows a noun of statement ("claim that", "suggestion by X that") or of stance
# ("criticism of"): checked on the text before any tokenising.
_NOUN_CLAUSE_AFTER_RE = re.compile(r"\s+(?:by\s+[^,;.]{1,80}?\s+)?that\b")
_NOUN_OBJECT_AFTER_RE = re.compile(r"\s+(?:of|for|to|on|about|against|over)\b")


def noun_clause(doc: CueDocument, cue_start: int, cue_end: int) -> Draft | None:
    """`Trump's assertion that ...`, `the suggestion by X that ...`: a statement named
    by a noun, its content the clause after "that".

    The speaker is the possessor before the noun or the agent after "by"; without
    either the statement has no named source ("allegations that ...").
    """
    text = doc.text
    if _NOUN_CLAUSE_AFTER_RE.match(text, cue_end) is None:
        return None
    sentence_start, sentence_end = doc.sentence(cue_start, cue_end)
    left, right = doc.tokens_around(cue_start, cue_end, sentence_start, sentence_end)
    that_at = 0
    speaker: Span | None = None
    if right and right[0].low == "by":
        sp = speaker_after(right, 1)
        if sp is None or sp.last + 1 >= len(right) or right[sp.last + 1].low != "that":
            return None
        speaker = token_span(right, sp.first, sp.last)
        that_at = sp.last + 1
    if that_at >= len(right) or right[that_at].low != "that" or that_at + 1 >= len(right):
        return None
    if right[that_at + 1].low in VERB_AFTER_RELATIVE or right[that_at + 1].text in (",", "."):
        return None  # "the claim that was made": a relative clause, not its content
    if speaker is None:
        speaker = _possessor(left)
    content_start = right[that_at].start
    # The noun phrase sits inside a sentence: its clause ends at a comma.
    content = trim(
        text, content_start, clause_end(text, doc.lay, content_start, sentence_end, OBJECT)
    )
    if content is None or len(text[content[0] : content[1]].split(None, 2)) < 3:
        return None
    return Draft([(cue_start, cue_end)], [content], "noun-clause", speaker=speaker)


def noun_object(doc: CueDocument, cue_start: int, cue_end: int) -> Draft | None:
    """`their criticism of Trump`, `the NRA's opposition to ...`: a stance named by a
    noun, its content the object of the preposition. Only with its owner named."""
    text = doc.text
    particle = _NOUN_OBJECT_AFTER_RE.match(text, cue_end)
    if particle is None:
        return None
    cue_end = particle.end()
    sentence_start, sentence_end = doc.sentence(cue_start, cue_end)
    left, right = doc.tokens_around(cue_start, cue_end, sentence_start, sentence_end)
    speaker = _possessor(left)
    if speaker is None or not right or not is_word(right[0]):
        return None
    if right[0].low in WEEKDAYS or right[0].low in PREPOSITIONS:
        return None  # "her criticism on Tuesday": when, not of what
    j = 0
    while j < len(right) and j < 20:
        t = right[j]
        if t.text == "." and j > 0 and is_abbreviation(right[j - 1]):
            j += 1
            continue  # "Mr. Cruz"
        if not is_word(t) and t.text not in QUOTE_MARKS and t.low not in CLITICS:
            break
        if j > 0 and (t.low in VERB_AFTER_RELATIVE or t.low.endswith("n't")):
            break
        j += 1
    if j == 0:
        return None
    content = trim(text, right[0].start, right[j - 1].end)
    if content is None:
        return None
    return Draft([(cue_start, cue_end)], [content], "noun-object", speaker=speaker)


def _possessor(left: list[Token]) -> Span | None:
    """Who owns the noun a cue ends with: "Mr. Trump's", "her", "budget hawks'"."""
    j = len(left) - 1
    while j >= 0 and left[j].low in NOUN_CUE_MODIFIERS:
        j -= 1
    if j < 0:
        return None
    tok = left[j]
    if tok.low in POSSESSIVE_PRONOUNS:
        return tok.start, tok.end
    if tok.low in ("'s", "\u2019s", "'", "\u2019") and j > 0:
        # The name that owns it: "the NRA's", "Mr. Trump's", not "cheered Clinton's".
        last = j - 1
        if last > 0 and not is_capitalised(left[last]) and left[last - 1].low in ("the", "this"):
            return left[last - 1].start, left[last].end  # "the mayor's"
        first = last
        while first > 0 and (
            is_capitalised(left[first - 1])
            or left[first - 1].text == "."
            and first > 1
            and is_capitalised(left[first - 2])
        ):
            first -= 1
        if is_capitalised(left[last]) or left[last].low.endswith("s"):
            return left[first].start, left[last].end
    return None
