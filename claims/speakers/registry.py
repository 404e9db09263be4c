"""The speaker registry: creating speakers, their aliases, and matching a name to a speaker.

A name matches through its aliases' keys (``claims.extraction.names.alias_keys``): the normal form
exactly, then a lone surname for people, then fuzzily with rapidfuzz's WRatio over the
candidates the speaker index (``claims.speakers.index``) picks, so a match costs a few index
lookups however many speakers there are. Weak aliases ("a spokesman") are kept for display
but never matched on, and speakers merged into another are never matched.

Renaming a speaker and changing its aliases are audited on the speaker. Merging two
speakers, and undoing a merge, is ``claims.speakers.merge``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from claims.archive import audit
from claims.extraction.names import (
    alias_keys,
    is_weak_alias,
    normalise_name,
    surname_key,
    without_particle,
)
from claims.speakers.index import resolution_keys, score_keys, search_keys
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim, Speaker, SpeakerAlias, SpeakerKind

#: Score (0-100) a fuzzy match needs to be taken as the same speaker when resolving. Above
#: WRatio's partial-match ceiling (90): a name found inside another is not evidence enough
#: that the two are one person.
RESOLVE_THRESHOLD = 91.0
#: Score above which a speaker is listed as a match for a query.
QUERY_THRESHOLD = 75.0

_ORGANISATION_WORDS = re.compile(
    r"\b(authority|ministry|department|council|committee|party|government|administration|"
    r"agency|office|army|forces|police|commission|court|union|association|institute|"
    r"centre|center|university|company|corporation|corp|inc|ltd|bank|times|post|news|"
    r"press|television|tv|radio|network|channel|foundation|group|campaign|organi[sz]ation|"
    r"league|federation|senate|congress|parliament|cabinet|coalition|movement|militia|"
    r"brigade|front|telegraph|guardian|journal|tribune|herald)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SpeakerMatch:
    """A speaker found for a name, with the alias that matched and how well."""

    speaker: Speaker
    alias: str
    score: float
    method: str
    """``alias`` (exact normal form), ``surname``, ``fuzzy`` or ``new``."""


def parse_kind(kind: str) -> SpeakerKind:
    """The ``SpeakerKind`` named by ``kind``; the error lists the valid ones."""
    try:
        return SpeakerKind(kind.strip().lower())
    except ValueError:
        valid = ", ".join(k.value for k in SpeakerKind)
        raise InvalidValueError(f"unknown speaker kind {kind!r} (valid: {valid})") from None


def guess_kind(name: str) -> SpeakerKind:
    """A first guess at what ``name`` denotes, for speakers created without a stated kind."""
    if is_weak_alias(name):
        return SpeakerKind.ANONYMOUS
    if _ORGANISATION_WORDS.search(name) or (name.isupper() and len(name) <= 8):
        return SpeakerKind.ORGANISATION
    return SpeakerKind.PERSON


def get_speaker(session: Session, speaker_id: int) -> Speaker:
    """The speaker with ``speaker_id``; raises ``NotFoundError`` if there is none."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFoundError(f"no speaker with id {speaker_id}")
    return speaker


def aliases_of(session: Session, speaker_id: int) -> list[SpeakerAlias]:
    """A speaker's aliases, strong ones first, in the order they were added."""
    rows = session.exec(
        select(SpeakerAlias)
        .where(SpeakerAlias.speaker_id == speaker_id)
        .order_by(col(SpeakerAlias.weak), col(SpeakerAlias.id))
    )
    return list(rows)


def alias_row(speaker_id: int, alias: str, *, weak: bool | None = None) -> dict[str, object]:
    """The stored row of an alias: the text as written, its keys, and whether it is weak.

    Args:
        weak: Never match on this alias. Decided from the words when None.

    Raises:
        InvalidValueError: The alias has no letters to match on.
    """
    alias = " ".join(alias.split())
    keys = alias_keys(alias)
    if not keys.normalised:
        raise InvalidValueError(f"alias {alias!r} has no letters to match on")
    return {
        "speaker_id": speaker_id,
        "alias": alias,
        "normalised": keys.normalised,
        "surname": keys.surname,
        "skeleton": keys.skeleton,
        "surname_skeleton": keys.surname_skeleton,
        "weak": is_weak_alias(alias) if weak is None else weak,
    }


