"""What the screens look like on the seed, at 120×40 (review changes before
``pytest --snapshot-update``).

The history's timestamps are set to one fixed moment first, so the pictures do not change
with the clock; the database is always a file called claims.db, which the title shows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, update
from textual.pilot import Pilot

from claims.browse.workbench import Workbench
from claims.ingest.demo import load_seed
from db.engine import open_database
from db.models import AuditEntry
from tests.tui.conftest import SIZE, move_to, settle
from tui.app import ClaimsApp, make_app

FROZEN = dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def seed_app(tmp_path: Path) -> ClaimsApp:
    """The app on a fresh SQLite copy of the seed with its history at a fixed time."""
    database = open_database(f"sqlite:///{tmp_path / 'claims.db'}")
    with database.session(write=True) as session:
        load_seed(session)
        session.exec(update(AuditEntry).values(at=FROZEN).where(col(AuditEntry.id) > 0))  # type: ignore[call-overload]
    return make_app(Workbench(database, "tester"))


def snapshot(seed_app: ClaimsApp, snap_compare: Any, *keys: str, claim: int | None = None) -> bool:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if claim is not None:
            await move_to(pilot, claim)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return bool(snap_compare(seed_app, terminal_size=SIZE, run_before=run_before))


def test_claims_screen(seed_app: ClaimsApp, snap_compare: Any) -> None:
    assert snapshot(seed_app, snap_compare, claim=5)


def test_detail_screen(seed_app: ClaimsApp, snap_compare: Any) -> None:
    assert snapshot(seed_app, snap_compare, "enter", claim=5)


def test_help_screen(seed_app: ClaimsApp, snap_compare: Any) -> None:
    assert snapshot(seed_app, snap_compare, "question_mark")


def test_tag_picker(seed_app: ClaimsApp, snap_compare: Any) -> None:
    assert snapshot(seed_app, snap_compare, "t", "c", "e", claim=6)
