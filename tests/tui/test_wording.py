"""Counts read as a person would write them: "1 source", "1 account", "2 accounts"."""

from __future__ import annotations

import re

import pytest

from claims.browse.workbench import Workbench
from db.engine import Database
from tests.tui.harness import BrowseHarness, screen_text, settle
from tui.screens.compare import CompareScreen
from tui.screens.sources import SourcesScreen
from tui.wording import counted

SIZE = (120, 40)

#: "1" before a plural noun, as in "1 sources" or "1 accounts".
ONE_PLURAL = re.compile(r"(?<![\d,.])1 (claims|accounts|sources|speakers|events|aliases)\b")


@pytest.mark.parametrize(
    ("number", "noun", "plural", "at_least", "expected"),
    [
        (0, "claim", None, False, "0 claims"),
        (1, "claim", None, False, "1 claim"),
        (2, "account", None, False, "2 accounts"),
        (1, "alias", "aliases", False, "1 alias"),
        (3, "alias", "aliases", False, "3 aliases"),
        (1200, "claim", None, False, "1,200 claims"),
        (1, "claim", None, True, "1+ claims"),
    ],
)
def test_counted(number: int, noun: str, plural: str | None, at_least: bool, expected: str) -> None:
    assert counted(number, noun, plural, at_least=at_least) == expected


async def test_the_sources_header_counts_one_source(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), SourcesScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Sources — 1 source" in text
        assert not ONE_PLURAL.search(text), ONE_PLURAL.search(text)
        await pilot.press("enter")  # the document: its 13 claims
        await settle(pilot)
        text = screen_text(app)
        assert "13 claims" in text
        assert not ONE_PLURAL.search(text), ONE_PLURAL.search(text)


async def test_a_comparison_of_one_claim_counts_one_account(seeded: Database) -> None:
    app = BrowseHarness(Workbench(seeded, "tester"), lambda: CompareScreen([5]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "1 account" in text
        assert not ONE_PLURAL.search(text), ONE_PLURAL.search(text)
