"""Finding a claim again in a new version of its source.

A claim remembers where it sits in the text it was read from: its offsets, its exact words
and some context on either side (the W3C TextPositionSelector and TextQuoteSelector). When
the article is edited, each claim is placed on the new text in three steps, the order
annotation tools use:

1. **quote**: its exact words, found once in the new text (differences in whitespace and
   line or page breaks do not count). Found more than once, the context on either side
   decides, and failing that **position**: the occurrence nearest where the claim's
   surroundings moved to.
2. **fuzzy**: its words, edited, in the region where its context now is (or anywhere,
   for a moved paragraph): accepted only when they are still close enough to be the same
   statement (``FUZZY_THRESHOLD``), and the claim is then marked as changed.
3. **orphan**: nothing close enough is left. The claim stays on the old version, with the
   closest text the new one has, for a reviewer to decide.

Everything here is pure: texts in, placements out. ``claims.versions`` applies them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

#: The lowest similarity (0-100) at which edited words still count as the same quote.
FUZZY_THRESHOLD = 80.0
#: How far beyond its context a fuzzy search looks, in characters, on either side.
FUZZY_MARGIN = 200

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w", re.UNICODE)


class Method(StrEnum):
    """How a claim was placed on the new text."""

    QUOTE = "quote"
    POSITION = "position"
    FUZZY = "fuzzy"
    ORPHAN = "orphan"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a span sits in the old text: offsets, exact words and their context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a span landed on the new text, how it was found and how sure that is.

    For an orphan, ``start``/``end``/``exact`` are the closest candidate the new text has
    (None when there is none at all) and ``score`` its similarity.
    """

    method: Method
    start: int | None
    end: int | None
    exact: str | None
    score: float

    @property
    def placed(self) -> bool:
        """Whether the span was found (an orphan was not)."""
        return self.method is not Method.ORPHAN

    @property
    def changed(self) -> bool:
        """Whether the words themselves differ from the old ones."""
        return self.method is Method.FUZZY


class _Folded:
    """A text with runs of whitespace folded to one space, and the way back to offsets of
    the original."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        # starts[i]: the original offset of folded offset i, for every folded character.
        starts: list[int] = []
        at = 0
        for match in _SPACE.finditer(text):
            pieces.append(text[at : match.start()])
            starts.extend(range(at, match.start()))
            pieces.append(" ")
            starts.append(match.start())
            at = match.end()
        pieces.append(text[at:])
        starts.extend(range(at, len(text)))
        starts.append(len(text))
        self.text = "".join(pieces)
        self.starts = starts
        self.source = text

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``start:end``, trimmed of whitespace."""
        first, last = self.starts[start], self.starts[end - 1] + 1 if end > start else start
        while first < last and self.source[first].isspace():
            first += 1
        while last > first and self.source[last - 1].isspace():
            last -= 1
        return first, last


def fold(text: str) -> str:
    """``text`` with runs of whitespace folded to one space and none at either end."""
    return _SPACE.sub(" ", text).strip()


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


