"""The merge dialog: find the speaker to merge into the one kept (fuzzily, by any of its
aliases), then confirm, with what will move said plainly."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from claims.archive.display import visible
from claims.browse.views import SpeakerRow, speaker_rows
from claims.browse.workbench import Workbench
from tui.wording import counted

#: Candidates shown for what has been typed.
CANDIDATES = 20


class MergeSpeakersDialog(ModalScreen[int | None]):
    """Pick the speaker to merge into ``keep``; dismissed with its id once confirmed, or None.

    Args:
        keep: The speaker kept: the other one's claims and aliases move to it.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    MergeSpeakersDialog { align: center middle; }
    MergeSpeakersDialog > Vertical {
        width: 90; height: 30; border: thick $warning; padding: 1 2; background: $surface;
    }
    MergeSpeakersDialog #merge-candidates { height: 1fr; }
    MergeSpeakersDialog #merge-confirm { height: auto; }
    MergeSpeakersDialog Horizontal { height: auto; align-horizontal: right; }
    """

    class Found(Message):
        """Candidates found for what was typed."""

        def __init__(self, query: str, rows: list[SpeakerRow]) -> None:
            super().__init__()
            self.query = query
            self.rows = rows

    def __init__(self, keep: SpeakerRow) -> None:
        super().__init__()
        self.keep = keep
        self.candidates: list[SpeakerRow] = []
        self.other: SpeakerRow | None = None

    @property
    def workbench(self) -> Workbench:
        """The app's workbench."""
        workbench: Workbench = self.app.workbench  # type: ignore[attr-defined]
        return workbench

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Merge another speaker into ")
            title.append(visible(self.keep.name), style="bold")
            title.append(f" (#{self.keep.id})")
            yield Label(title)
            yield Input(placeholder="name or alias of the other speaker", id="merge-query")
            yield OptionList(id="merge-candidates")
            yield Static("", id="merge-confirm")
            with Horizontal():
                yield Button("Merge", variant="warning", id="merge-do", disabled=True)
                yield Button("Cancel", id="merge-cancel")

    @on(Input.Changed, "#merge-query")
    def typed(self, event: Input.Changed) -> None:
        self.find(event.value)

    @work(thread=True, exclusive=True)
    def find(self, query: str) -> None:
        """Look the typed name up through the speaker index, in a worker."""
        try:
            rows = self.workbench.read(speaker_rows, query, limit=CANDIDATES + 1)
        except Exception as exc:  # shown, never raised
            self.app.call_from_thread(self.notify, visible(str(exc)), severity="error")
            return
        self.post_message(self.Found(query, rows))

    @on(Found)
    def show_found(self, message: Found) -> None:
        if message.query != self.query_one("#merge-query", Input).value:
            return  # typed on since
        self.candidates = [r for r in message.rows if r.id != self.keep.id][:CANDIDATES]
        options = self.query_one("#merge-candidates", OptionList)
        options.clear_options()
        for row in self.candidates:
            prompt = Text()
            prompt.append(f"#{row.id} ", style="bold")
            prompt.append(visible(row.name))
            prompt.append(f"  {counted(row.claims, 'claim')}", style="dim")
            if row.matched and row.matched != row.name:
                prompt.append(f"  (as {visible(row.matched)})", style="dim italic")
            options.add_option(Option(prompt, id=str(row.id)))

    @on(Input.Submitted, "#merge-query")
    def to_candidates(self) -> None:
        options = self.query_one("#merge-candidates", OptionList)
        options.focus()
        if self.candidates:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted, "#merge-candidates")
    @on(OptionList.OptionSelected, "#merge-candidates")
    def chosen(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        self.other = next((r for r in self.candidates if str(r.id) == event.option.id), None)
        confirm = Text()
        if self.other is not None:
            confirm.append("Merge ")
            confirm.append(f"{visible(self.other.name)} (#{self.other.id})", style="bold")
            confirm.append(" into ")
            confirm.append(f"{visible(self.keep.name)} (#{self.keep.id})", style="bold")
            confirm.append(
                f": its {counted(self.other.claims, 'claim')} and "
                f"{counted(len(self.other.aliases), 'alias', 'aliases')} move. "
                "Audited; `claims speakers unmerge` undoes it."
            )
        self.query_one("#merge-confirm", Static).update(confirm)
        self.query_one("#merge-do", Button).disabled = self.other is None
        if isinstance(event, OptionList.OptionSelected):
            self.query_one("#merge-do", Button).focus()

    @on(Button.Pressed, "#merge-do")
    def confirm(self) -> None:
        if self.other is not None:
            self.dismiss(self.other.id)

    @on(Button.Pressed, "#merge-cancel")
    def action_cancel(self) -> None:
        """Close without merging."""
        self.dismiss(None)
