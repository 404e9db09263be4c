"""The events screen on the seed: events with their accounts and contradictions, an event's
accounts compared, its claims listed, and events read a page at a time."""

from __future__ import annotations

from typing import Any

from claims.browse.workbench import Workbench
from claims.review.events import add_event
from db.engine import Database
from db.models import EventCreate
from tests.tui.harness import BrowseHarness, settle
from tui.screens import events as events_screen
from tui.screens.compare import CompareScreen
from tui.screens.events import EventsScreen
from tui.widgets.account_column import AccountColumn

SIZE = (120, 40)


async def test_events_list_their_accounts_and_open_the_comparison(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), EventsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        assert [(r.name, r.claims, r.contradictions) for r in screen.rows] == [
            ("Clash at the Najaf cemetery", 2, 2),
            ("Najaf ceasefire", 5, 3),
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert [c.entry.id for c in app.screen.query(AccountColumn)][:2] == [5, 6]
        await pilot.press("escape", "down", "c")
        assert app.filters == ["event:2"]


async def test_events_are_read_a_page_at_a_time(seeded: Database, monkeypatch: Any) -> None:
    monkeypatch.setattr(events_screen, "PAGE", 3)
    with seeded.session(write=True) as session:
        for i in range(5):
            add_event(session, EventCreate(name=f"Undated event {i}"))
    app = BrowseHarness(Workbench(seeded, "tester"), EventsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        assert len(screen.rows) == 3 and screen.total == 7
        await pilot.press("down", "down")
        await settle(pilot)
        assert len(screen.rows) == 6
        await pilot.press("ctrl+end")
        await settle(pilot)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert [r.id for r in screen.rows] == [1, 2, 3, 4, 5, 6, 7]


def test_snapshot_events(seeded_sqlite: Database, snap_compare: Any) -> None:
    app = BrowseHarness(Workbench(seeded_sqlite, "tester"), EventsScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