class Reanchorer:
    """Places spans of one old text on its new version; build one per pair of versions."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self._folded: _Folded | None = None

    @property
    def folded(self) -> _Folded:
        if self._folded is None:
            self._folded = _Folded(self.new)
        return self._folded

    def place(self, anchor: Anchor) -> Placement:
        """Place one span on the new text (see the module docstring for the order)."""
        exact = anchor.exact
        if exact.strip():
            # The common case, at the cost of a plain search: the words are there, once.
            first = self.new.find(exact)
            if first >= 0 and self.new.find(exact, first + 1) < 0:
                return Placement(Method.QUOTE, first, first + len(exact), exact, 100.0)
        needle = fold(exact)
        if not needle:
            return Placement(Method.ORPHAN, None, None, None, 0.0)
        folded = self.folded
        hits = _occurrences(folded.text, needle)
        if len(hits) == 1:
            return self._placement(Method.QUOTE, hits[0], hits[0] + len(needle), 100.0)
        if hits:
            return self._choose(anchor, needle, hits)
        return self._fuzzy(anchor, needle)

    def place_all(self, anchors: Sequence[Anchor]) -> list[Placement]:
        """Place every span, in order."""
        return [self.place(anchor) for anchor in anchors]

    def _placement(self, method: Method, start: int, end: int, score: float) -> Placement:
        first, last = self.folded.original(start, end)
        return Placement(method, first, last, self.new[first:last], round(score, 1))

    def _context_score(self, anchor: Anchor, start: int, end: int) -> float:
        """How well the text around a folded occurrence agrees with the anchor's context."""
        text = self.folded.text
        prefix, suffix = fold(anchor.prefix), fold(anchor.suffix)
        score = 0.0
        if prefix:
            score += fuzz.ratio(prefix, text[max(0, start - len(prefix) - 1) : start].strip())
        if suffix:
            score += fuzz.ratio(suffix, text[end : end + len(suffix) + 1].strip())
        parts = bool(prefix) + bool(suffix)
        return score / parts if parts else 0.0

    def _expected(self, anchor: Anchor) -> int:
        """Where in the folded new text the span is expected: after its prefix if that is
        found once, else at the same relative place in the text."""
        prefix = fold(anchor.prefix)
        text = self.folded.text
        if len(prefix) >= 8:
            hits = _occurrences(text, prefix)
            if len(hits) == 1:
                return hits[0] + len(prefix) + 1
        scale = len(text) / max(1, len(self.old))
        return int(anchor.start * scale)

    def _choose(self, anchor: Anchor, needle: str, hits: list[int]) -> Placement:
        """One of several occurrences: the best context, else the nearest position."""
        scored = sorted(
            ((self._context_score(anchor, at, at + len(needle)), at) for at in hits),
            reverse=True,
        )
        best, at = scored[0]
        if best - scored[1][0] >= 10:
            return self._placement(Method.QUOTE, at, at + len(needle), 100.0)
        expected = self._expected(anchor)
        tied = [hit for score, hit in scored if best - score < 10]
        at = min(tied, key=lambda hit: (abs(hit - expected), hit))
        return self._placement(Method.POSITION, at, at + len(needle), 100.0)

    def _region(self, anchor: Anchor, needle: str) -> tuple[int, int]:
        """The stretch of the folded new text where the span's context puts it, with room
        for words added on either side."""
        expected = self._expected(anchor)
        low = max(0, expected - len(needle) - FUZZY_MARGIN)
        high = min(len(self.folded.text), expected + 2 * len(needle) + FUZZY_MARGIN)
        return low, high

    def _fuzzy(self, anchor: Anchor, needle: str) -> Placement:
        """The closest edited form of the words, near their context and then anywhere."""
        text = self.folded.text
        low, high = self._region(anchor, needle)
        best = self._align(needle, text, low, high)
        if best is None or best[0] < FUZZY_THRESHOLD:
            anywhere = self._align(needle, text, 0, len(text))
            # Elsewhere only if it is good enough: the closest text an orphan is shown
            # with is the one where it used to be.
            if anywhere is not None and (best is None or anywhere[0] >= FUZZY_THRESHOLD):
                best = anywhere
        if best is None:
            return Placement(Method.ORPHAN, None, None, None, 0.0)
        score, start, end = best
        if score >= FUZZY_THRESHOLD:
            return self._placement(Method.FUZZY, start, end, score)
        first, last = self.folded.original(start, end)
        return Placement(Method.ORPHAN, first, last, self.new[first:last], round(score, 1))

    def _align(self, needle: str, text: str, low: int, high: int) -> tuple[float, int, int] | None:
        """The best-matching stretch of ``text[low:high]``, widened to whole words and
        scored as a whole against ``needle``: (score, start, end) in folded offsets."""
        region = text[low:high]
        if not region.strip():
            return None
        alignment = fuzz.partial_ratio_alignment(needle, region)
        if alignment is None or alignment.score == 0:
            return None
        start, end = low + alignment.dest_start, low + alignment.dest_end
        start, end = _whole_words(text, start, end)
        candidate = text[start:end].strip()
        if not candidate:
            return None
        # Judge the stretch as a whole: a quote cut short or padded out scores lower.
        score = fuzz.ratio(needle, candidate)
        return score, start, end


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start:end`` so that it neither begins nor ends inside a word."""
    while start > 0 and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
        start -= 1
    while end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
        end += 1
    return start, end


def shift_nearby(
    new: str, old_start: int, old_end: int, exact: str, delta: int
) -> tuple[int, int] | None:
    """Where a short span next to a placed claim (its speaker, its cue) is now: moved by
    the claim's own shift when the words are still there, else the nearest occurrence of
    the same words within a paragraph's reach; None when they are gone."""
    if not exact:
        return None
    start = old_start + delta
    if new[start : start + len(exact)] == exact:
        return start, start + len(exact)
    reach = 600
    low = max(0, start - reach)
    hits = [low + at for at in _occurrences(new[low : start + reach + len(exact)], exact)]
    if not hits:
        return None
    at = min(hits, key=lambda hit: abs(hit - start))
    return at, at + len(exact)
