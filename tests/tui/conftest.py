"""Driving the terminal UI in tests: the app on a seeded workbench, and waiting for it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from claims.browse.workbench import Workbench
from db.engine import Database, open_database
from tui.app import ClaimsApp, make_app
from tui.widgets.claim_list import ClaimList

SIZE = (120, 40)


@pytest.fixture
def workbench(seeded: Database) -> Workbench:
    """The seeded archive, worked on by "tester"."""
    return Workbench(seeded, "tester")


@pytest.fixture
def app(workbench: Workbench) -> ClaimsApp:
    """The app over the seeded archive, built as the command line builds it."""
    return make_app(workbench)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every database read and write has finished and its result is shown.

    Dialog flows are workers too, waiting for the reviewer, so they are not waited for.
    """
    quiet = 0
    while quiet < 2:
        busy = [w for w in pilot.app.workers if w.group != "review-dialog" and not w.is_finished]
        if busy:
            quiet = 0
            await pilot.app.workers.wait_for_complete(busy)
        else:
            quiet += 1
        await pilot.pause()


def claim_list(pilot: Pilot[None]) -> ClaimList:
    """The Claims screen's list."""
    return pilot.app.screen.query_one(ClaimList)


def listed_ids(pilot: Pilot[None]) -> list[int]:
    """The ids of the claims listed, in order (the seed fits in one page)."""
    claims = claim_list(pilot)
    return [row.id for i in range(claims.total) if (row := claims.row(i)) is not None]


async def filter_by(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` into the filter bar and wait for the list."""
    await pilot.press("slash")
    bar = pilot.app.screen.query_one("#filter")
    bar.value = text  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)


async def move_to(pilot: Pilot[None], claim_id: int) -> None:
    """Put the list's cursor on ``claim_id``."""
    ids = listed_ids(pilot)
    claim_list(pilot).cursor = ids.index(claim_id)
    await pilot.pause()


def shown(widget: Widget) -> str:
    """The text a ``Static`` shows, as plain text (what a reviewer reads)."""
    assert isinstance(widget, Static)
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def seeded_sqlite(tmp_path: Path) -> Iterator[Database]:
    """A SQLite archive holding the seed, for snapshots that must look the same every run."""
    from claims.ingest.demo import load_seed

    database = open_database(f"sqlite:///{tmp_path / 'claims.db'}")
    with database.session(write=True) as session:
        load_seed(session)
    try:
        yield database
    finally:
        database.dispose()
