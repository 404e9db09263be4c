"""How a claim reached the reader: the chain from speaker through intermediaries to source.

"Sheik Ahmed Shibani, told the *Los Angeles Times*, as reported by the *World Socialist Web
Site*": the speaker as the source names them, the cue and the outlet they spoke through, and
the outlet that carries the report. Reports and exports show the chain; its parts say which
words are outlets, so a renderer can set them in italics.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.extraction.names import fold
from db.models import Claim, Source, Speaker

#: The last words of outlet names that take "the": "the Los Angeles Times" but "Al Jazeera".
OUTLET_NOUNS: frozenset[str] = frozenset(
    """
    times post journal telegraph guardian herald tribune news site agency press network
    channel service review observer independent economist globe mail star sun standard
    chronicle gazette monitor examiner inquirer register record bulletin express mirror
    daily weekly magazine radio television broadcasting corporation
    """.split()
)

_PRONOUNS = frozenset("he she they it we i you him her them this that".split())


@dataclass(frozen=True, slots=True)
class ChainPart:
    """A stretch of an attribution chain: ``speaker``, ``outlet`` or connecting ``text``."""

    text: str
    kind: str


def with_article(outlet: str) -> list[ChainPart]:
    """An outlet as it reads in a sentence: "the" before "Washington Post", not "Reuters"."""
    outlet = " ".join(outlet.replace("*", "").split())
    words = outlet.split()
    if words and fold(words[0]) == "the":
        return [ChainPart(words[0] + " ", "text"), ChainPart(" ".join(words[1:]), "outlet")]
    if words and fold(words[-1]) in OUTLET_NOUNS:
        return [ChainPart("the ", "text"), ChainPart(outlet, "outlet")]
    return [ChainPart(outlet, "outlet")]


def speaker_as_named(claim: Claim, speaker: Speaker | None) -> str:
    """The speaker as the source names them, unless that is only a pronoun ("He")."""
    mention = " ".join((claim.speaker_mention or "").replace("*", "").split())
    if mention and fold(mention) not in _PRONOUNS:
        return mention
    if speaker is not None:
        return speaker.name
    return mention or "an unattributed source"


def attribution_chain(
    claim: Claim, speaker: Speaker | None, source: Source | None
) -> list[ChainPart]:
    """The chain from the claim's speaker to the reader, as parts."""
    who = ChainPart(speaker_as_named(claim, speaker), "speaker")
    cue = " ".join((claim.cue or "").split())
    parts: list[ChainPart] = []
    if fold(cue).startswith("according to"):
        parts += [ChainPart(cue[:1].upper() + cue[1:] + " ", "text"), who]
        if claim.via:
            parts += [ChainPart(", in ", "text"), *with_article(claim.via)]
    else:
        parts.append(who)
        if cue and claim.via:
            # "told the Los Angeles Times", but "declared in the Washington Post".
            joint = " " if fold(cue).split()[-1] in {"told", "to"} else " in "
            parts += [ChainPart(f", {cue}{joint}", "text"), *with_article(claim.via)]
        elif cue:
            parts.append(ChainPart(f" {cue}", "text"))
        elif claim.via:
            parts += [ChainPart(", in ", "text"), *with_article(claim.via)]
    if source is not None and (source.outlet or source.title):
        if source.outlet:
            # Not "reported, as reported by".
            relay = ", according to " if fold(cue).startswith("report") else ", as reported by "
            parts += [ChainPart(relay, "text"), *with_article(source.outlet)]
        else:
            parts += [
                ChainPart(", as reported in ", "text"),
                ChainPart(source.title or "", "title"),
            ]
    return parts


def chain_text(parts: list[ChainPart]) -> str:
    """The chain as one line of plain text."""
    return "".join(part.text for part in parts)
