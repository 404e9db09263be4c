"""The ``claims`` Typer application, its global options and the state commands share."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated

import typer
from sqlmodel import Session
from typer.core import TyperGroup

from claims import __version__
from claims.archive.identity import current_user
from db.engine import Database, open_database


@dataclass
class State:
    """Options given before the command, and the database they name (opened on first use)."""

    db: str | None = None
    user: str | None = None
    _database: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        """The open database, migrated to the current schema."""
        if self._database is None:
            self._database = open_database(self.db)
        return self._database

    @property
    def user_name(self) -> str:
        """Who the audit trail records for changes made by this command."""
        return current_user(self.user)

    @contextlib.contextmanager
    def session(self, *, write: bool = False, snapshot: bool = False) -> Iterator[Session]:
        """A transaction on the database: committed at the end of the block."""
        with self.database().session(write=write, snapshot=snapshot) as session:
            yield session


def state(ctx: typer.Context) -> State:
    """The ``State`` of the running command."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


class DefaultCommandGroup(TyperGroup):
    """A group that runs its ``list`` command when the first word is not one of its commands,
    so ``claims speakers kimmitt`` lists while ``claims speakers merge 1 2`` merges."""

    default_command = "list"

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="claims",
    help="Track what was claimed, by whom, and where.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database path or URL (sqlite:///..., postgresql+psycopg://...). "
            "Default: $CLAIMS_DB, else claims.db in the user data directory.",
            show_default=False,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user", help="Name recorded in the audit trail. Default: $CLAIMS_USER, else you."
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track what was claimed, by whom, and where.

    Example: claims --db team.db list --status disputed
    """
    ctx.obj = State(db=db, user=user)
