"""Finding the edited form of a claim's words in the new text (rapidfuzz), and the closest
text for one that is gone.

Candidates come from three places: between where the claim's context now is
(``between_context``); around the places where a rare word of its own is still found, for
a claim whose paragraph moved (``around_words``); and, for a short claim, the region its
context puts it in (``near_context``). Each is a short stretch of the new text, folded
and compared with ``fuzz.ratio``, its ends moved to whole words (``closest_stretch``).
A stretch whose best possible score is below ``FUZZY_THRESHOLD`` (``_bound``) is never
searched through.
"""

from __future__ import annotations

import re
from itertools import accumulate

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from claims.versions.folding import SPREAD, EditedText, FoldedText, fold
from claims.versions.quote_search import (
    MIN_CONTEXT,
    context_hits,
    expected_start,
    occurrences,
    unique_context,
)
from claims.versions.selectors import Anchor, Candidate

#: The lowest similarity (0-100) at which edited words still count as the same quote.
FUZZY_THRESHOLD = 80.0
#: How far beyond its context a fuzzy search looks, in characters, on either side.
FUZZY_MARGIN = 200
#: How far, in characters, the ends of an edited span are looked for around where its
#: found words or its context put them.
SLACK = 24
#: A piece of the words found more often than this locates nothing.
_MAX_SEED_HITS = 4

_TOKEN = re.compile(r"\S+")
_WORDS = re.compile(r"\w+")
# The same, kept when splitting: words and the stretches between them, in turn.
_SPLIT_WORDS = re.compile(r"(\w+)")
_AS_SPACE = str.maketrans("\t\n\x0b\x0c\r", "     ")
# What ends a sentence or a quote: words past it are not the quote's.
_BOUNDARY = re.compile(r"[\"\u201c\u201d.!?:;]")


def between_context(text: EditedText, anchor: Anchor, needle: str) -> tuple[Candidate | None, bool]:
    """The text where the anchor's context says the span is: between its prefix and
    its suffix (found as they are or with other whitespace); or after the one, before
    the other, with the end that makes it closest to ``needle``. Also whether it is
    between both."""
    new = text.new
    prefix, suffix = anchor.prefix, anchor.suffix
    # How far apart the two sides can be: the words, with some added or re-spaced.
    reach = SPREAD * len(needle) + SLACK
    before = _found(text, prefix) if len(prefix.strip()) >= MIN_CONTEXT else []
    after = _found(text, suffix) if len(suffix.strip()) >= MIN_CONTEXT else []
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
        in_place = len(between) <= 2 * len(needle) + SLACK
        return (fuzz.ratio(needle, between), start, end), in_place
    # One side only, or a side said more than once and no other to tell which: the
    # closest stretch after (or before) any of its occurrences.
    starts = [start] if start is not None else [at for _, at in before[:_MAX_SEED_HITS]]
    ends = [end] if end is not None else [at for at, _ in after[:_MAX_SEED_HITS]]
    best: Candidate | None = None
    for at in starts:
        window, low = text.window(at, at + SPREAD * len(needle) + SLACK)
        found = _back(window, low, closest_stretch(needle, window.text, 0, len(needle), "start"))
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    for at in ends:
        window, low = text.window(at - SPREAD * len(needle) - SLACK, at)
        size = len(window.text)
        found = closest_stretch(needle, window.text, size - len(needle), size, fixed="end")
        found = _back(window, low, found)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    return best, False


