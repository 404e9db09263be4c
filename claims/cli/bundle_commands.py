"""Export and import of the lossless JSON bundle."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from claims.bundle import import_bundle, read_bundle, write_bundle
from claims.cli.app import app, state
from claims.cli.output import console, note
from db.errors import ClaimsError


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")
    ] = None,
) -> None:
    """Export everything (sources, speakers, claims, links, events, tags, audit) as JSON.

    Example: claims export -o archive.json
    """
    with state(ctx).session(snapshot=True) as session:
        if output is None:
            write_bundle(session, sys.stdout)
            return
        # Write beside the target and rename, so a failed export never leaves half a file.
        directory = output.resolve().parent
        try:
            fd, tmp = tempfile.mkstemp(prefix=".claims-export-", dir=directory)
        except OSError as exc:
            raise ClaimsError(f"cannot write to {directory}: {exc.strerror}") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                counts = write_bundle(session, out)
            os.replace(tmp, output)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    note(f"exported {counts['claims']} claims, {counts['sources']} sources to {output}")


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
