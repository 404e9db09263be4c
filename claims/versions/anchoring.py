"""Finding a claim again in a new version of its source.

A claim remembers where it sits in the text it was read from: its offsets, its exact words
and some context on either side (the W3C TextPositionSelector and TextQuoteSelector). When
the article is edited, each claim is placed on the new text in three steps, the order
annotation tools use:

1. **quote**: its exact words, found once in the new text (differences in whitespace and
   line or page breaks do not count) with at least one side of its context still next to
   them. Found more than once, the context on either side decides, and failing that
   **position**: the occurrence nearest where the claim's surroundings moved to.
2. **fuzzy**: its words, edited: the text between where its context now is, or, when the
   context moved too, the stretch around any of its longer words still found (a moved
   paragraph). Accepted only when it is still close enough to be the same statement
   (``FUZZY_THRESHOLD``), and the claim is then marked as changed; a replaced first or
   last word stays in it. Words found once but with neither side of their context (a
   quote said twice, the claim's own occurrence edited) give way to an edited form next
   to the claim's context.
3. **orphan**: nothing close enough is left. The claim stays on the old version, with the
   closest text the new one has where it used to be, for a reviewer to decide. A claim
   whose context is still on both sides of other words was rewritten in place, and one
   with most of its longest words gone cannot be close enough anywhere: neither is looked
   for further.

The common case costs two plain searches of the new text and a comparison of the context.
The rest never folds the whole text: words are matched across other whitespace around
their longest word, and only short stretches are folded and compared, for the claims that
need it. Everything here is pure: texts in, placements out. ``claims.versions.history`` applies
them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

#: The lowest similarity (0-100) at which edited words still count as the same quote.
FUZZY_THRESHOLD = 80.0
#: How far beyond its context a fuzzy search looks, in characters, on either side.
FUZZY_MARGIN = 200
#: How far, in characters, the ends of an edited span are looked for around where its
#: found words or its context put them.
_SLACK = 24
#: Context shorter than this (folded) is too common to locate anything by.
_MIN_CONTEXT = 8
#: How many characters of the new text a folded character can have come from, at most
#: (a space that became a line break and a page break).
_SPREAD = 3
#: A piece of the words found more often than this locates nothing.
_MAX_SEED_HITS = 4

# The whitespace that folding changes: runs of two or more, and any single one but a space.
_RUN = re.compile(r"\s{2,}|[^\S ]")
_TOKEN = re.compile(r"\S+")
_WORDS = re.compile(r"\w+")
# Kinds of whitespace that re-wrapping, page breaks and careless editing add or remove.
_SPACE_KINDS = ("\n\n\n", "\f", "\t", "\r", "\v", " \n", "\n ", "  ")
_AS_SPACE = str.maketrans("\t\n\x0b\x0c\r", "     ")
# What ends a sentence or a quote: words past it are not the quote's.
_BOUNDARY = re.compile(r"[\"\u201c\u201d.!?:;]")


class Method(StrEnum):
    """How a claim was placed on the new text."""

    QUOTE = "quote"
    POSITION = "position"
    FUZZY = "fuzzy"
    ORPHAN = "orphan"


_QUOTE, _ORPHAN = Method.QUOTE, Method.ORPHAN


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a span sits in the old text: offsets, exact words and their context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


class Placement(NamedTuple):
    """Where a span landed on the new text, how it was found and how sure that is.

    For an orphan, ``start``/``end``/``exact`` are the closest candidate the new text has
    (None when there is none at all) and ``score`` its similarity. (A named tuple rather
    than a dataclass: one is made per claim, and this is several times cheaper to make.)
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


_new_placement = tuple.__new__


