"""Suggested contrasts: the seed's rival accounts come out on top, a rejected pair never
comes back, an accepted one becomes an audited link, and candidates are blocked."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from claims.archive.store import add_claim, add_source
from claims.ingest.demo import seed_dir
from claims.ingest.run import ingest_paths
from claims.review.links import link_claims, unlink_claims
from claims.suggestions.candidates import candidate_pairs
from claims.suggestions.decisions import accept_suggestion, reject_suggestion, rejections
from claims.suggestions.features import load_facts
from claims.suggestions.scoring import score_pair, suggest
from db.engine import Database
from db.errors import InvalidValueError, NotFoundError
from db.models import (
    AuditEntry,
    Claim,
    ClaimCreate,
    ClaimLink,
    SourceCreate,
    SuggestionRejection,
)
from tests.cli import run

KIMMITT, SADR_REP = 5, 6


def _unlink_everything(database: Database) -> None:
    """The seed without its hand-made links: what the scorer would see before review."""
    with database.session(write=True) as session:
        for link in session.exec(select(ClaimLink)).all():
            unlink_claims(session, link.claim_id, link.other_id, user="tester")


def test_kimmitt_against_sadrs_representative_is_in_the_top_three(seeded: Database) -> None:
    with seeded.session() as session:
        top = suggest(session, limit=3)
    pairs = [(s.a, s.b) for s in top]
    assert (KIMMITT, SADR_REP) in pairs
    assert top[pairs.index((KIMMITT, SADR_REP))].linked == ("contradicts",)


def test_without_the_hand_made_links_it_is_still_in_the_top_three(seeded: Database) -> None:
    _unlink_everything(seeded)
    with seeded.session() as session:
        top = suggest(session, limit=3)
    pairs = [(s.a, s.b) for s in top]
    assert (KIMMITT, SADR_REP) in pairs
    found = top[pairs.index((KIMMITT, SADR_REP))]
    assert found.relation == "contradicts"
    assert 0 < found.score <= 1
    reasons = " ".join(found.reasons)
    assert "Clash at the Najaf cemetery" in reasons and "however" in reasons


def test_scores_are_ranked_and_every_suggestion_says_why(seeded: Database) -> None:
    with seeded.session() as session:
        found = suggest(session, limit=None)
    assert found, "the seed has rival accounts to find"
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    for s in found:
        assert s.a < s.b and s.reasons and s.relation in {"contradicts", "supports"}
    # The hand annotation's own links are what the scorer ranks first.
    assert (found[0].a, found[0].b) == (KIMMITT, SADR_REP)
    assert found[0].linked == ("contradicts",)


def test_open_suggestions_leave_out_linked_pairs(seeded: Database) -> None:
    with seeded.session() as session:
        everything = suggest(session, limit=None)
        open_only = suggest(session, limit=None, include_linked=False)
        linked = {link.pair for link in session.exec(select(ClaimLink))}
    assert open_only and all(s.pair not in linked and not s.linked for s in open_only)
    assert [s for s in everything if not s.linked] == open_only
    assert {s.pair for s in everything if s.linked} <= linked


def test_event_filter_keeps_to_the_event(seeded: Database) -> None:
    with seeded.session() as session:
        found = suggest(session, event_id=1, limit=None)
    assert [(s.a, s.b) for s in found] == [(KIMMITT, SADR_REP)]


def test_a_rejected_pair_is_never_proposed_again(seeded: Database) -> None:
    _unlink_everything(seeded)
    with seeded.session(write=True) as session:
        reject_suggestion(session, SADR_REP, KIMMITT, "contradicts", user="ana", reason="no")
    with seeded.session() as session:
        again = suggest(session, limit=None)
        kept = rejections(session)
    assert (KIMMITT, SADR_REP) not in [(s.a, s.b) for s in again]
    assert [(r.claim_id, r.other_id, r.relation, r.rejected_by, r.reason) for r in kept] == [
        (KIMMITT, SADR_REP, "contradicts", "ana", "no")
    ]
    with seeded.session(write=True) as session, pytest.raises(InvalidValueError, match="ana"):
        reject_suggestion(session, KIMMITT, SADR_REP, "contradicts", user="bo")


def test_rejecting_refuses_nonsense(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        with pytest.raises(InvalidValueError, match="itself"):
            reject_suggestion(session, 5, 5, "contradicts", user="ana")
        with pytest.raises(NotFoundError):
            reject_suggestion(session, 5, 999, "contradicts", user="ana")
        with pytest.raises(InvalidValueError, match="unknown relation"):
            reject_suggestion(session, 5, 6, "disagrees", user="ana")
    with seeded.session() as session:
        assert session.exec(select(SuggestionRejection)).all() == []


def test_an_accepted_suggestion_becomes_an_audited_link(seeded: Database) -> None:
    _unlink_everything(seeded)
    with seeded.session() as session:
        first = suggest(session, limit=1)[0]
    with seeded.session(write=True) as session:
        link = accept_suggestion(session, first.a, first.b, first.relation, user="ana", note="ok")
    with seeded.session() as session:
        stored = session.exec(select(ClaimLink).where(ClaimLink.id == link.id)).one()
        audited = session.exec(
            select(AuditEntry).where(
                AuditEntry.action == "link",
                AuditEntry.user == "ana",
                col(AuditEntry.claim_id).in_([first.a, first.b]),
            )
        ).all()
        after = suggest(session, limit=None, include_linked=False)
        marked = suggest(session, limit=None)
    assert (stored.claim_id, stored.other_id, stored.relation) == (first.a, first.b, first.relation)
    assert {e.claim_id for e in audited} == {first.a, first.b}
    assert first.pair not in {s.pair for s in after}
    assert [s.linked for s in marked if s.pair == first.pair] == [(first.relation,)]


def test_score_pair_agrees_with_suggest(seeded: Database) -> None:
    with seeded.session() as session:
        listed = {(s.a, s.b): s for s in suggest(session, limit=None)}
        one = score_pair(session, SADR_REP, KIMMITT)
        assert score_pair(session, 4, 13) is None
        with pytest.raises(InvalidValueError, match="itself"):
            score_pair(session, 5, 5)
    assert one is not None and one.score == listed[(KIMMITT, SADR_REP)].score


def test_candidates_are_blocked_not_all_pairs(database: Database) -> None:
    """Claims that share no event, no source neighbourhood and no rare term are never
    scored against each other."""
    with database.session(write=True) as session:
        for i in range(60):
            text = f"Report {i}. Spokesman{i} said that bridge{i} in town{i} was closed."
            source, _ = add_source(session, SourceCreate(text=text, outlet=f"Outlet {i}"))
            add_claim(
                session,
                ClaimCreate(content=f"bridge{i} in town{i} was closed", source_id=source.id),
                user="t",
                speaker_name=f"Spokesman{i}",
            )
    with database.session() as session:
        facts = load_facts(session, None)
        pairs = candidate_pairs(facts)
    assert len(facts) == 60
    # The words all sixty share ("bridge", "closed") are too common to pair on, and the
    # rest ("town7") belong to one claim each: nothing is worth scoring.
    assert pairs == set()


def test_a_shared_rare_term_makes_a_candidate(database: Database) -> None:
    with database.session(write=True) as session:
        texts = [
            "Officials said the Kalabsha dam would open on Monday.",
            "Farmers denied that the Kalabsha dam would open at all.",
            "A poet said the moon was bright over Lisbon.",
        ]
        for text in texts:
            source, _ = add_source(session, SourceCreate(text=text))
            add_claim(session, ClaimCreate(content=text, source_id=source.id), user="t")
    with database.session() as session:
        facts = load_facts(session, None)
        pairs = {(facts[i].id, facts[j].id) for i, j in candidate_pairs(facts)}
    assert pairs == {(1, 2)}


def test_cli_suggest_accept_and_reject(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db_url, "demo").code == 0
    listed = run(capsys, "--db", db_url, "suggest", "--json", "--limit", "3")
    assert listed.code == 0, listed.err
    data = listed.json()
    assert {"a", "b", "relation", "score", "reasons", "linked"} <= set(data[0])
    assert (KIMMITT, SADR_REP) in [(d["a"], d["b"]) for d in data]
    fresh = run(capsys, "--db", db_url, "suggest", "--open", "--json").json()
    assert fresh and not any(d["linked"] for d in fresh)
    assert fresh, "the seed has unlinked pairs worth proposing"
    a, b = fresh[0]["a"], fresh[0]["b"]
    rejected = run(capsys, "--db", db_url, "suggest", "reject", str(a), str(b), "--reason", "x")
    assert rejected.code == 0 and "not be suggested again" in rejected.out
    assert (a, b) not in [
        (d["a"], d["b"]) for d in run(capsys, "--db", db_url, "suggest", "--json").json()
    ]
    assert (a, b) not in [
        (d["a"], d["b"]) for d in run(capsys, "--db", db_url, "suggest", "--open", "--json").json()
    ]
    twice = run(capsys, "--db", db_url, "suggest", "reject", str(a), str(b))
    assert twice.code == 2 and "already rejected" in twice.err
    table = run(capsys, "--db", db_url, "suggest")
    assert table.code == 0 and "Why" in table.out
    if len(fresh) > 1:
        c, d = fresh[1]["a"], fresh[1]["b"]
        accepted = run(capsys, "--db", db_url, "suggest", "accept", str(c), str(d))
        assert accepted.code == 0 and fresh[1]["relation"] in accepted.out
        history = run(capsys, "--db", db_url, "history", str(c), "--json").json()
        assert history[-1]["action"] == "link"
    unrelated = run(capsys, "--db", db_url, "suggest", "accept", "4", "13")
    assert unrelated.code == 2 and "--relation" in unrelated.err
    gone = run(capsys, "--db", db_url, "suggest", "reject", "4", "999", "-r", "supports")
    assert gone.code == 1 and "no claim with id 999" in gone.err
    listed_rejections = run(capsys, "--db", db_url, "suggest", "rejected", "--json").json()
    assert [(r["claim_id"], r["other_id"]) for r in listed_rejections] == [(a, b)]


def test_linking_by_hand_also_removes_a_suggestion(seeded: Database) -> None:
    _unlink_everything(seeded)
    with seeded.session(write=True) as session:
        link_claims(session, KIMMITT, SADR_REP, "supports", user="ana")
    with seeded.session() as session:
        open_only = suggest(session, limit=None, include_linked=False)
    assert (KIMMITT, SADR_REP) not in [(s.a, s.b) for s in open_only]


def test_rival_accounts_side_by_side_need_no_event(database: Database) -> None:
    """Claims as extraction stores them, with no event and speakers without affiliations:
    one account straight after the other, set against it with "however", is enough."""
    text = (
        "The bridge at Kalabsha was closed on Monday. The governor claimed that the floods "
        "had not damaged the bridge. A local engineer, however, said that the bridge had "
        "cracked along its whole length.\n\nIn other news, the harvest was good."
    )
    with database.session(write=True) as session:
        source, _ = add_source(session, SourceCreate(text=text, outlet="Valley News"))
        for speaker, content in (
            ("The governor", "that the floods had not damaged the bridge"),
            ("A local engineer", "that the bridge had cracked along its whole length"),
        ):
            add_claim(
                session,
                ClaimCreate(content=content, source_id=source.id),
                user="t",
                speaker_name=speaker,
            )
    with database.session() as session:
        (found,) = suggest(session)
    assert (found.a, found.b, found.relation) == (1, 2, "contradicts")
    assert found.reasons[0] == "one after the other in source #1 (Valley News)"
    assert "“however” sets claim 2 against what came before" in found.reasons


def test_on_the_extracted_seed_kimmitt_and_sadrs_representative_are_in_the_top_three(
    database: Database,
) -> None:
    ingest_paths(database, [seed_dir() / "000_21a3966b35e6bf93.txt"], user="t")
    with database.session() as session:
        claims = session.exec(select(Claim)).all()
        kimmitt = next(c.id for c in claims if c.content.startswith("that those responsible"))
        sadr_rep = next(c.id for c in claims if c.content.startswith("that an American force"))
        top = suggest(session, limit=3)
    assert tuple(sorted((kimmitt, sadr_rep))) in [(s.a, s.b) for s in top]
