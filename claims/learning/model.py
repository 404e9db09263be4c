"""A learned attribution model: a linear-chain CRF over a document's tokens.

The rules read every document first; their readings, the cue lexicon, the words, their
shapes and their place in sentences and quotations are the features of each token
(``claims.learning.features``). A conditional random field (python-crfsuite) then labels
every token as the beginning or inside of a speaker, a cue or a content, or none, deciding
from the context where the rules cannot: whether "called" or "known as" attributes here,
and where a statement begins and ends. Labelled spans are put together into attributions
around their cues, and speakers are resolved within the document as the rules resolve
theirs (``claims.learning.decoding``).

This module holds the model itself: ``train_model`` trains one on annotated documents, and
an ``AttributionModel`` extracts with it and is saved and read as one byte string.

A CRF fits the task (spans are runs of labelled tokens, and the labels of neighbours
depend on each other), trains on two cores in minutes, tags in C, and is deterministic.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from typing import Any

import pycrfsuite

from claims.extraction import extract as extract_with_rules
from claims.extraction.model import Attribution
from claims.extraction.tokens import tokenize
from claims.learning.decoding import assemble, attributions_from
from claims.learning.features import CUE, collector_paused, document_features, gold_labels
from claims.learning.gold import GoldDocument

_MAGIC = b"claimtrack-crf\n"


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
        with collector_paused():
            labels = tagger.tag(document_features(text, tokens, rules))
        starts = [t.start for t in tokens]

        def cue_belief(attribution: Attribution) -> float:
            """How likely the model finds a cue begins where the rules read one."""
            i = bisect.bisect_left(starts, attribution.cue_spans[0][0])
            if i >= len(tokens):
                return 0.0
            return float(tagger.marginal("B-" + CUE, i))

        return attributions_from(text, assemble(text, tokens, labels), rules, cue_belief)


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
            with collector_paused():
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
