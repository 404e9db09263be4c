"""Importing a validated bundle into a database, merging with what is there.

``import_bundle`` loads the sections in their order, each after those it refers to, in the
caller's one transaction: a conflict with the database raises ``BundleError`` and the
caller's session block rolls everything back.

A table that is empty when the import starts takes the bundle's rows with their ids, so
export, import and export again give the same bytes. A table with rows merges: each record
is matched against what is there by its natural key (``MERGES`` lists each section's),
reused if found and added with a new id if not, and every reference to it is mapped to the
row it became. Nothing already there is duplicated, and importing the same bundle twice
adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, func, select

from claims.exports.bundle.records import (
    SECTIONS,
    Bundle,
    Section,
    SourceRecord,
    SourceVersionRecord,
)
from claims.exports.sequences import move_id_sequences
from claims.extraction.names import alias_keys
from db.errors import BundleError
from db.models import (
    AuditEntry,
    Claim,
    ClaimLink,
    ClaimTag,
    Event,
    Source,
    SourceVersion,
    Speaker,
    SpeakerAlias,
    SuggestionRejection,
    Tag,
)

Row = dict[str, Any]
"""A record as the columns of the row it becomes, its references mapped."""


@dataclass(frozen=True)
class Merge:
    """How one section's records go into a database that may already hold them."""

    same: Callable[[Row], list[Any]]
    """The conditions a row meets to be this record."""
    derived: Callable[[Row], Row] | None = None
    """Columns the table has that the bundle leaves out, worked out from the others."""
    conflict: Callable[[Any, Row, Any], str | None] | None = None
    """Why a matching row (the last argument) cannot be this record, if it cannot."""
    deferred: tuple[str, ...] = ()
    """References to the same section set once all its rows are in (they may point ahead)."""
    own_references: tuple[str, ...] = ()
    """References to earlier records of the same section, mapped as they come."""
    group_start: str | None = None
    """The reference by which a record names itself as the first of a group: pointed at
    the row's new id once it has one."""


def _pair(row: Row) -> Row:
    return {"pair": ClaimLink.pair_key(row["claim_id"], row["other_id"])}


def _source_conflict(source: SourceRecord, row: Row, there: Source) -> str | None:
    if there.version == source.version:
        return None
    return (
        f"source {source.id} of the bundle is at version {source.version}, but the same "
        f"text is version {there.version} of source {there.id} in the database"
    )


def _version_conflict(old: SourceVersionRecord, row: Row, there: SourceVersion) -> str | None:
    if there.sha256 == old.sha256:
        return None
    return (
        f"version {old.number} of source {old.source_id} of the bundle is not the "
        f"text the database holds as version {old.number} of source {row['source_id']}"
    )


#: How each section merges into a database that has rows.
MERGES: dict[str, Merge] = {
    "sources": Merge(lambda r: [Source.sha256 == r["sha256"]], conflict=_source_conflict),
    "source_versions": Merge(
        lambda r: [SourceVersion.source_id == r["source_id"], SourceVersion.number == r["number"]],
        conflict=_version_conflict,
    ),
    "speakers": Merge(
        lambda r: [func.lower(Speaker.name) == r["name"].lower(), Speaker.kind == r["kind"]],
        deferred=("merged_into_id",),
    ),
    "aliases": Merge(
        lambda r: [SpeakerAlias.speaker_id == r["speaker_id"], SpeakerAlias.alias == r["alias"]],
        derived=lambda r: alias_keys(r["alias"]).columns(),
    ),
    "events": Merge(lambda r: [func.lower(Event.name) == r["name"].lower()]),
    "tags": Merge(lambda r: [Tag.name == r["name"]]),
    "claims": Merge(
        lambda r: [
            Claim.source_id == r["source_id"],
            Claim.span_start == r["span_start"],
            Claim.span_end == r["span_end"],
            Claim.content == r["content"],
            Claim.anchor_version == r["anchor_version"],
        ]
    ),
    "claim_tags": Merge(
        lambda r: [ClaimTag.claim_id == r["claim_id"], ClaimTag.tag_id == r["tag_id"]]
    ),
    "links": Merge(
        lambda r: [ClaimLink.pair == r["pair"], ClaimLink.relation == r["relation"]],
        derived=_pair,
    ),
    # Change groups name audit ids (a group's first entry), which come before the entries
    # naming them, so each is mapped by the time it is needed.
    "audit": Merge(
        lambda r: [
            AuditEntry.at == r["at"],
            AuditEntry.user == r["user"],
            AuditEntry.action == r["action"],
            AuditEntry.claim_id == r["claim_id"],
            AuditEntry.field == r["field"],
            AuditEntry.new_value == r["new_value"],
        ],
        own_references=("change_id", "undoes"),
        group_start="change_id",
    ),
    "rejections": Merge(
        lambda r: [
            SuggestionRejection.pair == r["pair"],
            SuggestionRejection.relation == r["relation"],
        ],
        derived=_pair,
    ),
}


