"""The events screen: the incidents rival accounts describe, each with how many accounts,
speakers and contradictions it has; from here an event's accounts are compared."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from claims.browse.display import visible
from claims.browse.views import EventRow, count_events, event_rows
from tui.screens.base import ArchiveScreen
from tui.screens.compare import CompareScreen
from tui.wording import counted

#: Events read per page; the next page is read when the cursor reaches the last row.
PAGE = 100


class EventsScreen(ArchiveScreen):
    """Every event, most recent first, paged on demand."""

    BINDINGS = [
        Binding("enter", "compare", "Compare accounts"),
        Binding("c", "claims", "Claims of event"),
        Binding("r", "refresh", "Refresh"),
    ]

    class Page(Message):
        """A page of events read from the archive."""

        def __init__(self, rows: list[EventRow], offset: int, total: int) -> None:
            super().__init__()
            self.rows = rows
            self.offset = offset
            self.total = total

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[EventRow] = []
        self.total = 0
        self.loading_page = False

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str | Text] = DataTable(id="events-table", cursor_type="row")
        table.add_columns("ID", "Event", "Date", "Place", "Claims", "Speakers", "Contra", "Links")
        yield table
        yield Static("", id="event-description")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Events"
        self.load_page(0)

    @work(thread=True, exclusive=True, group="events-page")
    def load_page(self, offset: int) -> None:
        """Read a page of events in a worker and post it back."""
        try:
            rows = self.workbench.read(event_rows, offset=offset, limit=PAGE)
            total = self.workbench.read(count_events)
        except Exception as exc:  # shown, never raised: the screen stays up
            self.app.call_from_thread(
                self.notify, visible(str(exc)), title="Cannot list events", severity="error"
            )
            return
        self.post_message(self.Page(rows, offset, total))

    @on(Page)
    def show_page(self, message: Page) -> None:
        table = self.query_one("#events-table", DataTable)
        self.loading_page = False
        if message.offset == 0:
            table.clear()
            self.rows = []
        elif message.offset != len(self.rows):
            return  # a stale page: the list was refreshed meanwhile
        self.total = message.total
        for row in message.rows:
            contra = Text(str(row.contradictions), style="bold red" if row.contradictions else "")
            table.add_row(
                str(row.id),
                Text(visible(row.name), style="bold"),
                row.date.isoformat() if row.date else "",
                Text(visible(row.place or "")),
                str(row.claims),
                str(row.speakers),
                contra,
                str(row.links),
                key=str(row.id),
            )
        self.rows.extend(message.rows)
        self.sub_title = counted(self.total, "event")
        self._describe()

    def _selected(self) -> EventRow | None:
        table = self.query_one("#events-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _describe(self) -> None:
        row = self._selected()
        text = Text()
        if row is not None:
            text.append(visible(row.name), style="bold")
            text.append(f"  {counted(row.claims, 'account')} by {counted(row.speakers, 'speaker')}")
            if row.contradictions:
                text.append(f", {row.contradictions} contradicting", style="red")
            if row.description:
                text.append("\n" + visible(row.description), style="dim")
        self.query_one("#event-description", Static).update(text)

    @on(DataTable.RowHighlighted, "#events-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()
        if (
            event.cursor_row >= len(self.rows) - 1
            and len(self.rows) < self.total
            and not self.loading_page
        ):
            self.loading_page = True
            self.load_page(len(self.rows))

    @on(DataTable.RowSelected, "#events-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_compare()

    def action_compare(self) -> None:
        """Compare the rival accounts of the highlighted event."""
        row = self._selected()
        if row is not None:
            self.app.push_screen(CompareScreen(event_id=row.id))

    def action_claims(self) -> None:
        """List the claims of the highlighted event on the claims screen."""
        row = self._selected()
        if row is not None:
            self.claims_app.show_claims(f"event:{row.id}")

    def action_refresh(self) -> None:
        """Read the events again from the first page."""
        self.load_page(0)
