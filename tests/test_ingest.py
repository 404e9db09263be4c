"""Ingest: documents become sources with attributed claims and speakers resolved across
documents; bad files are skipped with a reason and never half-stored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlmodel import func, select

from claims.extraction.names import normalise_name
from claims.ingest.paths import collect_paths
from claims.ingest.run import Overrides, ingest_paths
from db.engine import Database, open_database
from db.models import AuditEntry, Claim, Source, Speaker
from tests.cli import run
from tests.conftest import REPO, SHARED

SEED = REPO / "fixtures" / "seed" / "000_21a3966b35e6bf93.txt"
GOLD = SHARED / "seeds" / "000_21a3966b35e6bf93.gold.jsonl"

FIRST = """# Talks stall in Geneva

Ana Lima
3 March 2021

Foreign Minister Jean Dupont said on Tuesday that the talks would resume next week.
"We are not giving up," Dupont told reporters. A senior official said the mood was grim.
"""

SECOND = """# Talks resume

Paul Brown
10 March 2021

The talks resumed on Monday. Dupont said the delegations had agreed on an agenda.
A senior official said nothing had been agreed.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def claims_of(database: Database) -> list[tuple[Claim, Speaker | None]]:
    with database.session() as session:
        rows = session.exec(select(Claim).order_by(Claim.id)).all()
        return [(c, session.get(Speaker, c.speaker_id) if c.speaker_id else None) for c in rows]


def test_seed_claims_are_stored_with_their_speakers_and_the_article_metadata(
    database: Database,
) -> None:
    summary = ingest_paths(database, [SEED], user="ana")
    assert summary.documents == 1 and not summary.skipped
    with database.session() as session:
        source = session.exec(select(Source)).one()
    assert source.title == "US makes tactical retreat before Iraqi uprising"
    assert source.author == "James Conachy"
    assert str(source.published) == "2004-06-01"
    stored = claims_of(database)
    assert len(stored) == summary.claims
    for claim, _ in stored:
        assert source.text[claim.span_start : claim.span_end] == claim.content
        assert claim.rule and claim.created_by == "ana"
    by_speaker = {(s.name if s else None) for _, s in stored}
    assert {"Mark Kimmitt", "Moqtada al-Sadr", "Martin Dempsey"} <= by_speaker
    kimmitt = next(c for c, s in stored if s and s.name == "Mark Kimmitt")
    assert kimmitt.cue == "claimed" and kimmitt.speaker_role == "CPA spokesman"
    told = next(c for c, s in stored if c.via == "Al Jazeera")
    assert told.quote_type == "direct" and told.speaker_mention == "He"


@pytest.mark.skipif(not GOLD.exists(), reason="the gold annotation (../shared/seeds) is absent")
def test_every_gold_attribution_of_the_seed_is_stored_with_its_speaker(
    database: Database,
) -> None:
    ingest_paths(database, [SEED], user="ana")
    stored = claims_of(database)
    gold = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    for attribution in gold["attributions"]:
        ((start, end),) = attribution["content_span"]
        overlapping = [
            (c, s)
            for c, s in stored
            if c.span_start is not None
            and c.span_end is not None
            and min(end, c.span_end) - max(start, c.span_start) > 0.3 * (end - start)
        ]
        assert overlapping, attribution["id"]
        names = {normalise_name(s.name) for _, s in overlapping if s}
        assert normalise_name(attribution["speaker_canonical"]) in names, attribution["id"]


def test_speakers_are_resolved_across_documents_but_anonymous_ones_never(
    database: Database, tmp_path: Path
) -> None:
    write(tmp_path, "first.md", FIRST)
    write(tmp_path, "second.md", SECOND)
    summary = ingest_paths(database, collect_paths([str(tmp_path)])[0], user="ana")
    assert summary.documents == 2
    stored = claims_of(database)
    dupont = {s.id for c, s in stored if s and "Dupont" in s.name}
    assert len(dupont) == 1, "Dupont in the second article is the minister of the first"
    second = [c for c, s in stored if s and "Dupont" in s.name and c.source_id == 2]
    assert second and second[0].speaker_match and second[0].speaker_match != "new"
    assert second[0].speaker_match_score and second[0].speaker_match_score >= 90
    officials = {s.id for c, s in stored if s and s.kind == "anonymous"}
    assert len(officials) == 2, "two senior officials are not known to be one person"


