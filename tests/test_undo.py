"""Undo, on SQLite and PostgreSQL: each kind of review action is put back exactly, through
the audited functions, step by step, and never over someone else's later work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, col, select

from claims.archive.store import add_claim
from claims.browse.workbench import Workbench
from claims.review.edits import (
    add_tags,
    remove_tags,
    set_event,
    set_note,
    set_speaker,
    set_status,
    tags_of,
)
from claims.review.links import link_claims, unlink_claims
from claims.review.undo import UndoResult, last_change, undo_change, undo_last
from claims.speakers.merge import merge_speakers
from db.engine import Database
from db.errors import ConflictError, InvalidValueError, NotFoundError
from db.models import AuditEntry, Claim, ClaimCreate, ClaimLink
from tests.cli import run


def snapshot(session: Session) -> dict[str, Any]:
    """Everything a review action can change, for every claim, in comparable form."""
    claims = {
        c.id: (c.status, c.note, c.event_id, c.speaker_id, tuple(tags_of(session, c.id or 0)))
        for c in session.exec(select(Claim).order_by(col(Claim.id)))
    }
    links = sorted(
        (link.relation, link.claim_id, link.other_id, link.note)
        for link in session.exec(select(ClaimLink))
    )
    return {"claims": claims, "links": links}


def act(seeded: Database, fn: Callable[..., Any], *args: Any, user: str = "ana", **kw: Any) -> Any:
    """One user action: one write transaction, as the command line and the workbench make."""
    return Workbench(seeded, user).write(fn, *args, user=user, **kw)


ACTIONS: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], str]] = {
    "status and note": (
        set_status,
        (6, "disputed"),
        {"note": "Kimmitt's account differs"},
        "put claim 6's status back to unreviewed",
    ),
    "note": (set_note, (5, None), {}, "put claim 5's note back to"),
    "tags added": (add_tags, (6, ["a", "b", "c"]), {}, "took tags a, b, c off claim 6"),
    "tags removed": (
        remove_tags,
        (5, ["najaf", "ceasefire"]),
        {},
        "put tags ceasefire, najaf back on claim 5",
    ),
    "link added": (
        link_claims,
        (6, 7, "supports"),
        {"note": "both blame the Americans"},
        "removed the supports link between claims 6 and 7",
    ),
    "link removed": (
        unlink_claims,
        (6, 5),
        {},
        "linked claims 5 and 6 as contradicts again",
    ),
    "event attached": (set_event, (8, 1), {}, "took claim 8 off event 1"),
    "event detached": (
        set_event,
        (6, None),
        {},
        "put claim 6 back under event 1 (Clash at the Najaf cemetery)",
    ),
    "speaker reassigned": (
        set_speaker,
        (6, 2),
        {},
        "gave claim 6 back to speaker 4 (representative of Moqtada al-Sadr)",
    ),
}


@pytest.mark.parametrize("kind", list(ACTIONS))
def test_undo_puts_each_kind_of_action_back_exactly(seeded: Database, kind: str) -> None:
    fn, args, kw, phrase = ACTIONS[kind]
    with seeded.session() as session:
        before = snapshot(session)
    act(seeded, fn, *args, **kw)
    with seeded.session() as session:
        assert snapshot(session) != before
    result = act(seeded, undo_last)
    assert isinstance(result, UndoResult)
    assert phrase in result.description
    assert set(args[:1]) <= set(result.claim_ids)
    with seeded.session() as session:
        assert snapshot(session) == before


def test_audit_trail_keeps_the_change_and_its_undo(seeded: Database) -> None:
    act(seeded, set_status, 6, "false", note="no patrol entered the cemetery")
    result = act(seeded, undo_last)
    with seeded.session() as session:
        entries = list(
            session.exec(
                select(AuditEntry).where(AuditEntry.claim_id == 6).order_by(col(AuditEntry.id))
            )
        )
        claim = session.get(Claim, 6)
    change = [e for e in entries if e.change_id == result.change_id]
    undo = [e for e in entries if e.change_id == result.undo_id]
    assert [(e.field, e.user, e.undoes) for e in change] == [
        ("status", "ana", None),
        ("note", "ana", None),
    ]
    assert sorted((e.field, e.undoes) for e in undo) == [
        ("note", result.change_id),
        ("status", result.change_id),
    ]
    assert {e.old_value for e in undo} == {'"false"', '"no patrol entered the cemetery"'}
    assert claim is not None and claim.version == 6  # seeded at 3, +1 change, +2 undo steps
    assert result.description == ("cleared claim 6's note; put claim 6's status back to unreviewed")


def test_two_undos_step_back_twice_and_then_there_is_nothing(seeded: Database) -> None:
    with seeded.session() as session:
        start = snapshot(session)
    act(seeded, set_status, 6, "verified")
    with seeded.session() as session:
        middle = snapshot(session)
    act(seeded, add_tags, 6, ["kimmitt"])
    first = act(seeded, undo_last)
    with seeded.session() as session:
        assert snapshot(session) == middle
    second = act(seeded, undo_last)
    with seeded.session() as session:
        assert snapshot(session) == start
    assert "took tag kimmitt off claim 6" in first.description
    assert "status back to unreviewed" in second.description
    with pytest.raises(NotFoundError, match="nothing to undo"):
        act(seeded, undo_last)
    with pytest.raises(InvalidValueError, match="already undone"):
        act(seeded, undo_change, first.change_id)
    with pytest.raises(InvalidValueError, match="itself an undo"):
        act(seeded, undo_change, first.undo_id)


def test_nothing_to_undo_for_a_user_with_no_changes(seeded: Database) -> None:
    with pytest.raises(NotFoundError, match="nothing to undo"):
        act(seeded, undo_last, user="nobody")
    with seeded.session() as session:
        assert last_change(session, user="nobody") is None


def test_undo_is_per_user(seeded: Database) -> None:
    act(seeded, set_status, 6, "verified", user="ana")
    act(seeded, set_status, 5, "false", user="ben")
    result = act(seeded, undo_last, user="ana")
    assert result.claim_ids == [6]
    with seeded.session() as session:
        six, five = session.get(Claim, 6), session.get(Claim, 5)
    assert six is not None and six.status == "unreviewed"
    assert five is not None and five.status == "false"


def test_another_users_later_change_makes_undo_refuse(seeded: Database) -> None:
    act(seeded, set_status, 6, "verified", user="ana")
    act(seeded, add_tags, 6, ["checked"], user="ben")
    with seeded.session() as session:
        before = snapshot(session)
    with pytest.raises(ConflictError, match=r"claim 6 was changed since by ben .*tags \+checked"):
        act(seeded, undo_last, user="ana")
    with seeded.session() as session:
        assert snapshot(session) == before
        assert (
            session.exec(select(AuditEntry).where(col(AuditEntry.undoes).is_not(None))).first()
            is None
        )
    # Once ben takes his change back, ana's own can be undone.
    act(seeded, undo_last, user="ben")
    act(seeded, undo_last, user="ana")
    with seeded.session() as session:
        six = session.get(Claim, 6)
    assert six is not None and six.status == "unreviewed"


def test_a_change_the_audit_trail_does_not_show_is_still_not_overwritten(
    seeded: Database,
) -> None:
    # A speaker merge moves claims without a claim-level entry; undo must still notice.
    act(seeded, set_speaker, 6, 2, user="ana")
    act(seeded, merge_speakers, 3, 2, user="ben")
    with pytest.raises(ConflictError, match="claim 6's speaker is now 3, not 2"):
        act(seeded, undo_last, user="ana")


def test_a_merge_is_undone_by_unmerging(seeded: Database) -> None:
    with seeded.session() as session:
        before = snapshot(session)
    act(seeded, merge_speakers, 2, 4)
    result = act(seeded, undo_last)
    assert result.description.startswith("unmerged speaker 4 from speaker 2 (1 claims back")
    assert result.claim_ids == [6]
    with seeded.session() as session:
        assert snapshot(session) == before


def test_an_action_that_cannot_be_undone_is_refused_by_name(seeded: Database) -> None:
    act(seeded, add_claim, ClaimCreate(content="The patrol never entered the cemetery."))
    with pytest.raises(InvalidValueError, match="adding a claim, which cannot be undone"):
        act(seeded, undo_last)


def test_cli_undo_undoes_the_last_action_and_explains_when_it_cannot(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded.url
    assert run(capsys, "--db", url, "review", "6", "--status", "false").code == 0
    done = run(capsys, "--db", url, "undo")
    assert done.code == 0, done.err
    assert done.out == "undone: put claim 6's status back to unreviewed\n"
    again = run(capsys, "--db", url, "undo")
    assert again.code == 1
    assert again.err.startswith("error: nothing to undo")
    assert run(capsys, "--db", url, "tag", "6", "[bold]x").code == 0
    as_json = run(capsys, "--db", url, "undo", "--json").json()
    assert as_json["claim_ids"] == [6]
    assert as_json["description"] == "took tag [bold]x off claim 6"
    assert run(capsys, "--db", url, "--user", "ben", "tag", "6", "y").code == 0
    assert run(capsys, "--db", url, "review", "6", "--status", "false").code == 0
    assert run(capsys, "--db", url, "--user", "ben", "tag", "6", "z").code == 0
    conflict = run(capsys, "--db", url, "undo")
    assert conflict.code == 3
    assert "claim 6 was changed since by ben" in conflict.err
    trail = run(capsys, "--db", url, "history", "6", "--json").json()
    undo_entries = [e for e in trail if e["undoes"] is not None]
    assert [(e["field"], e["old"], e["new"]) for e in undo_entries] == [
        ("status", "false", "unreviewed"),
        ("tags", ["[bold]x", "cemetery-clash", "najaf"], ["cemetery-clash", "najaf"]),
    ]
    assert all(e["change_id"] for e in trail if e["user"] != "seed")
    shown = run(capsys, "--db", url, "history", "6")
    assert "status: false → unreviewed (undoing change" in shown.out


def test_entries_from_before_change_groups_are_undone_one_at_a_time(seeded: Database) -> None:
    # The seed's audit trail was written without change groups: its review of claim 5 set
    # the status and the note in two entries, and each is undone on its own.
    first = act(seeded, undo_last, user="seed")
    with seeded.session() as session:
        five = session.get(Claim, 5)
    assert first.description == "cleared claim 5's note"
    assert five is not None and (five.status, five.note) == ("disputed", None)
    second = act(seeded, undo_last, user="seed")
    assert second.description == "put claim 5's status back to unreviewed"
