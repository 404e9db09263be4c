"""The speaker index: the few aliases worth scoring against a name, found without reading all.

Every alias is stored with two keys (``claims.names.alias_keys``): its normal form ("mark
kimmitt") and, for multi-word names, its surname key ("kimmitt"). A fuzzy query is scored
with rapidfuzz's WRatio against those keys, exactly as a scan of every key would be; the
index only decides which aliases are scored.

Why an index inside the database rather than one in memory: it is maintained by the
database in the same transaction as the alias rows (SQLite triggers, a PostgreSQL index),
so a process always sees the aliases another process has just added, a merge or a new alias
costs an index update rather than a rebuild, and a one-shot command pays nothing at start-up
and holds no copy of the alias list (peak memory is the page cache, shared and bounded).

How candidates are found:

- SQLite: ``speaker_alias_fts`` holds the trigrams of every normal form (FTS5's trigram
  tokenizer) and ``speaker_alias_fts_vocab`` how many aliases contain each. The query's
  trigrams are taken rarest first (prefix filtering: an alias sharing at least a third of
  the query's trigrams must contain one of the rarest two thirds), while their posting lists
  stay within a budget; aliases are ranked by how many of those trigrams they share and the
  best ``CANDIDATES`` are scored. Common trigrams ("an ", "mar") are never read in full.
- PostgreSQL: the pg_trgm GIN index answers ``query <% normalised`` (word similarity), the
  best ``CANDIDATES`` by similarity are scored.
- Both: WRatio scores a key that is a substring of the query at 90 however little of the
  query it covers ("kim" for "kimit"). Trigram overlap cannot see those, so when the
  candidates' best score is below 90, the query's substrings are looked up exactly in the
  (B-tree) indexes on both keys.

Weak aliases and speakers merged into another are never candidates.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlmodel import Session, col

from db.models import Speaker, SpeakerAlias

#: How many aliases, at most, are scored for one query (after the index has ranked them).
CANDIDATES = 400
#: Posting entries read from the trigram index for one query, beyond the prefix it needs.
POSTINGS_BUDGET = 30_000
#: The share of a query's trigrams an alias must have to be sure of being a candidate.
MIN_SHARED = 1 / 3
#: WRatio's score for a key found whole inside a longer query (its partial-match ceiling).
PARTIAL_CEILING = 90.0
#: Word similarity (0-1) a PostgreSQL candidate needs.
PG_WORD_SIMILARITY = 0.3


@dataclass(frozen=True, slots=True)
class AliasKey:
    """A strong alias of an active speaker, with the keys it is matched on."""

    alias_id: int
    speaker_id: int
    alias: str
    normalised: str
    surname: str | None


@dataclass(frozen=True, slots=True)
class ScoredAlias:
    """An alias with its best WRatio score against a query, and which key scored it."""

    key: AliasKey
    score: float
    exact: bool
    """True when one of its keys equals the query's normal form."""


def score_keys(
    query: str, keys: Sequence[AliasKey], score_cutoff: float = 0.0
) -> list[ScoredAlias]:
    """Score each alias's keys against a normalised ``query``; each alias gets its best key.

    Returns:
        The aliases scoring at least ``score_cutoff``, in the order of ``keys``.
    """
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


KeysSelect = sa.Select[int, int, str, str, str | None]


def _keys_select() -> KeysSelect:
    alias_id = sa.type_coerce(col(SpeakerAlias.id), sa.Integer)  # an int once stored
    return (
        sa.select(
            alias_id,
            col(SpeakerAlias.speaker_id),
            col(SpeakerAlias.alias),
            col(SpeakerAlias.normalised),
            col(SpeakerAlias.surname),
        )
        .join(Speaker, col(Speaker.id) == col(SpeakerAlias.speaker_id))
        .where(col(SpeakerAlias.weak).is_(False), col(Speaker.merged_into_id).is_(None))
    )


def _keys(session: Session, statement: KeysSelect) -> list[AliasKey]:
    return [AliasKey(*row) for row in session.connection().execute(statement)]


