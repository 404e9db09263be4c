"""Decoding: from the labels a CRF gives a document's tokens to attribution records.

``assemble`` puts the labelled spans together around their cues: every speaker and content
span goes to the nearest cue of its sentence, else of its paragraph (a quotation's speaker
and cue often stand in the sentence after it). ``attributions_from`` then turns each group
into an ``Attribution`` with its speaker resolved within the document, keeping the rules'
resolution where they read the same speaker at the same cue, and the rules' surest readings
where the model found nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from claims.extraction.model import Attribution, SpeakerMention
from claims.extraction.pipeline import quote_type_of, without_reporting_comma
from claims.extraction.resolution import Resolver
from claims.extraction.tokens import QUOTE_MARKS, Token
from claims.learning.features import CONTENT, CUE, OUTSIDE, SENTENCE_ENDS, SPEAKER


def _spans_of(tokens: Sequence[Token], labels: Sequence[str]) -> list[tuple[str, int, int, int]]:
    """The labelled spans: (role, first token, last token + 1, start offset)."""
    out = []
    i = 0
    n = len(labels)
    while i < n:
        label = labels[i]
        if label == OUTSIDE:
            i += 1
            continue
        role = label[2:]
        j = i + 1
        while j < n and labels[j] == "I-" + role:
            j += 1
        out.append((role, i, j, tokens[i].start))
        i = j
    return out


@dataclass(frozen=True, slots=True)
class _Piece:
    role: str
    first: int
    last: int  # exclusive
    start: int
    end: int
    sentence: int
    paragraph: int


def assemble(text: str, tokens: Sequence[Token], labels: Sequence[str]) -> list[dict[str, Any]]:
    """Put labelled spans together into attributions around their cues.

    Every content and speaker span goes to the nearest cue: in its own sentence when there
    is one there, otherwise the nearest in its paragraph (a quotation's speaker and cue
    often stand in the sentence after it).
    """
    sentence = [0] * len(tokens)
    paragraph = [0] * len(tokens)
    s = p = 0
    prev_end = 0
    for i, tok in enumerate(tokens):
        if "\n" in text[prev_end : tok.start]:
            p += 1
            s += 1
        elif i and tokens[i - 1].text in SENTENCE_ENDS:
            s += 1
        sentence[i] = s
        paragraph[i] = p
        prev_end = tok.end
    pieces = [
        _Piece(
            role,
            a,
            b,
            tokens[a].start,
            tokens[b - 1].end,
            sentence[a],
            paragraph[a],
        )
        for role, a, b, _ in _spans_of(tokens, labels)
    ]
    cues = [x for x in pieces if x.role == CUE]
    if not cues:
        return []
    groups: dict[int, dict[str, list[_Piece]]] = {id(c): {SPEAKER: [], CONTENT: []} for c in cues}
    for piece in pieces:
        if piece.role == CUE:
            continue
        last_sentence = sentence[piece.last - 1]
        same_sentence = [c for c in cues if piece.sentence <= c.sentence <= last_sentence]
        pool = same_sentence or [c for c in cues if c.paragraph == piece.paragraph]
        if not pool:
            # Multi-paragraph quotations: the nearest cue before.
            before = [c for c in cues if c.start < piece.start]
            if (
                piece.role != CONTENT
                or not before
                or text[piece.start] not in QUOTE_MARKS
                or before[-1].paragraph < piece.paragraph - 1
            ):
                continue
            pool = [before[-1]]
        best = min(pool, key=lambda c: _distance(c, piece))
        groups[id(best)][piece.role].append(piece)
    speakers = [x for x in pieces if x.role == SPEAKER]
    out = []
    for c in cues:
        group = groups[id(c)]
        if not group[CONTENT]:
            continue
        if group[SPEAKER]:
            speaker: _Piece | None = min(group[SPEAKER], key=lambda x: _distance(c, x))
        else:
            # A second verb of the same subject ("denied ... and declared ...").
            before = [x for x in speakers if x.sentence == c.sentence and x.last <= c.first]
            speaker = before[-1] if before else None
        out.append(
            {
                "cue": ((c.start, c.end),),
                "speaker": ((speaker.start, speaker.end),) if speaker else (),
                "content": tuple((x.start, x.end) for x in group[CONTENT]),
            }
        )
    return out


def _distance(a: _Piece, b: _Piece) -> int:
    """Tokens between two pieces (0 when they touch or overlap)."""
    if a.last <= b.first:
        return b.first - a.last
    if b.last <= a.first:
        return a.first - b.last
    return 0


#: The rules' readings at least this precise on annotated news stand beside the model's
#: where the model read nothing there...
SURE_RULE = 0.9
#: A less sure reading of the rules is kept where the model, though it labelled no cue
#: there, gives a cue beginning at least this probability.
RULE_BELIEF = 0.3


def _overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(s < f and t < e for s, e in a for t, f in b)


def attributions_from(
    text: str,
    groups: list[dict[str, Any]],
    rules: Sequence[Attribution] = (),
    cue_belief: Callable[[Attribution], float] | None = None,
) -> list[Attribution]:
    """Attribution records, the speakers resolved within the document.

    Where the rules read the same speaker at the same cue, their resolution is kept (they
    know the fuller description and the antecedent of "who"), and the rules' surest
    readings are kept where the model found nothing.
    """
    resolver = Resolver(text)
    out = []
    for g in sorted(groups, key=lambda g: min(s for s, _ in g["content"] + g["cue"])):
        speaker_text = canonical = None
        mention: SpeakerMention | None = None
        via: str | None = None
        via_spans: tuple[tuple[int, int], ...] = ()
        if not g["speaker"]:
            same_cue = next(
                (r for r in rules if r.speaker_spans and _overlaps(r.cue_spans, g["cue"])), None
            )
            if same_cue is not None:
                g = {**g, "speaker": same_cue.speaker_spans[:1]}
        if g["speaker"]:
            s, e = g["speaker"][0]
            speaker_text = text[s:e]
            same = next(
                (
                    r
                    for r in rules
                    if _overlaps(r.cue_spans, g["cue"]) and _overlaps(r.speaker_spans, g["speaker"])
                ),
                None,
            )
            if same is not None:
                canonical, mention = same.speaker_resolved, same.mention
                via, via_spans = same.via, same.via_spans
            else:
                entity = resolver.resolve(speaker_text, s)
                canonical, mention = entity.canonical, entity.mention
        content_spans = tuple(sorted(g["content"]))
        kind = quote_type_of(text, content_spans)
        content_spans = without_reporting_comma(text, content_spans, kind)
        out.append(
            Attribution(
                speaker=speaker_text,
                speaker_spans=g["speaker"],
                speaker_resolved=canonical,
                mention=mention,
                cue=" ".join(text[s:e] for s, e in g["cue"]),
                cue_spans=g["cue"],
                content=" ".join(text[s:e] for s, e in content_spans),
                content_spans=content_spans,
                type=kind,
                via=via,
                via_spans=via_spans,
                rule="model",
            )
        )
    for r in rules:
        if not r.cue_spans or any(_overlaps(r.content_spans, a.content_spans) for a in out):
            continue
        if r.confidence >= SURE_RULE or (cue_belief is not None and cue_belief(r) >= RULE_BELIEF):
            out.append(r)
    out.sort(key=lambda a: a.start)
    return out
