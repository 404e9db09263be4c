"""Reading a bundle: a file or text is either a whole, consistent bundle or refused.

``parse_bundle`` (and ``read_bundle`` for a file) hands back a ``Bundle`` only when every
check below passes; otherwise it raises ``BundleError`` naming the file and the first place
where it broke (``claims[3].speaker_id: no record with id 7``), before anything is written.
A validated bundle guarantees:

- it is UTF-8 JSON, an object whose ``format`` is ``claimtrack-bundle`` and whose
  ``version`` is one this claimtrack reads;
- every record has exactly its section's fields, each of the right type and fitting its
  column (no NUL characters, no text too long, no integer beyond 32 bits, no NaN);
- no id appears twice in a section, nor any natural key (a source's sha256, an event's or
  tag's name, an alias of a speaker, a pair of claims and their relation);
- every reference names a record of the bundle, and no claim is linked or paired with
  itself;
- every source's sha256 is its text's, and so is every earlier version's; a source at
  version n has each of its versions 1 to n - 1, and each claim's ``anchor_version`` and
  ``changed_in_version`` are versions of its source;
- every claim's span lies inside the text of the version it is anchored to.

What it cannot check is the database the bundle goes into: ``import_bundle`` refuses the
conflicts it finds there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claims.archive.store import sha256_of
from claims.exports.bundle.records import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    SECTIONS,
    Bundle,
    ClaimRecord,
    Record,
    SourceRecord,
)
from db.errors import BundleError


def read_bundle(path: Path) -> Bundle:
    """Read and validate the bundle file at ``path``.

    Raises:
        BundleError: The file cannot be read, or is not a valid bundle.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_bundle(raw, str(path))


def parse_bundle(raw: str | bytes, name: str = "<bundle>") -> Bundle:
    """Parse and validate a bundle's text; the error names ``name`` and where it broke.

    Raises:
        BundleError: ``raw`` is not a valid bundle (see the module docstring).
    """
    data = _load_json(raw, name)
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
    _check_consistency(bundle, name)
    return bundle


def _load_json(raw: str | bytes, name: str) -> Any:
    try:
        return json.loads(raw)
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


def _where(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a path into the bundle: ``claims[0].quote_type``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


#: The sections whose ids must not repeat, in the order they are checked.
_UNIQUE_IDS = (
    "sources",
    "source_versions",
    "speakers",
    "events",
    "tags",
    "claims",
    "links",
    "aliases",
    "rejections",
)

#: The natural key of each section that has one: two records with the same key are one.
_NATURAL_KEYS: dict[str, Callable[[Any], object]] = {
    "sources": lambda source: source.sha256,
    "aliases": lambda alias: (alias.speaker_id, alias.alias),
    "events": lambda event: event.name.casefold(),
    "tags": lambda tag: tag.name,
    "claim_tags": lambda tagging: (tagging.claim_id, tagging.tag_id),
    "links": lambda link: (*sorted((link.claim_id, link.other_id)), link.relation),
    "rejections": lambda pair: (*sorted((pair.claim_id, pair.other_id)), pair.relation),
}

#: The sections pairing two claims, and what a claim paired with itself would be.
_PAIRS = {
    "links": "a claim cannot be linked to itself",
    "rejections": "a claim cannot be paired with itself",
}


def _check_consistency(bundle: Bundle, name: str) -> None:
    """Refuse repeated ids and keys, unknown references, and texts and spans that disagree."""
    for listed in _UNIQUE_IDS:
        seen: set[int] = set()
        for i, record in enumerate(getattr(bundle, listed)):
            if record.id in seen:
                raise BundleError(f"{name}: {listed}[{i}].id: id {record.id} appears twice")
            seen.add(record.id)
    for keyed, key_of in _NATURAL_KEYS.items():
        keys: set[object] = set()
        for i, record in enumerate(getattr(bundle, keyed)):
            key = key_of(record)
            if key in keys:
                raise BundleError(f"{name}: {keyed}[{i}]: a second record for {key!r}")
            keys.add(key)
    for i, source in enumerate(bundle.sources):
        if sha256_of(source.text) != source.sha256:
            raise BundleError(f"{name}: sources[{i}].sha256: does not match the source's text")
        if source.version < 1:
            raise BundleError(f"{name}: sources[{i}].version: versions count from 1")
    texts = _version_texts(bundle, name)
    sources = {source.id: source for source in bundle.sources}
    known = {
        section.name: {record.id for record in getattr(bundle, section.name)}
        for section in SECTIONS
        if section.has_ids
    }
    for section in SECTIONS:
        for i, record in enumerate(getattr(bundle, section.name)):
            _check_references(record, section.references, known, f"{name}: {section.name}[{i}]")
            if isinstance(record, ClaimRecord):
                _check_anchor(record, sources, texts, f"{name}: claims[{i}]")
            if section.name in _PAIRS and record.claim_id == record.other_id:
                raise BundleError(f"{name}: {section.name}[{i}]: {_PAIRS[section.name]}")


def _check_references(
    record: Record, references: dict[str, str], known: dict[str, set[int]], where: str
) -> None:
    for field, section in references.items():
        value = getattr(record, field)
        if value is not None and value not in known[section]:
            raise BundleError(f"{where}.{field}: no record with id {value}")


def _check_anchor(
    claim: ClaimRecord,
    sources: dict[int, SourceRecord],
    texts: dict[tuple[int, int], str],
    where: str,
) -> None:
    """Refuse a claim anchored to a version its source lacks, or a span outside that text."""
    text = None
    if claim.source_id is not None:
        source = sources[claim.source_id]
        text = texts.get((source.id, claim.anchor_version))
        if text is None:
            raise BundleError(
                f"{where}.anchor_version: claim {claim.id} is anchored to "
                f"version {claim.anchor_version} of source {source.id}, which the bundle "
                f"lacks (it has versions 1 to {source.version})"
            )
        changed = claim.changed_in_version
        if changed is not None and not 1 <= changed <= source.version:
            raise BundleError(
                f"{where}.changed_in_version: source {source.id} has no "
                f"version {changed} (it has 1 to {source.version})"
            )
    if claim.span_start is not None:
        end = claim.span_end if claim.span_end is not None else claim.span_start
        if text is None or not 0 <= claim.span_start <= end <= len(text):
            raise BundleError(
                f"{where}.span_start: span {claim.span_start}:{end} "
                f"lies outside the text of the version of its source it is anchored to"
            )


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
