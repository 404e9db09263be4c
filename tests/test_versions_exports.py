"""Source versions in the exports and the bundle: a real archive made by ingesting an article
twice, edited in between (one claim moved, one with a changed word, one whose paragraph was
cut), then exported, bundled, imported into a fresh database and compared."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, func, select

from claims.archive.store import sha256_of
from claims.exports import ExportOptions, write_export
from claims.exports.annotations import text_iri
from claims.exports.bundle import export_bundle, import_bundle, parse_bundle, write_bundle
from claims.exports.table import COLUMNS
from claims.ingest.demo import seed_bundle_path
from claims.ingest.run import ingest_paths
from claims.review.edits import set_status
from claims.versions.carrying import ORPHAN_ACTION, REANCHOR_ACTION
from claims.versions.orphans import orphans
from claims.versions.store import version_text
from db.engine import Database, open_database
from db.errors import BundleError
from db.models import AuditEntry, Claim, Source, SourceVersion
from tests.cli import run

FRONT = """---
title: Clash at the cemetery
outlet: Daily Wire Service
url: https://news.example/cemetery
---
"""
V1 = (
    FRONT
    + """Fighting broke out near the cemetery on Sunday.

General Mark Kimmitt said that the patrol came under fire from the mosque.

The governor said the city would reopen its markets on Monday.

A police spokesman said three officers were wounded in the attack.
"""
)
V2 = (
    FRONT
    + """Fighting broke out near the cemetery on Sunday, witnesses said, and went on into the night.

The governor said the city would reopen its shops on Monday.

General Mark Kimmitt said that the patrol came under fire from the mosque.
"""
)
MOVED = "the patrol came under fire from the mosque"
CHANGED = "the city would reopen its shops on Monday"
ORPHANED = "three officers were wounded in the attack"


def ingest_versions(database: Database, folder: Path) -> dict[str, int]:
    """Ingest the two versions; the ids of the moved, changed and orphaned claims."""
    for number, text in ((1, V1), (2, V2)):
        path = folder / f"cemetery-v{number}.md"
        path.write_text(text, encoding="utf-8")
        ingest_paths(database, [path], user="ana", workers=1)
    with database.session() as session:
        ids = {}
        for name, words in (("moved", MOVED), ("changed", CHANGED), ("orphan", ORPHANED)):
            claim = session.exec(select(Claim).where(col(Claim.content).contains(words))).one()
            assert claim.id is not None
            ids[name] = claim.id
    return ids


@pytest.fixture
def versioned(database: Database, tmp_path: Path) -> tuple[Database, dict[str, int]]:
    """An archive whose one source has two versions, and a claim of each kind."""
    ids = ingest_versions(database, tmp_path)
    with database.session(write=True) as session:
        set_status(session, ids["orphan"], "unverifiable", user="bo", note="cut from the story")
    return database, ids


def dump(database: Database) -> str:
    out = io.StringIO()
    with database.session() as session:
        write_bundle(session, out)
    return out.getvalue()


def snapshot(database: Database) -> dict[str, Any]:
    """Every row that versions touch, field by field, and each version's text."""
    with database.session() as session:
        texts = {
            (s.id, n): version_text(session, s.id or 0, n)
            for s in session.exec(select(Source))
            for n in range(1, s.version + 1)
        }
        return {
            "sources": [s.model_dump() for s in session.exec(select(Source).order_by(Source.id))],
            "versions": [
                v.model_dump()
                for v in session.exec(select(SourceVersion).order_by(SourceVersion.id))
            ],
            "claims": [c.model_dump() for c in session.exec(select(Claim).order_by(Claim.id))],
            "audit": [
                a.model_dump() for a in session.exec(select(AuditEntry).order_by(AuditEntry.id))
            ],
            "texts": texts,
            "orphans": orphans(session),
        }


def counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            m.__name__: session.exec(select(func.count()).select_from(m)).one()
            for m in (Source, SourceVersion, Claim, AuditEntry)
        }


