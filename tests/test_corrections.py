"""Rejecting a claim as not a claim and correcting its spans, on SQLite and PostgreSQL: the
claim's stored text follows its offsets, every change is versioned, audited and undone, and
the reviewed claims come back as training examples."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from claims.archive import audit
from claims.archive.store import add_claim, get_source
from claims.learning.examples import training_examples
from claims.review.corrections import (
    Span,
    SpanKind,
    correct_spans,
    find_quote,
    parse_offsets,
    placed_claim,
)
from claims.review.edits import get_claim, history, set_status
from claims.review.undo import undo_last
from claims.search.claims import ClaimQuery, search_claims
from db.engine import Database
from db.errors import ConflictError, InvalidValueError
from db.models import AuditEntry, Claim, ClaimCreate, ReviewStatus
from tests.cli import run

CLAIM = 6  # Sadr's representative: "that an American force had "violated the truce…""


def source_text(session: Session, claim_id: int = CLAIM) -> str:
    claim = get_claim(session, claim_id)
    assert claim.source_id is not None
    return get_source(session, claim.source_id).text


def test_not_a_claim_is_a_status_the_database_keeps_and_search_filters_on(
    seeded: Database,
) -> None:
    with seeded.session(write=True) as session:
        claim = set_status(session, CLAIM, "not-a-claim", user="ana", note="a headline")
        assert claim.version == 4
    with seeded.session() as session:
        stored = session.exec(select(Claim.status).where(Claim.id == CLAIM)).one()
        assert stored == ReviewStatus.NOT_A_CLAIM.value == "not-a-claim"
        entry = history(session, CLAIM)[-2]
        assert (entry.user, entry.field, entry.new_value) == ("ana", "status", '"not-a-claim"')
        page = search_claims(session, ClaimQuery(status="not-a-claim"))
        assert [hit.row.claim.id for hit in page.hits] == [CLAIM]


def test_correcting_spans_moves_the_offsets_and_the_stored_text_follows(
    seeded: Database,
) -> None:
    with seeded.session() as session:
        text = source_text(session)
        before = get_claim(session, CLAIM)
        assert before.span_start is not None and before.span_end is not None
        old_content = before.content
        # The extractor took too much: keep only the first quoted part.
        start = text.index("an American force", before.span_start)
        end = text.index('Najaf"', start) + len('Najaf"')
        speaker = text.index("Sadr's representative")
    with seeded.session(write=True) as session:
        claim = correct_spans(
            session,
            CLAIM,
            {
                SpanKind.CONTENT: Span(start, end),
                SpanKind.SPEAKER: Span(speaker, speaker + len("Sadr's representative")),
            },
            user="ana",
            expected_version=3,
        )
        assert claim.version == 4
    with seeded.session() as session:
        claim = get_claim(session, CLAIM)
        assert (claim.span_start, claim.span_end) == (start, end)
        assert claim.content == text[start:end] == claim.span_exact
        assert claim.content.startswith("an American force") and claim.content.endswith('Najaf"')
        assert claim.span_prefix == text[start - 32 : start]
        assert claim.span_suffix == text[end : end + 32]
        assert claim.speaker_mention == "Sadr's representative"
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.claim_id == CLAIM, AuditEntry.action == "correct")
            .order_by(col(AuditEntry.id))
        ).all()
        # The speaker span was already right: only the content was corrected.
        assert [e.field for e in entries] == ["content_span"]
        assert entries[0].claim_version == 4 and entries[0].user == "ana"
        assert audit.decode(entries[0].old_value) == {
            "start": 2631,
            "end": 2811,
            "text": old_content,
        }
        # Full-text search follows the new content: the cut words are gone.
        assert search_claims(session, ClaimQuery(text="grenades")).total == 0
        assert [h.row.claim.id for h in search_claims(session, ClaimQuery(text="truce")).hits]


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (Span(10, 10), "is empty"),
        (Span(20, 10), "is empty"),
        (Span(-1, 10), "outside the source text"),
        (Span(0, 10**6), "outside the source text, which has"),
    ],
)
def test_a_span_outside_the_text_or_empty_is_refused_and_nothing_changes(
    seeded: Database, span: Span, message: str
) -> None:
    with seeded.session(write=True) as session, pytest.raises(InvalidValueError, match=message):
        correct_spans(session, CLAIM, {SpanKind.CONTENT: span}, user="ana")
    with seeded.session() as session:
        claim = get_claim(session, CLAIM)
        assert claim.version == 3 and claim.span_start == 2631
        assert not [e for e in history(session, CLAIM) if e.action == "correct"]


def test_whitespace_and_claims_without_a_source_are_refused(seeded: Database) -> None:
    with seeded.session() as session:
        text = source_text(session)
        gap = text.index("\n\n")
    with seeded.session(write=True) as session, pytest.raises(InvalidValueError, match="only"):
        correct_spans(session, CLAIM, {SpanKind.CUE: Span(gap, gap + 2)}, user="ana")
    with seeded.session(write=True) as session:
        loose = add_claim(session, ClaimCreate(content="a loose claim"), user="ana")
        loose_id = loose.id
    assert loose_id is not None
    with seeded.session(write=True) as session, pytest.raises(InvalidValueError, match="source"):
        correct_spans(session, loose_id, {SpanKind.CONTENT: Span(0, 3)}, user="ana")


def test_a_stale_correction_is_refused(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        set_status(session, CLAIM, "verified", user="ben")
    with seeded.session(write=True) as session, pytest.raises(ConflictError, match="ben"):
        correct_spans(
            session, CLAIM, {SpanKind.CONTENT: Span(2631, 2700)}, user="ana", expected_version=3
        )


def test_offsets_and_quotes_are_read_as_users_write_them() -> None:
    assert parse_offsets("2631:2811") == Span(2631, 2811)
    assert parse_offsets(" 3-19 ") == Span(3, 19)
    with pytest.raises(InvalidValueError, match="START:END"):
        parse_offsets("the militia")
    text = "He said no. Then he said no again."
    assert find_quote(text, "said no") == Span(3, 10)
    assert find_quote(text, "said no", near=20) == Span(20, 27)
    with pytest.raises(InvalidValueError, match="does not occur"):
        find_quote(text, "yes")


def test_undo_puts_a_correction_back_exactly(seeded: Database) -> None:
    with seeded.session() as session:
        before = get_claim(session, CLAIM).model_dump()
    with seeded.session(write=True) as session:
        correct_spans(
            session,
            CLAIM,
            {SpanKind.CONTENT: Span(2650, 2700), SpanKind.CUE: Span(2612, 2620)},
            user="ana",
        )
    with seeded.session(write=True) as session:
        result = undo_last(session, user="ana")
        assert "content span back" in result.description
        assert "cue span back to" in result.description
    with seeded.session() as session:
        after = get_claim(session, CLAIM).model_dump()
        for field in ("content", "span_start", "span_end", "span_exact", "span_prefix"):
            assert after[field] == before[field], field
        assert (after["cue"], after["cue_start"]) == (before["cue"], before["cue_start"])
        assert after["version"] > before["version"] + 1  # the correction, then its undo
        # A correction that was undone no longer makes the claim a corrected one.
        assert [e.claim_id for e in training_examples(session) if e.corrected] == []


def test_undo_of_a_correction_is_refused_after_another_change(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        correct_spans(session, CLAIM, {SpanKind.CONTENT: Span(2650, 2700)}, user="ana")
    with seeded.session(write=True) as session:
        correct_spans(session, CLAIM, {SpanKind.CONTENT: Span(2650, 2710)}, user="ben")
    with seeded.session(write=True) as session, pytest.raises(ConflictError, match="ben"):
        undo_last(session, user="ana")


def test_reviewed_claims_come_back_as_training_examples(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claims.learning.examples._BATCH", 2)  # read across several batches
    with seeded.session() as session:
        already = {
            c.id: c.status for c in session.exec(select(Claim).where(Claim.status != "unreviewed"))
        }
        text = source_text(session)
    assert CLAIM not in already and 7 not in already and 8 not in already
    with seeded.session(write=True) as session:
        set_status(session, 7, "not-a-claim", user="ana")
        correct_spans(session, CLAIM, {SpanKind.SPEAKER: Span(2590, 2611)}, user="ana")
        correct_spans(session, CLAIM, {SpanKind.CONTENT: Span(2631, 2700)}, user="ana")
        set_status(session, 8, "verified", user="ana")
    with seeded.session() as session:
        examples = {e.claim_id: e for e in training_examples(session)}
        claims = {c.id: c for c in session.exec(select(Claim))}
    assert set(examples) == set(already) | {CLAIM, 7, 8}
    corrected = examples[CLAIM]
    assert corrected.positive and corrected.corrected and corrected.status == "unreviewed"
    assert corrected.content == (2631, 2700)
    assert corrected.speaker == (claims[CLAIM].speaker_start, claims[CLAIM].speaker_end)
    assert corrected.text == text
    assert text[slice(*corrected.content)] == claims[CLAIM].content
    rejected = examples[7]
    assert not rejected.positive and not rejected.corrected and rejected.status == "not-a-claim"
    kept = examples[8]
    assert kept.positive and not kept.corrected
    assert kept.cue == (claims[8].cue_start, claims[8].cue_end)
    for claim_id, status in already.items():
        assert examples[claim_id].positive and examples[claim_id].status == status
    # Every example shares its document's one string.
    assert len({id(e.text) for e in examples.values()}) == 1


def test_placed_claim_reads_the_spans_and_text_a_correction_starts_from(
    seeded: Database,
) -> None:
    with seeded.session() as session:
        placed = placed_claim(session, CLAIM)
        claim = get_claim(session, CLAIM)
    assert placed.version == claim.version
    span = placed.spans[SpanKind.CONTENT]
    assert span is not None and placed.text[span.start : span.end] == claim.content


def test_cli_rejects_as_not_a_claim_and_corrects_spans(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded.url
    rejected = run(capsys, "--db", url, "review", "7", "--not-a-claim")
    assert rejected.code == 0, rejected.err
    assert rejected.out.startswith("claim 7 is now not-a-claim")
    assert run(capsys, "--db", url, "review", "8", "--status", "not-a-claim").code == 0
    clash = run(capsys, "--db", url, "review", "8", "--not-a-claim", "--status", "verified")
    assert clash.code == 2 and "say different things" in clash.err
    neither = run(capsys, "--db", url, "review", "8")
    assert neither.code == 2 and "--not-a-claim" in neither.err

    done = run(
        capsys,
        "--db",
        url,
        "correct",
        str(CLAIM),
        "--content",
        "2631:2700",
        "--speaker-text",
        "Sadr's representative",
        "--json",
    )
    assert done.code == 0, done.err
    body = done.json()
    assert body["content"]["start"] == 2631 and body["content"]["end"] == 2700
    assert body["speaker"]["text"] == "Sadr's representative"
    with seeded.session() as session:
        claim = get_claim(session, CLAIM)
        assert (claim.span_start, claim.span_end) == (2631, 2700)
        assert claim.content == source_text(session)[2631:2700]
        statuses = {c.id: c.status for c in session.exec(select(Claim).where(col(Claim.id) > 6))}
        assert statuses[7] == statuses[8] == "not-a-claim"

    outside = run(capsys, "--db", url, "correct", str(CLAIM), "--content", "2631:999999")
    assert outside.code == 2 and "outside the source text" in outside.err
    empty = run(capsys, "--db", url, "correct", str(CLAIM), "--speaker", "40:40")
    assert empty.code == 2 and "is empty" in empty.err
    missing = run(capsys, "--db", url, "correct", str(CLAIM), "--cue-text", "no such words")
    assert missing.code == 2 and "does not occur" in missing.err
    nothing = run(capsys, "--db", url, "correct", str(CLAIM))
    assert nothing.code == 2 and "nothing to correct" in nothing.err

    shown = run(capsys, "--db", url, "history", str(CLAIM))
    assert "content span corrected: 2631–2811" in shown.out
    undone = run(capsys, "--db", url, "undo")
    assert undone.code == 0, undone.err
    assert undone.out.startswith("undone: put claim 6's content span back to")
    with seeded.session() as session:
        assert (get_claim(session, CLAIM).span_start, get_claim(session, CLAIM).span_end) == (
            2631,
            2811,
        )
    assert run(capsys, "--db", url, "undo").out.startswith("undone: put claim 8's status")


def test_the_migration_widens_the_status_constraint_and_keeps_the_archive(
    seeded: Database,
) -> None:
    from alembic import command

    from db import migrations

    config = migrations.alembic_config(seeded.engine)
    with seeded.session(write=True) as session:
        set_status(session, CLAIM, "not-a-claim", user="ana")
    command.downgrade(config, "0005")
    with seeded.engine.connect() as connection:
        assert (
            connection.exec_driver_sql(f"SELECT status FROM claim WHERE id = {CLAIM}").scalar_one()
            == "unreviewed"
        )
    with pytest.raises(sa.exc.IntegrityError), seeded.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE claim SET status = 'not-a-claim' WHERE id = {CLAIM}")
    command.upgrade(config, "head")
    assert migrations.current_revision(seeded.engine) == migrations.HEAD
    with seeded.session(write=True) as session:
        set_status(session, CLAIM, "not-a-claim", user="ana")
        # The claim table, its foreign keys and its full-text index came through intact.
        correct_spans(session, CLAIM, {SpanKind.CONTENT: Span(2631, 2700)}, user="ana")
    with seeded.session() as session:
        assert get_claim(session, CLAIM).status == "not-a-claim"
        assert search_claims(session, ClaimQuery(text="grenades")).total == 0
        assert search_claims(session, ClaimQuery(text="truce")).total == 2
        if seeded.engine.dialect.name == "sqlite":
            connection = session.connection()
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_a_claim_that_is_not_a_claim_gets_no_published_fact_check(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded.url
    assert run(capsys, "--db", url, "review", "7", "--not-a-claim").code == 0
    assert run(capsys, "--db", url, "review", "8", "--status", "verified").code == 0
    exported = run(
        capsys,
        "--db",
        url,
        "export",
        "--format",
        "claimreview",
        "--base-url",
        "https://example.org/report.html",
    )
    assert exported.code == 0, exported.err
    urls = {review["url"] for review in exported.json()}
    assert "https://example.org/report.html#claim-8" in urls
    assert "https://example.org/report.html#claim-7" not in urls
