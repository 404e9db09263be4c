"""Ingest: documents in, attributed claims with resolved speakers out, one transaction each.

For every document the text is stored as a Source (skipped when the same text is already
stored: the sha256 decides), its attributions are extracted, and each attribution's speaker
is resolved against the registry:

- a named speaker ("Mark Kimmitt", "Coalition Provisional Authority") is matched by alias,
  surname or fuzzy score (``claims.speakers.registry.match_speaker``), and created only when nothing
  is good enough; the decision and its score are stored on the claim, so a reviewer can see
  why and reattribute it;
- an anonymous one ("a senior official", "Sadr's representative") is never matched across
  documents: two senior officials in two articles are not known to be the same person. It
  becomes a speaker of its own, with weak aliases.

Reading and extraction are pure and run in worker processes for large batches; the main
process only writes, so a batch of ten thousand articles fits in about a minute.
"""

from __future__ import annotations

import datetime as dt
import glob
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claims.extraction import Attribution
from claims.ingest.documents import Document, DocumentRefused, read_document
from claims.ingest.store import CONTEXT_CHARS, add_source
from claims.learning.store import Extractor, rules_extractor
from claims.speakers.names import is_weak_alias, normalise_name, words
from claims.speakers.registry import (
    add_aliases,
    guess_kind,
    match_speaker,
    record_speaker_change,
)
from claims.versions.history import add_version, overlaps_any, previous_version, stored_text
from db.engine import Database
from db.models import (
    Claim,
    SourceCreate,
    Speaker,
    SpeakerKind,
    utcnow,
)

#: File endings ingest reads when given a folder.
DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
#: Below this many files, worker processes cost more than they save.
POOL_THRESHOLD = 40

_PRONOUNS = frozenset("he she they it we i you him her them who which".split())


@dataclass(frozen=True)
class Overrides:
    """Metadata given on the command line; it wins over what the document says."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source_id: int | None = None
    """Store the document as the next version of this source."""


@dataclass
class IngestSummary:
    """What a run stored, found already stored, and skipped."""

    documents: int = 0
    already_stored: int = 0
    claims: int = 0
    new_speakers: int = 0
    matched_speakers: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    new_versions: int = 0
    """Documents stored as a new version of a source they edit."""
    reanchored: int = 0
    """Claims carried to a new version (``changed`` of them with edited words)."""
    changed: int = 0
    orphaned: int = 0
    """Claims whose words a new version no longer has, left on the old one."""
    interrupted: bool = False

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data."""
        return {
            "documents": self.documents,
            "already_stored": self.already_stored,
            "claims": self.claims,
            "new_speakers": self.new_speakers,
            "matched_speakers": self.matched_speakers,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "source_ids": self.source_ids,
            "new_versions": self.new_versions,
            "reanchored": self.reanchored,
            "changed": self.changed,
            "orphaned": self.orphaned,
            "interrupted": self.interrupted,
        }


# --- Finding the files --------------------------------------------------------------------


