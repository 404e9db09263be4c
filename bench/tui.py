"""How fast the terminal UI is on a large archive.

    python bench/tui.py --claims 1000000

Builds (or reuses, under ``--dir``) a synthetic archive of ``--claims`` claims with
``bench/search.py``'s builder, then drives the real app headless (``App.run_test``) and
measures:

- first paint: from building the app to the claims list showing its first rows, in this
  process (imports done), and from launching a fresh Python process to the same point
  (importing what ``claims tui`` imports included), as a user starting it sees it;
- CPU per cursor key and per page scroll (process CPU time, worker threads included,
  divided by the keys pressed), and the wall time of a jump to the last claim;
- a filter keystroke: from the last key typed in the filter bar to the list holding the
  new results (drawn at the next frame), the 50 ms pause the bar waits for more typing
  included, over several filters;
- the peak memory of the process.

The baseline, measured in the same run, is an empty archive: the same app, the same steps,
nothing to read. The ratios say how much of each figure the archive's size costs.

Prints a table and, last, one JSON object with ``first_paint_s``, ``first_paint_cold_s``,
``key_cpu_ms``, ``page_cpu_ms``, ``jump_end_ms``, ``filter_ms``, ``peak_rss_mb`` and the
baseline's figures. Targets: first paint under 0.5 s, under 10 ms CPU a key, under 100 ms a
filter update and under 300 MB at a million claims.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.search import build, peak_rss_mb  # noqa: E402
from claims.browse.workbench import Workbench  # noqa: E402
from db.engine import open_database  # noqa: E402
from tui.app import ClaimsApp, make_app  # noqa: E402
from tui.screens.claims import ClaimsScreen  # noqa: E402
from tui.widgets.claim_list import ClaimList  # noqa: E402

console = Console(stderr=True)
SIZE = (120, 40)
FILTER_WORDS = ["oil", "ceasefire", "@kimit", "#none", "status:disputed", "militia"]

# A fresh process that opens the archive and reports, on stdout, the seconds from its own
# start (as the kernel saw it) to the first rows painted.
COLD_START = """
import asyncio, sys, time
started = float(sys.argv[2])
import claims.cli  # all that `claims tui` loads before it builds the app
from claims.browse.workbench import Workbench
from db.engine import open_database
from tui.app import make_app
from tui.widgets.claim_list import ClaimList

