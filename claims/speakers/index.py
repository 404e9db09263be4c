"""The speaker index: the few aliases worth scoring against a name, found without reading all.

Every alias is stored with its keys (``claims.extraction.names.alias_keys``): its normal form ("mark
kimmitt"), for multi-word names a surname key ("kimmitt"), and the consonant skeletons of
both ("mrk kmt", "kmt"). A fuzzy query is scored with rapidfuzz's WRatio against the normal
form and surname key, exactly as a scan of every key would be; the index only decides which
aliases are scored. Candidates come from four lookups, each answered by an index:

1. Trigrams. SQLite: ``speaker_alias_fts`` holds the trigrams of every normal form (FTS5's
   trigram tokenizer) and ``speaker_alias_fts_vocab`` how many aliases contain each. The
   query's trigrams are read rarest first (prefix filtering: an alias sharing two fifths
   of them contains one of the rarest three fifths) while the posting lists stay within a
   budget, and the aliases sharing most are kept. PostgreSQL: the pg_trgm GIN index
   answers ``query <% normalised`` (word similarity) and the most similar are kept.
2. Exact keys: the query itself, and any sequence of its words, as a normal form or surname
   key (WRatio scores "thomas thomas" 95 against "thomas fidananck": word sets that are
   subsets score high, so they must be looked at).
3. The query's skeleton against both skeleton columns: a misspelt vowel or doubled letter
   ("bosees" for "bosies", "kimit" for "kimmitt") leaves few trigrams shared but the same
   skeleton.
4. Only when nothing above scores 90: keys found whole inside the query (WRatio's partial
   match scores "kim" 90 for "kimit"); and for a single short word, unless something
   scores 95, keys of about its length that begin with the same two letters (a mid-word
   slip in a short word shares almost no trigrams).

Why an index in the database rather than in memory: the database maintains it in the same
transaction as the alias rows (SQLite triggers, a PostgreSQL index, indexed key columns),
so a process always sees the aliases another process has just added, an alias or a merge
costs an index update rather than a rebuild, and a one-shot command pays nothing at start-up
and holds no copy of the alias list (its memory is SQLite's page cache, bounded).

Weak aliases and speakers merged into another are never candidates.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlmodel import Session, col

from claims.extraction.names import skeleton, surname_key, without_particle
from db.models import Speaker, SpeakerAlias

#: How many aliases, at most, one lookup passes on to be scored.
CANDIDATES = 300
#: Posting entries read from the trigram index for one query, beyond the prefix it needs.
POSTINGS_BUDGET = 10_000
#: The share of a query's trigrams an alias must have to be sure of being a candidate.
MIN_SHARED = 0.4
#: WRatio's score for a key found whole inside a longer query (its partial-match ceiling).
PARTIAL_CEILING = 90.0
#: Single words up to this long also look at keys of their length with the same start...
SHORT_WORD = 10
#: ...unless a key already scores this well (one slip in a word of five letters or more
#: scores at least 83; one letter dropped or doubled, 91).
SHORT_WORD_DONE = 95.0
#: Word similarity (0-1) a PostgreSQL candidate needs.
PG_WORD_SIMILARITY = 0.3


@dataclass(frozen=True, slots=True)
class AliasKey:
    """A strong alias of an active speaker, with the keys it is scored on."""

    alias_id: int
    speaker_id: int
    alias: str
    normalised: str
    surname: str | None


@dataclass(frozen=True, slots=True)
class ScoredAlias:
    """An alias with its best WRatio score against a query."""

    key: AliasKey
    score: float
    exact: bool
    """True when one of its keys equals the query's normal form."""


def score_keys(
    query: str, keys: Iterable[AliasKey], score_cutoff: float = 0.0
) -> list[ScoredAlias]:
    """Score each alias's normal form and surname key against a normalised ``query``; each
    alias gets its best. Returns those scoring at least ``score_cutoff``."""
    keys = list(keys)
    strings: list[str] = []
    owners: list[int] = []
    for i, key in enumerate(keys):
        strings.append(key.normalised)
        owners.append(i)
        if key.surname:
            strings.append(key.surname)
            owners.append(i)
    best: dict[int, tuple[float, bool]] = {}
    for text, score, index in process.extract(
        query, strings, scorer=fuzz.WRatio, limit=None, score_cutoff=score_cutoff
    ):
        owner = owners[index]
        exact = text == query
        previous = best.get(owner)
        if previous is None or score > previous[0] or (score == previous[0] and exact):
            best[owner] = (score, exact)
    return [ScoredAlias(keys[i], score, exact) for i, (score, exact) in sorted(best.items())]


# --- Lookups by key (B-tree indexes, both backends) ---------------------------------------

KeysSelect = sa.Select[int, int, str, str, str | None]


