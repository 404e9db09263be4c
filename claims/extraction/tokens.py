"""Tokens of a stretch of text, with their offsets, for the local work around a cue.

Only the few sentences that hold a cue are ever tokenised, never the whole document.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Words keep inner apostrophes, hyphens, full stops and ampersands ("al-Sadr", "U.S",
# "O'Rourke", "AT&T"); a possessive or contracted ending is a token of its own ("Sadr" "'s",
# "he" "'s"), and so is everything else that is not space.
_TOKEN_RE = re.compile(
    r"\w+(?:[\u2019'.\-&/](?!(?:s|re|ve|d|ll|m|t)\b)\w+)*"
    r"|[\u2019'](?:s|re|ve|d|ll|m|t)\b"
    r"|[^\w\s]"
)
# Every character that is not space starts a token, so the text is spaces and tokens in
# turn: each token with the spaces before it, as two groups that ``findall`` returns
# without a match object per token.
_SPACED_TOKEN_RE = re.compile(r"(\s*)(" + _TOKEN_RE.pattern + ")")

#: Possessive and contracted endings, as tokens.
CLITICS = frozenset(
    e.replace("'", q) for e in ("'s", "'re", "'ve", "'d", "'ll", "'m", "'t") for q in "'\u2019"
)


class Token(NamedTuple):
    """A token: its text, lower-case form and offsets."""

    start: int
    end: int
    text: str
    low: str


_new = tuple.__new__


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into ``text``."""
    # Building the tokens costs more than the matching, so the loop is kept bare: offsets
    # counted from the lengths, and tuple.__new__ instead of the named constructor.
    out: list[Token] = []
    append = out.append
    pos = start
    for space, g in _SPACED_TOKEN_RE.findall(text, start, end):
        s = pos + len(space)
        pos = s + len(g)
        append(_new(Token, (s, pos, g, g.lower())))
    return out


def is_capitalised(tok: Token) -> bool:
    """True for a word that starts with a capital letter or digit ("Sadr", "CPA", "2016")."""
    c = tok.text[0]
    return c.isupper() or (c.isdigit() and len(tok.text) > 1)


def is_word(tok: Token) -> bool:
    """True for a word token (letters or digits), false for punctuation."""
    return tok.text[0].isalnum() or tok.text[0] == "_"


QUOTE_MARKS = frozenset('\u201c\u201d"\u201e\u00ab\u00bb')
EMPHASIS = frozenset("*_")
