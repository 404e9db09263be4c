"""The claim list: one line per claim, drawn only where it is visible.

The list never holds the archive. It knows how many claims the filter matches, draws the
lines on screen with the Line API, and fetches the pages those lines fall in (``PAGE`` rows
by offset and limit) in thread workers, caching a few dozen of them. A million claims open
as fast as a dozen: the first page and the count are all it waits for.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import events, on, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claims.archive.display import STATUS_STYLES, visible
from claims.browse.desk import ClaimsPage, ListedClaim, count_matching, find_claims
from claims.browse.workbench import Workbench
from db.errors import ClaimsError

#: Rows fetched at a time.
PAGE = 100
#: Pages kept in memory; the farthest from the cursor are dropped first.
CACHED_PAGES = 40


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the list: its heading, the least and the most cells it is given (``most``
    0: the claim's words, which take whatever the others leave) and its alignment. Between
    the two a column is as wide as the widest value it has shown."""

    title: str
    least: int
    most: int
    justify: str = "left"


COLUMNS = (
    Column("ID", 2, 8, "right"),
    Column("Speaker", 10, 34),
    Column("Claim", 30, 0),
    Column("Outlet", 8, 28),
    Column("Date", 10, 10),
    Column("Status", 6, 12),
    Column("Tags", 4, 32),
    Column("Links", 5, 5, "right"),
)
#: The claim's words keep at least this share of the width the columns share.
CLAIM_SHARE = 1 / 3
#: The columns given up first when the others want more than there is, widest first.
SHARED = {"Speaker", "Outlet", "Tags"}


def layout(width: int, wanted: list[int]) -> list[int]:
    """Each column's width across ``width`` cells, for values as wide as ``wanted`` (in
    ``COLUMNS`` order): every column as wide as its widest value within its bounds, the
    claim's words keeping at least a third of the line; when that is not enough, the widest
    of speaker, outlet and tags give way first, down to an even share."""
    space = width - 1 - len(COLUMNS)  # a space before the first column and after each
    claim = next(i for i, c in enumerate(COLUMNS) if not c.most)
    widths = [
        max(c.least, len(c.title), min(c.most, want))
        for c, want in zip(COLUMNS, wanted, strict=True)
    ]
    floor = max(COLUMNS[claim].least, int(space * CLAIM_SHARE))
    over = sum(widths) - widths[claim] + floor - space
    shared = [i for i, c in enumerate(COLUMNS) if c.title in SHARED]
    while over > 0:
        widest = max(shared, key=lambda i: widths[i])
        if widths[widest] <= max(COLUMNS[widest].least, len(COLUMNS[widest].title)):
            break
        widths[widest] -= 1
        over -= 1
    widths[claim] = max(COLUMNS[claim].least, space - (sum(widths) - widths[claim]))
    return widths


def _cells(row: ListedClaim) -> list[Text]:
    """The row's cells, in ``COLUMNS`` order, every value shown literally."""
    claim = Text()
    for piece, matched in row.snippet.parts():
        claim.append(piece, style="bold yellow" if matched else "")
    return [
        Text(str(row.id), style="cyan"),
        Text(visible(row.speaker or "—")),
        claim,
        Text(visible(row.outlet or "")),
        Text(row.published.isoformat() if row.published else ""),
        Text(row.status, style=STATUS_STYLES.get(row.status, "")),
        Text(visible(" ".join(row.tags))),
        Text(str(row.links) if row.links else ""),
    ]


def _line(cells: list[Text], widths: list[int]) -> Text:
    """Cells laid out in columns ``widths`` wide."""
    line = Text(" ", no_wrap=True)
    for column, size, cell in zip(COLUMNS, widths, cells, strict=True):
        cell = cell.copy()
        cell.no_wrap = True
        cell.truncate(size, overflow="ellipsis")
        padding = " " * (size - cell.cell_len)
        if column.justify == "right":
            line.append(padding)
            line.append_text(cell)
        else:
            line.append_text(cell)
            line.append(padding)
        line.append(" ")
    return line


