"""The events screen: the incidents rival accounts describe, most recent first and read a
page at a time, each with how many accounts, speakers and contradictions it has, and the
highlighted one described under the table.

Keys: enter compares the event's accounts side by side, ``c`` lists its claims on the
claims screen, ``r`` reads the events again.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from claims.archive.display import visible
from claims.browse.views import EventRow, count_events, event_rows
from tui.screens.compare import CompareScreen
from tui.screens.paged import PagedListScreen
from tui.wording import counted

#: Events read per page; the next page is read when the cursor reaches the last row.
PAGE = 100


class EventsScreen(PagedListScreen[EventRow]):
    """Every event, most recent first, paged on demand."""

    BINDINGS = [
        Binding("enter", "compare", "Compare accounts"),
        Binding("c", "claims", "Claims of event"),
        Binding("r", "refresh", "Refresh"),
    ]
    TABLE_ID = "events-table"
    FAILURE = "Cannot list events"

    def compose(self) -> ComposeResult:
        yield Header()
        table = self.new_table()
        table.add_columns("ID", "Event", "Date", "Place", "Claims", "Speakers", "Contra", "Links")
        yield table
        yield Static("", id="event-description")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Events"
        self.load_page(0)

    def read_page(self, query: str, offset: int) -> tuple[list[EventRow], int]:
        rows = self.workbench.read(event_rows, offset=offset, limit=PAGE)
        return rows, self.workbench.read(count_events)

    def cells(self, row: EventRow) -> Iterable[str | Text]:
        return (
            str(row.id),
            Text(visible(row.name), style="bold"),
            row.date.isoformat() if row.date else "",
            Text(visible(row.place or "")),
            str(row.claims),
            str(row.speakers),
            Text(str(row.contradictions), style="bold red" if row.contradictions else ""),
            str(row.links),
        )

    def row_key(self, row: EventRow) -> str:
        return str(row.id)

    def page_shown(self, page: PagedListScreen.Page) -> None:
        self.sub_title = counted(self.total, "event")
        self.describe()

    def describe(self) -> None:
        row = self.selected_row()
        text = Text()
        if row is not None:
            text.append(visible(row.name), style="bold")
            text.append(f"  {counted(row.claims, 'account')} by {counted(row.speakers, 'speaker')}")
            if row.contradictions:
                text.append(f", {row.contradictions} contradicting", style="red")
            if row.description:
                text.append("\n" + visible(row.description), style="dim")
        self.query_one("#event-description", Static).update(text)

    def choose(self) -> None:
        self.action_compare()

    def action_compare(self) -> None:
        """Compare the rival accounts of the highlighted event."""
        row = self.selected_row()
        if row is not None:
            self.app.push_screen(CompareScreen(event_id=row.id))

    def action_claims(self) -> None:
        """List the claims of the highlighted event on the claims screen."""
        row = self.selected_row()
        if row is not None:
            self.claims_app.show_claims(f"event:{row.id}")

    def action_refresh(self) -> None:
        """Read the events again from the first page."""
        self.load_page(0)
