"""Whitespace folding: comparing texts whatever their line breaks, page breaks and doubled
spaces, and mapping offsets of the folded text back to the original.

Re-wrapping and page breaks change an article's whitespace and nothing else, so the
searches compare words with runs of whitespace folded to one space. Folding a whole
article costs more than the plain searches of all its claims, so ``FoldedText`` is built
for short stretches only (``EditedText.window``), and ``EditedText.respaced`` tells, once
per article, whether its whitespace can have changed at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from rapidfuzz.distance import Postfix, Prefix

#: How many characters of the new text a folded character can have come from, at most
#: (a space that became a line break and a page break).
SPREAD = 3

# The whitespace that folding changes: runs of two or more, and any single one but a space.
_RUN = re.compile(r"\s{2,}|[^\S ]")
# Kinds of whitespace that re-wrapping, page breaks and careless editing add or remove.
_SPACE_KINDS = ("\n\n\n", "\f", "\t", "\r", "\v", " \n", "\n ", "  ")
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def fold(text: str) -> str:
    """``text`` with runs of whitespace folded to one space and none at either end."""
    return " ".join(text.split())


class FoldedText:
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


def _wrapped_lines(text: str) -> int:
    """How many line breaks ``text`` has within paragraphs, give or take blank lines."""
    return text.count("\n") - 2 * text.count("\n\n")


def _space_counts(text: str) -> tuple[int, ...]:
    """How often each kind of whitespace occurs in an ASCII ``text``, and its line breaks
    within paragraphs: counted in its runs of whitespace (no kind is found outside them),
    each different run once, rather than by a search of the whole text per kind."""
    runs = Counter(text[start:end] for start, end in _changed_runs(text))
    counts = [sum(run.count(kind) * times for run, times in runs.items()) for kind in _SPACE_KINDS]
    counts.append(sum(_wrapped_lines(run) * times for run, times in runs.items()))
    return tuple(counts)


class EditedText:
    """An old text and its new version, with what the searches work out about the pair
    once rather than per claim.

    ``head`` and ``tail`` are how much of the text the edit left as it was at either end:
    an edit changes one stretch, or a few, and most claims are outside them.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        if old == new:
            self.head, self.tail = len(old), 0
        else:
            self.head = head = Prefix.similarity(old, new)
            self.tail = min(Postfix.similarity(old, new), min(len(old), len(new)) - head)
        self._respaced: bool | None = None

    @property
    def respaced(self) -> bool:
        """Whether the new text may have whitespace the old one did not: some kind of it
        (line breaks within paragraphs, page breaks, doubled spaces...) is not as common
        as it was. Worked out once, the first time it is needed."""
        if self._respaced is None:
            old, new = self.old, self.new
            # Line breaks within paragraphs first: re-wrapping changes them, and two
            # counts tell.
            self._respaced = (
                not (old.isascii() and new.isascii())
                or _wrapped_lines(old) != _wrapped_lines(new)
                or _space_counts(old) != _space_counts(new)
            )
        return self._respaced

    def window(self, low: int, high: int) -> tuple[FoldedText, int]:
        """The stretch ``low:high`` of the new text, folded, and where it starts."""
        low, high = max(0, low), min(len(self.new), high)
        return FoldedText(self.new[low:high]), low
