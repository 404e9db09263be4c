"""Commands on the speaker registry."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claims.cli.app import DefaultCommandGroup, app, state
from claims.cli.claim_commands import JsonOption
from claims.cli.output import console, print_json
from claims.display import visible
from claims.speakers import aliases_of, claim_counts, find_speakers, list_speakers
from db.models import Speaker

speakers_app = typer.Typer(
    cls=DefaultCommandGroup,
    help="List and search speakers; `claims speakers QUERY` searches by name.",
    no_args_is_help=False,
)
app.add_typer(speakers_app, name="speakers")


@speakers_app.command("list")
def list_(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Argument(help="Name to look for (fuzzy, alias-aware).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List speakers with their aliases and claim counts, or those matching QUERY.

    Example: claims speakers "Gen. Kimmitt"
    """
    with state(ctx).session() as session:
        found: list[tuple[Speaker, str | None, float | None]]
        if query:
            matches = find_speakers(session, query, limit=limit)
            found = [(m.speaker, m.alias, m.score) for m in matches]
        else:
            found = [(s, None, None) for s in list_speakers(session, limit=limit)]
        ids = [s.id for s, _, _ in found if s.id is not None]
        counts = claim_counts(session, ids)
        aliases = {sid: aliases_of(session, sid) for sid in ids}
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "description": s.description,
            "affiliation": s.affiliation,
            "aliases": [{"alias": a.alias, "weak": a.weak} for a in aliases[s.id or 0]],
            "claims": counts.get(s.id or 0, 0),
            **({"matched_alias": alias, "score": score} if query else {}),
        }
        for s, alias, score in found
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", style="cyan")
    table.add_column("Speaker")
    table.add_column("Kind")
    table.add_column("Aliases", ratio=1)
    table.add_column("Claims", justify="right")
    if query:
        table.add_column("Match")
    for row in rows:
        alias_text = Text()
        for i, a in enumerate(row["aliases"]):
            alias_text.append("; " if i else "")
            alias_text.append(visible(a["alias"]), style="dim" if a["weak"] else "")
        cells = [
            str(row["id"]),
            Text(visible(row["name"]), style="bold"),
            row["kind"],
            alias_text,
            str(row["claims"]),
        ]
        if query:
            cells.append(Text(f"{row['score']:.0f} {visible(row['matched_alias'])}"))
        table.add_row(*cells)
    console.print(table)
