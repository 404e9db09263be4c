"""Where the content of an attribution starts: what follows a cue, and what comes before it.

After the cue, content starts past any listener ("told *Al Jazeera*") and adjuncts ("on
Friday", "in a statement") at "that", a colon, an opening quotation mark or the clause
itself (``right_of_cue``); before the cue, content is the quotation or clause that ends at
the comma before the speaker (`"...," he said`, ``fronted``). Where a content then stops
(with its sentence, with its quotation when it opens with one, or before a second
statement) is ``claims.extraction.content_end``'s job, whose names this module also
offers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from claims.extraction.content_end import (
    clause_end,
    content_end,
    is_quote_at,
    quote_content_end,
    trim,
)
from claims.extraction.lexicon import (
    ADDRESSEE,
    ADJUNCT_OPENERS,
    FOLLOW_ON_PARTICIPLES,
    INTENT,
    LISTENER_WORDS,
    OBJECT,
    STATEMENT_NOUNS,
    WEAK,
    WEEKDAYS,
    CueVerb,
)
from claims.extraction.model import Span
from claims.extraction.structure import Layout
from claims.extraction.tokens import QUOTE_MARKS, Token, is_capitalised, is_word

OPEN_QUOTES = frozenset("\u201c\"\u201e\u00ab'")
_OBJECT_PRONOUNS = frozenset("me him her them us you it".split())
_CLAUSE_MARKERS = frozenset({"that", ":", "whether", "if", "how", "what", "why", "when"})
_LISTENER_ENDS = (
    frozenset("about of to on in at during after before last this earlier".split())
    | _CLAUSE_MARKERS
    | WEEKDAYS
)
_SUBJECT_PRONOUNS = frozenset("he she they we i there".split())
#: Listeners named by one plural noun: the content follows it straight away.
_LISTENER_NOUNS = frozenset(
    "reporters journalists supporters voters viewers listeners donors students".split()
)
_SUBJECT_STARTS = frozenset(
    """
    that he she they it we i you there the a an this these those his her their its our my
    no some many most all if whether what how why when who mr mrs ms dr
    """.split()
)


class Right(NamedTuple):
    """What follows a cue: the content span, a listener (if any) and how it was found."""

    span: Span
    listener: Span | None
    how: str


def _skip_listener(right: list[Token], r: int) -> tuple[int, Span | None]:
    """Pass over the listener of "told": a pronoun or a short phrase before the content."""
    n = len(right)
    t = right[r]
    if t.low in _OBJECT_PRONOUNS:
        return r + 1, (t.start, t.end)
    if not (is_capitalised(t) or t.low in LISTENER_WORDS or t.text in "*_"):
        return r, None
    if t.low in _LISTENER_NOUNS:
        return r + 1, (t.start, t.end)  # "told reporters he would ...": one word
    j = r
    while j < n and j - r < 12:
        u = right[j]
        if u.low in _LISTENER_ENDS or u.text in (",", ":") or u.text in OPEN_QUOTES:
            if not (u.low == "of" and j > r and j + 1 < n and is_capitalised(right[j + 1])):
                break  # but "told The Star of Dover", a place in the listener's name
        if j > r and u.low in _SUBJECT_PRONOUNS:
            break  # "told the Planet she would ...": the content's own subject
        j += 1
    if r < j <= n:
        # Up to the next clause marker, or to the end: "..., the campaign told USA TODAY."
        return j, (right[r].start, right[j - 1].end)
    return r, None


_TIME_WORDS = (
    frozenset("yesterday today tonight recently earlier later again afterward afterwards".split())
    | WEEKDAYS
)
_TIME_UNITS = frozenset("week month year weekend night morning afternoon evening".split())


def _skip_time(right: list[Token], r: int) -> int:
    """Pass over "on Tuesday", "last week", "earlier this month" right after a cue."""
    n = len(right)
    j = r
    while j < n:
        low = right[j].low
        if low in _TIME_WORDS:
            j += 1
        elif low == "on" and j + 1 < n and right[j + 1].low in WEEKDAYS:
            j += 2
        elif low in ("last", "this", "next") and j + 1 < n and right[j + 1].low in _TIME_UNITS:
            j += 2
        elif low in WEEKDAYS and j + 1 < n and right[j + 1].low in _TIME_UNITS:
            j += 2
        else:
            break
    return j


_FINITE = frozenset(
    """
    is are was were will would can could should may might must has have had do does did
    """.split()
)


def _finite_follows(right: list[Token], r: int) -> bool:
    """True when a finite verb follows within a few words: a clause, not an object."""
    for t in right[r + 1 : r + 5]:
        if t.low in _FINITE:
            return True
        if not is_word(t):
            return False
    return False


def _listener_follows(right: list[Token], r: int) -> bool:
    """True when "to" starts a listener ("said to reporters"), not an infinitive ("vowed
    to take")."""
    if r >= len(right):
        return False
    t = right[r]
    return (
        is_capitalised(t) or t.low in LISTENER_WORDS or t.low in _OBJECT_PRONOUNS or not is_word(t)
    )


def _place_after(right: list[Token], comma: int) -> int:
    """Index after a place named past a comma ("Salem, New Hampshire"), or ``comma``.

    Only a capitalised name followed by the rest of an adjunct or a clause marker counts;
    "said in Iowa, Clinton is ..." stays a comma.
    """
    n = len(right)
    j = comma + 1
    while j < n and is_capitalised(right[j]) and j - comma <= 3:
        j += 1
    if j == comma + 1 or j >= n:
        return comma
    u = right[j]
    if u.low in ("on", "at", "last", "this", "that", ":") or u.low in WEEKDAYS:
        return j
    if u.text == "," and j + 1 < n and right[j + 1].low in ("that", "on", "last", "this"):
        return j + 1
    return comma


def _skip_adjuncts(right: list[Token], r: int, verb: CueVerb) -> int | None:
    """Pass over "on Tuesday", "in a statement", "to reporters" before the content.

    Returns the index where the content may start, or None when nothing but adjuncts
    follows up to the end of the sentence.
    """
    n = len(right)
    t = right[r]
    opens = (
        t.low in ADJUNCT_OPENERS
        or t.low in WEEKDAYS
        or t.low == "to"
        and verb.speech
        and verb.frame != ADDRESSEE
        and _listener_follows(right, r + 1)
    )
    if not opens:
        return r
    k = r + 1
    while k < n and k - r < 14:
        u = right[k]
        if u.text == ",":
            place_end = _place_after(right, k)
            if place_end > k:
                k = place_end  # "in Salem, New Hampshire on Monday that ..."
                continue
        if u.low in _CLAUSE_MARKERS or u.text in (",", ":") or u.text in OPEN_QUOTES:
            break
        k += 1
    if k >= n:
        return None
    u = right[k]
    if u.text == "," and not (k + 1 < n and right[k + 1].text in OPEN_QUOTES):
        # "said on Tuesday, adding ..." or "said in Iowa, where ...": the clause ends here.
        return k
    return k


def _skip_aside(right: list[Token], r: int) -> int:
    """Pass over "said, among other things, that ...": returns where content may start."""
    n = len(right)
    if r + 1 >= n or right[r + 1].low in FOLLOW_ON_PARTICIPLES:
        return r
    for k in range(r + 2, min(n - 1, r + 8)):
        if right[k].text == ",":
            if right[k + 1].low == "that":
                return k + 1
            if right[k + 1].text in OPEN_QUOTES:
                return k
            break
    return r


def right_of_cue(
    text: str, lay: Layout, right: list[Token], r: int, verb: CueVerb, limit: int
) -> Right | None:
    """What follows the cue at token index ``r`` of ``right``, or None.

    None means nothing follows but adjuncts ("said on Tuesday."). ``how`` is
    "parenthetical" when a comma leads back into the sentence (`, Ash wrote, came on`).
    """
    n = len(right)
    if r >= n:
        return None
    listener: Span | None = None
    if verb.frame == ADDRESSEE:
        r, listener = _skip_listener(right, r)
        if r >= n:
            return None
    r = _skip_time(right, r)
    if r >= n:
        return None
    skipped = _skip_adjuncts(right, r, verb)
    if skipped is None:
        return None
    if skipped > r:
        u = right[skipped]
        if u.low in _CLAUSE_MARKERS or u.text in (":", ",") or u.text in OPEN_QUOTES:
            r = skipped
    t = right[r]
    if t.text == ",":
        r = _skip_aside(right, r)
        t = right[r]
    if t.text == ",":
        if r + 1 < n and right[r + 1].text in OPEN_QUOTES:
            r += 1
            t = right[r]
        else:
            if r + 1 < n and (
                right[r + 1].low in FOLLOW_ON_PARTICIPLES or right[r + 1].low == "according"
            ):
                return None
            start = t.end
            span = trim(text, start, content_end(text, start, limit, verb.frame))
            return Right(span, listener, "parenthetical") if span else None
    if t.text in (".", "?", "!", ")", "\u201d"):
        return None
    if t.text == ":":
        r += 1
        if r >= n:
            return None
        t = right[r]
        if is_quote_at(text, t.start):
            end = quote_content_end(text, lay, t.start, limit, verb.frame)
            return _right(text, t.start, end, listener, "colon-quote")
        end = clause_end(text, lay, t.start, limit, verb.frame)
        return _right(text, t.start, end, listener, "colon-clause")
    pos = t.start
    if t.text in OPEN_QUOTES and is_quote_at(text, pos):
        end = quote_content_end(text, lay, pos, limit, verb.frame)
        return _right(text, pos, end, listener, "quote-after")
    if t.low == "that" and not _determiner_that(right, r):
        end = clause_end(text, lay, pos, limit, verb.frame)
        return _right(text, pos, end, listener, "that-clause")
    if verb.frame == INTENT or t.low == "to" and verb.lemma in ("hope", "expect", "wish"):
        # "hopes to work across the aisle", "expects to win": an intention or expectation.
        return _intent(text, right, r, verb, limit, listener)
    if verb.strength == WEAK and verb.frame != OBJECT:
        if t.low not in _SUBJECT_STARTS and not is_capitalised(t) and not _finite_follows(right, r):
            return None  # "believe in God", but "think women are likely to ..."
        if t.low in _OBJECT_PRONOUNS - {"you", "it"}:
            return None
    if not is_word(t) and t.text not in ("*", "_", "$"):
        return None
    how = "object" if verb.frame == OBJECT else "clause-after"
    return _right(text, pos, clause_end(text, lay, pos, limit, verb.frame), listener, how)


#: What may follow the noun after a determiner "that": the end of the object, or a
#: preposition of its own ("rejected that offer as ...", "disputed that account on Friday").
_AFTER_OBJECT = frozenset("as in on from by with at and or but".split())


def _determiner_that(right: list[Token], r: int) -> bool:
    """True for "that" as a determiner before a noun of statement ("disputed that
    account", "rejected that offer as ..."), not a clause's "that" ("said that reports
    were false", "said that claims of fraud were baseless")."""
    if r + 1 >= len(right) or right[r + 1].low not in STATEMENT_NOUNS:
        return False
    if r + 2 >= len(right):
        return True
    nxt = right[r + 2]
    return not is_word(nxt) and nxt.text not in QUOTE_MARKS or nxt.low in _AFTER_OBJECT


def _intent(
    text: str, right: list[Token], r: int, verb: CueVerb, limit: int, listener: Span | None
) -> Right | None:
    """ "wants to ...", "wants the party to ...", "hopes that ...": the intention."""
    n = len(right)
    t = right[r]
    pos = t.start
    if t.low != "to":
        k = r
        while k < n and k - r < 6 and right[k].low != "to" and is_word(right[k]):
            k += 1
        if not (r < k < n and right[k].low == "to"):
            if verb.lemma in ("want", "seek", "prefer") and is_word(t):
                return _right(text, pos, content_end(text, pos, limit, OBJECT), listener, "intent")
            return None
    return _right(text, pos, content_end(text, pos, limit, verb.frame), listener, "intent")


def _right(text: str, start: int, end: int, listener: Span | None, how: str) -> Right | None:
    span = trim(text, start, end)
    return Right(span, listener, how) if span else None


def fronted(
    text: str, lay: Layout, sentence_start: int, clause_start: int
) -> tuple[Span, str] | None:
    """The content before a cue clause: `"...," he said` or `X is true, he said`.

    Args:
        text: the document text.
        lay: its layout.
        sentence_start: start of the sentence holding the cue.
        clause_start: where the cue clause (speaker and cue) begins.

    Returns:
        The content span and the rule ("quote-before" or "clause-before"), or None.
    """
    j = clause_start
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j <= 0 or text[j - 1] == "\n":
        return None  # a paragraph never ends with its speaker still to come
    end = j
    if text[end - 1] == ",":
        end -= 1
    q = lay.quote_ending(end)
    if q is None and end - 1 > 0 and text[end - 1] in "'\u2019":
        # A quotation inside a quotation closes with it: three apostrophes, the inner
        # single one and the outer doubled one.
        q = lay.quote_ending(end - 1)
    if q is None and end < j:
        # `"...," its director, Maria Keane, told reporters`: an appositive before the
        # name sits between the quotation and its speaker, a comma after it.
        aside = _APPOSITIVE_AFTER_QUOTE_RE.search(text, max(sentence_start, end - 60), end)
        if aside is not None and aside.end() == end:
            q = lay.quote_ending(aside.start() + 1)
            if q is not None:
                end = q.end
    if q is not None and q.closed and end == j and _ends_sentence(text, q.start, end):
        # `"... ended." He said ...`: the quotation closed the previous sentence.
        q = None
    if q is not None and q.closed:
        # A quotation closing right before the speaker, the comma inside or out. Words of
        # the same sentence before it belong to the content too ("But "if ...," he said").
        start = q.start
        lead = text[sentence_start:start] if sentence_start < start else ""
        if lead.strip() and len(lead.split()) <= 12 and not any(c in QUOTE_MARKS for c in lead):
            start = sentence_start
        span = trim(text, start, end)
        return (span, "quote-before") if span else None
    if j <= sentence_start or text[j - 1] != ",":
        return None
    span = trim(text, sentence_start, j - 1)
    if span is None:
        return None
    return span, "clause-before"


_APPOSITIVE_AFTER_QUOTE_RE = re.compile(
    r"[\"\u201d][ \t]+(?:its|his|her|their|the|a|an)[ \t]+[a-z][\w'\u2019 -]{0,40}$"
)


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """True when the quotation ``text[start:end]`` closes with a full stop inside it."""
    k = end
    while k > start and text[k - 1] in QUOTE_MARKS or k > start and text[k - 1] == "'":
        k -= 1
    return k > start and text[k - 1] == "."
