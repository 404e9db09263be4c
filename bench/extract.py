"""Extraction throughput, in words per second, beside a bare regular-expression pass.

Usage: python bench/extract.py [CORPUS.jsonl] [--runs N] [--docs N] [--generated]
                               [--model NAME|FILE]

The corpus is PolNeAR train when it is present next to the repository
(``../shared/eval/polnear/train.jsonl``), otherwise a generated one. Each run times
:func:`claims.extraction.extract` over every document, and then one ``re.finditer`` of the
extractor's own candidate pattern (``claims.extraction.rules.CANDIDATE_RE``: every cue word of
the lexicon, "according to" and the nouns of statement, as one trie, plus quotation marks)
over the same texts: the least any extractor built on that pattern could cost. The machine
is shared and noisy, so the figures are medians over the runs, and the ratio the median of
the ratios of each run's pair of timings. With ``--model`` (a stored model's name, or a model
file: ``claims model train`` makes one), each run also times that model's extraction over
the same texts, end to end (the rules' reading, which the model takes as features, included).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract  # noqa: E402
from claims.extraction.rules import CANDIDATE_RE  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "polnear" / "train.jsonl"

_SPEAKERS = ["Mr. Alvarez", "the mayor", "Senator Grey", "a spokeswoman", "Ms. Okafor", "he"]
_CUES = ["said", "told reporters", "argued", "wrote", "claimed", "added"]
_CLAUSES = [
    "the budget would be balanced by the end of the year",
    "the bridge had been closed for repairs since the storm",
    "nobody on the council had read the report before the vote",
    "the new rules would cost small farms a great deal",
]
_FILLER = [
    "The council met on Tuesday in the old town hall.",
    "Turnout was lower than in any election since the war.",
    "Several roads were still flooded after the weekend.",
]


def generated_corpus(n_docs: int = 400, seed: int = 7) -> list[str]:
    """A deterministic corpus of news-like paragraphs with reported speech."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        paragraphs = []
        for _ in range(rng.randint(8, 16)):
            speaker = rng.choice(_SPEAKERS)
            cue = rng.choice(_CUES)
            clause = rng.choice(_CLAUSES)
            form = rng.randrange(3)
            if form == 0:
                sentence = f"{speaker.capitalize()} {cue} that {clause}."
            elif form == 1:
                sentence = f'"{clause.capitalize()}," {speaker} {cue}.'
            else:
                sentence = f'{speaker.capitalize()} {cue}: "{clause.capitalize()}."'
            paragraphs.append(sentence + " " + rng.choice(_FILLER))
        docs.append("\n\n".join(paragraphs))
    return docs


def load_corpus(path: Path | None, limit: int | None) -> tuple[list[str], str]:
    """The texts to time and a name for them."""
    path = path or (DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else None)
    if path is None:
        texts = generated_corpus()
        name = "generated"
    else:
        with path.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        name = str(path)
    return (texts[:limit] if limit else texts), name


def time_extraction(texts: list[str], extractor: Callable[[str], object] = extract) -> float:
    """Seconds to extract every text once."""
    start = time.perf_counter()
    for text in texts:
        extractor(text)
    return time.perf_counter() - start


def time_regex(texts: list[str]) -> float:
    """Seconds for one pass of the candidate pattern over every text."""
    start = time.perf_counter()
    for text in texts:
        for _ in CANDIDATE_RE.finditer(text):
            pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; the last line is JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="JSONL with a 'text' field")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median is kept)")
    parser.add_argument("--docs", type=int, default=None, help="use only the first N documents")
    parser.add_argument("--generated", action="store_true", help="time the generated corpus")
    parser.add_argument("--model", help="also time this model (a stored name or a file)")
    args = parser.parse_args(argv)
    model = None
    if args.model:
        from claims.learning.store import load_model

        model = load_model(args.model)

    if args.generated:
        texts, name = generated_corpus()[: args.docs], "generated"
    else:
        texts, name = load_corpus(args.corpus, args.docs)
    words = sum(len(t.split()) for t in texts)
    time_extraction(texts[:20])  # warm up caches and lazy imports
    if model is not None:
        time_extraction(texts[:20], model.extract)
    extraction, regex, learned = [], [], []
    for _ in range(args.runs):
        extraction.append(time_extraction(texts))
        regex.append(time_regex(texts))
        if model is not None:
            learned.append(time_extraction(texts, model.extract))
    ext_s = statistics.median(extraction)
    re_s = statistics.median(regex)
    # The ratio is taken run by run, each pair timed back to back, so that a change of load
    # on the shared machine between runs does not skew it.
    ratio = statistics.median(e / r for e, r in zip(extraction, regex, strict=True))
    result = {
        "corpus": name,
        "documents": len(texts),
        "words": words,
        "runs": args.runs,
        "words_per_s": round(words / ext_s),
        "regex_words_per_s": round(words / re_s),
        "ratio_vs_regex": round(ratio, 2),
    }
    print(f"corpus            {name} ({len(texts)} documents, {words:,} words)")
    print(f"extract           {result['words_per_s']:>12,} words/s  (median of {args.runs})")
    print(f"bare regex pass   {result['regex_words_per_s']:>12,} words/s")
    print(f"extract / regex   {result['ratio_vs_regex']:>12}x slower")
    if model is not None:
        result["model"] = args.model
        result["model_words_per_s"] = round(words / statistics.median(learned))
        result["model_vs_rules"] = round(
            statistics.median(m / e for m, e in zip(learned, extraction, strict=True)), 2
        )
        print(f"model             {result['model_words_per_s']:>12,} words/s  ({args.model})")
        print(f"model / rules     {result['model_vs_rules']:>12}x slower")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
