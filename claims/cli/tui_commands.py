"""``claims tui``: the terminal UI for reviewing, on the database the global options name."""

from __future__ import annotations

import sys

import typer

from claims.cli.app import app, state
from claims.cli.output import error


def run_tui(ctx: typer.Context) -> None:
    """Open the terminal UI on this command's database, as this command's user."""
    # Imported here: the rest of the command line never loads Textual.
    from claims.browse.workbench import Workbench
    from tui.app import make_app

    st = state(ctx)
    make_app(Workbench(st.database(), st.user_name)).run()


@app.command()
def tui(ctx: typer.Context) -> None:
    """Review claims in the terminal: filter the list, read a claim, set its status, tag,
    note and link it. Press ? inside for every key.

    Example: claims --db team.db --user alice tui
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        error("claims tui needs a terminal; use claims list or claims search in scripts")
        raise typer.Exit(2)
    run_tui(ctx)
