"""Candidate blocking: which pairs of claims are worth scoring at all.

Scoring every pair of a large archive would cost O(n²). A pair is a candidate when its two
claims are about the same event (when the event has at most ``EVENT_BLOCK`` claims, so it can
be paired in full), sit next to each other in one source (each claim with its ``NEIGHBOURS``
following claims), or share a name or term that at most ``TERM_BLOCK`` claims have. Pairs
that meet none of these are never scored; ``bench/suggest.py`` measures how few of the
exhaustive run's suggestions that loses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from claims.suggestions.features import ClaimFacts
from claims.suggestions.weights import EVENT_BLOCK, NEIGHBOURS, TERM_BLOCK


def candidate_pairs(facts: Sequence[ClaimFacts]) -> set[tuple[int, int]]:
    """Index pairs into ``facts`` worth scoring, lower index first: same event, neighbours
    in a source, a shared rare term."""
    pairs: set[tuple[int, int]] = set()

    def add(x: int, y: int) -> None:
        pairs.add((x, y) if x < y else (y, x))

    def add_all(members: list[int]) -> None:
        for index, x in enumerate(members):
            for y in members[index + 1 :]:
                add(x, y)

    by_event: dict[int, list[int]] = defaultdict(list)
    by_source: dict[int, list[int]] = defaultdict(list)
    by_term: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(facts):
        if claim.event_id is not None:
            by_event[claim.event_id].append(index)
        if claim.source_id is not None and claim.start is not None:
            by_source[claim.source_id].append(index)
        for term in claim.stems | set(claim.names):
            by_term[term].append(index)
    for members in by_event.values():
        if len(members) <= EVENT_BLOCK:
            add_all(members)
    for members in by_source.values():
        members.sort(key=lambda index: facts[index].start or 0)
        for position, x in enumerate(members):
            for y in members[position + 1 : position + 1 + NEIGHBOURS]:
                add(x, y)
    for members in by_term.values():
        if 2 <= len(members) <= TERM_BLOCK:
            add_all(members)
    return pairs
