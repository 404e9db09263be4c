"""Commands that put claims in and read them: add, list, show.

Reviewing, linking, tagging and correcting claims, and their history, are in
``claims.cli.claim_review_commands``; how a claim is printed is in ``claims.cli.claim_display``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claims.archive.store import add_claim, parse_quote_type
from claims.browse.details import claim_detail
from claims.cli.app import app, state
from claims.cli.claim_display import detail_json, print_detail, print_rows, row_json
from claims.cli.options import ClaimIdArgument, JsonOption
from claims.cli.output import print_json, print_result, safe
from claims.review.edits import normalise_tag, parse_status
from claims.review.events import get_event
from claims.speakers.registry import speakers_named
from db.models import ClaimCreate, QuoteType
from db.queries import ClaimFilter, claim_rows, count_claims, list_claims


@app.command()
def add(
    ctx: typer.Context,
    content: Annotated[str, typer.Option("--content", help="What was claimed.")],
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Who claimed it, as named in the source.")
    ] = None,
    source: Annotated[int | None, typer.Option("--source", help="Id of the source.")] = None,
    cue: Annotated[
        str | None, typer.Option("--cue", help="Reporting verb: said, claimed...")
    ] = None,
    quote_type: Annotated[
        str, typer.Option("--type", help="direct, indirect or mixed.")
    ] = QuoteType.INDIRECT.value,
    via: Annotated[
        str | None, typer.Option("--via", help="Outlet it came through: 'Al Jazeera'.")
    ] = None,
    event: Annotated[str | None, typer.Option("--event", help="Event name or id.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a claim by hand.

    Example: claims add --speaker "Mark Kimmitt" --cue claimed --content "the militiamen had
    not heard of the ceasefire" --source 1 --event "Najaf cemetery clash"
    """
    st = state(ctx)
    qtype = parse_quote_type(quote_type)
    with st.session(write=True) as session:
        event_id = get_event(session, event).id if event else None
        claim = add_claim(
            session,
            ClaimCreate(
                content=content,
                source_id=source,
                cue=cue,
                quote_type=qtype.value,
                via=via,
                event_id=event_id,
            ),
            user=st.user_name,
            speaker_name=speaker,
        )
        row = claim_rows(session, [claim])[0]
    print_result(
        row_json(row),
        f"added claim [cyan]{claim.id}[/] by {safe(row.speaker or 'nobody')}",
        as_json=as_json,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Speaker name or alias (fuzzy).")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only claims with this tag.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Review status.")] = None,
    source: Annotated[int | None, typer.Option("--source", help="Source id.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="Event name or id.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List claims, filtered.

    Example: claims list --speaker kimmitt --status unreviewed
    """
    st = state(ctx)
    with st.session() as session:
        where = ClaimFilter(
            speaker_ids=speakers_named(session, speaker) if speaker else None,
            tag=normalise_tag(tag) if tag else None,
            status=parse_status(status).value if status else None,
            source_id=source,
            event_id=get_event(session, event).id if event else None,
        )
        claims = list_claims(session, where, limit=limit)
        rows = claim_rows(session, claims)
        total = count_claims(session, where) if len(claims) == limit else len(claims)
    if as_json:
        print_json([row_json(r) for r in rows])
    else:
        print_rows(rows, total)


@app.command()
def show(
    ctx: typer.Context,
    claim_id: ClaimIdArgument,
    as_json: JsonOption = False,
) -> None:
    """Show one claim: attribution, source context, links, tags and history.

    Example: claims show 5
    """
    with state(ctx).session() as session:
        detail = claim_detail(session, claim_id)
    if as_json:
        print_json(detail_json(detail))
    else:
        print_detail(detail)
