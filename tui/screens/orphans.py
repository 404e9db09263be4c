"""The orphans screen: claims whose words the latest version of their source no longer has,
each still on the version it was taken from, with the closest text the latest version has
instead, so that a fact-checker sees what was edited out after publication.

Keys: enter opens the highlighted claim in full, escape goes back to the sources screen
(when the list was opened from there, for one source), ``r`` reads the orphans again.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Header, Static

from claims.archive.display import STATUS_STYLES, snippet, visible
from claims.versions.orphans import Orphan, orphans
from tui.screens.paged import TableScreen
from tui.wording import counted

#: The table's columns and their widths (118 cells in all, with the cells' padding).
COLUMNS = (
    ("ID", 4),
    ("Source", 20),
    ("Version", 7),
    ("Claim", 35),
    ("Closest in the latest version", 35),
    ("Score", 5),
)

#: What the screen says when no claim has been left behind.
EMPTY = "No orphaned claims: every claim is on the latest version of its source."


def score_text(orphan: Orphan) -> Text:
    """How close the candidate is, 0 to 100; nothing close at all is said so."""
    if orphan.candidate is None:
        return Text("—", style="dim")
    return Text(f"{orphan.score:.0f}", justify="right")


class OrphansScreen(TableScreen[Orphan]):
    """Every orphaned claim, oldest first, or those of one source; enter opens one.

    Args:
        source_id: Only the orphans of this source (as opened from the sources screen).
    """

    BINDINGS = [
        Binding("enter", "open", "Open claim"),
        Binding("escape", "back", "Back to sources"),
        Binding("r", "refresh", "Refresh"),
    ]
    TABLE_ID = "orphans-table"

    class Listed(Message):
        """The orphans read from the archive."""

        def __init__(self, rows: list[Orphan]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, source_id: int | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        table = self.new_table()
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Static(Text("Loading…", style="dim"), id="orphan-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Orphans"
        self.sub_title = "" if self.source_id is None else f"of source {self.source_id}"
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # only a list opened over another screen goes back to it
            return self.source_id is not None and len(self.app.screen_stack) > 1
        return True

    @work(thread=True, exclusive=True, group="orphans")
    def load(self) -> None:
        """Read the orphans in a worker and post them back."""
        try:
            rows = self.workbench.read(orphans, source_id=self.source_id)
        except Exception as exc:  # shown, never raised: the screen stays up
            self.notify_failure("Cannot list orphans", exc)
            return
        self.post_message(self.Listed(rows))

    @on(Listed)
    def show(self, message: Listed) -> None:
        table = self.table
        cursor = table.cursor_row
        table.clear()
        self.rows = message.rows
        self.loaded = True
        self.add_rows(self.rows)
        table.display = bool(self.rows)
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
            table.focus()
        count = len(self.rows)
        where = "" if self.source_id is None else f" of source {self.source_id}"
        self.sub_title = counted(count, "orphaned claim") + where
        self.describe()

    def cells(self, row: Orphan) -> Iterable[str | Text]:
        source = Text(f"#{row.source_id} ", style="cyan")
        source.append(snippet(row.source_title or "untitled", 16))
        candidate = (
            Text(snippet(row.candidate, 35))
            if row.candidate is not None
            else Text("nothing close", style="dim italic")
        )
        return (
            str(row.claim_id),
            source,
            Text(f"{row.anchor_version} of {row.current_version}", style="bold red"),
            Text(snippet(row.content, 35), style="italic"),
            candidate,
            score_text(row),
        )

    def row_key(self, row: Orphan) -> str:
        return str(row.claim_id)

    def describe(self) -> None:
        """The highlighted orphan in full under the table, or the plain empty state."""
        detail = self.query_one("#orphan-detail", Static)
        row = self.selected_row()
        if row is None:
            empty = EMPTY if self.source_id is None else f"Source {self.source_id} has no orphans."
            detail.update(Text(empty) if self.loaded else Text("Loading…", style="dim"))
            return
        text = Text()
        text.append(f"Claim {row.claim_id}", style="bold cyan")
        text.append("  ")
        text.append(row.status, style=STATUS_STYLES.get(row.status, ""))
        text.append(
            f"  orphan: on version {row.anchor_version} of {row.current_version}",
            style="bold red",
        )
        text.append(f"\nversion {row.anchor_version} said: ", style="bold")
        text.append(visible(row.content), style="italic")
        if row.candidate is None:
            text.append(f"\nversion {row.current_version} has nothing close to it", style="bold")
        else:
            text.append(f"\nclosest in version {row.current_version}: ", style="bold")
            text.append(visible(row.candidate))
            text.append(f"  (score {row.score:.0f} of 100)", style="dim")
        detail.update(text)

    def choose(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted orphan's claim in full, on the version it is on."""
        row = self.selected_row()
        if row is not None:
            self.claims_app.open_claim(row.claim_id)

    def action_back(self) -> None:
        """Back to the screen this list was opened from."""
        if self.source_id is not None and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_refresh(self) -> None:
        """Read the orphans again."""
        self.load()
