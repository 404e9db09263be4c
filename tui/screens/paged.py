"""The list screens' common shape: a table of rows read from the archive, the row under the
cursor described below it and acted on with enter.

``TableScreen`` is that shape for a list read whole (suggestions, orphans);
``PagedListScreen`` adds reading a page at a time, the next page read in a worker when the
cursor reaches the last row shown (events, sources, speakers). A screen says how to read a
page and how to draw a row; the paging, the stale pages dropped after a refresh or a new
filter, and the enter key are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import DataTable

from tui.screens.base import ArchiveScreen

#: What one row of the table stands for (``EventRow``, ``Orphan``, ...).
RowT = TypeVar("RowT")


class TableScreen(ArchiveScreen, Generic[RowT]):
    """A screen around one table whose rows stand for ``rows``, in the same order."""

    #: The table's widget id (its CSS is in ``app.tcss``).
    TABLE_ID: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RowT] = []

    @property
    def table(self) -> DataTable[str | Text]:
        """The screen's table."""
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def new_table(self) -> DataTable[str | Text]:
        """An empty table for ``compose``, one row highlighted at a time."""
        return DataTable(id=self.TABLE_ID, cursor_type="row")

    def selected_row(self) -> RowT | None:
        """The row under the cursor, or None when the table is empty."""
        cursor = self.table.cursor_row
        if not self.rows or not 0 <= cursor < len(self.rows):
            return None
        return self.rows[cursor]

    def cells(self, row: RowT) -> Iterable[str | Text]:
        """The table cells that show ``row``, one per column."""
        raise NotImplementedError

    def row_key(self, row: RowT) -> str:
        """The key of ``row`` in the table (unique among the rows)."""
        raise NotImplementedError

    def add_rows(self, rows: Iterable[RowT]) -> None:
        """Add ``rows`` at the end of the table (not to ``rows``)."""
        table = self.table
        for row in rows:
            table.add_row(*self.cells(row), key=self.row_key(row))

    def describe(self) -> None:
        """Show the highlighted row in full (by default, nothing more is shown)."""

    def choose(self) -> None:
        """Act on the highlighted row: what enter does."""
        raise NotImplementedError

    def cursor_moved(self, cursor_row: int) -> None:
        """The cursor is on ``cursor_row`` now."""
        self.describe()

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == self.TABLE_ID:
            self.cursor_moved(event.cursor_row)

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == self.TABLE_ID:
            event.stop()
            self.choose()


class PagedListScreen(TableScreen[RowT]):
    """A table read a page at a time, the next page when the cursor reaches the last row.

    ``query_text`` is the filter the rows are read for (empty when the screen has none);
    ``total`` is how many rows there are in all, as the last page read counted them.
    """

    class Page(Message):
        """A page of rows read for a filter, from ``offset``; ``total`` counts them all."""

        def __init__(self, query: str, rows: list[Any], offset: int, total: int) -> None:
            super().__init__()
            self.query = query
            self.rows = rows
            self.offset = offset
            self.total = total

    #: The title of the error shown when a page cannot be read.
    FAILURE: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.total = 0
        self.loading_page = False

    def read_page(self, query: str, offset: int) -> tuple[list[RowT], int]:
        """Read (in a worker) the page of rows from ``offset`` and how many there are."""
        raise NotImplementedError

    def page_shown(self, page: Page) -> None:
        """The rows of ``page`` were added to the table: say what the list holds now."""

    def more_to_read(self) -> bool:
        """Whether rows remain beyond those read."""
        return len(self.rows) < self.total

    @work(thread=True, exclusive=True, group="page")
    def load_page(self, offset: int, query: str = "") -> None:
        """Read the page from ``offset`` for ``query`` in a worker and post it back."""
        try:
            rows, total = self.read_page(query, offset)
        except Exception as exc:  # shown, never raised: the screen stays up
            self.notify_failure(self.FAILURE, exc)
            return
        self.post_message(self.Page(query, rows, offset, total))

    @on(Page)
    def show_page(self, message: Page) -> None:
        if message.query != self.query_text:
            return  # typed on since
        table = self.table
        self.loading_page = False
        if message.offset == 0:
            table.clear()
            self.rows = []
        elif message.offset != len(self.rows):
            return  # a stale page: the list was refreshed meanwhile
        self.total = message.total
        self.add_rows(message.rows)
        self.rows.extend(message.rows)
        self.page_shown(message)

    def cursor_moved(self, cursor_row: int) -> None:
        super().cursor_moved(cursor_row)
        if cursor_row >= len(self.rows) - 1 and self.more_to_read() and not self.loading_page:
            self.loading_page = True
            self.load_page(len(self.rows), self.query_text)
