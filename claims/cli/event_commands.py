"""Commands on events: the incidents rival accounts describe."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from claims.archive.display import visible
from claims.archive.store import parse_date
from claims.cli.app import app, state
from claims.cli.options import JsonOption
from claims.cli.output import console, print_json, safe
from claims.review.events import add_event, list_events
from db.models import EventCreate

event_app = typer.Typer(help="Create events.", no_args_is_help=True)
app.add_typer(event_app, name="event")


@app.command()
def events(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List events with how many claims describe each.

    Example: claims events --json
    """
    with state(ctx).session() as session:
        rows = list_events(session)
    if as_json:
        print_json([{**e.model_dump(mode="json"), "claims": n} for e, n in rows])
        return
    table = Table(header_style="bold", pad_edge=False)
    for name in ("ID", "Event", "Date", "Place", "Claims"):
        table.add_column(name)
    for event, count in rows:
        table.add_row(
            str(event.id),
            Text(visible(event.name), style="bold"),
            event.date.isoformat() if event.date else "",
            Text(visible(event.place or "")),
            str(count),
        )
    console.print(table)


@event_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the event.")],
    date: Annotated[str | None, typer.Option("--date", help="When: YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where.")] = None,
    description: Annotated[str | None, typer.Option("--description", help="What happened.")] = None,
) -> None:
    """Create an event that claims can be attached to.

    Example: claims event add "Najaf cemetery clash" --date 2004-05-30 --place Najaf
    """
    event_in = EventCreate(
        name=name,
        date=parse_date(date, "--date") if date else None,
        place=place,
        description=description,
    )
    with state(ctx).session(write=True) as session:
        event = add_event(session, event_in)
    console.print(f"added event [cyan]{event.id}[/]: {safe(event.name)}")
