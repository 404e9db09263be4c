"""The conflict dialog: someone else changed the claim first; say who and what, and offer to
reload."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from claims.archive.display import visible


class ConflictDialog(ModalScreen[bool]):
    """Show a refused write; returns True to reload the claim, False to keep the screen.

    Args:
        message: The refusal, naming the other change (``ConflictError``'s text).
    """

    BINDINGS = [
        Binding("r,enter", "reload", "Reload"),
        Binding("escape", "keep", "Keep"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__(classes="dialog")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="conflict"):
            yield Label("Someone else changed this claim first", classes="dialog-title")
            yield Static(Text(visible(self.message)), id="conflict-message")
            yield Static(Text("Nothing of yours was saved. Reload to see their change."))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload", id="reload", variant="primary")
                yield Button("Keep", id="keep")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    @on(Button.Pressed, "#reload")
    def action_reload(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
