"""Exports stream: their memory stays flat as the archive grows.

Every export format is written from a synthetic archive (``bench/news_archive.py``) of
``--claims`` claims and of four times as many, to a sink that only counts characters. For
each format and size it reports the median time over ``--repeat`` runs and the peak of
Python memory allocated while writing (tracemalloc, in a separate run, since tracing slows
the work). The baseline is the JSON bundle, the streaming export that was already there:
each format's time and memory are given as ratios to it, and each format's memory at the
larger size as a ratio to the smaller (about 1 when it streams, about 4 when it holds the
archive).

    python bench/export.py --claims 5000

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.news_archive import build_archive  # noqa: E402
from claims.exports import FORMATS, ExportOptions, write_export  # noqa: E402
from claims.review.edits import set_status  # noqa: E402
from db.engine import Database  # noqa: E402

OPTIONS = ExportOptions(base_url="https://factcheck.example/report.html", publisher="Bench")


class Sink(io.TextIOBase):
    """A text stream that keeps nothing but the number of characters written to it."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def export_once(database: Database, fmt: str) -> int:
    sink = Sink()
    with database.session() as session:
        write_export(session, fmt, sink, OPTIONS)  # type: ignore[arg-type]
    return sink.chars


def measure(database: Database, fmt: str, repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        chars = export_once(database, fmt)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    export_once(database, fmt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": statistics.median(times), "peak_mib": peak / 2**20, "mib_out": chars / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    console = Console(stderr=True, width=None if sys.stderr.isatty() else 120)
    sizes = [args.claims, 4 * args.claims]
    figures: dict[str, Any] = {"sizes": sizes, "formats": {}}
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[int, dict[str, dict[str, float]]] = {}
        for n in sizes:
            database = build_archive(f"sqlite:///{tmp}/archive{n}.db", n)
            with database.session(write=True) as session:
                # A review on one claim in five, so ClaimReview has something to say.
                for claim_id in range(1, n + 1, 5):
                    set_status(session, claim_id, "disputed", user="bench")
            results[n] = {fmt: measure(database, fmt, args.repeat) for fmt in FORMATS}
            database.dispose()
        small, large = sizes
        table = Table(title="exports: time and peak memory while writing", header_style="bold")
        for name in (
            "format",
            f"s at {small:,}",
            f"s at {large:,}",
            "claims/s",
            "time vs bundle",
            f"peak MiB at {small:,}",
            f"peak MiB at {large:,}",
            "peak large/small",
            "MiB written",
        ):
            table.add_column(name, justify="right")
        base = results[large]["json"]
        for fmt in FORMATS:
            a, b = results[small][fmt], results[large][fmt]
            growth = b["peak_mib"] / a["peak_mib"]
            table.add_row(
                fmt,
                f"{a['seconds']:.2f}",
                f"{b['seconds']:.2f}",
                f"{large / b['seconds']:,.0f}",
                f"{b['seconds'] / base['seconds']:.2f}",
                f"{a['peak_mib']:.1f}",
                f"{b['peak_mib']:.1f}",
                f"{growth:.2f}",
                f"{b['mib_out']:.1f}",
            )
            figures["formats"][fmt] = {
                "seconds": [round(a["seconds"], 3), round(b["seconds"], 3)],
                "peak_mib": [round(a["peak_mib"], 2), round(b["peak_mib"], 2)],
                "peak_growth": round(growth, 2),
                "time_vs_bundle": round(b["seconds"] / base["seconds"], 2),
                "mib_written": round(b["mib_out"], 2),
            }
        console.print(table)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
