"""The claim store's rules, on SQLite and PostgreSQL: speakers, claims, links, review, audit."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.archive import audit
from claims.archive.store import add_claim, add_source, quote_selector
from claims.review.edits import add_tags, history, remove_tags, set_note, set_status, tags_of
from claims.review.links import link_claims, links_of, unlink_claims
from claims.speakers.registry import (
    add_alias,
    add_speaker,
    find_speakers,
    match_speaker,
    resolve_speaker,
)
from db.engine import Database
from db.errors import ConflictError, InvalidValueError, NotFoundError
from db.models import AuditEntry, Claim, ClaimCreate, ClaimLink, SourceCreate, Speaker

TEXT = (
    "The clash took place in the cemetery. CPA spokesman General Mark Kimmitt claimed that "
    "those responsible were militiamen who had not heard of the ceasefire."
)


def test_source_is_stored_once_per_text(database: Database) -> None:
    with database.session(write=True) as session:
        first, created = add_source(session, SourceCreate(text=TEXT, outlet="Wire"))
        again, created_again = add_source(session, SourceCreate(text=TEXT, outlet="Other"))
    assert created and not created_again
    assert first.id == again.id
    assert len(first.sha256) == 64


def test_claim_is_placed_in_its_source_with_selectors(database: Database) -> None:
    content = "those responsible were militiamen who had not heard of the ceasefire"
    with database.session(write=True) as session:
        source, _ = add_source(session, SourceCreate(text=TEXT))
        claim = add_claim(
            session,
            ClaimCreate(content=content, source_id=source.id, cue="claimed"),
            user="ana",
            speaker_name="CPA spokesman General Mark Kimmitt",
        )
    assert claim.span_start is not None and claim.span_end is not None
    assert TEXT[claim.span_start : claim.span_end] == content
    assert claim.span_exact == content
    assert TEXT[: claim.span_start].endswith(claim.span_prefix or "")
    assert TEXT[claim.span_end :].startswith(claim.span_suffix or "x")
    assert claim.created_by == "ana" and claim.version == 1


def test_quote_selector_refuses_span_outside_text() -> None:
    with pytest.raises(InvalidValueError, match="outside"):
        quote_selector("short", 2, 10)


def test_speakers_match_by_alias_surname_and_fuzzy_but_never_weak(database: Database) -> None:
    with database.session(write=True) as session:
        kimmitt = add_speaker(
            session, "Mark Kimmitt", kind="person", aliases=["General Mark Kimmitt"]
        )
        add_alias(session, kimmitt, "a CPA spokesman")
        assert match_speaker(session, "Gen. Mark Kimmitt").speaker.id == kimmitt.id  # type: ignore[union-attr]
        by_surname = match_speaker(session, "Kimmitt")
        assert by_surname is not None and by_surname.method == "surname"
        assert find_speakers(session, "kimit")[0].speaker.id == kimmitt.id
        assert match_speaker(session, "a CPA spokesman") is None
        assert match_speaker(session, "a spokesman") is None
        assert find_speakers(session, "spokesman") == []


def test_resolving_a_new_name_creates_a_speaker_and_a_weak_name_never_merges(
    database: Database,
) -> None:
    with database.session(write=True) as session:
        first = resolve_speaker(session, "a senior official")
        second = resolve_speaker(session, "a senior official")
        sadr = resolve_speaker(session, "Moqtada al-Sadr")
        again = resolve_speaker(session, "Sadr")
    assert first.method == second.method == "new"
    assert first.speaker.id != second.speaker.id
    assert first.speaker.kind == "anonymous"
    assert sadr.method == "new" and again.speaker.id == sadr.speaker.id


def _two_claims(database: Database) -> tuple[int, int]:
    with database.session(write=True) as session:
        a = add_claim(
            session,
            ClaimCreate(content="An American force violated the truce."),
            user="ana",
            speaker_name="Sadr's representative",
        )
        b = add_claim(
            session,
            ClaimCreate(content="The militiamen had not heard of it."),
            user="ana",
            speaker_name="Mark Kimmitt",
        )
    assert a.id is not None and b.id is not None
    return a.id, b.id


def test_links_refuse_self_and_duplicates_either_way_and_list_from_both(
    database: Database,
) -> None:
    a, b = _two_claims(database)
    with database.session(write=True) as session:
        link_claims(session, a, b, "contradicts", user="ana", note="who fired first")
    with pytest.raises(InvalidValueError, match="itself"), database.session(write=True) as s:
        link_claims(s, a, a, "supports", user="ana")
    with (
        pytest.raises(InvalidValueError, match="already linked"),
        database.session(write=True) as s,
    ):
        link_claims(s, b, a, "contradicts", user="bo")
    with (
        pytest.raises(InvalidValueError, match="valid: contradicts"),
        database.session(write=True) as s,
    ):
        link_claims(s, a, b, "refutes", user="bo")
    with database.session() as session:
        assert [v.other.id for v in links_of(session, a)] == [b]
        assert [v.other.id for v in links_of(session, b)] == [a]
        assert links_of(session, b)[0].outgoing is False
        actions = [e.action for e in history(session, b)]
    assert actions == ["create", "link"]
    with database.session(write=True) as session:
        unlink_claims(session, b, a, user="bo")
    with database.session() as session:
        assert session.exec(select(ClaimLink)).all() == []
        assert [e.action for e in history(session, a)][-1] == "unlink"


def test_database_itself_refuses_a_duplicate_link(database: Database) -> None:
    a, b = _two_claims(database)
    with database.session(write=True) as session:
        link_claims(session, a, b, "supports", user="ana")
    with pytest.raises(Exception, match="(?i)unique"), database.session(write=True) as session:
        session.add(
            ClaimLink(claim_id=b, other_id=a, relation="supports", pair=ClaimLink.pair_key(a, b))
        )
        session.flush()


def test_review_is_audited_with_old_and_new_values(database: Database) -> None:
    a, _ = _two_claims(database)
    with database.session(write=True) as session:
        set_status(session, a, "disputed", user="ana", note="Kimmitt says otherwise")
        set_note(session, a, "checked with a second source", user="bo")
        add_tags(session, a, ["Najaf", "cemetery clash"], user="bo")
        remove_tags(session, a, ["najaf"], user="ana")
    with database.session() as session:
        claim = session.get(Claim, a)
        entries = history(session, a)
        assert tags_of(session, a) == ["cemetery-clash"]
    assert claim is not None and claim.status == "disputed" and claim.version == 5
    changes = [
        (e.user, e.field, audit.decode(e.old_value), audit.decode(e.new_value)) for e in entries[1:]
    ]
    assert changes == [
        ("ana", "status", "unreviewed", "disputed"),
        ("ana", "note", None, "Kimmitt says otherwise"),
        ("bo", "note", "Kimmitt says otherwise", "checked with a second source"),
        ("bo", "tags", [], ["cemetery-clash", "najaf"]),
        ("ana", "tags", ["cemetery-clash", "najaf"], ["cemetery-clash"]),
    ]


def test_a_change_that_changes_nothing_is_not_versioned(database: Database) -> None:
    a, _ = _two_claims(database)
    with database.session(write=True) as session:
        set_status(session, a, "unreviewed", user="ana")
        add_tags(session, a, ["x"], user="ana")
        add_tags(session, a, ["x"], user="ana")
    with database.session() as session:
        claim = session.get(Claim, a)
        assert claim is not None and claim.version == 2
        assert len(session.exec(select(AuditEntry).where(AuditEntry.claim_id == a)).all()) == 2


def test_stale_write_is_refused_and_names_the_other_change(database: Database) -> None:
    a, _ = _two_claims(database)
    with database.session() as session:
        seen = session.get(Claim, a)
        assert seen is not None
        version = seen.version
    with database.session(write=True) as session:
        set_status(session, a, "verified", user="ana", expected_version=version)
    with pytest.raises(ConflictError) as refused, database.session(write=True) as session:
        set_status(session, a, "false", user="bo", expected_version=version)
    message = str(refused.value)
    assert "ana" in message and "verified" in message
    with database.session() as session:
        claim = session.get(Claim, a)
        assert claim is not None and claim.status == "verified"


def test_unknown_ids_and_values_are_refused(database: Database) -> None:
    with (
        pytest.raises(NotFoundError, match="no claim with id 42"),
        database.session(write=True) as session,
    ):
        set_status(session, 42, "verified", user="ana")
    a, _ = _two_claims(database)
    with (
        pytest.raises(InvalidValueError, match="valid: unreviewed"),
        database.session(write=True) as session,
    ):
        set_status(session, a, "bogus", user="ana")
    with database.session() as session:
        assert session.exec(select(Speaker)).all()  # earlier writes are intact