def test_reingesting_adds_nothing_and_flags_override_metadata(
    database: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, "first.md", FIRST)
    ingest_paths(database, [path], user="ana", overrides=Overrides(outlet="Wire", url="u://1"))
    again = ingest_paths(database, [path, path], user="ana")
    assert again.documents == 0 and again.already_stored == 2 and again.claims == 0
    with database.session() as session:
        source = session.exec(select(Source)).one()
        assert session.exec(select(func.count()).select_from(Claim)).one() > 0
    assert (source.outlet, source.url, source.author) == ("Wire", "u://1", "Ana Lima")


def test_front_matter_and_html_metadata(database: Database, tmp_path: Path) -> None:
    md = write(
        tmp_path,
        "a.md",
        "---\ntitle: Front\noutlet: The Ledger\nauthor: Kim Ode\n"
        "date: 2020-02-02\nurl: https://ledger.example/a\n---\n\n"
        'The mayor said the bridge was safe. "It is safe," Mayor Jo Park said.\n',
    )
    html = write(
        tmp_path,
        "b.html",
        (
            "<html><head><title>Bridge row</title><meta name='author' content='Ray Oh'>"
            "<meta property='og:site_name' content='Daily Tide'>"
            "<meta property='article:published_time' content='2020-02-03T10:00:00Z'>"
            "<script>var x = 'He said: \"no\"';</script><style>p{}</style></head><body>"
            "<p>Engineers said the bridge was unsafe.</p><script>alert(1)</script></body></html>"
        ),
    )
    ingest_paths(database, [md, html], user="ana")
    with database.session() as session:
        a, b = session.exec(select(Source).order_by(Source.id)).all()
    assert (a.title, a.outlet, a.author, str(a.published), a.url) == (
        "Front",
        "The Ledger",
        "Kim Ode",
        "2020-02-02",
        "https://ledger.example/a",
    )
    assert (b.title, b.outlet, b.author, str(b.published)) == (
        "Bridge row",
        "Daily Tide",
        "Ray Oh",
        "2020-02-03",
    )
    assert "alert" not in b.text and "var x" not in b.text and "unsafe" in b.text