def add_alias(
    session: Session, speaker: Speaker, alias: str, *, weak: bool | None = None
) -> SpeakerAlias | None:
    """Give ``speaker`` another alias; returns None when it already has it (in any case).

    Args:
        weak: Never match on this alias. Decided from the words when None.
    """
    assert speaker.id is not None
    row = alias_row(speaker.id, alias, weak=weak)
    known = session.exec(
        select(SpeakerAlias.alias).where(
            SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.normalised == row["normalised"]
        )
    ).all()
    if any(a.casefold() == str(row["alias"]).casefold() for a in known):
        return None
    added = SpeakerAlias.model_validate(row)
    session.add(added)
    session.flush()
    return added


def add_aliases(session: Session, wanted: Iterable[tuple[int, str, bool | None]]) -> int:
    """Add many (speaker id, alias, weak) at once, skipping those a speaker already has.

    Two statements whatever the number: one reads the speakers' aliases, one inserts the
    new ones. Returns how many were added.
    """
    rows: dict[tuple[int, str], dict[str, object]] = {}
    for speaker_id, alias, weak in wanted:
        try:
            row = alias_row(speaker_id, alias, weak=weak)
        except InvalidValueError:
            continue
        rows.setdefault((speaker_id, str(row["alias"]).casefold()), row)
    if not rows:
        return 0
    speaker_ids = sorted({speaker_id for speaker_id, _ in rows})
    for speaker_id, alias in session.exec(
        select(SpeakerAlias.speaker_id, SpeakerAlias.alias).where(
            col(SpeakerAlias.speaker_id).in_(speaker_ids)
        )
    ):
        rows.pop((speaker_id, alias.casefold()), None)
    if rows:
        session.connection().execute(sa.insert(SpeakerAlias), list(rows.values()))
    return len(rows)


def add_speaker(
    session: Session,
    name: str,
    *,
    kind: SpeakerKind | str | None = None,
    description: str | None = None,
    affiliation: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
    weak: bool | None = None,
) -> Speaker:
    """Create a speaker whose canonical name is also its first alias.

    Args:
        weak: Make every alias weak (an anonymous source, never to be matched); decided
            alias by alias from the words when None.
    """
    name = " ".join(name.split())
    if not name:
        raise InvalidValueError("a speaker needs a name")
    speaker = Speaker(
        name=name,
        kind=(parse_kind(kind) if isinstance(kind, str) else kind or guess_kind(name)).value,
        description=description,
        affiliation=affiliation,
    )
    session.add(speaker)
    session.flush()
    assert speaker.id is not None
    add_aliases(session, [(speaker.id, alias, weak) for alias in (name, *aliases)])
    return speaker


def find_speakers(
    session: Session, query: str, *, limit: int = 10, threshold: float = QUERY_THRESHOLD
) -> list[SpeakerMatch]:
    """Speakers whose strong aliases match ``query``, best first, one entry per speaker.

    "kimit", "Gen. Kimmitt" and "Mark Kimmitt" all find Mark Kimmitt: titles are stripped
    from both sides and the comparison is rapidfuzz's WRatio against each alias's normal
    form and surname key, which tolerates misspellings and partial names. Only the aliases
    the speaker index proposes are scored.
    """
    normalised = normalise_name(query)
    if not normalised or is_weak_alias(query):
        return []
    best: dict[int, tuple[float, bool, int, str]] = {}
    for hit in search_keys(session, normalised, score_cutoff=threshold):
        key = hit.key
        ranking = (hit.score, hit.exact, -key.alias_id, key.alias)
        if key.speaker_id not in best or ranking[:3] > best[key.speaker_id][:3]:
            best[key.speaker_id] = ranking
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    speakers = {
        speaker.id: speaker
        for speaker in session.exec(
            select(Speaker).where(col(Speaker.id).in_([speaker_id for speaker_id, _ in ranked]))
        )
    }
    return [
        SpeakerMatch(speakers[speaker_id], alias, round(score, 1), "alias" if exact else "fuzzy")
        for speaker_id, (score, exact, _, alias) in ranked
    ]


