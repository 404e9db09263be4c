"""The JSON bundle: a lossless export of a whole archive, and its import.

A bundle is one JSON object with a section per table, each record on a line of its own, so a
bundle streams out of a large archive without holding it in memory and diffs well. Import
validates the whole file before writing anything and runs in one transaction: a malformed
or truncated bundle is refused with the file and the place where it broke, and the database
is left as it was.

Importing into an empty database keeps every id, so export, import and export again give the
same bytes. Importing into a database that has data merges: documents are matched by the
sha256 of their text, speakers by name and kind, events and tags by name, claims by their
place in their source, and nothing already there is duplicated.

Every version of a source travels: ``sources`` holds each source as it is now (with the
number of that version), ``source_versions`` the earlier versions, each with its own text,
sha256, metadata and timestamps, and each claim names the version its offsets point into
(``anchor_version``) and the last version that edited its words (``changed_in_version``).
Import refuses a version whose sha256 is not its text's, a source whose earlier versions are
not all there, and a claim anchored to a version the bundle lacks. Bundles written before
sources had versions have none of these fields and still import: every source and claim is
then at version 1.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, func, select

from claims.ingest.store import sha256_of
from claims.speakers.names import alias_keys
from db.errors import BundleError
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
"""2 added source versions (``source_versions``, ``Source.version`` and the claims'
``anchor_version`` and ``changed_in_version``); version 1 bundles still import."""


#: The largest value an INTEGER column holds on every backend.
_INT_MAX = 2**31 - 1


class _Record(BaseModel):
    """A bundle record: unknown fields are refused, and values must fit their columns."""

    model_config = ConfigDict(extra="forbid")
    table: ClassVar[str]

    @model_validator(mode="after")
    def _fits_columns(self) -> _Record:
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


class SourceRecord(_Record):
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


class SourceVersionRecord(_Record):
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


class SpeakerRecord(_Record):
    table = "speaker"

    id: int
    name: str
    kind: SpeakerKind
    description: str | None = None
    affiliation: str | None = None
    merged_into_id: int | None = None
    created_at: dt.datetime


class AliasRecord(_Record):
    table = "speaker_alias"

    id: int
    speaker_id: int
    alias: str
    weak: bool = False


class EventRecord(_Record):
    table = "event"

    id: int
    name: str
    date: dt.date | None = None
    place: str | None = None
    description: str | None = None
    created_at: dt.datetime


class TagRecord(_Record):
    table = "tag"

    id: int
    name: str


class ClaimRecord(_Record):
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


class ClaimTagRecord(_Record):
    table = "claim_tag"

    claim_id: int
    tag_id: int
    created_by: str | None = None
    created_at: dt.datetime


class LinkRecord(_Record):
    table = "claim_link"

    id: int
    claim_id: int
    other_id: int
    relation: Relation
    note: str | None = None
    created_by: str | None = None
    created_at: dt.datetime


class AuditRecord(_Record):
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


class RejectionRecord(_Record):
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


#: Each section: its record type, the table it comes from, and the order it is read in.
SECTIONS: list[tuple[str, type[_Record], type[SQLModel], Any]] = [
    ("sources", SourceRecord, Source, Source.id),
    ("source_versions", SourceVersionRecord, SourceVersion, SourceVersion.id),
    ("speakers", SpeakerRecord, Speaker, Speaker.id),
    ("aliases", AliasRecord, SpeakerAlias, SpeakerAlias.id),
    ("events", EventRecord, Event, Event.id),
    ("tags", TagRecord, Tag, Tag.id),
    ("claims", ClaimRecord, Claim, Claim.id),
    ("claim_tags", ClaimTagRecord, ClaimTag, (ClaimTag.claim_id, ClaimTag.tag_id)),
    ("links", LinkRecord, ClaimLink, ClaimLink.id),
    ("audit", AuditRecord, AuditEntry, AuditEntry.id),
    ("rejections", RejectionRecord, SuggestionRejection, SuggestionRejection.id),
]


# --- Export -------------------------------------------------------------------------------


def iter_records(session: Session) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of the archive as (section, JSON-ready dict), section by section."""
    for section, record_type, model, order in SECTIONS:
        orders = order if isinstance(order, tuple) else (order,)
        statement = select(model).order_by(*[col(o) for o in orders])
        names = list(record_type.model_fields)
        for row in session.exec(statement.execution_options(yield_per=500)):
            data = {name: getattr(row, name) for name in names}
            yield section, record_type.model_validate(data).model_dump(mode="json")


