"""The bundle's format: its record shapes, its sections and its version.

A bundle is one JSON object: ``format`` (always ``"claimtrack-bundle"``), ``version``, and a
section per table, each a list of records in id order::

    {
      "format": "claimtrack-bundle",
      "version": 2,
      "sources": [
        {"id": 1, "title": ..., "sha256": ..., "version": 2, "text": ...}
      ],
      "source_versions": [],
      ...
    }

Each record spells out its fields, in the order they are written, rather than deriving
them from the tables: a bundle is a file format, and must not change when a model gains a
column. Records refuse unknown fields and values that would not fit their columns.

Version 1 has no source versions. Version 2 adds the ``source_versions`` section (each
earlier version of a source with its own text, sha256, metadata and timestamps), each
source's ``version`` (the number of the version it is now), and each claim's
``anchor_version`` (the version its offsets point into) and ``changed_in_version`` (the last
version that edited its words). A version 1 bundle lacks them all and reads as version 2
with every source and claim at version 1.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, model_validator
from sqlmodel import SQLModel

from db.models import (
    AuditEntry,
    Claim,
    ClaimLink,
    ClaimTag,
    Event,
    QuoteType,
    Relation,
    ReviewStatus,
    Source,
    SourceVersion,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    SuggestionRejection,
    Tag,
)

BUNDLE_FORMAT = "claimtrack-bundle"
BUNDLE_VERSION = 2
"""The version written; every earlier one still reads (see the module docstring)."""


#: The largest value an INTEGER column holds on every backend.
_INT_MAX = 2**31 - 1


class Record(BaseModel):
    """A bundle record: unknown fields are refused, and values must fit their columns."""

    model_config = ConfigDict(extra="forbid")
    table: ClassVar[str]

    @model_validator(mode="after")
    def _fits_columns(self) -> Record:
        columns = SQLModel.metadata.tables[self.table].c
        for name, value in self:
            column = columns.get(name)
            if isinstance(value, str):
                if "\x00" in value:
                    raise ValueError(f"{name} contains a NUL character")
                length = getattr(column.type, "length", None) if column is not None else None
                if length is not None and len(value) > length:
                    raise ValueError(f"{name} is longer than {length} characters")
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > _INT_MAX:
                raise ValueError(f"{name} {value} is out of range")
            elif isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number")
        return self


class SourceRecord(Record):
    """A source as it is now: its current version's text, metadata and number."""

    table = "source"

    id: int
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    origin: str | None = None
    media_type: str = "text/plain"
    sha256: str
    ingested_at: dt.datetime
    version: int = 1
    text: str


class SourceVersionRecord(Record):
    """An earlier version of a source, with its own text, metadata and timestamps."""

    table = "source_version"

    id: int
    source_id: int
    number: int
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    origin: str | None = None
    media_type: str = "text/plain"
    sha256: str
    ingested_at: dt.datetime
    superseded_at: dt.datetime
    text: str


class SpeakerRecord(Record):
    """A speaker, and the one it was merged into, if any."""

    table = "speaker"

    id: int
    name: str
    kind: SpeakerKind
    description: str | None = None
    affiliation: str | None = None
    merged_into_id: int | None = None
    created_at: dt.datetime


class AliasRecord(Record):
    """Another name a speaker goes by (the lookup keys are derived again on import)."""

    table = "speaker_alias"

    id: int
    speaker_id: int
    alias: str
    weak: bool = False


class EventRecord(Record):
    """An event that claims describe."""

    table = "event"

    id: int
    name: str
    date: dt.date | None = None
    place: str | None = None
    description: str | None = None
    created_at: dt.datetime


class TagRecord(Record):
    """A tag."""

    table = "tag"

    id: int
    name: str


class ClaimRecord(Record):
    """A claim: its words, its speaker and cue, where it sits in its source and its review."""

    table = "claim"

    id: int
    source_id: int | None = None
    speaker_id: int | None = None
    speaker_mention: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    content: str
    quote_type: QuoteType = QuoteType.INDIRECT
    via: str | None = None
    said_on: dt.date | None = None
    event_id: int | None = None
    span_start: int | None = None
    span_end: int | None = None
    span_exact: str | None = None
    span_prefix: str | None = None
    span_suffix: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    rule: str | None = None
    speaker_match: str | None = None
    speaker_match_score: float | None = None
    extractor: str | None = None
    extractor_version: str | None = None
    anchor_version: int = 1
    changed_in_version: int | None = None
    status: ReviewStatus = ReviewStatus.UNREVIEWED
    note: str | None = None
    created_by: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1