class _Folded:
    """A text with runs of whitespace folded to one space and none at either end, and the
    way back to offsets of the original.

    Only the runs folding changes are recorded (a single space stays as it is), so that an
    article with a few line breaks costs a few entries, not one per character.
    """

    def __init__(self, text: str) -> None:
        self.source = text
        self.text = " ".join(text.split())
        lead = len(text) - len(text.lstrip())
        # runs[k]: the folded offset of the k-th changed run; removed[k]: the characters
        # folding has taken out up to and including it (and ``lead`` before the text).
        runs: list[int] = []
        removed: list[int] = []
        sources: list[int] = []
        gone = lead
        for start, end in _changed_runs(text):
            if start == 0 or end == len(text):
                continue  # the ends: ``lead`` covers the first, nothing maps past the last
            runs.append(start - gone)
            sources.append(start)
            gone += end - start - 1
            removed.append(gone)
        self.lead = lead
        self.runs = runs
        self.removed = removed
        self.sources = sources

    def to_folded(self, at: int) -> int:
        """The folded offset of the original offset ``at`` of a character not a space."""
        k = bisect_left(self.sources, at)
        return at - (self.removed[k - 1] if k else self.lead)

    def to_source(self, at: int) -> int:
        """The original offset of folded offset ``at``."""
        k = bisect_left(self.runs, at)
        return at + (self.removed[k - 1] if k else self.lead)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``start:end``, trimmed of whitespace."""
        first = self.to_source(start)
        last = self.to_source(end - 1) + 1 if end > start else first
        source = self.source
        while first < last and source[first].isspace():
            first += 1
        while last > first and source[last - 1].isspace():
            last -= 1
        return first, last


_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _changed_runs(text: str) -> list[tuple[int, int]]:
    """The runs of whitespace of ``text`` other than a lone space, in order: found with a
    plain search for each kind of space character (a regular expression tries every
    position, which costs more than the rest of folding), or with one for text that is
    not ASCII, where any of many characters can be a space."""
    if not text.isascii():
        return [match.span() for match in _RUN.finditer(text)]
    seeds: list[int] = []
    for char in _ASCII_SPACES:
        at = text.find(char)
        while at >= 0:
            seeds.append(at)
            at = text.find(char, at + 1)
    at = text.find("  ")
    while at >= 0:
        seeds.append(at)
        at = text.find("  ", at + 2)
    runs: list[tuple[int, int]] = []
    last_end = -1
    for seed in sorted(seeds):
        if seed < last_end:
            continue
        start, end = seed, seed + 1
        while start > 0 and text[start - 1].isspace():
            start -= 1
        while end < len(text) and text[end].isspace():
            end += 1
        runs.append((start, end))
        last_end = end
    return runs


def fold(text: str) -> str:
    """``text`` with runs of whitespace folded to one space and none at either end."""
    return " ".join(text.split())


def _occurrences(haystack: str, needle: str, limit: int | None = None) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        if limit is not None and len(found) > limit:
            break
        at = haystack.find(needle, at + 1)
    return found


def _unique(haystack: str, needle: str) -> int | None:
    """Where ``needle`` occurs in ``haystack`` if it occurs exactly once."""
    at = haystack.find(needle)
    if at < 0 or haystack.find(needle, at + 1) >= 0:
        return None
    return at


# A candidate span of the folded new text: (score, start, end).
_Candidate = tuple[float, int, int]


class Reanchorer:
    """Places spans of one old text on its new version; build one per pair of versions.

    The new text is never folded whole: where the words are not found as they are, only
    the stretches around the places a rare word of theirs occurs (or where their context
    puts them) are folded and compared, so that an article costs about as much as the
    plain searches of its claims.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self._respaced: bool | None = None

    @property
    def respaced(self) -> bool:
        """Whether the new text may have whitespace the old one did not: some kind of it
        (line breaks within paragraphs, page breaks, doubled spaces...) is not as common
        as it was. Worked out once, the first time it is needed."""
        if self._respaced is None:
            old, new = self.old, self.new
            self._respaced = (
                any(old.count(kind) != new.count(kind) for kind in _SPACE_KINDS)
                or old.count("\n") - 2 * old.count("\n\n")
                != new.count("\n") - 2 * new.count("\n\n")
                or not (old.isascii() and new.isascii())
            )
        return self._respaced

    def place(self, anchor: Anchor) -> Placement:
        """Place one span on the new text (see the module docstring for the order)."""
        exact = anchor.exact
        new = self.new
        if exact and not exact.isspace():
            # The common case, at the cost of a plain search: the words are there, once,
            # next to their context.
            first = new.find(exact)
            if first >= 0:
                end = first + len(exact)
                if new.find(exact, first + 1) < 0:
                    prefix, suffix = anchor.prefix, anchor.suffix
                    # A side too short to tell anything (the text's start or end) agrees
                    # only if it still is the text's start or end.
                    if (
                        (len(prefix) >= _MIN_CONTEXT or first == len(prefix))
                        and new.endswith(prefix, 0, first)
                    ) or (
                        (len(suffix) >= _MIN_CONTEXT or end + len(suffix) == len(new))
                        and new.startswith(suffix, end)
                    ):
                        return _new_placement(Placement, (_QUOTE, first, end, exact, 100.0))
                else:
                    # Said more than once word for word.
                    spans = [(at, at + len(exact)) for at in _occurrences(new, exact)]
                    return self._choose(anchor, spans, raw=True)
        needle = fold(exact)
        if not needle:
            return Placement(_ORPHAN, None, None, None, 0.0)
        spans = self._loose(needle)
        if len(spans) > 1:
            return self._choose(anchor, spans)
        unique = spans[0] if spans else None
        if unique is not None and self._agrees(anchor, *unique):
            return self._placement(_QUOTE, unique[0], unique[1], 100.0)
        return self._fuzzy(anchor, needle, unique)

    def place_all(self, anchors: Sequence[Anchor]) -> list[Placement]:
        """Place every span, in order."""
        return [self.place(anchor) for anchor in anchors]

    def _placement(self, method: Method, start: int, end: int, score: float) -> Placement:
        return Placement(method, start, end, self.new[start:end], round(score, 1))

    def _window(self, low: int, high: int) -> tuple[_Folded, int]:
        """The stretch ``low:high`` of the new text, folded, and where it starts."""
        low, high = max(0, low), min(len(self.new), high)
        return _Folded(self.new[low:high]), low

    def _loose(self, needle: str) -> list[tuple[int, int]]:
        """Every span of the new text that is ``needle`` once whitespace is folded: each
        occurrence of its longest word (any such span holds it) with the words on either
        side compared, without folding anything."""
        new = self.new
        tokens = needle.split(" ")
        word = max(tokens, key=len)
        key = tokens.index(word)
        before = len(" ".join(tokens[:key])) + 1 if key else 0
        after = len(needle) - before
        spans: list[tuple[int, int]] = []
        at = new.find(word)
        while at >= 0:
            span = self._words_at(at, tokens, key, before, after)
            if span is not None and span not in spans:
                spans.append(span)
            at = new.find(word, at + 1)
        return spans

    def _words_at(
        self, at: int, tokens: list[str], key: int, before: int, after: int
    ) -> tuple[int, int] | None:
        """The span of the new text where ``tokens`` are, whatever the whitespace between
        them, if ``tokens[key]`` starts at ``at`` (``before`` and ``after`` it, the
        characters of the folded tokens). The first token may end a longer one and the
        last begin one (a quote's words next to its quotation marks)."""
        new = self.new
        last = len(tokens) - 1
        start = at
        if key:
            if not new[at - 1].isspace():
                return None
            low = max(0, at - _SPREAD * before - 2)
            left = new[low:at]
            parts = left.rsplit(None, key)
            if len(parts) < key or not parts[-key].endswith(tokens[0]):
                return None
            if key > 1 and parts[-key + 1 :] != tokens[1:key]:
                return None
            pos = len(parts[0]) if len(parts) > key else 0
            while pos < len(left) and left[pos].isspace():
                pos += 1
            start = low + pos + len(parts[-key]) - len(tokens[0])
        more = last - key
        right = new[at : at + _SPREAD * after + 2]
        parts = right.split(None, more)
        if len(parts) <= more or parts[:more] != tokens[key:last]:
            return None
        if not parts[more].startswith(tokens[last]):
            return None
        end = at + len(right) - len(parts[more]) + len(tokens[last])
        return start, end

    def _left(self, end: int, size: int) -> str:
        """The folded text just before ``end``, about ``size`` characters of it."""
        return fold(self.new[max(0, end - _SPREAD * size - 1) : end])[-size:] if size else ""

    def _right(self, start: int, size: int) -> str:
        return fold(self.new[start : start + _SPREAD * size + 1])[:size] if size else ""

    def _agrees(self, anchor: Anchor, start: int, end: int) -> bool:
        """Whether either side of the anchor's context is still next to a span."""
        if not (anchor.prefix or anchor.suffix):
            return True
        new = self.new
        prefix = fold(anchor.prefix)
        if len(prefix) >= _MIN_CONTEXT:
            if self._left(start, len(prefix)) == prefix:
                return True
        elif start <= _SPREAD * len(prefix) + 1 and fold(new[:start]) == prefix:
            return True
        suffix = fold(anchor.suffix)
        if len(suffix) >= _MIN_CONTEXT:
            return self._right(end, len(suffix)) == suffix
        return len(new) - end <= _SPREAD * len(suffix) + 1 and fold(new[end:]) == suffix

    def _context_score(self, anchor: Anchor, start: int, end: int, raw: bool) -> float:
        """How well the text around a span agrees with the anchor's context: compared as
        they are when the span is the exact words (``raw``), else folded."""
        new = self.new
        if raw:
            prefix, suffix = anchor.prefix, anchor.suffix
            left = new[max(0, start - len(prefix)) : start]
            right = new[end : end + len(suffix)]
        else:
            prefix, suffix = fold(anchor.prefix), fold(anchor.suffix)
            left, right = self._left(start, len(prefix)), self._right(end, len(suffix))
        score = 0.0
        if prefix:
            score += 100.0 if left == prefix else fuzz.ratio(prefix, left)
        if suffix:
            score += 100.0 if right == suffix else fuzz.ratio(suffix, right)
        parts = bool(prefix) + bool(suffix)
        return score / parts if parts else 0.0

    def _expected(self, anchor: Anchor) -> int:
        """Where in the new text the span is expected: after its prefix if that is found
        once, else at the same relative place in the text."""
        prefix = anchor.prefix
        if len(prefix.strip()) >= _MIN_CONTEXT:
            at = _unique(self.new, prefix)
            if at is not None:
                return at + len(prefix)
        return int(anchor.start * len(self.new) / max(1, len(self.old)))

    def _choose(self, anchor: Anchor, spans: list[tuple[int, int]], raw: bool = False) -> Placement:
        """One of several occurrences: the best context, else the nearest position."""
        scored = sorted(
            ((self._context_score(anchor, start, end, raw), start, end) for start, end in spans),
            key=lambda item: (-item[0], item[1]),
        )
        best, start, end = scored[0]
        if best - scored[1][0] >= 10:
            return self._placement(_QUOTE, start, end, 100.0)
        expected = self._expected(anchor)
        tied = [(start, end) for score, start, end in scored if best - score < 10]
        start, end = min(tied, key=lambda span: (abs(span[0] - expected), span[0]))
        return self._placement(Method.POSITION, start, end, 100.0)

    def _fuzzy(self, anchor: Anchor, needle: str, unique: tuple[int, int] | None) -> Placement:
        """The closest edited form of the words: between their context, else around any
        word of theirs still there; ``unique``, the words found once away from their
        context, unless their context holds an edited form of them."""
        between, in_place = self._between(anchor, needle)
        if unique is not None:
            if between is not None and between[0] >= FUZZY_THRESHOLD:
                return self._placement(Method.FUZZY, between[1], between[2], between[0])
            return self._placement(_QUOTE, unique[0], unique[1], 100.0)
        if between is not None and between[0] >= FUZZY_THRESHOLD:
            return self._placement(Method.FUZZY, between[1], between[2], between[0])
        if between is not None and in_place:
            # Its context is there on both sides with other words between: the quote was
            # rewritten where it stood, not moved.
            score, start, end = between
            return Placement(_ORPHAN, start, end, self.new[start:end], round(score, 1))
        best = self._seeded(needle)
        if (best is None or best[0] < FUZZY_THRESHOLD) and len(needle) < 2 * _SLACK:
            # Too short to have words worth searching for: align it near its context.
            aligned = self._align(anchor, needle)
            if aligned is not None and (best is None or aligned[0] > best[0]):
                best = aligned
        if best is not None and best[0] >= FUZZY_THRESHOLD:
            return self._placement(Method.FUZZY, best[1], best[2], best[0])
        # An orphan, shown with the closest text where it used to be.
        closest = between or self._at_expected(anchor, needle) or best
        if closest is None:
            return Placement(_ORPHAN, None, None, None, 0.0)
        score, start, end = closest
        return Placement(_ORPHAN, start, end, self.new[start:end], round(score, 1))

    def _between(self, anchor: Anchor, needle: str) -> tuple[_Candidate | None, bool]:
        """The text where the anchor's context says the span is: between its prefix and
        its suffix (found as they are or with other whitespace); or after the one, before
        the other, with the end that makes it closest to ``needle``. Also whether it is
        between both."""
        new = self.new
        prefix, suffix = anchor.prefix, anchor.suffix
        # How far apart the two sides can be: the words, with some added or re-spaced.
        reach = _SPREAD * len(needle) + _SLACK
        before = self._found(prefix) if len(prefix.strip()) >= _MIN_CONTEXT else []
        after = self._found(suffix) if len(suffix.strip()) >= _MIN_CONTEXT else []
        start = end = None
        if len(before) == 1:
            start = before[0][1]
            # A suffix said more than once: the one that follows the prefix.
            ends = [at for at, _ in after if start <= at <= start + reach]
            end = ends[0] if ends else None
        elif len(after) == 1:
            end = after[0][0]
            # A prefix said more than once: the one just before the suffix.
            starts = [at for _, at in before if end - reach <= at <= end]
            start = starts[-1] if starts else None
        if start is not None and end is not None:
            while start < end and new[start].isspace():
                start += 1
            while end > start and new[end - 1].isspace():
                end -= 1
            if end <= start:
                return None, False
            between = fold(new[start:end])
            # Rewritten in place, if there is about as much as there was.
            in_place = len(between) <= 2 * len(needle) + _SLACK
            return (fuzz.ratio(needle, between), start, end), in_place
        # One side only, or a side said more than once and no other to tell which: the
        # closest stretch after (or before) any of its occurrences.
        starts = [start] if start is not None else [at for _, at in before[:_MAX_SEED_HITS]]
        ends = [end] if end is not None else [at for at, _ in after[:_MAX_SEED_HITS]]
        best: _Candidate | None = None
        for at in starts:
            window, low = self._window(at, at + _SPREAD * len(needle) + _SLACK)
            found = self._back(window, low, _refine(needle, window.text, 0, len(needle), "start"))
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        for at in ends:
            window, low = self._window(at - _SPREAD * len(needle) - _SLACK, at)
            size = len(window.text)
            found = _refine(needle, window.text, size - len(needle), size, fixed="end")
            found = self._back(window, low, found)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        return best, False

    def _found(self, piece: str) -> list[tuple[int, int]]:
        """The spans of the new text that are ``piece``, as it is or, failing that, with
        other whitespace."""
        hits = _occurrences(self.new, piece, 8)
        if hits:
            return [(at, at + len(piece)) for at in hits]
        folded = fold(piece) if self.respaced else ""
        return self._loose(folded) if folded else []

    @staticmethod
    def _back(window: _Folded, low: int, found: _Candidate | None) -> _Candidate | None:
        """A candidate in a folded window as offsets of the new text."""
        if found is None:
            return None
        score, start, end = found
        first, last = window.original(start, end)
        if last <= first:
            return None
        return score, low + first, low + last

    def _seeded(self, needle: str) -> _Candidate | None:
        """The best edited form of ``needle`` around the places where one of its words is
        still found: the longest word of each quarter of it, if it is rare enough. An
        edited form close enough keeps most of them: with fewer, none is looked for."""
        new = self.new
        words = [(match.group(), match.start()) for match in _WORDS.finditer(needle)]
        pieces = min(4, len(words))
        size = len(words) / pieces if pieces else 0
        seeds = []
        for k in range(pieces):
            part = words[round(k * size) : round((k + 1) * size)]
            if part:
                word, offset = max(part, key=lambda item: len(item[0]))
                if len(word) >= 3:
                    seeds.append((offset, _occurrences(new, word, _MAX_SEED_HITS)))
        if not seeds or 2 * sum(1 for _, hits in seeds if hits) < len(seeds):
            return None
        # Where each found word puts the start of the words; only where most of them
        # agree (give or take what the edit and the whitespace moved) is worth a look.
        starts = [
            (at - offset, k)
            for k, (offset, hits) in enumerate(seeds)
            if len(hits) <= _MAX_SEED_HITS
            for at in hits
        ]
        needed = (len(seeds) + 1) // 2
        best: _Candidate | None = None
        tried: list[int] = []
        for offset, hits in seeds:
            if len(hits) > _MAX_SEED_HITS:
                continue
            for at in hits:
                if any(abs(at - offset - seen) <= _SLACK for seen in tried):
                    continue
                agreeing = {k for start, k in starts if abs(start - (at - offset)) <= 2 * _SLACK}
                if len(agreeing) < needed:
                    continue
                tried.append(at - offset)
                # Only where a stretch of about the needle's length could be close enough
                # (whitespace as spaces, which only lowers the bound where it changed).
                rough = new[max(0, at - offset - _SLACK) : at - offset + len(needle) + _SLACK]
                if _bound(needle, rough.translate(_AS_SPACE)) < FUZZY_THRESHOLD:
                    continue
                low = at - _SPREAD * offset - _SLACK
                window, low = self._window(low, at + _SPREAD * (len(needle) - offset) + _SLACK)
                centre = window.to_folded(at - low)
                found = _refine(needle, window.text, centre - offset, centre - offset + len(needle))
                found = self._back(window, low, found)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        return best

    def _at_expected(self, anchor: Anchor, needle: str) -> _Candidate | None:
        """The stretch of whole words of the needle's length where the span is expected."""
        start = self._expected(anchor)
        window, low = self._window(start, start + _SPREAD * len(needle) + _SLACK)
        return self._back(window, low, _refine(needle, window.text, 0, len(needle)))

    def _align(self, anchor: Anchor, needle: str) -> _Candidate | None:
        """The best-matching stretch of the region the context puts a short span in,
        widened to whole words and scored as a whole against ``needle``."""
        expected = self._expected(anchor)
        window, low = self._window(
            expected - len(needle) - FUZZY_MARGIN, expected + 2 * len(needle) + FUZZY_MARGIN
        )
        text = window.text
        if not text:
            return None
        alignment = fuzz.partial_ratio_alignment(needle, text)
        if alignment is None or alignment.score == 0:
            return None
        start, end = _whole_words(text, alignment.dest_start, alignment.dest_end)
        if not text[start:end].strip():
            return None
        # Judge the stretch as a whole: a quote cut short or padded out scores lower.
        return self._back(window, low, (fuzz.ratio(needle, text[start:end]), start, end))


