"""Keys typed faster than a dialog opens: they wait for the dialog and land in it, in order,
rather than reaching the screen underneath (where "x" would mark the claim not-a-claim)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from claims.browse.workbench import Workbench
from claims.review.edits import get_claim
from db.engine import Database
from tests.tui.conftest import SIZE, settle
from tests.tui.harness import BrowseHarness
from tests.tui.harness import settle as settle_table
from tui.app import ClaimsApp
from tui.dialogs.add_alias import AddAliasDialog
from tui.dialogs.note import NoteEditor
from tui.dialogs.picker import Picker
from tui.screens import reviewing
from tui.screens.claims import ClaimsScreen
from tui.screens.speakers import SpeakersScreen


def slow(fn: Any, seconds: float = 0.3) -> Any:
    """``fn``, taking ``seconds`` longer: an archive slower than the typist."""

    def slowed(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return fn(*args, **kwargs)

    return slowed


async def test_keys_typed_before_the_note_editor_opens_go_into_it(
    app: ClaimsApp, workbench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reviewing, "claim_detail", slow(reviewing.claim_detail))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "h", "i")
        for _ in range(100):
            typed = [a.text for a in app.screen.query(TextArea)]
            if isinstance(app.screen, NoteEditor) and any(typed):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "hi"


async def test_keys_typed_before_a_dialog_opens_never_reach_the_screen_below(
    app: ClaimsApp, workbench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reviewing, "tag_counts", slow(reviewing.tag_counts))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # t opens the tag picker; on the list, x would mark claim 13 not-a-claim and e would
        # open the event picker.
        await pilot.press("t", "x", "e")
        for _ in range(100):
            typed = [i.value for i in app.screen.query(Input)]
            if isinstance(app.screen, Picker) and any(typed):
                break
            await pilot.pause(0.02)
        picker = app.screen
        assert isinstance(picker, Picker) and picker.title_text == "Tag claim 13"
        assert picker.query_one(Input).value == "xe"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert workbench.read(get_claim, 13).status == "unreviewed"


async def test_keys_typed_as_a_dialog_is_pushed_go_into_it(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle_table(pilot)
        await pilot.press("a", "G", "e", "n")
        await settle_table(pilot)
        assert isinstance(app.screen, AddAliasDialog)
        assert app.screen.query_one("#alias-text", Input).value == "Gen"
