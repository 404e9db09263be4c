"""``claims report``: comparison reports of rival accounts, in Markdown, HTML or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claims.cli.app import app, state
from claims.cli.output import note, progress_bar
from claims.exports.atomic import write_atomically
from claims.reports import FORMATS, RENDERERS, ReportScope, ScopeKind, build_report
from db.errors import InvalidValueError

_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def report_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    if fmt is None:
        return _SUFFIXES.get(output.suffix.lower(), "md") if output else "md"
    chosen = fmt.strip().lower()
    if chosen not in FORMATS:
        raise InvalidValueError(f"unknown report format {fmt!r} (valid: {', '.join(FORMATS)})")
    return chosen


def report_scope(
    event: str | None, claim: int | None, tag: str | None, speaker: str | None, everything: bool
) -> ReportScope:
    """The one scope the options name."""
    given = [
        (ScopeKind.EVENT, event),
        (ScopeKind.CLAIM, None if claim is None else str(claim)),
        (ScopeKind.TAG, tag),
        (ScopeKind.SPEAKER, speaker),
        (ScopeKind.ALL, "" if everything else None),
    ]
    chosen = [(kind, value) for kind, value in given if value is not None]
    if len(chosen) != 1:
        raise InvalidValueError(
            "a report covers one of --event NAME, --claim ID, --tag T, --speaker NAME or --all"
        )
    kind, value = chosen[0]
    return ReportScope(kind, value or None)


@app.command()
def report(
    ctx: typer.Context,
    event: Annotated[str | None, typer.Option("--event", help="Event name or id.")] = None,
    claim: Annotated[
        int | None, typer.Option("--claim", help="A claim and the accounts linked to it.")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Claims with this tag.")] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Claims of this speaker (fuzzy).")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every claim.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html or json. Default: from the output file's suffix, else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
) -> None:
    """Write a comparison report: rival accounts side by side, grouped by event and relation.

    Example: claims report --event "Clash at the Najaf cemetery" --format html -o najaf.html
    """
    scope = report_scope(event, claim, tag, speaker, everything)
    chosen = report_format(fmt, output)
    st = state(ctx)
    with st.session(snapshot=True) as session, progress_bar("gathering claims", None) as advance:
        built = build_report(session, scope, user=st.user_name, progress=advance)
    text = RENDERERS[chosen](built)
    if output is None:
        sys.stdout.write(text)
        return
    with write_atomically(output) as out:
        out.write(text)
    note(f"wrote a {chosen} report of {built.summary.claims} claims to {output}")
