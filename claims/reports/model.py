"""The comparison report as data: what it covers, its claims and the rival accounts among them.

``build_report`` gathers a ``Report`` from the store; the renderers in
``claims.reports.render`` turn the same ``Report`` into Markdown, HTML or JSON, so the three
always say the same thing. A report holds the claims in its scope and, beside them, every
claim linked to one of them, so each rival account is shown in full even when it lies
outside the scope (it is marked as such).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, or_, select

from claims import __version__
from claims.browse.details import ClaimDetail, claim_detail
from claims.extraction.attribution import ChainPart, attribution_chain, chain_text
from claims.review import audit
from claims.review.edits import get_claim, normalise_tag
from claims.review.events import get_event
from claims.speakers.registry import get_speaker, speakers_named
from claims.versions.anchoring import Method
from claims.versions.history import ORPHAN_ACTION, REANCHOR_ACTION
from db.errors import NotFoundError
from db.models import ClaimLink, Relation, ReviewStatus, Tag, utcnow
from db.queries import ClaimFilter, list_claims

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
class SpeakerInfo:
    id: int | None
    name: str
    kind: str
    role: str | None
    affiliation: str | None


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: int | None
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    media_type: str


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int | None
    name: str
    date: dt.date | None
    place: str | None
    description: str | None

    @property
    def anchor(self) -> str:
        return f"event-{self.id}"


@dataclass(frozen=True, slots=True)
class ContextInfo:
    """The claim's words in their paragraph; ``clipped_*`` when the paragraph goes on."""

    before: str
    quote: str
    after: str
    clipped_before: bool
    clipped_after: bool


@dataclass(frozen=True, slots=True)
class LinkInfo:
    id: int | None
    relation: str
    direction: str
    """``to`` when the link was made from this claim, ``from`` when from the other."""
    other_id: int | None
    note: str | None
    created_by: str | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: dt.datetime
    user: str
    action: str
    field: str | None
    old: Any
    new: Any
    description: str


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    """One account in full, as the report shows it."""

    id: int
    in_scope: bool
    content: str
    quote_type: str
    cue: str | None
    via: str | None
    mention: str | None
    speaker: SpeakerInfo | None
    attribution: list[ChainPart]
    attribution_text: str
    source: SourceInfo | None
    span: tuple[int, int] | None
    context: ContextInfo | None
    event: EventInfo | None
    said_on: dt.date | None
    status: str
    note: str | None
    tags: list[str]
    links: list[LinkInfo]
    history: list[HistoryEntry]
    version: int
    text_change: str | None = None
    """Set when the source's own words for the claim changed in a later version (or are
    gone): a sentence saying so, and whether that happened after the claim was reviewed."""

    @property
    def anchor(self) -> str:
        """The HTML id of the claim's full record."""
        return f"claim-{self.id}"

    @property
    def speaker_name(self) -> str:
        return self.speaker.name if self.speaker else (self.mention or "unattributed")


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
        ids = _ids(session, ClaimFilter(event_id=event.id))
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
        return _ids(session, ClaimFilter(tag=tag)), f"Tag #{tag}", f"the claims tagged “{tag}”"
    if scope.kind is ScopeKind.SPEAKER:
        speaker_ids = speakers_named(session, value)
        names = [get_speaker(session, sid).name for sid in speaker_ids]
        who = ", ".join(names)
        return _ids(session, ClaimFilter(speaker_ids=speaker_ids)), who, f"the claims of {who}"
    return _ids(session, ClaimFilter()), "All claims", "every claim in the archive"


def _ids(session: Session, where: ClaimFilter) -> list[int]:
    return [c.id for c in list_claims(session, where) if c.id is not None]


def _links_touching(session: Session, ids: list[int]) -> list[ClaimLink]:
    if not ids:
        return []
    return list(
        session.exec(
            select(ClaimLink)
            .where(or_(col(ClaimLink.claim_id).in_(ids), col(ClaimLink.other_id).in_(ids)))
            .order_by(col(ClaimLink.id))
        )
    )


def _role(role: str | None, name: str) -> str | None:
    # "representative of Moqtada al-Sadr" needs no role that repeats it.
    return None if role is None or role.casefold() in name.casefold() else role