def write_bundle(session: Session, out: IO[str]) -> dict[str, int]:
    """Stream the archive to ``out`` as a bundle; returns how many records each section has."""
    counts = {section: 0 for section, *_ in SECTIONS}
    out.write("{\n")
    out.write(f'  "format": "{BUNDLE_FORMAT}",\n  "version": {BUNDLE_VERSION}')
    current = None
    for section, record in iter_records(session):
        if section != current:
            out.write("\n  ]" if current else "")
            _open_empty_sections(out, counts, current, section)
            out.write(f',\n  "{section}": [\n    ')
            current = section
        else:
            out.write(",\n    ")
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
        counts[section] += 1
    out.write("\n  ]" if current else "")
    _open_empty_sections(out, counts, current, None)
    out.write("\n}\n")
    return counts


def _open_empty_sections(
    out: IO[str], counts: dict[str, int], after: str | None, before: str | None
) -> None:
    """Write ``[]`` for every section between ``after`` and ``before`` that had no rows."""
    names = [s for s, *_ in SECTIONS]
    lo = names.index(after) + 1 if after else 0
    hi = names.index(before) if before else len(names)
    for name in names[lo:hi]:
        out.write(f',\n  "{name}": []')


def export_bundle(session: Session) -> dict[str, Any]:
    """The archive as one JSON-ready dict (for tests and small archives)."""
    bundle: dict[str, Any] = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION}
    bundle.update({section: [] for section, *_ in SECTIONS})
    for section, record in iter_records(session):
        bundle[section].append(record)
    return bundle


# --- Import -------------------------------------------------------------------------------


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_bundle(raw: str | bytes, name: str = "<bundle>") -> Bundle:
    """Parse and validate a bundle's text; the error names ``name`` and where it broke."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BundleError(
            f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except UnicodeDecodeError as exc:
        raise BundleError(f"{name}: byte {exc.start}: not UTF-8 text") from None
    except ValueError:  # what json leaves to int(): a number of more than 4,300 digits
        raise BundleError(f"{name}: a number too long to be a bundle's") from None
    except RecursionError:
        raise BundleError(f"{name}: JSON nested too deeply to be a bundle") from None
    if not isinstance(data, dict):
        raise BundleError(f"{name}: a bundle is a JSON object, not {type(data).__name__}")
    if data.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{name}: not a claimtrack bundle (format is {data.get('format')!r})")
    version = data.get("version")
    if not isinstance(version, int) or version > BUNDLE_VERSION:
        raise BundleError(
            f"{name}: bundle version {version!r} is not one this claimtrack reads "
            f"(up to {BUNDLE_VERSION})"
        )
    try:
        bundle = Bundle.model_validate(data)
    except RecursionError:
        raise BundleError(f"{name}: JSON nested too deeply to be a bundle") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise BundleError(f"{name}: {_where(first['loc'])}: {first['msg']}{more}") from None
    _check_references(bundle, name)
    return bundle


def read_bundle(path: Path) -> Bundle:
    """Read and validate the bundle file at ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_bundle(raw, str(path))


