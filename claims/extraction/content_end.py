"""Where the content of an attribution stops, and how its ends are trimmed.

A content clause runs to the end of its sentence (``limit``) unless a second statement
starts first: by the same speaker ("..., adding that ...", "... and declared ...", "...;
"), by another ("... and Cruz said ...", "..., Jamieson said ..."), or, for the object of a
cue ("endorsed gay marriage after his son came out"), a comma, a dash or a subordinate
clause. All of these stops are one pattern (``CUT_PATTERN``, ``OBJECT_CUT_PATTERN``), so
that one search finds the first; an aside between two dashes is passed over. A content
that opens with a quotation ends with it, or runs on when unquoted words follow.
``trim`` takes off spaces and the sentence's final full stop; closing quotation marks stay,
as annotators keep them.
"""

from __future__ import annotations

import re

from claims.extraction.lexicon import (
    CUE_FORMS,
    FOLLOW_ON_PARTICIPLES,
    OBJECT,
    STRONG,
    trie_pattern,
)
from claims.extraction.model import Span
from claims.extraction.structure import Layout
from claims.extraction.tokens import QUOTE_MARKS

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
