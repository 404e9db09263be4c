"""The layout of a document: paragraphs, sentences and quotations, as offsets into its text.

Everything here is found with compiled regular expressions over the whole text and a little
bookkeeping per match, so that the rules can ask "which sentence holds this cue?" or "is
this inside a quotation?" with a binary search.

Two habits of real articles shape the rules: a page break can split a sentence across
paragraphs ("will be negotiated\\n\\nwith Shiite religious leaders"), and a quotation can run
over several paragraphs, each reopening with a quotation mark and only the last closing.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from dataclasses import dataclass, field

from claims.extraction.lexicon import ABBREVIATIONS

# A full stop, question or exclamation mark (with any closing quotes, brackets or emphasis
# after it) followed by space: a candidate sentence end. Each pattern here opens with one
# character class, not a repeat or alternatives, so that the engine can skip to the
# characters of that class instead of trying the whole pattern at every position.
_STOP_RE = re.compile(r"[.!?\u2026][.!?\u2026]*[\"'\u201d\u2019)\]*_]*(?=\s|$)")
# A line break and the blank lines after it; the spaces before it are added by hand, since a
# pattern opening with them would be tried at every space of the text.
_BREAK_RE = re.compile(r"\n\s*")
#: A quotation mark, or two apostrophes: an apostrophe matches only with a second one.
QUOTE_RE = re.compile(r"[\u201c\u201d\"\u201e\u00ab\u00bb'](?:(?<=')'|(?<!'))")
_WORD_CHARS = string.ascii_letters + "."
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)\W*$")

_OPENERS = "\u201c\u201e\u00ab"
_CLOSERS = "\u201d\u00bb"
_BEFORE_OPEN = " \t\n\u00a0([{\u2014\u2013-/:;,*_"
_AFTER_CLOSE = " \t\n\u00a0.,;:!?)]}\u2014\u2013-*_'\u2019"

# Words that cannot end a sentence: a paragraph break after them is a page break.
_DANGLING = frozenset(
    """
    the a an of to and or but for with in on at by from as that which who this these those
    its his her their our my your into onto over under than between about against
    """.split()
)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start`` at its opening mark, ``end`` after its closing mark.

    ``closed`` is False when the text never closes it; it then ends with its paragraph.
    """

    start: int
    end: int
    closed: bool


@dataclass(slots=True)
class Layout:
    """Paragraphs, sentences and quotations of one text, searchable by position."""

    text: str
    sentence_starts: list[int] = field(default_factory=list)
    sentence_ends: list[int] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    paragraph_ends: list[int] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (the nearest one before it between two)."""
        return max(0, bisect_right(self.sentence_starts, pos) - 1)

    def sentence(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``pos``."""
        i = max(0, bisect_right(self.sentence_starts, pos) - 1)
        return self.sentence_starts[i], self.sentence_ends[i]

    def paragraph(self, pos: int) -> tuple[int, int]:
        """Start and end of the paragraph holding ``pos``."""
        i = max(0, bisect_right(self.paragraph_starts, pos) - 1)
        return self.paragraph_starts[i], self.paragraph_ends[i]

    def quote_at(self, pos: int) -> Quote | None:
        """The quotation whose marks enclose ``pos``, if any (innermost is not tracked)."""
        i = bisect_right(self.quote_starts, pos) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.start <= pos < q.end:
                return q
        return None

    def inside_quote(self, pos: int) -> bool:
        """True when ``pos`` lies strictly inside a quotation (not on its marks)."""
        # Asked for every cue: the search of quote_at, without building its answer.
        i = bisect_right(self.quote_starts, pos) - 1
        if i < 0:
            return False
        q = self.quotes[i]
        return q.start < pos < q.end - (1 if q.closed else 0)

    def quote_starting(self, pos: int) -> Quote | None:
        """The quotation opening exactly at ``pos``."""
        i = bisect_right(self.quote_starts, pos) - 1
        if i >= 0 and self.quote_starts[i] == pos:
            return self.quotes[i]
        return None

    def quote_ending(self, pos: int) -> Quote | None:
        """The closed quotation whose closing mark ends exactly at ``pos``."""
        i = bisect_right(self.quote_starts, pos) - 1
        while i >= 0:
            q = self.quotes[i]
            if q.end == pos:
                return q
            if q.end < pos:
                return None
            i -= 1
        return None

    def quotes_between(self, start: int, end: int) -> list[Quote]:
        """The quotations that begin within ``[start, end)``, in order."""
        i = bisect_right(self.quote_starts, start - 1)
        out = []
        while i < len(self.quotes) and self.quotes[i].start < end:
            out.append(self.quotes[i])
            i += 1
        return out


