"""Exports to the formats of the field: each format's required fields, selectors that point at
the right text, CSV that round-trips hostile content, and files written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from claims.archive.store import add_claim, add_source
from claims.exports import ExportOptions, write_export
from claims.exports.aif import illocution_id, locution_id, proposition_id
from claims.exports.atomic import write_atomically
from claims.exports.bundle import import_bundle, parse_bundle, write_bundle
from claims.exports.table import COLUMNS
from claims.review.edits import add_tags, set_status
from claims.review.links import link_claims
from claims.suggestions.decisions import reject_suggestion
from db.engine import Database, open_database
from db.errors import InvalidValueError
from db.models import Claim, ClaimCreate, Source, SourceCreate
from tests.cli import run

BASE = "https://factcheck.example/najaf.html"


def export(database: Database, fmt: str, **options: Any) -> str:
    out = io.StringIO(newline="")
    with database.session() as session:
        write_export(session, fmt, out, ExportOptions(**options))
    return out.getvalue()


def source_texts(database: Database) -> dict[str, str]:
    """Each source's text by the IRI the annotations name it by."""
    from claims.exports.annotations import source_iri

    with database.session() as session:
        return {source_iri(s): s.text for s in session.exec(select(Source))}


HOSTILE = 'He said, "=HYPERLINK(""http://x"")"\r\nthen\n-2+3 @SUM(A1)\t\x1b[31m; é 🧨 ,,,'


def _hostile_claim(database: Database) -> int:
    with database.session(write=True) as session:
        text = f"Intro 🧨 text. The mayor said {HOSTILE} and left.\n\nMore."
        source, _ = add_source(session, SourceCreate(text=text, outlet='Daily "Post", Ltd'))
        claim = add_claim(
            session,
            ClaimCreate(content=HOSTILE, source_id=source.id, cue="said"),
            user="ana",
            speaker_name="=cmd|' /C calc'!A0",
        )
        assert claim.id is not None
        set_status(session, claim.id, "false", user="ana", note='@note, with "quotes"\nand lines')
        add_tags(session, claim.id, ["=tag", "plain"], user="ana")
        return claim.id


def test_default_export_is_the_bundle_and_json_is_the_same(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db_url, "demo").code == 0
    plain = run(capsys, "--db", db_url, "export")
    as_json = run(capsys, "--db", db_url, "export", "--format", "json")
    assert plain.code == 0 and plain.out == as_json.out
    assert json.loads(plain.out)["format"] == "claimtrack-bundle"
    target = tmp_path / "out" / "archive.json"
    target.parent.mkdir()
    written = run(capsys, "--db", db_url, "export", "-o", str(target))
    assert written.code == 0 and "exported 13 claims, 1 sources" in written.err
    assert target.read_text(encoding="utf-8") == plain.out


def test_csv_has_one_row_per_claim_with_attribution_status_and_tags(seeded: Database) -> None:
    rows = list(csv.DictReader(io.StringIO(export(seeded, "csv"), newline="")))
    assert len(rows) == 13 and list(rows[0]) == COLUMNS
    shibani = next(r for r in rows if r["id"] == "10")
    assert shibani["speaker"] == "Ahmed Shibani" and shibani["via"] == "Los Angeles Times"
    assert shibani["attribution"].startswith("Sheik Ahmed Shibani, told the Los Angeles Times")
    kimmitt = next(r for r in rows if r["id"] == "5")
    assert kimmitt["status"] == "disputed" and kimmitt["reviewed_by"] == "seed"
    assert kimmitt["tags"].split() == ["ceasefire", "cemetery-clash", "najaf"]
    assert kimmitt["outlet"] == "World Socialist Web Site" and kimmitt["published"] == "2004-06-01"


def test_csv_round_trips_hostile_content(database: Database) -> None:
    claim_id = _hostile_claim(database)
    text = export(database, "csv")
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["id"] == str(claim_id)
    assert row["content"] == HOSTILE
    assert row["speaker"] == "=cmd|' /C calc'!A0"
    assert row["note"] == '@note, with "quotes"\nand lines'
    assert row["outlet"] == 'Daily "Post", Ltd'
    assert row["tags"] == "=tag plain"
    safe = list(csv.DictReader(io.StringIO(export(database, "csv", spreadsheet_safe=True))))[0]
    assert safe["speaker"] == "'=cmd|' /C calc'!A0" and safe["note"].startswith("'@note")
    assert safe["tags"] == "'=tag plain" and safe["content"] == HOSTILE  # "He said" is text


