"""``claims db copy``: a whole archive moved between backends, verified, and nothing lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claims.exports.transfer import copy_database, export_digest, row_counts
from db.engine import Database, open_database
from db.errors import ClaimsError
from tests.cli import run


def test_sqlite_to_postgres_and_back_is_identical(
    seeded: Database, postgres_url: str, tmp_path: Path
) -> None:
    if seeded.backend != "sqlite":
        pytest.skip("this round trip starts from SQLite")
    with seeded.session(write=True) as session:
        from claims.speakers.registry import add_speaker

        keep = add_speaker(session, "Keeper", kind="person")
        gone = add_speaker(session, "Merged Away", kind="person")
        gone.merged_into_id = keep.id
        session.add(gone)
    pg = open_database(postgres_url)
    back = open_database(str(tmp_path / "back.db"))
    try:
        there = copy_database(seeded, pg)
        assert there.verified and there.counts["claim"] == 13
        again = copy_database(pg, back)
        assert again.verified
        assert export_digest(back) == export_digest(seeded)
        assert row_counts(back) == row_counts(seeded)
    finally:
        pg.dispose()
        back.dispose()


def test_copy_refuses_a_target_with_data(seeded: Database, new_db_url: Callable[[], str]) -> None:
    other = open_database(new_db_url())
    copy_database(seeded, other)
    before = export_digest(other)
    with pytest.raises(ClaimsError, match="not empty"):
        copy_database(seeded, other)
    assert export_digest(other) == before
    other.dispose()


def test_cli_copy_then_write_to_the_copy(
    db_url: str, new_db_url: Callable[[], str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db_url, "demo").code == 0
    target = new_db_url()
    result = run(capsys, "--db", db_url, "db", "copy", "--to", target, "--json")
    assert result.code == 0, result.err
    assert result.json()["verified"] is True
    # The copy is a working archive: new rows get fresh ids after the copied ones.
    added = run(capsys, "--db", target, "add", "--speaker", "Kimmitt", "--content", "x", "--json")
    assert added.json()["id"] == 14 and added.json()["speaker"] == "Mark Kimmitt"
    refused = run(capsys, "--db", db_url, "db", "copy", "--to", target)
    assert refused.code == 1 and "not empty" in refused.err
