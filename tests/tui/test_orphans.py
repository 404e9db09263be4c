"""Sources with versions in the terminal UI, on an article ingested twice by the real ingest:
the orphans screen lists the claim the edit left behind with the closest text the latest
version has, and opens it; a claim's detail reads its passage from the version it is
anchored to and says where it stands against the source's versions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Group
from rich.text import Text
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from claims.browse.details import claim_detail
from claims.browse.workbench import Workbench
from claims.ingest.run import ingest_paths
from claims.versions.orphans import Orphan, orphans
from db.engine import Database, open_database
from db.models import Claim
from tests.tui.conftest import SIZE, move_to, shown
from tests.tui.harness import BrowseHarness, screen_text, settle
from tui.app import ClaimsApp, make_app
from tui.screens.detail import DetailScreen
from tui.screens.orphans import EMPTY, OrphansScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.source_text import SourceTextView

FRONT = """---
title: Army says bridge is safe
outlet: Daily Planet
url: https://example.com/bridge
author: Lois Lane
---
"""

COLONEL_SAID = "said Colonel John Smith, the army engineer in charge of the work."
CRITICS = (
    'Critics were not convinced. "Nobody has seen the inspection report at all," '
    "said Peter Parker, a local activist."
)

#: The article as first published: three quoted claims.
FIRST = FRONT + "\n\n".join(
    [
        "The bridge over the river was inspected on Monday.",
        f'"The bridge is completely safe for heavy traffic," {COLONEL_SAID}',
        'Mayor Jane Doe said, "We will reopen the road to all traffic by Friday morning."',
        CRITICS + "\n",
    ]
)

#: The same article edited after publication: the colonel's quote reworded, the mayor's cut.
SECOND = FRONT + "\n\n".join(
    [
        "The bridge over the river was inspected on Monday and Tuesday.",
        f'"The bridge is entirely safe for heavy traffic," {COLONEL_SAID}',
        CRITICS + "\n",
    ]
)

MAYOR = '"We will reopen the road to all traffic by Friday morning."'
COLONEL = "The bridge is entirely safe for heavy traffic"  # the reporting comma and marks left out


@pytest.fixture
def edited(tmp_path: Path) -> Iterator[Database]:
    """A SQLite archive (claims.db) holding the article, then its edit as version 2."""
    database = open_database(f"sqlite:///{tmp_path / 'claims.db'}")
    for name, text in (("v1.md", FIRST), ("v2.md", SECOND)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        ingest_paths(database, [path], user="tester", workers=1)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def left(edited: Database) -> Orphan:
    """The one claim the edit left behind: the mayor's."""
    (orphan,) = Workbench(edited, "tester").read(orphans)
    assert orphan.content == MAYOR and (orphan.anchor_version, orphan.current_version) == (1, 2)
    return orphan


def claim_id_of(database: Database, content: str) -> int:
    """The id of the claim whose words are ``content``."""
    with database.session() as session:
        claim = session.exec(select(Claim).where(Claim.content == content)).one()
        assert claim.id is not None
        return claim.id


def passage_of(pilot: Pilot[None]) -> tuple[str, list[str]]:
    """The detail screen's passage as plain text, and the words it highlights."""
    widget = pilot.app.screen.query_one("#detail-passage", Static)
    content = widget.content
    parts = list(content.renderables) if isinstance(content, Group) else [content]
    quoted = [
        text.plain[span.start : span.end]
        for text in parts
        if isinstance(text, Text)
        for span in text.spans
        if "reverse" in str(span.style)
    ]
    return shown(widget), quoted