def _keys_select() -> KeysSelect:
    alias_id = sa.type_coerce(col(SpeakerAlias.id), sa.Integer)  # an int once stored
    # Merged speakers are few: excluding them by subquery (rather than joining every alias
    # to its speaker) keeps the alias lookup in charge of the plan.
    merged = sa.select(col(Speaker.id)).where(col(Speaker.merged_into_id).is_not(None))
    return sa.select(
        alias_id,
        col(SpeakerAlias.speaker_id),
        col(SpeakerAlias.alias),
        col(SpeakerAlias.normalised),
        col(SpeakerAlias.surname),
    ).where(col(SpeakerAlias.weak).is_(False), col(SpeakerAlias.speaker_id).not_in(merged))


def _keys(session: Session, statement: KeysSelect, limit: int | None = None) -> list[AliasKey]:
    if limit is not None:
        statement = statement.order_by(col(SpeakerAlias.id)).limit(limit)
    return [AliasKey(*row) for row in session.connection().execute(statement)]


def keys_by_id(session: Session, alias_ids: Iterable[int]) -> list[AliasKey]:
    """The strong, active aliases among ``alias_ids``."""
    ids = list(alias_ids)
    if not ids:
        return []
    return _keys(session, _keys_select().where(col(SpeakerAlias.id).in_(ids)))


def exact_keys(
    session: Session, keys: Sequence[str], *, limit: int | None = None
) -> list[AliasKey]:
    """Aliases whose normal form or surname key is one of ``keys``."""
    if not keys:
        return []
    wanted = list(dict.fromkeys(keys))
    statement = _keys_select().where(
        col(SpeakerAlias.normalised).in_(wanted) | col(SpeakerAlias.surname).in_(wanted)
    )
    return _keys(session, statement, limit)


def surname_keys(session: Session, surname: str) -> list[AliasKey]:
    """Aliases of several words whose last word is ``surname``."""
    return _keys(session, _keys_select().where(col(SpeakerAlias.surname) == surname))


def skeleton_keys(session: Session, query: str, *, limit: int) -> list[AliasKey]:
    """Aliases whose normal form or surname key has the same skeleton as ``query``."""
    wanted = skeleton(query)
    if wanted is None:
        return []
    statement = _keys_select().where(
        (col(SpeakerAlias.skeleton) == wanted) | (col(SpeakerAlias.surname_skeleton) == wanted)
    )
    return _keys(session, statement, limit)


def keys_like(session: Session, word: str, *, limit: int) -> list[AliasKey]:
    """Aliases whose normal form or surname key starts with the first two letters of
    ``word`` and is within two letters of its length."""
    start = word[:2]
    end = start[:-1] + chr(ord(start[-1]) + 1)
    shortest, longest = len(word) - 2, len(word) + 2

    def near(column: Any) -> sa.ColumnElement[bool]:
        return (
            (column >= start) & (column < end) & sa.func.length(column).between(shortest, longest)
        )

    statement = _keys_select().where(
        near(col(SpeakerAlias.normalised)) | near(col(SpeakerAlias.surname))
    )
    return _keys(session, statement, limit)


_RESOLUTION_KEYS = sa.text(
    "SELECT id, speaker_id, alias, normalised, surname FROM speaker_alias"
    " WHERE weak = false"
    " AND speaker_id NOT IN (SELECT id FROM speaker WHERE merged_into_id IS NOT NULL)"
    " AND (normalised IN :keys OR surname IN :keys"
    " OR skeleton = :skeleton OR surname_skeleton = :skeleton)"
).bindparams(sa.bindparam("keys", expanding=True))


def resolution_keys(session: Session, query: str) -> list[AliasKey]:
    """In one statement, the aliases that could be the same speaker as a normalised name:
    the same normal form, the same surname, or the same consonant skeleton (a misspelt vowel
    or a doubled letter). What resolving a name in bulk needs, without the trigram search
    that ranked lookups make."""
    last = surname_key(query) if " " in query else without_particle(query)
    keys = list(dict.fromkeys(k for k in (query, last) if k))
    rows = session.connection().execute(
        _RESOLUTION_KEYS, {"keys": keys, "skeleton": skeleton(query) or ""}
    )
    return [AliasKey(*row) for row in rows]


def word_sequences(query: str, longest: int = 3) -> list[str]:
    """Every sequence of up to ``longest`` of the query's words, repeats allowed (at most
    three distinct words are used)."""
    words = list(dict.fromkeys(query.split()))[:3]
    return [
        " ".join(combo)
        for size in range(1, longest + 1)
        for combo in itertools.product(words, repeat=size)
    ]


def substrings(text: str, shortest: int, longest: int) -> list[str]:
    """Every distinct substring of ``text`` from ``shortest`` to ``longest`` characters long."""
    found: dict[str, None] = {}
    for size in range(max(1, shortest), min(longest, len(text)) + 1):
        for start in range(len(text) - size + 1):
            found[text[start : start + size]] = None
    return list(found)


# --- Trigram candidates -------------------------------------------------------------------


def trigrams(text: str) -> list[str]:
    """The distinct three-character windows of ``text``, as FTS5's trigram tokenizer cuts it."""
    return list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))


