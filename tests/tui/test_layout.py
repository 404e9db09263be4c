"""Columns follow the terminal's width and what they hold: the claims list and the speakers
table share the width among their columns instead of cutting names at fixed widths."""

from __future__ import annotations

import pytest

from claims.browse.workbench import Workbench
from db.engine import Database
from tests.tui.conftest import settle
from tests.tui.harness import BrowseHarness, screen_text
from tests.tui.harness import settle as settle_table
from tui.app import ClaimsApp
from tui.screens.speakers import SpeakersScreen
from tui.widgets.claim_list import COLUMNS, ClaimList, layout

#: Values of the seed that a fixed 16/12/14-cell layout cut at 130 columns.
LONG = ["Coalition Provisional Authority", "World Socialist Web Site", "ceasefire cemetery-clash"]


@pytest.mark.parametrize("width", [60, 100, 130, 200, 300])
def test_the_columns_fill_the_line_and_keep_room_for_the_claim(width: int) -> None:
    wanted = [2, 31, 400, 24, 10, 10, 30, 5]
    widths = layout(width, wanted)
    claim = [c.title for c in COLUMNS].index("Claim")
    if width >= 100:
        assert sum(widths) + len(COLUMNS) + 1 == width  # nothing left over
        assert widths[claim] >= (width - 1 - len(COLUMNS)) // 3
    for column, size, want in zip(COLUMNS, widths, wanted, strict=True):
        if column.most:
            assert size <= max(want, column.least, len(column.title))


def test_short_values_leave_their_room_to_the_claim() -> None:
    widths = layout(130, [2, 12, 400, 8, 10, 8, 4, 5])
    assert widths[1] == 12 and widths[3] == 8 and widths[6] == 4
    assert widths[2] == 130 - 1 - len(COLUMNS) - sum(widths) + widths[2]


async def test_at_130_columns_the_list_shares_the_width(app: ClaimsApp) -> None:
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        widths = pilot.app.screen.query_one(ClaimList).widths(129)
        speaker, outlet, tags = widths[1], widths[3], widths[6]
        assert speaker > 16 and outlet > 12 and tags > 14  # the old fixed widths


async def test_on_a_wide_terminal_nothing_is_cut(app: ClaimsApp) -> None:
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for value in LONG:
            assert value in text


async def test_speaker_names_use_the_width_there_is(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SpeakersScreen)
    async with app.run_test(size=(150, 40)) as pilot:
        await settle_table(pilot)
        text = screen_text(app)
        assert "Iraq Centre for Research and Strategic Studies" in text