def test_claimreview_has_the_required_fields_for_reviewed_claims_only(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        set_status(session, 6, "unverifiable", user="ana", note="No independent account")
        set_status(session, 10, "false", user="bo")
    reviews = json.loads(export(seeded, "claimreview", base_url=BASE, publisher="Desk"))
    by_url = {r["url"]: r for r in reviews}
    assert set(by_url) == {f"{BASE}#claim-{i}" for i in (5, 6, 10)}
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"]
        assert review["reviewRating"]["@type"] == "Rating"
        assert review["reviewRating"]["alternateName"]
        assert review["author"] == {"@type": "Organization", "name": "Desk"}
        assert len(review["datePublished"]) == 10
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"]
        assert item["datePublished"] == "2004-06-01"
        assert item["appearance"]["publisher"]["name"] == "World Socialist Web Site"
    kimmitt = by_url[f"{BASE}#claim-5"]
    assert kimmitt["claimReviewed"].startswith("that those responsible were militiamen")
    assert kimmitt["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Mark Kimmitt",
        "jobTitle": "CPA spokesman",
        "affiliation": {"@type": "Organization", "name": "Coalition Provisional Authority"},
    }
    rating = kimmitt["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("Disputed", 3)
    assert (rating["bestRating"], rating["worstRating"]) == (4, 1)
    unverifiable = by_url[f"{BASE}#claim-6"]["reviewRating"]
    assert unverifiable == {
        "@type": "Rating",
        "alternateName": "Unverifiable",
        "ratingExplanation": "No independent account",
    }
    shibani = by_url[f"{BASE}#claim-10"]
    assert shibani["itemReviewed"]["firstAppearance"]["publisher"]["name"] == "Los Angeles Times"
    templated = json.loads(export(seeded, "claimreview", base_url="https://x.example/c/{id}"))
    assert {r["url"] for r in templated} == {f"https://x.example/c/{i}" for i in (5, 6, 10)}
    assert {r["author"]["name"] for r in templated} == {"seed", "ana", "bo"}


def test_claimreview_needs_a_web_address(seeded: Database) -> None:
    for bad in (None, "", "ftp://x", "javascript:alert(1)"):
        with pytest.raises(InvalidValueError, match="--base-url"):
            export(seeded, "claimreview", base_url=bad)


def _annotations(text: str) -> list[dict[str, Any]]:
    data = json.loads(text)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["id"].startswith("urn:uuid:")
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert data["total"] == len(page["items"])
    items: list[dict[str, Any]] = page["items"]
    return items


def _check_selectors(item: dict[str, Any], texts: dict[str, str]) -> str:
    assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
    target = item["target"]
    text = texts[target["source"]]
    quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
    position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
    start, end = position["start"], position["end"]
    assert quote["exact"] == text[start:end]
    assert text[:start].endswith(quote["prefix"]) and quote["prefix"]
    assert text[end:].startswith(quote["suffix"])
    exact: str = quote["exact"]
    return exact


def test_annotations_point_at_the_right_text(seeded: Database) -> None:
    items = _annotations(export(seeded, "annotations"))
    texts = source_texts(seeded)
    assert len(items) == 13
    exacts = [_check_selectors(item, texts) for item in items]
    with seeded.session() as session:
        contents = [c.content for c in session.exec(select(Claim).order_by(Claim.id))]
    assert exacts == contents
    kimmitt = items[4]
    purposes = {b["purpose"]: b["value"] for b in kimmitt["body"] if b["purpose"] != "tagging"}
    assert purposes["assessing"] == "disputed"
    assert purposes["describing"].startswith("CPA spokesman General Mark Kimmitt claimed")
    assert {b["value"] for b in kimmitt["body"] if b["purpose"] == "tagging"} == {
        "ceasefire",
        "cemetery-clash",
        "najaf",
    }
    assert kimmitt["target"]["source"].startswith("ni:///sha-256;")
    # The same archive exported twice names its annotations the same way.
    assert [i["id"] for i in _annotations(export(seeded, "annotations"))] == [
        i["id"] for i in items
    ]


def test_annotation_offsets_count_code_points_past_emoji(database: Database) -> None:
    _hostile_claim(database)
    with database.session(write=True) as session:
        add_claim(session, ClaimCreate(content="A claim nowhere in particular"), user="ana")
    (item,) = _annotations(export(database, "annotations"))
    assert _check_selectors(item, source_texts(database)) == HOSTILE


def test_aif_graph_is_whole_and_maps_each_relation(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        link_claims(session, 9, 3, "supports", user="ana")
        link_claims(session, 2, 3, "duplicate", user="ana")
    data = json.loads(export(seeded, "aif"))
    assert set(data) >= {"nodes", "edges", "locutions", "participants"}
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    assert len(nodes) == len(data["nodes"]), "node ids are unique"
    for node in data["nodes"]:
        assert isinstance(node["nodeID"], str) and node["type"] and "text" in node
    for edge in data["edges"]:
        assert edge["fromID"] in nodes and edge["toID"] in nodes
    assert sum(1 for n in data["nodes"] if n["type"] == "I") == 13
    edges = {(e["fromID"], e["toID"]) for e in data["edges"]}

    def scheme_between(a: int, b: int) -> str:
        (middle,) = [
            x
            for (x_from, x) in edges
            if x_from == proposition_id(a) and (x, proposition_id(b)) in edges
        ]
        return str(nodes[middle]["type"])

    assert scheme_between(5, 6) == "CA" and scheme_between(1, 3) == "CA"
    assert scheme_between(9, 3) == "RA" and scheme_between(2, 3) == "MA"
    assert "elaborates" not in json.dumps(data)  # 4 elaborates 3 has no AIF counterpart
    # Each claim is said: L-node --YA--> I-node, the L-node spoken by a participant.
    people = {p["participantID"]: p for p in data["participants"]}
    locutions = {loc["nodeID"]: loc["personID"] for loc in data["locutions"]}
    for claim_id in range(1, 14):
        assert (locution_id(claim_id), illocution_id(claim_id)) in edges
        assert (illocution_id(claim_id), proposition_id(claim_id)) in edges
        assert nodes[locution_id(claim_id)]["type"] == "L"
        assert nodes[illocution_id(claim_id)]["type"] == "YA"
        assert locutions[locution_id(claim_id)] in people
    kimmitt = people[locutions[locution_id(5)]]
    assert (kimmitt["firstname"], kimmitt["surname"]) == ("Mark", "Kimmitt")
    assert nodes[locution_id(5)]["text"].startswith("Mark Kimmitt: that those responsible")


def test_the_bundle_keeps_rejections(seeded: Database, new_db_url: Callable[[], str]) -> None:
    with seeded.session(write=True) as session:
        reject_suggestion(session, 1, 9, "contradicts", user="ana", reason="other question")
    first = io.StringIO()
    with seeded.session() as session:
        write_bundle(session, first)
    assert json.loads(first.getvalue())["rejections"][0]["reason"] == "other question"
    target = open_database(new_db_url())
    try:
        with target.session(write=True) as session:
            import_bundle(session, parse_bundle(first.getvalue()))
        again = io.StringIO()
        with target.session() as session:
            write_bundle(session, again)
        assert again.getvalue() == first.getvalue()
        with target.session(write=True) as session:
            summary = import_bundle(session, parse_bundle(first.getvalue()))
        assert summary.existing["rejections"] == 1 and "rejections" not in summary.added
    finally:
        target.dispose()


def test_export_command_writes_every_format_whole(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db_url, "demo").code == 0
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("csv", "annotations", "aif"):
        target = out / f"seed.{fmt}"
        done = run(capsys, "--db", db_url, "export", "--format", fmt, "-o", str(target))
        assert done.code == 0, done.err
        assert f"as {fmt} to" in done.err and target.stat().st_size > 1000
    review = out / "reviews.json"
    refused = run(capsys, "--db", db_url, "export", "-f", "claimreview", "-o", str(review))
    assert refused.code == 2 and "--base-url" in refused.err
    made = run(capsys, "--db", db_url, "export", "-f", "claimreview", "--base-url", BASE)
    assert made.code == 0 and json.loads(made.out)[0]["url"] == f"{BASE}#claim-5"
    unknown = run(capsys, "--db", db_url, "export", "--format", "xml")
    assert unknown.code == 2 and "valid: json, csv" in unknown.err
    assert sorted(p.name for p in out.iterdir()) == ["seed.aif", "seed.annotations", "seed.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("the old report", encoding="utf-8")
    with pytest.raises(RuntimeError), write_atomically(target) as out:
        out.write("half a new")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    with write_atomically(target) as out:
        out.write("the new report")
    assert target.read_text(encoding="utf-8") == "the new report"
    # A new file gets the permissions any new file would, not the temporary file's 0600.
    fresh = tmp_path / "shared.html"
    with write_atomically(fresh) as out:
        out.write("<p>")
    mask = os.umask(0o022)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask
