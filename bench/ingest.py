"""How long ingest takes: ten thousand articles into a fresh SQLite database.

The articles are real news text where it is available (the PolNeAR training set beside the
project, written to a temporary folder for the run and removed after it) and generated
otherwise; each copy is made unique so that none is skipped as already stored. In the same
run, the same files are read and extracted without a database, so the cost of storing is
seen apart from the cost of extraction.

    python bench/ingest.py --articles 10000

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from claims.ingest.paths import collect_paths  # noqa: E402
from claims.ingest.run import ingest_paths, prepared_stream  # noqa: E402
from db.engine import open_database  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared/eval/polnear/train.jsonl"

_SENTENCES = [
    '"We will not accept these terms," {name} told reporters on {day}.',
    "{title} {name} said the ministry would review the {thing} next week.",
    "According to {org}, the {thing} had been delayed by {n} months.",
    "A senior official, who asked not to be named, said the talks had stalled.",
    '{name} insisted that the {thing} was "entirely lawful" and denied any wrongdoing.',
    "The {thing} was approved by {n} votes to {m} after a long debate.",
    "Critics warned that the {thing} would cost more than {n} million dollars.",
]
_NAMES = ["Ana Lima", "Jean Dupont", "Ray Hart", "Kim Ode", "Sara Malik", "Tom Reyes"]
_TITLES = ["Minister", "Senator", "General", "Mayor", "Dr."]
_ORGS = ["the ministry", "the Electoral Commission", "Reuters", "the city council"]
_THINGS = ["budget", "bridge project", "ceasefire", "tax plan", "trade deal"]


def generated(rng: random.Random) -> str:
    """An article of about 600 words built from attributed sentences."""
    lines = ["# A generated report", "", "Staff Writer", "3 March 2021", ""]
    for _ in range(12):
        paragraph = " ".join(
            rng.choice(_SENTENCES).format(
                name=rng.choice(_NAMES),
                title=rng.choice(_TITLES),
                org=rng.choice(_ORGS),
                thing=rng.choice(_THINGS),
                day="Tuesday",
                n=rng.randint(2, 90),
                m=rng.randint(2, 90),
            )
            for _ in range(4)
        )
        lines += [paragraph, ""]
    return "\n".join(lines)


def write_articles(folder: Path, count: int) -> str:
    """Write ``count`` unique articles; returns where their text came from."""
    rng = random.Random(7)
    texts: list[str] = []
    origin = "generated"
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
        origin = f"PolNeAR train ({len(texts)} articles, reused)"
    for i in range(count):
        text = texts[i % len(texts)] if texts else generated(rng)
        (folder / f"{i:05}.txt").write_text(f"{text}\n\nRef {i}\n", encoding="utf-8")
    return origin


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=None, help="extraction processes")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    work = Path(tempfile.mkdtemp(prefix="claims-ingest-bench-"))
    try:
        folder = work / "articles"
        folder.mkdir()
        origin = write_articles(folder, args.articles)
        files, _ = collect_paths([str(folder)])
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)

        started = time.perf_counter()
        attributions = sum(len(p.attributions) for p in prepared_stream(files, args.workers))
        extract_s = time.perf_counter() - started

        database = open_database(str(work / "bench.db"))
        started = time.perf_counter()
        summary = ingest_paths(database, files, user="bench", workers=args.workers)
        ingest_s = time.perf_counter() - started
        database.dispose()
        size_mb = (work / "bench.db").stat().st_size / 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "articles": args.articles,
        "text": origin,
        "words": words,
        "claims": summary.claims,
        "attributions_extracted": attributions,
        "ingest_s": round(ingest_s, 2),
        "articles_per_s": round(args.articles / ingest_s, 1),
        "claims_per_s": round(summary.claims / ingest_s, 1),
        "read_and_extract_only_s": round(extract_s, 2),
        "storing_overhead_ratio": round(ingest_s / extract_s, 2),
        "database_mb": round(size_mb, 1),
        "peak_rss_mb": peak_rss_mb(),
        "under_a_minute": ingest_s < 60,
    }
    table = Table(title="Ingest into SQLite")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    console.print(table)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