def _paragraphs(text: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _BREAK_RE.finditer(text):
        end = m.start()
        while end > pos and text[end - 1] in " \t":
            end -= 1
        if end > pos:
            starts.append(pos)
            ends.append(end)
        pos = m.end()
    if pos < len(text) or not starts:
        starts.append(pos)
        ends.append(len(text))
    return starts, ends


def _is_page_break(text: str, before: int, after: int) -> bool:
    """True when a line break between ``before`` and ``after`` splits one sentence."""
    if before <= 0 or after >= len(text):
        return False
    prev = text[before - 1]
    nxt = text[after]
    if prev in ".!?:\u2026\"'\u201d\u2019)]*_|#" or nxt in "#*-|>":
        return False
    if nxt.islower():
        return True
    m = _LAST_WORD_RE.search(text, max(0, before - 20), before)
    return bool(m and m.end() == before and m.group(1) in _DANGLING)


def _is_sentence_end(text: str, stop_start: int, stop_end: int) -> bool:
    """Decide whether the full stop at ``stop_start`` really ends a sentence."""
    n = len(text)
    j = stop_end
    while j < n and text[j] in " \t":
        j += 1
    if j >= n or text[j] == "\n":
        return True
    nxt = text[j]
    if nxt.islower():
        return False
    if text[stop_start] == ".":
        # The letters and dots right before the stop, from a letter on (up to 12 characters
        # back): "W", "Gen", "U.S". Stripped off with str methods rather than searched for
        # with a pattern anchored at the end, which the engine would try at every position.
        window = text[max(0, stop_start - 12) : stop_start]
        written = window[len(window.rstrip(_WORD_CHARS)) :].lstrip(".")
        word = written.lower()
        # Initials ("George W. Bush") and titles ("Gen. Kimmitt") do not end a sentence.
        if word and (word.rstrip(".") in ABBREVIATIONS or len(word) == 1 and written.isupper()):
            return False
    return True


def _sentences(text: str, p_starts: list[int], p_ends: list[int]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    joined_start: int | None = None
    for k, (ps, pe) in enumerate(zip(p_starts, p_ends, strict=True)):
        cur = ps if joined_start is None else joined_start
        # When this paragraph continues a sentence broken by a page break, the pending
        # sentence started in an earlier paragraph.
        for m in _STOP_RE.finditer(text, ps, pe):
            if _is_sentence_end(text, m.start(), m.end()):
                starts.append(cur)
                ends.append(m.end())
                cur = m.end()
                while cur < pe and text[cur] in " \t":
                    cur += 1
        joined_start = None
        if cur < pe:
            if k + 1 < len(p_starts) and _is_page_break(text, pe, p_starts[k + 1]):
                joined_start = cur
                continue
            starts.append(cur)
            ends.append(pe)
    if joined_start is not None:
        starts.append(joined_start)
        ends.append(len(text))
    if not starts:
        starts.append(0)
        ends.append(len(text))
    return starts, ends


def _mark_role(text: str, pos: int, mark: str) -> str:
    """Classify a quotation mark as "open", "close" or "either" from its glyph and context."""
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    opens = before in _BEFORE_OPEN or before in _OPENERS
    closes = after in _AFTER_CLOSE or after in _CLOSERS
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _quotes(text: str, p_starts: list[int], p_ends: list[int]) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None
    for k, (ps, pe) in enumerate(zip(p_starts, p_ends, strict=True)):
        for m in QUOTE_RE.finditer(text, ps, pe):
            role = _mark_role(text, m.start(), m.group())
            if open_at is None:
                if role != "close" or m.start() == ps:
                    open_at = m.start()
                continue
            if open_at < ps and m.start() == ps and role != "close":
                # A paragraph of a quotation running on: the mark reopens the same quotation.
                continue
            if role == "open" and m.group() in _OPENERS and open_at >= ps:
                # Two opening marks in a row: the first quotation was never closed.
                quotes.append(Quote(open_at, m.start(), False))
                open_at = m.start()
                continue
            quotes.append(Quote(open_at, m.end(), True))
            open_at = None
        if open_at is not None:
            nxt = p_starts[k + 1] if k + 1 < len(p_starts) else None
            continues = nxt is not None and QUOTE_RE.match(text, nxt) is not None
            if not continues:
                end = pe
                quotes.append(Quote(open_at, end, False))
                open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, len(text), False))
    quotes.sort(key=lambda q: q.start)
    return quotes


def layout(text: str) -> Layout:
    """Find the paragraphs, sentences and quotations of ``text``."""
    p_starts, p_ends = _paragraphs(text)
    s_starts, s_ends = _sentences(text, p_starts, p_ends)
    quotes = _quotes(text, p_starts, p_ends)
    return Layout(
        text=text,
        sentence_starts=s_starts,
        sentence_ends=s_ends,
        paragraph_starts=p_starts,
        paragraph_ends=p_ends,
        quotes=quotes,
        quote_starts=[q.start for q in quotes],
    )
