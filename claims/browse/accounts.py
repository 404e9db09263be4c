"""Accounts: claims in full, as the comparison screens and the comparison reports show them.

A front end reads a ``ClaimEntry`` for each account: the claim's words, its speaker, source
and event (``SpeakerInfo``, ``SourceInfo``, ``EventInfo``), its paragraph (``ContextInfo``),
its links (``LinkInfo``) and its history (``HistoryEntry``), all plain values that outlive
the session. ``claim_entry`` builds one; ``linked_accounts`` builds those of some claims and
of every claim linked to them, and ``accounts_by_event`` puts them in the order both the
comparison of an event and the report show them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from claims.archive import audit
from claims.archive.attribution import ChainPart, attribution_chain, chain_text
from claims.browse.details import ClaimDetail, claim_detail
from claims.versions.carrying import ORPHAN_ACTION, REANCHOR_ACTION
from claims.versions.selectors import Method
from db.models import AuditEntry, Claim, ClaimLink, Event, Source, Speaker
from db.queries import ClaimFilter, list_claims


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
    """One account in full, as comparisons and reports show it."""

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


def speaker_info(speaker: Speaker, claim: Claim) -> SpeakerInfo:
    """The speaker of ``claim``, with the role it was quoted in (else the speaker's own)."""
    role = claim.speaker_role or speaker.description
    # "representative of Moqtada al-Sadr" needs no role that repeats it.
    if role is not None and role.casefold() in speaker.name.casefold():
        role = None
    return SpeakerInfo(
        id=speaker.id,
        name=speaker.name,
        kind=speaker.kind,
        role=role,
        affiliation=speaker.affiliation,
    )


def source_info(source: Source) -> SourceInfo:
    """What an account says of the document it was taken from."""
    return SourceInfo(
        id=source.id,
        title=source.title,
        outlet=source.outlet,
        author=source.author,
        published=source.published,
        url=source.url,
        media_type=source.media_type,
    )


def event_info(event: Event) -> EventInfo:
    """What an account says of the event it describes."""
    return EventInfo(
        id=event.id,
        name=event.name,
        date=event.date,
        place=event.place,
        description=event.description,
    )


def _context_info(detail: ClaimDetail) -> ContextInfo | None:
    if detail.context is None:
        return None
    context, text = detail.context, detail.text or ""
    end = context.offset + len(context.text)
    # context_of stops at paragraph breaks; anywhere else it cut the paragraph short.
    return ContextInfo(
        before=context.before,
        quote=context.quote,
        after=context.after,
        clipped_before=context.offset > 0 and text[context.offset - 2 : context.offset] != "\n\n",
        clipped_after=end < len(text) and text[end : end + 2] != "\n\n",
    )


def _history_entry(entry: AuditEntry) -> HistoryEntry:
    return HistoryEntry(
        at=entry.at,
        user=entry.user,
        action=entry.action,
        field=entry.field,
        old=audit.decode(entry.old_value),
        new=audit.decode(entry.new_value),
        description=audit.describe_audit(entry),
    )


def account_of(detail: ClaimDetail, *, in_scope: bool = True) -> ClaimEntry:
    """The account of the claim ``detail`` describes."""
    claim, speaker, source, event = detail.claim, detail.speaker, detail.source, detail.event
    assert claim.id is not None
    chain = attribution_chain(claim, speaker, source)
    return ClaimEntry(
        id=claim.id,
        in_scope=in_scope,
        content=claim.content,
        quote_type=claim.quote_type,
        cue=claim.cue,
        via=claim.via,
        mention=claim.speaker_mention,
        speaker=None if speaker is None else speaker_info(speaker, claim),
        attribution=chain,
        attribution_text=chain_text(chain),
        source=None if source is None else source_info(source),
        span=(claim.span_start, claim.span_end)
        if claim.span_start is not None and claim.span_end is not None
        else None,
        context=_context_info(detail),
        event=None if event is None else event_info(event),
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
        history=[_history_entry(entry) for entry in detail.history],
        version=claim.version,
        text_change=_text_change(detail),
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
    """The account of one claim; raises ``NotFoundError`` for an unknown id."""
    return account_of(claim_detail(session, claim_id), in_scope=in_scope)


def claim_ids(session: Session, where: ClaimFilter) -> list[int]:
    """The ids of the claims ``where`` matches."""
    return [c.id for c in list_claims(session, where) if c.id is not None]


def links_touching(session: Session, ids: Iterable[int]) -> list[ClaimLink]:
    """Every link from or to one of the claims ``ids``, oldest first."""
    ids = list(ids)
    if not ids:
        return []
    return list(
        session.exec(
            select(ClaimLink)
            .where(or_(col(ClaimLink.claim_id).in_(ids), col(ClaimLink.other_id).in_(ids)))
            .order_by(col(ClaimLink.id))
        )
    )


def linked_accounts(
    session: Session,
    ids: Iterable[int],
    *,
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[int, ClaimEntry], list[ClaimLink]]:
    """The accounts of the claims ``ids`` (in scope) and of every claim linked to one of
    them (out of scope), by id in ascending order, and the links touching ``ids``.

    Args:
        progress: Called with 1 as each account is built.
    """
    scoped = set(ids)
    links = links_touching(session, sorted(scoped))
    linked = {i for link in links for i in (link.claim_id, link.other_id)} - scoped
    entries = {}
    for claim_id in sorted(scoped | linked):
        entries[claim_id] = claim_entry(session, claim_id, in_scope=claim_id in scoped)
        if progress:
            progress(1)
    return entries, links


def natural_key(name: str) -> tuple[Any, ...]:
    """A sort key that puts "Clash 2" before "Clash 10": numbers compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", name.casefold())
        if part
    )


def accounts_by_event(entries: dict[int, ClaimEntry]) -> dict[int | None, list[int]]:
    """The ids of ``entries`` grouped by event id (None: no event), in display order.

    The events of accounts in scope come first, by date then name, and the events only
    linked accounts have after them; the accounts without an event close each of the two.
    Within an event, the accounts in scope come first, each part by id.
    """
    groups: dict[int | None, list[int]] = {}
    events: dict[int | None, EventInfo | None] = {None: None}
    for claim_id, entry in entries.items():
        key = entry.event.id if entry.event else None
        groups.setdefault(key, []).append(claim_id)
        events[key] = entry.event

    def event_order(key: int | None) -> tuple[bool, bool, str, str | tuple[Any, ...]]:
        event = events[key]
        outside = not any(entries[claim_id].in_scope for claim_id in groups[key])
        if event is None:
            return (outside, True, "", "")
        date = event.date.isoformat() if event.date else "9999"
        return (outside, False, date, natural_key(event.name))

    for members in groups.values():
        members.sort(key=lambda claim_id: (not entries[claim_id].in_scope, claim_id))
    return {key: groups[key] for key in sorted(groups, key=event_order)}
