"""What the terminal UI must never do: run markup or escapes found in claims, or overwrite
someone else's change."""

from __future__ import annotations

from textual.widgets import Static

from claims.archive.store import add_claim
from claims.browse.workbench import Workbench
from claims.review.edits import get_claim, set_status, tags_of
from db.models import ClaimCreate
from tests.tui.conftest import SIZE, claim_list, move_to, settle, shown
from tui.app import ClaimsApp
from tui.dialogs.conflict import ConflictDialog
from tui.screens.claims import ClaimsScreen
from tui.screens.detail import DetailScreen

HOSTILE = "\x1b[31mred\x07 [bold red]x[/] <script>alert(1)</script>"


async def test_hostile_text_is_shown_literally(app: ClaimsApp, workbench: Workbench) -> None:
    hostile = workbench.write(
        add_claim,
        ClaimCreate(content=HOSTILE, cue="[link=http://x]said[/link]"),
        user="tester",
        speaker_name="[i]Mallory[/i]",
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claims = claim_list(pilot)
        assert claims.current is not None and claims.current.id == hostile.id
        line = claims.render_line(1).text  # the line under the header
        assert "\\x1b[31mred\\x07 [bold red]x[/] <sc" in line
        assert "\x1b" not in line and "\x07" not in line
        assert "[i]Mallory[/i]" in line
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        text = shown(app.screen.query_one("#detail-attribution", Static))
        assert "\\x1b[31mred\\x07 [bold red]x[/] <script>alert(1)</script>" in text
        assert "[link=http://x]said[/link]" in text
        assert "\x1b" not in text


async def test_a_change_made_meanwhile_is_shown_not_overwritten(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, 12)
        # Someone else judges claim 12 while it is on this reviewer's screen.
        Workbench(workbench.database, "bob").write(set_status, 12, "false", user="bob")
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        message = shown(app.screen.query_one("#conflict-message", Static))
        assert "bob" in message and "unreviewed -> false" in message
        assert workbench.read(get_claim, 12).status == "false"
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        current = claim_list(pilot).current
        assert current is not None and (current.id, current.status) == (12, "false")
        # Now that the reviewer has seen bob's change, theirs goes through.
        await pilot.press("2")
        await settle(pilot)
        assert workbench.read(get_claim, 12).status == "verified"


async def test_a_conflict_on_the_detail_screen_reloads_it(
    app: ClaimsApp, workbench: Workbench
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_claim(9)
        await settle(pilot)
        seen = workbench.read(get_claim, 9).version
        Workbench(workbench.database, "bob").write(set_status, 9, "misleading", user="bob")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"trial", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "misleading" in shown(app.screen.query_one("#detail-attribution", Static))
        assert workbench.read(get_claim, 9).version == seen + 1  # bob's change alone
        assert workbench.read(tags_of, 9) == ["ceasefire"]
