"""The sources screen: the documents claims were taken from, with their claim counts, read a
page at a time; and a document's full text with every claim marked, beside the list of its
claims (orphans, on an older version of the text, flagged in red).

Keys: enter opens the highlighted document (in a document: opens the highlighted claim),
escape goes back from a document to the list, ``o`` lists the document's orphaned claims,
``r`` reads the list (and the open document) again.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from claims.archive.display import snippet, visible
from claims.browse.views import SourceRow, SourceText, count_sources, source_rows, source_text
from tui.screens.orphans import OrphansScreen
from tui.screens.paged import PagedListScreen
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


class SourcesScreen(PagedListScreen[SourceRow]):
    """The documents, paged on demand; enter opens one with its claims marked."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("escape", "back", "Back to list"),
        Binding("o", "orphans", "Orphans of source"),
        Binding("r", "refresh", "Refresh"),
    ]
    TABLE_ID = "sources-list"
    FAILURE = "Cannot list sources"

    class Opened(Message):
        """A document read from the archive, with its claims."""

        def __init__(self, document: SourceText) -> None:
            super().__init__()
            self.document = document

    def __init__(self) -> None:
        super().__init__()
        self.document: SourceText | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial=self.TABLE_ID, id="sources-switcher"):
            table = self.new_table()
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

    def read_page(self, query: str, offset: int) -> tuple[list[SourceRow], int]:
        rows = self.workbench.read(source_rows, offset=offset, limit=PAGE)
        return rows, self.workbench.read(count_sources)

    def cells(self, row: SourceRow) -> Iterable[str | Text]:
        return (
            str(row.id),
            Text(snippet(row.title, 50)),
            Text(snippet(row.outlet, 28)),
            Text(snippet(row.author, 20)),
            row.published.isoformat() if row.published else "",
            str(row.claims),
        )

    def row_key(self, row: SourceRow) -> str:
        return str(row.id)

    def page_shown(self, page: PagedListScreen.Page) -> None:
        self.sub_title = counted(self.total, "source")

    def choose(self) -> None:
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
        row = self.selected_row()
        if row is not None:
            self.open_document(row.id)

    @work(thread=True, exclusive=True, group="sources-document")
    def open_document(self, source_id: int) -> None:
        """Read a document and its claims in a worker and post it back."""
        try:
            document = self.workbench.read(source_text, source_id)
        except Exception as exc:  # shown, never raised: the screen stays up
            self.notify_failure("Cannot open the document", exc)
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
            row = self.selected_row()
            source_id = row.id if row is not None else None
        if source_id is not None:
            self.app.push_screen(OrphansScreen(source_id))

    def action_back(self) -> None:
        """Back from a document to the list of documents."""
        if self._showing_document():
            self.query_one("#sources-switcher", ContentSwitcher).current = self.TABLE_ID
            self.table.focus()

    def action_refresh(self) -> None:
        """Read the documents again (and the open document, if any)."""
        self.load_page(0)
        if self._showing_document() and self.document is not None:
            self.open_document(self.document.id)
