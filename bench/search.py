#!/usr/bin/env python3
"""Benchmark: search at newsroom scale, against the naive way of doing each job.

    .venv/bin/python bench/search.py --claims 1000000 --speakers 100000
    .venv/bin/python bench/search.py --claims 20000 --speakers 2000      # a quick run

Builds a synthetic archive (``synthetic_archive.py``) in a fresh SQLite database and
measures, each against a baseline run in the same run on the same data:

- bulk load: ``claims.ingest.bulk.load_claims`` against raw ``sqlite3.executemany`` of the same
  rows into a copy of the same database (same schema, same FTS triggers, same foreign
  keys), chunk by chunk in turn so both see the same machine; the raw rows are prepared
  as tuples outside the timer; the library's time also includes merging the FTS index
  into one segment at the end (``settle_text_index``), which the raw load does not do;
- speaker search: ``claims.speakers.registry.find_speakers`` over misspelt names (one or two
  slips in a real alias, sometimes with a title, in lower case or the surname alone; at
  least three letters after normalisation) against
  ``rapidfuzz.process.extract`` with WRatio over every key the index holds (each strong
  alias's normal form and surname key, loaded into memory beforehand, untimed); the top
  match agrees when the speaker found is one of those the full scan scores best, at the
  same score;
- text search: ``claims.search.claims.search_claims`` for a page of 50 ranked hits with
  snippets and summary rows (ranked within the newest ``RANK_WINDOW`` matches when there
  are more), against ``LIKE '%word%'`` finding the matching claims (a ranked page needs
  every match, so the LIKE scans the whole table); queries are news words alone (six in
  ten), pairs, prefixes and ORs;
- peak memory of the process that searches (before the baselines load their data).

The search measurements run in a child process that opens the database afresh, like a
command would. Every query is timed three times, ours and the baselines alike, and its
median kept; the figures are medians (p50) and 95th percentiles over the queries. Prints a
table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.synthetic_archive import NEWS_WORDS, PERSON_TITLES, Archive  # noqa: E402
from claims.extraction.names import normalise_name  # noqa: E402
from claims.ingest.bulk import claim_values, load_claims, load_speakers  # noqa: E402
from db.engine import open_database  # noqa: E402
from db.models import Claim, Event, Source, SpeakerCreate, utcnow  # noqa: E402

console = Console(stderr=True)
T = TypeVar("T")
CHUNK = 50_000


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0-1) of ``values``, by nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Linux's VmHWM belongs to the running program; ``ru_maxrss`` would carry over the peak
    of the process that started it (the builder, here).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def progress_bar() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


# --- Building the archive -------------------------------------------------------------


def build(directory: Path, claims: int, speakers: int, seed: int) -> dict[str, Any]:
    """Create the archive database and its baseline copy; returns the load figures."""
    archive = Archive(seed)
    main_path, raw_path = directory / "archive.db", directory / "baseline.db"
    database = open_database(str(main_path))
    figures: dict[str, Any] = {}
    with progress_bar() as bar:
        task = bar.add_task("speakers", total=speakers)
        started = time.perf_counter()
        with database.session(write=True) as session:
            speaker_ids = load_speakers(
                session,
                (
                    SpeakerCreate(name=s.name, kind=s.kind, aliases=list(s.aliases))
                    for s in archive.speakers(speakers)
                ),
                user="bench",
                progress=lambda n: bar.advance(task, n),
            )
            source_count = max(1, claims // 20)
            connection = session.connection()
            now = utcnow()
            sources = archive.sources(source_count)
            while rows := list(itertools.islice(sources, CHUNK)):
                connection.execute(sa.insert(Source), [r | {"ingested_at": now} for r in rows])
            connection.execute(
                sa.insert(Event), [{"name": f"Event {i}", "created_at": now} for i in range(500)]
            )
        figures["speaker_load_s"] = time.perf_counter() - started
    with database.engine.connect() as connection:
        source_ids = [r[0] for r in connection.exec_driver_sql("SELECT id FROM source")]
        event_ids = [r[0] for r in connection.exec_driver_sql("SELECT id FROM event")]
    database.dispose()
    with sqlite3.connect(main_path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(main_path, raw_path)

    database = open_database(str(main_path))
    raw = sqlite3.connect(raw_path, isolation_level=None)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        raw.execute(f"PRAGMA {pragma}")
    columns = [c.name for c in sa.inspect(Claim).columns if c.name != "id"]
    insert = f"INSERT INTO claim ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    library_s = raw_s = 0.0
    rows = archive.claims(claims, speaker_ids, source_ids, event_ids)
    with progress_bar() as bar:
        task = bar.add_task("claims (library and raw)", total=claims)
        with database.session(write=True) as session:
            raw.execute("BEGIN IMMEDIATE")
            loaded = 0
            while loaded < claims:
                chunk = [next(rows) for _ in range(min(CHUNK, claims - loaded))]
                stamp = utcnow().replace(tzinfo=None).isoformat(sep=" ")
                fixed = {
                    "created_at": stamp,
                    "updated_at": stamp,
                    "version": 1,
                    "anchor_version": 1,
                }
                params = [
                    tuple((claim_values(r, i, "bench") | fixed).get(c) for c in columns)
                    for i, r in enumerate(chunk)
                ]
                started = time.perf_counter()
                raw.executemany(insert, params)
                raw_s += time.perf_counter() - started
                started = time.perf_counter()
                load_claims(session, chunk, user="bench")
                library_s += time.perf_counter() - started
                loaded += len(chunk)
                bar.advance(task, len(chunk))
            started = time.perf_counter()
            raw.execute("COMMIT")
            raw_s += time.perf_counter() - started
            started = time.perf_counter()
        library_s += time.perf_counter() - started  # the session's commit
    raw.close()
    database.dispose()
    figures.update(
        claims=claims,
        speakers=speakers,
        library_load_s=library_s,
        raw_load_s=raw_s,
        library_rows_per_s=claims / library_s,
        raw_rows_per_s=claims / raw_s,
        load_ratio_vs_executemany=library_s / raw_s,
        database_mb=main_path.stat().st_size / 1e6,
        load_peak_rss_mb=peak_rss_mb(),
    )
    return figures


# --- Queries ------------------------------------------------------------------------------


def misspell(rng: random.Random, text: str) -> str:
    """``text`` with one or two typing slips: a letter dropped, doubled, swapped or wrong."""
    letters = list(text)
    for _ in range(rng.choice((1, 1, 2))):
        spots = [i for i, c in enumerate(letters) if c.isalpha()]
        if len(spots) < 4:
            break
        i = rng.choice(spots[1:])
        slip = rng.choice(("drop", "double", "swap", "wrong"))
        if slip == "drop":
            del letters[i]
        elif slip == "double":
            letters.insert(i, letters[i])
        elif slip == "swap" and i + 1 < len(letters) and letters[i + 1].isalpha():
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        else:
            letters[i] = rng.choice("aeioulnrst")
    return "".join(letters)


def speaker_queries(path: Path, count: int, seed: int) -> list[str]:
    """Misspelt names of speakers in the archive, written as reports and users write them."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as connection:
        top = connection.execute("SELECT max(id) FROM speaker").fetchone()[0]
        queries = []
        while len(queries) < count:
            speaker_id = rng.randint(1, top)
            aliases = [
                a
                for (a,) in connection.execute(
                    "SELECT alias FROM speaker_alias WHERE speaker_id = ? AND NOT weak",
                    (speaker_id,),
                )
            ]
            if not aliases:
                continue
            name = rng.choice(aliases)
            style = rng.random()
            if style < 0.25 and " " in name:
                name = name.split()[-1]  # the surname alone
            elif style < 0.4:
                name = f"{rng.choice(PERSON_TITLES)} {name}"
            elif style < 0.55:
                name = name.lower()
            query = misspell(rng, name)
            # A name must keep three letters to be looked up fuzzily at all ("Maj. U" is
            # matched exactly); a scan would rate thousands of keys containing "u" at 90.
            if len(normalise_name(query)) >= 3:
                queries.append(query)
    return queries


