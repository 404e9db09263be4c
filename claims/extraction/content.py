"""Where the content of an attribution starts and ends.

After the cue, content starts past any listener ("told *Al Jazeera*") and adjuncts ("on
Friday", "in a statement") at "that", a colon, an opening quotation mark or the clause
itself; it ends with its sentence, with its quotation when it opens with one (quotations
may run over several sentences and paragraphs), or before a second statement by the same
speaker ("..., adding that ...", "... and declared ...") or by another ("... and Cruz
said ..."). Before the cue, content is the quotation or clause that ends at the comma before
the speaker (`"...," he said`). The sentence's final full stop is left out; closing
quotation marks stay, as annotators keep them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from claims.extraction.lexicon import (
    ADDRESSEE,
    ADJUNCT_OPENERS,
    CUE_FORMS,
    FOLLOW_ON_PARTICIPLES,
    INTENT,
    LISTENER_WORDS,
    OBJECT,
    STATEMENT_NOUNS,
    STRONG,
    WEAK,
    WEEKDAYS,
    CueVerb,
    trie_pattern,
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
_TRIM_LEFT = " \t\n\u00a0,;:\u2014\u2013-"
_TRIM_RIGHT = " \t\n\u00a0,;:\u2014\u2013-."

_CUE_WORDS = trie_pattern([f for f in CUE_FORMS if not f.endswith("ing")])
# Reporting verbs proper: a second statement starts only where one of these does.
_SPEECH_WORDS = trie_pattern(
    [f for f, v in CUE_FORMS.items() if v.speech and v.strength == STRONG and not f.endswith("ing")]
)
# A second statement ends the first: "..., adding that", "...; ", "... and declared".
_FOLLOW_ON_RE = re.compile(
    r"(?:,[\"\u201d']*|\s[-\u2014\u2013]+)\s+(?:"
    + "|".join(sorted(FOLLOW_ON_PARTICIPLES))
    + r")\b|;|\s[\u2014\u2013-]\s|\s--\s|,\s+which\b|,\s+while\s+\w+ing\b"
    + r"|,\s+according to\b|,\s+(?:"
    + _CUE_WORDS
    + r")\b"
)
# Past forms of every cue verb: "... and called it a mistake", "... but did note that".
_PAST_CUE_WORDS = trie_pattern(
    [f for f in CUE_FORMS if f.endswith("ed") or f in ("said", "told", "wrote")]
)
_COORDINATED_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:(?:also|then|later|has|have|had|did|repeatedly|she|he|they)\s+)*"
    r"(?:" + _SPEECH_WORDS + "|" + _PAST_CUE_WORDS + r")\b"
)
# "..., Jamieson said Trump is ...": a named speaker after a comma starts a new statement.
_NAMED_SPEAKER_RE = re.compile(
    r",\s+(?:(?:[A-Z][\w\u2019'.-]*\s+){1,3}|(?:he|she|they|I|we)\s+)(?:" + _SPEECH_WORDS + r")\b"
)
# Words that join a second statement to the first.
_JOINERS = ("and", "but", "while", "whereas")
# "... and Cruz said ...": another speaker's statement joined to the first.
_OTHER_SPEAKER_RE = re.compile(
    r"(?:,\s*|\s+)(?:"
    + "|".join(_JOINERS)
    + r")\s+(?:(?!(?:that|which|who)\b)[\w\u2019'.-]+\s+){1,4}?(?:"
    + _SPEECH_WORDS
    + r")\b"
)
# "dismissed those reports": after a determiner a cue word is a noun, not a second verb.
_NOT_AFTER_DETERMINER = "".join(
    r"(?<!\b" + w + ")" for w in "the those these this that his her their its".split()
)
# An object ends at a comma, a dash or a subordinate clause ("endorsed gay marriage after
# his son came out"), or where a second verb starts ("him say ...", "and withdrew").
_OBJECT_END_RE = re.compile(
    r",|\s[-\u2014\u2013]+\s|\s(?:after|before|because|when|while|since|if|though|although"
    r"|until|unless|despite|amid|even)\b|\s+and\s+(?:[a-z]+ed|has|have|had|is|are|was|were"
    r"|will|would)\b|(?<!\sto)" + _NOT_AFTER_DETERMINER + r"\s+(?:" + _SPEECH_WORDS + r")\b"
)
# One pattern for all the places a content stops, so that one search finds the first.
# Every stop starts at a comma, a semicolon or a space, and past the spaces a clause's stop
# goes on with a dash or a joiner ("and", "but", ...): a lookahead says so first, so that
# the search passes over most of the text without trying each alternative. A new stop
# that starts otherwise must widen the lookahead (tests/test_extraction_properties.py
# checks that the lookaheads drop no stop).
CUT_PATTERN = "|".join(
    p.pattern for p in (_FOLLOW_ON_RE, _COORDINATED_RE, _OTHER_SPEAKER_RE, _NAMED_SPEAKER_RE)
)
OBJECT_CUT_PATTERN = CUT_PATTERN + "|" + _OBJECT_END_RE.pattern
_JOINER_INITIALS = "".join(sorted({w[0] for w in _JOINERS}))
_CUT_RE = re.compile(r"(?=[,;]|\s+[-\u2014\u2013" + _JOINER_INITIALS + "])(?:" + CUT_PATTERN + ")")
_OBJECT_CUT_RE = re.compile(r"(?=[,;\s])(?:" + OBJECT_CUT_PATTERN + ")")


_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})


class Right(NamedTuple):
    """What follows a cue: the content span, a listener (if any) and how it was found."""

    span: Span
    listener: Span | None
    how: str


def trim(text: str, start: int, end: int) -> Span | None:
    """Trim spaces and a sentence's final punctuation (closing quotes stay)."""
    while start < end and text[start] in _TRIM_LEFT:
        start += 1
    while end > start and text[end - 1] in _TRIM_RIGHT:
        if text[end - 1] == "." and end - 2 >= start and text[end - 2] == ".":
            break  # an ellipsis is part of what was said
        end -= 1
    return (start, end) if end > start else None


