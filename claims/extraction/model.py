"""The records extraction produces: who is quoted (a speaker mention) and what they said.

Every span is a pair of Python string offsets into the exact text given to
:func:`claims.extraction.extract`, end exclusive, so a claim can always be shown in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Span = tuple[int, int]

#: Kinds of speaker.
PERSON = "person"
ORGANISATION = "organisation"
GROUP = "group"
ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """A speaker as the words describe them, parsed into its parts.

    ``text`` is the mention as written ("CPA spokesman General Mark Kimmitt"); ``name``,
    ``title``, ``role`` and ``organisation`` are its parts when present ("Mark Kimmitt",
    "General", "CPA spokesman", "CPA"); ``kind`` is one of person, organisation, group or
    anonymous.
    """

    text: str
    name: str | None
    title: str | None
    role: str | None
    organisation: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed statement: a speaker, the cue that attributes, and the content.

    ``speaker`` is the mention as written at this place ("He", "Dempsey");
    ``speaker_resolved`` is the canonical speaker within the document ("Moqtada al-Sadr");
    ``mention`` is the fullest parsed mention of that speaker. ``content`` is the text of
    its spans joined by a space (a quotation interrupted by "he said" has two spans), and
    ``cue`` likewise. ``via`` names an outlet that
    carried the statement ("Los Angeles Times"). ``rule`` says which rule found it and
    ``confidence`` how often that rule's readings match annotated news (0 to 1).
    ``refers_to`` is the statement an anaphoric content points to ("the accusation",
    "that account"), found before it in the text (:mod:`claims.extraction.anaphora`), at
    ``refers_to_spans``; None when the content stands on its own or nothing was found.
    """

    speaker: str | None
    speaker_spans: tuple[Span, ...]
    speaker_resolved: str | None
    mention: SpeakerMention | None
    cue: str | None
    cue_spans: tuple[Span, ...]
    content: str
    content_spans: tuple[Span, ...]
    type: str
    via: str | None
    via_spans: tuple[Span, ...]
    rule: str
    confidence: float = 1.0
    refers_to: str | None = None
    refers_to_spans: tuple[Span, ...] = ()

    @property
    def start(self) -> int:
        """The first offset any of the attribution's spans covers."""
        return min(s for s, _ in self.content_spans + self.cue_spans + self.speaker_spans)

    def to_json(self) -> dict[str, Any]:
        """The attribution in the prediction format of the evaluation (``score.py``)."""
        return {
            "speaker": self.speaker,
            "speaker_span": [list(s) for s in self.speaker_spans],
            "speaker_resolved": self.speaker_resolved,
            "cue": self.cue,
            "cue_span": [list(s) for s in self.cue_spans],
            "content": self.content,
            "content_span": [list(s) for s in self.content_spans],
            "type": self.type,
            "via": self.via,
            "rule": self.rule,
            "confidence": self.confidence,
            "refers_to": self.refers_to,
            "refers_to_span": [list(s) for s in self.refers_to_spans],
        }