def _entry(detail: ClaimDetail, in_scope: bool) -> ClaimEntry:
    claim, speaker, source, event = detail.claim, detail.speaker, detail.source, detail.event
    assert claim.id is not None
    chain = attribution_chain(claim, speaker, source)
    context = None
    if detail.context is not None:
        ctx, text = detail.context, detail.text or ""
        end = ctx.offset + len(ctx.text)
        # context_of stops at paragraph breaks; anywhere else it cut the paragraph short.
        context = ContextInfo(
            before=ctx.before,
            quote=ctx.quote,
            after=ctx.after,
            clipped_before=ctx.offset > 0 and text[ctx.offset - 2 : ctx.offset] != "\n\n",
            clipped_after=end < len(text) and text[end : end + 2] != "\n\n",
        )
    return ClaimEntry(
        id=claim.id,
        in_scope=in_scope,
        content=claim.content,
        quote_type=claim.quote_type,
        cue=claim.cue,
        via=claim.via,
        mention=claim.speaker_mention,
        speaker=None
        if speaker is None
        else SpeakerInfo(
            id=speaker.id,
            name=speaker.name,
            kind=speaker.kind,
            role=_role(claim.speaker_role or speaker.description, speaker.name),
            affiliation=speaker.affiliation,
        ),
        attribution=chain,
        attribution_text=chain_text(chain),
        source=None
        if source is None
        else SourceInfo(
            id=source.id,
            title=source.title,
            outlet=source.outlet,
            author=source.author,
            published=source.published,
            url=source.url,
            media_type=source.media_type,
        ),
        span=(claim.span_start, claim.span_end)
        if claim.span_start is not None and claim.span_end is not None
        else None,
        context=context,
        event=None
        if event is None
        else EventInfo(
            id=event.id,
            name=event.name,
            date=event.date,
            place=event.place,
            description=event.description,
        ),
        said_on=claim.said_on,
        status=claim.status,
        note=claim.note,
        tags=list(detail.tags),
        links=[
            LinkInfo(
                id=view.link.id,
                relation=view.link.relation,
                direction="to" if view.outgoing else "from",
                other_id=view.other.id,
                note=view.link.note,
                created_by=view.link.created_by,
                created_at=view.link.created_at,
            )
            for view in detail.links
        ],
        history=[
            HistoryEntry(
                at=entry.at,
                user=entry.user,
                action=entry.action,
                field=entry.field,
                old=audit.decode(entry.old_value),
                new=audit.decode(entry.new_value),
                description=audit.describe_audit(entry),
            )
            for entry in detail.history
        ],
        version=claim.version,
        text_change=_text_change(detail),
    )


def natural_key(name: str) -> tuple[Any, ...]:
    """A sort key that puts "Clash 2" before "Clash 10": numbers compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", name.casefold())
        if part
    )


def _text_change(detail: ClaimDetail) -> str | None:
    """What a reader must know about edits to the source's words for this claim."""
    claim, source = detail.claim, detail.source
    if source is None or source.version == 1:
        return None
    edits = [
        entry
        for entry in detail.history
        if entry.action == ORPHAN_ACTION
        or (
            entry.action == REANCHOR_ACTION
            and (audit.decode(entry.new_value) or {}).get("method") == Method.FUZZY.value
        )
    ]
    if not edits:
        return None
    last = edits[-1]
    reviewed = any(
        entry.action == "review" and (entry.id or 0) < (last.id or 0) for entry in detail.history
    )
    after_review = ", after it was reviewed" if reviewed else ""
    if detail.orphaned:
        return (
            f"Version {source.version} of the source no longer says this{after_review}; "
            f"it is quoted from version {claim.anchor_version}."
        )
    if claim.changed_in_version is None:
        return None
    return (
        f"The source's words for this claim changed in version "
        f"{claim.changed_in_version}{after_review}."
    )


def claim_entry(session: Session, claim_id: int, *, in_scope: bool = True) -> ClaimEntry:
    """One claim as a report shows it; raises ``NotFoundError`` for an unknown id."""
    return _entry(claim_detail(session, claim_id), in_scope)


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
    links = _links_touching(session, in_scope)
    scoped = set(in_scope)
    linked = sorted({i for link in links for i in (link.claim_id, link.other_id)} - scoped)
    entries = {}
    for cid in sorted(scoped | set(linked)):
        entries[cid] = _entry(claim_detail(session, cid), cid in scoped)
        if progress:
            progress(1)

    sections: dict[int | None, list[int]] = {}
    events: dict[int | None, EventInfo | None] = {None: None}
    for cid, entry in entries.items():
        key = entry.event.id if entry.event else None
        sections.setdefault(key, []).append(cid)
        events[key] = entry.event
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

    def event_order(key: int | None) -> tuple[bool, bool, str, str | tuple[Any, ...]]:
        # Events of the claims in scope first, by date; those of linked claims after them.
        event = events[key]
        outside = not any(entries[cid].in_scope for cid in sections[key])
        if event is None:
            return (outside, True, "", "")
        date = event.date.isoformat() if event.date else "9999"
        return (outside, False, date, natural_key(event.name))

    ordered = sorted(sections, key=event_order)
    for members in sections.values():
        members.sort(key=lambda cid: (not entries[cid].in_scope, cid))
    report_sections = [
        EventSection(
            event=events[key],
            claim_ids=sections[key],
            groups=[
                RelationGroup(relation=rel.value, pairs=pairs[key][rel.value])
                for rel in RELATION_ORDER
                if rel.value in pairs[key]
            ],
        )
        for key in ordered
    ]
    claims = [entries[cid] for key in ordered for cid in sections[key]]
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
