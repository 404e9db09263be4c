"""How fast the terminal UI's claim list answers on a large archive.

Builds a synthetic archive (``bench.search.build``; reuse one with ``--dir``), opens the
app headless at 120×40 and times: the first page on screen, the exact count arriving, a
jump to the last claim (End) and to the middle, and a speaker filter. Prints JSON.

    python -m bench.tui --claims 1000000 --dir /tmp/big
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from claims.workbench import Workbench
from db.engine import open_database
from tui.app import make_app
from tui.widgets.claim_list import ClaimList


async def _until(check: Any, timeout: float = 120.0) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the list did not answer")
        await asyncio.sleep(0.002)
    return time.perf_counter() - started


async def measure(path: Path) -> dict[str, Any]:
    """Open the app on ``path`` and time what a reviewer waits for."""
    app = make_app(Workbench(open_database(f"sqlite:///{path}"), "bench"))
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        claims = app.screen.query_one(ClaimList)
        await _until(lambda: claims.loaded and claims.current is not None)
        figures["first_page_s"] = round(time.perf_counter() - started, 3)
        figures["exact_count_s"] = round(
            figures["first_page_s"] + await _until(lambda: claims.exact), 3
        )
        figures["claims"] = claims.total
        started = time.perf_counter()
        await pilot.press("end")
        await _until(lambda: claims.current is not None)
        figures["end_s"] = round(time.perf_counter() - started, 3)
        claims.cursor = claims.total // 2
        figures["middle_s"] = round(await _until(lambda: claims.current is not None), 3)
        name = claims.current.speaker if claims.current else None
        if name:
            claims.show(f"@{name}")
            figures["speaker_filter_s"] = round(
                await _until(lambda: claims.loaded and claims.current is not None), 3
            )
            figures["speaker_claims"] = claims.total
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--speakers", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2004)
    parser.add_argument("--dir", type=Path, help="Build here, or reuse the archive there.")
    args = parser.parse_args(argv)
    directory = args.dir or Path(tempfile.mkdtemp(prefix="claims-tui-bench-"))
    path = directory / "archive.db"
    if not path.exists():
        from bench.search import build

        directory.mkdir(parents=True, exist_ok=True)
        build(directory, args.claims, args.speakers, args.seed)
    print(json.dumps(asyncio.run(measure(path))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
