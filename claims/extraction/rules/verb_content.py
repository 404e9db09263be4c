"""Where the content after a cue verb ends, and what it must hold to be a statement.

Every verb rule that reads its content after the cue goes through :func:`content_after`:
it drops what says nothing a reviewer could check (`Residents welcomed the vote`), and
ends the cue with the preposition that takes its object (`joked about moving`). An
embedded cue's content stops where its sentence's own verb resumes
(`Republicans who agree that the prison should close were irritated`).
"""

from __future__ import annotations

import re

from claims.extraction.content import Right
from claims.extraction.content_end import trim
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import ANSWER_WORDS, INTENT, OBJECT, REACTIONS, WEAK, CueVerb
from claims.extraction.rules.context import CueDocument

# A short noun phrase in lower case, no name nor quotation in it: "the delay", "frustration".
_BARE_NOUN_PHRASE_RE = re.compile(r"(?:(?:the|a|an|their|his|her|its|our)[ \t]+)?[a-z][a-z-]*")
# Finite verbs that carry a clause: where a main clause resumes after an embedded cue.
_FINITE_RE = re.compile(
    r"\s(?:is|are|was|were|will|would|can|could|may|might|must|should|has|have|had"
    r"|isn't|aren't|wasn't|weren't|won't|can't|couldn't|didn't|doesn't|don't)\b"
)
# A preposition opening an object: it ends the cue rather than starting the content.
_LEADING_PREPOSITION_RE = re.compile(
    r"(about|for|on|of|against|with|at|over|as|like|upon|in)[ \t\n\u00a0]+(?=\S)"
)


def content_after(doc: CueDocument, draft: Draft, verb: CueVerb, after: Right) -> Draft | None:
    """``draft`` with ``after`` for its content, or None when ``after`` states nothing."""
    text = doc.text
    if after.listener is not None and doc.is_outlet(after.listener):
        draft.via = after.listener
    # Only whether there are none, one or more words matters: split off two at most.
    words = text[after.span[0] : after.span[1]].split(None, 2)
    if verb.lemma in REACTIONS and _BARE_NOUN_PHRASE_RE.fullmatch(
        text, after.span[0], after.span[1]
    ):
        # "Residents welcomed the vote", "Passengers expressed frustration": a reaction
        # to a thing, with nothing said that a reviewer could check.
        return None
    if verb.strength == WEAK and len(words) < 2:
        return None
    if (
        after.how == "clause-after"
        and len(words) == 1
        and words[0].lower().strip(".,!?") not in ANSWER_WORDS
        and " " not in text[draft.cue_spans[0][0] : draft.cue_spans[0][1]]
    ):
        # "the paper declared illegal", "Democratic voters aren't showing up": a clause
        # has a verb; a lone word is a complement or a particle, not a statement. After
        # a particle it is an object ("agrees with Dean").
        return None
    span = after.span
    lead = _LEADING_PREPOSITION_RE.match(text, span[0])
    cue_start, cue_end = draft.cue_spans[-1]
    if lead is not None and not text[cue_end : span[0]].strip():
        # "joked about moving", "argued for a ban": annotators end the cue with the
        # preposition that takes its object.
        rest = trim(text, lead.end(), span[1])
        if rest is not None:
            draft.cue_spans[-1] = (cue_start, lead.end(1))
            span = rest
    draft.content_spans = [span]
    draft.rule = draft.rule or after.how
    return draft


def before_main_verb(doc: CueDocument, after: Right, verb: CueVerb) -> Right:
    """The content cut where the sentence's own verb resumes after an embedded cue.

    A content with a subject of its own ("that the prison should close") keeps its
    first finite verb; the next one belongs to the main clause.
    """
    start, end = after.span
    own = 0 if verb.frame in (OBJECT, INTENT) or after.how in ("object", "intent") else 1
    if own and doc.text.startswith("to ", start):
        own = 0
    seen = 0
    for m in _FINITE_RE.finditer(doc.text, start, end):
        if doc.lay.inside_quote(m.start()):
            continue
        if seen == own:
            cut = trim(doc.text, start, m.start())
            return Right(cut, after.listener, after.how) if cut else after
        seen += 1
    return after


def comma_outside_quotes(doc: CueDocument, start: int, end: int) -> int:
    """The first comma in ``[start, end)`` that is not quoted, or -1."""
    comma = doc.text.find(",", start, end)
    while comma != -1 and doc.lay.inside_quote(comma):
        comma = doc.text.find(",", comma + 1, end)
    return comma