def _check_references(bundle: Bundle, name: str) -> None:
    def ids(section: str, records: list[Any]) -> set[int]:
        seen: set[int] = set()
        for i, record in enumerate(records):
            if record.id in seen:
                raise BundleError(f"{name}: {section}[{i}].id: id {record.id} appears twice")
            seen.add(record.id)
        return seen

    sources = {s.id: s for s in bundle.sources}
    ids("sources", bundle.sources)
    ids("source_versions", bundle.source_versions)
    speakers = ids("speakers", bundle.speakers)
    events = ids("events", bundle.events)
    tags = ids("tags", bundle.tags)
    claims = ids("claims", bundle.claims)
    ids("links", bundle.links)
    ids("aliases", bundle.aliases)
    ids("rejections", bundle.rejections)

    def check(section: str, i: int, fld: str, value: int | None, known: set[int] | dict) -> None:
        if value is not None and value not in known:
            raise BundleError(f"{name}: {section}[{i}].{fld}: no record with id {value}")

    def unique(section: str, keys: list[object]) -> None:
        seen: set[object] = set()
        for i, key in enumerate(keys):
            if key in seen:
                raise BundleError(f"{name}: {section}[{i}]: a second record for {key!r}")
            seen.add(key)

    unique("sources", [s.sha256 for s in bundle.sources])
    unique("aliases", [(a.speaker_id, a.alias) for a in bundle.aliases])
    unique("events", [e.name.casefold() for e in bundle.events])
    unique("tags", [t.name for t in bundle.tags])
    unique("claim_tags", [(t.claim_id, t.tag_id) for t in bundle.claim_tags])
    unique("links", [(*sorted((x.claim_id, x.other_id)), x.relation) for x in bundle.links])
    unique(
        "rejections",
        [(*sorted((x.claim_id, x.other_id)), x.relation) for x in bundle.rejections],
    )
    for i, source in enumerate(bundle.sources):
        if sha256_of(source.text) != source.sha256:
            raise BundleError(f"{name}: sources[{i}].sha256: does not match the source's text")
        if source.version < 1:
            raise BundleError(f"{name}: sources[{i}].version: versions count from 1")
    texts = _version_texts(bundle, name)
    for i, speaker in enumerate(bundle.speakers):
        check("speakers", i, "merged_into_id", speaker.merged_into_id, speakers)
    for i, alias in enumerate(bundle.aliases):
        check("aliases", i, "speaker_id", alias.speaker_id, speakers)
    for i, claim in enumerate(bundle.claims):
        check("claims", i, "source_id", claim.source_id, sources)
        check("claims", i, "speaker_id", claim.speaker_id, speakers)
        check("claims", i, "event_id", claim.event_id, events)
        text = None
        if claim.source_id is not None:
            source = sources[claim.source_id]
            text = texts.get((source.id, claim.anchor_version))
            if text is None:
                raise BundleError(
                    f"{name}: claims[{i}].anchor_version: claim {claim.id} is anchored to "
                    f"version {claim.anchor_version} of source {source.id}, which the bundle "
                    f"lacks (it has versions 1 to {source.version})"
                )
            changed = claim.changed_in_version
            if changed is not None and not 1 <= changed <= source.version:
                raise BundleError(
                    f"{name}: claims[{i}].changed_in_version: source {source.id} has no "
                    f"version {changed} (it has 1 to {source.version})"
                )
        if claim.span_start is not None:
            end = claim.span_end if claim.span_end is not None else claim.span_start
            if text is None or not 0 <= claim.span_start <= end <= len(text):
                raise BundleError(
                    f"{name}: claims[{i}].span_start: span {claim.span_start}:{end} "
                    f"lies outside the text of the version of its source it is anchored to"
                )
    for i, tagging in enumerate(bundle.claim_tags):
        check("claim_tags", i, "claim_id", tagging.claim_id, claims)
        check("claim_tags", i, "tag_id", tagging.tag_id, tags)
    for i, link in enumerate(bundle.links):
        check("links", i, "claim_id", link.claim_id, claims)
        check("links", i, "other_id", link.other_id, claims)
        if link.claim_id == link.other_id:
            raise BundleError(f"{name}: links[{i}]: a claim cannot be linked to itself")
    for i, entry in enumerate(bundle.audit):
        check("audit", i, "claim_id", entry.claim_id, claims)
        check("audit", i, "speaker_id", entry.speaker_id, speakers)
    for i, rejection in enumerate(bundle.rejections):
        check("rejections", i, "claim_id", rejection.claim_id, claims)
        check("rejections", i, "other_id", rejection.other_id, claims)
        if rejection.claim_id == rejection.other_id:
            raise BundleError(f"{name}: rejections[{i}]: a claim cannot be paired with itself")


def _version_texts(bundle: Bundle, name: str) -> dict[tuple[int, int], str]:
    """Every version's text by (source id, number), once each earlier version of every source
    is checked: its source is in the bundle, it comes before the source's current version,
    its sha256 is its text's, and no source lacks one."""
    sources = {s.id: s for s in bundle.sources}
    texts = {(s.id, s.version): s.text for s in bundle.sources}
    for i, old in enumerate(bundle.source_versions):
        where = f"{name}: source_versions[{i}]"
        source = sources.get(old.source_id)
        if source is None:
            raise BundleError(f"{where}.source_id: no record with id {old.source_id}")
        if not 1 <= old.number < source.version:
            raise BundleError(
                f"{where}.number: version {old.number} of source {source.id} is not one of "
                f"its earlier versions (1 to {source.version - 1})"
            )
        if (old.source_id, old.number) in texts:
            raise BundleError(
                f"{where}: a second record for version {old.number} of source {source.id}"
            )
        if sha256_of(old.text) != old.sha256:
            raise BundleError(
                f"{where}.sha256: does not match the text of version {old.number} of "
                f"source {source.id}"
            )
        texts[(old.source_id, old.number)] = old.text
    for i, source in enumerate(bundle.sources):
        missing = [n for n in range(1, source.version) if (source.id, n) not in texts]
        if missing:
            listed = ", ".join(str(n) for n in missing)
            raise BundleError(
                f"{name}: sources[{i}].version: source {source.id} is at version "
                f"{source.version}, but the bundle lacks its version {listed}"
            )
    return texts


