"""Gold files, the evaluation metric, and trained models on disk."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from claims.learning.evaluation import evaluate, score
from claims.learning.gold import GoldFileError, read_gold
from claims.learning.store import (
    ModelFileError,
    active_model,
    choose_extractor,
    list_models,
    load_model,
    read_model_info,
    save_model,
    use_model,
)
from db.errors import NotFoundError
from tests.conftest import REPO, SHARED

SEED_GOLD = REPO / "fixtures" / "extraction" / "seed.gold.jsonl"
SCORE_PY = SHARED / "eval" / "score.py"


def seed_gold() -> Path:
    """The seed's gold file (the project's copy of its own seed annotations)."""
    return SEED_GOLD


def _write(tmp_path: Path, *records: object, raw: str | None = None) -> Path:
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(r) for r in records]
    if raw is not None:
        lines.append(raw)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TEXT = "The mayor said the bridge would open in May."


def _doc(**attribution: object) -> dict[str, object]:
    base: dict[str, object] = {
        "speaker": "The mayor",
        "speaker_span": [[0, 9]],
        "cue": "said",
        "cue_span": [[10, 14]],
        "content": "the bridge would open in May",
        "content_span": [[15, 43]],
        "type": "indirect",
    }
    base.update(attribution)
    return {"doc_id": "d1", "text": TEXT, "attributions": [base]}


# --- Gold files ---------------------------------------------------------------------------


def test_read_gold_accepts_the_seed() -> None:
    docs = read_gold(seed_gold())
    assert len(docs) == 1 and len(docs[0].attributions) == 13
    first = docs[0].attributions[0]
    assert first.cue == "According to" and first.speaker_canonical


@pytest.mark.parametrize("name", ["train.jsonl", "dev.jsonl"])
def test_read_gold_accepts_polnear_unchanged(name: str) -> None:
    path = SHARED / "eval" / "polnear" / name
    if not path.exists():
        pytest.skip("PolNeAR is not present")
    assert read_gold(path)


def test_read_gold_reads_a_good_file(tmp_path: Path) -> None:
    (doc,) = read_gold(_write(tmp_path, _doc(speaker_span=None, id="a1", has_source=False)))
    assert doc.attributions[0].speaker_spans == ()
    assert doc.attributions[0].content_spans == ((15, 43),)


@pytest.mark.parametrize(
    ("record", "raw", "message"),
    [
        (None, '{"doc_id": "d1", "text": ', "bad.jsonl line 1: not valid JSON"),
        (None, "[1, 2]", "bad.jsonl line 1, the line should be a JSON object"),
        ({"doc_id": "d1", "attributions": []}, None, "bad.jsonl line 1, text: missing"),
        ({"doc_id": 7, "text": TEXT, "attributions": []}, None, "doc_id: should be a string"),
        ({"doc_id": "d", "text": TEXT, "attributions": [], "colour": 1}, None, "colour: unknown"),
        (
            _doc(content_span=[[15, 900]]),
            None,
            "bad.jsonl line 1, attributions[0].content_span: span [15, 900] ends past the text "
            "(44 characters)",
        ),
        (_doc(cue_span=[[10, 10]]), None, "attributions[0].cue_span: span [10, 10] is empty"),
        (
            _doc(content_span=[[15, 30], [20, 43]]),
            None,
            "attributions[0].content_span: spans [15, 30] and [20, 43] overlap",
        ),
        (_doc(cue_span=[["10", 14]]), None, "attributions[0].cue_span: span 0 is not a pair"),
        (_doc(speaker_span=[[-1, 9]]), None, "starts before the text"),
        (_doc(type=3), None, "attributions[0].type: should be a string or null, not int"),
        (_doc(mood="sure"), None, "attributions[0].mood: unknown field"),
        (_doc(content_span=None) | {"attributions": [{}]}, None, "content_span: missing"),
    ],
)
def test_read_gold_names_file_line_and_field(
    tmp_path: Path, record: object, raw: str | None, message: str
) -> None:
    records = [record] if record is not None else []
    with pytest.raises(GoldFileError) as caught:
        read_gold(_write(tmp_path, *records, raw=raw))
    assert message in str(caught.value)
    assert str(caught.value).startswith("bad.jsonl line 1")


def test_read_gold_counts_lines_past_blank_ones(tmp_path: Path) -> None:
    good = json.dumps(_doc())
    path = tmp_path / "dev.jsonl"
    bad = _doc(content_span=[[15, 60]]) | {"doc_id": "d2"}
    path.write_text(f"{good}\n\n{json.dumps(bad)}\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"^dev.jsonl line 3, attributions\[0\]"):
        read_gold(path)


def test_read_gold_refuses_a_repeated_doc_id(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="line 2, doc_id: 'd1' is already on line 1"):
        read_gold(_write(tmp_path, _doc(), _doc()))


def test_read_gold_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="cannot read"):
        read_gold(tmp_path / "none.jsonl")


# --- The metric ---------------------------------------------------------------------------


def test_score_counts_a_perfect_prediction(tmp_path: Path) -> None:
    docs = read_gold(_write(tmp_path, _doc()))
    pred = {"d1": [{"speaker_span": [[0, 9]], "cue_span": [[10, 14]], "content_span": [[15, 43]]}]}
    result = score(docs, pred)
    assert result["content_exact"]["f1"] == 100.0
    assert result["speaker_exact"]["f1"] == 100.0
    assert result["cue_acc"] == 100.0
    assert result["resolved_acc"] is None
    assert score(docs, {})["docs_without_prediction"] == 1


def test_score_is_the_evaluations_metric(tmp_path: Path) -> None:
    """The same dict as ``score.py --json`` on the seed, with the rules' predictions."""
    if not SCORE_PY.exists():
        pytest.skip("../shared/eval/score.py is not present")
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    assert spec is not None and spec.loader is not None
    reference = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("shared_score", reference)
    spec.loader.exec_module(reference)
    from claims.extraction import extract

    gold_path = seed_gold()
    docs = read_gold(gold_path)
    predictions = {d.doc_id: [a.to_json() for a in extract(d.text)] for d in docs}
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text(
        "".join(json.dumps({"doc_id": k, "attributions": v}) + "\n" for k, v in predictions.items())
    )
    assert score(docs, predictions) == reference.score(str(gold_path), str(pred_path))
    assert evaluate(extract, docs) == score(docs, predictions)


