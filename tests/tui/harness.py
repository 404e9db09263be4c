"""The app opened on one browsing screen for its tests, noting where the screen sent the
reviewer (a claim opened, the claims list filtered) as well as going there."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from claims.browse.workbench import Workbench
from tui.app import ClaimsApp


class BrowseHarness(ClaimsApp):
    """The real app, opened on ``make_screen()``, noting where that screen sent the reviewer.

    Attributes:
        opened: Claim ids the screen asked to open, in order.
        filters: Filters the screen asked the claims list to show, in order.
    """

    def __init__(self, workbench: Workbench, make_screen: Callable[[], Screen[None]]) -> None:
        super().__init__(workbench)
        self.make_screen = make_screen
        self.opened: list[int] = []
        self.filters: list[str] = []

    def on_mount(self) -> None:
        super().on_mount()
        self.push_screen(self.make_screen())

    def open_claim(self, claim_id: int) -> None:
        self.opened.append(claim_id)
        super().open_claim(claim_id)

    def show_claims(self, filter_text: str) -> None:
        self.filters.append(filter_text)
        super().show_claims(filter_text)

    def compare(self, claim_ids: Sequence[int] = (), *, linked_to: int | None = None) -> None:
        super().compare(claim_ids, linked_to=linked_to)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the screen's workers are done and what they posted is shown: tables filled
    and laid out (a table sizes its columns on a later refresh than the one that adds its
    rows). A table that stays empty is waited for a second at most."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(100):
        tables = pilot.app.screen.query(DataTable)
        if not any(t.row_count == 0 or t._require_update_dimensions or t._new_rows for t in tables):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def screen_text(app: App[None]) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
