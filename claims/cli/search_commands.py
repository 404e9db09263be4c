"""The ``claims search`` command: words, speaker and filters, ranked, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claims.archive.display import STATUS_STYLES, visible
from claims.archive.store import parse_date
from claims.cli.app import app, state
from claims.cli.claim_display import row_json
from claims.cli.options import JsonOption
from claims.cli.output import console, note, print_json
from claims.review.edits import normalise_tag, parse_status
from claims.review.events import get_event
from claims.review.links import parse_relation
from claims.search.claims import (
    PAGE_LIMIT,
    ClaimHit,
    ClaimQuery,
    Highlighted,
    SearchPage,
    search_claims,
)
from claims.speakers.registry import SpeakerMatch


def highlighted_text(shown: Highlighted, style: str = "bold yellow") -> Text:
    """A snippet as rich ``Text`` with its matches styled."""
    text = Text()
    for piece, matched in shown.parts():
        text.append(piece, style=style if matched else "")
    return text


def match_json(match: SpeakerMatch) -> dict[str, Any]:
    """A speaker match as JSON."""
    return {
        "id": match.speaker.id,
        "name": match.speaker.name,
        "alias": match.alias,
        "score": match.score,
        "method": match.method,
    }


def hit_json(hit: ClaimHit) -> dict[str, Any]:
    """A search hit as JSON: the claim row, its relevance, snippet and speaker match."""
    return {
        **row_json(hit.row),
        "relevance": hit.relevance,
        "snippet": {"text": hit.snippet.text, "highlights": [list(s) for s in hit.snippet.spans]},
        "speaker_match": None if hit.speaker_match is None else match_json(hit.speaker_match),
    }


def page_json(page: SearchPage) -> dict[str, Any]:
    """A page of search results as JSON."""
    return {
        "total": page.total,
        "total_exact": page.total_exact,
        "offset": page.offset,
        "limit": page.limit,
        "speakers": [match_json(m) for m in page.speakers],
        "hits": [hit_json(h) for h in page.hits],
    }


def print_page(page: SearchPage, query: ClaimQuery) -> None:
    """The hits as a table, with what was matched and how many there are in all."""
    if query.speaker and not page.speakers:
        note(f"no speaker matches {visible(query.speaker)!r}")
    elif query.speaker:
        names = ", ".join(
            f"{visible(m.speaker.name)} ({m.score:.0f} on {visible(m.alias)!r})"
            for m in page.speakers[:5]
        )
        note(f"speaker {visible(query.speaker)!r} matched: {names}")
    if not page.hits:
        note("no claims match" if page.offset == 0 else "no more claims")
        return
    wide = console.width >= 120
    table = Table(header_style="bold", pad_edge=False, box=None, expand=True)
    table.add_column("ID", justify="right", style="cyan", no_wrap=True)
    table.add_column("Speaker", no_wrap=True, overflow="ellipsis", max_width=22)
    table.add_column("Claim", ratio=1)
    if wide:
        table.add_column("Outlet", no_wrap=True, overflow="ellipsis", max_width=18)
        table.add_column("Date", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for hit in page.hits:
        claim, row = hit.claim, hit.row
        cells: list[str | Text] = [
            str(claim.id),
            Text(visible(row.speaker or claim.speaker_mention or "—")),
            highlighted_text(hit.snippet),
        ]
        if wide:
            cells += [
                Text(visible(row.outlet or "")),
                row.published.isoformat() if row.published else "",
            ]
        cells.append(Text(claim.status, style=STATUS_STYLES.get(claim.status, "")))
        table.add_row(*cells)
    console.print(table)
    first, last = page.offset + 1, page.offset + len(page.hits)
    more = "; use --offset for the next page" if last < page.total else ""
    noun = "claim" if page.total == 1 and page.total_exact else "claims"
    note(f"showing {first}–{last} of {page.total_text} {noun}{more}")


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        str | None,
        typer.Argument(
            metavar="QUERY",
            help='Words to find in the claim: "a phrase", prefix*, OR, -excluded.',
        ),
    ] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Speaker name or alias (fuzzy).")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only claims with this tag.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Review status.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Source outlet.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="Event name or id.")] = None,
    source: Annotated[int | None, typer.Option("--source", help="Source id.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Published on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Published on or before YYYY-MM-DD.")
    ] = None,
    relation: Annotated[
        str | None, typer.Option("--relation", help="Only claims with a link of this kind.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=PAGE_LIMIT, help="At most this many.")
    ] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Search claims by their words, their speaker and any filter, best matches first.

    Example: claims search "ceasefire" --speaker kimit --since 2004-05-01
    """
    with state(ctx).session() as session:
        query = ClaimQuery(
            text=words,
            speaker=speaker,
            tag=normalise_tag(tag) if tag else None,
            status=parse_status(status).value if status else None,
            outlet=outlet,
            event_id=get_event(session, event).id if event else None,
            source_id=source,
            since=parse_date(since, "--since") if since else None,
            until=parse_date(until, "--until") if until else None,
            relation=parse_relation(relation).value if relation else None,
        )
        page = search_claims(session, query, limit=limit, offset=offset)
    if as_json:
        print_json(page_json(page))
    else:
        print_page(page, query)
