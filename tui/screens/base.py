"""What every screen of the app shares: a typed way to the app and its workbench, and the
way a worker reports a read or write that failed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from claims.archive.display import visible
from claims.browse.workbench import Workbench

if TYPE_CHECKING:
    from tui.app import ClaimsApp


class ArchiveScreen(Screen[None]):
    """A screen of the claims app: it reads and writes through the app's workbench."""

    @property
    def claims_app(self) -> ClaimsApp:
        """The app, with its workbench, its navigation and ``perform``."""
        return cast("ClaimsApp", self.app)

    @property
    def workbench(self) -> Workbench:
        """The app's workbench: every read and write goes through it."""
        return self.claims_app.workbench

    def reload(self) -> None:
        """Read what the screen shows again, after a change made elsewhere (its refresh)."""
        refresh = getattr(self, "action_refresh", None)
        if refresh is not None:
            refresh()

    def notify_failure(self, title: str, exc: Exception) -> None:
        """Show, from a worker thread, why a read or write failed; the screen stays up."""
        self.app.call_from_thread(self.notify, visible(str(exc)), title=title, severity="error")
