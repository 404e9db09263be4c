"""The add-alias dialog: another way a speaker's name is written, and whether it is weak (shown
but never matched on, like "a spokesman")."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label

from claims.archive.display import visible


@dataclass(frozen=True, slots=True)
class NewAlias:
    """The alias asked for."""

    alias: str
    weak: bool


class AddAliasDialog(ModalScreen[NewAlias | None]):
    """Ask for an alias of ``speaker_name``; dismissed with a ``NewAlias`` or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    AddAliasDialog { align: center middle; }
    AddAliasDialog > Vertical {
        width: 70; height: auto; border: thick $accent; padding: 1 2; background: $surface;
    }
    AddAliasDialog Horizontal { height: auto; align-horizontal: right; }
    """

    def __init__(self, speaker_name: str) -> None:
        super().__init__()
        self.speaker_name = speaker_name

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Add an alias of ")
            title.append(visible(self.speaker_name), style="bold")
            yield Label(title)
            yield Input(placeholder="alias, e.g. Gen. Kimmitt", id="alias-text")
            yield Checkbox("Weak: show it, never match on it", id="alias-weak")
            with Horizontal():
                yield Button("Add", variant="primary", id="alias-add")
                yield Button("Cancel", id="alias-cancel")

    @on(Input.Submitted, "#alias-text")
    @on(Button.Pressed, "#alias-add")
    def add(self) -> None:
        alias = " ".join(self.query_one("#alias-text", Input).value.split())
        if not alias:
            self.notify("Type the alias first.", severity="warning")
            return
        self.dismiss(NewAlias(alias, self.query_one("#alias-weak", Checkbox).value))

    @on(Button.Pressed, "#alias-cancel")
    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
