"""The workbench: the front end's only way into the archive, one transaction per call."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from claims.browse.workbench import Workbench
from claims.review.edits import set_status
from db.engine import Database
from db.models import AuditEntry, Claim


def _status(session: Session, claim_id: int) -> str:
    return session.exec(select(Claim.status).where(Claim.id == claim_id)).one()


def test_write_commits_and_is_audited_under_the_reviewers_name(seeded: Database) -> None:
    bench = Workbench(seeded, "alice")
    bench.write(set_status, 6, "disputed", user=bench.user)
    assert bench.read(_status, 6) == "disputed"
    entries = bench.read(lambda s: s.exec(select(AuditEntry).where(AuditEntry.claim_id == 6)).all())
    assert [e.user for e in entries if e.field == "status"][-1] == "alice"


def test_a_failed_write_leaves_nothing_behind(seeded: Database) -> None:
    bench = Workbench(seeded, "alice")
    before = bench.read(_status, 5)

    def half_then_fail(session: Session) -> None:
        set_status(session, 5, "false", user="alice")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        bench.write(half_then_fail)
    assert bench.read(_status, 5) == before