@dataclass
class ImportSummary:
    """What an import added, and what it found already there."""

    added: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, section: str, added: bool) -> None:
        target = self.added if added else self.existing
        target[section] = target.get(section, 0) + 1


def _is_empty(session: Session, model: type[SQLModel]) -> bool:
    return session.exec(select(func.count()).select_from(model)).one() == 0


def _insert(session: Session, model: type[SQLModel], data: dict[str, Any], keep_id: bool) -> Any:
    if not keep_id:
        data = {k: v for k, v in data.items() if k != "id"}
    row = model(**data)
    session.add(row)
    session.flush()
    return row


def _place(
    session: Session,
    summary: ImportSummary,
    section: str,
    model: type[SQLModel],
    data: dict[str, Any],
    *,
    keep_id: bool,
    existing: Any,
) -> Any:
    """Reuse ``existing`` if there is one, else insert ``data`` (with its id if ``keep_id``)."""
    if existing is not None:
        summary.count(section, added=False)
        return existing
    summary.count(section, added=True)
    return _insert(session, model, data, keep_id)


def import_bundle(session: Session, bundle: Bundle, name: str = "<bundle>") -> ImportSummary:
    """Load a validated bundle into the session's transaction; see the module docstring.

    Raises:
        BundleError: The bundle conflicts with what the database holds (the transaction is
            then rolled back by the caller's session block, so nothing is written).
    """
    try:
        return _import(session, bundle, name)
    except IntegrityError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise BundleError(f"{name}: conflicts with the database: {reason}") from None


