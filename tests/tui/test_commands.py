"""The command line's way into the terminal UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import run


def test_demo_without_the_ui_prints_the_claims(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "demo.db")
    result = run(capsys, "--db", db, "demo", "--no-tui")
    assert result.code == 0
    assert "Loaded the seed article and its 13 claims" in result.out
    assert "Mark Kimmitt" in result.out


def test_tui_outside_a_terminal_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "--db", str(tmp_path / "x.db"), "tui")
    assert result.code == 2
    assert "needs a terminal" in result.err
    assert result.err.count("\n") == 1


def test_tui_on_a_database_that_cannot_be_opened_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list\n" * 100)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    result = run(capsys, "--db", str(not_a_db), "tui")
    assert result.code != 0 and result.err.startswith("error: ")
    assert result.err.count("\n") == 1
