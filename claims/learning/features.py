"""The features of a document's tokens, and the labels a CRF learns to give them.

A token is labelled by its role in an attribution: the beginning or inside of a speaker
(``SPEAKER``), a cue (``CUE``) or a content (``CONTENT``), or ``OUTSIDE`` any of them (BIO
labels such as "B-CUE", "I-CON"). ``document_features`` describes every token by the word,
its shape and suffix, the cue lexicon, the words and shapes around it, the rules' reading of
it (which rule, which role), how far the nearest cue lies on either side, and its place in
its sentence and in any quotation. ``gold_labels`` gives the labels the annotations teach.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence

from claims.extraction import extract as extract_with_rules
from claims.extraction.lexicon import CUE_FORMS, PRONOUNS
from claims.extraction.model import Attribution
from claims.extraction.tokens import QUOTE_MARKS, Token
from claims.learning.gold import GoldDocument

#: The roles a token can have, and none.
SPEAKER, CUE, CONTENT = "SRC", "CUE", "CON"
OUTSIDE = "O"

#: Tokens that end a sentence.
SENTENCE_ENDS = frozenset(".!?")
_OPENING_QUOTES = frozenset("\u201c\u201e\u00ab")
_CLOSING_QUOTES = frozenset("\u201d\u00bb")


def _shape(word: str) -> str:
    """A word's shape: Xx, XX, x, d or the punctuation itself."""
    c = word[0]
    if c.isdigit():
        return "d"
    if not c.isalpha():
        return word[:2]
    if word.isupper() and len(word) > 1:
        return "XX"
    return "Xx" if c.isupper() else "x"


_WORD_FEATURES: dict[str, tuple[str, ...]] = {}


def _word_features(low: str, text: str) -> tuple[str, ...]:
    """The features of a word that do not depend on its place (cached per word form)."""
    key = text
    cached = _WORD_FEATURES.get(key)
    if cached is not None:
        return cached
    feats = ["w=" + low, "s=" + _shape(text), "x3=" + low[-3:]]
    cue = CUE_FORMS.get(low)
    if cue is not None:
        feats.append(f"lex={cue.frame}:{cue.strength}")
    if low in PRONOUNS:
        feats.append("pron")
    out = tuple(feats)
    if len(_WORD_FEATURES) < 200_000:
        _WORD_FEATURES[key] = out
    return out


def _rule_tags(
    tokens: Sequence[Token], attributions: Sequence[Attribution]
) -> tuple[list[str], list[str]]:
    """Each token's role in the rules' readings ("B-CUE", "I-CON", ...), and the rule."""
    starts = [t.start for t in tokens]
    tags = [OUTSIDE] * len(tokens)
    rules = [""] * len(tokens)
    for a in attributions:
        roles = ((CONTENT, a.content_spans), (SPEAKER, a.speaker_spans), (CUE, a.cue_spans))
        for i, label in _span_labels(tokens, starts, roles, whole=False):
            tags[i] = label
            rules[i] = a.rule
    return tags, rules


def _span_labels(
    tokens: Sequence[Token],
    starts: Sequence[int],
    roles: Iterable[tuple[str, Sequence[tuple[int, int]]]],
    *,
    whole: bool,
) -> Iterator[tuple[int, str]]:
    """The BIO label of each token in each role's spans, as (token index, label).

    Args:
        starts: the tokens' start offsets, to find a span's first token by bisection.
        whole: take only the tokens a span covers whole (gold spans), rather than every
            token it touches (the rules' readings).
    """
    n = len(tokens)
    for role, spans in roles:
        for s, e in spans:
            i = bisect.bisect_left(starts, s)
            prefix = "B-"
            while i < n and (tokens[i].end <= e if whole else tokens[i].start < e):
                yield i, prefix + role
                prefix = "I-"
                i += 1


_CONTEXT: dict[str, tuple[str, ...]] = {}


