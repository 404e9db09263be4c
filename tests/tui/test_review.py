"""Reviewing in the terminal UI: every action, driven through the pilot and checked in the
database afterwards."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, OptionList, Static, TextArea

from claims.browse.desk import link_summaries
from claims.browse.workbench import Workbench
from claims.review.edits import get_claim, history, tags_of
from claims.review.events import list_events
from db.models import AuditEntry
from tests.tui.conftest import (
    SIZE,
    claim_list,
    filter_by,
    listed_ids,
    move_to,
    settle,
    shown,
)
from tui.app import ClaimsApp
from tui.dialogs.claim_finder import ClaimFinder
from tui.dialogs.note import NoteEditor
from tui.dialogs.picker import Picker
from tui.screens.claims import ClaimsScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen


async def test_the_list_opens_on_every_claim_newest_first(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert listed_ids(pilot) == list(range(13, 0, -1))
        assert claim_list(pilot).current is not None
        assert claim_list(pilot).current.id == 13  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("@kimit", [5]),
        ("@Mark Kimmitt", [5]),
        ("#cemetery-clash", [6, 5]),
        ("status:disputed", [5]),
        ("event:Clash at the Najaf cemetery", [6, 5]),
        ("militia*", [5, 1]),
        ("ceasefire #cemetery-clash", [5]),
        ("outlet:World Socialist Web Site @sadr", [6, 4, 3, 2]),
        ("outlet:Al Jazeera @sadr", []),
    ],
)
async def test_the_filter_bar_combines_words_speakers_tags_and_fields(
    app: ClaimsApp, line: str, expected: list[int]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_by(pilot, line)
        assert listed_ids(pilot) == expected


async def test_the_filter_searches_as_you_type(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"#trial")
        await pilot.pause(0.4)  # the debounce
        await settle(pilot)
        assert sorted(listed_ids(pilot)) == [1, 3]


async def test_a_bad_filter_says_why_and_lists_nothing(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_by(pilot, "status:dubious")
        assert listed_ids(pilot) == []
        status = shown(app.screen.query_one("#filter-status"))
        assert "unknown status 'dubious'" in status


async def test_keys_and_the_mouse_move_the_cursor(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = claim_list(pilot)
        await pilot.press("down", "down")
        assert claims.cursor == 2
        await pilot.press("end")
        assert claims.current.id == 1  # type: ignore[union-attr]
        await pilot.press("home")
        assert claims.cursor == 0
        await pilot.press("pagedown")
        assert claims.cursor == 12  # the seed is shorter than a page
        await pilot.click(claims, offset=(10, 4))  # the header, then rows 0, 1, 2
        assert claims.cursor == 3
        await pilot.click(claims, offset=(10, 4), times=2)
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.claim_id == 10


async def test_enter_opens_the_claim_and_escape_comes_back(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        attribution = shown(app.screen.query_one("#detail-attribution"))
        assert "Mark Kimmitt" in attribution
        assert "World Socialist Web Site" in attribution
        links = app.screen.query_one("#detail-links", OptionList)
        assert links.option_count == 2
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimsScreen)
        assert claim_list(pilot).current.id == 5  # type: ignore[union-attr]


async def test_a_number_key_sets_the_status(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 12)
        await pilot.press("3")
        await settle(pilot)
        claim = workbench.read(get_claim, 12)
        assert claim.status == "disputed"
        assert claim_list(pilot).current.status == "disputed"  # type: ignore[union-attr]
        entries = workbench.read(history, 12)
        assert (entries[-1].user, entries[-1].field) == ("tester", "status")


async def test_two_quick_actions_are_not_a_conflict_with_oneself(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 12)
        await pilot.press("3", "4")  # the second before the list has been read again
        await settle(pilot)
        assert workbench.read(get_claim, 12).status == "false"


@pytest.mark.parametrize(
    ("claim_id", "key", "typed", "field", "expected"),
    [
        pytest.param(13, "s", "mislead", "status", "misleading", id="the status picker"),
        pytest.param(5, "e", "no event", "event_id", None, id="detaching from an event"),
    ],
)
async def test_a_picker_sets_what_is_picked_on_the_claim(
    app: ClaimsApp,
    workbench: Workbench,
    claim_id: int,
    key: str,
    typed: str,
    field: str,
    expected: object,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, claim_id)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert getattr(workbench.read(get_claim, claim_id), field) == expected


async def test_the_status_pickers_number_keys_pick_the_status_they_are_labelled_with(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, Picker)
        options = picker.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "key 3" in labels[2] and labels[2].startswith("disputed")
        await pilot.press("3")
        await settle(pilot)
        assert not isinstance(app.screen, Picker)
        assert workbench.read(get_claim, 13).status == "disputed"


async def test_tagging_with_an_existing_tag(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"ceasef", "enter")
        await settle(pilot)
        assert workbench.read(tags_of, 13) == ["ceasefire"]
        assert claim_list(pilot).current.tags == ("ceasefire",)  # type: ignore[union-attr]


async def test_tagging_with_a_new_tag_creates_it(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one(Input).value = "Karbala Shrines"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert workbench.read(tags_of, 13) == ["karbala-shrines"]


async def test_removing_a_tag(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 7)
        before = workbench.read(tags_of, 7)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press(*"najaf", "enter")
        await settle(pilot)
        assert before == ["ceasefire", "najaf"]
        assert workbench.read(tags_of, 7) == ["ceasefire"]


@pytest.mark.parametrize(
    ("typed", "key", "note", "version"),
    [
        pytest.param(
            "Ask the Karbala stringer.", "ctrl+s", "Ask the Karbala stringer.", 2, id="saved"
        ),
        pytest.param("never mind", "escape", None, 1, id="cancelled"),
    ],
)
async def test_the_note_editor_saves_with_ctrl_s_and_escape_changes_nothing(
    app: ClaimsApp, workbench: Workbench, typed: str, key: str, note: str | None, version: int
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).text = typed
        await pilot.press(key)
        await settle(pilot)
        claim = workbench.read(get_claim, 13)
        assert (claim.note, claim.version) == (note, version)


@pytest.mark.parametrize(
    ("claim_id", "found_by", "relation", "links"),
    [
        pytest.param(12, "@kimit", "support", [(5, "supports", "tester")], id="found by speaker"),
        pytest.param(13, "8", "duplicate", [(8, "duplicate", "tester")], id="found by claim id"),
    ],
)
async def test_linking_to_a_claim_found_in_the_finder(
    app: ClaimsApp,
    workbench: Workbench,
    claim_id: int,
    found_by: str,
    relation: str,
    links: list[tuple[int, str, str]],
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, claim_id)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ClaimFinder)
        app.screen.query_one(Input).value = found_by
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press(*relation, "enter")
        await settle(pilot)
        found = workbench.read(link_summaries, claim_id)
        assert [(link.other_id, link.relation, link.created_by) for link in found] == links


async def test_a_refused_link_says_so_and_writes_nothing(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 6)
        before = workbench.read(link_summaries, 6)
        app.perform("linked", link_summaries_changer, 6)
        await settle(pilot)
        assert workbench.read(link_summaries, 6) == before
        assert any("already linked" in n.message for n in app._notifications)


def link_summaries_changer(session, claim_id, *, user):  # type: ignore[no-untyped-def]
    """Link claim 6 to claim 5 as contradicting it, which the seed already does."""
    from claims.review.links import link_claims

    return link_claims(session, claim_id, 5, "contradicts", user=user)


async def test_unlinking(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 6)
        assert [x.other_id for x in workbench.read(link_summaries, 6)] == [5]
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert workbench.read(link_summaries, 6) == []
        assert claim_list(pilot).current.links == 0  # type: ignore[union-attr]


async def test_following_a_link_from_the_list_and_from_the_detail(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 6)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.claim_id == 5
        links = app.screen.query_one("#detail-links", OptionList)
        links.focus()
        links.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.claim_id == 6
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ClaimsScreen)


async def test_attaching_to_an_event_and_to_a_new_one(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 12)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"ceasefire", "enter")
        await settle(pilot)
        names = {e.id: e.name for e, _ in workbench.read(list_events)}
        assert names[workbench.read(get_claim, 12).event_id] == "Najaf ceasefire"
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = "British troops in Basra"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        names = {e.id: e.name for e, _ in workbench.read(list_events)}
        assert names[workbench.read(get_claim, 12).event_id] == "British troops in Basra"


async def test_actions_on_the_detail_screen(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_claim(9)
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert workbench.read(get_claim, 9).status == "verified"
        attribution = shown(app.screen.query_one("#detail-attribution"))
        assert "verified" in attribution
        history_shown = shown(app.screen.query_one("#detail-history"))
        assert "status: unreviewed → verified" in history_shown


async def test_every_action_is_in_the_command_palette(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Mark unverifiable")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert workbench.read(get_claim, 13).status == "unverifiable"


async def test_the_help_screen_lists_every_key(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown(app.screen.query_one("#help").query_one(Static))
        for description in ("Mark disputed", "Tag", "Untag", "Note", "Link", "Unlink", "Event"):
            assert description in text
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimsScreen)


async def test_show_claims_goes_to_the_list_with_a_filter(app: ClaimsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_claim(3)
        await settle(pilot)
        app.show_claims("@Mark Kimmitt")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert app.screen.query_one("#filter", Input).value == "@Mark Kimmitt"
        assert listed_ids(pilot) == [5]


async def test_nothing_is_written_without_a_reviewer_asking(
    app: ClaimsApp, workbench: Workbench
) -> None:
    def audit_count(session):  # type: ignore[no-untyped-def]
        return len(session.exec(select(AuditEntry)).all())

    before = workbench.read(audit_count)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("escape", "question_mark", "escape", "slash", "escape")
        await settle(pilot)
    assert workbench.read(audit_count) == before


async def test_undo_takes_back_the_last_action_and_then_the_one_before(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 6)
        await pilot.press("3")  # disputed
        await settle(pilot)
        await pilot.press("4")  # false
        await settle(pilot)
        assert workbench.read(get_claim, 6).status == "false"

        await pilot.press("z")
        await settle(pilot)
        assert workbench.read(get_claim, 6).status == "disputed"
        assert claim_list(pilot).current.status == "disputed"  # type: ignore[union-attr]
        await pilot.press("z")
        await settle(pilot)
        assert workbench.read(get_claim, 6).status == "unreviewed"

        entries = workbench.read(history, 6)
        statuses = [(e.old_value, e.new_value) for e in entries if e.field == "status"]
        assert len(statuses) == 4  # two changes and two undos: nothing lost from the trail
        assert sum(1 for e in entries if e.undoes is not None) == 2


async def test_undo_with_nothing_to_undo_says_so(app: ClaimsApp, workbench: Workbench) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert any("nothing of yours to undo" in str(n.message).lower() for n in app._notifications)
        assert isinstance(app.screen, ClaimsScreen)
