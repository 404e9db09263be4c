"""Options and arguments that several commands take, declared once so they read alike."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ClaimIdArgument = Annotated[int, typer.Argument(metavar="ID", help="Claim id.")]
OtherIdArgument = Annotated[int, typer.Argument(metavar="OTHER", help="The other claim's id.")]
IfVersionOption = Annotated[
    int | None,
    typer.Option("--if-version", help="Refuse if the claim is no longer at this version."),
]
