"""Searching claims: words in their content, who said them, and every list filter, combined.

``search_claims`` is the one entry point the command line and the terminal UI share. It
takes a ``ClaimQuery`` (a ``ClaimFilter`` plus the words to look for and a speaker's name)
and returns a ``SearchPage``: the page of hits (each a summary row with its relevance, a
highlighted snippet and the speaker alias it matched) and how many claims match in all.

Text is searched through the database's own full-text index: SQLite's FTS5 table
``claim_fts`` (ranked with bm25, snippets from FTS5) or PostgreSQL's ``search_vector``
column (ranked with ``ts_rank_cd``, snippets from ``ts_headline``), each reached through an
engine of ``claims.search.engines``; both stem English words, so "ceasefires" finds
"ceasefire". The user's words are parsed by ``claims.search.query`` and
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
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from claims.archive.display import snippet as short_text
from claims.archive.display import visible
from claims.search.engines import (
    MARK_CLOSE,
    MARK_OPEN,
    Matches,
    engine_error,
    matches_for,
)
from claims.search.query import parse_text_query
from claims.speakers.registry import SpeakerMatch, speaker_matches_for
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim
from db.queries import ClaimFilter, ClaimRow, claim_rows

#: Matches counted exactly; beyond this a page reports "at least COUNT_LIMIT".
COUNT_LIMIT = 1000
#: Text matches ranked together: beyond this many, the newest are ranked first (see
#: ``search_claims``), because ranking costs the engine work for every match it ranks.
RANK_WINDOW = 500
#: Most hits one page may hold.
PAGE_LIMIT = 500
#: Characters of a claim shown when there is no text match to centre on.
SNIPPET_CHARS = 200

_MARKS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")
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
    as escapes (``claims.archive.display.visible``); ``spans`` are ``(start, end)`` offsets into it.
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
            if piece == MARK_OPEN:
                start = length
            elif piece == MARK_CLOSE:
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


def _page(
    matches: Matches, window: int | None, limit: int, offset: int
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
    matches = matches_for(session, text, where, by_speaker)
    try:
        counted = matches.count(count_limit + 1)
        # Ranked in blocks when there are more matches than a block (or more than were
        # counted, when the count stopped first).
        many = rank_window is not None and (counted > rank_window or counted > count_limit)
        window = rank_window if text is not None and many else None
        rows, marked = _page(matches, window, limit, offset)
    except (DBAPIError, sqlite3.Error) as exc:
        problem = engine_error(exc, query.text)
        if problem is None:
            raise
        raise problem from None

    ids = [claim_id for claim_id, _ in rows]
    claims = {c.id: c for c in session.exec(_CLAIMS_BY_ID, params={"ids": ids})}
    summaries = claim_rows(session, [claims[i] for i in ids])
    hits = []
    for (claim_id, relevance), row in zip(rows, summaries, strict=True):
        content = row.claim.content
        if claim_id in marked and MARK_OPEN not in content and MARK_CLOSE not in content:
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