def _context_features(low: str) -> tuple[str, ...]:
    """A word's features as a neighbour: ("w-1=low", "w-2=low", "w-3=low", "w+1=low", ...)."""
    cached = _CONTEXT.get(low)
    if cached is None:
        cached = tuple(p + low for p in ("w-1=", "w-2=", "w-3=", "w+1=", "w+2=", "w+3="))
        if len(_CONTEXT) < 200_000:
            _CONTEXT[low] = cached
    return cached


def document_features(
    text: str, tokens: Sequence[Token], attributions: Sequence[Attribution] | None = None
) -> list[list[str]]:
    """The CRF features of every token of a document.

    Args:
        attributions: the rules' readings of ``text``, when they are already at hand.
    """
    if attributions is None:
        attributions = extract_with_rules(text)
    n = len(tokens)
    if not n:
        return []
    tags, rules = _rule_tags(tokens, attributions)
    base = [_word_features(t.low, t.text) for t in tokens]
    lows = [t.low for t in tokens]
    shapes = [b[1] for b in base]
    # Every feature of a column is built in one comprehension, which costs far less than
    # building them token by token.
    start = _context_features("<s>")
    end = _context_features("</s>")
    ctx = [start, start, start] + [_context_features(w) for w in lows] + [end, end, end]
    tags_pad = ["<s>", *tags, "</s>"]
    shapes_pad = ["<s>", *shapes, "</s>"]
    pairs = [a + "|" + b for a, b in zip(lows, lows[1:], strict=False)]
    left, right, left_cue = _cue_distances(tokens, tags)
    to_end, sentence_flags = _sentence_facts(text, tokens, tags)
    columns = (
        ["r=" + t for t in tags],
        [c[0] for c in ctx[2 : n + 2]],
        [c[1] for c in ctx[1 : n + 1]],
        [c[2] for c in ctx[:n]],
        [c[3] for c in ctx[4 : n + 4]],
        [c[4] for c in ctx[5 : n + 5]],
        [c[5] for c in ctx[6 : n + 6]],
        ["r-1=" + t for t in tags_pad[:n]],
        ["r+1=" + t for t in tags_pad[2:]],
        [
            "rr=" + a + "|" + b + "|" + c
            for a, b, c in zip(tags_pad, tags, tags_pad[2:], strict=False)
        ],
        ["s-1=" + a + "|" + b for a, b in zip(shapes_pad, shapes, strict=False)],
        ["s+1=" + a + "|" + b for a, b in zip(shapes, shapes_pad[2:], strict=False)],
        ["w0r=" + w + "|" + t for w, t in zip(lows, tags, strict=True)],
        ["se=" + x for x in to_end],
        ["cl=" + x for x in left],
        ["cr=" + x for x in right],
        ["clr=" + a + "|" + b for a, b in zip(left, right, strict=True)],
        ["b-1=<s>|" + lows[0]] + ["b-1=" + p for p in pairs],
        ["b+1=" + p for p in pairs] + ["b+1=" + lows[-1] + "|</s>"],
        ["sf=" + x for x in sentence_flags],
    )
    out = [[*b, *rest] for b, rest in zip(base, zip(*columns, strict=True), strict=True)]
    in_quote = False
    after_quote = False
    sentence_pos = 0
    last_punct = "-"
    prev_end = 0
    for i, tok in enumerate(tokens):
        feats = out[i]
        if "\n" in text[prev_end : tok.start]:
            in_quote = False
            sentence_pos = 0
            last_punct = "-"
            feats.append("par")
        feats.append(_POSITIONS[sentence_pos] if sentence_pos < 6 else "sp=6")
        feats.append("pp=" + last_punct)
        if rules[i]:
            feats.append("rule=" + rules[i])
        if in_quote:
            feats.append("inq")
        if after_quote:
            feats.append("aq")
        if sentence_pos == 0:
            feats.append("first")
        cue = left_cue[i]
        if cue:
            feats.append("lc=" + cue + "|" + left[i])
            feats.append("lcw=" + cue + "|" + lows[i])
        # The state after this token.
        ch = tok.text
        after_quote = False
        if ch in _OPENING_QUOTES:
            in_quote = True
        elif ch in _CLOSING_QUOTES:
            in_quote = False
            after_quote = True
        elif ch == '"':
            after_quote = in_quote
            in_quote = not in_quote
        if ch in SENTENCE_ENDS:
            sentence_pos = 0
            last_punct = "-"
        else:
            sentence_pos += 1
            if ch in _CLAUSE_PUNCT:
                last_punct = ch
        prev_end = tok.end
    return out


