"""``claims undo``: take back your last change."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.text import Text

from claims.cli.app import app, state
from claims.cli.output import console, print_json
from claims.review.undo import undo_last


@app.command()
def undo(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a sentence.")
    ] = False,
) -> None:
    """Undo your last change to a claim (status, note, tags, link, event, speaker) or a
    speaker merge; run it again to step further back.

    The undo is itself recorded in each claim's history. It is refused if someone else has
    changed those claims since.

    Example: claims --user ana undo
    """
    st = state(ctx)
    with st.session(write=True) as session:
        result = undo_last(session, user=st.user_name)
    if as_json:
        print_json(dataclasses.asdict(result))
    else:
        console.print(Text(f"undone: {result.description}"))
