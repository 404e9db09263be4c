"""What re-anchoring works on and what it yields: a claim's anchor in the old text and its
placement on the new one.

An ``Anchor`` is the W3C TextPositionSelector (offsets) and TextQuoteSelector (exact
words, prefix and suffix) of a span together; a ``Placement`` says where the span landed,
by which ``Method`` and with what similarity.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


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


#: A candidate span of a text: (score, start, end).
Candidate = tuple[float, int, int]

#: No placement at all: an orphan with no candidate text.
NOWHERE = Placement(Method.ORPHAN, None, None, None, 0.0)


#: Makes a placement from a tuple of its fields, as ``new_placement(Placement, fields)``:
#: several times cheaper than the named tuple's constructor, and one is made per claim.
new_placement = tuple.__new__


def placement_on(new: str, method: Method, start: int, end: int, score: float) -> Placement:
    """A placement on the span ``start:end`` of ``new``, its score rounded for display."""
    # A whole score is left as it is: ``round`` costs more than the rest of a quick one.
    return new_placement(
        Placement,
        (method, start, end, new[start:end], score if score == 100.0 else round(score, 1)),
    )
