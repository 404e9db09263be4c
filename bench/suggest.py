"""Suggested contrasts at scale: blocking against scoring every pair.

A synthetic archive is built in a temporary SQLite file: news-like sources of several claims
each, events that a third of the claims describe, speakers on a few dozen sides, claims drawn
from a Zipf vocabulary with place names, negations and contrast markers ("however").

Two things are measured, medians over ``--repeat`` runs:

- the baseline: scoring all n(n-1)/2 pairs of an archive of ``--exhaustive`` claims with the
  same scorer, against ``suggest`` (blocked) on the same archive: the time ratio, and the
  recall of blocking (how many of the exhaustive run's suggestions it also finds);
- how ``suggest`` grows with the archive: time and candidate pairs at 1/8, 1/4, 1/2 and all
  of ``--claims``.

    python bench/suggest.py --claims 20000 --exhaustive 1500

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.news_archive import build_archive  # noqa: E402
from claims.suggestions.candidates import candidate_pairs
from claims.suggestions.features import Corpus, event_names, load_facts
from claims.suggestions.scoring import score_facts, suggest
from claims.suggestions.weights import MIN_SCORE
from db.engine import Database  # noqa: E402


def exhaustive(database: Database) -> tuple[list[tuple[int, int]], int]:
    """The baseline: score every pair with the same scorer; returns what it proposes."""
    with database.session() as session:
        facts = load_facts(session, None)
        corpus = Corpus(facts, event_names(session))
    found = []
    pairs = 0
    for i, x in enumerate(facts):
        for y in facts[i + 1 :]:
            pairs += 1
            got = score_facts(x, y, corpus)
            if got is not None:
                found.append((got.a, got.b))
    return found, pairs


def blocked(database: Database) -> tuple[list[tuple[int, int]], int]:
    with database.session() as session:
        found = suggest(session, limit=None)
        candidates = len(candidate_pairs(load_facts(session, None)))
    return [(s.a, s.b) for s in found], candidates


def timed(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20000)
    parser.add_argument("--exhaustive", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    console = Console(stderr=True, width=None if sys.stderr.isatty() else 120)
    figures: dict[str, Any] = {"min_score": MIN_SCORE}
    with tempfile.TemporaryDirectory() as tmp:
        small = build_archive(f"sqlite:///{tmp}/small.db", args.exhaustive)
        base_t, (base_found, all_pairs) = timed(lambda: exhaustive(small), args.repeat)
        block_t, (block_found, candidates) = timed(lambda: blocked(small), args.repeat)
        recall = len(set(base_found) & set(block_found)) / len(base_found) if base_found else 1.0
        figures["baseline"] = {
            "claims": args.exhaustive,
            "pairs": all_pairs,
            "exhaustive_s": round(base_t, 3),
            "exhaustive_suggestions": len(base_found),
            "blocked_s": round(block_t, 3),
            "blocked_candidates": candidates,
            "blocked_suggestions": len(block_found),
            "speedup": round(base_t / block_t, 1),
            "recall": round(recall, 3),
        }
        small.dispose()
        table = Table(title="suggest: blocked against every pair", header_style="bold")
        for name in ("claims", "pairs scored", "seconds (median)", "suggestions"):
            table.add_column(name, justify="right")
        table.add_row("all pairs", f"{all_pairs:,}", f"{base_t:.2f}", str(len(base_found)))
        table.add_row("blocked", f"{candidates:,}", f"{block_t:.2f}", str(len(block_found)))
        console.print(table)
        console.print(
            f"blocking is {base_t / block_t:.1f}x faster and finds {recall:.1%} of the "
            "suggestions the exhaustive run makes"
        )
        growth = Table(title="suggest as the archive grows", header_style="bold")
        for name in ("claims", "candidate pairs", "of all pairs", "seconds (median)", "s per 1k"):
            growth.add_column(name, justify="right")
        figures["growth"] = []
        for fraction in (8, 4, 2, 1):
            n = args.claims // fraction
            database = build_archive(f"sqlite:///{tmp}/grow{n}.db", n)
            seconds, (_, cands) = timed(lambda db=database: blocked(db), args.repeat)
            share = cands / (n * (n - 1) / 2)
            growth.add_row(
                f"{n:,}",
                f"{cands:,}",
                f"{share:.3%}",
                f"{seconds:.2f}",
                f"{seconds / n * 1000:.3f}",
            )
            figures["growth"].append(
                {"claims": n, "candidates": cands, "seconds": round(seconds, 3)}
            )
            database.dispose()
        console.print(growth)
        first, last = figures["growth"][0], figures["growth"][-1]
        ratio = (last["seconds"] / first["seconds"]) / (last["claims"] / first["claims"])
        figures["growth_time_ratio_per_claim"] = round(ratio, 2)
        console.print(
            f"time per claim at {last['claims']:,} claims is {ratio:.2f}x that at "
            f"{first['claims']:,} (1.0 is linear; scoring all pairs would make it "
            f"{last['claims'] / first['claims']:.0f}x)"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
