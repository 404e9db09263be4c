"""What every cue rule reads: the document, its layout, the drafts so far, and the tokens of
the sentence around a cue.

A sentence is tokenised once and shared by all its cues. A :class:`CueSite` carries one
cue verb in its sentence from the rule that found it to the rule that reads it: in
`The senator has also said that ...`, the auxiliaries "has also" lie before the verb and
"that ..." after it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from claims.extraction.drafts import Draft
from claims.extraction.lexicon import NETWORKS, OUTLET_WORDS, CueVerb
from claims.extraction.model import Span
from claims.extraction.structure import Layout, layout
from claims.extraction.tokens import Token, tokenize

_SENTENCE_CACHE_LIMIT = 1500
_REACH = 2500
_LEFT_WINDOW = 300
_RIGHT_WINDOW = 150
_LETTERS_RE = re.compile(r"[^\W\d_]+")


class CueSite(NamedTuple):
    """A cue verb in its sentence: the tokens around it and where its parts lie."""

    cue_start: int  # where the verb starts
    verb_end: int  # where the verb ends
    cue_end: int  # where the cue ends, with its particle ("called for")
    verb: CueVerb
    left: list[Token]  # tokens before the verb; left[aux_start:] are its auxiliaries
    right: list[Token]  # tokens after the verb; right[past_cue] follows the cue
    past_cue: int
    aux_start: int
    sentence_start: int  # the sentence, clipped
    sentence_end: int


class CueDocument:
    """One document as the cue rules read it: its text, layout and the drafts found so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lay: Layout = layout(text)
        self.drafts: list[Draft] = []
        self._cached_sentence = -1
        self._cached_tokens: list[Token] = []

    def tokens_around(
        self, cue_start: int, cue_end: int, sentence_start: int, sentence_end: int
    ) -> tuple[list[Token], list[Token]]:
        """Tokens before and after a cue, within its sentence and a window around it.

        A sentence is tokenised once and shared by all its cues; a window is enough since
        speakers and the start of content lie close to the cue.
        """
        lo = max(sentence_start, cue_start - _LEFT_WINDOW)
        hi = min(sentence_end, cue_end + _RIGHT_WINDOW)
        if sentence_end - sentence_start > _SENTENCE_CACHE_LIMIT:
            return tokenize(self.text, lo, cue_start), tokenize(self.text, cue_end, hi)
        if self._cached_sentence != sentence_start:
            self._cached_sentence = sentence_start
            self._cached_tokens = tokenize(self.text, sentence_start, sentence_end)
        tokens = self._cached_tokens
        # A token is a tuple that starts with its offset, so ``(pos,)`` sorts before the
        # first token starting at ``pos`` and the tokens are searched without a key.
        window_start = bisect_left(tokens, (lo,))
        before_end = bisect_left(tokens, (cue_start,), window_start)
        after_start = bisect_left(tokens, (cue_end,), before_end)
        window_end = bisect_left(tokens, (hi,), after_start)
        return tokens[window_start:before_end], tokens[after_start:window_end]

    def sentence(self, cue_start: int, cue_end: int) -> tuple[int, int]:
        """The sentence around a cue, clipped to a reach no real clause exceeds.

        Text without full stops makes one endless "sentence"; the clip keeps the work per
        cue bounded, so that extraction stays linear in the length of the text.
        """
        sentence_start, sentence_end = self.lay.sentence(cue_start)
        return max(sentence_start, cue_start - _REACH), min(sentence_end, cue_end + _REACH)

    def is_outlet(self, span: Span) -> bool:
        """True when ``span`` names a publication or a network ("the *Times*", "CNN")."""
        words = self.text[span[0] : span[1]]
        if "*" in words or "_" in words:
            return True
        names = re.findall(r"[A-Za-z]+", words)
        if not names:
            return False
        last = names[-1]
        return (last.lower() in OUTLET_WORDS and last[0].isupper()) or any(
            w in NETWORKS for w in names
        )

    def owner(self, sentence_start: int, cue_start: int) -> Draft | None:
        """The latest attribution with a speaker earlier in the same sentence."""
        for d in reversed(self.drafts):
            if d.cue_spans[0][0] < sentence_start:
                return None
            if d.speaker is not None and d.cue_spans[0][0] < cue_start:
                return d
        return None


def token_span(tokens: list[Token], first: int, last: int) -> Span:
    """The offsets from the start of ``tokens[first]`` to the end of ``tokens[last]``."""
    return tokens[first].start, tokens[last].end


def word_before(text: str, pos: int, reach: int) -> str:
    """The letters ending just before the spaces before ``pos``, within ``reach``; or "".

    Asked for every cue. A pattern anchored at the end would be tried at every position
    of the stretch; the reversed stretch is matched once, from its start.
    """
    stretch = text[max(0, pos - reach) : pos]
    words = stretch.rstrip()
    if len(words) == len(stretch):
        return ""  # no space before ``pos``
    letters = _LETTERS_RE.match(words[::-1])
    return letters.group()[::-1] if letters else ""