class ClaimTagRecord(Record):
    """A tag on a claim."""

    table = "claim_tag"

    claim_id: int
    tag_id: int
    created_by: str | None = None
    created_at: dt.datetime


class LinkRecord(Record):
    """A relation between two claims."""

    table = "claim_link"

    id: int
    claim_id: int
    other_id: int
    relation: Relation
    note: str | None = None
    created_by: str | None = None
    created_at: dt.datetime


class AuditRecord(Record):
    """An entry of the audit trail, with its change group (``change_id``) and undo."""

    table = "audit_entry"

    id: int
    at: dt.datetime
    user: str
    action: str
    claim_id: int | None = None
    speaker_id: int | None = None
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    claim_version: int | None = None
    change_id: int | None = None
    undoes: int | None = None


class RejectionRecord(Record):
    """A suggested relation between two claims that a reviewer turned down."""

    table = "suggestion_rejection"

    id: int
    claim_id: int
    other_id: int
    relation: Relation
    reason: str | None = None
    rejected_by: str
    rejected_at: dt.datetime


class Bundle(BaseModel):
    """A whole archive, validated."""

    model_config = ConfigDict(extra="forbid")

    format: str
    version: int
    sources: list[SourceRecord] = []
    source_versions: list[SourceVersionRecord] = []
    speakers: list[SpeakerRecord] = []
    aliases: list[AliasRecord] = []
    events: list[EventRecord] = []
    tags: list[TagRecord] = []
    claims: list[ClaimRecord] = []
    claim_tags: list[ClaimTagRecord] = []
    links: list[LinkRecord] = []
    audit: list[AuditRecord] = []
    rejections: list[RejectionRecord] = []


@dataclass(frozen=True)
class Section:
    """One section of a bundle: the records of one table."""

    name: str
    """The section's key in the bundle, and the field of ``Bundle`` that holds it."""
    record: type[Record]
    model: type[SQLModel]
    """The model of the table its records come from and go to."""
    order: tuple[Any, ...]
    """The columns that order its records in a bundle."""
    references: dict[str, str] = field(default_factory=dict)
    """The fields that name a record of another section (or of this one), by that section;
    each names a record the bundle holds."""

    @property
    def table(self) -> sa.Table:
        """The table its records come from and go to, as SQLAlchemy has it."""
        return SQLModel.metadata.tables[self.record.table]

    @property
    def has_ids(self) -> bool:
        """Whether its records have an ``id`` of their own (a claim's tag is its key)."""
        return "id" in self.record.model_fields


#: Every section, in the order a bundle holds them: each after the sections it refers to.
SECTIONS: tuple[Section, ...] = (
    Section("sources", SourceRecord, Source, (Source.id,)),
    Section(
        "source_versions",
        SourceVersionRecord,
        SourceVersion,
        (SourceVersion.id,),
        {"source_id": "sources"},
    ),
    Section("speakers", SpeakerRecord, Speaker, (Speaker.id,), {"merged_into_id": "speakers"}),
    Section("aliases", AliasRecord, SpeakerAlias, (SpeakerAlias.id,), {"speaker_id": "speakers"}),
    Section("events", EventRecord, Event, (Event.id,)),
    Section("tags", TagRecord, Tag, (Tag.id,)),
    Section(
        "claims",
        ClaimRecord,
        Claim,
        (Claim.id,),
        {"source_id": "sources", "speaker_id": "speakers", "event_id": "events"},
    ),
    Section(
        "claim_tags",
        ClaimTagRecord,
        ClaimTag,
        (ClaimTag.claim_id, ClaimTag.tag_id),
        {"claim_id": "claims", "tag_id": "tags"},
    ),
    Section(
        "links",
        LinkRecord,
        ClaimLink,
        (ClaimLink.id,),
        {"claim_id": "claims", "other_id": "claims"},
    ),
    Section(
        "audit",
        AuditRecord,
        AuditEntry,
        (AuditEntry.id,),
        {"claim_id": "claims", "speaker_id": "speakers"},
    ),
    Section(
        "rejections",
        RejectionRecord,
        SuggestionRejection,
        (SuggestionRejection.id,),
        {"claim_id": "claims", "other_id": "claims"},
    ),
)