#: How far below the best fuzzy score a speaker may be and still be meant by a filter.
FILTER_MARGIN = 5.0


def speaker_matches_for(session: Session, query: str) -> list[SpeakerMatch]:
    """The speakers a ``--speaker`` filter means, with the alias each matched on and its score.

    An exact alias names just its speakers; otherwise every speaker whose fuzzy score is
    within ``FILTER_MARGIN`` points of the best, so a misspelling still finds its closest
    names.

    Raises:
        NotFoundError: No speaker matches at all.
    """
    matches = find_speakers(session, query, limit=50)
    if not matches:
        raise NotFoundError(f"no speaker matches {query!r}")
    if matches[0].method == "alias":
        return [m for m in matches if m.method == "alias"]
    return [m for m in matches if m.score >= matches[0].score - FILTER_MARGIN]


def speakers_named(session: Session, query: str) -> list[int]:
    """The ids of the speakers a ``--speaker`` filter means (see ``speaker_matches_for``).

    Raises:
        NotFoundError: No speaker matches at all.
    """
    return [m.speaker.id for m in speaker_matches_for(session, query) if m.speaker.id is not None]


def match_speaker(session: Session, name: str, *, thorough: bool = True) -> SpeakerMatch | None:
    """The one speaker ``name`` denotes, if the registry can tell; None when it cannot.

    Exact normal form first; then a surname that points at exactly one person; then the best
    fuzzy match scoring at least ``RESOLVE_THRESHOLD``, a few points clear of the next
    speaker. Weak names ("a spokesman") never match.

    Args:
        thorough: Look for fuzzy matches through the whole speaker index (trigrams
            included). Without it only aliases sharing the name's normal form, surname or
            consonant skeleton are scored, in one statement: bulk ingest resolves thousands
            of names this way.
    """
    normalised = normalise_name(name)
    if not normalised or is_weak_alias(name):
        return None
    keys = resolution_keys(session, normalised)
    exact = sorted((k.speaker_id, k.alias_id, k.alias) for k in keys if k.normalised == normalised)
    if exact:
        speaker_id, _, written = exact[0]
        return SpeakerMatch(get_speaker(session, speaker_id), written, 100.0, "alias")
    # A lone surname names the one person whose full name ends in it ("Sadr" is Moqtada
    # al-Sadr); a full name names the one person known so far by its surname alone.
    if " " not in normalised:
        lone = without_particle(normalised)
        owners = [k for k in keys if k.surname == lone]
    else:
        last = surname_key(normalised)
        owners = [k for k in keys if last is not None and k.normalised == last]
    people = {k.speaker_id: k.alias for k in sorted(owners, key=lambda k: k.alias_id)}
    if len(people) == 1:
        ((speaker_id, written),) = people.items()
        candidate = get_speaker(session, speaker_id)
        if candidate.kind == SpeakerKind.PERSON:
            return SpeakerMatch(candidate, written, 95.0, "surname")
    if thorough:
        hits = [
            (m.score, m.speaker.id or 0, m.alias)
            for m in find_speakers(session, name, limit=2, threshold=RESOLVE_THRESHOLD)
        ]
    else:
        best: dict[int, tuple[float, int, str]] = {}
        for scored in score_keys(normalised, keys, RESOLVE_THRESHOLD):
            key = scored.key
            if key.speaker_id not in best or scored.score > best[key.speaker_id][0]:
                best[key.speaker_id] = (scored.score, key.speaker_id, key.alias)
        hits = sorted(best.values(), key=lambda hit: (-hit[0], hit[1]))[:2]
    if hits and (len(hits) == 1 or hits[0][0] - hits[1][0] >= 3):
        score, speaker_id, written = hits[0]
        return SpeakerMatch(get_speaker(session, speaker_id), written, score, "fuzzy")
    return None


