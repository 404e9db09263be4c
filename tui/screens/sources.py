"""The sources screen: the documents claims were taken from, with their claim counts, and a
document's full text with every claim marked beside the list of its claims."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from claims.browse.display import snippet, visible
from claims.browse.views import SourceRow, SourceText, count_sources, source_rows, source_text
from tui.screens.base import ArchiveScreen
from tui.screens.orphans import OrphansScreen
from tui.widgets.source_text import SourceTextView
from tui.wording import counted

#: Documents read per page; the next page is read when the cursor reaches the last row.
PAGE = 100


#: The table's columns and their widths (120 cells in all, with the cells' padding).
COLUMNS = (
    ("ID", 5),
    ("Title", 46),
    ("Outlet", 22),
    ("Author", 18),
    ("Published", 10),
    ("Claims", 6),
)


class SourcesScreen(ArchiveScreen):
    """The documents, paged on demand; enter opens one with its claims marked."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("escape", "back", "Back to list"),
        Binding("o", "orphans", "Orphans of source"),
        Binding("r", "refresh", "Refresh"),
    ]

    class Page(Message):
        """A page of documents read from the archive."""

        def __init__(self, rows: list[SourceRow], offset: int, total: int) -> None:
            super().__init__()
            self.rows = rows
            self.offset = offset
            self.total = total

    class Opened(Message):
        """A document read from the archive, with its claims."""

        def __init__(self, document: SourceText) -> None:
            super().__init__()
            self.document = document

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SourceRow] = []
        self.total = 0
        self.loading_page = False
        self.document: SourceText | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="sources-list", id="sources-switcher"):
            table: DataTable[str | Text] = DataTable(id="sources-list", cursor_type="row")
            # Fixed widths: the columns stay put as pages of other documents arrive.
            for label, width in COLUMNS:
                table.add_column(label, width=width)
            yield table
            with Vertical(id="sources-document"):
                yield Static("", id="document-head")
                with Horizontal():
                    yield SourceTextView(id="document-text")
                    yield OptionList(id="document-claims")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Sources"
        self.load_page(0)

    def _notify_failure(self, title: str, exc: Exception) -> None:
        self.app.call_from_thread(self.notify, visible(str(exc)), title=title, severity="error")

    @work(thread=True, exclusive=True, group="sources-page")
    def load_page(self, offset: int) -> None:
        """Read a page of documents in a worker and post it back."""
        try:
            rows = self.workbench.read(source_rows, offset=offset, limit=PAGE)
            total = self.workbench.read(count_sources)
        except Exception as exc:  # shown, never raised: the screen stays up
            self._notify_failure("Cannot list sources", exc)
            return
        self.post_message(self.Page(rows, offset, total))

    @on(Page)
    def show_page(self, message: Page) -> None:
        table = self.query_one("#sources-list", DataTable)
        self.loading_page = False
        if message.offset == 0:
            table.clear()
            self.rows = []
        elif message.offset != len(self.rows):
            return  # a stale page: the list was refreshed meanwhile
        self.total = message.total
        for row in message.rows:
            table.add_row(
                str(row.id),
                Text(snippet(row.title, 50)),
                Text(snippet(row.outlet, 28)),
                Text(snippet(row.author, 20)),
                row.published.isoformat() if row.published else "",
                str(row.claims),
                key=str(row.id),
            )
        self.rows.extend(message.rows)
        self.sub_title = counted(self.total, "source")

    @on(DataTable.RowHighlighted, "#sources-list")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if (
            event.cursor_row >= len(self.rows) - 1
            and len(self.rows) < self.total
            and not self.loading_page
        ):
            self.loading_page = True
            self.load_page(len(self.rows))

    @on(DataTable.RowSelected, "#sources-list")
    def selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _showing_document(self) -> bool:
        switcher = self.query_one("#sources-switcher", ContentSwitcher)
        return switcher.current == "sources-document"

    def action_open(self) -> None:
        """Open the highlighted document, or the highlighted claim of an open document."""
        if self._showing_document():
            claims = self.query_one("#document-claims", OptionList)
            if claims.highlighted is not None and self.document is not None:
                self.claims_app.open_claim(self.document.claims[claims.highlighted].id)
            return
        table = self.query_one("#sources-list", DataTable)
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            self.open_document(self.rows[table.cursor_row].id)

    @work(thread=True, exclusive=True, group="sources-document")
    def open_document(self, source_id: int) -> None:
        """Read a document and its claims in a worker and post it back."""
        try:
            document = self.workbench.read(source_text, source_id)
        except Exception as exc:  # shown, never raised: the screen stays up
            self._notify_failure("Cannot open the document", exc)
            return
        self.post_message(self.Opened(document))

    @on(Opened)
    async def show_document(self, message: Opened) -> None:
        document = self.document = message.document
        head = Text()
        head.append(visible(document.title or f"Source {document.id}"), style="bold")
        byline = [visible(x) for x in (document.outlet, document.author) if x]
        if document.published:
            byline.append(document.published.isoformat())
        if byline:
            head.append("  " + " · ".join(byline), style="dim")
        head.append(f"  {counted(len(document.claims), 'claim')}")
        if document.orphans:
            head.append(f", {len(document.orphans)} orphaned (o lists them)", style="bold red")
        self.query_one("#document-head", Static).update(head)
        claims = self.query_one("#document-claims", OptionList)
        claims.clear_options()
        for claim in document.claims:
            prompt = Text()
            prompt.append(f"#{claim.id} ", style="bold")
            prompt.append(visible(claim.speaker or "unattributed"), style="cyan")
            if claim.anchor_version < document.version:
                prompt.append(
                    f" orphan: on version {claim.anchor_version} of {document.version}",
                    style="bold red",
                )
            elif claim.start is None:
                prompt.append(" (not in the text)", style="dim italic")
            prompt.append("\n" + snippet(claim.content, 80), style="dim")
            claims.add_option(Option(prompt, id=str(claim.id)))
        self.query_one("#sources-switcher", ContentSwitcher).current = "sources-document"
        await self.query_one("#document-text", SourceTextView).show(document)
        claims.focus()
        if document.claims:
            claims.highlighted = 0

    @on(OptionList.OptionHighlighted, "#document-claims")
    def claim_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.query_one("#document-text", SourceTextView).pick(int(event.option.id))

    @on(OptionList.OptionSelected, "#document-claims")
    def claim_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.claims_app.open_claim(int(event.option.id))

    def action_orphans(self) -> None:
        """List the claims of this document that its latest version no longer has."""
        source_id: int | None = None
        if self._showing_document():
            source_id = self.document.id if self.document is not None else None
        else:
            table = self.query_one("#sources-list", DataTable)
            if self.rows and 0 <= table.cursor_row < len(self.rows):
                source_id = self.rows[table.cursor_row].id
        if source_id is not None:
            self.app.push_screen(OrphansScreen(source_id))

    def action_back(self) -> None:
        """Back from a document to the list of documents."""
        if self._showing_document():
            self.query_one("#sources-switcher", ContentSwitcher).current = "sources-list"
            self.query_one("#sources-list", DataTable).focus()

    def action_refresh(self) -> None:
        """Read the documents again (and the open document, if any)."""
        self.load_page(0)
        if self._showing_document() and self.document is not None:
            self.open_document(self.document.id)
