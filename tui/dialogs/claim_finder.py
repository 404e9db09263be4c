"""The claim finder: search claims as you type (same filter line as the list) and pick one."""

from __future__ import annotations

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from claims.archive.display import visible
from claims.browse.desk import ListedClaim, find_claims, listed_claim
from claims.browse.workbench import Workbench
from db.errors import ClaimsError, NotFoundError
from tui.wording import counted

#: Hits shown at once.
LIMIT = 30
#: Seconds of quiet in the search box before it searches.
DEBOUNCE = 0.2


class ClaimFinder(ModalScreen[int | None]):
    """Find a claim by its words, speaker or filters; returns its id, or None.

    Args:
        workbench: Where to search.
        title: What the claim is wanted for, e.g. "Link claim 5 to…".
        exclude: A claim not to offer (the one being linked from).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    class _Found(Message):
        def __init__(self, rows: list[ListedClaim], status: str, *, error: bool) -> None:
            super().__init__()
            self.rows = rows
            self.status = status
            self.error = error

    def __init__(self, workbench: Workbench, title: str, *, exclude: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.workbench = workbench
        self.title_text = title
        self.exclude = exclude
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="words  @speaker  #tag  status:…  or a claim id", id="finder")
            yield Label("", id="finder-status", classes="dialog-hint")
            yield OptionList(id="finder-options")

    def on_mount(self) -> None:
        self._search("")

    @on(Input.Changed, "#finder")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        line = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self._search(line))

    @work(thread=True, exclusive=True, group="claim-finder")
    def _search(self, line: str) -> None:
        wanted = line.strip().lstrip("#")
        number = int(wanted) if wanted.isdigit() else None
        try:
            page = self.workbench.read(find_claims, "" if number else line, limit=LIMIT)
            matches = "matches" if page.total == 1 and page.exact else "match"
            found = counted(page.total, "claim", at_least=not page.exact)
            rows, total = page.rows, f"{found} {matches}"
            if number is not None:
                try:
                    exact = self.workbench.read(listed_claim, number)
                except NotFoundError:
                    total = f"no claim {number}"
                else:
                    rows = [exact, *(r for r in rows if r.id != number)]
                    total = f"claim {number}, then the newest"
        except (ClaimsError, SQLAlchemyError) as exc:
            self.post_message(self._Found([], str(exc), error=True))
            return
        self.post_message(self._Found(rows, total, error=False))

    @on(_Found)
    def _found(self, message: _Found) -> None:
        status = self.query_one("#finder-status", Label)
        options = self.query_one(OptionList)
        options.clear_options()
        status.update(Text(visible(message.status), style="red" if message.error else ""))
        rows = [r for r in message.rows if r.id != self.exclude]
        for row in rows:
            text = Text()
            text.append(f"#{row.id} ", style="cyan")
            text.append(visible(row.speaker or "—"), style="bold")
            text.append(": ")
            text.append(row.snippet.text)
            options.add_option(Option(text, id=str(row.id)))
        if rows:
            options.highlighted = 0

    @on(Input.Submitted, "#finder")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id is not None:
                self.dismiss(int(option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
