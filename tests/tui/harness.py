"""A small app that hosts one browsing screen for its tests: it gives the screen a workbench
and records where the screen asked to go (a claim opened, the claims list filtered)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from claims.workbench import Workbench
from tui.screens.compare import CompareScreen


class BrowseHarness(App[None]):
    """Hosts ``make_screen()`` over ``workbench``.

    Attributes:
        opened: Claim ids the screen asked to open, in order.
        filters: Filters the screen asked the claims list to show, in order.
    """

    def __init__(self, workbench: Workbench, make_screen: Callable[[], Screen[None]]) -> None:
        super().__init__()
        self.workbench = workbench
        self.make_screen = make_screen
        self.opened: list[int] = []
        self.filters: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())

    def open_claim(self, claim_id: int) -> None:
        """Record the claim a screen asked to open."""
        self.opened.append(claim_id)

    def show_claims(self, filter_text: str) -> None:
        """Record the filter a screen asked the claims list to show."""
        self.filters.append(filter_text)

    def compare(self, claim_ids: Sequence[int]) -> None:
        """Compare claims side by side."""
        self.push_screen(CompareScreen(claim_ids))


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the screen's workers are done and what they posted is shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: App[None]) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