# --- Models on disk -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained():
    """A model trained on the seed (small, and quick to train)."""
    from claims.learning.model import train_model

    return train_model(read_gold(seed_gold()), seed=1)


def test_save_and_load_a_model(trained, isolated_home: Path) -> None:
    corpus = seed_gold()
    first = save_model(trained, name="news", corpus=[corpus])
    second = save_model(trained, name="news")
    assert first.path.name == "news-v1.ctm" and second.path.name == "news-v2.ctm"
    assert first.path.parent == isolated_home / "models"
    header = read_model_info(first.path).header
    assert header["corpus"][0]["file"] == corpus.name and len(header["corpus"][0]["sha256"]) == 64
    assert header["documents"] == 1 and header["attributions"] == 13 and header["seed"] == 1
    assert "claimtrack" in header["libraries"]
    assert [m.label for m in list_models()] == ["news-v1", "news-v2"]
    text = read_gold(corpus)[0].text
    assert [a.to_json() for a in load_model("news").extract(text)] == [
        a.to_json() for a in trained.extract(text)
    ]
    assert load_model("news-v1") is not None
    assert load_model(str(first.path)) is not None
    assert not list((isolated_home / "models").glob(".*part"))


def test_save_model_to_a_path(trained, tmp_path: Path) -> None:
    info = save_model(trained, tmp_path / "mine.ctm", name="mine")
    assert load_model(info.path).metadata == trained.metadata


@pytest.mark.parametrize("damage", ["truncate", "flip", "magic", "header", "format"])
def test_load_model_refuses_a_damaged_file(trained, damage: str) -> None:
    path = save_model(trained, name="news").path
    data = path.read_bytes()
    if damage == "truncate":
        data = data[: len(data) - 100]
    elif damage == "flip":
        data = data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]
    elif damage == "magic":
        data = b"PK" + data[2:]
    elif damage == "header":
        data = data[:30]
    else:
        data = data.replace(b'"file_format": 1', b'"file_format": 9', 1)
    path.write_bytes(data)
    with pytest.raises(ModelFileError, match=str(path.name)):
        load_model(path)
    assert list_models() == [] or damage in ("truncate", "flip")


def test_load_model_names_what_is_stored(trained) -> None:
    save_model(trained, name="news")
    with pytest.raises(NotFoundError, match="no model named 'sport' .stored: news-v1"):
        load_model("sport")


def test_the_active_model_and_falling_back_to_rules(trained) -> None:
    assert active_model() is None
    assert choose_extractor().description == "rules"
    save_model(trained, name="news")
    info = use_model("news")
    assert info is not None and info.label == "news-v1"
    assert active_model() is not None
    chosen = choose_extractor()
    assert chosen.description == "model news-v1" and chosen.warning is None
    assert choose_extractor(rules=True).description == "rules"
    info.path.write_bytes(info.path.read_bytes()[:-5])
    broken = choose_extractor()
    assert broken.description == "rules"
    assert broken.warning and "truncated" in broken.warning
    use_model(None)
    assert choose_extractor().warning is None


def test_an_extractor_travels_as_its_path(trained) -> None:
    import pickle

    save_model(trained, name="news")
    use_model("news")
    chosen = choose_extractor()
    copy = pickle.loads(pickle.dumps(chosen))
    assert copy._model is None and copy.description == "model news-v1"
    text = read_gold(seed_gold())[0].text
    assert [a.to_json() for a in copy.extract(text)] == [a.to_json() for a in chosen.extract(text)]
