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
    # Building the tokens costs three times the matching, so the loop is kept bare: one
    # method call per match, and tuple.__new__ instead of the named constructor.
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_RE.finditer(text, start, end):
        g = m.group()
        s = m.start()
        append(_new(Token, (s, s + len(g), g, g.lower())))
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
