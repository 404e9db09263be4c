"""The speakers screen on the seed: filtered fuzzily by alias as you type, a speaker's claims
listed, an alias added (weak or not) and two speakers merged, both audited."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from claims.browse.workbench import Workbench
from claims.speakers.registry import add_speaker, aliases_of, get_speaker
from db.engine import Database
from db.models import AuditEntry, Claim
from tests.tui.harness import BrowseHarness, settle
from tui.dialogs.add_alias import AddAliasDialog
from tui.dialogs.merge_speakers import MergeSpeakersDialog
from tui.screens import speakers as speakers_screen
from tui.screens.speakers import SpeakersScreen

SIZE = (120, 40)


async def _filter(pilot: Any, text: str) -> None:
    await pilot.press("slash")
    for key in text:
        await pilot.press("space" if key == " " else key)
    await settle(pilot)
    await pilot.press("enter")


async def test_filter_by_alias_and_list_claims(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SpeakersScreen)
        assert len(screen.rows) == screen.total == 11
        await _filter(pilot, "kimit")
        assert screen.rows[0].name == "Mark Kimmitt"
        await pilot.press("enter")
        assert app.filters == ["@Mark Kimmitt"]


async def test_add_a_weak_alias_is_audited(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _filter(pilot, "Kimmitt")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddAliasDialog)
        await pilot.click("#alias-weak")
        app.screen.query_one("#alias-text").focus()
        for key in "the general":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SpeakersScreen)
        kimmitt = app.screen.rows[0]
        assert any(a.alias == "the general" and a.weak for a in kimmitt.aliases)
    with seeded.session() as session:
        assert any(a.alias == "the general" and a.weak for a in aliases_of(session, kimmitt.id))
        entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.speaker_id == kimmitt.id, AuditEntry.field == "alias"
            )
        ).one()
        assert entry.user == "tester" and "the general" in (entry.new_value or "")


async def test_merge_two_speakers_is_audited(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        twin = add_speaker(session, "Gen. M. Kimmit")
        twin_id = twin.id
        kimmitt_claims = list(session.exec(select(Claim.id).where(Claim.speaker_id == 3)))
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _filter(pilot, "Mark Kimmitt")
        screen = app.screen
        assert isinstance(screen, SpeakersScreen) and screen.rows[0].id == 3
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MergeSpeakersDialog)
        for key in "kimit":
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("enter")  # to the candidates
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MergeSpeakersDialog)
        assert [c.id for c in dialog.candidates] == [twin_id]  # never the one kept
        await pilot.press("enter")  # choose it
        await pilot.press("enter")  # confirm
        await settle(pilot)
        assert isinstance(app.screen, SpeakersScreen)
        assert twin_id not in [r.id for r in app.screen.rows]
    with seeded.session() as session:
        assert twin_id is not None
        assert get_speaker(session, twin_id).merged_into_id == 3
        assert {a.alias for a in aliases_of(session, 3)} >= {"Gen. M. Kimmit", "Mark Kimmitt"}
        entry = session.exec(
            select(AuditEntry)
            .where(AuditEntry.speaker_id == twin_id, AuditEntry.action == "merge")
            .order_by(col(AuditEntry.id))
        ).one()
        assert entry.user == "tester"
        assert list(session.exec(select(Claim.id).where(Claim.speaker_id == 3))) == kimmitt_claims


async def test_speakers_are_read_a_page_at_a_time(seeded: Database, monkeypatch: Any) -> None:
    monkeypatch.setattr(speakers_screen, "PAGE", 4)
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SpeakersScreen)
        assert len(screen.rows) == 4
        for _ in range(3):
            await pilot.press("down")
        await settle(pilot)
        assert len(screen.rows) == 8


def test_snapshot_speakers(seeded_sqlite: Database, snap_compare: Any) -> None:
    app = BrowseHarness(Workbench(seeded_sqlite, "tester"), SpeakersScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


async def test_the_command_palette_offers_the_screen_actions(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        for key in "add alias":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AddAliasDialog)
