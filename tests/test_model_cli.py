"""``claims model``: training, scoring, listing and choosing models from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import run
from tests.conftest import REPO

SEED = REPO / "fixtures" / "extraction" / "seed.gold.jsonl"


@pytest.fixture
def seed() -> Path:
    return SEED


def test_train_list_use_show_and_back_to_rules(
    seed: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trained = run(
        capsys, "model", "train", str(seed), "--name", "news", "--seed", "3", "--dev", str(seed)
    )
    assert trained.code == 0, trained.err
    assert "stored news-v1" in trained.err and "content@0.3" in trained.out
    assert (isolated_home / "models" / "news-v1.ctm").is_file()
    assert run(capsys, "model", "train", str(seed), "--name", "news").code == 0
    listed = run(capsys, "model", "list", "--json").json()
    assert [m["label"] for m in listed] == ["news-v1", "news-v2"]
    assert not any(m["active"] for m in listed)
    assert listed[0]["seed"] == 3 and listed[0]["corpus"][0]["file"] == seed.name
    used = run(capsys, "model", "use", "news")
    assert used.code == 0 and "news-v2" in used.err
    assert [m["active"] for m in run(capsys, "model", "list", "--json").json()] == [False, True]
    shown = run(capsys, "model", "show", "news-v1", "--json").json()
    assert shown["training"]["dev"]["figures"]["content@0.3"]["gold"] == 13
    assert "Trained on" in run(capsys, "model", "show", "news").out
    back = run(capsys, "model", "use", "--rules")
    assert back.code == 0 and "rules" in back.err
    assert not any(m["active"] for m in run(capsys, "model", "list", "--json").json())


def test_train_to_a_file_and_score_it(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine.ctm"
    assert run(capsys, "model", "train", str(seed), "-o", str(target)).code == 0
    assert target.is_file()
    scored = run(capsys, "model", "eval", str(target), str(seed), "--json")
    assert scored.code == 0, scored.err
    assert scored.json()["content@0.3"]["gold"] == 13
    rules = run(capsys, "model", "eval", "--rules", str(seed), "--json").json()
    assert rules["content@0.3"] == {
        "p": 81.2,
        "r": 100.0,
        "f1": 89.7,
        "tp": 13,
        "pred": 16,
        "gold": 13,
    }
    table = run(capsys, "model", "eval", "--rules", str(seed))
    assert "content_exact" in table.out and "rules on 1 document" in table.err


def test_model_commands_refuse_bad_input_cleanly(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "a", "text": "x", "attributions": [{"content_span": [[0, 5]]}]}\n')
    refused = run(capsys, "model", "train", str(bad))
    assert refused.code == 2
    assert (
        "bad.jsonl line 1, attributions[0].content_span: span [0, 5] ends past the text"
        in refused.err
    )
    assert not (tmp_path / "models").exists()
    assert run(capsys, "model", "use").code == 2
    assert run(capsys, "model", "use", "x", "--rules").code == 2
    missing = run(capsys, "model", "show", "nothing")
    assert missing.code == 1 and "no model named 'nothing'" in missing.err
    assert run(capsys, "model", "eval", "nothing").code == 2
    assert run(capsys, "model", "train", str(seed), "--name", "bad/name").code == 2
    broken = tmp_path / "broken.ctm"
    broken.write_bytes(b"claimtrack-model\n{")
    damaged = run(capsys, "model", "eval", str(broken), str(seed))
    assert damaged.code == 2 and "broken.ctm" in damaged.err and "Traceback" not in damaged.err


def test_an_interrupted_training_stores_nothing(
    seed: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import claims.learning.model as model_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(model_module, "train_model", interrupted)
    result = run(capsys, "model", "train", str(seed), "--name", "news")
    assert result.code == 130
    models = isolated_home / "models"
    assert not models.exists() or not any(models.iterdir())