def test_bad_files_are_skipped_with_reasons_and_nothing_half_stored(
    database: Database, tmp_path: Path
) -> None:
    good = write(tmp_path, "good.txt", FIRST)
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write(tmp_path, "latin1.txt", "Le ministre a déclaré que « tout va bien ».".encode("cp1252"))
    write(tmp_path, "quotes.txt", 'He said "this never ends. And "again, said Bo.\n' * 3)
    write(tmp_path, "late-nul.txt", b"The mayor said so. " * 1000 + b"\x00 Ruiz said no.")
    big = tmp_path / "huge.txt"
    with big.open("wb") as out:
        out.write(b"The minister said the plan works. " * (50 * 1024 * 1024 // 34 + 1))
    files, missing = collect_paths([str(tmp_path), str(tmp_path / "nope.txt")])
    summary = ingest_paths(database, files, user="ana")
    reasons = dict(summary.skipped)
    assert "empty" in reasons[str(tmp_path / "empty.txt")]
    assert "PNG" in reasons[str(tmp_path / "binary.txt")]
    assert "too large" in reasons[str(big)]
    assert "NUL" in reasons[str(tmp_path / "late-nul.txt")]
    assert missing == [(str(tmp_path / "nope.txt"), "no such file or folder")]
    with database.session() as session:
        sources = session.exec(select(Source)).all()
        origins = {Path(s.origin or "").name for s in sources}
        for source in sources:
            for claim in session.exec(select(Claim).where(Claim.source_id == source.id)):
                assert source.text[claim.span_start : claim.span_end] == claim.content
    assert origins == {"good.txt", "latin1.txt", "quotes.txt"}
    assert good.exists()


def test_large_batches_use_worker_processes_with_the_same_result(
    tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(45):
        write(folder, f"{i:02}.md", FIRST.replace("Tuesday", f"day {i}"))
    serial = open_database(str(tmp_path / "serial.db"))
    pooled = open_database(db_url)
    files = collect_paths([str(folder)])[0]
    a = ingest_paths(serial, files, user="ana", workers=1)
    b = ingest_paths(pooled, files, user="ana", workers=2)
    assert a.as_dict() | {"source_ids": []} == b.as_dict() | {"source_ids": []}
    assert [c.content for c, _ in claims_of(serial)] == [c.content for c, _ in claims_of(pooled)]
    serial.dispose()
    pooled.dispose()


def test_interruption_keeps_finished_documents_and_rolls_back_the_current_one(
    database: Database, tmp_path: Path
) -> None:
    paths = [write(tmp_path, f"{i}.md", FIRST.replace("Tuesday", f"day {i}")) for i in range(4)]
    seen: list[str] = []

    def interrupt_after_two(path: str) -> None:
        seen.append(path)
        if len(seen) == 2:
            raise KeyboardInterrupt

    summary = ingest_paths(database, paths, user="ana", progress=interrupt_after_two)
    assert summary.interrupted and summary.documents == 2
    resumed = ingest_paths(database, paths, user="ana")
    assert resumed.already_stored == 2 and resumed.documents == 2
    with database.session() as session:
        assert session.exec(select(func.count()).select_from(Source)).one() == 4


def test_cli_ingest_and_extract(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = db_url
    write(tmp_path, "first.md", FIRST)
    write(tmp_path, "empty.md", "")
    result = run(capsys, "--db", db, "ingest", str(tmp_path / "*.md"), "--outlet", "Wire", "--json")
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["documents"] == 1 and summary["skipped"][0]["reason"] == "empty file"
    extracted = run(capsys, "extract", str(tmp_path / "first.md"), "--json").json()
    speakers = " | ".join(a["speaker_resolved"] or "" for a in extracted["attributions"])
    assert "Jean Dupont" in speakers
    for a in extracted["attributions"]:
        assert " ".join(FIRST[s:e] for s, e in a["content_span"]) == a["content"]
    table = run(capsys, "extract", str(SEED))
    assert table.code == 0 and "Kimmitt" in table.out
    refused = run(capsys, "--db", db, "ingest", str(tmp_path / "nothing-*.md"))
    assert refused.code == 1


def test_a_run_where_every_input_was_bad_leads_with_the_errors(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "binary.txt", b"\x00\x01\x02 not text")
    result = run(
        capsys,
        "--db",
        db_url,
        "ingest",
        str(tmp_path / "missing.txt"),
        str(tmp_path / "binary.txt"),
    )
    assert result.code == 1
    assert result.out == ""  # no table of zeros
    lines = result.err.strip().splitlines()
    assert lines[0] == f"error: {tmp_path / 'missing.txt'}: no such file or folder"
    assert lines[1].startswith(f"error: {tmp_path / 'binary.txt'}: binary data")
    assert lines[-1] == "nothing was stored: 2 inputs skipped"
    # One good file among bad ones: the summary, and the bad ones named after it.
    write(tmp_path, "first.md", FIRST)
    mixed = run(
        capsys, "--db", db_url, "ingest", str(tmp_path / "first.md"), str(tmp_path / "binary.txt")
    )
    assert mixed.code == 0 and "Documents stored" in mixed.out
    assert "skipped " in mixed.err and "binary.txt" in mixed.err


def test_a_plain_text_article_is_titled_by_its_headline(database: Database, tmp_path: Path) -> None:
    headed = write(
        tmp_path,
        "harbour.txt",
        "Harbour Authority Denies Dredging Caused Fish Deaths\n\n"
        "The harbour authority said on Monday that dredging was not to blame.\n",
    )
    bare = write(
        tmp_path,
        "bare.txt",
        "The harbour authority said on Monday that dredging was not to blame for it all.\n"
        "Fishermen disputed that.\n",
    )
    ingest_paths(database, [headed, bare], user="ana")
    with database.session() as session:
        titles = {s.origin and Path(s.origin).name: s.title for s in session.exec(select(Source))}
    assert titles == {
        "harbour.txt": "Harbour Authority Denies Dredging Caused Fish Deaths",
        "bare.txt": None,  # a sentence is no headline
    }


def test_cli_extract_jsonl_writes_the_scorer_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"doc_id": "a", "text": FIRST})
        + "\n\n"
        + json.dumps({"doc_id": "b", "text": SECOND})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.jsonl"
    assert run(capsys, "extract", "--jsonl", str(corpus), "-o", str(out)).code == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["doc_id"] for x in lines] == ["a", "b"]
    texts = {"a": FIRST, "b": SECOND}
    for line in lines:
        for a in line["attributions"]:
            assert set(a) >= {
                "speaker",
                "speaker_span",
                "speaker_resolved",
                "cue",
                "cue_span",
                "content",
                "content_span",
                "type",
                "via",
            }
            for s, e in a["content_span"]:
                assert 0 <= s < e <= len(texts[line["doc_id"]])
    corpus.write_text('{"doc_id": "a", "text": "x"}\n{"doc_id": broken\n', encoding="utf-8")
    bad = run(capsys, "extract", "--jsonl", str(corpus), "-o", str(tmp_path / "p2.jsonl"))
    assert bad.code == 2 and "line 2" in bad.err
    assert not (tmp_path / "p2.jsonl").exists()
    for line, problem in [
        ('{"text": "x", "n": ' + "9" * 5_000 + "}", "a number too long"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ]:
        corpus.write_text(line + "\n", encoding="utf-8")
        bad = run(capsys, "extract", "--jsonl", str(corpus), "-o", str(tmp_path / "p2.jsonl"))
        assert bad.code == 2 and f"line 1: {problem}" in bad.err
        assert bad.err.count("\n") == 1 and not (tmp_path / "p2.jsonl").exists()


ARTICLE = """# Report {i}

Staff Writer
{day} May 2004

Officials in Basra said on day {i} that the curfew would be lifted. "We expect calm,"
Colonel Ray Hart told reporters. Residents said the streets were quiet. According to
the ministry, {i} arrests were made.
"""


def processes_marked(marker: str) -> list[int]:
    """Processes whose environment holds ``marker`` (Linux /proc): a process and every child
    it started, whatever their command lines."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in environment:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_a_consistent_database_and_a_rerun_finishes(
    tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(1000):
        write(folder, f"{i:04}.md", ARTICLE.format(i=i, day=1 + i % 28))
    script = Path(sys.executable).parent / "claims"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "claims"]
    marker = f"CLAIMS_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, "CLAIMS_DB": db_url, "CLAIMS_TEST_RUN": marker.split("=", 1)[1]}
    process = subprocess.Popen(
        [*command, "ingest", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = None
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if process.poll() is not None:
                continue
            try:  # the database or its schema may not be there yet
                database = database or open_database(db_url, upgrade=False)
                with database.session() as session:
                    stored = session.exec(select(func.count()).select_from(Source)).one()
            except Exception:
                continue
            if stored >= 100:
                break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    # Its worker processes follow it, and hold nothing open that would keep its
    # transaction alive.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and processes_marked(marker):
        time.sleep(0.2)
    assert not processes_marked(marker), "worker processes outlived the killed ingest"
    if database is not None:
        database.dispose()
    database = open_database(db_url)
    with database.session() as session:
        sources = session.exec(select(Source)).all()
        assert 100 <= len(sources) < 1000
        for source in sources:  # every stored document has all of its claims
            claims = session.exec(select(Claim).where(Claim.source_id == source.id)).all()
            assert len(claims) >= 3, source.origin
    rerun = subprocess.run(
        [*command, "ingest", str(folder), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["already_stored"] == len(sources)
    assert summary["documents"] == 1000 - len(sources)
    with database.session() as session:
        assert session.exec(select(func.count()).select_from(Source)).one() == 1000
        hashes = session.exec(select(func.count(func.distinct(Source.sha256)))).one()
        assert hashes == 1000
        per_source = session.exec(
            select(Claim.source_id, func.count()).group_by(Claim.source_id)
        ).all()
        assert len(per_source) == 1000 and len({n for _, n in per_source}) == 1
    database.dispose()


def test_a_surname_met_first_grows_to_the_full_name_met_later(
    database: Database, tmp_path: Path
) -> None:
    surname_only = write(tmp_path, "a.md", "The talks resumed. Dupont said an agenda was agreed.\n")
    full = write(tmp_path, "b.md", "Jean Dupont, the foreign minister, said the talks failed.\n")
    ingest_paths(database, [surname_only, full], user="ana")
    with database.session() as session:
        people = session.exec(select(Speaker).where(Speaker.kind == "person")).all()

        renamed = session.exec(select(AuditEntry).where(AuditEntry.field == "name")).one()
    assert [p.name for p in people] == ["Jean Dupont"]
    assert (renamed.user, renamed.speaker_id) == ("ana", people[0].id)
