"""What an anaphoric object refers to: "Sadr denied the accusation", "Local fishermen
disputed that account".

Such an attribution is real (a denial, a dispute), but its content says nothing on its
own. It is kept, and points to the statement it refers to (``refers_to``), found before it:

1. a noun of the same statement with its clause, in the same or the previous sentence
   ("... over accusations that he was responsible for the murder ...": "the accusation");
2. else the content of the latest attribution before it, in its paragraph or the one
   before ("The work was stopped ...," Keane said. Fishermen disputed that account.).

When neither is found, ``refers_to`` stays None: the reviewer sees a bare object.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claims.extraction.content_end import content_end, trim
from claims.extraction.lexicon import CUE_FORMS, OBJECT, STATEMENT_NOUNS
from claims.extraction.model import Attribution, Span
from claims.extraction.structure import Layout

# What opens an anaphor: "the accusation", "that account", "those earlier reports".
_DETERMINER_RE = re.compile(r"(?:[Tt]he|that|this|these|those|such|his|her|their|its)")
_FINITE_RE = re.compile(
    r"\s(?:is|are|was|were|will|would|can|could|may|might|must|should|has|have|had)\b"
)
#: How far back the statement an anaphor refers to may lie, in paragraphs.
_PARAGRAPH_REACH = 1


def anaphor_noun(content: str) -> str | None:
    """The noun of statement an anaphoric content opens with ("the accusation" gives
    "accusation", "those earlier reports" "reports"), or None."""
    words = content.split(None, 4)
    if len(words) < 2 or not _DETERMINER_RE.fullmatch(words[0]):
        return None
    for at in (1, 2):
        if at < len(words) and words[at].strip(",.;:") in STATEMENT_NOUNS:
            rest = words[at + 1] if at + 1 < len(words) else ""
            if rest == "that" or _FINITE_RE.match(" " + rest):
                return None  # "the claim that he lied", "that reports were false": a clause
            return words[at].strip(",.;:")
        if at < len(words) and not words[at].islower():
            return None
    return None


def resolve_anaphors(text: str, lay: Layout, found: list[Attribution]) -> list[Attribution]:
    """``found`` with ``refers_to`` set on each attribution whose content is anaphoric."""
    out = list(found)
    for i, a in enumerate(found):
        noun = anaphor_noun(a.content) if a.content_spans and _takes_object(a) else None
        if noun is None:
            continue
        start = a.content_spans[0][0]
        span = _noun_clause_before(text, lay, noun, start) or _statement_before(
            text, found, i, start
        )
        if span:
            out[i] = replace(
                a, refers_to=" ".join(text[s:e] for s, e in span), refers_to_spans=span
            )
    return out


def _takes_object(a: Attribution) -> bool:
    """True when the cue of ``a`` takes an object ("denied", "disputed"), not a clause."""
    words = (a.cue or "").lower().split()
    verb = CUE_FORMS.get(words[-1]) if words else None
    return verb is not None and verb.frame == OBJECT


def _noun_clause_before(text: str, lay: Layout, noun: str, pos: int) -> tuple[Span, ...]:
    """The clause of the same noun ("accusations that he was ...") in the sentence of
    ``pos`` or the one before it."""
    s0, _ = lay.sentence(pos)
    k = s0 - 1
    while k > 0 and text[k].isspace():
        k -= 1
    p0 = lay.sentence(k)[0] if k > 0 else s0
    stem = noun[:-1] if noun.endswith("s") else noun
    pattern = re.compile(r"\b" + re.escape(stem) + r"s?[ \t]+(that)\b", re.IGNORECASE)
    best = None
    for m in pattern.finditer(text, p0, s0 if s0 < pos else pos):
        best = m
    if best is None:
        return ()
    start = best.start(1)
    _, end_of_sentence = lay.sentence(start)
    end = content_end(text, start, min(end_of_sentence, pos), "")
    # The clause ends where the sentence's own verb resumes: "accusations that he was
    # responsible ... will be negotiated".
    verbs = list(_FINITE_RE.finditer(text, start, end))
    if len(verbs) > 1:
        end = verbs[1].start()
    span = trim(text, start, end)
    return (span,) if span else ()


def _statement_before(text: str, found: list[Attribution], i: int, pos: int) -> tuple[Span, ...]:
    """The content of the latest attribution before ``found[i]``, not itself anaphoric
    nor nested in another's content, within reach."""
    outer = [b for b in found if b.content_spans]
    for b in reversed(found[:i]):
        if not b.content_spans or b.content_spans[-1][1] > pos or b.refers_to:
            continue
        if anaphor_noun(b.content) is not None:
            continue
        cue = b.cue_spans[0][0] if b.cue_spans else b.content_spans[0][0]
        if any(c is not b and any(s <= cue < e for s, e in c.content_spans) for c in outer):
            continue  # "... before he told the house the project was on budget"
        if text.count("\n\n", b.content_spans[-1][1], pos) > _PARAGRAPH_REACH:
            return ()
        return b.content_spans
    return ()
