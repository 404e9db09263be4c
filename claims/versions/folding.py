"""Whitespace folding: comparing texts whatever their line breaks, page breaks and doubled
spaces, and mapping offsets of the folded text back to the original.

Re-wrapping and page breaks change an article's whitespace and nothing else, so the
searches compare words with runs of whitespace folded to one space. Folding a whole
article costs more than the plain searches of all its claims, so ``EditedText.respaced``
tells, once per article and from the stretch the edit changed, whether its whitespace can
have changed at all; only then is the new text folded whole (``EditedText.folded``).
Otherwise ``FoldedText`` is built for short stretches only (``EditedText.window``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import islice

from rapidfuzz.distance import Postfix, Prefix

#: How many characters of the new text a folded character can have come from, at most
#: (a space that became a line break and a page break).
SPREAD = 3

# The whitespace that folding shortens: runs of two characters or more.
_RUN = re.compile(r"\s{2,}")
# Kinds of whitespace that re-wrapping, page breaks and careless editing add or remove.
_SPACE_CHARACTERS = ("\f", "\t", "\r", "\v")
_SPACE_RUNS = ("\n\n\n", " \n", "\n ", "  ")
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_AS_SPACES = bytes.maketrans(_ASCII_SPACES.encode("ascii"), b" " * len(_ASCII_SPACES))
_SPACE = ord(" ")


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
        self.lead = gone = len(text) - len(text.lstrip())
        # sources[k]: where the k-th run folding shortens starts; runs[k]: its folded
        # offset; removed[k]: the characters folding has taken out up to and including it
        # (and ``lead`` before the text). A lone line break becomes a space and moves
        # nothing: it needs none. The ends need none either: ``lead`` covers the first,
        # and nothing maps past the last.
        self.sources: list[int] = []
        self.runs: list[int] = []
        self.removed: list[int] = []
        if text.isascii():
            # Every kind of whitespace as a space, at the same offsets: what folding
            # shortens is then the runs of two spaces or more, which split the text in C.
            spaced = text.encode("ascii").translate(_AS_SPACES)
            self.text = self._runs(spaced.split(b"  "), len(spaced), gone).decode("ascii")
            return
        self.text = " ".join(text.split())
        for match in _RUN.finditer(text):
            start, end = match.span()
            if start and end != len(text):
                self.sources.append(start)
                self.runs.append(start - gone)
                gone += end - start - 1
                self.removed.append(gone)

    def _runs(self, parts: list[bytes], size: int, gone: int) -> bytes:
        """Record the runs of spaces between ``parts``, a text of ``size`` characters
        split at every two spaces, with ``gone`` characters taken out before the first;
        the text folded.

        Between two parts is one pair of spaces: a part that is empty, or starts with
        the odd space of a run, is still in the run."""
        if len(parts) == 1:
            return parts[0].strip(b" ")
        add_source, add_run, add_removed = (
            self.sources.append,
            self.runs.append,
            self.removed.append,
        )
        pieces = [parts[0]]
        add_piece = pieces.append
        start = at = len(parts[0])
        for part in islice(parts, 1, None):
            at += 2
            if not part:
                continue
            if part[0] == _SPACE:
                part = part[1:]
                at += 1
            if start and at != size:
                add_source(start)
                add_run(start - gone)
                gone += at - start - 1
                add_removed(gone)
            add_piece(part)
            at += len(part)
            start = at
        return b" ".join(pieces).strip(b" ")

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


def _same_spacing(old: str, new: str) -> bool:
    """Whether each kind of whitespace is as common in ASCII ``old`` as in ``new``,
    the cheapest to count first: the characters (in most texts not at all, which a test
    of presence tells faster than a count), then line breaks within paragraphs (which
    re-wrapping changes), then the runs."""
    for kind in _SPACE_CHARACTERS:
        if (kind in old or kind in new) and old.count(kind) != new.count(kind):
            return False
    if _wrapped_lines(old) != _wrapped_lines(new):
        return False
    return all(old.count(kind) == new.count(kind) for kind in _SPACE_RUNS)


def _wrapped_lines(text: str) -> int:
    """How many line breaks ``text`` has within paragraphs, give or take blank lines."""
    return text.count("\n") - 2 * text.count("\n\n")


def unchanged_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters ``old`` and ``new`` have in common at their start, and then at
    their end: what an edit left as it was, measured in C."""
    if old == new:
        return len(old), 0
    head = Prefix.similarity(old, new)
    return head, min(Postfix.similarity(old, new), min(len(old), len(new)) - head)


