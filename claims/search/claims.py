"""Searching claims: words in their content, who said them, and every list filter, combined.

``search_claims`` is the one entry point the command line and the terminal UI share. It
takes a ``ClaimQuery`` (a ``ClaimFilter`` plus the words to look for and a speaker's name)
and returns a ``SearchPage``: the page of hits (each a summary row with its relevance, a
highlighted snippet and the speaker alias it matched) and how many claims match in all.

Text is searched through the database's own full-text index: SQLite's FTS5 table
``claim_fts`` (ranked with bm25, snippets from FTS5) or PostgreSQL's ``search_vector``
column (ranked with ``ts_rank_cd``, snippets from ``ts_headline``); both stem English words,
so "ceasefires" finds "ceasefire". The user's words are parsed by ``claims.search.query`` and
never reach the engine as syntax. A speaker's name is matched through the speaker index
(``claims.speakers.registry.speaker_matches_for``), so "kimit" finds Mark Kimmitt's claims.

Ranking and counting cost the engine work for every match, which for a common word on a
large archive is most of the time a search takes. So the total is exact up to
``COUNT_LIMIT`` and otherwise reported as "at least", and a search matching more than
``RANK_WINDOW`` claims is ranked a block at a time: the best of the newest ``RANK_WINDOW``
matches first, then the best of the block before, and so on (a newsroom's "most relevant
recent" rather than "most relevant ever"; ``rank_window=None`` ranks them all).
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from claims.browse.display import snippet as short_text
from claims.browse.display import visible
from claims.search.query import TextQuery, parse_text_query
from claims.speakers.registry import SpeakerMatch, speaker_matches_for
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim
from db.queries import ClaimFilter, ClaimRow, claim_rows, filtered

#: Matches counted exactly; beyond this a page reports "at least COUNT_LIMIT".
COUNT_LIMIT = 1000
#: Text matches ranked together: beyond this many, the newest are ranked first (see
#: ``search_claims``), because ranking costs the engine work for every match it ranks.
RANK_WINDOW = 500
#: Most hits one page may hold.
PAGE_LIMIT = 500
#: Tokens in a text match's snippet (FTS5 counts tokens, PostgreSQL words).
SNIPPET_TOKENS = 24
#: Characters of a claim shown when there is no text match to centre on.
SNIPPET_CHARS = 200
#: The text search configuration (stemming, stop words) on PostgreSQL.
PG_TEXT_CONFIG = "english"

# The engines mark matches with these; claim text that contains them is shown unmarked.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKS = re.compile(f"([{_OPEN}{_CLOSE}])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ClaimQuery(ClaimFilter):
    """What to look for: words in the claim, a speaker's name, and the list filters.

    Every field that is set must hold; unset fields do not filter.
    """

    text: str | None = None
    """Words to find in the claim's content (syntax in ``claims.search.query``)."""
    speaker: str | None = None
    """A speaker's name or alias, matched fuzzily ("kimit", "Gen. Kimmitt")."""


@dataclass(frozen=True, slots=True)
class Highlighted:
    """A line of claim text, safe to show, with the stretches that matched the query.

    ``text`` has its whitespace flattened to single spaces and control characters written
    as escapes (``claims.browse.display.visible``); ``spans`` are ``(start, end)`` offsets into it.
    """

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def parts(self) -> Iterator[tuple[str, bool]]:
        """The text in order as ``(piece, matched)`` pairs, for styling."""
        at = 0
        for start, end in self.spans:
            if start > at:
                yield self.text[at:start], False
            yield self.text[start:end], True
            at = end
        if at < len(self.text):
            yield self.text[at:], False

    def matched(self) -> list[str]:
        """The matched stretches of text."""
        return [self.text[start:end] for start, end in self.spans]

    @classmethod
    def from_marked(cls, marked: str) -> Highlighted:
        """Read an engine's snippet in which matches sit between ``\\x02`` and ``\\x03``."""
        out: list[str] = []
        spans: list[tuple[int, int]] = []
        length = 0
        start: int | None = None
        for piece in _MARKS.split(marked):
            if piece == _OPEN:
                start = length
            elif piece == _CLOSE:
                if start is not None and length > start:
                    spans.append((start, length))
                start = None
            elif piece:
                text = visible(_SPACES.sub(" ", piece))
                if out and out[-1].endswith(" ") and text.startswith(" "):
                    text = text[1:]
                if not out and start is None:
                    text = text.lstrip()
                out.append(text)
                length += len(text)
        joined = "".join(out)
        trimmed = joined.rstrip()
        return cls(trimmed, tuple((s, min(e, len(trimmed))) for s, e in spans if s < len(trimmed)))

    @classmethod
    def plain(cls, text: str | None, width: int = SNIPPET_CHARS) -> Highlighted:
        """Text with nothing marked, made visible and cut to ``width`` characters."""
        return cls(short_text(text, width))