def _import(session: Session, bundle: Bundle, name: str) -> ImportSummary:
    summary = ImportSummary()
    fresh = {model: _is_empty(session, model) for _, _, model, _ in SECTIONS}

    def first(statement: Any, model: type[SQLModel]) -> Any:
        # An empty table has nothing to match; its rows keep their ids.
        return None if fresh[model] else session.exec(statement).first()

    source_ids: dict[int, int] = {}
    for src in bundle.sources:
        row = _place(
            session,
            summary,
            "sources",
            Source,
            src.model_dump(),
            keep_id=fresh[Source],
            existing=first(select(Source).where(Source.sha256 == src.sha256), Source),
        )
        if row.version != src.version:
            raise BundleError(
                f"{name}: source {src.id} of the bundle is at version {src.version}, but the same "
                f"text is version {row.version} of source {row.id} in the database"
            )
        source_ids[src.id] = row.id

    for old in bundle.source_versions:
        source_id = source_ids[old.source_id]
        there = first(
            select(SourceVersion).where(
                SourceVersion.source_id == source_id, SourceVersion.number == old.number
            ),
            SourceVersion,
        )
        if there is not None and there.sha256 != old.sha256:
            raise BundleError(
                f"{name}: version {old.number} of source {old.source_id} of the bundle is not the "
                f"text the database holds as version {old.number} of source {source_id}"
            )
        _place(
            session,
            summary,
            "source_versions",
            SourceVersion,
            old.model_dump() | {"source_id": source_id},
            keep_id=fresh[SourceVersion],
            existing=there,
        )

    speaker_ids: dict[int, int] = {}
    for spk in bundle.speakers:
        same_speaker = select(Speaker).where(
            func.lower(Speaker.name) == spk.name.lower(), Speaker.kind == spk.kind.value
        )
        row = _place(
            session,
            summary,
            "speakers",
            Speaker,
            spk.model_dump(exclude={"merged_into_id"}) | {"kind": spk.kind.value},
            keep_id=fresh[Speaker],
            existing=first(same_speaker, Speaker),
        )
        speaker_ids[spk.id] = row.id
    for spk in bundle.speakers:
        if spk.merged_into_id is not None:
            merged = session.get(Speaker, speaker_ids[spk.id])
            assert merged is not None
            merged.merged_into_id = speaker_ids[spk.merged_into_id]
            session.add(merged)

    for alias in bundle.aliases:
        speaker_id = speaker_ids[alias.speaker_id]
        keys = alias_keys(alias.alias)
        same_alias = select(SpeakerAlias).where(
            SpeakerAlias.speaker_id == speaker_id, SpeakerAlias.alias == alias.alias
        )
        _place(
            session,
            summary,
            "aliases",
            SpeakerAlias,
            alias.model_dump() | {"speaker_id": speaker_id, **keys.columns()},
            keep_id=fresh[SpeakerAlias],
            existing=first(same_alias, SpeakerAlias),
        )

    event_ids: dict[int, int] = {}
    for evt in bundle.events:
        same_event = select(Event).where(func.lower(Event.name) == evt.name.lower())
        row = _place(
            session,
            summary,
            "events",
            Event,
            evt.model_dump(),
            keep_id=fresh[Event],
            existing=first(same_event, Event),
        )
        event_ids[evt.id] = row.id

    tag_ids: dict[int, int] = {}
    for tag in bundle.tags:
        row = _place(
            session,
            summary,
            "tags",
            Tag,
            tag.model_dump(),
            keep_id=fresh[Tag],
            existing=first(select(Tag).where(Tag.name == tag.name), Tag),
        )
        tag_ids[tag.id] = row.id

    claim_ids: dict[int, int] = {}
    for clm in bundle.claims:
        data = clm.model_dump() | {
            "quote_type": clm.quote_type.value,
            "status": clm.status.value,
            "source_id": source_ids[clm.source_id] if clm.source_id else None,
            "speaker_id": speaker_ids[clm.speaker_id] if clm.speaker_id else None,
            "event_id": event_ids[clm.event_id] if clm.event_id else None,
        }
        same_claim = select(Claim).where(
            Claim.source_id == data["source_id"],
            Claim.span_start == data["span_start"],
            Claim.span_end == data["span_end"],
            Claim.content == data["content"],
            Claim.anchor_version == data["anchor_version"],
        )
        row = _place(
            session,
            summary,
            "claims",
            Claim,
            data,
            keep_id=fresh[Claim],
            existing=first(same_claim, Claim),
        )
        claim_ids[clm.id] = row.id

    for tagging in bundle.claim_tags:
        key = (claim_ids[tagging.claim_id], tag_ids[tagging.tag_id])
        _place(
            session,
            summary,
            "claim_tags",
            ClaimTag,
            tagging.model_dump() | {"claim_id": key[0], "tag_id": key[1]},
            keep_id=True,
            existing=session.get(ClaimTag, key),
        )

    for lnk in bundle.links:
        a, b = claim_ids[lnk.claim_id], claim_ids[lnk.other_id]
        pair = ClaimLink.pair_key(a, b)
        same_link = select(ClaimLink).where(
            ClaimLink.pair == pair, ClaimLink.relation == lnk.relation.value
        )
        _place(
            session,
            summary,
            "links",
            ClaimLink,
            lnk.model_dump()
            | {"claim_id": a, "other_id": b, "relation": lnk.relation.value, "pair": pair},
            keep_id=fresh[ClaimLink],
            existing=first(same_link, ClaimLink),
        )

    # Change groups name audit ids (a group's first entry), which come before the entries
    # naming them, so each is mapped by the time it is needed.
    audit_ids: dict[int, int] = {}
    for entry in bundle.audit:
        data = entry.model_dump() | {
            "claim_id": claim_ids[entry.claim_id] if entry.claim_id else None,
            "speaker_id": speaker_ids[entry.speaker_id] if entry.speaker_id else None,
            "change_id": audit_ids.get(entry.change_id, entry.change_id)
            if entry.change_id
            else None,
            "undoes": audit_ids.get(entry.undoes, entry.undoes) if entry.undoes else None,
        }
        same_entry = select(AuditEntry).where(
            AuditEntry.at == data["at"],
            AuditEntry.user == data["user"],
            AuditEntry.action == data["action"],
            AuditEntry.claim_id == data["claim_id"],
            AuditEntry.field == data["field"],
            AuditEntry.new_value == data["new_value"],
        )
        existing = first(same_entry, AuditEntry)
        placed = _place(
            session,
            summary,
            "audit",
            AuditEntry,
            data,
            keep_id=fresh[AuditEntry],
            existing=existing,
        )
        if existing is None and entry.change_id == entry.id:  # a group's first entry
            placed.change_id = placed.id
        audit_ids[entry.id] = placed.id

    for rej in bundle.rejections:
        a, b = claim_ids[rej.claim_id], claim_ids[rej.other_id]
        pair = ClaimLink.pair_key(a, b)
        same_rejection = select(SuggestionRejection).where(
            SuggestionRejection.pair == pair, SuggestionRejection.relation == rej.relation.value
        )
        _place(
            session,
            summary,
            "rejections",
            SuggestionRejection,
            rej.model_dump()
            | {"claim_id": a, "other_id": b, "relation": rej.relation.value, "pair": pair},
            keep_id=fresh[SuggestionRejection],
            existing=first(same_rejection, SuggestionRejection),
        )

    session.flush()
    _reset_sequences(session)
    return summary


def _reset_sequences(session: Session) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequences past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for _, _, model, _ in SECTIONS:
        if model is ClaimTag:
            continue
        table = model.__tablename__
        session.connection().execute(
            sql_text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )
