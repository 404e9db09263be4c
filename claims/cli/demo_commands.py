"""``claims demo``: the seed article and its claims, loaded and shown."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.rule import Rule

from claims.browse.details import claim_detail
from claims.cli.app import app, state
from claims.cli.claim_display import print_detail, print_rows
from claims.cli.output import console, note
from claims.cli.tui_commands import run_tui
from claims.ingest.demo import load_seed
from db.queries import ClaimFilter, claim_rows, list_claims


@app.command()
def demo(
    ctx: typer.Context,
    no_tui: Annotated[
        bool, typer.Option("--no-tui", help="Print the claims instead of opening the UI.")
    ] = False,
) -> None:
    """Load the seed article and its claims (once), then open them in the terminal UI (or
    print them, with --no-tui or when the output is not a terminal).

    Example: claims demo
    """
    st = state(ctx)
    with st.session(write=True) as session:
        summary = load_seed(session)
    if not no_tui and sys.stdout.isatty() and sys.stdin.isatty():
        run_tui(ctx)
        return
    where = st.database().display_url()
    if summary.added.get("claims"):
        console.print(
            f"Loaded the seed article and its {summary.added['claims']} claims into your "
            f"archive: {where}",
            soft_wrap=True,
        )
    else:
        console.print(f"The seed is already in your archive: {where}", soft_wrap=True)
    note(
        "claims demo writes to the archive claims uses; to try it on a scratch one, run "
        "`claims --db scratch.db demo` (or set CLAIMS_HOME to an empty folder)"
    )
    with st.session() as session:
        rows = claim_rows(session, list_claims(session, ClaimFilter(), limit=50))
        disputed = list_claims(
            session, ClaimFilter(status="disputed", relation="contradicts"), limit=1
        )
        detail = claim_detail(session, disputed[0].id) if disputed and disputed[0].id else None
    console.print(Rule("Claims in the seed article"))
    print_rows(rows)
    if detail is not None:
        console.print(Rule("A disputed claim and its rival accounts"))
        print_detail(detail)
    console.print(
        "\nTry: [bold]claims show 6[/], [bold]claims speakers kimit[/], "
        "[bold]claims list --tag cemetery-clash[/]"
    )
