"""The note editor: a claim's reviewer note, edited in place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; returns the new text (empty clears it) or None when cancelled.

    Args:
        claim_id: The claim the note belongs to, for the title.
        note: The note as it stands.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, claim_id: int, note: str | None) -> None:
        super().__init__(classes="dialog")
        self.claim_id = claim_id
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(f"Note on claim {self.claim_id}", classes="dialog-title")
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Label("ctrl+s saves · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
