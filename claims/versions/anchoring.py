"""Finding a claim again in a new version of its source.

A claim remembers where it sits in the text it was read from: its offsets, its exact words
and some context on either side (the W3C TextPositionSelector and TextQuoteSelector). When
the article is edited, each claim is placed on the new text in three steps, the order
annotation tools use, after one that needs no search:

0. **unchanged**: a claim whose words and context are in the part of the text before
   anything changed, or after it, is where it was, or moved by as much as the text grew
   or shrank. Where that holds, a quote said twice needs no telling apart either: the
   text around it is the same text.
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
   whose context is still on both sides of other words was rewritten in place; one in a
   stretch cut out of the text, with nothing written in its place, has no edited form
   (any like words left were there before, said by someone else); and one with most of
   its longest words gone cannot be close enough anywhere: none is looked for further.

The unchanged ends of the two texts are measured once per article, in C (rapidfuzz's
``Prefix`` and ``Postfix``); a claim there costs two comparisons. The common case
elsewhere costs one plain search of the whole new text, made from its end, and a
comparison of the context. A quote edited where it stands costs two more, for its
context. Only a text whose whitespace changed is folded whole, once, the first time a
claim's words are not found as they are; otherwise only short stretches are folded and
compared, for the claims that need it. Everything here is pure: texts in, placements out.
``claims.versions.carrying`` applies them.

The steps live beside this module: ``selectors`` (the anchor and the placement),
``folding`` (whitespace folding with offsets mapped back), ``quote_search`` (step 1) and
``fuzzy_search`` (step 2). ``Reanchorer`` chains them.
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.versions.folding import EditedText, fold
from claims.versions.fuzzy_search import (
    FUZZY_THRESHOLD,
    SLACK,
    around_words,
    at_expected,
    between_context,
    between_found_context,
    near_context,
)
from claims.versions.quote_search import (
    MIN_CONTEXT,
    choose,
    context_agrees,
    folded_context_agrees,
    last_before,
    occurrences,
)
from claims.versions.selectors import (
    NOWHERE,
    Anchor,
    Candidate,
    Method,
    Placement,
    new_placement,
    placement_on,
)

_QUOTE, _ORPHAN, _FUZZY = Method.QUOTE, Method.ORPHAN, Method.FUZZY


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
        self.text = text = EditedText(old, new)
        self.head = text.head
        # Where the unchanged end of the old text starts, and how far it moved.
        self.after_edit = len(old) - text.tail
        self.shift = len(new) - len(old)

    def place(self, anchor: Anchor) -> Placement:
        """Place one span on the new text (see the module docstring for the order)."""
        exact = anchor.exact
        new = self.new
        start, end = anchor.start, anchor.end
        if end + len(anchor.suffix) <= self.head:
            # Its words and their context are where they were, in a part of the text
            # before anything changed.
            if exact and end - start == len(exact) and self.old.startswith(exact, start):
                return new_placement(Placement, (_QUOTE, start, end, exact, 100.0))
        elif start - len(anchor.prefix) >= self.after_edit:
            # The same, after everything that changed: moved by as much as the text grew.
            if exact and end - start == len(exact) and self.old.startswith(exact, start):
                shift = self.shift
                return new_placement(Placement, (_QUOTE, start + shift, end + shift, exact, 100.0))
        text = self.text
        tried_carrying = text.known_respaced
        if tried_carrying:
            carried = self._carried(anchor)
            if carried is not None:
                return carried
        found_once = None
        if exact and not exact.isspace() and not tried_carrying:
            # The common case, at the cost of one plain search of the whole text (from
            # its end: see ``last_before``): the words are there, once, next to their
            # context. (In a text known to be re-spaced, they are looked for folded.)
            first = new.rfind(exact)
            if first < 0 and text.cut_out(start, end):
                return self._cut(anchor, fold(exact))
            if first >= 0:
                end = first + len(exact)
                if last_before(new, exact, first) < 0:
                    prefix, suffix = anchor.prefix, anchor.suffix
                    # A side too short to tell anything (the text's start or end) agrees
                    # only if it still is the text's start or end.
                    if (
                        (len(prefix) >= MIN_CONTEXT or first == len(prefix))
                        and new.endswith(prefix, 0, first)
                    ) or (
                        (len(suffix) >= MIN_CONTEXT or end + len(suffix) == len(new))
                        and new.startswith(suffix, end)
                    ):
                        return new_placement(Placement, (_QUOTE, first, end, exact, 100.0))
                    found_once = first, end
                else:
                    # Said more than once word for word.
                    spans = [(at, at + len(exact)) for at in occurrences(new, exact)]
                    return choose(self.text, anchor, spans, raw=True)
        needle = fold(exact)
        if not needle:
            return NOWHERE
        in_place = None
        if not tried_carrying:
            # Edited where they stand: the context is there as it was, with other words
            # between. The most common edit of a quote, and found with two plain
            # searches, fewer than it takes to tell whether the whitespace changed (a
            # text known to be re-spaced has its words looked for first).
            in_place = between_found_context(text, anchor, needle)
            if in_place is not None and in_place[0][0] >= FUZZY_THRESHOLD:
                score, start, end = in_place[0]
                return placement_on(new, _FUZZY if score < 100 else _QUOTE, start, end, score)
        if text.respaced:
            carried = None if tried_carrying else self._carried(anchor)
            if carried is not None:
                return carried
            # The words with other whitespace between them: in the new text folded once.
            folded = text.folded
            size = len(needle)
            hits = occurrences(folded.text, needle)
            if len(hits) > 1:
                return choose(text, anchor, [folded.original(at, at + size) for at in hits])
            unique = folded.original(hits[0], hits[0] + size) if hits else None
            if unique is not None and folded_context_agrees(
                folded.text, anchor, hits[0], hits[0] + size
            ):
                return placement_on(new, _QUOTE, unique[0], unique[1], 100.0)
        else:
            # Whitespace is as it was: the words are where they are found as they are, or
            # nowhere.
            unique = found_once
            if unique is not None and context_agrees(new, anchor, *unique):
                return placement_on(new, _QUOTE, unique[0], unique[1], 100.0)
        return self._edited(anchor, needle, unique, in_place)

    def _cut(self, anchor: Anchor, needle: str) -> Placement:
        """An orphan cut out with the stretch it stood in: what the new text says was all
        said elsewhere in the old one, and none of it is an edited form of these words.
        The closest text is what now follows the cut, or at the end of the text, what
        precedes it."""
        text = self.text
        closest = at_expected(text, anchor, needle, text.head) or at_expected(
            text, anchor, needle, text.head - len(needle)
        )
        if closest is None:
            return NOWHERE
        score, start, end = closest
        return placement_on(self.new, _ORPHAN, start, end, score)

    def _carried(self, anchor: Anchor) -> Placement | None:
        """In a re-spaced text, the span carried through a part whose words the edit
        did not touch, as step 0 carries it through an unchanged part."""
        exact, start, end = anchor.exact, anchor.start, anchor.end
        if (
            not exact
            or exact[0].isspace()
            or exact[-1].isspace()
            or end - start != len(exact)
            or not self.old.startswith(exact, start)
        ):
            return None
        span = self.text.folded_ends.carried(start, end, len(anchor.prefix), len(anchor.suffix))
        if span is None:
            return None
        return placement_on(self.new, _QUOTE, span[0], span[1], 100.0)

    def place_all(self, anchors: Sequence[Anchor]) -> list[Placement]:
        """Place every span, in order."""
        return [self.place(anchor) for anchor in anchors]

    def _edited(
        self,
        anchor: Anchor,
        needle: str,
        unique: tuple[int, int] | None,
        context: tuple[Candidate, bool] | None,
    ) -> Placement:
        """The closest edited form of the words: between their context (``context``, if
        already found), else around any word of theirs still there; ``unique``, the
        words found once away from their context, unless their context holds an edited
        form of them."""
        text, new = self.text, self.new
        if unique is None and context is None and text.cut_out(anchor.start, anchor.end):
            return self._cut(anchor, needle)
        between, in_place = context or between_context(text, anchor, needle)
        if unique is not None:
            if between is not None and between[0] >= FUZZY_THRESHOLD:
                return placement_on(new, _FUZZY, between[1], between[2], between[0])
            return placement_on(new, _QUOTE, unique[0], unique[1], 100.0)
        if between is not None and between[0] >= FUZZY_THRESHOLD:
            return placement_on(new, _FUZZY, between[1], between[2], between[0])
        if between is not None and in_place:
            # Its context is there on both sides with other words between: the quote was
            # rewritten where it stood, not moved.
            score, start, end = between
            return placement_on(new, _ORPHAN, start, end, score)
        best = around_words(text, needle)
        if (best is None or best[0] < FUZZY_THRESHOLD) and len(needle) < 2 * SLACK:
            # Too short to have words worth searching for: align it near its context.
            aligned = near_context(text, anchor, needle)
            if aligned is not None and (best is None or aligned[0] > best[0]):
                best = aligned
        if best is not None and best[0] >= FUZZY_THRESHOLD:
            return placement_on(new, _FUZZY, best[1], best[2], best[0])
        # An orphan, shown with the closest text where it used to be.
        closest = between or at_expected(text, anchor, needle) or best
        if closest is None:
            return NOWHERE
        score, start, end = closest
        return placement_on(new, _ORPHAN, start, end, score)


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
    hits = [low + at for at in occurrences(new[low : start + reach + len(exact)], exact)]
    if not hits:
        return None
    at = min(hits, key=lambda hit: abs(hit - start))
    return at, at + len(exact)
