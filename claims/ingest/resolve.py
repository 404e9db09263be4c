"""Resolving the speakers of one document against the registry as it is ingested.

Each attribution's speaker is looked up once per document, and once per run for a named
speaker who appears in many documents (``RegistryCache``):

- a named speaker ("Mark Kimmitt", "Coalition Provisional Authority") is matched by alias,
  surname or fuzzy score (``claims.speakers.registry.match_speaker``), and created only when
  nothing is good enough; the decision and its score go on the claim, so a reviewer can see
  why and reattribute it;
- an anonymous one ("a senior official", "Sadr's representative") is never matched across
  documents: two senior officials in two articles are not known to be the same person. It
  becomes a speaker of its own, with weak aliases.

New speakers are created together when the document is written (``DocumentSpeakers.write``),
with every alias the document taught, in a handful of statements whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claims.extraction import Attribution
from claims.extraction.names import is_weak_alias, normalise_name, words
from claims.speakers.registry import (
    add_aliases,
    guess_kind,
    match_speaker,
    record_speaker_change,
)
from db.models import Speaker, SpeakerKind, utcnow

if TYPE_CHECKING:
    from claims.ingest.run import IngestSummary

_PRONOUNS = frozenset("he she they it we i you him her them who which".split())


@dataclass(frozen=True)
class SpeakerResolution:
    """The registry speaker an attribution was given, and how (``speaker_match`` and its score)."""

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

    speakers: dict[tuple[str, str], SpeakerResolution] = field(default_factory=dict)
    aliases: set[tuple[int, str]] = field(default_factory=set)

    def absorb(self, document: DocumentSpeakers) -> None:
        """Keep what a document, now committed, resolved and recorded."""
        self.speakers.update(document.learnt)
        self.aliases.update(document.recorded)


class DocumentSpeakers:
    """Resolves the speakers of one document against the registry, once per speaker."""

    def __init__(
        self, session: Session, summary: IngestSummary, user: str, run: RegistryCache
    ) -> None:
        self.session = session
        self.summary = summary
        self.user = user
        self.run = run
        self.cache: dict[str, SpeakerResolution] = {}
        self.learnt: dict[tuple[str, str], SpeakerResolution] = {}
        self.recorded: set[tuple[int, str]] = set()
        self.aliases: list[tuple[int, str]] = []
        self.kinds: dict[int, str] = {}
        # Speakers new to the registry, created together when the document is written;
        # until then they go by negative placeholder ids.
        self.new: dict[int, dict[str, object]] = {}
        self.new_by_name: dict[str, int] = {}

    def resolve(self, attribution: Attribution) -> SpeakerResolution:
        """The registry speaker of an attribution, matched or created."""
        name = " ".join((attribution.speaker_resolved or "").split())
        if not name:
            return SpeakerResolution(None, None, None)
        if name not in self.cache:
            self.cache[name] = self._resolve(name, attribution)
        resolution = self.cache[name]
        self._learn_alias(resolution.speaker_id, attribution.speaker)
        return resolution

    def _resolve(self, name: str, attribution: Attribution) -> SpeakerResolution:
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
                    resolution = SpeakerResolution(found.speaker.id, method, found.score)
                    self.learnt[key] = resolution
                    return resolution
        normalised = normalise_name(name)
        if not anonymous and normalised in self.new_by_name:
            placeholder = self.new_by_name[normalised]
            return SpeakerResolution(placeholder, "new", None)
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
            self.learnt[key] = SpeakerResolution(placeholder, f"alias: {name}"[:100], 100.0)
        return SpeakerResolution(placeholder, "new", None)

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
                key: SpeakerResolution(
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