def _bound(needle: str, window: str) -> float:
    """The best score any stretch of ``window`` can have against ``needle``: none has
    more in common with it than the whole window has."""
    common = (len(needle) + len(window) - Indel.distance(needle, window)) / 2
    return 200 * common / (len(needle) + common) if common else 0.0


def _refine(needle: str, text: str, start: int, end: int, fixed: str = "") -> _Candidate | None:
    """The stretch of whole words of ``text`` closest to ``needle`` with its ends within
    ``_SLACK`` of ``start`` and ``end`` (one of them kept as it is if ``fixed``); only its
    rough place when no stretch there can reach ``FUZZY_THRESHOLD``."""
    start, end = max(0, start), min(len(text), end)
    low = max(0, start - (0 if fixed == "start" else _SLACK))
    high = min(len(text), end + (0 if fixed == "end" else _SLACK))
    if high <= low:
        return None
    window = text[low:high]
    if _bound(needle, window) < FUZZY_THRESHOLD:
        # Nothing there will do: only its rough place, for an orphan to be shown with.
        first, last = _whole_words(text, start, end)
        if last <= first or not text[first:last].strip():
            return None
        return fuzz.ratio(needle, text[first:last]), first, last
    starts = {start} if fixed == "start" else set()
    ends = {end} if fixed == "end" else set()
    for pattern in (_WORDS, _TOKEN):
        for match in pattern.finditer(window):
            if fixed != "start" and abs(low + match.start() - start) <= _SLACK:
                starts.add(low + match.start())
            if fixed != "end" and abs(low + match.end() - end) <= _SLACK:
                ends.add(low + match.end())
    if not starts or not ends:
        return None
    first = min(starts, key=lambda at: (abs(at - start), at))
    last = min(ends, key=lambda at: (abs(at - end), at))
    # Each end in turn to its best place, the other held, until neither moves.
    score = fuzz.ratio(needle, text[first:last]) if last > first else 0.0
    for _ in range(3):
        moved = False
        for at in sorted(starts):
            if at < last and at != first:
                got = fuzz.ratio(needle, text[at:last])
                if got > score:
                    score, first, moved = got, at, True
        for at in sorted(ends):
            if at > first and at != last:
                got = fuzz.ratio(needle, text[first:at])
                if got > score:
                    score, last, moved = got, at, True
        if not moved:
            break
    if last <= first:
        return None
    return _edge_words(needle, text, (score, first, last), fixed)


