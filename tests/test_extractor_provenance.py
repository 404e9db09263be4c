"""Which extractor found each claim: extract and ingest use the active model or the rules,
say which, and every stored claim records it, through migrations and bundles."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from claims import __version__
from claims.browse.details import claim_detail
from claims.exports.bundle import import_bundle, parse_bundle, write_bundle
from claims.ingest import run as ingest_module
from claims.ingest.paths import collect_paths
from claims.ingest.run import ingest_paths
from claims.learning.gold import read_gold
from claims.learning.store import (
    choose_extractor,
    load_model,
    rules_extractor,
    save_model,
    use_model,
)
from db import migrations
from db.engine import Database, make_engine, open_database
from db.models import Claim
from tests.cli import run
from tests.conftest import REPO

SEED_TEXT = REPO / "fixtures" / "seed" / "000_21a3966b35e6bf93.txt"
SEED_GOLD = REPO / "fixtures" / "extraction" / "seed.gold.jsonl"

ARTICLE = """# Talks stall in Geneva

Foreign Minister Jean Dupont said on Tuesday that the talks would resume next week.
"We are not giving up," Dupont told reporters. A senior official said the mood was grim.
"""


@pytest.fixture
def news_model() -> str:
    """A model trained on the seed, stored as news-v1 and made active."""
    from claims.learning.model import train_model

    save_model(train_model(read_gold(SEED_GOLD)), name="news")
    use_model("news")
    return "news-v1"


def found_by(database: Database) -> set[tuple[str | None, str | None]]:
    with database.session() as session:
        return {(c.extractor, c.extractor_version) for c in session.exec(select(Claim))}


def test_ingest_records_the_rules_without_a_model(database: Database) -> None:
    summary = ingest_paths(database, [SEED_TEXT], user="ana")
    assert summary.claims > 0
    assert found_by(database) == {("rules", __version__)}
    with database.session() as session:
        found = claim_detail(session, 1).found_by
    assert found is not None and found.startswith(f"rules {__version__} (")


def test_ingest_uses_the_active_model_and_says_so(
    news_model: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run(capsys, "--db", db_url, "ingest", str(SEED_TEXT), "--json")
    assert result.code == 0, result.err
    assert "extracted with model news-v1" in result.err
    ruled = run(capsys, "--db", db_url, "ingest", "--rules", str(article))
    assert ruled.code == 0 and "extracted with rules" in ruled.err
    database = open_database(db_url)
    try:
        assert found_by(database) == {("model", news_model), ("rules", __version__)}
        with database.session() as session:
            claim = session.exec(select(Claim).where(Claim.extractor == "model")).first()
        assert claim is not None
        shown = run(capsys, "--db", db_url, "show", str(claim.id), "--json")
        assert shown.code == 0
        assert "news-v1" in shown.out
        with database.session() as session:
            assert claim.id is not None
            found = claim_detail(session, claim.id).found_by
        assert found is not None and found.startswith("model news-v1")
        exported = run(capsys, "--db", db_url, "export", "--format", "csv")
        assert exported.code == 0, exported.err
        rows = list(csv.DictReader(io.StringIO(exported.out)))
        assert {(r["extractor"], r["extractor_version"]) for r in rows} == {
            ("model", news_model),
            ("rules", __version__),
        }
    finally:
        database.dispose()


def test_a_broken_active_model_warns_and_falls_back_to_rules(
    news_model: str, isolated_home: Path, database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = isolated_home / "models" / "news-v1.ctm"
    path.write_bytes(path.read_bytes()[:-1])
    result = run(capsys, "extract", str(SEED_TEXT), "--json")
    assert result.code == 0
    assert "warning: the active model cannot be used" in result.err
    assert "extracting with rules" in result.err
    assert result.json()["attributions"] == rules_json(SEED_TEXT.read_text(encoding="utf-8"))


def test_extract_uses_the_model_unless_told_rules(
    news_model: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    by_model = [a.to_json() for a in load_model("news").extract(text)]
    assert by_model != rules_json(text)
    with_model = run(capsys, "extract", str(SEED_TEXT), "--json")
    assert "extracting with model news-v1" in with_model.err
    assert [_core(a) for a in with_model.json()["attributions"]] == by_model
    with_rules = run(capsys, "extract", "--rules", str(SEED_TEXT), "--json")
    assert "extracting with rules" in with_rules.err
    assert with_rules.json()["attributions"] == rules_json(text)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"doc_id": "d", "text": text}) + "\n")
    out = tmp_path / "pred.jsonl"
    assert run(capsys, "extract", "--jsonl", str(corpus), "-o", str(out)).code == 0
    (line,) = out.read_text().splitlines()
    assert json.loads(line)["attributions"] == by_model


def _core(row: dict[str, object]) -> dict[str, object]:
    """An ``extract --json`` row without the fields it adds to the prediction format."""
    return {k: v for k, v in row.items() if k not in ("via_span", "mention")}


def rules_json(text: str) -> list[dict[str, object]]:
    """The rules' attributions of ``text`` as ``extract --json`` prints them."""
    from claims.cli.ingest_commands import _attribution_rows
    from claims.extraction import extract

    return _attribution_rows(text, extract(text))


