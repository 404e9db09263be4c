"""The compare screen on the seed: both rival accounts of the cemetery clash side by side,
their link named, what differs marked, and a column opened with enter or a click."""

from __future__ import annotations

from typing import Any

from claims.browse.workbench import Workbench
from db.engine import Database
from tests.tui.conftest import move_to, shown
from tests.tui.conftest import settle as conftest_settle
from tests.tui.harness import BrowseHarness, screen_text, settle
from tui.app import ClaimsApp
from tui.screens.compare import CompareScreen
from tui.screens.detail import DetailScreen
from tui.widgets.account_column import AccountColumn

SIZE = (120, 40)


async def test_compare_event_shows_both_accounts_and_opens_one(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen(event_id=1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        columns = list(app.screen.query(AccountColumn))
        assert [c.entry.id for c in columns] == [5, 6, 7]
        summary = str(app.screen.query_one("#compare-summary").render())
        assert "#5 contradicts #6" in summary
        assert app.focused is columns[0]
        await pilot.press("right", "enter")
        await settle(pilot)
        assert app.opened == [6]
        assert isinstance(app.screen, DetailScreen) and app.screen.claim_id == 6
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.click(f"#account-{7}")
        await settle(pilot)
        assert app.opened == [6, 7]
        assert isinstance(app.screen, DetailScreen) and app.screen.claim_id == 7


async def test_compare_given_claims_and_then_what_is_linked(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen([7, 10]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [c.entry.id for c in app.screen.query(AccountColumn)] == [7, 10]
        await pilot.press("l")  # claim 7 and what is linked to it
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.linked_to == 7
        assert [c.entry.id for c in app.screen.query(AccountColumn)] == [7, 5]
        await pilot.press("escape")
        assert isinstance(app.screen, CompareScreen) and app.screen.claim_ids == [7, 10]


async def test_compare_an_unknown_claim_says_so_and_stays_up(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen([5, 999]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "no claim" in str(app.screen.query_one("#compare-summary").render()).lower()
        assert not list(app.screen.query(AccountColumn))


async def test_hostile_text_stays_literal(seeded: Database) -> None:
    from db.models import Claim

    with seeded.session(write=True) as session:
        claim = session.get(Claim, 6)
        assert claim is not None
        claim.cue = "[bold red]said[/] \x1b[31m"
        session.add(claim)
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen([5, 6]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "[bold red]said[/] \\x1b[31m" in screen_text(app)


def test_snapshot_compare_event(seeded_sqlite: Database, snap_compare: Any) -> None:
    app = BrowseHarness(Workbench(seeded_sqlite, "tester"), lambda: CompareScreen(event_id=1))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


async def test_esc_from_compare_goes_back_to_the_claim_it_was_opened_from(
    app: ClaimsApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await conftest_settle(pilot)
        await move_to(pilot, 5)
        await pilot.press("enter")
        await conftest_settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.claim_id == 5
        await pilot.press("c")
        await conftest_settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.linked_to == 5
        await pilot.press("escape")
        await conftest_settle(pilot)
        assert app.screen is detail


def _marked(column: AccountColumn) -> set[str]:
    """The labels a column marks ≠ (differing from the claim compared against)."""
    text = shown(column.query_one(".account-text"))
    return {line.split()[1] for line in text.splitlines() if line.startswith("≠ ")}


async def test_only_what_differs_from_the_first_claim_is_marked(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen(event_id=1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, same_event, other_event = app.screen.query(AccountColumn)
        assert "≠ differs from #5" in shown(app.screen.query_one("#compare-summary"))
        assert _marked(first) == set()  # the claim the others are set against
        # #6 is about the same clash as #5: its event is not marked; #7's is another one.
        assert "Event" not in _marked(same_event) and "Speaker" in _marked(same_event)
        assert "Event" in _marked(other_event)
        assert "Outlet" not in _marked(other_event)  # all three in the same paper


async def test_compare_opened_from_a_claim_marks_against_that_claim(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen(linked_to=7))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        columns = list(app.screen.query(AccountColumn))
        assert [c.entry.id for c in columns] == [7, 5]
        assert "≠ differs from #7" in shown(app.screen.query_one("#compare-summary"))
        assert _marked(columns[0]) == set()
        assert "Event" in _marked(columns[1])