class ClaimList(ScrollView, can_focus=True):
    """A scrolling list of the claims a filter line matches, fetched a page at a time.

    Args:
        workbench: Where the claims are read from.
    """

    DEFAULT_CSS = """
    ClaimList {
        overflow-x: hidden;
        background: $surface;
    }
    ClaimList > .claim-list--header {
        text-style: bold;
        background: $panel;
    }
    ClaimList > .claim-list--cursor {
        background: $accent 40%;
    }
    ClaimList:focus > .claim-list--cursor {
        background: $accent;
    }
    ClaimList > .claim-list--pending {
        color: $text-muted;
    }
    """
    COMPONENT_CLASSES = {"claim-list--header", "claim-list--cursor", "claim-list--pending"}

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "open", "Open", show=True),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    """The index of the highlighted row."""

    class Highlighted(Message):
        """The cursor moved to another claim (None when the list is empty)."""

        def __init__(self, claim: ListedClaim | None) -> None:
            super().__init__()
            self.claim = claim

    class Selected(Message):
        """A claim was chosen: enter, or a double click."""

        def __init__(self, claim: ListedClaim) -> None:
            super().__init__()
            self.claim = claim

    class Counted(Message):
        """The list has a (new) total, or the filter was refused with ``error``."""

        def __init__(self, total: int, exact: bool, speakers: list[str], error: str | None):
            super().__init__()
            self.total = total
            self.exact = exact
            self.speakers = speakers
            self.error = error

    class _PageFetched(Message):
        def __init__(self, generation: int, number: int, page: ClaimsPage, first: bool) -> None:
            super().__init__()
            self.first = first
            self.generation = generation
            self.number = number
            self.page = page

    class _Failed(Message):
        def __init__(self, generation: int, error: str) -> None:
            super().__init__()
            self.generation = generation
            self.error = error

    class _CountFetched(Message):
        def __init__(self, generation: int, total: int) -> None:
            super().__init__()
            self.generation = generation
            self.total = total

    def __init__(self, workbench: Workbench, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.workbench = workbench
        self.filter_line = ""
        self.total = 0
        self.exact = True
        self.loaded = False
        """Whether the first page of the current filter has arrived."""
        self._generation = 0
        self._pages: dict[int, list[ListedClaim]] = {}
        self._pending: set[int] = set()
        self._keep_cursor_on: int | None = None
        self._lines: dict[tuple[int, int, bool], Strip] = {}
        self._wanted = [len(c.title) for c in COLUMNS]
        """The widest value each column has shown for this filter (columns only widen)."""
        self._layout: tuple[int, tuple[int, ...], list[int]] = (0, (), [])
        """Drawn rows by (index, width, highlighted): a cursor step redraws two rows, not all."""

    # --- what the screen asks of the list -----------------------------------------------

    @property
    def current(self) -> ListedClaim | None:
        """The claim under the cursor, if its page has arrived."""
        return self.row(self.cursor)

    def row(self, index: int) -> ListedClaim | None:
        """The claim at ``index`` if its page is loaded (and asks for the page if not)."""
        if not 0 <= index < self.total:
            return None
        number, within = divmod(index, PAGE)
        page = self._pages.get(number)
        if page is None:
            self._request(number)
            return None
        return page[within] if within < len(page) else None

    def show(self, line: str) -> None:
        """List the claims ``line`` matches, from the top."""
        self.filter_line = line
        self._keep_cursor_on = None
        self._restart()
        self.cursor = 0
        self.scroll_to(y=0, animate=False)

    def reload(self) -> None:
        """Read the list again (after a change), keeping the cursor on the same claim."""
        current = self.current
        self._keep_cursor_on = current.id if current else None
        self._restart(keep_rows=True)

    def _restart(self, *, keep_rows: bool = False) -> None:
        self._generation += 1
        if not keep_rows:
            self._pages.clear()
            self._lines.clear()
            self._wanted = [len(c.title) for c in COLUMNS]
            self.total, self.exact, self.loaded = 0, True, False
            self._resize()
        self._pending.clear()
        self._search(self._generation, self.filter_line, self.cursor // PAGE)

    # --- fetching ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="claim-list-search")
    def _search(self, generation: int, line: str, number: int) -> None:
        """The page under the cursor (and so the total) for a new filter, then the count."""
        try:
            page = self.workbench.read(find_claims, line, offset=number * PAGE, limit=PAGE)
            if not page.rows and number:
                number = 0
                page = self.workbench.read(find_claims, line, offset=0, limit=PAGE)
        except ClaimsError as exc:
            self.post_message(self._Failed(generation, str(exc)))
            return
        except SQLAlchemyError as exc:
            self.post_message(self._Failed(generation, f"database error: {exc}"))
            return
        self.post_message(self._PageFetched(generation, number, page, True))
        if not page.exact:
            try:
                total = self.workbench.read(count_matching, line)
            except (ClaimsError, SQLAlchemyError):
                return
            if total is not None:
                self.post_message(self._CountFetched(generation, total))

    def _request(self, number: int) -> None:
        if number in self._pending or not self.loaded:
            return
        self._pending.add(number)
        self._fetch(self._generation, self.filter_line, number)

    @work(thread=True, group="claim-list-pages")
    def _fetch(self, generation: int, line: str, number: int) -> None:
        try:
            page = self.workbench.read(find_claims, line, offset=number * PAGE, limit=PAGE)
        except (ClaimsError, SQLAlchemyError) as exc:
            self.post_message(self._Failed(generation, str(exc)))
            return
        self.post_message(self._PageFetched(generation, number, page, False))

    @on(_PageFetched)
    def _page_fetched(self, message: _PageFetched) -> None:
        if message.generation != self._generation:
            return
        page = message.page
        self._pending.discard(message.number)
        first = message.first
        if first:
            self._pages.clear()
            self._lines.clear()
            self.loaded = True
        self._pages[message.number] = page.rows
        self._lines.clear()
        for row in page.rows:
            for i, cell in enumerate(_cells(row)):
                self._wanted[i] = max(self._wanted[i], cell.cell_len)
        self._evict()
        end = page.offset + len(page.rows)
        if first:
            self.total, self.exact = page.total, page.exact
            if self.total < end:
                self.total = end
        elif not self.exact:
            # A lower bound grows as pages beyond it arrive.
            self.total = max(self.total, end)
            if len(page.rows) < PAGE:
                self.total, self.exact = end, True
        self._resize()
        if first:
            self._place_cursor(message.number, page.rows)
            self.post_message(self.Counted(self.total, self.exact, page.speakers, None))
        self.refresh()

    @on(_CountFetched)
    def _count_fetched(self, message: _CountFetched) -> None:
        if message.generation != self._generation:
            return
        self.total, self.exact = message.total, True
        self._resize()
        self.post_message(self.Counted(self.total, True, [], None))
        self.refresh()

    @on(_Failed)
    def _failed(self, message: _Failed) -> None:
        if message.generation != self._generation:
            return
        self._pages.clear()
        self._lines.clear()
        self.total, self.exact, self.loaded = 0, True, True
        self._resize()
        self.cursor = 0
        self.post_message(self.Counted(0, True, [], message.error))
        self.refresh()

    def _place_cursor(self, number: int, rows: list[ListedClaim]) -> None:
        """After a reload, put the cursor back on the claim it was on, if still listed."""
        wanted = self._keep_cursor_on
        self._keep_cursor_on = None
        if wanted is not None:
            for within, row in enumerate(rows):
                if row.id == wanted:
                    self.cursor = number * PAGE + within
                    return
        self.cursor = min(self.cursor, max(0, self.total - 1))

    def _evict(self) -> None:
        if len(self._pages) <= CACHED_PAGES:
            return
        here = self.cursor // PAGE
        for number in sorted(self._pages, key=lambda n: -abs(n - here))[
            : len(self._pages) - CACHED_PAGES
        ]:
            del self._pages[number]

    def _resize(self) -> None:
        more = 0 if self.exact else 1  # a last line that fetches beyond a lower bound
        self.virtual_size = Size(self.size.width, self.total + more + 1)

    # --- drawing -------------------------------------------------------------------------

    def widths(self, width: int) -> list[int]:
        """The columns' widths across ``width`` cells, for the values shown so far."""
        wanted = tuple(self._wanted)
        if self._layout[:2] != (width, wanted):
            self._layout = (width, wanted, layout(width, list(wanted)))
        return self._layout[2]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = _line([Text(c.title) for c in COLUMNS], self.widths(width))
            return self._strip(
                header, width, base + self.get_component_rich_style("claim-list--header")
            )
        index = round(self.scroll_offset.y) + y - 1
        if index >= self.total:
            if not self.exact and index == self.total:
                self._request(index // PAGE)
                return self._pending_line("  more…", width, base)
            if index == 0 and self.loaded:
                return self._pending_line("  No claims match.", width, base)
            return Strip.blank(width, base)
        highlighted = index == self.cursor
        key = (index, width, highlighted and self.has_focus)
        if (strip := self._lines.get(key)) is not None:
            return strip
        row = self.row(index)
        if row is None:
            return self._pending_line("  …", width, base)
        style = base
        if highlighted:
            style = base + self.get_component_rich_style("claim-list--cursor")
        if len(self._lines) > 4 * PAGE:
            self._lines.clear()
        strip = self._lines[key] = self._strip(_line(_cells(row), self.widths(width)), width, style)
        return strip

    def _pending_line(self, text: str, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("claim-list--pending")
        return self._strip(Text(text), width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console, end=""))
        strip = Strip(Segment.apply_style(segments, style), text.cell_len)
        return strip.crop_extend(0, width, style)

    def on_resize(self, event: events.Resize) -> None:
        self._resize()

    # --- moving --------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        visible_rows = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible_rows:
            self.scroll_to(y=new - visible_rows + 1, animate=False)
        else:
            # Only the rows losing and gaining the highlight change (the header is line 0).
            self.refresh_lines(old + 1)
            self.refresh_lines(new + 1)
            self.post_message(self.Highlighted(self.current))
            return
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_open(self) -> None:
        if (claim := self.current) is not None:
            self.post_message(self.Selected(claim))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_offset.y) + offset.y - 1
        if index >= self.total:
            return
        self.cursor = index
        if event.chain >= 2:
            self.action_open()
