"""A learned attribution model: a linear-chain CRF over a document's tokens.

The rules read every document first; their readings, the cue lexicon, the words, their
shapes and their place in sentences and quotations are the features of each token. A
conditional random field (python-crfsuite) then labels every token as the beginning or
inside of a speaker, a cue or a content, or none, deciding from the context where the
rules cannot: whether "called" or "known as" attributes here, and where a statement begins
and ends. Labelled spans are put together into attributions around their cues, and
speakers are resolved within the document as the rules resolve theirs.

A CRF fits the task (spans are runs of labelled tokens, and the labels of neighbours
depend on each other), trains on two cores in minutes, tags in C, and is deterministic.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pycrfsuite

from claims.extraction import extract as extract_with_rules
from claims.extraction.lexicon import CUE_FORMS, PRONOUNS
from claims.extraction.model import Attribution, SpeakerMention
from claims.extraction.pipeline import _type_of, without_reporting_comma
from claims.extraction.resolution import Resolver
from claims.extraction.tokens import QUOTE_MARKS, Token, tokenize
from claims.learning.gold import GoldDocument

SPEAKER, CUE, CONTENT = "SRC", "CUE", "CON"
OUTSIDE = "O"

_MAGIC = b"claimtrack-crf\n"

_SENTENCE_ENDS = frozenset(".!?")
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
        if ch in _SENTENCE_ENDS:
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
def _collector_paused() -> Iterator[None]:
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
        if boundary or (tok.text in _SENTENCE_ENDS and i + 1 < n):
            # A sentence ends after this token: settle the one that started after it.
            f = ("c" if cue else "") + ("q" if quote else "") + ("r" if rule else "")
            for k in range(i + 1, end):
                flags[k] = f
            end = i + 1
            cue = quote = rule = False
        if boundary:
            left = 0
        out[i] = _bucket(left)
        left = 0 if tok.text in _SENTENCE_ENDS else left + 1
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
        elif i and tokens[i - 1].text in _SENTENCE_ENDS:
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


class AttributionModel:
    """A trained CRF and its metadata; extracts attributions from a text."""

    FORMAT = 1

    def __init__(self, crf: bytes, metadata: dict[str, Any]) -> None:
        self.crf = crf
        self.metadata = metadata
        self._tagger: pycrfsuite.Tagger | None = None

    @property
    def tagger(self) -> pycrfsuite.Tagger:
        if self._tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.crf)
            self._tagger = tagger
        return self._tagger

    def to_bytes(self) -> bytes:
        """The model as one byte string: a header line of JSON metadata, then the CRF."""
        header = json.dumps(
            {
                "format": self.FORMAT,
                "weights_sha256": hashlib.sha256(self.crf).hexdigest(),
                "metadata": self.metadata,
            }
        ).encode()
        return _MAGIC + header + b"\n" + self.crf

    @classmethod
    def from_bytes(cls, data: bytes) -> AttributionModel:
        """Read a model written by :meth:`to_bytes`; ``ValueError`` when it is not one."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a claimtrack model")
        rest = data[len(_MAGIC) :]
        line, sep, crf = rest.partition(b"\n")
        if not sep:
            raise ValueError("the model's header is cut short")
        try:
            header = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"the model's header is not valid JSON: {exc}") from None
        if not isinstance(header, dict) or header.get("format") != cls.FORMAT:
            raise ValueError(
                f"model format {header.get('format') if isinstance(header, dict) else '?'} "
                f"is not the format this version reads ({cls.FORMAT})"
            )
        # crfsuite trusts the sizes written in its weights and reads past the end of a cut
        # buffer, so the weights are checked whole before it sees them.
        if hashlib.sha256(crf).hexdigest() != header.get("weights_sha256"):
            raise ValueError("the model's weights are damaged or cut short")
        model = cls(crf, header.get("metadata") or {})
        try:
            _ = model.tagger
        except Exception as exc:  # crfsuite says only that it could not open the model
            raise ValueError(f"the model's weights cannot be read: {exc}") from None
        return model

    def extract(self, text: str) -> list[Attribution]:
        """The attributions of ``text``, spans as offsets into it, sorted by position."""
        if not text or not text.strip():
            return []
        tokens = tokenize(text, 0, len(text))
        if not tokens:
            return []
        rules = extract_with_rules(text)
        tagger = self.tagger
        with _collector_paused():
            labels = tagger.tag(document_features(text, tokens, rules))
        starts = [t.start for t in tokens]

        def cue_belief(attribution: Attribution) -> float:
            """How likely the model finds a cue begins where the rules read one."""
            i = bisect.bisect_left(starts, attribution.cue_spans[0][0])
            if i >= len(tokens):
                return 0.0
            return float(tagger.marginal("B-" + CUE, i))

        return _attributions(text, assemble(text, tokens, labels), rules, cue_belief)