def between_found_context(
    text: EditedText, anchor: Anchor, needle: str
) -> tuple[Candidate, bool] | None:
    """``between_context`` where its context is found as it was, its prefix once and its
    suffix within reach after it; None otherwise. The same answer, from two plain
    searches, for a claim whose words were edited where they stand."""
    prefix, suffix = anchor.prefix, anchor.suffix
    if len(prefix.strip()) < MIN_CONTEXT or len(suffix.strip()) < MIN_CONTEXT:
        return None
    at = unique_context(text, prefix)
    if at is None:
        return None
    new = text.new
    start = at + len(prefix)
    end = new.find(suffix, start, start + SPREAD * len(needle) + SLACK + len(suffix))
    if end < 0:
        return None
    while start < end and new[start].isspace():
        start += 1
    while end > start and new[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    between = fold(new[start:end])
    return (fuzz.ratio(needle, between), start, end), len(between) <= 2 * len(needle) + SLACK


def _found(text: EditedText, piece: str) -> list[tuple[int, int]]:
    """The spans of the new text that are ``piece``, as it is or, failing that, with
    other whitespace."""
    hits = context_hits(text, piece)
    if hits:
        return [(at, at + len(piece)) for at in hits]
    # With other whitespace only in a text whose whitespace changed.
    folded = fold(piece) if text.respaced else ""
    if not folded:
        return []
    new = text.folded
    return [new.original(at, at + len(folded)) for at in occurrences(new.text, folded)]


def _back(window: FoldedText, low: int, found: Candidate | None) -> Candidate | None:
    """A candidate in a folded window as offsets of the new text."""
    if found is None:
        return None
    score, start, end = found
    first, last = window.original(start, end)
    if last <= first:
        return None
    return score, low + first, low + last


def around_words(text: EditedText, needle: str) -> Candidate | None:
    """The best edited form of ``needle`` around the places where one of its words is
    still found: the longest word of each quarter of it, if it is rare enough. An
    edited form close enough keeps most of them: with fewer, none is looked for."""
    # The words, between the stretches that are not words.
    parts = _SPLIT_WORDS.split(needle)
    words = parts[1::2]
    pieces = min(4, len(words))
    if not pieces:
        return None
    lengths = list(map(len, words))
    size = len(words) / pieces
    chosen = []
    first = 0
    for k in range(1, pieces + 1):
        last = round(k * size)
        quarter = lengths[first:last]
        longest = max(quarter, default=0)
        if longest >= 3:
            chosen.append(first + quarter.index(longest))
        first = last
    # Only the stretch the edit changed can hold an edited form: the rest of the new text
    # is the old text as it was, where these words were not.
    low, high = text.edited_region(SPREAD * len(needle) + SLACK)
    # Where each word starts in the needle, and where it is found: a word found too often
    # locates nothing, and an edited form close enough keeps most of them (with fewer
    # gone, none is looked for).
    starts_at = list(accumulate(map(len, parts)))[::2]
    missing = len(chosen) // 2
    seeds = []
    for at in chosen:
        hits = _few_occurrences(text.new, words[at], low, high)
        if hits is None:
            continue
        if not hits:
            missing -= 1
            if missing < 0:
                return None
            continue
        seeds.append((starts_at[at], hits))
    # Where each found word puts the start of the words; only where most of them agree
    # (give or take what the edit and the whitespace moved) is worth a look.
    needed = (len(chosen) + 1) // 2
    if not seeds or len(seeds) < needed:
        return None
    starts = [(at - offset, k) for k, (offset, hits) in enumerate(seeds) for at in hits]
    best: Candidate | None = None
    tried: list[int] = []
    for offset, hits in seeds:
        for at in hits:
            if any(abs(at - offset - seen) <= SLACK for seen in tried):
                continue
            agreeing = {k for start, k in starts if abs(start - (at - offset)) <= 2 * SLACK}
            if len(agreeing) < needed:
                continue
            tried.append(at - offset)
            # Only where a stretch of about the needle's length could be close enough
            # (whitespace as spaces, which only lowers the bound where it changed).
            rough = text.new[max(0, at - offset - SLACK) : at - offset + len(needle) + SLACK]
            if _bound(needle, rough.translate(_AS_SPACE)) < FUZZY_THRESHOLD:
                continue
            low = at - SPREAD * offset - SLACK
            window, low = text.window(low, at + SPREAD * (len(needle) - offset) + SLACK)
            centre = window.to_folded(at - low)
            found = closest_stretch(
                needle, window.text, centre - offset, centre - offset + len(needle)
            )
            found = _back(window, low, found)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
    return best


def _few_occurrences(text: str, word: str, low: int, high: int) -> list[int] | None:
    """Where ``word`` starts in ``text[low:high]``, in order, as offsets of ``text``: None
    when it is there more than ``_MAX_SEED_HITS`` times."""
    found: list[int] = []
    at = text.rfind(word, low, high)
    while at >= 0:
        if len(found) == _MAX_SEED_HITS:
            return None
        found.append(at)
        at = text.rfind(word, low, at + len(word) - 1) if at > low else -1
    found.reverse()
    return found


def at_expected(
    text: EditedText, anchor: Anchor, needle: str, start: int | None = None
) -> Candidate | None:
    """The stretch of whole words of the needle's length where the span is expected (or
    from ``start``), from the first word there."""
    new = text.new
    if start is None:
        start = expected_start(text, anchor)
    start = max(0, min(start, len(new)))
    limit = max(0, start - 40)
    while start > limit and _is_word(new[start - 1]):
        start -= 1
    window, low = text.window(start, start + SPREAD * len(needle) + SLACK)
    return _back(window, low, closest_stretch(needle, window.text, 0, len(needle)))


def near_context(text: EditedText, anchor: Anchor, needle: str) -> Candidate | None:
    """The best-matching stretch of the region the context puts a short span in, and the
    edit changed, widened to whole words and scored as a whole against ``needle``."""
    expected = expected_start(text, anchor)
    # Within the stretch the edit changed (see ``around_words``).
    first, last = text.edited_region(SPREAD * len(needle) + SLACK)
    window, low = text.window(
        max(first, expected - len(needle) - FUZZY_MARGIN),
        min(last, expected + 2 * len(needle) + FUZZY_MARGIN),
    )
    folded = window.text
    if not folded:
        return None
    alignment = fuzz.partial_ratio_alignment(needle, folded)
    if alignment is None or alignment.score == 0:
        return None
    start, end = _whole_words(folded, alignment.dest_start, alignment.dest_end)
    if not folded[start:end].strip():
        return None
    # Judge the stretch as a whole: a quote cut short or padded out scores lower.
    return _back(window, low, (fuzz.ratio(needle, folded[start:end]), start, end))


def _bound(needle: str, window: str) -> float:
    """The best score any stretch of ``window`` can have against ``needle``: none has
    more in common with it than the whole window has."""
    common = (len(needle) + len(window) - Indel.distance(needle, window)) / 2
    return 200 * common / (len(needle) + common) if common else 0.0


def closest_stretch(
    needle: str, text: str, start: int, end: int, fixed: str = ""
) -> Candidate | None:
    """The stretch of whole words of ``text`` closest to ``needle`` with its ends within
    ``SLACK`` of ``start`` and ``end`` (one of them kept as it is if ``fixed``); only its
    rough place when no stretch there can reach ``FUZZY_THRESHOLD``."""
    start, end = max(0, start), min(len(text), end)
    low = max(0, start - (0 if fixed == "start" else SLACK))
    high = min(len(text), end + (0 if fixed == "end" else SLACK))
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
    # A word or token cut by the window's ends is not one: it goes on beyond them.
    cut_before, cut_after = low > 0, high < len(text)
    for pattern, part_of in ((_WORDS, _is_word), (_TOKEN, _is_token)):
        for match in pattern.finditer(window):
            first, last = match.span()
            if (
                fixed != "start"
                and abs(low + first - start) <= SLACK
                and not (first == 0 and cut_before and part_of(text[low - 1]))
            ):
                starts.add(low + first)
            if (
                fixed != "end"
                and abs(low + last - end) <= SLACK
                and not (last == len(window) and cut_after and part_of(text[high]))
            ):
                ends.add(low + last)
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


def _edge_words(needle: str, text: str, found: Candidate, fixed: str) -> Candidate:
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
    if 0 < start < len(text) and _is_word(text[start]):
        while start > 0 and _is_word(text[start - 1]):
            start -= 1
    if 0 < end < len(text) and _is_word(text[end - 1]):
        while end < len(text) and _is_word(text[end]):
            end += 1
    return start, end


def _is_token(char: str) -> bool:
    """Whether ``char`` is part of a token (what ``\\S`` matches)."""
    return not char.isspace()


def _is_word(char: str) -> bool:
    """Whether ``char`` is a word character (what ``\\w`` matches)."""
    return char.isalnum() or char == "_"
