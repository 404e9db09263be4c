"""The ``claims`` command line: every command, its JSON output, and every bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from claims.cli import app
from db.engine import make_engine
from tests.cli import Result, run


@pytest.fixture
def db(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A database on each backend with the seed loaded through ``claims demo``."""
    result = run(capsys, "--db", db_url, "demo")
    assert result.code == 0, result.err
    return db_url


def claims(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> Result:
    return run(capsys, "--db", db, *args)


def all_commands() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
        else:
            found.append(path)

    walk(typer.main.get_command(app), ())
    return found


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, *path, "--help")
    assert result.code == 0
    assert "Example: claims" in result.out


def test_demo_is_idempotent_and_shows_the_rival_accounts(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    again = claims(capsys, db, "demo")
    assert again.code == 0 and "already" in again.out
    assert "Mark Kimmitt" in again.out and "contradicts" in again.out
    listed = claims(capsys, db, "list", "--json", "--limit", "100").json()
    assert len(listed) == 13


def test_demo_says_which_archive_it_writes_to_and_dates_the_seed_when_loaded(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from db.models import utcnow

    loaded_from = utcnow()
    first = claims(capsys, db_url, "demo")
    # The path stays on the sentence that names it, and a scratch archive is offered.
    assert "13 claims into your archive: " in first.out
    assert "--db scratch.db demo" in first.err
    history = claims(capsys, db_url, "history", "6", "--json").json()
    times = [dt.datetime.fromisoformat(entry["at"]) for entry in history]
    assert len(times) >= 3 and times == sorted(times)
    # Loaded now, not when the fixture was made: a reviewer's changes come after them.
    assert all(loaded_from - dt.timedelta(seconds=5) <= t <= utcnow() for t in times)
    claims(capsys, db_url, "review", "6", "--status", "verified")
    after = claims(capsys, db_url, "history", "6", "--json").json()
    assert after[-1]["new"] == "verified" and after[-1]["at"] >= after[-2]["at"]


def test_list_filters_compose(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    by_speaker = claims(capsys, db, "list", "--speaker", "Gen. Kimmitt", "--json").json()
    assert [r["speaker"] for r in by_speaker] == ["Mark Kimmitt"]
    sadr = claims(capsys, db, "list", "--speaker", "Moqtada al-Sadr", "--json").json()
    assert {r["cue"] for r in sadr} == {"denied", "declared", "told"}
    tagged = claims(capsys, db, "list", "--tag", "cemetery-clash", "--json").json()
    assert {r["speaker"] for r in tagged} == {"Mark Kimmitt", "representative of Moqtada al-Sadr"}
    disputed = claims(capsys, db, "list", "--status", "disputed", "--json").json()
    assert [r["speaker"] for r in disputed] == ["Mark Kimmitt"]
    event = claims(capsys, db, "list", "--event", "clash at the najaf cemetery", "--json").json()
    assert len(event) == 2
    both = claims(capsys, db, "list", "--tag", "najaf", "--status", "unreviewed", "--json").json()
    assert {r["speaker"] for r in both} == {"representative of Moqtada al-Sadr", "Najaf local"}
    limited = claims(capsys, db, "list", "--limit", "3")
    assert "showing 3 of 13" in limited.err
    assert claims(capsys, db, "list", "--source", "1", "--json").json()[0]["source_id"] == 1


def test_add_link_tag_review_history_show(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    added = claims(
        capsys,
        db,
        "--user",
        "ana",
        "add",
        "--speaker",
        "Gen. Kimmitt",
        "--content",
        "those responsible were militiamen",
        "--source",
        "1",
        "--cue",
        "claimed",
        "--type",
        "indirect",
        "--via",
        "CNN",
        "--event",
        "Clash at the Najaf cemetery",
        "--json",
    ).json()
    assert added["speaker"] == "Mark Kimmitt"
    new = str(added["id"])
    assert (
        claims(
            capsys, db, "link", new, "6", "--relation", "contradicts", "--note", "same clash"
        ).code
        == 0
    )
    assert claims(capsys, db, "tag", new, "Najaf", "follow up").code == 0
    assert claims(capsys, db, "untag", new, "najaf").code == 0
    reviewed = claims(
        capsys,
        db,
        "--user",
        "bo",
        "review",
        new,
        "--status",
        "misleading",
        "--note",
        "partial quote",
        "--json",
    ).json()
    assert reviewed["status"] == "misleading"
    shown = claims(capsys, db, "show", new, "--json").json()
    assert shown["tags"] == ["follow-up"]
    assert shown["via"] == "CNN" and shown["event"]["name"] == "Clash at the Najaf cemetery"
    assert shown["links"][0]["other_id"] == 6 and shown["links"][0]["relation"] == "contradicts"
    assert shown["source"]["author"] == "James Conachy"
    assert "those responsible were militiamen" in shown["context"]["text"]
    history = claims(capsys, db, "history", new, "--json").json()
    assert [(h["user"], h["field"]) for h in history] == [
        ("ana", None),
        ("tester", "link"),
        ("tester", "tags"),
        ("tester", "tags"),
        ("bo", "status"),
        ("bo", "note"),
    ]
    other_side = claims(capsys, db, "show", "6", "--json").json()
    assert int(new) in [link["other_id"] for link in other_side["links"]]
    text = claims(capsys, db, "show", new)
    assert "Mark Kimmitt" in text.out and "misleading" in text.out
    assert claims(capsys, db, "unlink", new, "6").code == 0
    assert claims(capsys, db, "show", new, "--json").json()["links"] == []


def test_speakers_events_and_db_info(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    every = claims(capsys, db, "speakers", "--json").json()
    assert len(every) == 11
    sadr = next(s for s in every if s["name"] == "Moqtada al-Sadr")
    assert sadr["claims"] == 3 and {"alias": "He", "weak": True} in sadr["aliases"]
    for query in ("kimit", "Gen. Kimmitt", "Mark Kimmitt"):
        found = claims(capsys, db, "speakers", query, "--json").json()
        assert found[0]["name"] == "Mark Kimmitt", query
    assert claims(capsys, db, "speakers", "a spokesman", "--json").json() == []
    assert (
        claims(
            capsys, db, "event", "add", "Kufa battle", "--date", "2004-05-30", "--place", "Kufa"
        ).code
        == 0
    )
    events = claims(capsys, db, "events", "--json").json()
    assert {e["name"]: e["claims"] for e in events}["Clash at the Najaf cemetery"] == 2
    info = claims(capsys, db, "db", "info", "--json").json()
    assert info["counts"]["claims"] == 13 and info["schema"] == info["schema_head"]
    assert claims(capsys, db, "db", "upgrade").out.startswith("schema already at")


def test_export_import_round_trip_through_files(
    db: str,
    new_db_url: Callable[[], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = tmp_path / "first.json"
    assert claims(capsys, db, "export", "-o", str(first)).code == 0
    empty = new_db_url()
    assert run(capsys, "--db", empty, "import", str(first)).code == 0
    second = tmp_path / "second.json"
    assert run(capsys, "--db", empty, "export", "-o", str(second)).code == 0
    assert first.read_bytes() == second.read_bytes()
    to_stdout = claims(capsys, db, "export")
    assert json.loads(to_stdout.out) == json.loads(first.read_text(encoding="utf-8"))


def snapshot(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    return claims(capsys, db, "export").out


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("show", "999"), "no claim with id 999", 1),
        (("review", "999", "--status", "verified"), "no claim with id 999", 1),
        (("review", "1", "--status", "wrong"), "valid: unreviewed, verified", 2),
        (("link", "1", "2", "--relation", "refutes"), "valid: contradicts, supports", 2),
        (("link", "3", "3"), "cannot be linked to itself", 2),
        (("link", "1", "3"), "already linked", 2),
        (("unlink", "1", "2"), "no link between claims 1 and 2", 1),
        (("tag", "999", "x"), "no claim with id 999", 1),
        (("list", "--status", "maybe"), "valid: unreviewed", 2),
        (("list", "--event", "Najaf cemetary clash"), "did you mean", 1),
        (("add", "--content", "x", "--type", "paraphrase"), "valid: direct, indirect, mixed", 2),
        (("add", "--content", "x", "--source", "77"), "no source with id 77", 1),
        (("event", "add", "Najaf ceasefire"), "already exists", 2),
        (("event", "add", "New", "--date", "30 May"), "YYYY-MM-DD", 2),
        (("review", "1", "--status", "verified", "--if-version", "1"), "changed since", 3),
        (("show", "abc"), "Invalid value for 'ID'", 2),
        (("tag", "1", "a\x00b"), "cannot hold a NUL character", 2),
        (("add", "--content", "x\x00", "--speaker", "Ana"), "cannot hold a NUL character", 2),
        (("list", "--tag", "a\x00b"), "cannot hold a NUL character", 2),
        (("frobnicate",), "No such command", 2),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    db: str,
    args: tuple[str, ...],
    message: str,
    code: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(db, capsys)
    result = claims(capsys, db, *args)
    assert result.code == code
    assert message in result.err
    assert result.err.startswith("error: ") and result.err.strip().count("\n") == 0
    assert "Traceback" not in result.err
    assert snapshot(db, capsys) == before


def test_malformed_and_truncated_imports_name_the_file_and_write_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db, capsys)
    truncated = tmp_path / "truncated.json"
    truncated.write_text(before[: len(before) // 2], encoding="utf-8")
    result = claims(capsys, db, "import", str(truncated))
    assert result.code == 1 and f"{truncated}: line" in result.err
    wrong = json.loads(before)
    wrong["claims"][4]["status"] = "fake news"
    wrong["claims"][0]["content"] = "changed"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(wrong), encoding="utf-8")
    result = claims(capsys, db, "import", str(bad))
    assert result.code == 1 and "claims[4].status" in result.err
    missing = claims(capsys, db, "import", str(tmp_path / "nope.json"))
    assert missing.code == 1 and "cannot read" in missing.err
    assert snapshot(db, capsys) == before


def test_unwritable_database_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # SQLite only: a database file whose folder cannot be made has no PostgreSQL counterpart.
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run(capsys, "--db", str(blocker / "claims.db"), "list")
    assert result.code == 4 and "cannot create" in result.err


def test_unreachable_server_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    # PostgreSQL's counterpart of an unwritable path: nothing listens on port 1.
    result = run(capsys, "--db", "postgresql+psycopg://claims@127.0.0.1:1/claims", "list")
    assert result.code == 4 and result.err.startswith("error: cannot open database")
    assert result.err.count("\n") == 1


def test_newer_schema_is_refused_by_every_command(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db_url, "db", "info").code == 0
    assert run(capsys, "--db", db_url, "list").code == 0
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    engine.dispose()
    for args in (("list",), ("db", "upgrade"), ("demo",)):
        result = run(capsys, "--db", db_url, *args)
        assert result.code == 4 and "newer than this claimtrack" in result.err


def test_default_database_lives_in_the_data_directory(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite only: with no --db and no CLAIMS_DB the archive is a file in the data directory.
    assert run(capsys, "demo").code == 0
    info = run(capsys, "db", "info", "--json").json()
    assert info["path"] == str(isolated_home / "claims.db")


def test_environment_names_the_database_and_the_user(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLAIMS_DB", db_url)
    monkeypatch.setenv("CLAIMS_USER", "from-env")
    assert run(capsys, "demo").code == 0
    assert run(capsys, "review", "2", "--status", "verified").code == 0
    history = run(capsys, "history", "2", "--json").json()
    assert history[-1]["user"] == "from-env"
    monkeypatch.delenv("CLAIMS_DB")
    named = run(capsys, "--db", db_url, "show", "2", "--json").json()
    assert named["status"] == "verified"
    assert run(capsys, "show", "2").code == 1  # the default archive is another, empty one


SCRIPT = Path(sys.executable).parent / "claims"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the claims script is not installed")
def test_installed_script_runs(db_url: str) -> None:
    done = subprocess.run(
        [str(SCRIPT), "--db", db_url, "show", "12345"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "error: no claim with id 12345"


def test_ctrl_c_while_the_command_line_starts_up_prints_no_traceback() -> None:
    import signal
    import time

    for delay in (0.05, 0.2, 0.4):
        process = subprocess.Popen(
            [sys.executable, "-m", "claims", "list"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert "Traceback" not in err, (delay, err)
        assert process.returncode in (0, 130), (delay, process.returncode, err)
