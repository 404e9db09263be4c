"""The data model: sources, speakers, claims with their attribution, links, events, tags and
the audit trail.

Tables follow the SQLModel split: a ``*Base`` with the fields a user supplies, ``*Create`` for
input, ``*Update`` with every field optional, the ``table=True`` model, and ``*Read`` for
output. Enumerated values are stored as short strings with a CHECK constraint, so the same
schema works on SQLite and PostgreSQL and a migration never has to alter a native enum.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that always comes back timezone-aware in UTC, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC, to the microsecond."""
    return dt.datetime.now(dt.UTC)


def _timestamp(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, **kwargs)


def _check_in(column: str, enum: type[StrEnum]) -> sa.CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return sa.CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


class SpeakerKind(StrEnum):
    """What sort of speaker a claim is attributed to."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    ANONYMOUS = "anonymous"


class QuoteType(StrEnum):
    """How the source reproduces the speaker's words."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class ReviewStatus(StrEnum):
    """Where a claim stands in review."""

    UNREVIEWED = "unreviewed"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"
    NOT_A_CLAIM = "not-a-claim"
    """The extraction was wrong: this is not a statement attributed to anyone. Unlike
    ``false`` or ``disputed``, it says nothing about whether the words are true."""


class Relation(StrEnum):
    """How two claims bear on each other."""

    CONTRADICTS = "contradicts"
    SUPPORTS = "supports"
    SAME_EVENT = "same_event"
    DUPLICATE = "duplicate"
    ELABORATES = "elaborates"


# --- Sources ------------------------------------------------------------------------------


class SourceBase(SQLModel):
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=300, index=True)
    author: str | None = Field(default=None, max_length=300)
    published: dt.date | None = Field(default=None, index=True)
    url: str | None = Field(default=None, max_length=2000, index=True)
    origin: str | None = Field(default=None, max_length=2000)
    """Where the text was read from: a file path, or ``-`` for standard input."""
    media_type: str = Field(default="text/plain", max_length=100)


class SourceCreate(SourceBase):
    text: str


class SourceUpdate(SQLModel):
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None


class Source(SourceBase, table=True):
    """A document as stored, in its latest version: its text is what the offsets of every
    claim anchored to that version point into. Earlier versions are ``SourceVersion`` rows."""

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=sa.Text)
    sha256: str = Field(max_length=64, unique=True)
    ingested_at: dt.datetime = _timestamp()
    version: int = Field(default=1)
    """The number of the version ``text`` is: 1 until the article is ingested again edited."""


class SourceRead(SourceBase):
    id: int
    sha256: str
    ingested_at: dt.datetime
    version: int


