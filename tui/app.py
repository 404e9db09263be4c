"""The terminal UI: ``make_app(workbench)`` builds it, for the command line and the tests alike.

Screens are Textual modes, each with a global key; a mode keeps its own stack, so a claim
opened from the list comes back to the list where it was. Writes go through ``perform``:
one at a time, in a thread, through the workbench, and every screen showing claims is read
again afterwards so that it stays true to the database, whether the write worked or not.

Keys typed while a dialog is on its way (an action reading what the dialog offers, or a
dialog pushed but not yet shown) are held and given to the dialog once it is up, in order,
so that typing ahead never reaches the screen underneath.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from claims.archive.display import visible
from claims.browse.desk import change_and_version
from claims.browse.workbench import Workbench
from claims.review.undo import last_change, undo_last
from db.errors import ClaimsError, ConflictError
from tui.commands import ReviewCommands
from tui.dialogs.conflict import ConflictDialog
from tui.screens.base import ArchiveScreen
from tui.screens.claims import ClaimsScreen
from tui.screens.compare import CompareScreen
from tui.screens.detail import DetailScreen
from tui.screens.events import EventsScreen
from tui.screens.help import HelpScreen
from tui.screens.orphans import OrphansScreen
from tui.screens.reviewing import ReviewingScreen
from tui.screens.sources import SourcesScreen
from tui.screens.speakers import SpeakersScreen
from tui.screens.suggestions import SuggestionsScreen
from tui.widgets.claim_list import ClaimList

#: The worker group of the review actions that gather what they need in dialogs.
DIALOG_FLOWS = "review-dialog"
#: Seconds between looks at whether the dialog that held keys wait for is up.
HOLD_CHECK = 0.02

#: Keys never held for a dialog: quitting works however slow the archive is.
NEVER_HELD = frozenset({"ctrl+q", "ctrl+c"})

P = ParamSpec("P")
T = TypeVar("T")


class ClaimsApp(App[None]):
    """Review claims: list and filter them, read one in full, and judge it.

    Args:
        workbench: The archive and the reviewer working on it.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "claimtrack"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "claims": ClaimsScreen,
        "speakers": SpeakersScreen,
        "sources": SourcesScreen,
        "events": EventsScreen,
        "suggestions": SuggestionsScreen,
        "orphans": OrphansScreen,
    }
    DEFAULT_MODE = "claims"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "switch_mode('claims')", "Claims", show=False),
        Binding("f3", "switch_mode('speakers')", "Speakers", show=False),
        Binding("f4", "switch_mode('sources')", "Sources", show=False),
        Binding("f5", "switch_mode('events')", "Events", show=False),
        Binding("f6", "switch_mode('suggestions')", "Suggestions", show=False),
        Binding("f7", "switch_mode('orphans')", "Orphans", show=False),
        Binding("z,ctrl+z", "undo", "Undo"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("ctrl+q,q", "quit", "Quit", show=False),
    ]
    COMMANDS = App.COMMANDS | {ReviewCommands}

    def __init__(self, workbench: Workbench) -> None:
        super().__init__()
        self.workbench = workbench
        self._writing = threading.Lock()
        # The versions this app's own writes moved claims to: claim id -> (the version the
        # reviewer saw, the version after the write). A second action on a screen that has
        # not been read again yet is not a conflict with oneself.
        self._moved: dict[int, tuple[int, int]] = {}
        # Keys typed while a dialog is opening, waiting for it (see ``on_event``).
        self._held_keys: list[events.Key] = []
        self._hold_timer: Timer | None = None

    def on_mount(self) -> None:
        path = self.workbench.database.path
        where = path.name if path is not None else self.workbench.location
        self.sub_title = f"{self.workbench.user} · {where}"

    # --- typing ahead of a dialog -----------------------------------------------------------

    def dialog_opening(self) -> bool:
        """Whether a dialog is on its way: a dialog pushed but not yet ready for keys, or a
        review action of the current screen still gathering what its dialog will offer."""
        top = self.screen
        if isinstance(top, ModalScreen):
            return not top.is_mounted or (top.focused is None and bool(top.focus_chain))
        return any(
            worker.group == DIALOG_FLOWS and worker.node is top and not worker.is_finished
            for worker in self.workers
        )

    async def on_event(self, event: events.Event) -> None:
        # A key (fresh, or bubbling back up unhandled) that arrives while a dialog is on its
        # way is held for the dialog; keys held before it go first.
        if isinstance(event, events.Key) and event.key not in NEVER_HELD:
            if self.dialog_opening():
                self._held_keys.append(event)
                if self._hold_timer is None:
                    self._hold_timer = self.set_interval(HOLD_CHECK, self._check_held)
                return
            if self._held_keys:
                await self._release_keys()
                if self._held_keys:  # a held key opened another dialog: this one waits too
                    self._held_keys.append(event)
                    return
        await super().on_event(event)

    def _check_held(self) -> None:
        # From the timer's own task: the keys are given out in the app's, between its events.
        if not self.dialog_opening():
            self.call_later(self._release_keys)

    async def _release_keys(self) -> None:
        """Give the held keys to what is on top now (the dialog, once it is up), in order."""
        while self._held_keys and not self.dialog_opening():
            held = self._held_keys.pop(0)
            key = events.Key(held.key, held.character)
            key.set_sender(self)
            await super().on_event(key)
        if not self._held_keys and self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None

    # --- navigation, for every screen ----------------------------------------------------

    def open_claim(self, claim_id: int) -> None:
        """Show one claim in full, over the current screen."""
        self.push_screen(DetailScreen(claim_id))

    def compare(self, claim_ids: Sequence[int] = (), *, linked_to: int | None = None) -> None:
        """Show claims side by side: ``claim_ids``, or one claim and every claim linked to it."""
        self.push_screen(CompareScreen(claim_ids, linked_to=linked_to))

    def show_claims(self, filter_text: str) -> None:
        """Go to the Claims screen, filtered by ``filter_text`` (e.g. "@Mark Kimmitt")."""
        self.switch_mode("claims")
        while len(self.screen_stack) > 1:
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, ClaimsScreen):
            screen.set_filter(filter_text)

    def action_help(self) -> None:
        """List every key."""
        sections: list[tuple[str, list[BindingType]]] = [
            ("Everywhere", list(self.BINDINGS)),
            ("Claims screen", [*ClaimsScreen.BINDINGS, *ClaimList.BINDINGS]),
            ("Claim detail", list(DetailScreen.BINDINGS)),
            ("Review (on the list's cursor claim, or the claim shown)", ReviewingScreen.BINDINGS),
            ("Compare", list(CompareScreen.BINDINGS)),
            ("Speakers", list(SpeakersScreen.BINDINGS)),
            ("Sources", list(SourcesScreen.BINDINGS)),
            ("Events", list(EventsScreen.BINDINGS)),
            ("Suggestions", list(SuggestionsScreen.BINDINGS)),
            ("Orphans (claims an edited source no longer has)", list(OrphansScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections))

    # --- writing -------------------------------------------------------------------------

    def perform(
        self,
        done: str,
        change: Callable[..., object],
        claim_id: int,
        *args: Any,
        expected_version: int | None = None,
        **kwargs: Any,
    ) -> None:
        """Run a review change in a thread, then say how it went and read the screens again.

        Args:
            done: What to tell the reviewer when it worked.
            change: A core function ``change(session, claim_id, *args, user=...)``.
            claim_id: The claim it changes.
            expected_version: The version the reviewer saw, when ``change`` checks it.
        """
        self._write(done, change, claim_id, args, expected_version, kwargs)

    @work(thread=True, group="writes")
    def _write(
        self,
        done: str,
        change: Callable[..., object],
        claim_id: int,
        args: tuple[Any, ...],
        expected_version: int | None,
        kwargs: dict[str, Any],
    ) -> None:
        with self._writing:
            options = dict(kwargs, user=self.workbench.user)
            if expected_version is not None:
                seen, moved_to = self._moved.get(claim_id, (None, None))
                options["expected_version"] = (
                    moved_to if seen == expected_version else expected_version
                )
            version = self._attempt(change_and_version, claim_id, change, *args, **options)
            if version is None:
                return
            if expected_version is not None:
                self._moved[claim_id] = (expected_version, version)
        self.call_from_thread(self._succeeded, done)

    def action_undo(self) -> None:
        """Take back this reviewer's last action, whatever screen it was made on."""
        self._undo()

    @work(thread=True, group="writes")
    def _undo(self) -> None:
        with self._writing:
            if self.workbench.read(last_change, user=self.workbench.user) is None:
                self.call_from_thread(self.notify, "Nothing of yours to undo.", title="Undo")
                return
            undone = self._attempt(undo_last, user=self.workbench.user)
            if undone is None:
                return
            for claim_id in undone.claim_ids:
                self._moved.pop(claim_id, None)
        self.call_from_thread(self._succeeded, f"Undone: {undone.description}")

    def _attempt(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        """``fn`` in a write transaction, from a worker thread; None when it was refused or
        failed, after telling the reviewer (a conflict offers to read the claims again)."""
        try:
            return self.workbench.write(fn, *args, **kwargs)
        except ConflictError as exc:
            self.call_from_thread(self._conflict, str(exc))
        except ClaimsError as exc:
            self.call_from_thread(self._failed, str(exc))
        except SQLAlchemyError as exc:
            detail = getattr(exc, "orig", None) or exc
            self.call_from_thread(self._failed, f"database error: {detail}")
        return None

    def _succeeded(self, done: str) -> None:
        self.notify(visible(done))
        self.reload_screens()

    def _failed(self, problem: str) -> None:
        self.notify(visible(problem), title="Not saved", severity="error")
        self.reload_screens()

    def _conflict(self, problem: str) -> None:
        def reload(wanted: bool | None) -> None:
            if wanted:
                self.reload_screens()

        self.push_screen(ConflictDialog(problem), reload)

    def reload_screens(self) -> None:
        """Read every screen of the current mode again."""
        for screen in self.screen_stack:
            if isinstance(screen, ArchiveScreen) and screen.is_mounted:
                screen.reload()


def make_app(workbench: Workbench) -> ClaimsApp:
    """The terminal UI over ``workbench``: what ``claims tui`` runs and the tests drive."""
    return ClaimsApp(workbench)