def _sqlite_candidates(session: Session, query: str, limit: int) -> list[int]:
    grams = trigrams(query)
    if not grams:
        return []
    # The driver's own cursor: posting lists run to thousands of rows, and each row through
    # SQLAlchemy's result machinery would cost more than the lookup itself.
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    frequency: dict[str, int] = {}
    for gram in grams:
        row = cursor.execute(
            "SELECT doc FROM speaker_alias_fts_vocab WHERE term = ?", (gram,)
        ).fetchone()
        if row is not None:
            frequency[gram] = row[0]
    present = sorted(frequency, key=frequency.__getitem__)
    if not present:
        return []
    # Prefix filtering: an alias sharing at least `shared` of the query's trigrams contains
    # one of the `len(present) - shared + 1` rarest ones present.
    shared = max(1, math.ceil(len(grams) * MIN_SHARED))
    needed = max(1, len(present) - shared + 1)
    chosen: list[str] = []
    read = 0
    for gram in present:
        if len(chosen) >= needed and read + frequency[gram] > POSTINGS_BUDGET:
            break
        chosen.append(gram)
        read += frequency[gram]
    # Counted in SQL: only the best `limit` aliases come back to Python.
    postings = " UNION ALL ".join(
        "SELECT rowid FROM speaker_alias_fts WHERE speaker_alias_fts MATCH ?" for _ in chosen
    )
    rows = cursor.execute(
        f"SELECT rowid, count(*) AS shared FROM ({postings}) GROUP BY rowid"
        " ORDER BY shared DESC, rowid LIMIT ?",
        (*('"' + g.replace('"', '""') + '"' for g in chosen), limit),
    ).fetchall()
    return [rowid for rowid, _ in rows]


_trgm_schema: dict[str, str] = {}


def _pg_trgm_schema(session: Session) -> str:
    """The schema pg_trgm is installed in (looked up once per database)."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    if url not in _trgm_schema:
        _trgm_schema[url] = (
            session.connection()
            .execute(
                sa.text(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                    " ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
                )
            )
            .scalar_one()
        )
    return _trgm_schema[url]


def _postgresql_candidates(session: Session, query: str, limit: int) -> list[int]:
    schema = '"' + _pg_trgm_schema(session).replace('"', '""') + '"'
    connection = session.connection()
    connection.execute(
        sa.text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
        {"t": str(PG_WORD_SIMILARITY)},
    )
    rows = connection.execute(
        sa.text(
            f"SELECT id FROM speaker_alias WHERE :q OPERATOR({schema}.<%) normalised"
            f" ORDER BY {schema}.word_similarity(:q, normalised) DESC, id LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [alias_id for (alias_id,) in rows]


def search_keys(
    session: Session, query: str, *, score_cutoff: float, candidates: int = CANDIDATES
) -> list[ScoredAlias]:
    """The aliases scoring at least ``score_cutoff`` against a normalised ``query``.

    Scores are WRatio over each alias's normal form and surname key, the same a scan of
    every key would give; only the candidates the index proposes are scored (see the
    module docstring). A query shorter than three characters is matched exactly.
    """
    if not query:
        return []
    session.flush()  # the lookups below run on the connection and would miss pending rows
    found: dict[int, AliasKey] = {}

    def add(keys: Iterable[AliasKey]) -> None:
        for key in keys:
            found.setdefault(key.alias_id, key)

    add(exact_keys(session, [query, *word_sequences(query)]))
    if len(query) < 3:
        return score_keys(query, found.values(), score_cutoff)
    if session.get_bind().dialect.name == "postgresql":
        ids = _postgresql_candidates(session, query, candidates)
    else:
        ids = _sqlite_candidates(session, query, candidates)
    add(keys_by_id(session, [i for i in ids if i not in found]))
    add(skeleton_keys(session, query, limit=candidates))
    scored = score_keys(query, found.values(), score_cutoff)
    best = max((s.score for s in scored), default=0.0)
    seen = set(found)
    if best < PARTIAL_CEILING and score_cutoff <= PARTIAL_CEILING:
        # Keys found whole inside the query, from 1/8 to 2/3 of its length: WRatio gives
        # them its partial-match score, which can beat a misspelt full name.
        pieces = substrings(query, math.ceil(len(query) / 8), int(len(query) / 1.5))
        add(exact_keys(session, pieces, limit=candidates))
        # A short key close to one of the query's words scores up to 90 in the same way.
        for word in query.split() if " " in query else []:
            if len(word) >= 4:
                add(skeleton_keys(session, word, limit=candidates))
                add(keys_like(session, word, limit=candidates * 10))
    if (
        best < SHORT_WORD_DONE
        and score_cutoff <= PARTIAL_CEILING
        and " " not in query
        and len(query) <= SHORT_WORD
    ):
        # Above the partial ceiling (resolving a name, not searching), a slip this lookup
        # exists for scores too low to count; a dropped or doubled letter keeps the
        # skeleton or most trigrams and was found above.
        add(keys_like(session, query, limit=candidates * 10))
    return scored + score_keys(query, (k for i, k in found.items() if i not in seen), score_cutoff)
