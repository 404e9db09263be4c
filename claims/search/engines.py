"""The search engines: how each database finds, counts, ranks and quotes the claims a search
matches.

Every engine answers the same four questions (``Matches``): how many claims match, which is
the n-th newest, which are best within a range of ids, and a marked snippet of each.

- ``SqliteWords``: words alone on SQLite, straight from the FTS5 table ``claim_fts`` (bm25
  ranking, FTS5 snippets), in plain SQL on the driver's cursor.
- ``SqliteWordsFiltered``: words with filters or a speaker on SQLite, starting from
  whichever side names fewer claims, the words' index or the filters'.
- ``FilteredClaims``: one SQL statement, for any search on PostgreSQL (``search_vector``,
  ``ts_rank_cd``, ``ts_headline``) and for searches without words on SQLite.

``matches_for`` chooses among them. Snippets mark each match between ``MARK_OPEN`` and
``MARK_CLOSE``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claims.search.query import TextQuery
from claims.speakers.registry import SpeakerMatch
from db.errors import InvalidValueError
from db.models import Claim
from db.queries import ClaimFilter, filtered

#: Tokens in a text match's snippet (FTS5 counts tokens, PostgreSQL words).
SNIPPET_TOKENS = 24
#: The text search configuration (stemming, stop words) on PostgreSQL.
PG_TEXT_CONFIG = "english"

#: The engines mark matches with these; claim text that contains them is shown unmarked.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


class Matches(Protocol):
    """The claims a search matches, as one engine reaches them."""

    def count(self, limit: int) -> int:
        """How many match, counting no further than ``limit``."""

    def newest(self, position: int) -> int | None:
        """The id of the match at ``position`` (0 = newest), or None when there are fewer."""

    def ranked(
        self, low: int | None, high: int | None, limit: int, offset: int
    ) -> list[tuple[int, float | None]]:
        """Matches with ``low <= id < high``, best first, as ``(id, relevance)``."""

    def snippets(self, ids: Sequence[int], low: int | None) -> dict[int, str]:
        """Marked snippets of the given matches (all with ``id >= low``)."""


class SqliteWords:
    """SQLite, words and nothing else: FTS5 alone, in plain SQL (no join, no ORM)."""

    FLOOR = (
        "SELECT rowid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
    )
    COUNT = "SELECT count(*) FROM (SELECT 1 FROM claim_fts WHERE claim_fts MATCH ? LIMIT ?)"
    RANKED = (
        "SELECT rowid, -bm25(claim_fts) AS relevance FROM claim_fts"
        " WHERE claim_fts MATCH ? AND rowid >= ? AND rowid < ?"
        " ORDER BY relevance DESC, rowid DESC LIMIT ? OFFSET ?"
    )
    # "+rowid": a filter, not a lookup. Looked up one by one, each row would cost FTS5 a
    # fresh seek (a millisecond each for a prefix query); scanned from the page's oldest id
    # up, the page's rows cost next to nothing.
    SNIPPETS = (
        "SELECT rowid, snippet(claim_fts, 0, char(2), char(3), '…', ?) FROM claim_fts"
        " WHERE claim_fts MATCH ? AND rowid >= ? AND +rowid IN ({})"
    )

    def __init__(self, session: Session, text: TextQuery) -> None:
        # The driver's own cursor: these run on every search, and SQLAlchemy's statement
        # handling costs as much again as FTS5's answer.
        driver = session.connection().connection.driver_connection
        assert driver is not None
        self.cursor = driver.cursor()
        self.match = text.fts5()

    def count(self, limit: int) -> int:
        return int(self.cursor.execute(self.COUNT, (self.match, limit)).fetchone()[0])

    def newest(self, position: int) -> int | None:
        found = self.cursor.execute(self.FLOOR, (self.match, position)).fetchone()
        return None if found is None else int(found[0])

    def ranked(
        self, low: int | None, high: int | None, limit: int, offset: int
    ) -> list[tuple[int, float | None]]:
        bounds = (low or 0, high if high is not None else 2**63 - 1)
        rows = self.cursor.execute(self.RANKED, (self.match, *bounds, limit, offset))
        return [(int(claim_id), float(relevance)) for claim_id, relevance in rows]

    def snippets(self, ids: Sequence[int], low: int | None) -> dict[int, str]:
        if not ids:
            return {}
        statement = self.SNIPPETS.format(", ".join("?" for _ in ids))
        rows = self.cursor.execute(statement, (SNIPPET_TOKENS, self.match, min(ids), *ids))
        return {int(claim_id): marked for claim_id, marked in rows}


class SqliteWordsFiltered:
    """SQLite, words with filters or a speaker: the matching ids newest first, from whichever
    side is smaller, then ranked a block at a time.

    Joined in one statement, SQLite's planner drives every such query from the full-text
    index, reading a claim row for every match of the words ("said" with one event: a
    hundred thousand rows for six hits). When the filters name fewer claims than the words
    match, the claims are listed from their own indexes and each is checked against the
    full-text index instead.
    """

    #: Matches counted on each side to choose where to start.
    PROBE = 20_000
    #: Up to this many claims are checked one by one; more, by one pass over the index.
    CHECK_ONE_BY_ONE = 20
    CHECK = "SELECT -bm25(claim_fts) FROM claim_fts WHERE claim_fts MATCH ? AND rowid = ?"
    SCORES = (
        "SELECT rowid, -bm25(claim_fts) FROM claim_fts"
        " WHERE claim_fts MATCH ? AND rowid >= ? AND +rowid IN ({})"
    )

    def __init__(
        self,
        session: Session,
        text: TextQuery,
        where: ClaimFilter,
        by_speaker: dict[int | None, SpeakerMatch],
    ) -> None:
        self.words = SqliteWords(session, text)
        self.connection = session.connection()
        self.scores = {sid: m.score for sid, m in by_speaker.items()}
        pairs: Any = select(col(Claim.id), col(Claim.speaker_id))
        self.filtered: Any = filtered(pairs, where)
        self.found: list[tuple[int, int | None]] = []
        self.complete = False
        text_count = self.words.count(self.PROBE + 1)
        claims_count = self.connection.execute(
            select(sa.func.count()).select_from(self.filtered.limit(self.PROBE + 1).subquery())
        ).scalar_one()
        if claims_count < text_count:
            self._from_claims()

    def _relevance(self, ids: Sequence[int]) -> dict[int, float]:
        """bm25 (negated) of those of ``ids`` that match the words."""
        found: dict[int, float] = {}
        cursor, match = self.words.cursor, self.words.match
        if len(ids) <= self.CHECK_ONE_BY_ONE:
            for claim_id in ids:
                row = cursor.execute(self.CHECK, (match, claim_id)).fetchone()
                if row is not None:
                    found[claim_id] = row[0]
            return found
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            statement = self.SCORES.format(", ".join("?" for _ in chunk))
            for claim_id, relevance in cursor.execute(statement, (match, min(chunk), *chunk)):
                found[claim_id] = relevance
        return found

    def _from_claims(self) -> None:
        claims = list(self.connection.execute(self.filtered.order_by(col(Claim.id).desc())))
        matching = self._relevance([claim_id for claim_id, _ in claims])
        self.found = [(i, sid) for i, sid in claims if i in matching]
        self.complete = True

    def _newest(self, count: int) -> list[tuple[int, int | None]]:
        if not self.complete and len(self.found) < count:
            fts: Any = (
                select(sa.literal_column("rowid"))
                .select_from(sa.table("claim_fts"))
                .where(sa.literal_column("claim_fts").op("MATCH")(self.words.match))
            )
            statement = (
                self.filtered.where(col(Claim.id).in_(fts))
                .order_by(col(Claim.id).desc())
                .limit(count)
            )
            self.found = [(i, sid) for i, sid in self.connection.execute(statement)]
            self.complete = len(self.found) < count
        return self.found[:count]

    def count(self, limit: int) -> int:
        return len(self._newest(limit))

    def newest(self, position: int) -> int | None:
        found = self._newest(position + 1)
        return found[position][0] if len(found) > position else None

    def ranked(
        self, low: int | None, high: int | None, limit: int, offset: int
    ) -> list[tuple[int, float | None]]:
        if high is None and low is None:
            self._newest(10**9)
        block = [
            (i, sid)
            for i, sid in self.found
            if (low is None or i >= low) and (high is None or i < high)
        ]
        relevance = self._relevance([i for i, _ in block])
        order = sorted(
            block,
            key=lambda hit: (-self.scores.get(hit[1], 0.0), -relevance.get(hit[0], 0.0), -hit[0]),
        )
        return [(i, relevance.get(i)) for i, _ in order[offset : offset + limit]]

    def snippets(self, ids: Sequence[int], low: int | None) -> dict[int, str]:
        return self.words.snippets(ids, low)


class FilteredClaims:
    """Searches in one SQL statement: any search on PostgreSQL, and searches without words
    (filters and speakers only) on SQLite."""

    def __init__(
        self,
        session: Session,
        text: TextQuery | None,
        where: ClaimFilter,
        by_speaker: dict[int | None, SpeakerMatch],
    ) -> None:
        self.connection = session.connection()
        self.text = text
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        relevance: Any = sa.null()
        statement: Any
        if text is None:
            statement = select(col(Claim.id))
        else:
            assert self.postgresql, "SQLite searches words with SqliteWords(Filtered)"
            vector: Any = sa.literal_column("claim.search_vector")
            # Normalisation 1 divides by 1 + log(length): a short claim about it ranks higher.
            relevance = sa.func.ts_rank_cd(vector, self._tsquery(), 1)
            statement = select(col(Claim.id)).where(vector.op("@@")(self._tsquery()))
        self.matches: Any = filtered(statement, where)
        self.relevance = relevance.label("relevance")
        self.order: list[Any] = []
        if by_speaker:
            score = sa.case(
                {sid: m.score for sid, m in by_speaker.items()},
                value=col(Claim.speaker_id),
                else_=0.0,
            )
            self.order.append(score.desc())
        if text is not None:
            self.order.append(self.relevance.desc())
        self.order.append(col(Claim.id).desc())

    def _tsquery(self) -> Any:
        assert self.text is not None
        return sa.func.to_tsquery(
            sa.literal_column(f"'{PG_TEXT_CONFIG}'"),
            sa.bindparam("tsquery", self.text.tsquery()),
        )

    def count(self, limit: int) -> int:
        counted = select(sa.func.count()).select_from(self.matches.limit(limit).subquery())
        return int(self.connection.execute(counted).scalar_one())

    def newest(self, position: int) -> int | None:
        statement = self.matches.order_by(col(Claim.id).desc()).offset(position).limit(1)
        found = self.connection.execute(statement).scalar()
        return None if found is None else int(found)

    def ranked(
        self, low: int | None, high: int | None, limit: int, offset: int
    ) -> list[tuple[int, float | None]]:
        statement = self.matches.add_columns(self.relevance)
        if low is not None:
            statement = statement.where(col(Claim.id) >= low)
        if high is not None:
            statement = statement.where(col(Claim.id) < high)
        rows = self.connection.execute(statement.order_by(*self.order).limit(limit).offset(offset))
        return [(int(i), None if r is None else float(r)) for i, r in rows]

    def snippets(self, ids: Sequence[int], low: int | None) -> dict[int, str]:
        """PostgreSQL's ``ts_headline`` of each claim."""
        if self.text is None or not ids:
            return {}
        options = (
            f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", MaxWords={SNIPPET_TOKENS}, '
            f'MinWords={SNIPPET_TOKENS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
        )
        headline = sa.func.ts_headline(
            sa.literal_column(f"'{PG_TEXT_CONFIG}'"), col(Claim.content), self._tsquery(), options
        )
        rows = self.connection.execute(
            select(col(Claim.id), col(Claim.content), headline).where(col(Claim.id).in_(list(ids)))
        )
        found: dict[int, str] = {}
        for claim_id, content, marked in rows:
            assert claim_id is not None
            # ts_headline marks the cuts between fragments but not at either end, as FTS5 does.
            plain = marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").strip()
            if plain and not content.lstrip().startswith(plain[:40]):
                marked = "…" + marked
            if plain and not content.rstrip().endswith(plain[-40:]):
                marked += "…"
            found[claim_id] = marked
        return found


def _has_filters(where: ClaimFilter) -> bool:
    return any(getattr(where, f.name) not in (None, "") for f in dataclasses.fields(ClaimFilter))


def matches_for(
    session: Session,
    text: TextQuery | None,
    where: ClaimFilter,
    by_speaker: dict[int | None, SpeakerMatch],
) -> Matches:
    """The engine that answers a search on this session's database.

    Args:
        text: the words, if any; ``where`` the filters; ``by_speaker`` the speakers the
            search's name was taken to mean, by id.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    if text is not None and sqlite and not by_speaker and not _has_filters(where):
        return SqliteWords(session, text)
    if text is not None and sqlite:
        return SqliteWordsFiltered(session, text, where, by_speaker)
    return FilteredClaims(session, text, where, by_speaker)


def engine_error(exc: Exception, query: str | None) -> InvalidValueError | None:
    """The user's mistake an engine error reports, if it is one (it should never be: the
    query is written by ``claims.search.query``)."""
    original = getattr(exc, "orig", None) or exc
    message = (str(original).strip().splitlines() or [""])[0]
    if "fts5" in message or "tsquery" in message:
        return InvalidValueError(f"cannot search for {query!r}: {message}")
    return None
