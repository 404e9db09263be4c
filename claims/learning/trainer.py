"""Training a model from gold files and scoring extractors on them: what ``claims model``
runs, usable without the command line."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claims.learning.evaluation import evaluate
from claims.learning.gold import GoldDocument, read_gold
from claims.learning.store import Extractor, ModelInfo, save_model


def read_corpus(paths: Sequence[Path]) -> list[GoldDocument]:
    """Every document of the gold files, in order; a doc_id repeated across files is kept
    once per file (each file is checked on its own)."""
    return [doc for path in paths for doc in read_gold(path)]


def train_from_gold(
    paths: Sequence[Path],
    *,
    name: str = "model",
    output: Path | None = None,
    seed: int = 0,
    dev: Sequence[Path] = (),
    extra: Sequence[GoldDocument] = (),
    progress: Callable[[int, int], None] | None = None,
) -> ModelInfo:
    """Train a model on gold files and store it (atomically: an interruption stores nothing).

    Args:
        paths: the gold files to train on.
        name: the model's name; it is stored as the next version of that name.
        output: a file to write instead of the models directory.
        seed: the training seed, recorded with the model.
        dev: gold files to score the trained model on; their figures are kept with it.
        extra: further training documents (for example from reviewed claims).
        progress: called with (done, total) steps of training.
    """
    from claims.learning.model import train_model

    docs = read_corpus(paths) + list(extra)
    started = time.monotonic()
    model = train_model(docs, seed=seed, progress=progress)
    training: dict[str, Any] = {"seconds": round(time.monotonic() - started, 1)}
    if dev:
        gold = read_corpus(dev)
        training["dev"] = {
            "files": [p.name for p in dev],
            "documents": len(gold),
            "figures": evaluate(model.extract, gold),
        }
    return save_model(model, output, name=name, corpus=list(paths), training=training)


def evaluate_extractor(
    extractor: Extractor,
    paths: Sequence[Path],
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The metric's figures for ``extractor`` on the documents of gold files."""
    gold = read_corpus(paths)
    return evaluate(extractor.extract, gold, progress=progress)
