"""Edited articles: a re-ingested edit becomes its source's next version, and every claim,
with its review, tags, links and event, is carried across or kept as an orphan.

Each test ingests a real article, reviews its claims, ingests an edit of it, and checks the
database: spans, status, tags, links, event and the re-anchoring audit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from claims.ingest.run import IngestSummary, Overrides, ingest_paths
from claims.review.corrections import Span, SpanKind, correct_spans
from claims.review.edits import add_tags, set_event, set_status, tags_of
from claims.review.events import add_event
from claims.review.links import link_claims, links_of
from claims.review.undo import undo_last
from claims.versions.diff import diff_versions
from claims.versions.orphans import orphans
from claims.versions.store import version_text
from db.engine import Database
from db.models import AuditEntry, Claim, EventCreate, Source, SourceVersion
from tests.cli import run

URL = "https://news.example.org/2004/05/30/najaf-cemetery"

HEAD = f"""---
title: Fighting at the Najaf cemetery
outlet: Example Wire
author: Dana Reyes
date: 2004-05-30
url: {URL}
---
"""

CEMETERY = (
    "Coalition spokesman General Mark Kimmitt said the militiamen had not heard of the "
    "ceasefire when they opened fire near the cemetery."
)
TRUCE = "A representative of Sadr said an American force had violated the truce on Sunday."
SHELLING = "The governor of Najaf said the shelling of the old city had stopped before dawn."
CALM = "Residents said the streets were quiet by the afternoon."

PARAGRAPHS = [
    "Fighting broke out again in Najaf on Sunday, days after a truce was agreed.",
    CEMETERY,
    TRUCE,
    SHELLING,
]


def article(paragraphs: list[str], separator: str = "\n\n") -> str:
    return HEAD + "\n" + separator.join(paragraphs) + "\n"


@dataclass
class Archive:
    database: Database
    folder: Path
    cemetery: int
    truce: int
    shelling: int
    event: int

    def ingest(
        self, text: str | bytes, name: str = "edit.md", **overrides: object
    ) -> IngestSummary:
        path = self.folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return ingest_paths(
            self.database,
            [path],
            user="ingest",
            overrides=Overrides(**overrides),  # type: ignore[arg-type]
        )

    def claim(self, claim_id: int) -> Claim:
        with self.database.session() as session:
            claim = session.get(Claim, claim_id)
            assert claim is not None
            return claim

    def source(self) -> Source:
        with self.database.session() as session:
            return session.exec(select(Source)).one()

    def audit(self, claim_id: int, action: str) -> list[dict[str, Any]]:
        from claims.archive.audit import decode

        with self.database.session() as session:
            entries = session.exec(
                select(AuditEntry)
                .where(AuditEntry.claim_id == claim_id, AuditEntry.action == action)
                .order_by(col(AuditEntry.id))
            ).all()
            return [{"old": decode(e.old_value), "new": decode(e.new_value)} for e in entries]

    def count(self, model: type) -> int:
        with self.database.session() as session:
            return session.exec(select(func.count()).select_from(model)).one()

    def assert_review_kept(self, claim_id: int) -> None:
        """The review the fixture made is still on the claim."""
        with self.database.session() as session:
            claim = session.get_one(Claim, claim_id)
            expected_status = {self.cemetery: "disputed", self.truce: "verified"}
            assert claim.status == expected_status.get(claim_id, "unreviewed")
            assert tags_of(session, claim_id) == (["najaf"] if claim_id != self.shelling else [])
            assert claim.event_id == self.event
            if claim_id in (self.cemetery, self.truce):
                other = self.truce if claim_id == self.cemetery else self.cemetery
                assert [view.other.id for view in links_of(session, claim_id)] == [other]
            if claim_id == self.cemetery:
                assert claim.note == "compare with the CPA briefing"


def _find(session: Session, words: str) -> int:
    found = session.exec(select(Claim).where(col(Claim.content).contains(words))).all()
    assert len(found) == 1, [c.content for c in session.exec(select(Claim)).all()]
    assert found[0].id is not None
    return found[0].id


@pytest.fixture
def archive(database: Database, tmp_path: Path) -> Archive:
    (tmp_path / "v1.md").write_text(article(PARAGRAPHS), encoding="utf-8")
    first = ingest_paths(database, [tmp_path / "v1.md"], user="ingest")
    assert first.documents == 1
    with database.session(write=True) as session:
        cemetery = _find(session, "militiamen had not heard")
        truce = _find(session, "violated the truce")
        shelling = _find(session, "shelling of the old city")
        event = add_event(session, EventCreate(name="Najaf cemetery clash"))
        assert event.id is not None
        set_status(session, cemetery, "disputed", user="ana", note="compare with the CPA briefing")
        set_status(session, truce, "verified", user="ana")
        for claim_id in (cemetery, truce, shelling):
            set_event(session, claim_id, event.id, user="ana")
        for claim_id in (cemetery, truce):
            add_tags(session, claim_id, ["najaf"], user="ana")
        link_claims(session, cemetery, truce, "contradicts", user="ana")
    return Archive(database, tmp_path, cemetery, truce, shelling, event.id)


def _says(archive: Archive, claim_id: int) -> str:
    """The current source text at the claim's offsets."""
    claim, source = archive.claim(claim_id), archive.source()
    assert claim.span_start is not None and claim.span_end is not None
    return source.text[claim.span_start : claim.span_end]


