"""A cue verb whose speaker comes before it, with the content before or after the cue.

* ``quote-before`` / ``clause-before``: the content comes first and the cue clause closes
  the sentence (`"...," Clinton said.`, `The economy is strong, Obama said.`), or sits
  inside it as a ``parenthetical`` (`The point, Ash wrote, came on Friday.`);
* ``colon-quote``, ``quote-after``, ``that-clause``, ``clause-after``, ``comma-clause``,
  ``object``, ``intent``: the content follows the cue (`Dempsey stated: "..."`,
  `Kimmitt claimed that ...`, `Sadr denied the accusation`, `Trump wants to ...`);
* ``as-noted``: `As the Times noted, Clinton raised ...`;
* ``relative``: `The changes, which officials said will ...`;
* ``quote-next``: a cue closing its sentence with a colon introduces the quotation that
  follows (`Cruz continued: "..."`).
"""

from __future__ import annotations

from claims.extraction.content import Right, fronted, right_of_cue
from claims.extraction.content_end import is_quote_at, trim
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import CLAUSE, OBJECT, STRONG, SUBORDINATORS, WEAK, WEEKDAYS, CueVerb
from claims.extraction.model import Span
from claims.extraction.rules.context import CueDocument, CueSite, token_span
from claims.extraction.rules.verb_content import (
    before_main_verb,
    comma_outside_quotes,
    content_after,
)
from claims.extraction.speaker_phrases import PERSONAL, SpeakerPhrase, is_description
from claims.extraction.tokens import Token


def with_speaker(doc: CueDocument, site: CueSite, sp: SpeakerPhrase) -> Draft | None:
    """The attribution of a cue verb whose speaker ``sp`` lies before it, or None."""
    cue_start, _, cue_end, verb, left, right, past_cue, _, sentence_start, sentence_end = site
    text = doc.text
    speaker = token_span(left, sp.first, sp.last)
    draft = Draft([(cue_start, cue_end)], [], "", speaker=speaker)
    if sp.described_from is not None:
        draft.described = (left[sp.described_from].start, speaker[1])
    if sp.antecedent is not None:
        draft.antecedent = token_span(left, *sp.antecedent)
    if sp.skipped is not None:
        draft.via = _via_in(left, sp.skipped)
        if (
            sp.described_from is None
            and left[sp.last].low not in PERSONAL
            and is_description(left, *sp.skipped)
        ):
            # "Jean Dupont, the foreign minister, said": the aside says who they are.
            draft.described = (speaker[0], left[sp.skipped[1]].end)
    clause_start = speaker[0]
    if sp.first > 0 and (
        left[sp.first - 1].low == "which"
        or left[sp.first - 1].low in ("who", "whom")
        and verb.frame == OBJECT
        and right_of_cue(text, doc.lay, right, past_cue, verb, sentence_end) is None
    ):
        # "The changes, which officials said will ...": the relative pronoun is content.
        return _relative_object(doc, draft, left[sp.first - 1], verb, right, past_cue, sentence_end)
    before = fronted(text, doc.lay, sentence_start, clause_start)
    after = right_of_cue(text, doc.lay, right, past_cue, verb, sentence_end)
    if before is not None:
        span, rule = before
        if rule == "quote-before" and verb.strength > WEAK:
            # A quotation before the speaker is the content whatever follows the cue,
            # and a quotation right after it continues the content.
            draft.content_spans = [span]
            draft.rule = rule
            if after is not None and is_quote_at(text, after.span[0]):
                between = text[cue_end : after.span[0]]
                if "," in between and len(between.split()) <= 12:
                    draft.content_spans.append(after.span)
            return draft
        if after is not None and after.how == "parenthetical":
            draft.content_spans, draft.rule = [span, after.span], "parenthetical"
            return draft
        if after is None and verb.speech and len(text[span[0] : span[1]].split(None, 2)) >= 3:
            draft.content_spans, draft.rule = [span], rule
            return draft
    if after is not None and after.how == "parenthetical":
        if sp.first > 0 and left[sp.first - 1].low == "as":
            # "As the Times noted, Clinton raised ...": the rest of the sentence.
            spans = [after.span]
            lead = trim(text, sentence_start, left[sp.first - 1].start)
            if lead and len(text[lead[0] : lead[1]].split(None, 2)) >= 3:
                spans.insert(0, lead)
            draft.content_spans, draft.rule = spans, "as-noted"
            return draft
        subordinate = (
            sp.first > 0
            and (
                left[sp.first - 1].low in SUBORDINATORS
                or left[sp.first - 1].low in ("whatever", "whether")
            )
            or left[sp.first].low in ("whatever", "whether")
        )
        if verb.speech and verb.strength == STRONG and verb.frame == CLAUSE and not subordinate:
            # "I said, hey, you've got to change the culture."
            draft.content_spans, draft.rule = [after.span], "comma-clause"
            return draft
    if after is None and verb.speech and verb.frame == CLAUSE and before is None:
        return _quote_next(doc, draft, right, past_cue, sentence_end)
    if after is None or after.how == "parenthetical":
        return None
    relative = sp.first == sp.last and left[sp.first].low in ("who", "which", "that")
    if (
        sp.first > 0
        and left[sp.first - 1].low in SUBORDINATORS
        or relative
        and sp.first > 0
        and left[sp.first - 1].text == ","
    ):
        # "While he said he'd hold a hearing, it's unlikely ...", "Norton, which declined
        # to comment, returned ...": the clause ends at the comma that returns to the
        # main clause.
        comma = comma_outside_quotes(doc, after.span[0], after.span[1])
        if comma > after.span[0]:
            cut = trim(text, after.span[0], comma)
            if cut:
                after = Right(cut, after.listener, after.how)
    elif relative:
        # "Republicans who agree that the prison should close were irritated": the
        # relative clause ends where the main clause's verb resumes.
        after = before_main_verb(doc, after, verb)
    return content_after(doc, draft, verb, after)


