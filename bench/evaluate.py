"""Evaluate the extractor against annotated corpora in one step.

Usage: python bench/evaluate.py [GOLD.jsonl ...] [--out DIR] [--json]

For each gold corpus (by default the seed article and PolNeAR dev, when present next to the
repository), every document is extracted, the predictions are written as JSON Lines to
``DIR/<corpus>.pred.jsonl`` (``bench/out`` by default) and scored with the shared
``score.py``, whose table is printed. With ``--json`` the last line holds every score.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.batch import extract_jsonl  # noqa: E402

SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
SEED = SHARED / "seeds" / "000_21a3966b35e6bf93.gold.jsonl"
POLNEAR_DEV = SHARED / "eval" / "polnear" / "dev.jsonl"


def default_corpora() -> list[Path]:
    """The seed article and PolNeAR dev, those that exist."""
    return [p for p in (SEED, POLNEAR_DEV) if p.exists()]


def load_scorer(path: Path = SCORER) -> ModuleType:
    """Import ``score.py`` from the shared evaluation folder."""
    spec = importlib.util.spec_from_file_location("claims_eval_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(gold: Path, out: Path) -> Path:
    """Extract every document of ``gold`` and write the predictions to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with gold.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in extract_jsonl(src):
            dst.write(line + "\n")
    return out


def evaluate(gold: Path, out_dir: Path) -> dict:
    """Predict and score one corpus; returns score.py's result dictionary."""
    pred = predict(gold, out_dir / (gold.name.removesuffix(".jsonl") + ".pred.jsonl"))
    return load_scorer().score(str(gold), str(pred))


def format_table(result: dict) -> str:
    """score.py's table for one result."""
    lines = []
    for key, value in result.items():
        if isinstance(value, dict):
            lines.append(
                f"{key:15} P {value['p']:5.1f}  R {value['r']:5.1f}  F1 {value['f1']:5.1f}"
                f"  (tp {value['tp']}, pred {value['pred']}, gold {value['gold']})"
            )
        else:
            lines.append(f"{key:15} {value}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Evaluate every corpus given (or the defaults) and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold corpora (JSONL)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--json", action="store_true", help="end with all scores as JSON")
    args = parser.parse_args(argv)
    corpora = args.gold or default_corpora()
    if not corpora:
        print("no gold corpus given and none found under ../shared", file=sys.stderr)
        return 2
    if not SCORER.exists():
        print(f"the scorer is missing: {SCORER}", file=sys.stderr)
        return 2
    results = {}
    for gold in corpora:
        result = evaluate(gold, args.out)
        results[gold.name] = result
        print(f"== {gold}")
        print(format_table(result))
        print()
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