def test_the_archive_has_a_claim_of_each_kind(
    versioned: tuple[Database, dict[str, int]],
) -> None:
    database, ids = versioned
    with database.session() as session:
        source = session.exec(select(Source)).one()
        assert source.version == 2
        moved, changed, orphan = (session.get_one(Claim, ids[k]) for k in ids)
        assert (moved.anchor_version, moved.changed_in_version) == (2, None)
        assert (changed.anchor_version, changed.changed_in_version) == (2, 2)
        assert (orphan.anchor_version, orphan.changed_in_version) == (1, None)
        assert orphan.extractor == "rules" and orphan.extractor_version
        actions = {
            (e.claim_id, e.action)
            for e in session.exec(select(AuditEntry))
            if e.action in (REANCHOR_ACTION, ORPHAN_ACTION)
        }
        assert actions == {
            (ids["moved"], REANCHOR_ACTION),
            (ids["changed"], REANCHOR_ACTION),
            (ids["orphan"], ORPHAN_ACTION),
        }


def test_bundle_round_trips_every_version(
    versioned: tuple[Database, dict[str, int]], new_db_url: Callable[[], str]
) -> None:
    database, _ = versioned
    first = dump(database)
    data = json.loads(first)
    assert data["version"] == 2
    assert [s["version"] for s in data["sources"]] == [2]
    (old,) = data["source_versions"]
    assert old["number"] == 1 and old["superseded_at"] and "markets" in old["text"]
    target = open_database(new_db_url())
    try:
        with target.session(write=True) as session:
            summary = import_bundle(session, parse_bundle(first))
        assert summary.added["source_versions"] == 1 and not summary.existing
        assert snapshot(target) == snapshot(database)
        assert dump(target) == first
    finally:
        target.dispose()


def test_versions_round_trip_from_sqlite_to_postgres(tmp_path: Path, postgres_url: str) -> None:
    source = open_database(str(tmp_path / "versions.db"))
    target = open_database(postgres_url)
    try:
        ingest_versions(source, tmp_path)
        first = dump(source)
        with target.session(write=True) as session:
            import_bundle(session, parse_bundle(first))
        assert snapshot(target) == snapshot(source)
        assert dump(target) == first
        # A third version after the id-keeping import gets a fresh id (the sequence moved on).
        path = tmp_path / "cemetery-v3.md"
        path.write_text(V2.replace("Sunday", "Sunday 30 May"), encoding="utf-8")
        ingest_paths(target, [path], user="ana", workers=1)
        with target.session() as session:
            numbers = [
                v.number
                for v in session.exec(select(SourceVersion).order_by(col(SourceVersion.id)))
            ]
            assert numbers == [1, 2]
            assert session.exec(select(Source)).one().version == 3
    finally:
        source.dispose()
        target.dispose()


def test_importing_the_versioned_bundle_twice_adds_nothing(
    versioned: tuple[Database, dict[str, int]],
) -> None:
    database, _ = versioned
    before = snapshot(database)
    with database.session(write=True) as session:
        summary = import_bundle(session, parse_bundle(dump(database)))
    assert summary.added == {}
    assert summary.existing["source_versions"] == 1
    assert snapshot(database) == before


