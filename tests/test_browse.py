"""The browsing reads on the seed, on both backends: comparisons, events, documents, speakers
and open suggestions."""

from __future__ import annotations

import pytest

from claims.browse.comparisons import (
    MAX_COLUMNS,
    compare_claims,
    compare_event,
    compare_linked,
    field_value,
)
from claims.browse.views import (
    count_events,
    count_sources,
    count_speakers,
    event_rows,
    open_suggestions,
    source_rows,
    source_text,
    speaker_rows,
)
from claims.speakers.registry import add_speaker
from claims.suggestions.decisions import reject_suggestion
from db.engine import Database
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim, Source, SourceCreate


def test_compare_event_shows_both_rival_accounts_and_their_link(seeded: Database) -> None:
    with seeded.session() as session:
        comparison = compare_event(session, 1)
    ids = [e.id for e in comparison.entries]
    assert ids[:2] == [5, 6]
    assert 7 in ids  # linked to claim 5 from the ceasefire event
    assert comparison.title == "Clash at the Najaf cemetery"
    pairs = {(link.a, link.b, link.relation) for link in comparison.links}
    assert (5, 6, "contradicts") in pairs and (5, 7, "contradicts") in pairs
    assert comparison.relations_of(6) == [("contradicts", 5)]
    names = [field_value(e, "speaker") for e in comparison.entries[:2]]
    assert names == ["Mark Kimmitt", "representative of Moqtada al-Sadr"]
    assert field_value(comparison.entries[0], "role") == "CPA spokesman"
    assert {"speaker", "cue", "quote_type"} <= comparison.differing
    assert "outlet" not in comparison.differing  # one article
    first = comparison.entries[0]
    assert first.context is not None
    assert first.context.quote.startswith("that those responsible were militiamen")


def test_compare_claims_in_the_order_given_and_refuses_nothing(seeded: Database) -> None:
    with seeded.session() as session:
        comparison = compare_claims(session, [6, 5, 6])
        assert [e.id for e in comparison.entries] == [6, 5]
        assert [(lk.a, lk.b) for lk in comparison.links] == [(5, 6)]
        with pytest.raises(InvalidValueError):
            compare_claims(session, [])
        with pytest.raises(NotFoundError):
            compare_claims(session, [5, 999])


def test_compare_linked_puts_the_claim_first(seeded: Database) -> None:
    with seeded.session() as session:
        comparison = compare_linked(session, 7)
    assert [e.id for e in comparison.entries] == [7, 5]


def test_compare_cuts_at_max_columns_and_says_how_many(seeded: Database) -> None:
    with seeded.session() as session:
        comparison = compare_claims(session, list(range(1, 14)))
    assert len(comparison.entries) == MAX_COLUMNS
    assert comparison.total == 13


def test_event_rows_count_claims_speakers_and_contradictions(seeded: Database) -> None:
    with seeded.session() as session:
        rows = event_rows(session)
        assert count_events(session) == 2
        assert event_rows(session, offset=1, limit=1) == rows[1:]
    clash = next(r for r in rows if r.id == 1)
    assert (clash.claims, clash.speakers) == (2, 2)
    assert clash.contradictions == 2  # 5-6 inside the event, 5-7 reaching out of it
    ceasefire = next(r for r in rows if r.id == 2)
    assert ceasefire.claims == 5
    assert ceasefire.contradictions == 3  # 1-3, 9-10 and 5-7
    assert [r.id for r in rows] == [1, 2]  # most recent first


def test_source_rows_and_text_mark_every_claim(seeded: Database) -> None:
    with seeded.session() as session:
        rows = source_rows(session)
        assert count_sources(session) == 1
        document = source_text(session, rows[0].id)
        with pytest.raises(NotFoundError):
            source_text(session, 999)
    assert rows[0].claims == 13
    assert len(document.claims) == 13
    starts = [c.start for c in document.claims if c.start is not None]
    assert starts == sorted(starts)
    kimmitt = next(c for c in document.claims if c.id == 5)
    assert kimmitt.start is not None and kimmitt.end is not None
    assert document.text[kimmitt.start : kimmitt.end].startswith("that those responsible")


def test_source_rows_page(database: Database) -> None:
    with database.session(write=True) as session:
        from claims.archive.store import add_source

        for i in range(5):
            add_source(session, SourceCreate(text=f"document {i}", title=f"Doc {i}"))
    with database.session() as session:
        page = source_rows(session, offset=2, limit=2)
        assert [r.title for r in page] == ["Doc 2", "Doc 3"]
        assert all(r.claims == 0 for r in page)
        assert session.get(Source, page[0].id) is not None


def test_speaker_rows_browse_by_name_and_search_by_alias(seeded: Database) -> None:
    with seeded.session() as session:
        everyone = speaker_rows(session, limit=100)
        assert len(everyone) == count_speakers(session)
        assert speaker_rows(session, offset=3, limit=2) == everyone[3:5]
        found = speaker_rows(session, "kimit")
    assert found[0].name == "Mark Kimmitt"
    assert found[0].claims == 1
    assert found[0].matched is not None and found[0].score is not None
    assert any(a.alias == "Mark Kimmitt" for a in found[0].aliases)


def test_speaker_rows_leave_out_merged_speakers(database: Database) -> None:
    from claims.speakers.merge import merge_speakers

    with database.session(write=True) as session:
        keep = add_speaker(session, "Moqtada al-Sadr")
        other = add_speaker(session, "Muqtada Sadr")
        assert keep.id and other.id
        merge_speakers(session, keep.id, other.id, user="tester")
    with database.session() as session:
        rows = speaker_rows(session)
        assert [r.name for r in rows] == ["Moqtada al-Sadr"]
        assert {a.alias for a in rows[0].aliases} == {"Moqtada al-Sadr", "Muqtada Sadr"}
        assert [r.name for r in speaker_rows(session, "Muqtada")] == ["Moqtada al-Sadr"]


def test_open_suggestions_leave_out_linked_and_rejected_pairs(seeded: Database) -> None:
    with seeded.session() as session:
        rows = open_suggestions(session)
    pairs = [(r.suggestion.a, r.suggestion.b) for r in rows]
    assert (5, 6) not in pairs  # already linked
    assert (1, 9) in pairs
    row = rows[pairs.index((1, 9))]
    assert (row.a.id, row.b.id) == (1, 9)
    assert row.a.content.startswith("US demands")
    with seeded.session(write=True) as session:
        reject_suggestion(session, 1, 9, row.suggestion.relation, user="tester")
    with seeded.session() as session:
        assert (1, 9) not in [(r.suggestion.a, r.suggestion.b) for r in open_suggestions(session)]
        per_event = open_suggestions(session, event_id=2)
        with pytest.raises(NotFoundError):
            open_suggestions(session, event_id=999)
    event_claims = {2: {1, 3, 7, 9, 10}}
    for r in per_event:
        assert {r.suggestion.a, r.suggestion.b} <= event_claims[2]


def test_source_text_ignores_a_span_beyond_the_text(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        claim = session.get(Claim, 13)
        assert claim is not None
        size = len(source_text(session, 1).text)
        claim.span_start, claim.span_end = size + 5, size + 10
        session.add(claim)
    with seeded.session() as session:
        marked = next(c for c in source_text(session, 1).claims if c.id == 13)
    assert (marked.start, marked.end) == (None, None)
