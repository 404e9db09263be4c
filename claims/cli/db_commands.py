"""Commands on the database itself: where it is, its schema, and upgrading it."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from claims.cli.app import app, state
from claims.cli.options import JsonOption
from claims.cli.output import console, print_json, progress_bar
from claims.exports.transfer import copy_database, row_counts
from db import migrations
from db.engine import open_database
from db.queries import table_counts

db_app = typer.Typer(help="Inspect and upgrade the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command()
def info(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show where the database is, its schema version and how much it holds.

    Example: claims db info
    """
    st = state(ctx)
    database = open_database(st.db, upgrade=False)
    try:
        revision = migrations.check_not_newer(database.engine)
        counts = {}
        if revision == migrations.HEAD:
            with database.session() as session:
                counts = table_counts(session)
    finally:
        database.dispose()
    data: dict[str, Any] = {
        "url": database.display_url(),
        "backend": database.backend,
        "path": str(database.path) if database.path else None,
        "schema": revision,
        "schema_head": migrations.HEAD,
        "counts": counts,
    }
    if as_json:
        print_json(data)
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Database", data["url"])
    grid.add_row("Backend", database.backend)
    state_text = (
        "current"
        if revision == migrations.HEAD
        else ("empty" if revision is None else "needs `claims db upgrade`")
    )
    grid.add_row("Schema", f"{revision or '-'} ({state_text})")
    for name, n in counts.items():
        grid.add_row(name.capitalize(), f"{n:,}")
    console.print(grid)


@db_app.command()
def upgrade(ctx: typer.Context) -> None:
    """Bring the database's schema up to date (opening it does this too).

    Example: claims --db team.db db upgrade
    """
    st = state(ctx)
    database = open_database(st.db, upgrade=False)
    try:
        before = migrations.check_not_newer(database.engine)
        if before != migrations.HEAD:
            migrations.upgrade(database.engine)
    finally:
        database.dispose()
    console.print(
        f"schema already at {before}"
        if before == migrations.HEAD
        else f"schema upgraded from {before or 'empty'} to {migrations.HEAD}"
    )


@db_app.command()
def copy(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="The empty database to copy into (path or URL).")],
    verify: Annotated[
        bool, typer.Option("--verify/--no-verify", help="Compare the two exports afterwards.")
    ] = True,
    as_json: JsonOption = False,
) -> None:
    """Copy the whole archive into another, empty database (SQLite to PostgreSQL and back).

    Example: claims db copy --to postgresql+psycopg://claims@db.example/claims
    """
    st = state(ctx)
    source = st.database()
    target = open_database(to)
    try:
        totals = row_counts(source)
        with progress_bar("copying", sum(totals.values())) as advance:
            report = copy_database(
                source,
                target,
                verify=verify,
                progress=lambda _table, n: advance(n),
            )
    finally:
        target.dispose()
    if as_json:
        print_json(
            {
                "to": target.display_url(),
                "counts": report.counts,
                "verified": report.verified,
                "digest": report.target_digest,
            }
        )
        return
    console.print(
        f"copied {report.counts.get('claim', 0):,} claims and "
        f"{sum(report.counts.values()):,} rows in all to {target.display_url()}"
    )
    if report.verified:
        console.print(f"verified: counts and exports agree (sha256 {report.target_digest})")