def text_queries(count: int, seed: int) -> list[str]:
    """Searches a reader might type: news words alone, in pairs, as prefixes, with OR."""
    rng = random.Random(seed + 1)
    words = NEWS_WORDS[:450]
    queries = []
    for i in range(count):
        kind = i % 10
        if kind < 6:
            queries.append(rng.choice(words))
        elif kind < 8:
            queries.append(f"{rng.choice(words[:150])} {rng.choice(words[:150])}")
        elif kind == 8:
            word = rng.choice([w for w in words if len(w) >= 7])
            queries.append(word[:5] + "*")
        else:
            queries.append(f"{rng.choice(words)} OR {rng.choice(words)}")
    return queries


def like_statement(query: str) -> tuple[str, list[str]]:
    """The LIKE query that finds what a benchmark text query finds (as substrings)."""
    if " OR " in query:
        a, b = query.split(" OR ")
        return "SELECT id FROM claim WHERE content LIKE ? OR content LIKE ?", [
            f"%{a}%",
            f"%{b}%",
        ]
    words = [w.rstrip("*") for w in query.split()]
    where = " AND ".join("content LIKE ?" for _ in words)
    return f"SELECT id FROM claim WHERE {where}", [f"%{w}%" for w in words]


# --- Measuring (in a child process) -----------------------------------------------------


