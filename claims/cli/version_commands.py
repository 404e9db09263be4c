"""Commands on source versions: what an edited article changed, and the claims it left behind."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from claims.archive.display import snippet, visible
from claims.cli.app import app, state
from claims.cli.options import JsonOption
from claims.cli.output import console, counted, note, print_json
from claims.versions.diff import diff_versions
from claims.versions.orphans import orphans
from claims.versions.store import versions_of

_FATE_STYLES = {"orphaned": "bold red", "changed": "yellow", "moved": "cyan", "kept": "dim"}


@app.command("orphans")
def orphans_(
    ctx: typer.Context,
    source: Annotated[
        int | None, typer.Option("--source", help="Only the orphans of this source.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List orphans: claims whose words a new version of their source no longer has, with
    the closest text that version does have.

    An orphan keeps its review, tags and links, on the old version. Place it on the new
    one with ``claims correct ID --content-text "..."``, or reject it.

    Example: claims orphans --source 3
    """
    with state(ctx).session() as session:
        found = orphans(session, source_id=source)
    if as_json:
        print_json([asdict(o) for o in found])
        return
    if not found:
        note("no orphans: every claim is anchored to the latest version of its source")
        return
    table = Table(header_style="bold", pad_edge=False)
    for name in ("ID", "Source", "On", "Claim", "Closest in the latest version", "Score"):
        table.add_column(name, no_wrap=name in ("ID", "On", "Score"))
    for o in found:
        table.add_row(
            str(o.claim_id),
            Text(f"#{o.source_id} {visible(o.source_title or '')}".strip()),
            f"v{o.anchor_version} of {o.current_version}",
            Text(snippet(o.content, 60)),
            Text(snippet(o.candidate, 60)) if o.candidate else Text("nothing close", style="dim"),
            f"{o.score:.0f}",
        )
    console.print(table)
    note(counted(len(found), "orphan"))


@app.command()
def versions(
    ctx: typer.Context,
    source: Annotated[int, typer.Argument(metavar="SOURCE", help="Source id.")],
    as_json: JsonOption = False,
) -> None:
    """List the versions of a source, oldest first.

    Example: claims versions 3
    """
    with state(ctx).session() as session:
        listed = versions_of(session, source)
    if as_json:
        print_json([asdict(v) for v in listed])
        return
    table = Table(header_style="bold", pad_edge=False)
    for name in ("Version", "Stored", "Characters", "Title", "sha256"):
        table.add_column(name)
    for v in listed:
        table.add_row(
            f"{v.number}{' (latest)' if v.current else ''}",
            f"{v.ingested_at:%Y-%m-%d %H:%M}",
            f"{v.characters:,}",
            Text(visible(v.title or "")),
            v.sha256[:12],
        )
    console.print(table)


@app.command()
def diff(
    ctx: typer.Context,
    source: Annotated[int, typer.Argument(metavar="SOURCE", help="Source id.")],
    old: Annotated[
        int | None,
        typer.Argument(metavar="V1", help="The older version (default: the one before V2)."),
    ] = None,
    new: Annotated[
        int | None, typer.Argument(metavar="V2", help="The newer version (default: the latest).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show what changed between two versions of a source, and which claims moved, changed
    or were orphaned.

    Example: claims diff 3 1 2
    """
    with state(ctx).session() as session:
        result = diff_versions(session, source, old, new)
    if as_json:
        print_json(
            {
                "source_id": result.source_id,
                "old": result.old,
                "new": result.new,
                "diff": result.lines,
                "claims": [asdict(c) for c in result.claims],
            }
        )
        return
    console.print(Text(f"Source #{source}: version {result.old} → {result.new}", style="bold"))
    for line in result.lines:
        style = (
            "bold"
            if line.startswith(("---", "+++"))
            else "green"
            if line.startswith("+")
            else "red"
            if line.startswith("-")
            else "cyan"
            if line.startswith("@@")
            else ""
        )
        console.print(Text(visible(line), style=style), soft_wrap=True)
    if not result.lines:
        note("the texts differ only in whitespace")
    if not result.claims:
        note("no claims were carried between these versions")
        return
    table = Table(header_style="bold", pad_edge=False, title="Claims", title_justify="left")
    for name in ("ID", "What", "How", "Before", "After"):
        table.add_column(name)
    for c in result.claims:
        after = (
            c.new_text if c.what != "orphaned" else (f"closest: {c.new_text}" if c.new_text else "")
        )
        table.add_row(
            str(c.claim_id),
            Text(c.what, style=_FATE_STYLES.get(c.what, "")),
            f"{c.method} {c.score:.0f}",
            Text(snippet(c.old_text or "", 50)),
            Text(snippet(after, 50)),
        )
    console.print(table)
