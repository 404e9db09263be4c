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
   context moved too, the stretch around any piece of its words still found word for word
   (a moved paragraph). Accepted only when it is still close enough to be the same
   statement (``FUZZY_THRESHOLD``), and the claim is then marked as changed. Words found
   once but with neither side of their context (a quote said twice, the claim's own
   occurrence edited) give way to an edited form between the claim's intact context.
3. **orphan**: nothing close enough is left. The claim stays on the old version, with the
   closest text the new one has where it used to be, for a reviewer to decide.

The common case costs two plain searches of the new text: the whitespace-folded copy of the
text and every fuzzy comparison are made only for the claims that need them. Everything
here is pure: texts in, placements out. ``claims.versions`` applies them.
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
#: A piece of the words found more often than this locates nothing.
_MAX_SEED_HITS = 4

# The whitespace that folding changes: runs of two or more, and any single one but a space.
_RUN = re.compile(r"\s{2,}|[^\S ]")
_TOKEN = re.compile(r"\S+")
_WORDS = re.compile(r"\w+")


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
        gone = lead
        for start, end in _changed_runs(text):
            if start == 0 or end == len(text):
                continue  # the ends: ``lead`` covers the first, nothing maps past the last
            runs.append(start - gone)
            gone += end - start - 1
            removed.append(gone)
        self.lead = lead
        self.runs = runs
        self.removed = removed

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
        new = self.new
        if exact and not exact.isspace():
            # The common case, at the cost of a plain search: the words are there, once,
            # next to their context.
            first = new.find(exact)
            if first >= 0:
                again = new.find(exact, first + 1)
                end = first + len(exact)
                if again < 0:
                    prefix, suffix = anchor.prefix, anchor.suffix
                    if (
                        (prefix and new.endswith(prefix, 0, first))
                        or (suffix and new.startswith(suffix, end))
                        or not (prefix or suffix)
                    ):
                        return _new_placement(Placement, (_QUOTE, first, end, exact, 100.0))
                else:
                    # Said more than once, word for word: no need to fold the text.
                    return self._choose_exact(anchor, _occurrences(new, exact))
        needle = fold(exact)
        if not needle:
            return Placement(_ORPHAN, None, None, None, 0.0)
        text = self.folded.text
        hits = _occurrences(text, needle)
        if len(hits) > 1:
            return self._choose(anchor, needle, hits)
        unique = None
        if hits:
            unique = hits[0]
            if self._agrees(anchor, unique, unique + len(needle)):
                return self._placement(_QUOTE, unique, unique + len(needle), 100.0)
        return self._fuzzy(anchor, needle, unique)

    def place_all(self, anchors: Sequence[Anchor]) -> list[Placement]:
        """Place every span, in order."""
        return [self.place(anchor) for anchor in anchors]

    def _placement(self, method: Method, start: int, end: int, score: float) -> Placement:
        first, last = self.folded.original(start, end)
        return Placement(method, first, last, self.new[first:last], round(score, 1))

    def _agrees(self, anchor: Anchor, start: int, end: int) -> bool:
        """Whether either side of the anchor's context is still next to a folded span."""
        text = self.folded.text
        prefix, suffix = fold(anchor.prefix), fold(anchor.suffix)
        if not (prefix or suffix):
            return True
        if prefix and (text.endswith(prefix, 0, start) or text.endswith(prefix, 0, start - 1)):
            return True
        return bool(suffix) and (text.startswith(suffix, end) or text.startswith(suffix, end + 1))

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
        if len(prefix) >= _MIN_CONTEXT:
            at = _unique(text, prefix)
            if at is not None:
                return at + len(prefix) + 1
        scale = len(text) / max(1, len(self.old))
        return int(anchor.start * scale)

    def _choose_exact(self, anchor: Anchor, hits: list[int]) -> Placement:
        """One of several occurrences of the exact words in the new text as it is: the best
        context, else the nearest to where the prefix is now."""
        new, exact = self.new, anchor.exact
        size = len(exact)
        prefix, suffix = anchor.prefix, anchor.suffix
        scored = []
        for at in hits:
            score = 0.0
            if prefix:
                score += fuzz.ratio(prefix, new[max(0, at - len(prefix)) : at])
            if suffix:
                score += fuzz.ratio(suffix, new[at + size : at + size + len(suffix)])
            parts = bool(prefix) + bool(suffix)
            scored.append((score / parts if parts else 0.0, at))
        scored.sort(reverse=True)
        best, at = scored[0]
        if best - scored[1][0] >= 10:
            return Placement(_QUOTE, at, at + size, exact, 100.0)
        expected = None
        if len(prefix.strip()) >= _MIN_CONTEXT:
            found = _unique(new, prefix)
            if found is not None:
                expected = found + len(prefix)
        if expected is None:
            expected = int(anchor.start * len(new) / max(1, len(self.old)))
        tied = [hit for score, hit in scored if best - score < 10]
        at = min(tied, key=lambda hit: (abs(hit - expected), hit))
        return Placement(Method.POSITION, at, at + size, exact, 100.0)

    def _choose(self, anchor: Anchor, needle: str, hits: list[int]) -> Placement:
        """One of several occurrences: the best context, else the nearest position."""
        scored = sorted(
            ((self._context_score(anchor, at, at + len(needle)), at) for at in hits),
            reverse=True,
        )
        best, at = scored[0]
        if best - scored[1][0] >= 10:
            return self._placement(_QUOTE, at, at + len(needle), 100.0)
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

    def _fuzzy(self, anchor: Anchor, needle: str, unique: int | None) -> Placement:
        """The closest edited form of the words: between their context, else around any
        piece of them still there; ``unique``, the words found once away from their
        context, unless their context holds an edited form of them."""
        text = self.folded.text
        between, both_sides = self._between(anchor, needle)
        if unique is not None:
            if between is not None and both_sides and between[0] >= FUZZY_THRESHOLD:
                return self._placement(Method.FUZZY, between[1], between[2], between[0])
            return self._placement(_QUOTE, unique, unique + len(needle), 100.0)
        if between is not None and between[0] >= FUZZY_THRESHOLD:
            return self._placement(Method.FUZZY, between[1], between[2], between[0])
        best = self._seeded(needle, text)
        if best is None and len(needle) < 2 * _SLACK:
            # Too short to cut into pieces worth searching for: align it near its context.
            best = self._align(needle, text, *self._region(anchor, needle))
        if best is not None and best[0] >= FUZZY_THRESHOLD:
            return self._placement(Method.FUZZY, best[1], best[2], best[0])
        # An orphan, shown with the closest text where it used to be.
        closest = between or self._at_expected(anchor, needle) or best
        if closest is None:
            return Placement(_ORPHAN, None, None, None, 0.0)
        score, start, end = closest
        first, last = self.folded.original(start, end)
        return Placement(_ORPHAN, first, last, self.new[first:last], round(score, 1))

    def _between(self, anchor: Anchor, needle: str) -> tuple[_Candidate | None, bool]:
        """The text where the anchor's context says the span is: between its prefix and
        its suffix, each found once; or after the one, before the other, with the end
        that makes it closest to ``needle``. Also whether both sides were found."""
        text = self.folded.text
        prefix, suffix = fold(anchor.prefix), fold(anchor.suffix)
        reach = 2 * len(needle) + FUZZY_MARGIN
        start = end = None
        prefix_at = _unique(text, prefix) if len(prefix) >= _MIN_CONTEXT else None
        suffix_at = _unique(text, suffix) if len(suffix) >= _MIN_CONTEXT else None
        if prefix_at is not None:
            start = prefix_at + len(prefix)
            if text[start : start + 1] == " ":
                start += 1
            if suffix_at is None or not start <= suffix_at <= start + reach:
                # A suffix said more than once: the one that follows the prefix.
                found = text.find(suffix, start, start + reach) if suffix_at is None else -1
                suffix_at = found if found >= 0 and len(suffix) >= _MIN_CONTEXT else None
        elif suffix_at is not None and len(prefix) >= _MIN_CONTEXT:
            # A prefix said more than once: the one just before the suffix.
            found = text.rfind(prefix, max(0, suffix_at - reach), suffix_at)
            if found >= 0:
                start = found + len(prefix)
                if text[start : start + 1] == " ":
                    start += 1
                if start > suffix_at:
                    start = None
        if suffix_at is not None:
            end = suffix_at
            if end > 0 and text[end - 1] == " ":
                end -= 1
        if start is not None and end is not None:
            if end <= start:
                return None, True
            return (fuzz.ratio(needle, text[start:end]), start, end), True
        if start is not None:
            return self._refine(needle, text, start, start + len(needle), fixed="start"), False
        if end is not None:
            return self._refine(needle, text, end - len(needle), end, fixed="end"), False
        return None, False

    def _seeded(self, needle: str, text: str) -> _Candidate | None:
        """The best edited form of ``needle`` around the places where a piece of it (a
        quarter of its words, or more for short ones) is still found word for word."""
        words = needle.split(" ")
        pieces = min(4, len(needle) // 12, len(words))
        if pieces < 2:
            return None
        best: _Candidate | None = None
        tried: list[int] = []
        size = len(words) / pieces
        offset = 0
        for k in range(pieces):
            chunk_words = words[round(k * size) : round((k + 1) * size)]
            chunk = " ".join(chunk_words)
            hits = _occurrences(text, chunk, _MAX_SEED_HITS) if len(chunk) >= 4 else []
            if len(hits) <= _MAX_SEED_HITS:
                for hit in hits:
                    start = hit - offset
                    if any(abs(start - seen) <= _SLACK for seen in tried):
                        continue
                    tried.append(start)
                    found = self._refine(needle, text, start, start + len(needle))
                    if found is not None and (best is None or found[0] > best[0]):
                        best = found
            offset += len(chunk) + 1
        return best

    def _refine(
        self, needle: str, text: str, start: int, end: int, fixed: str = ""
    ) -> _Candidate | None:
        """The stretch of whole words closest to ``needle`` with its ends within
        ``_SLACK`` of ``start`` and ``end`` (one of them kept as it is if ``fixed``);
        only its rough place when no stretch there can reach ``FUZZY_THRESHOLD``."""
        low = max(0, start - (0 if fixed == "start" else _SLACK))
        high = min(len(text), end + (0 if fixed == "end" else _SLACK))
        if high <= low:
            return None
        window = text[low:high]
        # No stretch of the window has more in common with the needle than the window
        # itself, which bounds the best score any of them can have.
        common = (len(needle) + len(window) - Indel.distance(needle, window)) / 2
        bound = 200 * common / (len(needle) + common) if common else 0.0
        starts, ends = {start} if fixed == "start" else set(), {end} if fixed == "end" else set()
        for pattern in (_WORDS, _TOKEN):
            for match in pattern.finditer(window):
                starts.add(low + match.start())
                ends.add(low + match.end())
        if fixed != "start":
            starts = {at for at in starts if abs(at - start) <= _SLACK}
        if fixed != "end":
            ends = {at for at in ends if abs(at - end) <= _SLACK}
        if not starts or not ends:
            return None
        first = min(starts, key=lambda at: (abs(at - start), at))
        last = min(ends, key=lambda at: (abs(at - end), at))
        if bound < FUZZY_THRESHOLD:
            if last <= first:
                return None
            return fuzz.ratio(needle, text[first:last]), first, last
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

    def _at_expected(self, anchor: Anchor, needle: str) -> _Candidate | None:
        """The stretch of whole words of the needle's length where the span is expected."""
        text = self.folded.text
        start = min(self._expected(anchor), len(text))
        found = self._refine(needle, text, start, start + len(needle))
        return found

    def _align(self, needle: str, text: str, low: int, high: int) -> _Candidate | None:
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
        return fuzz.ratio(needle, candidate), start, end


_WORD = re.compile(r"\w", re.UNICODE)


def _edge_words(needle: str, text: str, found: _Candidate, fixed: str) -> _Candidate:
    """``found`` with a first or last word of the needle that was replaced by another
    taken back in: the stretch closest to the needle leaves a replaced word at either end
    out (it adds more than it matches), but the edited quote still has it."""
    score, first, last = found
    old = _WORDS.findall(needle)
    if len(old) < 3:
        return found
    words = list(_WORDS.finditer(text, first, last))
    if not words or len(words) >= len(old):
        return found
    if fixed != "start" and words[0].group() == old[1] != old[0]:
        before = [m for m in _WORDS.finditer(text, max(0, first - 40), first)]
        if before and " " not in text[before[-1].end() : first].strip():
            got = fuzz.ratio(needle, text[before[-1].start() : last])
            if got >= FUZZY_THRESHOLD:
                score, first = got, before[-1].start()
    if fixed != "end" and words[-1].group() == old[-2] != old[-1]:
        after = _WORDS.search(text, last, last + 40)
        if after is not None and " " not in text[last : after.start()].strip():
            got = fuzz.ratio(needle, text[first : after.end()])
            if got >= FUZZY_THRESHOLD:
                score, last = got, after.end()
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
