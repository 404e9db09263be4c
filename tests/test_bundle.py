"""The JSON bundle: lossless round trips, merging imports, and refusing broken files whole."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import func, select

from claims.archive.store import add_claim
from claims.exports.bundle import export_bundle, import_bundle, parse_bundle, write_bundle
from claims.ingest.demo import seed_bundle_path
from claims.review.edits import add_tags, set_status
from claims.review.undo import undo_last
from db.engine import Database, open_database
from db.errors import BundleError
from db.models import AuditEntry, Claim, ClaimCreate, ClaimLink, Source, Speaker


def dump(database: Database) -> str:
    out = io.StringIO()
    with database.session() as session:
        write_bundle(session, out)
    return out.getvalue()


def counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            m.__name__: session.exec(select(func.count()).select_from(m)).one()
            for m in (Source, Speaker, Claim, ClaimLink, AuditEntry)
        }


def test_streamed_bundle_is_the_same_json_as_the_whole(seeded: Database) -> None:
    streamed = json.loads(dump(seeded))
    with seeded.session() as session:
        whole = export_bundle(session)
    assert streamed == whole
    assert len(whole["claims"]) == 13


def test_export_import_into_empty_export_again_is_identical(
    seeded: Database, new_db_url: Callable[[], str]
) -> None:
    first = dump(seeded)
    target = open_database(new_db_url())
    with target.session(write=True) as session:
        summary = import_bundle(session, parse_bundle(first))
    assert summary.added["claims"] == 13 and not summary.existing
    assert dump(target) == first
    target.dispose()


def test_round_trip_across_backends(seeded: Database, postgres_url: str) -> None:
    first = dump(seeded)
    target = open_database(postgres_url)
    try:
        with target.session(write=True) as session:
            import_bundle(session, parse_bundle(first))
        assert dump(target) == first
        # New rows after an id-keeping import get fresh ids (the sequences moved on).
        with target.session(write=True) as session:
            set_status(session, 1, "verified", user="ana")
        assert counts(target)["AuditEntry"] == len(json.loads(first)["audit"]) + 1
    finally:
        target.dispose()


def test_importing_twice_adds_nothing(seeded: Database) -> None:
    before = counts(seeded)
    bundle = parse_bundle(dump(seeded))
    with seeded.session(write=True) as session:
        summary = import_bundle(session, bundle)
    assert summary.added == {}
    assert summary.existing["claims"] == 13
    assert counts(seeded) == before


def test_import_merges_into_a_database_with_other_data(database: Database) -> None:
    with database.session(write=True) as session:
        session.add(Speaker(name="Someone Else", kind="person"))
        session.add(Source(text="another document", sha256="0" * 64))
    bundle = parse_bundle(seed_bundle_path().read_text(encoding="utf-8"))
    with database.session(write=True) as session:
        import_bundle(session, bundle)
    with database.session() as session:
        kimmitt = session.exec(select(Speaker).where(Speaker.name == "Mark Kimmitt")).one()
        claim = session.exec(select(Claim).where(Claim.speaker_id == kimmitt.id)).one()
        source = session.get(Source, claim.source_id)
        assert source is not None and "Kimmitt" in source.text
        links = session.exec(select(ClaimLink)).all()
        assert len(links) == 5
        assert all(session.get(Claim, x.claim_id) for x in links)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "claimtrack-bundle", "version": 1, "claims": [', r"line 1, column \d+"),
        ("[1, 2]", "a bundle is a JSON object"),
        ('{"format": "other", "version": 1}', "not a claimtrack bundle"),
        ('{"format": "claimtrack-bundle", "version": 99}', "bundle version 99"),
        (
            '{"format": "claimtrack-bundle", "version": 1, "claims": [{"id": 1, "content": "x",'
            ' "quote_type": "sarcastic", "created_at": "2024-01-01T00:00:00Z",'
            ' "updated_at": "2024-01-01T00:00:00Z"}]}',
            r"claims\[0\]\.quote_type",
        ),
        (
            '{"format": "claimtrack-bundle", "version": 1, "claims": [{"id": 1, "content": "x",'
            ' "speaker_id": 7, "created_at": "2024-01-01T00:00:00Z",'
            ' "updated_at": "2024-01-01T00:00:00Z"}]}',
            r"claims\[0\]\.speaker_id: no record with id 7",
        ),
    ],
)
def test_broken_bundles_are_refused_naming_where(text: str, expected: str) -> None:
    with pytest.raises(BundleError, match=expected):
        parse_bundle(text, "broken.json")


def test_truncated_seed_is_refused_and_nothing_is_written(database: Database) -> None:
    raw = seed_bundle_path().read_text(encoding="utf-8")
    before = counts(database)
    for cut in (len(raw) // 3, len(raw) - 10):
        with pytest.raises(BundleError, match=r"cut\.json: line \d+, column \d+"):
            parse_bundle(raw[:cut], "cut.json")
    assert counts(database) == before


def test_tampered_source_text_is_refused() -> None:
    data = json.loads(seed_bundle_path().read_text(encoding="utf-8"))
    data["sources"][0]["text"] += " (edited)"
    with pytest.raises(BundleError, match=r"sources\[0\]\.sha256"):
        parse_bundle(json.dumps(data), "tampered.json")


def test_export_during_writes_is_a_consistent_snapshot(seeded: Database) -> None:
    from claims.archive.store import add_claim, add_source
    from claims.exports.bundle import iter_records
    from claims.review.links import link_claims
    from db.models import ClaimCreate, SourceCreate

    records: list[tuple[str, dict[str, object]]] = []
    with seeded.session(snapshot=True) as reading:
        stream = iter_records(reading)
        records.append(next(stream))  # the export has begun: the sources are being read
        with seeded.session(write=True) as writing:
            source, _ = add_source(writing, SourceCreate(text="A later report."))
            later = add_claim(
                writing,
                ClaimCreate(content="A later report.", source_id=source.id),
                user="bo",
                speaker_name="Mark Kimmitt",
            )
            assert later.id is not None
            link_claims(writing, later.id, 5, "supports", user="bo")
            set_status(writing, 6, "false", user="bo")
        records.extend(stream)
    bundle: dict[str, list[object]] = {}
    for section, record in records:
        bundle.setdefault(section, []).append(record)
    exported = parse_bundle(json.dumps({"format": "claimtrack-bundle", "version": 1, **bundle}))
    assert len(exported.claims) == 13 and len(exported.sources) == 1
    assert len(exported.links) == 5
    assert {c.id: c.status for c in exported.claims}[6] == "unreviewed"
    assert counts(seeded)["Claim"] == 14


def test_change_groups_and_undos_survive_an_import_that_renumbers(
    seeded: Database, tmp_path: Path
) -> None:
    with seeded.session(write=True) as session:
        set_status(session, 6, "false", user="ana", note="no patrol came")
    with seeded.session(write=True) as session:
        add_tags(session, 6, ["kimmitt"], user="ana")
    with seeded.session(write=True) as session:
        undo_last(session, user="ana")
    target = open_database(str(tmp_path / "busy.db"))
    try:
        with target.session(write=True) as session:  # audit ids 1.. are taken here
            add_claim(session, ClaimCreate(content="Something else entirely."), user="zed")
            add_claim(session, ClaimCreate(content="And another thing."), user="zed")
        with target.session(write=True) as session:
            import_bundle(session, parse_bundle(dump(seeded)))
        with target.session(write=True) as session:
            result = undo_last(session, user="ana")
        # The tagging stays undone; the review before it is undone as one change, on the
        # claim's new id.
        assert re.fullmatch(
            r"cleared claim (\d+)'s note; put claim \1's status back to unreviewed",
            result.description,
        )
        assert result.claim_ids != [6]
    finally:
        target.dispose()