#: Each query is timed this many times and its median kept (ours and the baselines alike):
#: the machine is shared, and one run of a query says as much about the neighbours as it.
REPEATS = 3


def timed(work: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """The median time of ``REPEATS`` calls of ``work(*args, **kwargs)`` in milliseconds, and
    what it returned."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = work(*args, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def measure(path: Path, speaker_names: list[str], texts: list[str]) -> dict[str, Any]:
    """Time the searches, then the baselines; returns the figures and the top matches."""
    from rapidfuzz import fuzz, process

    from claims.search.claims import ClaimQuery, search_claims
    from claims.speakers.registry import QUERY_THRESHOLD, find_speakers

    database = open_database(str(path))
    found: list[tuple[int, float] | None] = []
    speaker_ms: list[float] = []
    text_ms: list[float] = []
    text_hits: list[int] = []
    with database.session() as session:
        for name in speaker_names[:5] + texts[:5]:  # warm the page cache and the code paths
            find_speakers(session, name)
            search_claims(session, ClaimQuery(text=name if name in texts else "ceasefire"))
        for name in speaker_names:
            took, matches = timed(find_speakers, session, name, limit=10)
            speaker_ms.append(took)
            top = matches[0] if matches else None
            found.append(None if top is None else (top.speaker.id or 0, top.score))
        for text in texts:
            took, page = timed(search_claims, session, ClaimQuery(text=text), limit=50)
            text_ms.append(took)
            text_hits.append(len(page.hits))
    search_rss = peak_rss_mb()
    database.dispose()

    # Baseline 1: WRatio over every key, the way a scan without an index would do it.
    connection = sqlite3.connect(path)
    keys: list[str] = []
    owners: list[int] = []
    for speaker_id, normalised, surname in connection.execute(
        "SELECT a.speaker_id, a.normalised, a.surname FROM speaker_alias a"
        " JOIN speaker s ON s.id = a.speaker_id WHERE NOT a.weak AND s.merged_into_id IS NULL"
    ):
        keys.append(normalised)
        owners.append(speaker_id)
        if surname:
            keys.append(surname)
            owners.append(speaker_id)
    scan_ms: list[float] = []
    agree = 0
    disagreements = []
    for name, mine in zip(speaker_names, found, strict=True):
        query = normalise_name(name)
        took, best = timed(process.extract, query, keys, scorer=fuzz.WRatio, limit=10)
        scan_ms.append(took)
        top_score = best[0][1] if best else 0.0
        # (A cutoff of exactly the top score can miss it to rounding; compare instead.)
        tied = {
            owners[i]
            for _, score, i in process.extract(
                query, keys, scorer=fuzz.WRatio, limit=None, score_cutoff=top_score - 0.01
            )
            if abs(score - top_score) < 1e-9
        }
        if top_score < QUERY_THRESHOLD:
            ok = mine is None
        else:
            ok = mine is not None and mine[0] in tied and mine[1] == round(top_score, 1)
        agree += ok
        if not ok:
            disagreements.append({"query": name, "index": mine, "scan": [top_score, len(tied)]})

    # Baseline 2: LIKE over the whole table.
    like_ms: list[float] = []
    for text in texts:
        statement, params = like_statement(text)
        took, _ = timed(lambda s, p: connection.execute(s, p).fetchall(), statement, params)
        like_ms.append(took)
    connection.close()
    return {
        "speaker_ms": speaker_ms,
        "scan_ms": scan_ms,
        "agree": agree,
        "disagreements": disagreements[:10],
        "text_ms": text_ms,
        "text_hits": text_hits,
        "like_ms": like_ms,
        "alias_keys": len(keys),
        "peak_rss_mb": search_rss,
        "peak_rss_with_baselines_mb": peak_rss_mb(),
    }


# --- Report -------------------------------------------------------------------------------


def report(load: dict[str, Any], measured: dict[str, Any]) -> dict[str, Any]:
    speaker_p50 = statistics.median(measured["speaker_ms"])
    scan_p50 = statistics.median(measured["scan_ms"])
    text_p50 = statistics.median(measured["text_ms"])
    like_p50 = statistics.median(measured["like_ms"])
    figures = {
        "claims": load["claims"],
        "speakers": load["speakers"],
        "alias_keys": measured["alias_keys"],
        "database_mb": round(load["database_mb"], 1),
        "library_rows_per_s": round(load["library_rows_per_s"]),
        "executemany_rows_per_s": round(load["raw_rows_per_s"]),
        "load_ratio_vs_executemany": round(load["load_ratio_vs_executemany"], 2),
        "speaker_p50_ms": round(speaker_p50, 2),
        "speaker_p95_ms": round(percentile(measured["speaker_ms"], 0.95), 2),
        "full_scan_p50_ms": round(scan_p50, 2),
        "speaker_speedup_vs_full_scan": round(scan_p50 / speaker_p50, 1),
        "speaker_top1_agreement": round(measured["agree"] / len(measured["speaker_ms"]), 3),
        "text_p50_ms": round(text_p50, 2),
        "text_p95_ms": round(percentile(measured["text_ms"], 0.95), 2),
        "like_p50_ms": round(like_p50, 2),
        "text_speedup_vs_like": round(like_p50 / text_p50, 1),
        "text_queries_with_50_hits": sum(1 for n in measured["text_hits"] if n == 50),
        "peak_rss_mb": round(measured["peak_rss_mb"], 1),
        "peak_rss_with_baselines_mb": round(measured["peak_rss_with_baselines_mb"], 1),
        "load_peak_rss_mb": round(load["load_peak_rss_mb"], 1),
    }
    table = Table(title="search benchmark", header_style="bold")
    table.add_column("measure")
    table.add_column("claimtrack", justify="right")
    table.add_column("baseline", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target", justify="right")
    table.add_row(
        "bulk load, rows/s",
        f"{figures['library_rows_per_s']:,}",
        f"{figures['executemany_rows_per_s']:,} (executemany)",
        f"{figures['load_ratio_vs_executemany']}x slower",
        "within 3x",
    )
    table.add_row(
        "speaker search p50 / p95, ms",
        f"{figures['speaker_p50_ms']} / {figures['speaker_p95_ms']}",
        f"{figures['full_scan_p50_ms']} (full WRatio scan)",
        f"{figures['speaker_speedup_vs_full_scan']}x faster",
        "<= 20 ms, >= 5x",
    )
    table.add_row(
        "speaker top match agrees",
        f"{figures['speaker_top1_agreement']:.1%}",
        "",
        "",
        ">= 99%",
    )
    table.add_row(
        "text search p50 / p95, ms (50 hits)",
        f"{figures['text_p50_ms']} / {figures['text_p95_ms']}",
        f"{figures['like_p50_ms']} (LIKE)",
        f"{figures['text_speedup_vs_like']}x faster",
        "<= 5 ms, >= 30x",
    )
    table.add_row("peak memory of the search process, MB", f"{figures['peak_rss_mb']}", "", "", "")
    console.print(table)
    console.print(
        f"{figures['claims']:,} claims, {figures['speakers']:,} speakers "
        f"({figures['alias_keys']:,} alias keys), database {figures['database_mb']} MB"
    )
    for miss in measured["disagreements"]:
        console.print(f"[dim]top match differs: {miss}[/]")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, default=2_000)
    parser.add_argument("--speaker-queries", type=int, default=100)
    parser.add_argument("--text-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2004)
    parser.add_argument("--dir", type=Path, help="Build here and keep it (default: a temp dir).")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:  # the child process: read the queries, print the measurements
        queries = json.loads(sys.stdin.read())
        print(json.dumps(measure(args.measure, queries["speakers"], queries["texts"])))
        return 0

    directory = args.dir or Path(tempfile.mkdtemp(prefix="claims-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db*"):
        stale.unlink()
    try:
        load = build(directory, args.claims, args.speakers, args.seed)
        path = directory / "archive.db"
        queries = {
            "speakers": speaker_queries(path, args.speaker_queries, args.seed),
            "texts": text_queries(args.text_queries, args.seed),
        }
        console.print("measuring searches and baselines in a fresh process…")
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)],
            input=json.dumps(queries),
            capture_output=True,
            text=True,
            check=False,
            env=os.environ | {"PYTHONHASHSEED": "0"},
        )
        if child.returncode != 0:
            console.print(child.stderr)
            return child.returncode
        figures = report(load, json.loads(child.stdout))
        print(json.dumps(figures))
    except KeyboardInterrupt:
        console.print("interrupted")
        return 130
    finally:
        if args.dir is None:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
