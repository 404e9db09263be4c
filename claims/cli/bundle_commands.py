"""Export (the lossless JSON bundle and the formats of the field) and import of the bundle."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claims.cli.app import app, state
from claims.cli.output import console, note, progress_bar
from claims.exports import FORMATS, ExportOptions, write_export
from claims.exports.atomic import write_atomically
from claims.exports.bundle import import_bundle, read_bundle, write_bundle
from db.errors import InvalidValueError
from db.queries import count_claims


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (the lossless bundle), csv, claimreview (schema.org), annotations "
            "(W3C Web Annotation) or aif (Argument Interchange Format).",
        ),
    ] = "json",
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="claimreview: where the fact checks are published; each review's url is "
            "this plus #claim-ID, or this with {id} replaced.",
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", help="claimreview: the fact-checking organisation."),
    ] = None,
    spreadsheet_safe: Annotated[
        bool,
        typer.Option(
            "--spreadsheet-safe",
            help="csv: prefix cells that start like a formula (=, +, -, @) with an apostrophe.",
        ),
    ] = False,
) -> None:
    """Export everything: the JSON bundle (sources, speakers, claims, links, events, tags,
    audit), or CSV, ClaimReview, Web Annotations or AIF.

    Example: claims export -o archive.json; claims export --format csv -o claims.csv
    """
    chosen = fmt.strip().lower()
    if chosen not in FORMATS:
        raise InvalidValueError(f"unknown export format {fmt!r} (valid: {', '.join(FORMATS)})")
    options = ExportOptions(
        base_url=base_url, publisher=publisher, spreadsheet_safe=spreadsheet_safe
    )
    with state(ctx).session(snapshot=True) as session:
        if output is None:
            write_export(session, chosen, sys.stdout, options)
            return
        if chosen == "json":
            with write_atomically(output) as out:
                counts = write_bundle(session, out)
            note(f"exported {counts['claims']} claims, {counts['sources']} sources to {output}")
            return
        total = count_claims(session)
        with (
            progress_bar(f"exporting {chosen}", total) as advance,
            write_atomically(output) as out,
        ):
            count = write_export(session, chosen, out, options, progress=advance)
    note(f"exported {count} of {total} claims as {chosen} to {output}")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A bundle written by `claims export`.")],
) -> None:
    """Import a bundle; what is already in the database is not duplicated.

    Example: claims import archive.json
    """
    bundle = read_bundle(file)
    st = state(ctx)
    with st.session(write=True) as session:
        summary = import_bundle(session, bundle, str(file))
    added = ", ".join(f"{n} {k}" for k, n in summary.added.items()) or "nothing new"
    console.print(f"imported {file}: {added}")
    if summary.existing:
        note("already present: " + ", ".join(f"{n} {k}" for k, n in summary.existing.items()))
