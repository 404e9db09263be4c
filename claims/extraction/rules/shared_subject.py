"""A cue verb that shares the subject of its sentence, or a participle describing a noun.

* ``coordinated``: a second verb of the same subject (`Sadr denied the accusation and
  declared his support for the government.`);
* ``follow-on-participle``: a participle after a comma or "by" (`..., adding that the
  talks would resume`, `landed in hot water by saying ...`);
* ``participle``: a participle right after the noun it describes (`a new poll showing
  Clinton ahead`, `groups backing Cruz`).

The shared subject is the speaker of the sentence's earlier attribution when there is
one, so that both resolve to the same person; else the sentence's own subject.
"""

from __future__ import annotations

from claims.extraction.content import right_of_cue
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import (
    ADJECTIVE_PARTICIPLES,
    DESCRIBING_PARTICIPLES,
    DETERMINERS,
    NOT_BEFORE_PARTICIPLE,
    PARTICIPLE_LEADS,
    SPEECH_PRODUCTS,
    STANCE_PARTICIPLES,
    STRONG,
    WEAK,
)
from claims.extraction.rules.context import CueDocument, CueSite, token_span
from claims.extraction.rules.verb_content import before_main_verb, content_after
from claims.extraction.speaker_phrases import sentence_subject, speaker_before
from claims.extraction.tokens import QUOTE_MARKS


def participle(doc: CueDocument, site: CueSite) -> Draft | None:
    """`..., adding that ...`: a further statement by the sentence's speaker.

    The participle follows a comma (`, calling him "a total stiff"`), a closing quote
    with its comma, or "by", "and", "while" (`landed in hot water by saying ...`). A
    participle right after a noun describes it: `a new poll showing ...`.
    """
    cue_start, _, cue_end, verb, left, right, past_cue, _, _, sentence_end = site
    if not left:
        return None
    if verb.strength == WEAK and verb.lemma not in STANCE_PARTICIPLES:
        # ", hoping to score upsets", ", seeking to ...": an intention, after a comma.
        if left[-1].text != "," or past_cue >= len(right) or right[past_cue].low != "to":
            return None
    prev = left[-1]
    if (
        prev.text == ","
        or prev.low in PARTICIPLE_LEADS
        or (prev.text in QUOTE_MARKS and len(left) > 1 and left[-2].text == ",")
    ):
        return shared_subject(doc, site, "follow-on-participle")
    sp = speaker_before(left, len(left))
    if (
        sp is None
        or verb.lemma not in DESCRIBING_PARTICIPLES
        and not verb.speech
        and verb.lemma not in STANCE_PARTICIPLES
    ):
        return None
    if (
        prev.low in NOT_BEFORE_PARTICIPLE
        or verb.lemma in ADJECTIVE_PARTICIPLES
        or past_cue < len(right)
        and right[past_cue].low == "by"
    ):
        return None  # "the most telling promise", "nominating contests", "reporting by"
    if left[sp.last].low in SPEECH_PRODUCTS and all(
        t.low in DETERMINERS for t in left[sp.first : sp.last]
    ):
        # "sermons and speeches calling on Iraqis": a speech is no speaker; it reports
        # only with its author ("she issued a statement saying").
        return None
    after = right_of_cue(doc.text, doc.lay, right, past_cue, verb, sentence_end)
    if after is None or after.how == "parenthetical":
        return None
    speaker = token_span(left, sp.first, sp.last)
    draft = Draft([(cue_start, cue_end)], [], "participle", speaker=speaker)
    # "Anyone questioning her lead can find solace ...": the noun's own sentence resumes.
    return content_after(doc, draft, verb, before_main_verb(doc, after, verb))


def shared_subject(doc: CueDocument, site: CueSite, rule: str) -> Draft | None:
    """A cue sharing the subject of its sentence: "... denied X and declared Y"."""
    cue_start, _, cue_end, verb, left, right, past_cue, _, sentence_start, sentence_end = site
    after = right_of_cue(doc.text, doc.lay, right, past_cue, verb, sentence_end)
    if after is None or after.how == "parenthetical":
        return None
    owner = doc.owner(sentence_start, cue_start)
    if owner is not None:
        draft = Draft([(cue_start, cue_end)], [], rule, speaker=owner.speaker, inherits=owner)
        return content_after(doc, draft, verb, after)
    if verb.strength < STRONG and rule != "follow-on-participle":
        return None
    start = 0
    while start < len(left) and left[start].start < sentence_start:
        start += 1
    subject = sentence_subject(left[start:])
    if subject is None:
        return None
    speaker = token_span(left, subject.first + start, subject.last + start)
    draft = Draft([(cue_start, cue_end)], [], rule, speaker=speaker)
    return content_after(doc, draft, verb, after)