def _relative_object(
    doc: CueDocument,
    draft: Draft,
    which: Token,
    verb: CueVerb,
    right: list[Token],
    past_cue: int,
    sentence_end: int,
) -> Draft | None:
    """`The changes, which officials said will ...`: the relative pronoun, then the rest."""
    after = right_of_cue(doc.text, doc.lay, right, past_cue, verb, sentence_end)
    if after is None and verb.frame == OBJECT:
        # "(which Clinton also supports)": the relative pronoun is the whole object.
        draft.content_spans = [(which.start, which.end)]
        draft.rule = "relative"
        return draft
    if after is None or after.how == "parenthetical":
        return None
    start, end = after.span
    comma = comma_outside_quotes(doc, start, end)
    span = trim(doc.text, start, comma) if comma > start else after.span
    if span is None:
        return None
    draft.content_spans = [(which.start, which.end), span]
    draft.rule = "relative"
    return draft


def _quote_next(
    doc: CueDocument, draft: Draft, right: list[Token], past_cue: int, sentence_end: int
) -> Draft | None:
    """`Cruz continued:` or `The Times reported:` then a quoted paragraph.

    A cue that closes its sentence with a colon introduces the quotation that opens
    the next sentence. Without the colon ("Rubio disagreed.", "he replied.") the next
    quotation is as often someone else's.
    """
    rest = right[past_cue:]
    if not rest or rest[-1].text != ":" or len(rest) > 2:
        return None
    if any(t.text != ":" and t.low not in WEEKDAYS for t in rest):
        return None
    text = doc.text
    pos = sentence_end
    while pos < len(text) and text[pos].isspace():
        pos += 1
    q = doc.lay.quote_starting(pos) if pos < len(text) else None
    if q is None:
        return None
    span = trim(text, q.start, q.end)
    if span is None:
        return None
    draft.content_spans, draft.rule = [span], "quote-next"
    return draft


def _via_in(left: list[Token], skipped: tuple[int, int]) -> Span | None:
    """An outlet named in a parenthetical: "quoted in Sunday's *Washington Post*"."""
    first, last = skipped
    if first > last or left[first].low not in (
        "quoted",
        "speaking",
        "writing",
        "told",
        "interviewed",
    ):
        return None
    j = first + 1
    while j <= last and left[j].low in ("in", "by", "to", "on", "with", "the", "a", "an"):
        j += 1
    # "Sunday's": the day the outlet carried it is not its name.
    if j + 1 <= last and left[j].low.endswith("day") and left[j + 1].low in ("\u2019s", "'s"):
        j += 2
    if j > last:
        return None
    return left[j].start, left[last].end