def is_quote_at(text: str, pos: int) -> bool:
    """True when a quotation mark (or a doubled apostrophe) starts at ``pos``."""
    return text[pos] in QUOTE_MARKS or text.startswith("''", pos)


def content_end(text: str, start: int, limit: int, frame: str) -> int:
    """Where a content clause starting at ``start`` ends, within ``limit``."""
    pattern = _OBJECT_CUT_RE if frame == OBJECT else _CUT_RE
    pos = start + 1
    while True:
        m = pattern.search(text, pos, limit)
        if m is None:
            return limit
        dash = m.group().strip()
        if dash in _DASHES:
            # "Sanders believes those efforts - which include radio ads - will pay off": an
            # aside between two dashes is passed over; a lone dash ends the content.
            closing = text.find(" " + dash + " ", m.end(), limit)
            if closing != -1:
                pos = closing + len(dash) + 2
                continue
        return m.start()


def clause_end(text: str, lay: Layout, start: int, limit: int, frame: str) -> int:
    """End of a content clause; a quotation opened in it and running on is kept whole."""
    end = content_end(text, start, limit, frame)
    if end == limit:
        for q in lay.quotes_between(start, end):
            if q.end > end and q.closed:
                end = q.end
    return end


def quote_content_end(text: str, lay: Layout, pos: int, limit: int, frame: str) -> int:
    """End of a content that opens with the quotation at ``pos``.

    A quotation that closes before its sentence does is followed by more of the content
    when unquoted words follow (`he said "the economy" is strong`).
    """
    q = lay.quote_starting(pos)
    if q is None:
        return content_end(text, pos, limit, frame)
    if q.end >= limit:
        return q.end
    rest = text[q.end : limit].strip(" \t\n.!?,;:\u201d\"'")
    if not rest:
        return q.end
    return max(q.end, content_end(text, q.end, limit, frame))


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


def fronted(text: str, lay: Layout, s0: int, clause_start: int) -> tuple[Span, str] | None:
    """The content before a cue clause: `"...," he said` or `X is true, he said`.

    Args:
        text: the document text.
        lay: its layout.
        s0: start of the sentence holding the cue.
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
        aside = _APPOSITIVE_AFTER_QUOTE_RE.search(text, max(s0, end - 60), end)
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
        lead = text[s0:start] if s0 < start else ""
        if lead.strip() and len(lead.split()) <= 12 and not any(c in QUOTE_MARKS for c in lead):
            start = s0
        span = trim(text, start, end)
        return (span, "quote-before") if span else None
    if j <= s0 or text[j - 1] != ",":
        return None
    span = trim(text, s0, j - 1)
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