_WORD = re.compile(r"\w", re.UNICODE)


def _edge_words(needle: str, text: str, found: _Candidate, fixed: str) -> _Candidate:
    """``found`` with the words replaced at either end taken back in.

    The stretch closest to the needle leaves a replaced first or last word out (it adds
    more than it matches), but the edited quote still has it: at an end whose word is not
    the needle's, words are added, up to the needle's number of words, while they are in
    the same sentence or quote and the whole is still close enough."""
    score, first, last = found
    old = [word.lower() for word in _WORDS.findall(needle)]
    for _ in range(len(old)):
        words = [match for match in _WORDS.finditer(text, first, last)]
        if not words or len(words) >= len(old):
            break
        grown = False
        if fixed != "start" and words[0].group().lower() != old[0]:
            before = [match for match in _WORDS.finditer(text, max(0, first - 40), first)]
            if before and not _BOUNDARY.search(text, before[-1].end(), first):
                got = fuzz.ratio(needle, text[before[-1].start() : last])
                if got >= FUZZY_THRESHOLD:
                    score, first, grown = got, before[-1].start(), True
        if (
            fixed != "end"
            and words[-1].group().lower() != old[-1]
            and len(words) + grown < len(old)
        ):
            after = _WORDS.search(text, last, last + 40)
            if after is not None and not _BOUNDARY.search(text, last, after.start()):
                got = fuzz.ratio(needle, text[first : after.end()])
                if got >= FUZZY_THRESHOLD:
                    score, last, grown = got, after.end(), True
        if not grown:
            break
    return score, first, last


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