class FoldedEnds:
    """Two texts folded, and how much of the folded text the edit left as it was at
    either end: where an edit changed whitespace throughout (re-wrapped lines), the parts
    of the text whose words it did not touch."""

    def __init__(self, old: FoldedText, new: FoldedText) -> None:
        self.old = old
        self.new = new
        before, after = old.text, new.text
        self.head, tail = unchanged_ends(before, after)
        self.after_edit = len(before) - tail
        self.shift = len(after) - len(before)
        # The same ends as offsets of the old text itself, to turn most spans away
        # without mapping them.
        self.raw_head = old.to_source(self.head) if self.head < len(before) else len(old.source)
        self.raw_after_edit = old.to_source(self.after_edit)

    def carried(self, start: int, end: int, before: int, after: int) -> tuple[int, int] | None:
        """Where the span ``start:end`` of the old text is in the new one, if it and the
        ``before`` and ``after`` characters around it are in a part whose words the edit
        did not touch; None otherwise. The span must start and end with a character that
        is not whitespace."""
        if end + after > self.raw_head and start - before < self.raw_after_edit:
            return None
        old = self.old
        first = old.to_folded(start)
        last = old.to_folded(end - 1) + 1
        # Folding only shortens: the context's folded form is within as many characters.
        if last + after <= self.head:
            return self.new.original(first, last)
        if first - before >= self.after_edit:
            return self.new.original(first + self.shift, last + self.shift)
        return None


class EditedText:
    """An old text and its new version, with what the searches work out about the pair
    once rather than per claim.

    ``head`` and ``tail`` are how much of the text the edit left as it was at either end:
    an edit changes one stretch, or a few, and most claims are outside them.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self.head, self.tail = unchanged_ends(old, new)
        self._respaced: bool | None = None
        self._folded: FoldedText | None = None
        self._folded_ends: FoldedEnds | None = None
        #: Where pieces of context are in the new text, as they are (see
        #: ``quote_search.context_hits``).
        self.context_hits: dict[str, list[int]] = {}

    @property
    def respaced(self) -> bool:
        """Whether the new text may have whitespace the old one did not: some kind of it
        (line breaks within paragraphs, page breaks, doubled spaces...) is not as common
        as it was. Worked out once, the first time it is needed, on the edited stretches
        only."""
        if self._respaced is None:
            old, new = self.edited()
            self._respaced = not (old.isascii() and new.isascii() and _same_spacing(old, new))
        return self._respaced

    @property
    def known_respaced(self) -> bool:
        """Whether the new text has already been found re-spaced (without working it
        out)."""
        return bool(self._respaced)

    @property
    def folded(self) -> FoldedText:
        """The whole new text folded, made the first time it is needed: in a re-spaced
        text, for the words no plain search finds."""
        if self._folded is None:
            self._folded = FoldedText(self.new)
        return self._folded

    @property
    def folded_ends(self) -> FoldedEnds:
        """Both texts folded, with their unchanged ends: made the first time it is
        needed, in a re-spaced text."""
        if self._folded_ends is None:
            self._folded_ends = FoldedEnds(FoldedText(self.old), self.folded)
        return self._folded_ends

    def cut_out(self, start: int, end: int) -> bool:
        """Whether the span ``start:end`` of the old text lies in a stretch the edit cut
        out with nothing written in its place: the new text is the old one without it."""
        return (
            self.head + self.tail == len(self.new)
            and self.head <= start
            and end <= len(self.old) - self.tail
        )

    def edited_region(self, reach: int) -> tuple[int, int]:
        """Where in the new text words moved or edited by the edit can be: the stretch
        between its unchanged ends, and ``reach`` characters into them on either side (a
        span that began or ended there)."""
        new = self.new
        return max(0, self.head - reach), min(len(new), len(new) - self.tail + reach)

    def edited(self) -> tuple[str, str]:
        """The stretch of each text between its unchanged ends, widened to whole runs of
        whitespace: the rest is the same in both, so whatever differs between the texts
        differs between these."""
        old, new = self.old, self.new
        start = self.head
        while start > 0 and old[start - 1].isspace():
            start -= 1
        old_end, new_end = len(old) - self.tail, len(new) - self.tail
        while old_end < len(old) and old[old_end].isspace():
            old_end += 1
            new_end += 1
        return old[start:old_end], new[start:new_end]

    def window(self, low: int, high: int) -> tuple[FoldedText, int]:
        """The stretch ``low:high`` of the new text, folded, and where it starts."""
        low, high = max(0, low), min(len(self.new), high)
        return FoldedText(self.new[low:high]), low