def test_a_paragraph_inserted_above_shifts_every_claim_and_keeps_its_review(
    archive: Archive,
) -> None:
    before = {cid: archive.claim(cid) for cid in (archive.cemetery, archive.truce)}
    correction = "Correction: an earlier version of this article misstated the date of the truce."
    summary = archive.ingest(article([correction, *PARAGRAPHS]))
    assert (summary.documents, summary.new_versions, summary.orphaned) == (0, 1, 0)
    assert summary.reanchored == 3 and summary.changed == 0
    source = archive.source()
    assert source.version == 2 and archive.count(Source) == 1
    assert archive.count(SourceVersion) == 1
    for claim_id, old in before.items():
        claim = archive.claim(claim_id)
        assert claim.anchor_version == 2 and claim.changed_in_version is None
        assert claim.content == old.content
        assert claim.span_start == (old.span_start or 0) + len(correction) + 2
        assert _says(archive, claim_id) == old.content
        # The speaker moved with the claim.
        assert claim.speaker_start is not None and claim.speaker_end is not None
        assert source.text[claim.speaker_start : claim.speaker_end] == old.speaker_mention
        [entry] = archive.audit(claim_id, "reanchor")
        assert entry["new"]["method"] == "quote" and entry["new"]["score"] == 100.0
        assert entry["old"]["version"] == 1 and entry["new"]["version"] == 2
        archive.assert_review_kept(claim_id)
    # The correction paragraph is no attribution, and nothing carried was extracted again.
    assert summary.claims == 0
    assert archive.count(Claim) == 3


def test_a_changed_word_inside_a_quote_is_found_fuzzily_and_marked_as_changed(
    archive: Archive,
) -> None:
    edited = CEMETERY.replace("had not heard", "had never heard")
    summary = archive.ingest(article([PARAGRAPHS[0], edited, TRUCE, SHELLING]))
    assert (summary.new_versions, summary.changed, summary.orphaned) == (1, 1, 0)
    claim = archive.claim(archive.cemetery)
    assert "had never heard of the ceasefire" in claim.content
    assert _says(archive, archive.cemetery) == claim.content
    assert claim.changed_in_version == 2 and claim.anchor_version == 2
    [entry] = archive.audit(archive.cemetery, "reanchor")
    assert entry["new"]["method"] == "fuzzy"
    assert 80 <= entry["new"]["score"] < 100
    assert "had not heard" in entry["old"]["text"]
    archive.assert_review_kept(archive.cemetery)
    # The edited words are the carried claim, not a new one.
    assert archive.count(Claim) == 3


