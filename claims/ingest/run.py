"""Ingest: documents in, attributed claims with resolved speakers out, one transaction each.

``ingest_paths`` is the loop the command line runs. For every document the text is stored
as a Source (skipped when the same text is already stored: the sha256 decides), or as the
next version of a source it edits; its attributions are extracted, each speaker is resolved
against the registry (``claims.ingest.resolve``), and its claims are written in one bulk
insert (``claims.ingest.rows``). Files, folders and globs are expanded by
``claims.ingest.paths``.

Reading and extraction are pure and run in worker processes for large batches
(``prepared_stream``); the main process only writes, so a batch of ten thousand articles
fits in about a minute. An interruption rolls back only the document being written.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from claims.archive.store import add_source
from claims.extraction import Attribution
from claims.ingest.documents import Document, DocumentRefused, read_document
from claims.ingest.resolve import DocumentSpeakers, RegistryCache
from claims.ingest.rows import claim_rows_for
from claims.learning.store import Extractor, rules_extractor
from claims.versions.carrying import overlaps_any
from claims.versions.store import add_version, previous_version, stored_text
from db.engine import Database
from db.models import Claim, SourceCreate

#: Below this many files, worker processes cost more than they save.
POOL_THRESHOLD = 40


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


def _span_bounds(spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    return min(s for s, _ in spans), max(e for _, e in spans)


def store_prepared(
    session: Session,
    prepared: Prepared,
    summary: IngestSummary,
    *,
    user: str,
    overrides: Overrides = Overrides(),
    registry: RegistryCache | None = None,
) -> DocumentSpeakers | None:
    """Store one read document and its claims in the session's transaction.

    A text that edits a stored source (the same URL, the same outlet and title, or the
    source ``overrides.source_id`` names) becomes that source's next version: its claims
    are carried across (``claims.versions``), and only attributions they do not already
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
    speakers = DocumentSpeakers(session, summary, user, registry or RegistryCache())
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
