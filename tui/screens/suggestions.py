"""The suggestions screen: pairs of claims the scorer thinks contradict or support each
other, best first, with its reasons; each is accepted (an audited link) or rejected (never
proposed again) with a key, for the whole archive or one event.

Keys: ``a`` accepts the highlighted pair, ``x`` rejects it (either takes it off the list),
enter compares the two claims side by side, ``e`` moves to the event filter, ``r`` scores
again.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Header, Select, Static

from claims.archive.display import snippet, visible
from claims.browse.views import ClaimBrief, EventRow, SuggestionRow, event_rows, open_suggestions
from claims.suggestions.decisions import accept_suggestion, reject_suggestion
from tui.screens.compare import CompareScreen
from tui.screens.paged import TableScreen
from tui.wording import counted

#: Suggestions listed at once: the best ones; accepting or rejecting brings the next up.
LIMIT = 100
#: Events offered in the event filter.
EVENT_CHOICES = 500


class SuggestionsScreen(TableScreen[SuggestionRow]):
    """Open suggestions, optionally for one event.

    Args:
        event_id: Start with this event's suggestions (None: the whole archive).
    """

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("x", "reject", "Reject"),
        Binding("enter", "compare", "Compare pair"),
        Binding("e", "event", "Event filter"),
        Binding("r", "refresh", "Refresh"),
    ]
    TABLE_ID = "suggestions-table"

    class Loaded(Message):
        """Open suggestions read for an event (or for all)."""

        def __init__(self, event_id: int | None, rows: list[SuggestionRow]) -> None:
            super().__init__()
            self.event_id = event_id
            self.rows = rows

    class Events(Message):
        """The events to filter by."""

        def __init__(self, events: list[EventRow]) -> None:
            super().__init__()
            self.events = events

    class Decided(Message):
        """A suggestion was accepted or rejected; ``summary`` says which."""

        def __init__(self, row: SuggestionRow, summary: str) -> None:
            super().__init__()
            self.row = row
            self.summary = summary

    def __init__(self, event_id: int | None = None) -> None:
        super().__init__()
        self.event_id = event_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Select[int](
            [], prompt="All events", allow_blank=True, id="suggestions-event", compact=True
        )
        table = self.new_table()
        table.add_columns("Score", "Relation", "Claim", "Speaker", "Claim", "Speaker", "Why")
        yield table
        yield Static("", id="suggestion-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Suggestions"
        self.table.focus()
        self.load_events()
        self.load(self.event_id)

    @work(thread=True, exclusive=True, group="suggestions-events")
    def load_events(self) -> None:
        """Read the events to filter by, in a worker."""
        try:
            events = self.workbench.read(event_rows, limit=EVENT_CHOICES)
        except Exception as exc:  # shown, never raised
            self.notify_failure("Cannot list events", exc)
            return
        self.post_message(self.Events(events))

    @on(Events)
    def show_events(self, message: Events) -> None:
        select = self.query_one("#suggestions-event", Select)
        with self.prevent(Select.Changed):
            select.set_options(
                (Text(f"{visible(e.name)} ({counted(e.claims, 'claim')})"), e.id)
                for e in message.events
            )
            if self.event_id is not None:
                select.value = self.event_id

    @work(thread=True, exclusive=True, group="suggestions-load")
    def load(self, event_id: int | None) -> None:
        """Score the archive (or an event) for open suggestions, in a worker."""
        try:
            rows = self.workbench.read(open_suggestions, event_id=event_id, limit=LIMIT)
        except Exception as exc:  # shown, never raised: the screen stays up
            self.notify_failure("Cannot suggest", exc)
            return
        self.post_message(self.Loaded(event_id, rows))

    @on(Select.Changed, "#suggestions-event")
    def event_chosen(self, event: Select.Changed) -> None:
        self.event_id = event.value if isinstance(event.value, int) else None
        self.load(self.event_id)

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        if message.event_id != self.event_id:
            return  # the filter changed since
        table = self.table
        keep = table.cursor_row
        table.clear()
        self.rows = message.rows
        self.add_rows(self.rows)
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self.sub_title = f"{len(self.rows)} open" + ("" if self.event_id is None else " (event)")
        self.describe()

    def cells(self, row: SuggestionRow) -> Iterable[str | Text]:
        s = row.suggestion
        colour = "red" if s.relation == "contradicts" else "green"
        return (
            f"{s.score:.2f}",
            Text(s.relation, style=colour),
            f"#{s.a}",
            Text(snippet(row.a.speaker, 22)),
            f"#{s.b}",
            Text(snippet(row.b.speaker, 22)),
            Text(snippet(s.reasons[0] if s.reasons else "", 40), style="dim"),
        )

    def row_key(self, row: SuggestionRow) -> str:
        s = row.suggestion
        return f"{s.a}:{s.b}:{s.relation}"

    @staticmethod
    def _brief(text: Text, claim: ClaimBrief) -> None:
        text.append(f"#{claim.id} ", style="bold")
        text.append(visible(claim.speaker or "unattributed"), style="cyan")
        if claim.cue:
            text.append(f" {visible(claim.cue)}", style="italic")
        text.append(f" [{claim.status}]\n", style="dim")
        text.append("  " + snippet(claim.content, 220) + "\n")

    def describe(self) -> None:
        row = self.selected_row()
        text = Text()
        if row is None:
            text.append("No open suggestions.", style="dim")
        else:
            s = row.suggestion
            text.append(
                f"{s.relation} ", style="bold red" if s.relation == "contradicts" else "bold green"
            )
            text.append(f"score {s.score:.2f}\n")
            self._brief(text, row.a)
            self._brief(text, row.b)
            for reason in s.reasons:
                text.append("• " + visible(reason) + "\n", style="dim")
        self.query_one("#suggestion-detail", Static).update(text)

    def choose(self) -> None:
        self.action_compare()

    def action_accept(self) -> None:
        """Accept the highlighted suggestion: the two claims are linked (audited)."""
        row = self.selected_row()
        if row is not None:
            self.decide(row, accept=True)

    def action_reject(self) -> None:
        """Reject the highlighted suggestion: the pair is never proposed again."""
        row = self.selected_row()
        if row is not None:
            self.decide(row, accept=False)

    @work(thread=True, exclusive=True, group="suggestions-write")
    def decide(self, row: SuggestionRow, accept: bool) -> None:
        """Accept or reject in a worker, in one write transaction."""
        wb, s = self.workbench, row.suggestion
        try:
            if accept:
                wb.write(accept_suggestion, s.a, s.b, s.relation, user=wb.user)
            else:
                wb.write(reject_suggestion, s.a, s.b, s.relation, user=wb.user)
        except Exception as exc:  # shown, never raised: nothing was written
            self.notify_failure("Cannot accept" if accept else "Cannot reject", exc)
            return
        verb = "Linked" if accept else "Rejected"
        self.post_message(self.Decided(row, f"{verb}: #{s.a} {s.relation} #{s.b}"))

    @on(Decided)
    def decided(self, message: Decided) -> None:
        self.notify(message.summary, title="Suggestions")
        # Taken off the list here rather than scored again: the scorer would now leave the
        # pair out anyway (it is linked, or rejected), and scoring costs the whole archive.
        if message.row in self.rows:
            self.rows.remove(message.row)
            self.table.remove_row(self.row_key(message.row))
        self.sub_title = f"{len(self.rows)} open" + ("" if self.event_id is None else " (event)")
        self.describe()

    def action_compare(self) -> None:
        """Compare the highlighted pair side by side."""
        row = self.selected_row()
        if row is not None:
            self.app.push_screen(CompareScreen([row.suggestion.a, row.suggestion.b]))

    def action_event(self) -> None:
        """Choose the event whose suggestions are shown."""
        self.query_one("#suggestions-event", Select).focus()

    def action_refresh(self) -> None:
        """Score again."""
        self.load(self.event_id)