def test_a_removed_quote_is_kept_as_an_orphan_of_the_old_version(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = archive.ingest(article([PARAGRAPHS[0], CEMETERY, SHELLING, CALM]))
    assert (summary.new_versions, summary.orphaned, summary.reanchored) == (1, 1, 2)
    orphan = archive.claim(archive.truce)
    assert orphan.anchor_version == 1
    archive.assert_review_kept(archive.truce)
    with archive.database.session() as session:
        old_text = version_text(session, orphan.source_id or 0, 1)
        assert old_text[orphan.span_start : orphan.span_end] == orphan.content
        [listed] = orphans(session)
    assert listed.claim_id == archive.truce and listed.current_version == 2
    assert listed.score < 80
    [entry] = archive.audit(archive.truce, "orphan")
    assert entry["new"]["method"] == "orphan" and entry["new"]["version"] == 2
    # The new paragraph's attribution is a new claim.
    assert summary.claims == 1 and archive.count(Claim) == 4
    url = archive.database.url
    shown = run(capsys, "--db", url, "orphans")
    assert shown.code == 0 and f"{archive.truce}" in shown.out and "v1 of 2" in shown.out
    detail = run(capsys, "--db", url, "show", str(archive.truce))
    assert "orphan: on version 1 of 2" in detail.out
    # Its context still comes from the version it is anchored to.
    assert "violated the truce" in detail.out
    counts = run(capsys, "--db", url, "db", "info", "--json").json()["counts"]
    assert (counts["earlier versions"], counts["orphans"]) == (1, 1)
    report = run(capsys, "--db", url, "report", "--all", "--format", "md")
    assert "Version 2 of the source no longer says this, after it was reviewed" in report.out


def test_a_cut_quote_is_not_carried_onto_a_like_one_left_in_the_text(
    database: Database, tmp_path: Path
) -> None:
    like = "A spokesman for the governor said an American force had violated the truce on Saturday."
    (tmp_path / "v1.md").write_text(article([*PARAGRAPHS, like]), encoding="utf-8")
    ingest_paths(database, [tmp_path / "v1.md"], user="ingest")
    with database.session(write=True) as session:
        truce = _find(session, "violated the truce on Sunday")
        saturday = _find(session, "violated the truce on Saturday")
        set_status(session, truce, "verified", user="ana")
        add_tags(session, truce, ["najaf"], user="ana")
    archive = Archive(database, tmp_path, 0, truce, 0, 0)
    # The paragraph of Sadr's representative is cut; the governor's spokesman's stays.
    summary = archive.ingest(article([PARAGRAPHS[0], CEMETERY, SHELLING, like]))
    assert (summary.new_versions, summary.orphaned, summary.changed) == (1, 1, 0)
    orphan = archive.claim(truce)
    assert orphan.anchor_version == 1 and orphan.changed_in_version is None
    assert orphan.content == "an American force had violated the truce on Sunday"
    assert orphan.status == "verified"
    with database.session() as session:
        assert tags_of(session, truce) == ["najaf"]
        [listed] = orphans(session)
    assert listed.claim_id == truce
    [entry] = archive.audit(truce, "orphan")
    assert entry["new"]["method"] == "orphan" and entry["new"]["version"] == 2
    # The spokesman's claim is where it was said, and alone there.
    kept = archive.claim(saturday)
    assert kept.anchor_version == 2 and _says(archive, saturday) == kept.content
    assert archive.audit(truce, "reanchor") == []


def test_reordered_paragraphs_carry_every_claim_by_its_quote(archive: Archive) -> None:
    old = {
        cid: archive.claim(cid).content
        for cid in (archive.cemetery, archive.truce, archive.shelling)
    }
    summary = archive.ingest(article([PARAGRAPHS[0], SHELLING, TRUCE, CEMETERY]))
    assert (summary.reanchored, summary.changed, summary.orphaned, summary.claims) == (3, 0, 0, 0)
    for claim_id, content in old.items():
        assert _says(archive, claim_id) == content
        archive.assert_review_kept(claim_id)
    starts = [archive.claim(c).span_start or 0 for c in (archive.shelling, archive.cemetery)]
    assert starts[0] < starts[1]


def test_whitespace_and_page_breaks_do_not_change_a_claim(archive: Archive) -> None:
    rewrapped = [p.replace(" said ", "\nsaid ").replace(" the ", "  the ", 1) for p in PARAGRAPHS]
    summary = archive.ingest(article(rewrapped, separator="\n\f\n"))
    assert (summary.new_versions, summary.reanchored, summary.changed, summary.orphaned) == (
        1,
        3,
        0,
        0,
    )
    for claim_id in (archive.cemetery, archive.truce, archive.shelling):
        claim = archive.claim(claim_id)
        assert claim.changed_in_version is None
        assert " ".join(_says(archive, claim_id).split()) == " ".join(claim.content.split())
        [entry] = archive.audit(claim_id, "reanchor")
        assert entry["new"]["method"] == "quote"
        archive.assert_review_kept(claim_id)
    assert summary.claims == 0


def test_the_identical_text_again_adds_nothing(archive: Archive) -> None:
    summary = archive.ingest(article(PARAGRAPHS))
    assert (summary.documents, summary.already_stored, summary.new_versions) == (0, 1, 0)
    assert archive.source().version == 1 and archive.count(SourceVersion) == 0
    assert archive.count(Claim) == 3 and not archive.audit(archive.cemetery, "reanchor")
    # An old version ingested again is recognised too.
    archive.ingest(article([CALM, *PARAGRAPHS]))
    again = archive.ingest(article(PARAGRAPHS), name="old-again.md")
    assert (again.already_stored, again.new_versions) == (1, 0)
    assert archive.source().version == 2


def test_an_edit_is_matched_by_source_id_or_by_outlet_and_title(archive: Archive) -> None:
    no_url = article([CALM, *PARAGRAPHS]).replace(f"url: {URL}\n", "")
    by_title = archive.ingest(no_url)
    assert by_title.new_versions == 1 and archive.source().version == 2
    elsewhere = "# Something else entirely\n\n" + "\n\n".join([*PARAGRAPHS[1:], CALM]) + "\n"
    by_id = archive.ingest(elsewhere, name="other.md", source_id=archive.source().id)
    assert by_id.new_versions == 1 and archive.source().version == 3
    assert archive.claim(archive.cemetery).anchor_version == 3


@pytest.mark.parametrize(
    ("replacement", "reason"),
    [(b"", "empty"), (b"%PDF-1.7\n\x00\x01binary", "PDF"), (b"\x00\x01\x02" * 200, "binary")],
)
def test_a_binary_or_empty_replacement_leaves_the_old_version_untouched(
    archive: Archive, replacement: bytes, reason: str
) -> None:
    before = archive.source()
    summary = archive.ingest(replacement, source_id=before.id)
    assert summary.new_versions == 0 and len(summary.skipped) == 1
    assert reason.lower() in summary.skipped[0][1].lower()
    after = archive.source()
    assert (after.text, after.version, after.sha256) == (before.text, 1, before.sha256)
    assert archive.count(SourceVersion) == 0 and not archive.audit(archive.cemetery, "reanchor")


def test_a_version_in_another_encoding_is_read_as_the_same_words(archive: Archive) -> None:
    same = article(PARAGRAPHS).encode("cp1252")
    assert archive.ingest(same, name="latin.md").already_stored == 1
    edited = article([*PARAGRAPHS, "Le préfet a déclaré que la ville était calme."])
    summary = archive.ingest(edited.encode("cp1252"), name="latin-edit.md")
    assert summary.new_versions == 1
    assert "préfet" in archive.source().text
    assert archive.count(SourceVersion) == 1


def test_claims_diff_shows_the_text_changes_and_each_claims_fate(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = CEMETERY.replace("had not heard", "had never heard")
    archive.ingest(article(["Updated at noon.", PARAGRAPHS[0], edited, SHELLING]))
    with archive.database.session() as session:
        result = diff_versions(session, archive.source().id or 0)
    fates = {c.claim_id: c.what for c in result.claims}
    assert fates == {
        archive.cemetery: "changed",
        archive.truce: "orphaned",
        archive.shelling: "moved",
    }
    assert "+Updated at noon." in result.lines
    assert any(line.startswith("-A representative of Sadr") for line in result.lines)
    shown = run(capsys, "--db", archive.database.url, "diff", str(archive.source().id))
    assert shown.code == 0 and "orphaned" in shown.out and "changed" in shown.out
    one = run(capsys, "--db", archive.database.url, "diff", str(archive.source().id), "1", "3")
    assert one.code == 2 and "1 to 2" in one.err


def test_review_before_a_new_version_can_still_be_undone(archive: Archive) -> None:
    archive.ingest(article([CALM, *PARAGRAPHS]))
    # The fixture's review was one change: statuses, event, tags and the link.
    with archive.database.session(write=True) as session:
        result = undo_last(session, user="ana")
    assert result.claim_ids == sorted([archive.cemetery, archive.truce, archive.shelling])
    with archive.database.session() as session:
        for claim_id in result.claim_ids:
            claim = session.get_one(Claim, claim_id)
            assert (claim.status, claim.event_id, claim.anchor_version) == ("unreviewed", None, 2)
            assert tags_of(session, claim_id) == [] and links_of(session, claim_id) == []


def test_an_orphan_is_placed_by_hand_on_the_new_version(archive: Archive) -> None:
    rewritten = "A representative of Sadr said US troops broke the agreement on Sunday."
    archive.ingest(article([PARAGRAPHS[0], CEMETERY, rewritten, SHELLING]))
    assert archive.claim(archive.truce).anchor_version == 1
    text = archive.source().text
    start = text.index("US troops")
    span = Span(start, text.index(" on Sunday", start))
    with archive.database.session(write=True) as session:
        correct_spans(session, archive.truce, {SpanKind.CONTENT: span}, user="ana")
    claim = archive.claim(archive.truce)
    assert claim.anchor_version == 2 and claim.content == "US troops broke the agreement"
    assert claim.changed_in_version == 2
    assert claim.speaker_start is not None
    assert text[claim.speaker_start : claim.speaker_end] == "A representative of Sadr"
    with archive.database.session() as session:
        assert orphans(session) == []
    [entry] = archive.audit(archive.truce, "reanchor")
    assert entry["new"]["method"] == "hand"
    archive.assert_review_kept(archive.truce)


def test_edited_words_are_what_search_finds_and_orphans_teach_no_model(archive: Archive) -> None:
    from claims.learning.examples import training_examples
    from claims.search.claims import ClaimQuery, search_claims

    edited = CEMETERY.replace("had not heard", "had never heard")
    archive.ingest(article([PARAGRAPHS[0], edited, SHELLING]))
    with archive.database.session() as session:
        found = search_claims(session, ClaimQuery(text="never heard ceasefire"))
        assert [hit.claim.id for hit in found.hits] == [archive.cemetery]
        examples = {e.claim_id: e for e in training_examples(session)}
    # The reviewed orphan's offsets point into version 1: it is no example for version 2.
    assert set(examples) == {archive.cemetery}
    example = examples[archive.cemetery]
    assert (
        example.text[example.content[0] : example.content[1]]
        == archive.claim(archive.cemetery).content
    )


def test_two_ingests_of_the_same_edit_at_once_store_one_version(archive: Archive) -> None:
    import threading

    from claims.ingest.run import prepare, store_prepared

    edit = archive.folder / "same-edit.md"
    edit.write_text(article([CALM, *PARAGRAPHS]), encoding="utf-8")
    prepared = prepare(str(edit))
    first_holds, results = threading.Event(), {}

    def ingest(name: str, hold: bool) -> None:
        summary = IngestSummary()
        with archive.database.session(write=True) as session:
            store_prepared(session, prepared, summary, user=name)
            if hold:
                first_holds.set()
                threading.Event().wait(0.5)  # the other ingest arrives meanwhile
        results[name] = summary

    first = threading.Thread(target=ingest, args=("first", True))
    first.start()
    assert first_holds.wait(10)
    second = threading.Thread(target=ingest, args=("second", False))
    second.start()
    first.join(20)
    second.join(20)
    assert results["first"].new_versions == 1
    assert (results["second"].new_versions, results["second"].already_stored) == (0, 1)
    assert archive.source().version == 2 and archive.count(SourceVersion) == 1
    assert len(archive.audit(archive.cemetery, "reanchor")) == 1
