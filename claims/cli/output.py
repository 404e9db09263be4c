"""How the command line prints: rich tables for people, JSON for programs, one-line errors."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from claims.archive.display import visible

console = Console(highlight=False, soft_wrap=False)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    """Write ``data`` to standard output as indented JSON."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")
    sys.stdout.flush()


def print_result(data: Any, message: str, *, as_json: bool) -> None:
    """Say what a command did: ``data`` as JSON for programs, else ``message`` (rich markup)."""
    if as_json:
        print_json(data)
    else:
        console.print(message)


def plain_table(*columns: str) -> Table:
    """A table with a bold header and these columns, for rows of records."""
    table = Table(header_style="bold", pad_edge=False)
    for name in columns:
        table.add_column(name)
    return table


def error(message: str) -> None:
    """Print one error line on standard error."""
    errors.print(Text.assemble(("error: ", "bold red"), message))


def note(message: str) -> None:
    """Print a line of information on standard error (so standard output stays data)."""
    errors.print(Text(message, style="dim"))


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with ``noun``, plural unless it is one: "1 claim", "3 claims"."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {plural or noun + 's'}"


def safe(text: str | None) -> str:
    """Archive text ready for rich markup: control characters made visible, brackets escaped."""
    return escape(visible(text))


def _progress() -> Progress:
    """The bar every long command draws: on a terminal only, gone when done."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )


@contextlib.contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error for long work; yields the function that advances it.

    It draws only on a terminal and vanishes when done, so piped output stays clean.
    """
    with _progress() as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


@contextlib.contextmanager
def progress_steps(description: str) -> Iterator[Callable[[int, int], None]]:
    """Like :func:`progress_bar` for work that reports (done, total) steps as it goes."""
    with _progress() as progress:
        task = progress.add_task(description, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)
