"""The extraction pipeline: from a text to its attributions.

1. :mod:`claims.extraction.structure` finds paragraphs, sentences and quotations;
2. :mod:`claims.extraction.rules` reads every cue outside quotations and drafts an
   attribution from the sentence around it;
3. :mod:`claims.extraction.drafts` keeps one reading of nested statements and gives
   quoted statements the quotations that run on after them;
4. :mod:`claims.extraction.resolution` resolves each speaker within the document.
"""

from __future__ import annotations

import re

from claims.extraction.anaphora import resolve_anaphors
from claims.extraction.content_end import is_quote_at, trim
from claims.extraction.drafts import RULE_PRECISION, Draft, drop_nested, follow_on_quotes
from claims.extraction.furniture import appeal_spans, heading_spans, merged_spans
from claims.extraction.model import Attribution, Span, SpeakerMention
from claims.extraction.resolution import Resolver
from claims.extraction.rules import CueRules
from claims.extraction.structure import QUOTE_RE
from claims.extraction.tokens import QUOTE_MARKS

_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def quote_type_of(text: str, spans: tuple[Span, ...]) -> str:
    """direct (all quoted), mixed (partly quoted) or indirect, from the quotation marks."""
    if all(
        is_quote_at(text, s) and (text[e - 1] in QUOTE_MARKS or text[e - 1] == "'")
        for s, e in spans
    ):
        return "direct"
    for s, e in spans:
        if QUOTE_RE.search(text, s, e):
            return "mixed"
    return "indirect"


_OPEN_MARKS = '"\u201c\u201e\u00ab'
_CLOSE_MARKS = '"\u201d\u00bb'


def without_reporting_comma(text: str, spans: tuple[Span, ...], kind: str) -> tuple[Span, ...]:
    """A direct quote cut out of its reporting sentence (`"... in forty years," said Reed`)
    without the comma that sentence put in, nor the marks around it: the speaker's words.

    Other quotes keep their marks and final punctuation, which are the speaker's own.
    """
    if kind != "direct" or not spans:
        return spans
    (first_start, first_end), (last_start, last_end) = spans[0], spans[-1]
    opening = _mark_length(text, first_start, _OPEN_MARKS)
    closing = _mark_length(text, last_end - 2, _CLOSE_MARKS, backwards=True)
    words_end = last_end - closing - 1
    if not opening or not closing or text[words_end] != ",":
        return spans
    if len(spans) == 1:
        return ((first_start + opening, words_end),) if words_end > first_start + opening else spans
    if words_end <= last_start:
        return spans
    return ((first_start + opening, first_end), *spans[1:-1], (last_start, words_end))


def _mark_length(text: str, at: int, marks: str, backwards: bool = False) -> int:
    """How long the quotation mark at ``at`` is (``''`` counts as one mark of two), or 0.

    With ``backwards``, ``at`` is where a two-character mark would start, so that the mark
    ends at ``at + 2``."""
    if text.startswith("''", at):
        return 2
    single = at + 1 if backwards else at
    return 1 if 0 <= single < len(text) and text[single] in marks else 0


def _clean_name(text: str) -> str:
    """An outlet's name without emphasis marks or a leading article."""
    return _ARTICLE_RE.sub("", text.replace("*", "").replace("_", " ").strip())


def _inside(spans: list[Span], pos: int) -> Span | None:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return None


def _off_furniture(drafts: list[Draft], text: str) -> list[Draft]:
    """The drafts with no cue or speaker in a heading, an appeal or a contact line, their
    content cut where one begins (:mod:`claims.extraction.furniture`).

    A headline of the form `Name: what they said` (the ``headline`` rule) quotes its
    speaker, so only appeals hold it back.
    """
    appeals = appeal_spans(text)
    everything = merged_spans(heading_spans(text) + appeals)
    if not everything:
        return drafts
    kept: list[Draft] = []
    for d in drafts:
        furniture = appeals if d.rule == "headline" else everything
        if _inside(furniture, d.cue_spans[0][0]) or d.speaker and _inside(furniture, d.speaker[0]):
            continue
        spans: list[Span] = []
        for s, e in d.content_spans:
            if _inside(furniture, s):
                continue
            for fs, _ in furniture:
                if s < fs < e:
                    cut = trim(text, s, fs)
                    if cut is None:
                        break
                    s, e = cut
            else:
                spans.append((s, e))
        if spans:
            d.content_spans = spans
            kept.append(d)
    return kept


def extract(text: str) -> list[Attribution]:
    """Find the attributions in ``text``: who said what, with every span as offsets.

    Args:
        text: the document text; spans index into this exact string.

    Returns:
        The attributions, sorted by position. Deterministic for a given text.
    """
    if not text or not text.strip():
        return []
    rules = CueRules(text)
    drafts = drop_nested(rules.run())
    follow_on_quotes(drafts, text, rules.lay)
    drafts = _off_furniture(drafts, text)
    drafts.sort(key=lambda d: (d.start, d.cue_spans[0][0]))
    resolver = Resolver(text)
    resolved: dict[int, tuple[str | None, SpeakerMention | None]] = {}
    out: list[Attribution] = []
    for d in drafts:
        speaker_text = None
        canonical = None
        mention = None
        if d.speaker is not None:
            s, e = d.speaker
            speaker_text = text[s:e]
            if d.inherits is not None and id(d.inherits) in resolved:
                canonical, mention = resolved[id(d.inherits)]
            else:
                antecedent = text[d.antecedent[0] : d.antecedent[1]] if d.antecedent else None
                full = text[d.described[0] : d.described[1]] if d.described else speaker_text
                entity = resolver.resolve(full, s, antecedent)
                canonical, mention = entity.canonical, entity.mention
        resolved[id(d)] = (canonical, mention)
        content_spans = tuple(sorted(d.content_spans))
        kind = quote_type_of(text, content_spans)
        content_spans = without_reporting_comma(text, content_spans, kind)
        via_spans = (d.via,) if d.via else ()
        out.append(
            Attribution(
                speaker=speaker_text,
                speaker_spans=(d.speaker,) if d.speaker else (),
                speaker_resolved=canonical,
                mention=mention,
                cue=" ".join(text[s:e] for s, e in d.cue_spans),
                cue_spans=tuple(d.cue_spans),
                content=" ".join(text[s:e] for s, e in content_spans),
                content_spans=content_spans,
                type=kind,
                via=_clean_name(text[d.via[0] : d.via[1]]) if d.via else None,
                via_spans=via_spans,
                rule=d.rule,
                confidence=RULE_PRECISION.get(d.rule, 0.5),
            )
        )
    return resolve_anaphors(text, rules.lay, out)
