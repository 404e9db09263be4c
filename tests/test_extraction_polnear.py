"""PolNeAR dev: the extractor's scores do not fall below the figures it has reached.

PolNeAR is research data kept outside the project (``../shared/eval``); this test reads it
only where it exists and is skipped otherwise. The floors sit a little under the measured
scores so that a change which costs quality fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from claims.extraction.batch import extract_jsonl

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
DEV = EVAL / "polnear" / "dev.jsonl"
SCORER = EVAL / "score.py"

pytestmark = pytest.mark.skipif(
    not (DEV.exists() and SCORER.exists()),
    reason=f"PolNeAR dev or the scorer is not present under {EVAL}",
)

#: Measured on dev when these floors were set (content@0.3 F1 73.3, cue_exact F1 67.8,
#: speaker_acc 91.1), minus a margin of about one point.
FLOORS = {
    "content@0.3": 72.3,
    "cue_exact": 66.8,
    "speaker_acc": 90.1,
}


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    pred = tmp_path_factory.mktemp("polnear") / "dev.pred.jsonl"
    with DEV.open(encoding="utf-8") as src, pred.open("w", encoding="utf-8") as dst:
        for line in extract_jsonl(src):
            dst.write(line + "\n")
    return _scorer().score(str(DEV), str(pred))


def test_every_document_has_a_prediction(scores: dict) -> None:
    assert scores["docs_without_prediction"] == 0


def test_content_f1(scores: dict) -> None:
    assert scores["content@0.3"]["f1"] >= FLOORS["content@0.3"]


def test_cue_exact_f1(scores: dict) -> None:
    assert scores["cue_exact"]["f1"] >= FLOORS["cue_exact"]


def test_speaker_accuracy(scores: dict) -> None:
    assert scores["speaker_acc"] >= FLOORS["speaker_acc"]
