"""Several reviewers at once on one database: nothing acknowledged is lost, nothing locks up.

Worker processes review, annotate, tag and link a small set of claims, so they collide all
the time. A reviewer's write carries the version they read (as the terminal UI's does); when
someone else got there first it is refused as a conflict, which is the correct outcome, not
an error. Afterwards the database is checked against every acknowledged action:

- every acknowledged review and note is in the audit trail at the version it produced, and
  no two acknowledged writes produced the same version of a claim (a lost update);
- every claim's final status and note are those of its newest audited change;
- every acknowledged tag and link is present, and audited;
- no worker saw a deadlock, a "database is locked" or any other error.

    python bench/concurrency.py --backend sqlite --workers 8 --actions 500
    python bench/concurrency.py --backend postgres --workers 8 --actions 500 [--url URL]

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlmodel import select  # noqa: E402

from claims.archive import audit  # noqa: E402
from claims.archive.store import add_claim  # noqa: E402
from claims.ingest.demo import load_seed  # noqa: E402
from claims.review.edits import add_tags, get_claim, set_note, set_status, tags_of  # noqa: E402
from claims.review.links import link_claims  # noqa: E402
from db.engine import open_database  # noqa: E402
from db.errors import ConflictError, InvalidValueError  # noqa: E402
from db.models import AuditEntry, Claim, ClaimCreate, ClaimLink  # noqa: E402

STATUSES = ["verified", "disputed", "false", "misleading", "unverifiable", "unreviewed"]
RELATIONS = ["contradicts", "supports", "same_event", "elaborates"]


def prepare(url: str, claims: int) -> list[int]:
    """Load the seed and enough extra claims; returns the ids the workers share."""
    database = open_database(url)
    with database.session(write=True) as session:
        load_seed(session)
        for i in range(max(0, claims - 13)):
            add_claim(
                session,
                ClaimCreate(content=f"Claim number {i} about the ceasefire in Najaf."),
                user="setup",
                speaker_name=f"Speaker {i % 7}",
            )
    with database.session() as session:
        ids = [c.id for c in session.exec(select(Claim).order_by(Claim.id)).all()]
    database.dispose()
    return [i for i in ids if i is not None][:claims]


def worker(args: tuple[str, int, int, list[int], int]) -> dict[str, Any]:
    """One reviewer: ``actions`` random actions; returns what was acknowledged."""
    url, number, actions, ids, seed = args
    rng = random.Random(seed * 1000 + number)
    user = f"reviewer-{number}"
    database = open_database(url)
    done: list[dict[str, Any]] = []
    conflicts = refused = 0
    errors: list[str] = []
    started = time.time()
    for i in range(actions):
        kind = rng.choice(["review", "review", "note", "tag", "link"])
        claim_id = rng.choice(ids)
        try:
            if kind in ("review", "note"):
                # Read, then write with the version read, as a reviewer's screen does.
                with database.session() as session:
                    seen = get_claim(session, claim_id).version
                with database.session(write=True) as session:
                    if kind == "review":
                        value = rng.choice(STATUSES)
                        claim = set_status(
                            session, claim_id, value, user=user, expected_version=seen
                        )
                    else:
                        value = f"note {number}.{i}"
                        claim = set_note(session, claim_id, value, user=user, expected_version=seen)
                changed = claim.version != seen
                done.append(
                    {
                        "kind": kind,
                        "claim": claim_id,
                        "value": value,
                        "version": claim.version,
                        "changed": changed,
                    }
                )
            elif kind == "tag":
                tag = rng.choice([f"w{number}-{i}", "shared", "checked", f"t{i % 5}"])
                with database.session(write=True) as session:
                    add_tags(session, claim_id, [tag], user=user)
                done.append({"kind": kind, "claim": claim_id, "value": tag})
            else:
                other = rng.choice([x for x in ids if x != claim_id])
                relation = rng.choice(RELATIONS)
                with database.session(write=True) as session:
                    link_claims(session, claim_id, other, relation, user=user)
                done.append({"kind": kind, "claim": claim_id, "other": other, "value": relation})
        except ConflictError:
            conflicts += 1
        except InvalidValueError:
            refused += 1  # an existing link: the correct answer, not an error
        except Exception as exc:  # anything else is a failure the benchmark reports
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finished = time.time()
    database.dispose()
    return {
        "done": done,
        "conflicts": conflicts,
        "refused": refused,
        "errors": errors,
        "started": started,
        "finished": finished,
    }


def verify(url: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """Check the database against every acknowledged action."""
    database = open_database(url)
    problems: list[str] = []
    lost = 0
    with database.session() as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        by_version: dict[tuple[int, int], list[AuditEntry]] = defaultdict(list)
        for entry in entries:
            if entry.claim_id is not None and entry.claim_version is not None:
                by_version[(entry.claim_id, entry.claim_version)].append(entry)
        produced: Counter[tuple[int, int]] = Counter()
        for result in results:
            for action in result["done"]:
                claim_id = action["claim"]
                if action["kind"] in ("review", "note"):
                    if not action["changed"]:
                        continue
                    key = (claim_id, action["version"])
                    produced[key] += 1
                    field = "status" if action["kind"] == "review" else "note"
                    found = [
                        e
                        for e in by_version.get(key, [])
                        if e.field == field and audit.decode(e.new_value) == action["value"]
                    ]
                    if not found:
                        lost += 1
                        problems.append(
                            f"{action['kind']} of claim {claim_id} "
                            f"v{action['version']} is not in the audit trail"
                        )
                elif action["kind"] == "tag":
                    if action["value"] not in tags_of(session, claim_id):
                        lost += 1
                        problems.append(f"tag {action['value']} missing on claim {claim_id}")
                else:
                    pair = ClaimLink.pair_key(claim_id, action["other"])
                    link = session.exec(
                        select(ClaimLink).where(
                            ClaimLink.pair == pair, ClaimLink.relation == action["value"]
                        )
                    ).first()
                    if link is None:
                        lost += 1
                        problems.append(f"link {pair} {action['value']} missing")
        lost += sum(n - 1 for n in produced.values() if n > 1)
        for claim in session.exec(select(Claim)).all():
            mine = [e for e in entries if e.claim_id == claim.id]
            versions = [e.claim_version for e in mine if e.claim_version]
            if versions and max(versions) != claim.version:
                problems.append(
                    f"claim {claim.id} is at v{claim.version}, audit says v{max(versions)}"
                )
                lost += 1
            for field in ("status", "note"):
                last = [e for e in mine if e.field == field]
                if last and audit.decode(last[-1].new_value) != getattr(claim, field):
                    problems.append(f"claim {claim.id} {field} is not its last audited value")
                    lost += 1
    database.dispose()
    return {"lost_updates": lost, "problems": problems[:10]}


def fresh_url(backend: str, base_url: str | None) -> tuple[str, Any]:
    """A new empty database for the run, and a function that removes it afterwards."""
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="claims-concurrency-")
        return f"sqlite:///{folder}/bench.db", lambda: None
    url = base_url or os.environ.get("CLAIMS_TEST_POSTGRES_URL")
    if not url:
        raise SystemExit("give --url or set CLAIMS_TEST_POSTGRES_URL for --backend postgres")
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    scoped = (
        sa.engine.make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema},public"})
        .render_as_string(hide_password=False)
    )

    def drop() -> None:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()

    return scoped, drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--actions", type=int, default=500, help="actions per worker")
    parser.add_argument("--claims", type=int, default=40, help="claims the workers share")
    parser.add_argument("--url", help="PostgreSQL URL (default: $CLAIMS_TEST_POSTGRES_URL)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    url, cleanup = fresh_url(args.backend, args.url)
    console = Console(stderr=True)
    try:
        ids = prepare(url, args.claims)
        context = multiprocessing.get_context("spawn")
        jobs = [(url, n, args.actions, ids, args.seed) for n in range(args.workers)]
        with context.Pool(args.workers) as pool:
            results = pool.map(worker, jobs)
        # From the first action of any reviewer to the last one's end: process start-up and
        # imports are not reviewing.
        elapsed = max(r["finished"] for r in results) - min(r["started"] for r in results)
        checked = verify(url, results)
    finally:
        cleanup()
    ok = sum(len(r["done"]) for r in results)
    errors = [e for r in results for e in r["errors"]]
    figures = {
        "backend": args.backend,
        "workers": args.workers,
        "actions": args.workers * args.actions,
        "actions_ok": ok,
        "conflicts": sum(r["conflicts"] for r in results),
        "refused_existing_links": sum(r["refused"] for r in results),
        "lost_updates": checked["lost_updates"],
        "errors": len(errors),
        "seconds": round(elapsed, 2),
        "actions_per_s": round((args.workers * args.actions) / elapsed, 1),
    }
    table = Table(title=f"{args.workers} reviewers on {args.backend}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    console.print(table)
    for problem in checked["problems"]:
        console.print(f"[red]{problem}")
    for error in Counter(errors).most_common(5):
        console.print(f"[red]error x{error[1]}: {error[0]}")
    print(json.dumps(figures))
    return 0 if not errors and not checked["lost_updates"] else 1


if __name__ == "__main__":
    sys.exit(main())