_POSITIONS = tuple(f"sp={k}" for k in range(6))


_CLAUSE_PUNCT = frozenset(",;:\u2014\u2013-()")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a document's features are hundreds of thousands
    of short-lived lists and strings, and no cycles; collecting while they are built costs
    a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sentence_facts(
    text: str, tokens: Sequence[Token], tags: Sequence[str]
) -> tuple[list[str], list[str]]:
    """For every token, how far its sentence (or paragraph) runs on after it, in buckets,
    and what its sentence holds: a cue word, a quotation mark, a reading of the rules."""
    n = len(tokens)
    out = ["0"] * n
    flags = [""] * n
    left = 0
    cue = quote = rule = False
    end = n
    for i in range(n - 1, -1, -1):
        tok = tokens[i]
        boundary = i + 1 < n and "\n" in text[tok.end : tokens[i + 1].start]
        if boundary or (tok.text in SENTENCE_ENDS and i + 1 < n):
            # A sentence ends after this token: settle the one that started after it.
            f = ("c" if cue else "") + ("q" if quote else "") + ("r" if rule else "")
            for k in range(i + 1, end):
                flags[k] = f
            end = i + 1
            cue = quote = rule = False
        if boundary:
            left = 0
        out[i] = _bucket(left)
        left = 0 if tok.text in SENTENCE_ENDS else left + 1
        if tok.low in CUE_FORMS:
            cue = True
        if tok.text in QUOTE_MARKS:
            quote = True
        if tags[i] != OUTSIDE:
            rule = True
    f = ("c" if cue else "") + ("q" if quote else "") + ("r" if rule else "")
    for k in range(0, end):
        flags[k] = f
    return out, flags


def _bucket(d: int) -> str:
    """A distance in tokens, exact when short, coarser further away."""
    return str(d) if d < 4 else ("s" if d < 10 else ("m" if d < 25 else "f"))


def _cue_distances(
    tokens: Sequence[Token], tags: Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    """For every token, how far the nearest cue word (of the lexicon or the rules) lies to
    its left and to its right, in buckets, and the nearest cue word to its left when it is
    at most four tokens away."""
    n = len(tokens)
    is_cue = [tags[i].endswith(CUE) or tokens[i].low in CUE_FORMS for i in range(n)]
    left = ["-"] * n
    right = ["-"] * n
    left_cue = [""] * n
    last = -1
    for i in range(n):
        if last >= 0:
            d = i - last
            left[i] = _bucket(d)
            if d <= 4:
                left_cue[i] = tokens[last].low
        if is_cue[i]:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        if last >= 0:
            right[i] = _bucket(last - i)
        if is_cue[i]:
            last = i
    return left, right, left_cue


def gold_labels(tokens: Sequence[Token], doc: GoldDocument) -> list[str]:
    """The BIO label of every token from a document's positive annotations.

    Outer statements are labelled first (the longest contents), so a statement quoted
    inside another's content keeps the outer reading, as the rules do.
    """
    starts = [t.start for t in tokens]
    labels = [OUTSIDE] * len(tokens)
    taken = [False] * len(tokens)
    order = sorted(
        (a for a in doc.attributions if a.positive),
        key=lambda a: -sum(e - s for s, e in a.content_spans),
    )
    for a in order:
        roles = ((CUE, a.cue_spans), (SPEAKER, a.speaker_spans), (CONTENT, a.content_spans))
        claimed = list(_span_labels(tokens, starts, roles, whole=True))
        # Coordinated statements share their speaker ("Sadr denied ... and declared ..."):
        # a token already labelled the same way is no conflict.
        if any(taken[i] and labels[i] != label for i, label in claimed):
            continue
        for i, label in claimed:
            labels[i] = label
            taken[i] = True
    return labels
