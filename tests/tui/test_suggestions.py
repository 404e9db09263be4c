"""The suggestions screen on the seed: open suggestions listed best first, one accepted (it
becomes an audited link), one rejected (never proposed again), one event's alone."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from claims.archive.audit import decode
from claims.browse.views import open_suggestions
from claims.browse.workbench import Workbench
from claims.review.links import links_of
from db.engine import Database
from db.models import AuditEntry, SuggestionRejection
from tests.tui.harness import BrowseHarness, settle
from tui.screens.compare import CompareScreen
from tui.screens.suggestions import SuggestionsScreen
from tui.widgets.account_column import AccountColumn

SIZE = (120, 40)


def _pairs(screen: SuggestionsScreen) -> list[tuple[int, int]]:
    return [(r.suggestion.a, r.suggestion.b) for r in screen.rows]


async def test_accept_links_and_reject_is_never_proposed_again(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SuggestionsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        assert _pairs(screen)[:3] == [(1, 9), (1, 2), (8, 9)]
        await pilot.press("a")  # accept 1-9
        await settle(pilot)
        assert _pairs(screen) == [(1, 2), (8, 9)]
        await pilot.press("x")  # reject 1-2
        await settle(pilot)
        assert _pairs(screen) == [(8, 9)]
    with seeded.session() as session:
        link = [v for v in links_of(session, 1) if v.other.id == 9]
        assert [v.link.relation for v in link] == ["contradicts"]
        assert link[0].link.created_by == "tester"
        audited = session.exec(
            select(AuditEntry).where(AuditEntry.claim_id == 9, AuditEntry.action == "link")
        ).all()
        mine = [decode(a.new_value) for a in audited if a.user == "tester"]
        assert mine == [{"relation": "contradicts", "claim_id": 1, "other_id": 9}]
        rejection = session.exec(select(SuggestionRejection)).one()
        assert (rejection.claim_id, rejection.other_id, rejection.rejected_by) == (1, 2, "tester")
        assert [(r.suggestion.a, r.suggestion.b) for r in open_suggestions(session)] == [(8, 9)]
    again = BrowseHarness(Workbench(seeded, "tester"), SuggestionsScreen)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, SuggestionsScreen)
        assert _pairs(again.screen) == [(8, 9)]


async def test_one_event_and_compare_the_pair(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: SuggestionsScreen(event_id=2))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        assert _pairs(screen) == [(1, 9)]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert [c.entry.id for c in app.screen.query(AccountColumn)] == [1, 9]


async def test_choosing_an_event_in_the_filter(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SuggestionsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        screen.query_one("#suggestions-event").value = 1  # type: ignore[attr-defined]
        await settle(pilot)
        assert screen.event_id == 1
        assert _pairs(screen) == []  # the cemetery clash's one pair is already linked


def test_snapshot_suggestions(seeded_sqlite: Database, snap_compare: Any) -> None:
    app = BrowseHarness(Workbench(seeded_sqlite, "tester"), SuggestionsScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
