"""Commands on the speaker registry."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text
from sqlmodel import Session

from claims.archive.display import visible
from claims.cli.app import DefaultCommandGroup, app, state
from claims.cli.options import JsonOption
from claims.cli.output import console, counted, note, print_json, safe
from claims.speakers.merge import merge_speakers, unmerge_speaker
from claims.speakers.registry import (
    aliases_of,
    claim_counts,
    find_speakers,
    get_speaker,
    list_speakers,
    rename_speaker,
    set_alias,
)
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
    if query and not rows:
        note(f"no speaker matches {visible(query)!r}")
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


def speaker_json(session: Session, speaker: Speaker) -> dict[str, Any]:
    """A speaker with its aliases and claim count, as JSON."""
    assert speaker.id is not None
    return {
        "id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "merged_into_id": speaker.merged_into_id,
        "aliases": [{"alias": a.alias, "weak": a.weak} for a in aliases_of(session, speaker.id)],
        "claims": claim_counts(session, [speaker.id]).get(speaker.id, 0),
    }


SpeakerId = Annotated[int, typer.Argument(metavar="ID", help="Speaker id.")]


@speakers_app.command()
def merge(
    ctx: typer.Context,
    keep: Annotated[int, typer.Argument(metavar="KEEP", help="Id of the speaker to keep.")],
    other: Annotated[
        int, typer.Argument(metavar="OTHER", help="Id of the speaker merged into KEEP.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Merge OTHER into KEEP: its claims and aliases move to KEEP (undo with unmerge).

    Example: claims speakers merge 3 17
    """
    st = state(ctx)
    with st.session(write=True) as session:
        record = merge_speakers(session, keep, other, user=st.user_name)
        kept = speaker_json(session, get_speaker(session, keep))
    if as_json:
        print_json({"audit_id": record.audit_id, **record.audit_value(), "speaker": kept})
        return
    console.print(
        f"merged speaker [cyan]{other}[/] into [cyan]{keep}[/] ({safe(kept['name'])}): "
        f"{counted(len(record.claims), 'claim')} and "
        f"{counted(len(record.aliases_moved), 'alias', 'aliases')} moved "
        f"(audit {record.audit_id}; undo with `claims speakers unmerge {other}`)"
    )


@speakers_app.command()
def unmerge(
    ctx: typer.Context,
    other: Annotated[int, typer.Argument(metavar="OTHER", help="Id of the merged speaker.")],
    as_json: JsonOption = False,
) -> None:
    """Undo the merge of OTHER, from its audit record: its claims and aliases go back.

    Example: claims speakers unmerge 17
    """
    st = state(ctx)
    with st.session(write=True) as session:
        result = unmerge_speaker(session, other, user=st.user_name)
        restored = speaker_json(session, get_speaker(session, other))
    if as_json:
        print_json(
            {
                "merge_audit_id": result.merge.audit_id,
                "claims_restored": result.claims_restored,
                "claims_left": result.claims_left,
                "aliases_restored": result.aliases_restored,
                "speaker": restored,
            }
        )
        return
    left = (
        f"; {counted(result.claims_left, 'claim')} reattributed since left where they are"
        if result.claims_left
        else ""
    )
    console.print(
        f"unmerged speaker [cyan]{other}[/] ({safe(restored['name'])}) from "
        f"[cyan]{result.merge.keep_id}[/]: {counted(result.claims_restored, 'claim')} and "
        f"{counted(result.aliases_restored, 'alias', 'aliases')} restored{left}"
    )


@speakers_app.command()
def alias(
    ctx: typer.Context,
    speaker_id: SpeakerId,
    name: Annotated[str, typer.Argument(metavar="ALIAS", help="Another way the name is written.")],
    weak: Annotated[
        bool | None,
        typer.Option(
            "--weak/--strong",
            help="Never match on it (a role, not a name); --strong to match on it again. "
            "Default for a new alias: decided from its words.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Give a speaker another alias (or mark one it has --weak, or --strong again).

    Example: claims speakers alias 3 "Brig. Gen. Kimmitt"
    """
    st = state(ctx)
    with st.session(write=True) as session:
        row = set_alias(session, speaker_id, name, user=st.user_name, weak=weak)
        data = speaker_json(session, get_speaker(session, speaker_id))
    if as_json:
        print_json(data)
        return
    console.print(
        f"speaker [cyan]{speaker_id}[/] ({safe(data['name'])}) has alias {safe(row.alias)!r}"
        + (" (weak: never matched)" if row.weak else "")
    )


@speakers_app.command()
def rename(
    ctx: typer.Context,
    speaker_id: SpeakerId,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new canonical name.")],
    as_json: JsonOption = False,
) -> None:
    """Rename a speaker; the old name stays as an alias.

    Example: claims speakers rename 3 "Mark T. Kimmitt"
    """
    st = state(ctx)
    with st.session(write=True) as session:
        speaker = rename_speaker(session, speaker_id, name, user=st.user_name)
        data = speaker_json(session, speaker)
    if as_json:
        print_json(data)
        return
    console.print(f"speaker [cyan]{speaker_id}[/] is now {safe(data['name'])}")
