"""A document's full text with every claim's words marked, one paragraph per line block, and
one claim picked out on request (its words highlighted and scrolled into view)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from claims.archive.display import visible
from claims.browse.views import MarkedClaim, SourceText

#: How a claim's words look, and how the picked claim's words look.
MARKED = "underline on #1f3a5f"
PICKED = "bold black on yellow"
LABEL = "bold cyan"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the paragraphs of ``text`` (split at blank lines)."""
    spans = []
    start = 0
    while start <= len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            spans.append((start, end))
        start = end + 2
    return spans


def marked_paragraph(
    text: str, start: int, end: int, claims: Sequence[MarkedClaim], picked: int | None
) -> Text:
    """``text[start:end]`` with the words of ``claims`` marked, each claim's id before its
    first word, and the ``picked`` claim highlighted. The text is made visible piece by
    piece, so offsets never shift and control characters never reach the terminal."""
    inside = [
        (c.start, c.end, c.id)
        for c in claims
        if c.start is not None and c.end is not None and c.start < end and c.end > start
    ]
    cuts = {start, end}
    for lo, hi, _ in inside:
        cuts.update((max(lo, start), min(hi, end)))
    ordered = sorted(cuts)
    out = Text()
    for lo, hi in zip(ordered, ordered[1:], strict=False):
        covering = {cid for c_lo, c_hi, cid in inside if c_lo <= lo and c_hi >= hi}
        for c_lo, _, cid in inside:
            if c_lo == lo:
                out.append(f"[{cid}]", style=LABEL)
        style = PICKED if picked in covering else MARKED if covering else ""
        out.append(visible(text[lo:hi]), style=style)
    return out


class SourceTextView(VerticalScroll):
    """A document's text, a paragraph per ``Static``, with its claims marked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: SourceText | None = None
        self.picked: int | None = None
        self._paragraphs: list[tuple[int, int]] = []

    async def show(self, document: SourceText) -> None:
        """Show ``document`` from its top, no claim picked."""
        self.document, self.picked = document, None
        self._paragraphs = paragraphs(document.text)
        await self.remove_children()
        await self.mount_all(
            Static(
                marked_paragraph(document.text, lo, hi, document.claims, None),
                classes="paragraph",
            )
            for lo, hi in self._paragraphs
        )
        self.scroll_home(animate=False)

    def _paragraph_of(self, offset: int) -> int | None:
        for index, (_, hi) in enumerate(self._paragraphs):
            if offset < hi:
                return index
        return len(self._paragraphs) - 1 if self._paragraphs else None

    def pick(self, claim_id: int | None) -> None:
        """Highlight the words of ``claim_id`` (None: no claim) and scroll them into view."""
        document = self.document
        if document is None:
            return
        before, self.picked = self.picked, claim_id
        spans = {c.id: c for c in document.claims}
        touched: set[int] = set()
        for cid in (before, claim_id):
            claim = spans.get(cid) if cid is not None else None
            if claim is None or claim.start is None or claim.end is None:
                continue
            first, last = self._paragraph_of(claim.start), self._paragraph_of(claim.end - 1)
            if first is not None and last is not None:
                touched.update(range(first, last + 1))
        blocks = list(self.query(".paragraph").results(Static))
        for index in sorted(touched):
            lo, hi = self._paragraphs[index]
            blocks[index].update(marked_paragraph(document.text, lo, hi, document.claims, claim_id))
        target = spans.get(claim_id) if claim_id is not None else None
        if target is not None and target.start is not None:
            at = self._paragraph_of(target.start)
            if at is not None:
                self.scroll_to_widget(blocks[at], animate=False, top=True)