async def main():
    app = make_app(Workbench(open_database(sys.argv[1]), "bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        claims = app.screen.query_one(ClaimList)
        while not (claims.loaded and (claims.total == 0 or claims.row(0) is not None)):
            await asyncio.sleep(0.002)
        await pilot.pause()
        print(time.time() - started)

asyncio.run(main())
"""


async def wait_until(ready: Callable[[], bool], timeout: float = 60.0) -> float:
    """Poll the event loop until ``ready()`` holds; returns the moment it did."""
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)
    return time.perf_counter()


def claim_list(app: ClaimsApp) -> ClaimList:
    """The list on the app's Claims screen."""
    screen = app.screen
    assert isinstance(screen, ClaimsScreen)
    return screen.query_one(ClaimList)


async def drive(url: str) -> dict[str, Any]:
    """Open the app on ``url`` and take every in-process measurement."""
    figures: dict[str, Any] = {}
    database = open_database(url)
    started = time.perf_counter()
    app = make_app(Workbench(database, "bench"))
    async with app.run_test(size=SIZE) as pilot:
        claims = claim_list(app)
        await wait_until(lambda: claims.loaded and (claims.total == 0 or claims.row(0) is not None))
        await pilot.pause()
        figures["first_paint_s"] = time.perf_counter() - started
        figures["total"] = claims.total

        async def cpu_per(key: str, times: int) -> float:
            await pilot.pause()
            before = time.process_time()
            for _ in range(times):
                await pilot.press(key)
            await wait_until(lambda: claims.total == 0 or claims.current is not None)
            await pilot.pause()
            return (time.process_time() - before) / times * 1000

        figures["key_cpu_ms"] = await cpu_per("down", 200)
        figures["page_cpu_ms"] = await cpu_per("pagedown", 50)

        await pilot.press("home")
        await wait_until(lambda: claims.total == 0 or claims.current is not None)
        last = claims.total - 1
        arrived = asyncio.create_task(
            wait_until(lambda: claims.total == 0 or claims.row(last) is not None)
        )
        started = time.perf_counter()
        await pilot.press("end")
        figures["jump_end_ms"] = (await arrived - started) * 1000
        await pilot.pause()

        filters = []
        for word in FILTER_WORDS:
            await pilot.press("slash")
            await pilot.press("ctrl+u")
            await pilot.pause()
            generation = claims._generation
            await pilot.press(*word[:-1])
            await pilot.pause()

            def shown(since: int = generation, word: str = word) -> bool:
                return (
                    claims._generation > since
                    and claims.filter_line.endswith(word)
                    and claims.loaded
                )

            # Watched from beside the key press: the pilot's press returns only once the app
            # is idle again, later than the moment the results reach the list.
            arrived = asyncio.create_task(wait_until(shown))
            started = time.perf_counter()
            await pilot.press(word[-1])
            filters.append((await arrived - started) * 1000)
            await pilot.pause()
            await pilot.press("escape")
        figures["filter_ms"] = statistics.median(filters)
        figures["filter_max_ms"] = max(filters)
    database.dispose()
    return figures


def cold_start(url: str, runs: int) -> float:
    """Median seconds from launching a fresh Python to its first painted list."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", COLD_START, url, repr(time.time())],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def measure(url: str, runs: int) -> dict[str, Any]:
    """Each in-process figure's median over ``runs`` runs, taken in a child process of its
    own so that its peak memory is the app's alone."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", url, "--runs", str(runs)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode:
        raise SystemExit(f"measuring {url} failed:\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure_here(url: str, runs: int) -> int:
    """The child's side of ``measure``: run, print the medians and the peak memory."""
    results = [asyncio.run(drive(url)) for _ in range(runs)]
    figures = {key: statistics.median(r[key] for r in results) for key in results[0]}
    figures["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(figures))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--speakers", type=int, help="default: a tenth of --claims")
    parser.add_argument("--dir", type=Path, help="keep and reuse the archive here")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        return measure_here(args.measure, args.runs)
    speakers = args.speakers or max(10, args.claims // 10)

    with tempfile.TemporaryDirectory(prefix="claims-bench-tui-") as scratch:
        directory = args.dir or Path(scratch)
        directory = directory / f"tui-{args.claims}-{speakers}-{args.seed}"
        archive = directory / "archive.db"
        if not archive.exists():
            directory.mkdir(parents=True, exist_ok=True)
            console.print(f"Building {args.claims:,} claims in {directory}")
            build(directory, args.claims, speakers, args.seed)
            (directory / "baseline.db").unlink(missing_ok=True)
        empty = Path(scratch) / "empty.db"
        open_database(str(empty)).dispose()

        url, empty_url = f"sqlite:///{archive}", f"sqlite:///{empty}"
        ours = measure(url, args.runs)
        base = measure(empty_url, args.runs)
        ours["first_paint_cold_s"] = cold_start(url, args.runs)
        base["first_paint_cold_s"] = cold_start(empty_url, args.runs)

    table = Table(title=f"Terminal UI on {ours['total']:,} claims (medians of {args.runs})")
    for column in ("measure", "archive", "empty archive", "ratio", "target"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    rows = [
        ("first paint, app built (s)", "first_paint_s", "< 0.5"),
        ("first paint, fresh process (s)", "first_paint_cold_s", "< 0.5"),
        ("CPU per cursor key (ms)", "key_cpu_ms", "< 10"),
        ("CPU per page scroll (ms)", "page_cpu_ms", ""),
        ("jump to the last claim (ms)", "jump_end_ms", ""),
        ("filter keystroke to results (ms)", "filter_ms", "< 100"),
        ("slowest filter (ms)", "filter_max_ms", ""),
        ("peak memory (MB)", "peak_rss_mb", "< 300"),
    ]
    for label, key, target in rows:
        ratio = ours[key] / base[key] if base[key] else float("nan")
        table.add_row(label, f"{ours[key]:.3f}", f"{base[key]:.3f}", f"{ratio:.2f}", target)
    Console().print(table)
    result = {
        "claims": ours["total"],
        "first_paint_s": round(ours["first_paint_s"], 3),
        "first_paint_cold_s": round(ours["first_paint_cold_s"], 3),
        "key_cpu_ms": round(ours["key_cpu_ms"], 2),
        "page_cpu_ms": round(ours["page_cpu_ms"], 2),
        "jump_end_ms": round(ours["jump_end_ms"], 1),
        "filter_ms": round(ours["filter_ms"], 1),
        "filter_max_ms": round(ours["filter_max_ms"], 1),
        "peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "baseline_empty": {k: round(v, 3) for k, v in base.items() if k != "total"},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
