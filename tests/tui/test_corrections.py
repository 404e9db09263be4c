"""Rejecting a claim as not a claim and correcting its spans in the terminal UI, driven
through the pilot and checked in the database afterwards."""

from __future__ import annotations

from textual.widgets import Input, Label, Static

from claims.archive.store import get_source
from claims.browse.workbench import Workbench
from claims.review.edits import get_claim, history
from tests.tui.conftest import SIZE, claim_list, filter_by, listed_ids, move_to, settle, shown
from tui.app import ClaimsApp
from tui.dialogs.correct_spans import CorrectSpansDialog
from tui.screens.claims import ClaimsScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen


async def test_x_rejects_the_claim_under_the_cursor_as_not_a_claim(
    app: ClaimsApp, workbench: Workbench
) -> None:
    version = workbench.read(get_claim, 7).version
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 7)
        await pilot.press("x")
        await settle(pilot)
        claim = workbench.read(get_claim, 7)
        assert claim.status == "not-a-claim" and claim.version == version + 1
        entry = workbench.read(history, 7)[-1]
        assert (entry.user, entry.field) == ("tester", "status")
        row = claim_list(pilot).current
        assert row is not None and row.id == 7 and row.status == "not-a-claim"
        await filter_by(pilot, "status:not-a-claim")
        assert listed_ids(pilot) == [7]
        await pilot.press("z")
        await settle(pilot)
        assert workbench.read(get_claim, 7).status == "unreviewed"


async def test_seven_marks_not_a_claim_and_the_status_picker_offers_it(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 8)
        await pilot.press("7")
        await settle(pilot)
        assert workbench.read(get_claim, 8).status == "not-a-claim"


async def test_correcting_spans_on_the_detail_screen(app: ClaimsApp, workbench: Workbench) -> None:
    claim = workbench.read(get_claim, 6)
    assert claim.source_id is not None
    text = workbench.read(get_source, claim.source_id).text
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 6)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("C")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CorrectSpansDialog)
        content = dialog.query_one("#span-content", Input)
        assert content.value == "2631:2811"
        content.value = "2631:2700"
        # The speaker by its words, as the source writes them.
        dialog.query_one("#span-speaker", Input).value = "Sadr's representative"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        corrected = workbench.read(get_claim, 6)
        assert (corrected.span_start, corrected.span_end) == (2631, 2700)
        assert corrected.content == text[2631:2700]
        assert corrected.version == claim.version + 1
        fields = [e.field for e in workbench.read(history, 6) if e.action == "correct"]
        assert fields == ["content_span"]  # the speaker was already at those words
        assert text[2631:2700] in shown(app.screen.query_one("#detail-attribution"))
        await pilot.press("z")
        await settle(pilot)
        assert workbench.read(get_claim, 6).content == claim.content


async def test_a_bad_span_is_explained_in_the_dialog_and_nothing_is_written(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 6)
        await pilot.press("C")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CorrectSpansDialog)
        dialog.query_one("#span-content", Input).value = "2631:999999"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        error = dialog.query_one("#span-error", Label)
        assert "outside the source text" in str(error.render())
        dialog.query_one("#span-content", Input).value = "words nowhere in the text"
        await pilot.press("enter")
        await pilot.pause()
        assert "does not occur" in str(error.render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert workbench.read(get_claim, 6).version == 3


async def test_the_help_screen_lists_the_new_keys(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown(app.screen.query_one("#help").query_one(Static))
        assert "Not a claim" in text and "Correct spans" in text
        assert "not-a-claim" in text
