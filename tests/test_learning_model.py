"""The learned model on data the tests make themselves: generated news and the seed.

A model is trained here, on CPU, in seconds; nothing is read from outside the project.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claims.extraction import extract
from claims.learning.gold import GoldAttribution, GoldDocument
from claims.learning.model import AttributionModel, train_model

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extraction"

_SPEAKERS = ["Senator Grey", "Ms. Okafor", "The mayor", "A spokeswoman", "Mr. Alvarez"]
_CLAUSES = [
    "the budget would be balanced by the end of the year",
    "the bridge had been closed for repairs since the storm",
    "nobody on the council had read the report before the vote",
    "the new rules would cost small farms a great deal",
    "the plant would reopen in the spring",
]
_FILLER = [
    "The council met on Tuesday in the old town hall.",
    "Several roads were still flooded after the weekend.",
    "Turnout was lower than in any election since the war.",
]


def generated_document(rng: random.Random, cue: str, doc_id: str) -> GoldDocument:
    """A document of filler and "SPEAKER CUE that CLAUSE." sentences, with its gold."""
    text = ""
    gold = []
    for _ in range(rng.randint(4, 7)):
        speaker, clause = rng.choice(_SPEAKERS), rng.choice(_CLAUSES)
        start = len(text)
        sentence = f"{speaker} {cue} that {clause}."
        cue_start = start + len(speaker) + 1
        content_start = cue_start + len(cue) + 1
        gold.append(
            GoldAttribution(
                speaker_spans=((start, start + len(speaker)),),
                cue_spans=((cue_start, cue_start + len(cue)),),
                content_spans=((content_start, content_start + len("that ") + len(clause)),),
            )
        )
        text += sentence + " " + rng.choice(_FILLER) + "\n\n"
    return GoldDocument(doc_id, text, tuple(gold))


@pytest.fixture(scope="module")
def corpus() -> list[GoldDocument]:
    rng = random.Random(3)
    return [generated_document(rng, "griped", f"g{i}") for i in range(30)]


@pytest.fixture(scope="module")
def model(corpus: list[GoldDocument]) -> AttributionModel:
    return train_model(corpus, iterations=60)


def test_the_model_learns_a_cue_the_rules_do_not_know(model: AttributionModel) -> None:
    doc = generated_document(random.Random(99), "griped", "held-out")
    assert not extract(doc.text), "the rules should not know 'griped'"
    found = {(a.cue_spans, a.speaker_spans, a.content_spans) for a in model.extract(doc.text)}
    expected = {(g.cue_spans, g.speaker_spans, g.content_spans) for g in doc.attributions}
    assert found == expected


def test_speakers_are_resolved_within_the_document(model: AttributionModel) -> None:
    text = "Senator Grey griped that the plant would reopen in the spring.\n\n"
    (attribution,) = model.extract(text)
    assert attribution.speaker == "Senator Grey"
    assert attribution.speaker_resolved == "Grey"
    assert attribution.rule == "model"
    assert attribution.type == "indirect"


def test_a_model_survives_its_file_form(model: AttributionModel) -> None:
    again = AttributionModel.from_bytes(model.to_bytes())
    doc = generated_document(random.Random(5), "griped", "x")
    assert again.extract(doc.text) == model.extract(doc.text)
    assert again.metadata == model.metadata
    assert again.metadata["documents"] == 30


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:40],
        lambda b: b"not a model at all",
        lambda b: b[: len(b) // 2],
        lambda b: b.replace(b'"format": 1', b'"format": 99'),
    ],
    ids=["cut-in-header", "foreign", "cut-in-weights", "newer-format"],
)
def test_a_damaged_model_is_refused(model: AttributionModel, damage) -> None:
    with pytest.raises(ValueError):
        AttributionModel.from_bytes(damage(model.to_bytes()))


def test_training_is_deterministic(corpus: list[GoldDocument]) -> None:
    a = train_model(corpus[:10], iterations=20)
    b = train_model(corpus[:10], iterations=20)
    assert a.crf == b.crf


def test_rejected_extractions_are_taught_as_no_statement(corpus: list[GoldDocument]) -> None:
    # The same documents, every attribution rejected: the model learns to find nothing.
    rejected = [
        GoldDocument(
            d.doc_id,
            d.text,
            tuple(
                GoldAttribution(a.speaker_spans, a.cue_spans, a.content_spans, positive=False)
                for a in d.attributions
            ),
        )
        for d in corpus[:15]
    ]
    model = train_model(rejected, iterations=40)
    assert model.metadata["rejected"] == sum(len(d.attributions) for d in corpus[:15])
    assert model.extract(corpus[20].text) == []


def test_progress_runs_to_its_end(corpus: list[GoldDocument]) -> None:
    seen: list[tuple[int, int]] = []
    train_model(corpus[:5], iterations=10, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_seed_is_found_by_a_model_trained_on_it() -> None:
    line = (FIXTURES / "seed.gold.jsonl").read_text(encoding="utf-8").splitlines()[0]
    raw = json.loads(line)
    doc = GoldDocument(
        raw["doc_id"],
        raw["text"],
        tuple(
            GoldAttribution(
                tuple(map(tuple, a.get("speaker_span") or [])),
                tuple(map(tuple, a.get("cue_span") or [])),
                tuple(map(tuple, a["content_span"])),
            )
            for a in raw["attributions"]
        ),
    )
    model = train_model([doc], iterations=80)
    found = {a.content_spans for a in model.extract(doc.text)}
    missing = [a.content_spans for a in doc.attributions if a.content_spans not in found]
    assert not missing


def _gold_line(doc: GoldDocument) -> str:
    def spans(pairs: tuple[tuple[int, int], ...]) -> list[list[int]]:
        return [list(p) for p in pairs]

    return json.dumps(
        {
            "doc_id": doc.doc_id,
            "text": doc.text,
            "attributions": [
                {
                    "speaker_span": spans(a.speaker_spans),
                    "cue_span": spans(a.cue_spans),
                    "content_span": spans(a.content_spans),
                }
                for a in doc.attributions
            ],
        }
    )


def test_an_interrupted_training_leaves_no_model(tmp_path: Path) -> None:
    rng = random.Random(8)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(_gold_line(generated_document(rng, "griped", f"d{i}")) for i in range(1500)),
        encoding="utf-8",
    )
    home = tmp_path / "home"
    env = {**os.environ, "CLAIMS_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "claims", "model", "train", str(gold), "--name", "cut"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell that started this run in the background hands SIGINT down ignored; a user
        # pressing Ctrl-C at a terminal has it at its default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(4)
    assert process.poll() is None, "training ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=180)
    assert process.returncode != 0
    assert "Traceback" not in err
    models = home / "models"
    assert not models.exists() or list(models.iterdir()) == []