async def test_the_orphans_screen_lists_the_orphan_with_its_candidate_and_opens_it(
    edited: Database, left: Orphan
) -> None:
    app = make_app(Workbench(edited, "tester"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrphansScreen)
        assert screen.rows == [left]
        assert left.candidate is not None and left.score > 0
        table = screen.query_one("#orphans-table", DataTable)
        assert table.row_count == 1
        text = screen_text(app)
        assert "1 orphaned claim" in text
        assert "1 of 2" in text
        assert f"{left.score:.0f}" in text
        described = shown(screen.query_one("#orphan-detail", Static))
        assert f"version 1 said: {MAYOR}" in described
        assert f"closest in version 2: {' '.join(left.candidate.split())}" in " ".join(
            described.split()
        )
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.claim_id == left.claim_id
        attribution = shown(detail.query_one("#detail-attribution", Static))
        assert "orphan: on version 1 of 2; version 2 no longer says this" in attribution
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_the_detail_of_an_orphan_shows_the_old_versions_passage(
    edited: Database, left: Orphan
) -> None:
    app = make_app(Workbench(edited, "tester"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, left.claim_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        passage, quoted = passage_of(pilot)
        # Version 1's words, highlighted where the claim's offsets point: not version 2's.
        assert quoted == [MAYOR]
        assert "Mayor Jane Doe said" in passage
        assert "completely safe" in passage and "entirely safe" not in passage
        assert "As version 1 had it; version 2, the latest, no longer says this." in passage
        heading = shown(app.screen.query_one("#detail-passage-title", Static))
        assert heading.strip() == "In its source, version 1 of 2"


async def test_the_detail_of_a_reworded_claim_says_it_changed_in_version_2(
    edited: Database,
) -> None:
    colonel = claim_id_of(edited, COLONEL)
    with edited.session() as session:
        assert claim_detail(session, colonel).claim.changed_in_version == 2
    app = make_app(Workbench(edited, "tester"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, colonel)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        attribution = shown(app.screen.query_one("#detail-attribution", Static))
        assert "Version     changed in version 2 (of 2)" in attribution
        passage, quoted = passage_of(pilot)
        assert quoted == [COLONEL]
        assert "Mayor Jane Doe" not in passage  # version 2's text, which cut the mayor
        assert "no longer says" not in passage


async def test_a_source_never_edited_shows_no_version(seeded_sqlite: Database) -> None:
    app = make_app(Workbench(seeded_sqlite, "tester"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Version" not in shown(app.screen.query_one("#detail-attribution", Static))
        heading = shown(app.screen.query_one("#detail-passage-title", Static))
        assert heading.strip() == "In its source"


async def test_with_no_orphans_the_screen_says_so_plainly(seeded_sqlite: Database) -> None:
    app = make_app(Workbench(seeded_sqlite, "tester"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrphansScreen) and screen.rows == []
        assert not screen.query_one("#orphans-table", DataTable).display
        assert EMPTY in " ".join(screen_text(app).split())
        await pilot.press("enter")  # nothing to open
        await settle(pilot)
        assert app.screen is screen


async def test_the_sources_screen_lists_a_documents_orphans_apart_from_its_text(
    edited: Database, left: Orphan
) -> None:
    app = BrowseHarness(Workbench(edited, "tester"), SourcesScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sources = app.screen
        assert isinstance(sources, SourcesScreen)
        await pilot.press("enter")
        await settle(pilot)
        view = sources.query_one(SourceTextView)
        assert view.document is not None
        marks = {c.id: (c.start, c.end) for c in view.document.claims}
        # The orphan's offsets point into version 1: nothing of version 2 is marked as its.
        assert marks[left.claim_id] == (None, None)
        text = screen_text(app)
        assert "1 orphaned (o lists them)" in text
        listed_claims = sources.query_one("#document-claims", OptionList)
        prompt = listed_claims.get_option(str(left.claim_id)).prompt
        assert isinstance(prompt, Text)
        assert prompt.plain.startswith(f"#{left.claim_id} Jane Doe orphan: on version 1 of 2")
        await pilot.press("o")
        await settle(pilot)
        listed = app.screen
        assert isinstance(listed, OrphansScreen) and listed.source_id == left.source_id
        assert listed.rows == [left]
        await pilot.press("enter")
        await settle(pilot)
        assert app.opened == [left.claim_id]
        await pilot.press("escape")  # the claim, back to the orphans
        await settle(pilot)
        await pilot.press("escape")  # the orphans, back to the document
        await settle(pilot)
        assert app.screen is sources and sources.document is not None


def test_snapshot_orphans(edited: Database, left: Orphan, snap_compare: Any) -> None:
    app: ClaimsApp = make_app(Workbench(edited, "tester"))

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