def _tamper(bundle: dict[str, Any], how: str, ids: dict[str, int]) -> None:
    orphan = next(c for c in bundle["claims"] if c["id"] == ids["orphan"])
    if how == "version text edited":
        bundle["source_versions"][0]["text"] += " (edited)"
    elif how == "version dropped":
        bundle["source_versions"] = []
    elif how == "anchored to a missing version":
        orphan["anchor_version"] = 5
    elif how == "changed in a missing version":
        orphan["changed_in_version"] = 3
    elif how == "version after the current one":
        bundle["source_versions"][0]["number"] = 2
    elif how == "version twice":
        bundle["source_versions"].append(dict(bundle["source_versions"][0], id=99))
    elif how == "orphan's span beyond its version":
        orphan["span_end"] = len(bundle["source_versions"][0]["text"]) + 1


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (
            "version text edited",
            r"source_versions\[0\]\.sha256: does not match the text of version 1 of source 1",
        ),
        ("version dropped", r"sources\[0\]\.version: .*lacks its version 1"),
        (
            "anchored to a missing version",
            r"claims\[\d+\]\.anchor_version: claim \d+ is anchored to version 5 of source 1",
        ),
        ("changed in a missing version", r"claims\[\d+\]\.changed_in_version: .*no version 3"),
        ("version after the current one", r"source_versions\[0\]\.number: version 2"),
        ("version twice", r"source_versions\[1\]: a second record for version 1"),
        ("orphan's span beyond its version", r"claims\[\d+\]\.span_start: span"),
    ],
)
def test_a_corrupted_versioned_bundle_is_refused_and_nothing_is_written(
    versioned: tuple[Database, dict[str, int]],
    new_db_url: Callable[[], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    how: str,
    expected: str,
) -> None:
    database, ids = versioned
    with database.session() as session:
        bundle = export_bundle(session)
    _tamper(bundle, how, ids)
    with pytest.raises(BundleError, match=f"^tampered.json: {expected}"):
        parse_bundle(json.dumps(bundle), "tampered.json")
    # The same through `claims import`, into a fresh database that stays empty.
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    url = new_db_url()
    result = run(capsys, "--db", url, "import", str(path))
    assert result.code != 0
    assert re.search(expected, " ".join(result.err.split())), result.err
    target = open_database(url)
    try:
        assert set(counts(target).values()) == {0}
    finally:
        target.dispose()


def test_a_bundle_that_disagrees_with_the_database_on_versions_writes_nothing(
    versioned: tuple[Database, dict[str, int]], new_db_url: Callable[[], str], tmp_path: Path
) -> None:
    database, _ = versioned
    bundle = parse_bundle(dump(database))
    target = open_database(new_db_url())
    try:
        # The target holds the edited article as a first version of its own.
        path = tmp_path / "only-v2.md"
        path.write_text(V2, encoding="utf-8")
        ingest_paths(target, [path], user="zed", workers=1)
        before = counts(target)
        with (
            pytest.raises(
                BundleError, match=r"^busy\.json: source 1 of the bundle is at version 2"
            ) as refused,
            target.session(write=True) as session,
        ):
            import_bundle(session, bundle, "busy.json")
        assert "version 1 of source 1 in the database" in str(refused.value)
        assert counts(target) == before
    finally:
        target.dispose()


def test_a_bundle_from_before_versions_imports_at_version_one(database: Database) -> None:
    raw = json.loads(seed_bundle_path().read_text(encoding="utf-8"))
    assert raw["version"] == 1 and "source_versions" not in raw
    assert all("version" not in s for s in raw["sources"])
    assert all("anchor_version" not in c for c in raw["claims"])
    with database.session(write=True) as session:
        import_bundle(session, parse_bundle(json.dumps(raw)))
    with database.session() as session:
        assert {s.version for s in session.exec(select(Source))} == {1}
        assert session.exec(select(func.count()).select_from(SourceVersion)).one() == 0
        claims = session.exec(select(Claim)).all()
        assert len(claims) == len(raw["claims"])
        assert {(c.anchor_version, c.changed_in_version) for c in claims} == {(1, None)}


# --- Exports ------------------------------------------------------------------------------


def export(database: Database, fmt: str, **options: Any) -> str:
    out = io.StringIO(newline="")
    with database.session() as session:
        write_export(session, fmt, out, ExportOptions(**options))
    return out.getvalue()


def version_texts(database: Database) -> dict[str, tuple[int, str]]:
    """Each version's number and text by the Named Information URI of that text."""
    with database.session() as session:
        source = session.exec(select(Source)).one()
        assert source.id is not None
        texts = [version_text(session, source.id, n) for n in range(1, source.version + 1)]
    return {text_iri(sha256_of(t)): (n, t) for n, t in enumerate(texts, start=1)}


def check_selectors(item: dict[str, Any], texts: dict[str, tuple[int, str]]) -> tuple[int, str]:
    """The version number and quote an annotation points at, once both selectors agree with
    the text its state names."""
    target = item["target"]
    number, text = texts[target["state"]["cached"]]
    assert target["claimtrack:version"] == number
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    start, end = position["start"], position["end"]
    assert text[start:end] == quote["exact"]
    assert text[:start].endswith(quote["prefix"]) and (quote["prefix"] or start == 0)
    assert text[end:].startswith(quote["suffix"]) and (quote["suffix"] or end == len(text))
    return number, quote["exact"]


def test_annotations_point_into_the_version_each_claim_is_anchored_to(
    versioned: tuple[Database, dict[str, int]],
) -> None:
    database, ids = versioned
    items = json.loads(export(database, "annotations"))["first"]["items"]
    texts = version_texts(database)
    by_words = {
        words: item
        for item in items
        for words in (MOVED, CHANGED, ORPHANED)
        if words in item["body"][0]["value"]
    }
    assert check_selectors(by_words[MOVED], texts)[0] == 2
    assert check_selectors(by_words[CHANGED], texts)[0] == 2
    number, exact = check_selectors(by_words[ORPHANED], texts)
    assert number == 1 and ORPHANED in exact
    current = texts[by_words[MOVED]["target"]["state"]["cached"]][1]
    assert ORPHANED not in current
    with database.session() as session:
        old = session.exec(select(SourceVersion)).one()
        source = session.exec(select(Source)).one()
        orphan = session.get_one(Claim, ids["orphan"])
    orphaned = by_words[ORPHANED]["target"]
    assert orphaned["source"] == "https://news.example/cemetery"
    assert orphaned["state"] == {
        "type": "TimeState",
        "cached": text_iri(old.sha256),
        "sourceDateStart": old.ingested_at.isoformat(),
        "sourceDateEnd": old.superseded_at.isoformat(),
    }
    assert orphaned["claimtrack:orphan"] is True
    assert orphaned["claimtrack:currentVersion"] == 2
    moved = by_words[MOVED]["target"]
    assert moved["state"]["sourceDate"] == source.ingested_at.isoformat()
    assert moved["claimtrack:orphan"] is False and "claimtrack:changedInVersion" not in moved
    assert by_words[CHANGED]["target"]["claimtrack:changedInVersion"] == 2
    for item in items:
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        creator = item["body"][0]["creator"]
        assert creator["type"] == "Software"
        assert creator["claimtrack:extractor"] == "rules"
        assert creator["claimtrack:extractorVersion"] == orphan.extractor_version
    # Ids are stable: the same archive exported again names its annotations the same way.
    again = json.loads(export(database, "annotations"))["first"]["items"]
    assert [i["id"] for i in again] == [i["id"] for i in items]


def test_an_orphan_without_its_quote_is_quoted_from_its_old_version(
    versioned: tuple[Database, dict[str, int]], new_db_url: Callable[[], str]
) -> None:
    database, ids = versioned
    with database.session() as session:
        bundle = export_bundle(session)
    # A bundle written by another tool: offsets only, no quotes.
    for claim in bundle["claims"]:
        claim.update(span_exact=None, span_prefix=None, span_suffix=None)
    target = open_database(new_db_url())
    try:
        with target.session(write=True) as session:
            import_bundle(session, parse_bundle(json.dumps(bundle)))
        items = json.loads(export(target, "annotations"))["first"]["items"]
        texts = version_texts(target)
        found = {check_selectors(item, texts) for item in items}
        with target.session() as session:
            orphan = session.get_one(Claim, ids["orphan"])
        assert (1, orphan.content) in found
        assert {n for n, _ in found} == {1, 2}
    finally:
        target.dispose()


def test_csv_says_which_version_each_claim_is_in_and_what_found_it(
    versioned: tuple[Database, dict[str, int]],
) -> None:
    database, ids = versioned
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(export(database, "csv")))}
    assert list(COLUMNS[-4:]) == [
        "source_version",
        "anchor_version",
        "changed_in_version",
        "orphan",
    ]
    seen = {
        name: (
            rows[ids[name]]["source_version"],
            rows[ids[name]]["anchor_version"],
            rows[ids[name]]["changed_in_version"],
            rows[ids[name]]["orphan"],
        )
        for name in ids
    }
    assert seen == {
        "moved": ("2", "2", "", "false"),
        "changed": ("2", "2", "2", "false"),
        "orphan": ("2", "1", "", "true"),
    }
    assert {r["extractor"] for r in rows.values()} == {"rules"}
    assert all(r["extractor_version"] for r in rows.values())


def test_claimreview_names_the_version_the_claim_appeared_in(
    versioned: tuple[Database, dict[str, int]],
) -> None:
    database, ids = versioned
    with database.session(write=True) as session:
        set_status(session, ids["moved"], "verified", user="bo")
    reviews = json.loads(export(database, "claimreview", base_url="https://fc.example/r.html"))
    versions = {r["url"].rsplit("-", 1)[1]: r["itemReviewed"]["appearance"] for r in reviews}
    assert versions[str(ids["orphan"])]["version"] == 1
    assert versions[str(ids["moved"])]["version"] == 2
    assert versions[str(ids["moved"])]["url"] == "https://news.example/cemetery"