@dataclass(frozen=True, slots=True)
class ClaimHit:
    """One claim found: its summary row, why it was found, and what to show of it."""

    row: ClaimRow
    relevance: float | None
    """How well the text matched (higher is better; comparable within one search only);
    None when the search had no text."""
    snippet: Highlighted
    """Where the words matched, or the start of the claim when the search had no text."""
    speaker_match: SpeakerMatch | None
    """The speaker alias the ``speaker`` name matched and its score (0-100), if one was given."""

    @property
    def claim(self) -> Claim:
        return self.row.claim


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of hits and how many claims match in all."""

    hits: list[ClaimHit]
    total: int
    """Claims matching; a lower bound when ``total_exact`` is False."""
    total_exact: bool
    offset: int
    limit: int
    speakers: list[SpeakerMatch]
    """The speakers the query's ``speaker`` name was taken to mean, best first."""

    @property
    def total_text(self) -> str:
        """The total for people: "42", or "1,000+" when it is a lower bound."""
        return f"{self.total:,}" if self.total_exact else f"{self.total:,}+"


class _Matches(Protocol):
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


class _SqliteWords:
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


class _SqliteWordsFiltered:
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
        self.words = _SqliteWords(session, text)
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


class _FilteredClaims:
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
            assert self.postgresql, "SQLite searches words with _SqliteWords(Filtered)"
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
            f'StartSel="{_OPEN}", StopSel="{_CLOSE}", MaxWords={SNIPPET_TOKENS}, '
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
            plain = marked.replace(_OPEN, "").replace(_CLOSE, "").strip()
            if plain and not content.lstrip().startswith(plain[:40]):
                marked = "…" + marked
            if plain and not content.rstrip().endswith(plain[-40:]):
                marked += "…"
            found[claim_id] = marked
        return found


def _has_filters(where: ClaimFilter) -> bool:
    return any(getattr(where, f.name) not in (None, "") for f in dataclasses.fields(ClaimFilter))


def _engine_error(exc: Exception, query: str | None) -> InvalidValueError | None:
    """The user's mistake an engine error reports, if it is one (it should never be: the
    query is written by ``claims.search.query``)."""
    original = getattr(exc, "orig", None) or exc
    message = (str(original).strip().splitlines() or [""])[0]
    if "fts5" in message or "tsquery" in message:
        return InvalidValueError(f"cannot search for {query!r}: {message}")
    return None


def _page(
    matches: _Matches, window: int | None, limit: int, offset: int
) -> tuple[list[tuple[int, float | None]], dict[int, str]]:
    """The hits from ``offset`` on, ranked block by block, with their snippets.

    Without a window the matches are ranked as a whole. With one, block 0 is the newest
    ``window`` matches ranked, block 1 the ``window`` before them ranked, and so on: the
    order is the same whichever page is asked for, and a page costs one block's ranking.
    """
    if window is None:
        whole = matches.ranked(None, None, limit, offset)
        return whole, matches.snippets([i for i, _ in whole], None)
    rows: list[tuple[int, float | None]] = []
    marked: dict[int, str] = {}
    position = offset
    while len(rows) < limit:
        block, within = divmod(position, window)
        high = matches.newest(block * window - 1) if block else None
        if block and high is None:
            break
        low = matches.newest((block + 1) * window - 1)
        wanted = min(limit - len(rows), window - within)
        found = matches.ranked(low, high, wanted, within)
        rows += found
        marked |= matches.snippets([i for i, _ in found], low)
        if len(found) < wanted or low is None:
            break
        position += wanted
    return rows, marked