def resolve_speaker(
    session: Session,
    name: str,
    *,
    kind: SpeakerKind | str | None = None,
    description: str | None = None,
    affiliation: str | None = None,
) -> SpeakerMatch:
    """The registry's speaker for ``name``, created when no candidate is good enough.

    A new speaker is always created for a weak name: two "senior officials" are not known to
    be the same person.
    """
    found = match_speaker(session, name)
    if found is not None:
        add_alias(session, found.speaker, name)
        return found
    speaker = add_speaker(
        session, name, kind=kind, description=description, affiliation=affiliation
    )
    return SpeakerMatch(speaker, speaker.name, 0.0, "new")


def claim_counts(session: Session, speaker_ids: list[int]) -> dict[int, int]:
    """How many claims each speaker has."""
    if not speaker_ids:
        return {}
    rows = session.exec(
        select(Claim.speaker_id, func.count())
        .where(col(Claim.speaker_id).in_(speaker_ids))
        .group_by(col(Claim.speaker_id))
    )
    return {speaker_id: count for speaker_id, count in rows if speaker_id is not None}


def list_speakers(session: Session, *, limit: int | None = None) -> list[Speaker]:
    """Speakers not merged into another, by name."""
    statement = (
        select(Speaker)
        .where(col(Speaker.merged_into_id).is_(None))
        .order_by(func.lower(Speaker.name), col(Speaker.id))
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))


def record_speaker_change(
    session: Session, *, user: str, speaker: Speaker, field: str, old: object, new: object
) -> None:
    """Audit a change to a speaker record."""
    audit.record(
        session, user=user, action="speaker", speaker_id=speaker.id, field=field, old=old, new=new
    )


def active_speaker(session: Session, speaker_id: int) -> Speaker:
    """The speaker with ``speaker_id``, refused if it has been merged into another."""
    speaker = get_speaker(session, speaker_id)
    if speaker.merged_into_id is not None:
        raise InvalidValueError(
            f"speaker {speaker_id} was merged into speaker {speaker.merged_into_id}; "
            f"change that one, or `claims speakers unmerge {speaker_id}` first"
        )
    return speaker


def rename_speaker(session: Session, speaker_id: int, name: str, *, user: str) -> Speaker:
    """Give a speaker a new canonical name; the old name stays an alias and the new one
    becomes one. Audited."""
    speaker = active_speaker(session, speaker_id)
    name = " ".join(name.split())
    if not normalise_name(name):
        raise InvalidValueError(f"name {name!r} has no letters to match on")
    if name == speaker.name:
        return speaker
    record_speaker_change(
        session, user=user, speaker=speaker, field="name", old=speaker.name, new=name
    )
    speaker.name = name
    session.add(speaker)
    add_alias(session, speaker, name)
    return speaker


def set_alias(
    session: Session, speaker_id: int, alias: str, *, user: str, weak: bool | None = None
) -> SpeakerAlias:
    """Add an alias to a speaker, or change whether an alias it has is weak. Audited.

    Args:
        weak: Never match on this alias. Decided from the words when None (for a new alias;
            an existing one keeps its setting).

    Returns:
        The alias row, new or changed.
    """
    speaker = active_speaker(session, speaker_id)
    written = " ".join(alias.split())
    existing = next(
        (a for a in aliases_of(session, speaker_id) if a.alias.casefold() == written.casefold()),
        None,
    )
    if existing is not None:
        if weak is not None and existing.weak != weak:
            record_speaker_change(
                session,
                user=user,
                speaker=speaker,
                field="alias",
                old={"alias": existing.alias, "weak": existing.weak},
                new={"alias": existing.alias, "weak": weak},
            )
            existing.weak = weak
            session.add(existing)
            session.flush()
        return existing
    row = add_alias(session, speaker, written, weak=weak)
    assert row is not None
    record_speaker_change(
        session,
        user=user,
        speaker=speaker,
        field="alias",
        old=None,
        new={"alias": row.alias, "weak": row.weak},
    )
    return row