def test_a_worker_loads_the_model_once(news_model: str, tmp_path: Path) -> None:
    import pickle

    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    sent = pickle.loads(pickle.dumps(choose_extractor()))  # as a spawned worker receives it
    assert sent._model is None
    try:
        ingest_module._start_worker(os.getppid(), sent)
        loaded = sent._model
        assert loaded is not None
        for _ in range(3):
            prepared = ingest_module.prepare(str(article))
            assert prepared.extractor == "model" and prepared.extractor_version == news_model
        assert sent._model is loaded
    finally:
        ingest_module._worker_extractor = None


def test_pooled_ingest_with_a_model_matches_serial(
    news_model: str, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(ingest_module.POOL_THRESHOLD + 2):
        (folder / f"{i:02}.md").write_text(ARTICLE.replace("Tuesday", f"day {i}"))
    files = collect_paths([str(folder)])[0]
    serial = open_database(str(tmp_path / "serial.db"))
    pooled = open_database(db_url)
    try:
        extractor = choose_extractor()
        a = ingest_paths(serial, files, user="ana", workers=1, extractor=extractor)
        b = ingest_paths(pooled, files, user="ana", workers=2, extractor=extractor)
        assert a.claims == b.claims
        assert found_by(pooled) == found_by(serial) == {("model", news_model)}
    finally:
        serial.dispose()
        pooled.dispose()


def test_bundles_keep_the_extractor(database: Database, new_db_url: Callable[[], str]) -> None:
    ingest_paths(database, [SEED_TEXT], user="ana", extractor=rules_extractor())
    out = io.StringIO()
    with database.session() as session:
        write_bundle(session, out)
    first = out.getvalue()
    assert all(c["extractor"] == "rules" for c in json.loads(first)["claims"])
    target = open_database(new_db_url())
    try:
        with target.session(write=True) as session:
            import_bundle(session, parse_bundle(first))
        assert found_by(target) == {("rules", __version__)}
        # A bundle written before claims recorded their extractor still imports.
        old = json.loads(first)
        for claim in old["claims"]:
            del claim["extractor"], claim["extractor_version"]
        other = open_database(new_db_url())
        with other.session(write=True) as session:
            import_bundle(session, parse_bundle(json.dumps(old)))
        assert found_by(other) == {(None, None)}
        other.dispose()
    finally:
        target.dispose()


def test_migration_marks_claims_the_rules_found(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrations.upgrade(engine, "0004")
        with engine.begin() as connection:
            for i, rule in enumerate(["said-after", "hand", None], 1):
                connection.execute(
                    sa.text(
                        "INSERT INTO claim (id, content, quote_type, status, created_at, "
                        "updated_at, version, rule) VALUES (:id, 'x', 'indirect', 'unreviewed', "
                        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, :rule)"
                    ),
                    {"id": i, "rule": rule},
                )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT id, extractor, extractor_version FROM claim ORDER BY id"
            ).all()
        assert [tuple(r) for r in rows] == [(1, "rules", None), (2, None, None), (3, None, None)]
    finally:
        engine.dispose()
