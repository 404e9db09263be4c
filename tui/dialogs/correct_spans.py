"""The span dialog: where a claim's content, speaker and cue sit in its source, corrected.

Each field takes the span's character offsets (``2631:2811``) or the exact words as the
source writes them; the words are found nearest the claim. A field left as it was is not
corrected.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from claims.archive.display import snippet, visible
from claims.review.corrections import Span, SpanKind, check_span, find_quote, parse_offsets
from db.errors import ClaimsError


def offsets_text(span: Span | None) -> str:
    """A span as the dialog's fields write it."""
    return "" if span is None else f"{span.start}:{span.end}"


class CorrectSpansDialog(ModalScreen[dict[SpanKind, Span] | None]):
    """Correct a claim's spans in ``text``; dismissed with the spans that changed, or None.

    Args:
        claim_id: The claim, for the title.
        text: Its source document's text.
        spans: Each part's span as it stands (None where the claim has none).
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, claim_id: int, text: str, spans: dict[SpanKind, Span | None]) -> None:
        super().__init__(classes="dialog")
        self.claim_id = claim_id
        self.text = text
        self.spans = spans

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide", id="correct-spans"):
            yield Label(f"Correct the spans of claim {self.claim_id}", classes="dialog-title")
            for kind in SpanKind:
                span = self.spans.get(kind)
                now = Text(f"{kind.value}: ", style="bold")
                now.append(
                    snippet(self.text[span.start : span.end], 80) if span else "(not placed)"
                )
                yield Label(now)
                yield Input(
                    offsets_text(span),
                    placeholder="START:END or the exact words",
                    id=f"span-{kind.value}",
                )
            yield Label(
                f"offsets into the source's {len(self.text):,} characters, or its exact words "
                "· enter saves · esc cancels",
                classes="dialog-hint",
            )
            yield Label("", id="span-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Correct", variant="primary", id="span-save")
                yield Button("Cancel", id="span-cancel")

    def on_mount(self) -> None:
        self.query_one(f"#span-{SpanKind.CONTENT.value}", Input).focus()

    def _read(self, kind: SpanKind, value: str) -> Span | None:
        """The span a field asks for; None when it is left as the claim has it."""
        value = value.strip()
        current = self.spans.get(kind)
        if not value or value == offsets_text(current):
            return None
        try:
            span = parse_offsets(value)
        except ClaimsError:
            near = self.spans.get(SpanKind.CONTENT)
            span = find_quote(self.text, value, near=near.start if near else None)
        check_span(self.text, span, kind)
        return None if span == current else span

    @on(Input.Submitted)
    @on(Button.Pressed, "#span-save")
    def save(self) -> None:
        changed: dict[SpanKind, Span] = {}
        try:
            for kind in SpanKind:
                span = self._read(kind, self.query_one(f"#span-{kind.value}", Input).value)
                if span is not None:
                    changed[kind] = span
        except ClaimsError as exc:
            self.query_one("#span-error", Label).update(Text(visible(str(exc)), style="red"))
            return
        self.dismiss(changed or None)

    @on(Button.Pressed, "#span-cancel")
    def action_cancel(self) -> None:
        """Close without correcting anything."""
        self.dismiss(None)