# Built once: it runs on every search.
_CLAIMS_BY_ID = select(Claim).where(col(Claim.id).in_(sa.bindparam("ids", expanding=True)))


def search_claims(
    session: Session,
    query: ClaimQuery,
    *,
    limit: int = 50,
    offset: int = 0,
    count_limit: int = COUNT_LIMIT,
    rank_window: int | None = RANK_WINDOW,
) -> SearchPage:
    """Find the claims ``query`` describes, best first, one page at a time.

    Order: by how well the speaker's name matched (when one is given), then by text
    relevance (when there are words), then newest first. Relevance costs the engine work for
    every match, so a search matching more than ``rank_window`` claims is ranked in blocks:
    the best of the newest ``rank_window`` first, then the best of the block before, and so on.

    Args:
        query: The words, the speaker's name and the filters; all must hold.
        limit: Hits on the page (1 to ``PAGE_LIMIT``).
        offset: Hits to skip, for the following pages.
        count_limit: Count matches exactly up to this many.
        rank_window: The size of the blocks text matches are ranked in; None ranks all of
            them together (slower for common words on a large archive).

    Raises:
        InvalidValueError: The words are not a valid search (see ``claims.search.query``), or
            ``limit``/``offset`` are out of range.
    """
    if not 1 <= limit <= PAGE_LIMIT:
        raise InvalidValueError(f"limit must be between 1 and {PAGE_LIMIT}, not {limit}")
    if offset < 0:
        raise InvalidValueError(f"offset must be 0 or more, not {offset}")
    text = parse_text_query(query.text) if query.text and query.text.strip() else None

    speakers: list[SpeakerMatch] = []
    where: ClaimFilter = query
    if query.speaker and query.speaker.strip():
        try:
            speakers = speaker_matches_for(session, query.speaker)
        except NotFoundError:  # nobody goes by that name, so no claim matches
            return SearchPage([], 0, True, offset, limit, [])
        wanted = [m.speaker.id for m in speakers if m.speaker.id is not None]
        if query.speaker_ids is not None:
            wanted = [sid for sid in wanted if sid in set(query.speaker_ids)]
        where = dataclasses.replace(query, speaker_ids=wanted)
    by_speaker = {m.speaker.id: m for m in speakers}

    session.flush()  # the engines' queries below run on the connection, past the ORM
    matches: _Matches
    if (
        text is not None
        and session.get_bind().dialect.name == "sqlite"
        and not speakers
        and not _has_filters(where)
    ):
        matches = _SqliteWords(session, text)
    elif text is not None and session.get_bind().dialect.name == "sqlite":
        matches = _SqliteWordsFiltered(session, text, where, by_speaker)
    else:
        matches = _FilteredClaims(session, text, where, by_speaker)
    try:
        counted = matches.count(count_limit + 1)
        # Ranked in blocks when there are more matches than a block (or more than were
        # counted, when the count stopped first).
        many = rank_window is not None and (counted > rank_window or counted > count_limit)
        window = rank_window if text is not None and many else None
        rows, marked = _page(matches, window, limit, offset)
    except (DBAPIError, sqlite3.Error) as exc:
        problem = _engine_error(exc, query.text)
        if problem is None:
            raise
        raise problem from None

    ids = [claim_id for claim_id, _ in rows]
    claims = {c.id: c for c in session.exec(_CLAIMS_BY_ID, params={"ids": ids})}
    summaries = claim_rows(session, [claims[i] for i in ids])
    hits = []
    for (claim_id, relevance), row in zip(rows, summaries, strict=True):
        content = row.claim.content
        if claim_id in marked and _OPEN not in content and _CLOSE not in content:
            shown = Highlighted.from_marked(marked[claim_id])
        else:
            shown = Highlighted.plain(content)
        hits.append(
            ClaimHit(
                row=row,
                relevance=None if relevance is None else float(relevance),
                snippet=shown,
                speaker_match=by_speaker.get(row.claim.speaker_id),
            )
        )
    exact = counted <= count_limit
    return SearchPage(hits, counted if exact else count_limit, exact, offset, limit, speakers)
