"""The sources screen on the seed: the document listed with its claim count, opened with
every claim marked, a claim picked from the list scrolled to and opened with enter."""

from __future__ import annotations

from typing import Any

from claims.archive.store import add_source
from claims.browse.workbench import Workbench
from db.engine import Database
from db.models import SourceCreate
from tests.tui.harness import BrowseHarness, screen_text, settle
from tui.screens import sources as sources_screen
from tui.screens.detail import DetailScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.source_text import SourceTextView, marked_paragraph, paragraphs

SIZE = (120, 40)


async def test_open_a_document_pick_a_claim_and_open_it(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SourcesScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        assert [(r.title, r.claims) for r in screen.rows] == [
            ("US makes tactical retreat before Iraqi uprising", 13)
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.document is not None and len(screen.document.claims) == 13
        view = screen.query_one(SourceTextView)
        order = [c.id for c in screen.document.claims]
        assert view.picked == order[0]
        for _ in range(order.index(9)):
            await pilot.press("down")
        await pilot.pause()
        assert view.picked == 9
        assert view.scroll_y > 0  # claim 9 is far down the article
        assert "[9]“It was pretty clear he [Sadr]" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.opened == [9]
        assert isinstance(app.screen, DetailScreen) and app.screen.claim_id == 9
        await pilot.press("escape")  # back from the claim to the document
        await settle(pilot)
        assert app.screen is screen and screen.document is not None
        await pilot.press("escape")  # back from the document to the list of documents
        assert screen.query_one("#sources-list").has_focus


async def test_sources_are_read_a_page_at_a_time(database: Database, monkeypatch: Any) -> None:
    monkeypatch.setattr(sources_screen, "PAGE", 2)
    with database.session(write=True) as session:
        for i in range(3):
            add_source(session, SourceCreate(text=f"Body {i}", title=f"Doc {i}"))
    app = BrowseHarness(Workbench(database, "tester"), SourcesScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        assert [r.title for r in screen.rows] == ["Doc 0", "Doc 1"]
        await pilot.press("down")
        await settle(pilot)
        assert [r.title for r in screen.rows] == ["Doc 0", "Doc 1", "Doc 2"]


def test_marked_paragraph_keeps_offsets_and_hostile_text_literal() -> None:
    from claims.browse.views import MarkedClaim

    text = "Intro.\n\nHe said [bold]x[/bold] \x1b[31m and more."
    (first, second) = paragraphs(text)
    assert text[first[0] : first[1]] == "Intro."
    start = text.index("[bold]")
    claim = MarkedClaim(9, start, start + 14, "Someone", "[bold]x[/bold]", "unreviewed")
    rendered = marked_paragraph(text, *second, [claim], picked=9)
    assert rendered.plain == "He said [9][bold]x[/bold] \\x1b[31m and more."
    picked = [span for span in rendered.spans if "yellow" in str(span.style)]
    assert [rendered.plain[s.start : s.end] for s in picked] == ["[bold]x[/bold]"]


def test_snapshot_source_document(seeded_sqlite: Database, snap_compare: Any) -> None:
    app = BrowseHarness(Workbench(seeded_sqlite, "tester"), SourcesScreen)
    assert snap_compare(
        app, press=["enter", "down", "down", "down", "down"], terminal_size=SIZE, run_before=settle
    )


def test_snapshot_sources(seeded_sqlite: Database, snap_compare: Any) -> None:
    app = BrowseHarness(Workbench(seeded_sqlite, "tester"), SourcesScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