@dataclass
class ImportSummary:
    """What an import added, and what it found already there."""

    added: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, section: str, added: bool) -> None:
        """Count one record of ``section``, as added or as found already there."""
        target = self.added if added else self.existing
        target[section] = target.get(section, 0) + 1


def import_bundle(session: Session, bundle: Bundle, name: str = "<bundle>") -> ImportSummary:
    """Load a validated bundle into the session's transaction; see the module docstring.

    Raises:
        BundleError: The bundle conflicts with what the database holds (the transaction is
            then rolled back by the caller's session block, so nothing is written).
    """
    try:
        summary = ImportSummary()
        empty = {section.name: _is_empty(session, section.model) for section in SECTIONS}
        ids: dict[str, dict[int, int]] = {}
        for section in SECTIONS:
            _import_section(
                session, bundle, section, ids, summary, empty=empty[section.name], name=name
            )
        session.flush()
        move_id_sequences(session.connection(), [section.table for section in SECTIONS])
        return summary
    except IntegrityError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise BundleError(f"{name}: conflicts with the database: {reason}") from None


def _is_empty(session: Session, model: type[SQLModel]) -> bool:
    return session.exec(select(func.count()).select_from(model)).one() == 0


def _import_section(
    session: Session,
    bundle: Bundle,
    section: Section,
    ids: dict[str, dict[int, int]],
    summary: ImportSummary,
    *,
    empty: bool,
    name: str,
) -> None:
    """Place every record of ``section``, noting in ``ids`` the row each bundle id became."""
    merge = MERGES[section.name]
    records: list[Any] = getattr(bundle, section.name)
    # An empty table has nothing to match, and its rows keep their ids. A row without an id
    # of its own is its key, which is looked up all the same: two merged records may share it.
    keep_ids = empty or not section.has_ids
    match = not (empty and section.has_ids)
    placed = ids[section.name] = {}
    for record in records:
        row = _row(record, section, merge, ids)
        there: Any = None
        if match:
            there = session.exec(select(section.model).where(*merge.same(row))).first()
        if there is not None:
            problem = merge.conflict(record, row, there) if merge.conflict else None
            if problem:
                raise BundleError(f"{name}: {problem}")
            summary.count(section.name, added=False)
            target = there
        else:
            summary.count(section.name, added=True)
            target = _insert(session, section.model, row, keep_id=keep_ids)
            if merge.group_start and getattr(record, merge.group_start) == record.id:
                setattr(target, merge.group_start, target.id)
        if section.has_ids:
            placed[record.id] = target.id
    for reference in merge.deferred:
        for record in records:
            value = getattr(record, reference)
            if value is not None:
                pointing = session.get(section.model, placed[record.id])
                setattr(pointing, reference, placed[value])
                session.add(pointing)


def _row(record: Any, section: Section, merge: Merge, ids: dict[str, dict[int, int]]) -> Row:
    """``record`` as the columns of its row: enums as their values, references mapped."""
    row = {
        key: value.value if isinstance(value, Enum) else value
        for key, value in record.model_dump(exclude=set(merge.deferred)).items()
    }
    references = {**section.references, **dict.fromkeys(merge.own_references, section.name)}
    for reference, target in references.items():
        if reference in row and row[reference] is not None:
            # Validation saw every reference there but a change group's own, which may
            # name the entry itself before it has a new id.
            row[reference] = ids[target].get(row[reference], row[reference])
    if merge.derived is not None:
        row |= merge.derived(row)
    return row


def _insert(session: Session, model: type[SQLModel], row: Row, *, keep_id: bool) -> Any:
    if not keep_id:
        row = {key: value for key, value in row.items() if key != "id"}
    placed = model(**row)
    session.add(placed)
    session.flush()
    return placed