def collect_paths(inputs: Sequence[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files, folders (recursively, by ending) and globs into a sorted file list.

    Returns:
        The files to read, and (input, reason) for every input that named nothing readable.
    """
    files: dict[Path, None] = {}
    missing: list[tuple[str, str]] = []
    for raw in inputs:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            missing.append((raw, "no file matches this pattern"))
        for match in matches:
            path = Path(match)
            if path.is_dir():
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in DOCUMENT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
                if not found:
                    missing.append((match, "folder holds no .txt, .md or .html files"))
                files.update(dict.fromkeys(found))
            elif path.is_file():
                files[path] = None
            else:
                missing.append((match, "no such file or folder"))
    return list(files), missing


# --- Reading and extracting (pure; runs in worker processes) ------------------------------


@dataclass(frozen=True)
class Prepared:
    """A document read and its attributions extracted, ready to store."""

    path: str
    document: Document | None
    attributions: tuple[Attribution, ...] = ()
    reason: str | None = None
    extractor: str | None = None
    extractor_version: str | None = None


#: The extractor of this worker process, loaded once when the worker starts.
_worker_extractor: Extractor | None = None


def prepare(path: str, extractor: Extractor | None = None) -> Prepared:
    """Read one file and extract its attributions; a file that cannot be read says why.

    Args:
        extractor: what extracts; by default the worker's own, else the rules.
    """
    extractor = extractor or _worker_extractor or rules_extractor()
    try:
        document = read_document(Path(path))
    except DocumentRefused as exc:
        return Prepared(path, None, reason=exc.reason)
    except OSError as exc:
        return Prepared(path, None, reason=f"cannot read: {exc.strerror or exc}")
    return Prepared(
        path,
        document,
        tuple(extractor.extract(document.text)),
        extractor=extractor.kind,
        extractor_version=extractor.version,
    )


def _start_worker(parent: int, extractor: Extractor) -> None:
    """In a worker: load the extractor once, and exit when the ingest that started it is gone."""
    global _worker_extractor
    extractor.load()
    _worker_extractor = extractor
    _watch_parent(parent)


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the ingest that started it is gone (even if killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def prepared_stream(
    paths: Sequence[Path], workers: int | None = None, extractor: Extractor | None = None
) -> Iterator[Prepared]:
    """Prepare every path, in order, in worker processes when the batch is large.

    Args:
        extractor: what extracts (the rules by default); each worker loads it once.
    """
    names = [str(p) for p in paths]
    extractor = extractor or rules_extractor()
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if workers <= 1 or len(names) < POOL_THRESHOLD:
        for name in names:
            yield prepare(name, extractor)
        return
    # Spawned, not forked: a forked worker would share the parent's open database
    # connection, keeping a killed ingest's transaction (and its locks) alive on a server.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), extractor),
    ) as pool:
        try:
            yield from pool.map(prepare, names, chunksize=16)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# --- Storing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolution:
    speaker_id: int | None
    method: str | None
    score: float | None


@dataclass
class RegistryCache:
    """What one ingest run has learnt of the registry, so that a speaker who appears in
    hundreds of documents is looked up once, not hundreds of times.

    Only named speakers are kept (anonymous ones are never matched across documents), and
    only what committed documents taught: a document rolled back teaches nothing.
    """

    speakers: dict[tuple[str, str], _Resolution] = field(default_factory=dict)
    aliases: set[tuple[int, str]] = field(default_factory=set)

    def absorb(self, document: _DocumentSpeakers) -> None:
        """Keep what a document, now committed, resolved and recorded."""
        self.speakers.update(document.learnt)
        self.aliases.update(document.recorded)


class _DocumentSpeakers:
    """Resolves the speakers of one document against the registry, once per speaker."""

    def __init__(
        self, session: Session, summary: IngestSummary, user: str, run: RegistryCache
    ) -> None:
        self.session = session
        self.summary = summary
        self.user = user
        self.run = run
        self.cache: dict[str, _Resolution] = {}
        self.learnt: dict[tuple[str, str], _Resolution] = {}
        self.recorded: set[tuple[int, str]] = set()
        self.aliases: list[tuple[int, str]] = []
        self.kinds: dict[int, str] = {}
        # Speakers new to the registry, created together when the document is written;
        # until then they go by negative placeholder ids.
        self.new: dict[int, dict[str, object]] = {}
        self.new_by_name: dict[str, int] = {}

    def resolve(self, attribution: Attribution) -> _Resolution:
        """The registry speaker of an attribution, matched or created."""
        name = " ".join((attribution.speaker_resolved or "").split())
        if not name:
            return _Resolution(None, None, None)
        if name not in self.cache:
            self.cache[name] = self._resolve(name, attribution)
        resolution = self.cache[name]
        self._learn_alias(resolution.speaker_id, attribution.speaker)
        return resolution

    def _resolve(self, name: str, attribution: Attribution) -> _Resolution:
        mention = attribution.mention
        kind = mention.kind if mention else guess_kind(name).value
        if mention and mention.name and kind == SpeakerKind.PERSON.value:
            name = mention.name  # "Jean Dupont", not "Foreign Minister Jean Dupont"
        anonymous = kind == SpeakerKind.ANONYMOUS.value or is_weak_alias(name)
        key = (name, kind)
        if not anonymous and key in self.run.speakers:
            self.summary.matched_speakers += 1
            return self.run.speakers[key]
        if not anonymous:
            candidates = dict.fromkeys(n for n in (name, mention and mention.name) if n)
            for candidate in candidates:
                found = match_speaker(self.session, candidate, thorough=False)
                if found is not None:
                    self.summary.matched_speakers += 1
                    self._learn_alias(found.speaker.id, name)
                    self._fill_out_name(found.speaker, name)
                    method = f"{found.method}: {found.alias}"[:100]
                    resolution = _Resolution(found.speaker.id, method, found.score)
                    self.learnt[key] = resolution
                    return resolution
        normalised = normalise_name(name)
        if not anonymous and normalised in self.new_by_name:
            placeholder = self.new_by_name[normalised]
            return _Resolution(placeholder, "new", None)
        placeholder = -(len(self.new) + 1)
        self.new[placeholder] = {
            "name": name,
            "kind": SpeakerKind.ANONYMOUS.value if anonymous else SpeakerKind(kind).value,
            "description": mention.role if mention else None,
            "affiliation": mention.organisation if mention else None,
            "created_at": utcnow(),
        }
        self.kinds[placeholder] = str(self.new[placeholder]["kind"])
        self.aliases.append((placeholder, name))
        self.recorded.add((placeholder, name.casefold()))
        self.summary.new_speakers += 1
        if not anonymous:
            self.new_by_name[normalised] = placeholder
            # Later documents find it by its own name, as a fresh lookup would.
            self.learnt[key] = _Resolution(placeholder, f"alias: {name}"[:100], 100.0)
        return _Resolution(placeholder, "new", None)

    def _fill_out_name(self, speaker: Speaker, name: str) -> None:
        """Give a person known only by a surname the full name a later document writes."""
        known, fuller = normalise_name(speaker.name).split(), normalise_name(name).split()
        if (
            speaker.kind == SpeakerKind.PERSON.value
            and len(known) == 1
            and len(fuller) > 1
            and fuller[-1] == known[0]
        ):
            record_speaker_change(
                self.session,
                user=self.user,
                speaker=speaker,
                field="name",
                old=speaker.name,
                new=name,
            )
            speaker.name = name
            self.session.add(speaker)

    def _learn_alias(self, speaker_id: int | None, written: str | None) -> None:
        """Remember how the document wrote the speaker's name (pronouns excepted)."""
        if speaker_id is None or not written:
            return
        ws = words(written)
        if not ws or (len(ws) == 1 and ws[0] in _PRONOUNS):
            return
        known = (speaker_id, written.casefold())
        if known in self.run.aliases or known in self.recorded:
            return
        self.recorded.add(known)
        self.aliases.append((speaker_id, written))

    def write(self, claims: list[dict[str, object]]) -> None:
        """Create the document's new speakers, point its claims at them, and store every
        alias the document taught: a handful of statements whatever the numbers."""
        if self.new:
            placeholders = sorted(self.new, reverse=True)  # -1, -2, ...: creation order
            created: sa.CursorResult[Any] = self.session.connection().execute(
                sa.insert(Speaker).returning(sa.column("id"), sort_by_parameter_order=True),
                [self.new[p] for p in placeholders],
            )
            real: dict[int, int] = dict(zip(placeholders, created.scalars(), strict=True))
            for claim in claims:
                if isinstance(claim["speaker_id"], int) and claim["speaker_id"] < 0:
                    claim["speaker_id"] = real[claim["speaker_id"]]
            self.aliases = [(real.get(sid, sid), alias) for sid, alias in self.aliases]
            self.recorded = {(real.get(sid, sid), alias) for sid, alias in self.recorded}
            self.kinds = {real.get(sid, sid): kind for sid, kind in self.kinds.items()}
            self.learnt = {
                key: _Resolution(
                    real.get(r.speaker_id, r.speaker_id) if r.speaker_id else r.speaker_id,
                    r.method,
                    r.score,
                )
                for key, r in self.learnt.items()
            }
        if not self.aliases:
            return
        unknown = {sid for sid, _ in self.aliases if sid not in self.kinds}
        if unknown:
            rows = self.session.exec(
                select(col(Speaker.id), col(Speaker.kind)).where(col(Speaker.id).in_(unknown))
            )
            self.kinds.update({sid: kind for sid, kind in rows if sid is not None})
        anonymous = SpeakerKind.ANONYMOUS.value
        add_aliases(
            self.session,
            [
                (sid, alias, True if self.kinds.get(sid) == anonymous else None)
                for sid, alias in self.aliases
            ],
        )


def _span_bounds(spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    return min(s for s, _ in spans), max(e for _, e in spans)


def _span(spans: tuple[tuple[int, int], ...]) -> tuple[int | None, int | None]:
    if not spans:
        return None, None
    return min(s for s, _ in spans), max(e for _, e in spans)


def claim_rows_for(
    text: str,
    source_id: int,
    attributions: Iterable[Attribution],
    speakers: _DocumentSpeakers,
    user: str,
    *,
    extractor: str | None = None,
    extractor_version: str | None = None,
    anchor_version: int = 1,
) -> list[dict[str, object]]:
    """The claim rows of one document's attributions, ready for a bulk insert.

    Args:
        extractor: what found them ("rules" or "model"), and ``extractor_version`` which.
        anchor_version: the version of the source ``text`` is.
    """
    now = utcnow()
    rows = []
    for attribution in attributions:
        start, end = _span(attribution.content_spans)
        if start is None or end is None or end <= start:
            continue
        resolution = speakers.resolve(attribution)
        speaker_start, speaker_end = _span(attribution.speaker_spans[:1])
        cue_start, cue_end = _span(attribution.cue_spans)
        mention = attribution.mention
        rows.append(
            {
                "content": text[start:end],
                "source_id": source_id,
                "speaker_id": resolution.speaker_id,
                "speaker_mention": (attribution.speaker or "")[:500] or None,
                "speaker_role": (mention.role or mention.title) if mention else None,
                "cue": (attribution.cue or "")[:200] or None,
                "quote_type": attribution.type,
                "via": attribution.via,
                "span_start": start,
                "span_end": end,
                "span_exact": text[start:end],
                "span_prefix": text[max(0, start - CONTEXT_CHARS) : start],
                "span_suffix": text[end : end + CONTEXT_CHARS],
                "speaker_start": speaker_start,
                "speaker_end": speaker_end,
                "cue_start": cue_start,
                "cue_end": cue_end,
                "rule": attribution.rule[:100],
                "speaker_match": resolution.method,
                "speaker_match_score": resolution.score,
                "extractor": extractor,
                "extractor_version": (extractor_version or "")[:100] or None,
                "anchor_version": anchor_version,
                "status": "unreviewed",
                "created_by": user,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows


def store_prepared(
    session: Session,
    prepared: Prepared,
    summary: IngestSummary,
    *,
    user: str,
    overrides: Overrides = Overrides(),
    registry: RegistryCache | None = None,
) -> _DocumentSpeakers | None:
    """Store one read document and its claims in the session's transaction.

    A text that edits a stored source (the same URL, the same outlet and title, or the
    source ``overrides.source_id`` names) becomes that source's next version: its claims
    are carried across (``claims.versions.history``), and only attributions they do not already
    cover are added.

    Returns:
        What the document taught about the registry (for ``RegistryCache.absorb`` once the
        transaction commits), or None when the text was already stored or unreadable.
    """
    document = prepared.document
    if document is None:
        summary.skipped.append((prepared.path, prepared.reason or "unreadable"))
        return None
    source_in = SourceCreate(
        text=document.text,
        title=overrides.title or document.title,
        outlet=overrides.outlet or document.outlet,
        author=overrides.author or document.author,
        published=overrides.published or document.published,
        url=overrides.url or document.url,
        origin=str(Path(prepared.path).resolve()),
        media_type=document.media_type,
    )
    previous = previous_version(session, source_in, source_id=overrides.source_id)
    if previous is not None:
        # Two ingests of the same edit at once: the second waits here, then finds the
        # text stored (on SQLite the write transaction already serialises them).
        session.refresh(previous, with_for_update=True)
    if stored_text(session, document.text) is not None:
        summary.already_stored += 1
        return None
    attributions: Sequence[Attribution] = prepared.attributions
    if previous is not None:
        version = add_version(session, previous, source_in, user=user)
        source = previous
        summary.new_versions += 1
        summary.reanchored += len(version.carried)
        summary.changed += len(version.changed)
        summary.orphaned += len(version.orphaned)
        carried = version.spans()
        # What the old version's claims already say is not extracted a second time.
        attributions = [
            a
            for a in attributions
            if not (a.content_spans and overlaps_any(*_span_bounds(a.content_spans), carried))
        ]
    else:
        source, _created = add_source(session, source_in)
        summary.documents += 1
    assert source.id is not None
    speakers = _DocumentSpeakers(session, summary, user, registry or RegistryCache())
    rows = claim_rows_for(
        document.text,
        source.id,
        attributions,
        speakers,
        user,
        extractor=prepared.extractor,
        extractor_version=prepared.extractor_version,
        anchor_version=source.version,
    )
    speakers.write(rows)
    if rows:
        session.connection().execute(sa.insert(Claim), rows)
    summary.claims += len(rows)
    summary.source_ids.append(source.id)
    return speakers


def ingest_paths(
    database: Database,
    paths: Sequence[Path],
    *,
    user: str,
    overrides: Overrides = Overrides(),
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    extractor: Extractor | None = None,
) -> IngestSummary:
    """Ingest files, each document in its own transaction.

    An interruption (Ctrl-C) rolls back only the document being written; everything before
    it stays stored, and running the same command again carries on where it stopped, since
    stored texts are recognised by their sha256.

    Args:
        progress: Called with each file's path once it has been handled.
        extractor: What extracts the attributions; the rules when not given.
    """
    summary = IngestSummary()
    registry = RegistryCache()
    try:
        for prepared in prepared_stream(paths, workers, extractor):
            with database.session(write=True) as session:
                learnt = store_prepared(
                    session,
                    prepared,
                    summary,
                    user=user,
                    overrides=overrides,
                    registry=registry,
                )
            if learnt is not None:
                registry.absorb(learnt)
            if progress is not None:
                progress(prepared.path)
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary
