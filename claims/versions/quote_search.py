"""Finding a claim's exact words in the new text: as they are, or with other whitespace
between them, and choosing among several occurrences by context, then by position.

These are the first two steps of re-anchoring (``claims.versions.anchoring``): **quote**,
the words found once with their context still next to them, and **position**, the
occurrence nearest where the claim's surroundings moved to.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from claims.versions.folding import SPREAD, EditedText, fold
from claims.versions.selectors import Anchor, Method, Placement, placement_on

#: Context shorter than this (folded) is too common to locate anything by.
MIN_CONTEXT = 8


def occurrences(haystack: str, needle: str, limit: int | None = None) -> list[int]:
    """Where ``needle`` starts in ``haystack``, in order, every time (or the first
    ``limit`` times and one more)."""
    # Searched from the end (see ``last_before``), unless it turns out to be more often
    # than ``limit``: then the first ones are wanted, from the start.
    found, at = [], haystack.rfind(needle)
    while at >= 0:
        found.append(at)
        if limit is not None and len(found) > limit:
            return _first_occurrences(haystack, needle, limit)
        at = last_before(haystack, needle, at)
    found.reverse()
    return found


def _first_occurrences(haystack: str, needle: str, limit: int) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        if len(found) > limit:
            break
        at = haystack.find(needle, at + 1)
    return found


def last_before(haystack: str, needle: str, at: int) -> int:
    """Where the last occurrence of ``needle`` starting before ``at`` starts, or -1.

    Searching backwards keys ``str.rfind`` on the needle's first character, which in
    prose (a quote's capital, a word's first letter) is rarer than its last, and makes a
    search of the whole text markedly faster than ``str.find``'s.
    """
    return haystack.rfind(needle, 0, at + len(needle) - 1) if at > 0 else -1


def context_hits(text: EditedText, piece: str) -> list[int]:
    """``occurrences`` of a piece of a claim's context in the new text (the first eight,
    and one more): searched for once per article, though several steps ask for it."""
    hits = text.context_hits.get(piece)
    if hits is None:
        hits = text.context_hits[piece] = occurrences(text.new, piece, 8)
    return hits


def unique_context(text: EditedText, piece: str) -> int | None:
    """Where a piece of context occurs in the new text, if it occurs exactly once."""
    hits = context_hits(text, piece)
    return hits[0] if len(hits) == 1 else None


def folded_before(new: str, end: int, size: int) -> str:
    """The folded text just before ``end``, about ``size`` characters of it."""
    return fold(new[max(0, end - SPREAD * size - 1) : end])[-size:] if size else ""


def folded_after(new: str, start: int, size: int) -> str:
    """The folded text just after ``start``, about ``size`` characters of it."""
    return fold(new[start : start + SPREAD * size + 1])[:size] if size else ""


def context_agrees(new: str, anchor: Anchor, start: int, end: int) -> bool:
    """Whether either side of the anchor's context is still next to a span of ``new``."""
    if not (anchor.prefix or anchor.suffix):
        return True
    prefix = fold(anchor.prefix)
    if len(prefix) >= MIN_CONTEXT:
        if folded_before(new, start, len(prefix)) == prefix:
            return True
    elif start <= SPREAD * len(prefix) + 1 and fold(new[:start]) == prefix:
        return True
    suffix = fold(anchor.suffix)
    if len(suffix) >= MIN_CONTEXT:
        return folded_after(new, end, len(suffix)) == suffix
    return len(new) - end <= SPREAD * len(suffix) + 1 and fold(new[end:]) == suffix


def folded_context_agrees(folded: str, anchor: Anchor, start: int, end: int) -> bool:
    """``context_agrees`` for a span ``start:end`` of the folded new text."""
    if not (anchor.prefix or anchor.suffix):
        return True
    prefix = fold(anchor.prefix)
    # Folded context has no space at its ends: the one between it and the words is not
    # compared.
    before = start - 1 if start and folded[start - 1] == " " else start
    if folded.endswith(prefix, 0, before) and (len(prefix) >= MIN_CONTEXT or before == len(prefix)):
        return True
    suffix = fold(anchor.suffix)
    after = end + 1 if end < len(folded) and folded[end] == " " else end
    return folded.startswith(suffix, after) and (
        len(suffix) >= MIN_CONTEXT or len(folded) - after == len(suffix)
    )


def _context_score(new: str, anchor: Anchor, start: int, end: int, raw: bool) -> float:
    """How well the text around a span agrees with the anchor's context: compared as
    they are when the span is the exact words (``raw``), else folded."""
    if raw:
        prefix, suffix = anchor.prefix, anchor.suffix
        left = new[max(0, start - len(prefix)) : start]
        right = new[end : end + len(suffix)]
    else:
        prefix, suffix = fold(anchor.prefix), fold(anchor.suffix)
        left, right = folded_before(new, start, len(prefix)), folded_after(new, end, len(suffix))
    score = 0.0
    if prefix:
        score += 100.0 if left == prefix else fuzz.ratio(prefix, left)
    if suffix:
        score += 100.0 if right == suffix else fuzz.ratio(suffix, right)
    parts = bool(prefix) + bool(suffix)
    return score / parts if parts else 0.0


def expected_start(text: EditedText, anchor: Anchor) -> int:
    """Where in the new text the span is expected: after its prefix if that is found
    once, else at the same relative place in the text."""
    prefix = anchor.prefix
    if len(prefix.strip()) >= MIN_CONTEXT:
        at = unique_context(text, prefix)
        if at is not None:
            return at + len(prefix)
    return int(anchor.start * len(text.new) / max(1, len(text.old)))


def choose(
    text: EditedText, anchor: Anchor, spans: list[tuple[int, int]], raw: bool = False
) -> Placement:
    """One of several occurrences: the best context, else the nearest position."""
    new = text.new
    scored = sorted(
        ((_context_score(new, anchor, start, end, raw), start, end) for start, end in spans),
        key=lambda item: (-item[0], item[1]),
    )
    best, start, end = scored[0]
    if best - scored[1][0] >= 10:
        return placement_on(new, Method.QUOTE, start, end, 100.0)
    expected = expected_start(text, anchor)
    tied = [(start, end) for score, start, end in scored if best - score < 10]
    start, end = min(tied, key=lambda span: (abs(span[0] - expected), span[0]))
    return placement_on(new, Method.POSITION, start, end, 100.0)