class SourceVersion(SourceBase, table=True):
    """An earlier version of a source: the text and metadata it had before an edited
    article replaced them. Claims that could not be found again in the new text (orphans)
    keep pointing into this one."""

    __tablename__ = "source_version"
    __table_args__ = (sa.UniqueConstraint("source_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    number: int
    text: str = Field(sa_type=sa.Text)
    sha256: str = Field(max_length=64, index=True)
    ingested_at: dt.datetime = Field(sa_type=UTCDateTime)
    superseded_at: dt.datetime = _timestamp()


# --- Speakers -----------------------------------------------------------------------------


class SpeakerBase(SQLModel):
    name: str = Field(max_length=300, index=True)
    kind: str = Field(default=SpeakerKind.PERSON.value, max_length=20)
    description: str | None = Field(default=None, max_length=1000)
    """The speaker's role or office, e.g. "CPA spokesman"."""
    affiliation: str | None = Field(default=None, max_length=300)


class SpeakerCreate(SpeakerBase):
    aliases: list[str] = Field(default_factory=list)


class SpeakerUpdate(SQLModel):
    name: str | None = None
    kind: str | None = None
    description: str | None = None
    affiliation: str | None = None


class Speaker(SpeakerBase, table=True):
    """Someone claims are attributed to: a person, an organisation, a group or an anonymous
    source. A speaker merged into another keeps its row, pointing at the survivor, so that a
    merge can be undone."""

    __table_args__ = (_check_in("kind", SpeakerKind),)

    id: int | None = Field(default=None, primary_key=True)
    merged_into_id: int | None = Field(default=None, foreign_key="speaker.id", index=True)
    created_at: dt.datetime = _timestamp()


class SpeakerRead(SpeakerBase):
    id: int
    merged_into_id: int | None
    created_at: dt.datetime


class SpeakerAlias(SQLModel, table=True):
    """One way a speaker's name is written. Weak aliases ("a spokesman") are shown but never
    used to match a mention to a speaker."""

    __tablename__ = "speaker_alias"
    __table_args__ = (sa.UniqueConstraint("speaker_id", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(foreign_key="speaker.id", index=True)
    alias: str = Field(max_length=300)
    normalised: str = Field(max_length=300, index=True)
    surname: str | None = Field(default=None, max_length=300, index=True)
    """The last word of a multi-word normal form ("kimmitt" for "mark kimmitt"): the key a
    lone surname is matched on. Set with ``normalised`` (``claims.extraction.names.alias_keys``)."""
    skeleton: str | None = Field(default=None, max_length=300, index=True)
    """The normal form's consonants, doubles once ("mrk kmt"): finds misspelt vowels."""
    surname_skeleton: str | None = Field(default=None, max_length=300, index=True)
    """The surname key's consonants ("kmt")."""
    weak: bool = Field(default=False)


# --- Events -------------------------------------------------------------------------------


class EventBase(SQLModel):
    name: str = Field(max_length=300, unique=True)
    date: dt.date | None = None
    place: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, sa_type=sa.Text)


class EventCreate(EventBase):
    pass


class Event(EventBase, table=True):
    """An incident that rival accounts describe: "clash at the Najaf cemetery, 30 May 2004"."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = _timestamp()


class EventRead(EventBase):
    id: int
    created_at: dt.datetime


# --- Claims -------------------------------------------------------------------------------


class ClaimBase(SQLModel):
    content: str = Field(sa_type=sa.Text)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    speaker_id: int | None = Field(default=None, foreign_key="speaker.id", index=True)
    speaker_mention: str | None = Field(default=None, max_length=500)
    """The speaker as written in the source: "CPA spokesman General Mark Kimmitt"."""
    speaker_role: str | None = Field(default=None, max_length=500)
    """The speaker's role when the claim was made."""
    cue: str | None = Field(default=None, max_length=200)
    quote_type: str = Field(default=QuoteType.INDIRECT.value, max_length=10)
    via: str | None = Field(default=None, max_length=300)
    """The intermediary outlet: "Al Jazeera" in "He told *Al Jazeera*"."""
    said_on: dt.date | None = None
    event_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    # Where the claim sits in its source (W3C TextPositionSelector and TextQuoteSelector).
    span_start: int | None = None
    span_end: int | None = None
    span_exact: str | None = Field(default=None, sa_type=sa.Text)
    span_prefix: str | None = Field(default=None, max_length=200)
    span_suffix: str | None = Field(default=None, max_length=200)
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    # How the claim came to be: the extraction rule, and how its speaker was resolved.
    rule: str | None = Field(default=None, max_length=100)
    speaker_match: str | None = Field(default=None, max_length=100)
    speaker_match_score: float | None = None
    # What found it: "rules" or "model", and which (claimtrack's version, or "news-v3").
    extractor: str | None = Field(default=None, max_length=20)
    extractor_version: str | None = Field(default=None, max_length=100)
    # Which version of the source the spans point into; below the source's own version
    # when the claim could not be found again in a later one (an orphan).
    anchor_version: int = Field(default=1)
    changed_in_version: int | None = None
    """The last version of the source in which the claim's own words were edited."""


class ClaimCreate(ClaimBase):
    pass


class ClaimUpdate(SQLModel):
    content: str | None = None
    speaker_id: int | None = None
    speaker_role: str | None = None
    cue: str | None = None
    quote_type: str | None = None
    via: str | None = None
    said_on: dt.date | None = None
    event_id: int | None = None
    status: str | None = None
    note: str | None = None


class Claim(ClaimBase, table=True):
    """A statement that a source attributes to a speaker, with where and how it was said."""

    __table_args__ = (
        _check_in("quote_type", QuoteType),
        _check_in("status", ReviewStatus),
        sa.CheckConstraint(
            "span_start IS NULL OR (span_start >= 0 AND span_end >= span_start)",
            name="span_ordered",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=ReviewStatus.UNREVIEWED.value, max_length=20, index=True)
    note: str | None = Field(default=None, sa_type=sa.Text)
    created_by: str | None = Field(default=None, max_length=100)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
    version: int = Field(default=1)
    """Bumped by every change; a write that expects an older version is refused."""


class ClaimRead(ClaimBase):
    id: int
    status: str
    note: str | None
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


# --- Links, tags, audit -------------------------------------------------------------------


class ClaimPairBase(SQLModel):
    """Two claims and a relation between them, whichever way round: the columns a link and a
    rejected suggestion share. ``pair`` holds the two ids in order ("3:17"), so that the
    database itself refuses a second row of the same relation between the same claims."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    other_id: int = Field(foreign_key="claim.id", index=True)
    relation: str = Field(max_length=20)
    pair: str = Field(max_length=50)

    @staticmethod
    def pair_key(a: int, b: int) -> str:
        """The order-free key of a pair of claim ids."""
        low, high = sorted((a, b))
        return f"{low}:{high}"


def _pair_constraints(no_self: str) -> tuple[sa.Constraint, ...]:
    """A pair table's constraints: one row per pair and relation, none from a claim to
    itself (named ``no_self``), and a known relation."""
    return (
        sa.UniqueConstraint("pair", "relation"),
        sa.CheckConstraint("claim_id <> other_id", name=no_self),
        _check_in("relation", Relation),
    )


class ClaimLink(ClaimPairBase, table=True):
    """A relation between two claims, listed from both. Made either way round, it is one
    link: a second of the same relation between the same claims is refused."""

    __tablename__ = "claim_link"
    __table_args__ = _pair_constraints("no_self_link")

    note: str | None = Field(default=None, sa_type=sa.Text)
    created_by: str | None = Field(default=None, max_length=100)
    created_at: dt.datetime = _timestamp()


class Tag(SQLModel, table=True):
    """A label reviewers put on claims."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)


class ClaimTag(SQLModel, table=True):
    """A tag on a claim."""

    __tablename__ = "claim_tag"

    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, index=True)
    created_by: str | None = Field(default=None, max_length=100)
    created_at: dt.datetime = _timestamp()


class AuditEntry(SQLModel, table=True):
    """One change a person made: who, when, to what, and the value before and after.

    Values are stored as text (JSON where structured), so no later change can make an old
    entry unreadable.
    """

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = _timestamp(index=True)
    user: str = Field(max_length=100)
    action: str = Field(max_length=40)
    claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    speaker_id: int | None = Field(default=None, foreign_key="speaker.id", index=True)
    field: str | None = Field(default=None, max_length=40)
    old_value: str | None = Field(default=None, sa_type=sa.Text)
    new_value: str | None = Field(default=None, sa_type=sa.Text)
    claim_version: int | None = None
    change_id: int | None = Field(default=None, index=True)
    """The user action this entry is part of: the id of that action's first entry. The
    entries one command or one front-end write makes share it; None (entries older than
    change groups) makes an entry its own group."""
    undoes: int | None = Field(default=None, index=True)
    """For the entries of an undo, the ``change_id`` of the action they reverted."""


class SuggestionRejection(ClaimPairBase, table=True):
    """A suggested relation between two claims that a reviewer turned down, so that it is
    never proposed again."""

    __tablename__ = "suggestion_rejection"
    __table_args__ = _pair_constraints("no_self_rejection")

    reason: str | None = Field(default=None, sa_type=sa.Text)
    rejected_by: str = Field(max_length=100)
    rejected_at: dt.datetime = _timestamp()