#: The rules' readings at least this precise on annotated news stand beside the model's
#: where the model read nothing there...
SURE_RULE = 0.9
#: A less sure reading of the rules is kept where the model, though it labelled no cue
#: there, gives a cue beginning at least this probability.
RULE_BELIEF = 0.3


def _overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(s < f and t < e for s, e in a for t, f in b)


def _attributions(
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
        kind = _type_of(text, content_spans)
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


#: The corpus size, in tokens, from which training takes its L1 weight whole.
FULL_L1_TOKENS = 100_000


class _Trainer(pycrfsuite.Trainer):
    """A crfsuite trainer that reports each iteration."""

    def __init__(self, on_step: Callable[[int], None] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_step = on_step
        self.last: dict[str, Any] = {}

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        self.last = info
        if self.on_step is not None:
            self.on_step(int(info.get("num", 0)))

    # crfsuite's own log is not for users: every event but the iteration is dropped.
    def on_start(self, log: str) -> None:
        pass

    def on_featgen_progress(self, log: str, percent: float) -> None:
        pass

    def on_featgen_end(self, log: str) -> None:
        pass

    def on_prepared(self, log: str) -> None:
        pass

    def on_prepare_error(self, log: str) -> None:
        pass

    def on_optimization_end(self, log: str) -> None:
        pass

    def on_end(self, log: str) -> None:
        pass


def train_model(
    docs: Sequence[GoldDocument],
    *,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    iterations: int = 50,
    c1: float = 2.0,
    c2: float = 0.05,
    min_freq: int = 0,
) -> AttributionModel:
    """Train a model on annotated documents.

    Args:
        docs: the training documents; attributions marked not positive are left out of
            the labels (their tokens are taught as outside any statement).
        seed: recorded in the metadata; L-BFGS training is deterministic by itself.
        progress: called with (done, total) steps: every document read, then every
            training iteration.
        iterations: the most L-BFGS iterations.
        c1, c2: the L1 and L2 regularisation. The L1 weight is for a corpus of at least
            :data:`FULL_L1_TOKENS` tokens, and shrinks in proportion on a smaller one (a
            few reviewed articles), which it would otherwise leave mostly unlearnt.
        min_freq: features seen fewer times in training are left out.
    """
    total = len(docs) + iterations
    trainer = _Trainer(
        (lambda n: progress(len(docs) + min(n, iterations), total)) if progress else None,
        verbose=True,  # the iterations are reported through crfsuite's log
    )
    tokens_seen = 0
    for k, doc in enumerate(docs):
        tokens = tokenize(doc.text, 0, len(doc.text))
        if tokens:
            with _collector_paused():
                trainer.append(document_features(doc.text, tokens), gold_labels(tokens, doc))
            tokens_seen += len(tokens)
        if progress:
            progress(k + 1, total)
    trainer.set_params(
        {
            "c1": c1 * min(1.0, tokens_seen / FULL_L1_TOKENS),
            "c2": c2,
            "max_iterations": iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        with open(path, "rb") as f:
            crf = f.read()
    finally:
        os.unlink(path)
    metadata = {
        "documents": len(docs),
        "attributions": sum(1 for d in docs for a in d.attributions if a.positive),
        "rejected": sum(1 for d in docs for a in d.attributions if not a.positive),
        "tokens": tokens_seen,
        "seed": seed,
        "iterations": int(trainer.last.get("num", 0)),
        "loss": trainer.last.get("loss"),
    }
    if progress:
        progress(total, total)
    return AttributionModel(crf, metadata)
