"""Loading speakers and claims by the thousand: for ingest, imports and archive migrations.

``add_speaker`` and ``add_claim`` cost a few ORM round trips each; at archive scale that is
most of the time. These functions check each row in Python and insert whole batches with
one ``executemany`` (SQLAlchemy Core), inside the caller's transaction, so a load is all or
nothing and Ctrl-C leaves the database as it was. The search indexes need no rebuild: the
SQLite triggers (or PostgreSQL's generated column) index each row as it goes in.

A load is audited as one entry ("bulk-load": how many rows, by whom), not one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from claims.archive import audit
from claims.extraction.names import alias_keys, is_weak_alias
from claims.speakers.registry import guess_kind, parse_kind
from db.errors import InvalidValueError
from db.models import (
    Claim,
    ClaimBase,
    ClaimCreate,
    QuoteType,
    ReviewStatus,
    Speaker,
    SpeakerAlias,
    SpeakerCreate,
    utcnow,
)

#: Rows per executemany.
BATCH = 5000

#: The claim fields a loaded row may set.
CLAIM_FIELDS = frozenset(ClaimBase.model_fields) | {"status", "note", "created_by"}
_QUOTE_TYPES = frozenset(q.value for q in QuoteType)
_STATUSES = frozenset(s.value for s in ReviewStatus)

#: A load adding at least this share of a table's rows rewrites its FTS5 index in one piece.
OPTIMISE_SHARE = 0.1

Progress = Callable[[int], None]
"""Called after each batch with how many rows that batch held."""


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def settle_text_index(session: Session, table: str, added: int) -> bool:
    """After a bulk load into ``table``, merge its SQLite FTS5 index into one segment when
    the load was a large part of it; returns whether it did.

    Rows loaded in one transaction leave FTS5 with many small index segments, and every
    lookup visits each of them (snippets of a page cost ten times more). FTS5 merges them
    a little on every later write; rewriting the index at once is cheaper when the load was
    large. PostgreSQL's GIN indexes need nothing of the kind.
    """
    if session.get_bind().dialect.name != "sqlite" or added <= 0:
        return False
    index = {"claim": "claim_fts", "speaker_alias": "speaker_alias_fts"}[table]
    connection = session.connection()
    total = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
    if added < OPTIMISE_SHARE * total:
        return False
    connection.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('optimize')")
    return True


def claim_values(row: Mapping[str, Any] | ClaimCreate, index: int, user: str) -> dict[str, Any]:
    """The column values of one loaded claim, with defaults; ``index`` names it in errors.

    Raises:
        InvalidValueError: An unknown field, empty content, or an invalid quote type or status.
    """
    data = row.model_dump(exclude_unset=True) if isinstance(row, ClaimCreate) else dict(row)
    unknown = data.keys() - CLAIM_FIELDS
    if unknown:
        raise InvalidValueError(f"claim row {index}: unknown field {sorted(unknown)[0]!r}")
    content = data.get("content")
    if not isinstance(content, str) or not content.strip():
        raise InvalidValueError(f"claim row {index}: content: a claim needs content")
    data["content"] = content.strip()
    quote_type = data.setdefault("quote_type", QuoteType.INDIRECT.value)
    if quote_type not in _QUOTE_TYPES:
        raise InvalidValueError(
            f"claim row {index}: quote_type: {quote_type!r} is not one of {sorted(_QUOTE_TYPES)}"
        )
    status = data.setdefault("status", ReviewStatus.UNREVIEWED.value)
    if status not in _STATUSES:
        raise InvalidValueError(
            f"claim row {index}: status: {status!r} is not one of {sorted(_STATUSES)}"
        )
    data.setdefault("created_by", user)
    return data


def load_claims(
    session: Session,
    rows: Iterable[Mapping[str, Any] | ClaimCreate],
    *,
    user: str,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> int:
    """Insert many claims in the session's transaction; returns how many.

    Each row is a ``ClaimCreate`` or a mapping of claim fields (``content`` and optionally
    ``speaker_id``, ``source_id``, ``cue``, ``quote_type``, ``status``, spans...). Speakers,
    sources and events must already exist; claims are not placed in their source (give the
    span if it is known).

    Raises:
        InvalidValueError: A row is invalid; nothing is written (the caller's transaction
            rolls back).
    """
    statement = sa.insert(Claim)
    connection = session.connection()
    now = utcnow()
    fixed = {"created_at": now, "updated_at": now, "version": 1}
    done = 0
    for chunk in _batches(rows, batch):
        values = [claim_values(row, done + i, user) | fixed for i, row in enumerate(chunk)]
        # executemany needs every row to name the same columns.
        columns = set().union(*values)
        connection.execute(statement, [{c: v.get(c) for c in columns} for v in values])
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))
    if done:
        audit.record(session, user=user, action="bulk-load", field="claims", new={"claims": done})
        session.flush()
        settle_text_index(session, "claim", done)
    return done


def load_speakers(
    session: Session,
    speakers: Iterable[SpeakerCreate],
    *,
    user: str,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> list[int]:
    """Create many speakers, each with its name and aliases as aliases; returns their ids.

    Every speaker given is created (resolve names with ``claims.speakers.registry.match_speaker``
    first where they may already exist). Aliases repeated for one speaker (in any case) are
    stored once; weak ones are recognised as ``add_alias`` would.

    Raises:
        InvalidValueError: A speaker without a name, an unknown kind, or an alias with no
            letters; nothing is written.
    """
    connection = session.connection()
    ids: list[int] = []
    done = aliases_added = 0
    for chunk in _batches(speakers, batch):
        rows = []
        for i, speaker in enumerate(chunk):
            name = " ".join(speaker.name.split())
            if not name:
                raise InvalidValueError(f"speaker row {done + i}: name: a speaker needs a name")
            kind = (
                parse_kind(speaker.kind) if "kind" in speaker.model_fields_set else guess_kind(name)
            )
            rows.append(
                {
                    "name": name,
                    "kind": kind.value,
                    "description": speaker.description,
                    "affiliation": speaker.affiliation,
                    "created_at": utcnow(),
                }
            )
        returned = connection.execute(
            sa.insert(Speaker).returning(col(Speaker.id), sort_by_parameter_order=True),
            rows,
        )
        chunk_ids = [sid for sid in returned.scalars() if sid is not None]
        aliases = []
        for i, (speaker_id, speaker) in enumerate(zip(chunk_ids, chunk, strict=True)):
            seen: set[str] = set()
            for written in (rows[i]["name"], *speaker.aliases):
                alias = " ".join(written.split())
                if alias.casefold() in seen:
                    continue
                seen.add(alias.casefold())
                keys = alias_keys(alias)
                if not keys.normalised:
                    raise InvalidValueError(
                        f"speaker row {done + i}: alias {alias!r} has no letters to match on"
                    )
                aliases.append(
                    {
                        "speaker_id": speaker_id,
                        "alias": alias,
                        **keys.columns(),
                        "weak": is_weak_alias(alias),
                    }
                )
        if aliases:
            connection.execute(sa.insert(SpeakerAlias), aliases)
            aliases_added += len(aliases)
        ids.extend(chunk_ids)
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))
    if done:
        audit.record(
            session, user=user, action="bulk-load", field="speakers", new={"speakers": done}
        )
        session.flush()
        settle_text_index(session, "speaker_alias", aliases_added)
    return ids
