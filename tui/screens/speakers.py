"""The speakers screen: the speaker registry with aliases and claim counts, filtered fuzzily
as you type (through the speaker index, any alias counts) and read a page at a time; from
here a speaker's claims are listed, an alias added, or two speakers merged.

Keys: enter lists the highlighted speaker's claims on the claims screen, ``/`` moves to the
filter (enter there goes back to the table), ``a`` adds an alias, ``m`` merges another
speaker, found by name, into the highlighted one, ``r`` reads the list again with the
cursor kept on the same speaker.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Header, Input
from textual.widgets.data_table import ColumnKey

from claims.archive.display import snippet, visible
from claims.browse.views import SpeakerRow, count_speakers, speaker_rows
from claims.speakers.merge import merge_speakers
from claims.speakers.registry import set_alias
from tui.dialogs.add_alias import AddAliasDialog, NewAlias
from tui.dialogs.merge_speakers import MergeSpeakersDialog
from tui.screens.paged import PagedListScreen
from tui.wording import counted

#: Speakers read per page; the next page is read when the cursor reaches the last row.
PAGE = 50


#: The table's columns and their least widths (120 cells in all, with the cells' padding);
#: on a wider terminal the names and aliases share what is left (see ``fit_columns``).
COLUMNS = (("ID", 6), ("Name", 26), ("Kind", 12), ("Aliases", 40), ("Claims", 6), ("Match", 14))
#: The columns that grow with the terminal, up to the widest value they show.
GROWING = ("Name", "Aliases")


class SpeakersScreen(PagedListScreen[SpeakerRow]):
    """The registry, filtered as you type, paged on demand."""

    BINDINGS = [
        Binding("enter", "claims", "Claims of speaker"),
        Binding("slash", "filter", "Filter"),
        Binding("a", "alias", "Add alias"),
        Binding("m", "merge", "Merge into this"),
        Binding("r", "refresh", "Refresh"),
    ]
    TABLE_ID = "speakers-table"
    FAILURE = "Cannot list speakers"

    class Changed(Message):
        """The registry was changed from this screen; ``summary`` says how."""

        def __init__(self, summary: str) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self) -> None:
        super().__init__()
        self.exhausted = False
        self.return_to: int | None = None
        """The speaker to put the cursor back on when the list is read again."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ filter: a name or alias, spelt roughly", id="speakers-filter")
        table = self.new_table()
        # Fixed widths: the columns stay put as pages of other speakers arrive.
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Speakers"
        self.table.focus()
        self.load_page(0)

    def read_page(self, query: str, offset: int) -> tuple[list[SpeakerRow], int]:
        """The page of speakers matching ``query``; a filtered list is not counted (-1)."""
        rows = self.workbench.read(speaker_rows, query, offset=offset, limit=PAGE)
        return rows, -1 if query.strip() else self.workbench.read(count_speakers)

    @on(Input.Changed, "#speakers-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.load_page(0, event.value)

    @on(Input.Submitted, "#speakers-filter")
    def filter_done(self) -> None:
        self.table.focus()

    def cells(self, row: SpeakerRow) -> Iterable[str | Text]:
        aliases = Text(no_wrap=True, overflow="ellipsis")
        for i, alias in enumerate(a for a in row.aliases if a.alias != row.name):
            if i:
                aliases.append(", ")
            aliases.append(visible(alias.alias), style="dim italic" if alias.weak else "")
        return (
            str(row.id),
            Text(visible(row.name), style="bold", no_wrap=True, overflow="ellipsis"),
            row.kind,
            aliases,
            str(row.claims),
            "" if row.score is None else f"{row.score:.0f} {snippet(row.matched, 20)}",
        )

    def row_key(self, row: SpeakerRow) -> str:
        return str(row.id)

    def more_to_read(self) -> bool:
        """A filtered list is not counted: a page shorter than the others is the last."""
        return not self.exhausted

    def page_shown(self, page: PagedListScreen.Page) -> None:
        self.exhausted = len(page.rows) < PAGE
        self.fit_columns()
        if page.offset == 0 and self.return_to is not None:
            ids = [r.id for r in self.rows]
            if self.return_to in ids:
                self.table.move_cursor(row=ids.index(self.return_to))
            self.return_to = None
        if self.query_text.strip():
            self.sub_title = f"{len(self.rows)} matching"
        else:
            self.sub_title = counted(self.total, "speaker")

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share the table's width: names and aliases as wide as the widest shown, the
        other columns as they are, and nothing cut while there is room."""
        table = self.table
        if not table.size.width:
            return
        padding = 2 * table.cell_padding * len(COLUMNS)
        least = dict(COLUMNS)
        fixed = sum(width for label, width in COLUMNS if label not in GROWING)
        space = max(0, table.size.width - padding - fixed - 2)  # the scroll bar
        names = max((len(visible(r.name)) for r in self.rows), default=0)
        aliases = max((len(", ".join(a.alias for a in r.aliases)) for r in self.rows), default=0)
        name = max(least["Name"], min(names, space - least["Aliases"], space // 2))
        widths = {"Name": name, "Aliases": max(least["Aliases"], min(aliases, space - name))}
        changed = False
        for label, width in widths.items():
            column = table.columns[ColumnKey(label)]
            if column.width != width:
                column.width, changed = width, True
        if changed:
            table._require_update_dimensions = True
            table.refresh()

    def choose(self) -> None:
        self.action_claims()

    def action_filter(self) -> None:
        """Type to filter the speakers."""
        self.query_one("#speakers-filter", Input).focus()

    def action_claims(self) -> None:
        """List the highlighted speaker's claims on the claims screen."""
        row = self.selected_row()
        if row is not None:
            self.claims_app.show_claims(f"@{row.name}")

    def action_alias(self) -> None:
        """Add an alias to the highlighted speaker."""
        row = self.selected_row()
        if row is None:
            return

        def added(new: NewAlias | None) -> None:
            if new is not None:
                self.save_alias(row, new)

        self.app.push_screen(AddAliasDialog(row.name), added)

    @work(thread=True, exclusive=True, group="speakers-write")
    def save_alias(self, row: SpeakerRow, new: NewAlias) -> None:
        """Add the alias in a worker (audited)."""
        wb = self.workbench
        try:
            wb.write(set_alias, row.id, new.alias, user=wb.user, weak=new.weak)
        except Exception as exc:  # shown, never raised: nothing was written
            self.notify_failure("Cannot add the alias", exc)
            return
        weak = " (weak)" if new.weak else ""
        self.post_message(self.Changed(f"{new.alias!r}{weak} is now an alias of {row.name}"))

    def action_merge(self) -> None:
        """Merge another speaker, found by name, into the highlighted one."""
        keep = self.selected_row()
        if keep is None:
            return

        def picked(other_id: int | None) -> None:
            if other_id is not None:
                self.merge(keep, other_id)

        self.app.push_screen(MergeSpeakersDialog(keep), picked)

    @work(thread=True, exclusive=True, group="speakers-write")
    def merge(self, keep: SpeakerRow, other_id: int) -> None:
        """Merge in a worker (audited; undone with ``claims speakers unmerge``)."""
        wb = self.workbench
        try:
            record = wb.write(merge_speakers, keep.id, other_id, user=wb.user)
        except Exception as exc:  # shown, never raised: nothing was written
            self.notify_failure("Cannot merge", exc)
            return
        self.post_message(
            self.Changed(
                f"Merged speaker {other_id} into {keep.name}: "
                f"{counted(len(record.claims), 'claim')} moved "
                f"(audit {record.audit_id})"
            )
        )

    @on(Changed)
    def changed(self, message: Changed) -> None:
        self.notify(visible(message.summary), title="Speakers")
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the speakers again, keeping the cursor on the same speaker."""
        row = self.selected_row()
        self.return_to = row.id if row else None
        self.load_page(0, self.query_text)
