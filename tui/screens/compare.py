"""The compare screen: rival accounts side by side, one column each, with the fields that
differ from the first account (the claim the comparison was opened for) marked and the
relations that link them named over each column.

Keys: left and right move between the columns, enter opens the highlighted account's claim,
``l`` compares that claim with everything linked to it, ``r`` reads the accounts again, escape goes
back.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static

from claims.archive.display import visible
from claims.browse.accounts import ClaimEntry
from claims.browse.comparisons import Comparison, compare_claims, compare_event, compare_linked
from tui.screens.base import ArchiveScreen
from tui.widgets.account_column import AccountColumn, differing_from
from tui.wording import counted


class CompareScreen(ArchiveScreen):
    """Claims side by side: the ones given, an event's rival accounts, or one claim and
    everything linked to it.

    Args:
        claim_ids: The claims to compare, in column order.
        event_id: Compare this event's accounts instead.
        linked_to: Compare this claim with the claims linked to it instead.
    """

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("left", "column(-1)", "Previous", show=False, priority=True),
        Binding("right", "column(1)", "Next", show=False, priority=True),
        Binding("enter", "open_claim", "Open claim"),
        Binding("l", "linked", "Linked to this"),
        Binding("r", "refresh", "Refresh"),
    ]

    class Loaded(Message):
        """A comparison read from the archive."""

        def __init__(self, comparison: Comparison) -> None:
            super().__init__()
            self.comparison = comparison

    def __init__(
        self,
        claim_ids: Sequence[int] = (),
        *,
        event_id: int | None = None,
        linked_to: int | None = None,
    ) -> None:
        super().__init__()
        self.claim_ids = list(claim_ids)
        self.event_id = event_id
        self.linked_to = linked_to
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="compare-summary")
        columns = HorizontalScroll(id="compare-columns")
        columns.can_focus = False
        yield columns
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Compare"
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Read the comparison in a worker and post it back."""
        try:
            if self.event_id is not None:
                comparison = self.workbench.read(compare_event, self.event_id)
            elif self.linked_to is not None:
                comparison = self.workbench.read(compare_linked, self.linked_to)
            else:
                comparison = self.workbench.read(compare_claims, self.claim_ids)
        except Exception as exc:  # shown, never raised: the screen stays up
            self.app.call_from_thread(self._failed, exc)
            return
        self.post_message(self.Loaded(comparison))

    def _failed(self, exc: Exception) -> None:
        self.query_one("#compare-summary", Static).update(Text(visible(str(exc))))
        self.notify(visible(str(exc)), title="Cannot compare", severity="error")

    @on(Loaded)
    async def show(self, message: Loaded) -> None:
        comparison = self.comparison = message.comparison
        self.sub_title = visible(comparison.title)
        summary = Text()
        summary.append(visible(comparison.title), style="bold")
        shown = len(comparison.entries)
        summary.append(f"  {counted(shown, 'account')}")
        if comparison.total > shown:
            summary.append(f" of {comparison.total} (the first {shown} shown)", style="yellow")
        if comparison.links:
            summary.append("  ·  ")
            for i, link in enumerate(comparison.links):
                if i:
                    summary.append(", ")
                style = "bold red" if link.relation == "contradicts" else "bold green"
                summary.append(f"#{link.a} ")
                summary.append(link.relation.replace("_", " "), style=style)
                summary.append(f" #{link.b}")
        reference = self.reference(comparison)
        if reference is not None and any(
            differing_from(reference, entry) for entry in comparison.entries
        ):
            summary.append(f"  ·  ≠ differs from #{reference.id}", style="dim")
        if not comparison.entries:
            summary.append("  ·  no accounts to compare", style="yellow")
        self.query_one("#compare-summary", Static).update(summary)
        columns = self.query_one("#compare-columns", HorizontalScroll)
        focused = self.focused.entry.id if isinstance(self.focused, AccountColumn) else None
        await columns.remove_children()
        await columns.mount_all(
            AccountColumn(entry, comparison, reference) for entry in comparison.entries
        )
        shown_columns = list(columns.query(AccountColumn))
        if not shown_columns:
            return
        chosen = [c for c in shown_columns if c.entry.id == focused]
        (chosen or shown_columns)[0].focus()

    def reference(self, comparison: Comparison) -> ClaimEntry | None:
        """The account the others are set against: the claim the comparison was opened for,
        or its first column."""
        entries = comparison.entries
        chosen = [e for e in entries if e.id == self.linked_to] or entries
        return chosen[0] if chosen else None

    @on(AccountColumn.Chosen)
    def open_chosen(self, message: AccountColumn.Chosen) -> None:
        message.stop()
        self.claims_app.open_claim(message.claim_id)

    def _current(self) -> AccountColumn | None:
        return self.focused if isinstance(self.focused, AccountColumn) else None

    def action_open_claim(self) -> None:
        """Open the focused account's claim."""
        column = self._current()
        if column is not None:
            column.action_choose()

    def action_column(self, step: int) -> None:
        """Move to the next (1) or previous (-1) column."""
        columns = list(self.query(AccountColumn))
        if not columns:
            return
        current = self._current()
        index = columns.index(current) + step if current in columns else 0
        columns[max(0, min(index, len(columns) - 1))].focus()

    def action_linked(self) -> None:
        """Compare the focused claim with everything linked to it."""
        column = self._current()
        if column is not None:
            self.app.push_screen(CompareScreen(linked_to=column.entry.id))

    def action_refresh(self) -> None:
        """Read the accounts again (after a change elsewhere)."""
        self.load()

    def action_close(self) -> None:
        """Back to the screen the comparison was opened from (a claim's detail, when opened
        with c there)."""
        if self.app.screen is self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def on_screen_resume(self) -> None:
        # Coming back from a claim's detail: a review there may have changed the accounts.
        if self.comparison is not None:
            self.load()