def keys_by_id(session: Session, alias_ids: Iterable[int]) -> list[AliasKey]:
    """The strong, active aliases among ``alias_ids``."""
    ids = list(alias_ids)
    if not ids:
        return []
    return _keys(session, _keys_select().where(col(SpeakerAlias.id).in_(ids)))


def exact_keys(
    session: Session, normalised: Sequence[str], *, limit: int | None = None
) -> list[AliasKey]:
    """Aliases whose normal form or surname key is one of ``normalised`` (B-tree lookups)."""
    if not normalised:
        return []
    wanted = list(dict.fromkeys(normalised))
    statement = _keys_select().where(
        col(SpeakerAlias.normalised).in_(wanted) | col(SpeakerAlias.surname).in_(wanted)
    )
    if limit is not None:
        statement = statement.order_by(col(SpeakerAlias.id)).limit(limit)
    return _keys(session, statement)


def surname_keys(session: Session, surname: str) -> list[AliasKey]:
    """Aliases of several words whose last word is ``surname``."""
    return _keys(session, _keys_select().where(col(SpeakerAlias.surname) == surname))


def trigrams(text: str) -> list[str]:
    """The distinct three-character windows of ``text``, as FTS5's trigram tokenizer cuts it."""
    return list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_candidates(session: Session, query: str, limit: int) -> list[int]:
    grams = trigrams(query)
    if not grams:
        return []
    connection = session.connection()
    frequency: dict[str, int] = {}
    vocab = sa.text("SELECT term, doc FROM speaker_alias_fts_vocab WHERE term = :term")
    for gram in grams:
        found = connection.execute(vocab, {"term": gram}).first()
        if found is not None:
            frequency[gram] = found[1]
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
    postings = sa.text("SELECT rowid FROM speaker_alias_fts WHERE speaker_alias_fts MATCH :q")
    counts: Counter[int] = Counter()
    for gram in chosen:
        counts.update(rowid for (rowid,) in connection.execute(postings, {"q": _fts_string(gram)}))
    return [rowid for rowid, _ in counts.most_common(limit)]


_trgm_schema: dict[str, str] = {}


def _pg_trgm_schema(session: Session) -> str:
    """The schema pg_trgm is installed in (looked up once per database)."""
    bind = session.get_bind()
    url = bind.engine.url.render_as_string(hide_password=True)
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


def substrings(text: str, shortest: int, longest: int) -> list[str]:
    """Every distinct substring of ``text`` from ``shortest`` to ``longest`` characters long."""
    found: dict[str, None] = {}
    for size in range(max(1, shortest), min(longest, len(text)) + 1):
        for start in range(len(text) - size + 1):
            found[text[start : start + size]] = None
    return list(found)


def search_keys(
    session: Session, query: str, *, score_cutoff: float, candidates: int = CANDIDATES
) -> list[ScoredAlias]:
    """The aliases scoring at least ``score_cutoff`` against a normalised ``query``.

    Scores are WRatio over the alias's two keys, the same a scan of every key would give;
    only aliases the index ranks among the best ``candidates`` (and exact keys) are scored.
    """
    if not query:
        return []
    session.flush()  # the raw index queries below do not flush pending aliases themselves
    if session.get_bind().dialect.name == "postgresql":
        ids = _postgresql_candidates(session, query, candidates)
    else:
        ids = _sqlite_candidates(session, query, candidates)
    keys = {key.alias_id: key for key in keys_by_id(session, ids)}
    for key in exact_keys(session, [query]):
        keys.setdefault(key.alias_id, key)
    scored = score_keys(query, list(keys.values()), score_cutoff)
    best = max((s.score for s in scored), default=0.0)
    if best < PARTIAL_CEILING and score_cutoff <= PARTIAL_CEILING:
        # Keys found whole inside the query, from 1/8 to 2/3 of its length: WRatio gives
        # them its partial-match score, which can beat a misspelt full name.
        pieces = substrings(query, math.ceil(len(query) / 8), int(len(query) / 1.5))
        extra = [k for k in exact_keys(session, pieces, limit=candidates) if k.alias_id not in keys]
        scored += score_keys(query, extra, score_cutoff)
    return scored
