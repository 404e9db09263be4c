"""The Claims screen: every claim, newest first, filtered as you type (words, ``@speaker``,
``#tag``, ``status:``, ``event:``, ``outlet:``), and the review actions on the one under the
cursor.

Keys: ``/`` moves to the filter bar and escape back to the list; in the list, up/down (or
``k``/``j``), page up/down, home and end move the cursor and enter opens the claim in full.
The review keys (status, tag, note, link, event, compare) are ``ReviewingScreen``'s.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from claims.archive.display import visible
from tui.screens.reviewing import ReviewingScreen, Target
from tui.widgets.claim_list import ClaimList
from tui.wording import counted

#: Seconds of quiet in the filter bar before the list is searched again.
DEBOUNCE = 0.05
#: The other screens' keys, which the footer has no room for.
SCREEN_KEYS = "   ·   F3 speakers  F4 sources  F5 events  F6 suggestions  F7 orphans  ? every key"

FILTER_HINT = "Filter: words  @speaker  #tag  status:disputed  event:NAME  outlet:NAME"


class ClaimsScreen(ReviewingScreen):
    """The claim list with its filter bar.

    Args:
        filter_text: The filter to start with.
    """

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("escape", "leave_filter", "List", show=False),
    ]

    def __init__(self, filter_text: str = "") -> None:
        super().__init__()
        self.filter_text = filter_text
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.filter_text, placeholder=FILTER_HINT, id="filter")
        yield Static("", id="filter-status")
        yield ClaimList(self.claims_app.workbench, id="claims")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Claims"
        claims = self.query_one(ClaimList)
        claims.show(self.filter_text)
        claims.focus()

    # --- filtering -----------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show the claims ``text`` matches (as if typed in the filter bar)."""
        self.filter_text = text
        if not self.is_mounted:
            return
        bar = self.query_one("#filter", Input)
        with bar.prevent(Input.Changed):
            bar.value = text
        self._apply(text)
        self.query_one(ClaimList).focus()

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self._apply(text))

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        if event.value != self.filter_text or not self.query_one(ClaimList).loaded:
            self._apply(event.value)
        self.query_one(ClaimList).focus()

    def _apply(self, text: str) -> None:
        self.filter_text = text
        self.query_one("#filter-status", Static).update(Text("searching…", style="dim"))
        self.query_one(ClaimList).show(text)

    @on(ClaimList.Counted)
    def _counted(self, event: ClaimList.Counted) -> None:
        status = self.query_one("#filter-status", Static)
        if event.error:
            status.update(Text(visible(event.error), style="red"))
            return
        text = Text(counted(event.total, "claim", at_least=not event.exact))
        if event.speakers:
            text.append("  speaker: ", style="dim")
            text.append(visible(", ".join(event.speakers[:3])))
        text.append(SCREEN_KEYS, style="dim")
        status.update(text)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one(ClaimList).focus()

    # --- the claim under the cursor ------------------------------------------------------

    @on(ClaimList.Selected)
    def _open(self, event: ClaimList.Selected) -> None:
        self.claims_app.open_claim(event.claim.id)

    def target(self) -> Target | None:
        claim = self.query_one(ClaimList).current
        return None if claim is None else Target(claim.id, claim.version)

    def reload(self) -> None:
        self.query_one(ClaimList).reload()
