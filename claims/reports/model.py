"""The comparison report as data: what it covers, its claims and the rival accounts among them.

``build_report`` gathers a ``Report`` from the store; the renderers in
``claims.reports.render`` turn the same ``Report`` into Markdown, HTML or JSON, so the three
always say the same thing. A report holds the claims in its scope and, beside them, every
claim linked to one of them, so each rival account is shown in full even when it lies
outside the scope (it is marked as such).

A renderer reads ``Report``: its ``Summary``, its ``EventSection``s (the accounts of one
event and the ``Pair``s of each relation among them, in ``RELATION_ORDER``) and its claims,
each a ``ClaimEntry`` built by ``claims.browse.accounts``, the same account the comparison
screens show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlmodel import Session, select

from claims import __version__
from claims.browse.accounts import (
    ClaimEntry,
    EventInfo,
    accounts_by_event,
    claim_ids,
    linked_accounts,
)
from claims.review.edits import get_claim, normalise_tag
from claims.review.events import get_event
from claims.speakers.registry import get_speaker, speakers_named
from db.errors import NotFoundError
from db.models import Relation, ReviewStatus, Tag, utcnow
from db.queries import ClaimFilter

#: The order relations are shown in: disagreement first, it is what a report is for.
RELATION_ORDER = [
    Relation.CONTRADICTS,
    Relation.SUPPORTS,
    Relation.DUPLICATE,
    Relation.ELABORATES,
    Relation.SAME_EVENT,
]


class ScopeKind(StrEnum):
    """What a report is about."""

    EVENT = "event"
    CLAIM = "claim"
    TAG = "tag"
    SPEAKER = "speaker"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class ReportScope:
    """The claims a report covers: an event, a claim, a tag, a speaker, or everything."""

    kind: ScopeKind
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    """Two accounts linked by a relation, shown side by side."""

    link_id: int | None
    a: int
    b: int
    note: str | None
    created_by: str | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RelationGroup:
    relation: str
    pairs: list[Pair]


@dataclass(frozen=True, slots=True)
class EventSection:
    """The accounts of one event (or of none), and the relations among them."""

    event: EventInfo | None
    claim_ids: list[int]
    groups: list[RelationGroup]

    @property
    def anchor(self) -> str:
        return self.event.anchor if self.event else "no-event"

    @property
    def title(self) -> str:
        return self.event.name if self.event else "Claims not attached to an event"


@dataclass(frozen=True, slots=True)
class Summary:
    claims: int
    in_scope: int
    speakers: int
    sources: int
    events: int
    contradictions: int
    relations: dict[str, int]
    statuses: dict[str, int]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a comparison report says, ready for any renderer."""

    title: str
    scope: ReportScope
    covers: str
    """A sentence saying what the report covers."""
    generated_at: dt.datetime
    generated_by: str | None
    generator: str
    summary: Summary
    sections: list[EventSection]
    claims: list[ClaimEntry]
    _by_id: dict[int, ClaimEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.claims})

    def claim(self, claim_id: int) -> ClaimEntry:
        """The entry of a claim in the report."""
        return self._by_id[claim_id]

    def has_claim(self, claim_id: int | None) -> bool:
        """Whether the report shows the claim (a link may lead outside it)."""
        return claim_id in self._by_id


def _scope_claims(session: Session, scope: ReportScope) -> tuple[list[int], str, str]:
    """The ids of the claims in scope, the report's title and a sentence on what it covers."""
    value = (scope.value or "").strip()
    if scope.kind is ScopeKind.EVENT:
        event = get_event(session, value)
        ids = claim_ids(session, ClaimFilter(event_id=event.id))
        bits = [b for b in (event.date.isoformat() if event.date else None, event.place) if b]
        where = f" ({', '.join(bits)})" if bits else ""
        return ids, event.name, f"the event “{event.name}”{where}"
    if scope.kind is ScopeKind.CLAIM:
        claim = get_claim(session, int(value))
        assert claim.id is not None
        return [claim.id], f"Claim {claim.id}", f"claim {claim.id} and the accounts linked to it"
    if scope.kind is ScopeKind.TAG:
        tag = normalise_tag(value)
        if session.exec(select(Tag).where(Tag.name == tag)).first() is None:
            raise NotFoundError(f"no claim is tagged {tag!r}")
        return claim_ids(session, ClaimFilter(tag=tag)), f"Tag #{tag}", f"the claims tagged “{tag}”"
    if scope.kind is ScopeKind.SPEAKER:
        speaker_ids = speakers_named(session, value)
        names = [get_speaker(session, sid).name for sid in speaker_ids]
        who = ", ".join(names)
        return claim_ids(session, ClaimFilter(speaker_ids=speaker_ids)), who, f"the claims of {who}"
    return claim_ids(session, ClaimFilter()), "All claims", "every claim in the archive"


def build_report(
    session: Session,
    scope: ReportScope,
    *,
    user: str | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Gather the report of ``scope`` from the store.

    Args:
        scope: What the report covers.
        user: Who is making it (shown in the header).
        now: When it is made; the current time when None.
        progress: Called with 1 as each claim is gathered.

    Raises:
        NotFoundError: The event, claim, tag or speaker does not exist.
    """
    in_scope, title, covers = _scope_claims(session, scope)
    entries, links = linked_accounts(session, in_scope, progress=progress)
    scoped = set(in_scope)
    sections = accounts_by_event(entries)
    pairs: dict[int | None, dict[str, list[Pair]]] = {key: {} for key in sections}
    for link in links:
        # A pair is shown with the event of its claim in scope (the one it was made from
        # when both or neither are).
        side = link.other_id if link.other_id in scoped and link.claim_id not in scoped else None
        origin = entries[side or link.claim_id].event
        key = origin.id if origin else None
        pairs[key].setdefault(link.relation, []).append(
            Pair(
                link_id=link.id,
                a=link.claim_id,
                b=link.other_id,
                note=link.note,
                created_by=link.created_by,
                created_at=link.created_at,
            )
        )
    report_sections = [
        EventSection(
            event=entries[members[0]].event,
            claim_ids=members,
            groups=[
                RelationGroup(relation=rel.value, pairs=pairs[key][rel.value])
                for rel in RELATION_ORDER
                if rel.value in pairs[key]
            ],
        )
        for key, members in sections.items()
    ]
    claims = [entries[cid] for members in sections.values() for cid in members]
    relations = Counter(link.relation for link in links)
    statuses = Counter(entry.status for entry in claims)
    summary = Summary(
        claims=len(claims),
        in_scope=len(scoped),
        speakers=len({e.speaker.id for e in claims if e.speaker is not None}),
        sources=len({e.source.id for e in claims if e.source is not None}),
        events=len({e.event.id for e in claims if e.event is not None}),
        contradictions=relations.get(Relation.CONTRADICTS.value, 0),
        relations={r.value: relations[r.value] for r in RELATION_ORDER if relations[r.value]},
        statuses={s.value: statuses[s.value] for s in ReviewStatus if statuses[s.value]},
    )
    return Report(
        title=title,
        scope=scope,
        covers=covers,
        generated_at=now or utcnow(),
        generated_by=user,
        generator=f"claimtrack {__version__}",
        summary=summary,
        sections=report_sections,
        claims=claims,
    )
