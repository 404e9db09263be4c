"""The speaker registry: creating speakers, their aliases, and matching a name to a speaker.

A name matches through its aliases' normal form (``claims.names.normalise_name``): exactly,
then by surname for people, then fuzzily with rapidfuzz. Weak aliases ("a spokesman") are
kept for display but never matched on, and speakers merged into another are never matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import Session, col, func, select

from claims import audit
from claims.names import is_weak_alias, normalise_name, surname
from db.errors import InvalidValueError, NotFoundError
from db.models import Claim, Speaker, SpeakerAlias, SpeakerKind

#: Score (0-100) above which a fuzzy match is taken as the same speaker when resolving.
RESOLVE_THRESHOLD = 90.0
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


def add_alias(
    session: Session, speaker: Speaker, alias: str, *, weak: bool | None = None
) -> SpeakerAlias | None:
    """Give ``speaker`` another alias; returns None when it already has it (in any case).

    Args:
        weak: Never match on this alias. Decided from the words when None.
    """
    alias = " ".join(alias.split())
    normalised = normalise_name(alias)
    if not normalised:
        raise InvalidValueError(f"alias {alias!r} has no letters to match on")
    assert speaker.id is not None
    known = session.exec(
        select(SpeakerAlias.alias).where(
            SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.normalised == normalised
        )
    ).all()
    if any(a.casefold() == alias.casefold() for a in known):
        return None
    row = SpeakerAlias(
        speaker_id=speaker.id,
        alias=alias,
        normalised=normalised,
        weak=is_weak_alias(alias) if weak is None else weak,
    )
    session.add(row)
    session.flush()
    return row


def add_speaker(
    session: Session,
    name: str,
    *,
    kind: SpeakerKind | str | None = None,
    description: str | None = None,
    affiliation: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
) -> Speaker:
    """Create a speaker whose canonical name is also its first alias."""
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
    for alias in (name, *aliases):
        add_alias(session, speaker, alias)
    return speaker


def _strong_aliases(session: Session) -> list[tuple[int, str, str]]:
    rows = session.exec(
        select(SpeakerAlias.speaker_id, SpeakerAlias.normalised, SpeakerAlias.alias)
        .join(Speaker, col(Speaker.id) == SpeakerAlias.speaker_id)
        .where(col(SpeakerAlias.weak).is_(False), col(Speaker.merged_into_id).is_(None))
    )
    return [(sid, norm, alias) for sid, norm, alias in rows]


def find_speakers(
    session: Session, query: str, *, limit: int = 10, threshold: float = QUERY_THRESHOLD
) -> list[SpeakerMatch]:
    """Speakers whose strong aliases match ``query``, best first, one entry per speaker.

    "kimit", "Gen. Kimmitt" and "Mark Kimmitt" all find Mark Kimmitt: titles are stripped
    from both sides and the comparison is rapidfuzz's WRatio, which tolerates misspellings
    and partial names.
    """
    normalised = normalise_name(query)
    if not normalised or is_weak_alias(query):
        return []
    # Every strong alias is a candidate, and so is the surname of every multi-word one, so
    # that a misspelt surname alone ("kimit") still finds "Mark Kimmitt".
    candidates: list[tuple[int, str, str]] = []
    for speaker_id, norm, alias in _strong_aliases(session):
        candidates.append((speaker_id, norm, alias))
        last = surname(norm)
        if " " in norm and last and len(last) > 2:
            candidates.append((speaker_id, last, alias))
    best: dict[int, tuple[float, str, str]] = {}
    for norm, score, index in process.extract(
        normalised,
        [c[1] for c in candidates],
        scorer=fuzz.WRatio,
        score_cutoff=threshold,
        limit=None,
    ):
        speaker_id, _, alias = candidates[index]
        method = "alias" if norm == normalised else "fuzzy"
        if speaker_id not in best or score > best[speaker_id][0]:
            best[speaker_id] = (score, alias, method)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    return [
        SpeakerMatch(get_speaker(session, sid), alias, round(score, 1), method)
        for sid, (score, alias, method) in ranked
    ]


def speakers_named(session: Session, query: str) -> list[int]:
    """The ids of the speakers a ``--speaker`` filter means.

    An exact alias names just its speakers; otherwise every speaker whose fuzzy score is
    within a few points of the best, so a misspelling still finds its closest names.

    Raises:
        NotFoundError: No speaker matches at all.
    """
    matches = find_speakers(session, query, limit=50)
    if not matches:
        raise NotFoundError(f"no speaker matches {query!r}")
    if matches[0].method == "alias":
        matches = [m for m in matches if m.method == "alias"]
    else:
        matches = [m for m in matches if m.score >= matches[0].score - 5]
    return [m.speaker.id for m in matches if m.speaker.id is not None]


def match_speaker(session: Session, name: str) -> SpeakerMatch | None:
    """The one speaker ``name`` denotes, if the registry can tell; None when it cannot.

    Exact normal form first; then a lone surname shared by exactly one person; then the best
    fuzzy match above ``RESOLVE_THRESHOLD``. Weak names ("a spokesman") never match.
    """
    normalised = normalise_name(name)
    if not normalised or is_weak_alias(name):
        return None
    exact = session.exec(
        select(SpeakerAlias, Speaker)
        .join(Speaker, col(Speaker.id) == SpeakerAlias.speaker_id)
        .where(
            SpeakerAlias.normalised == normalised,
            col(SpeakerAlias.weak).is_(False),
            col(Speaker.merged_into_id).is_(None),
        )
        .order_by(col(Speaker.id))
    ).first()
    if exact is not None:
        row, speaker = exact
        return SpeakerMatch(speaker, row.alias, 100.0, "alias")
    if " " not in normalised:
        people = {
            sid: written
            for sid, norm, written in _strong_aliases(session)
            if " " in norm and surname(norm) == normalised
        }
        if len(people) == 1:
            ((sid, written),) = people.items()
            candidate = get_speaker(session, sid)
            if candidate.kind == SpeakerKind.PERSON:
                return SpeakerMatch(candidate, written, 95.0, "surname")
    hits = find_speakers(session, name, limit=2, threshold=RESOLVE_THRESHOLD)
    if hits and (len(hits) == 1 or hits[0].score - hits[1].score >= 3):
        return SpeakerMatch(hits[0].speaker, hits[0].alias, hits[0].score, "fuzzy")
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
    return {sid: n for sid, n in rows if sid is not None}


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
