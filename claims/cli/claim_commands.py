"""Commands on claims: add, list, show, link, unlink, tag, untag, review, correct, history."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claims.browse.details import ClaimDetail, claim_detail
from claims.browse.display import STATUS_STYLES, snippet, visible
from claims.cli.app import app, state
from claims.cli.output import console, note, print_json, safe
from claims.ingest.store import add_claim, get_source, parse_quote_type
from claims.review import audit
from claims.review.audit import describe_audit
from claims.review.corrections import (
    Span,
    SpanKind,
    correct_spans,
    find_quote,
    parse_offsets,
    span_record,
)
from claims.review.edits import (
    add_tags,
    get_claim,
    history,
    normalise_tag,
    parse_status,
    remove_tags,
    set_status,
)
from claims.review.events import get_event
from claims.review.links import link_claims, parse_relation, unlink_claims
from claims.speakers.registry import speakers_named
from db.errors import InvalidValueError
from db.models import AuditEntry, ClaimCreate, QuoteType, ReviewStatus
from db.queries import ClaimFilter, ClaimRow, claim_rows, count_claims, list_claims

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def row_json(row: ClaimRow) -> dict[str, Any]:
    """A claim list row as JSON."""
    claim = row.claim
    return {
        "id": claim.id,
        "speaker": row.speaker,
        "speaker_id": claim.speaker_id,
        "speaker_mention": claim.speaker_mention,
        "cue": claim.cue,
        "content": claim.content,
        "quote_type": claim.quote_type,
        "via": claim.via,
        "source_id": claim.source_id,
        "outlet": row.outlet,
        "published": row.published,
        "event_id": claim.event_id,
        "status": claim.status,
        "tags": list(row.tags),
        "links": row.links,
        "version": claim.version,
    }


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry as JSON, with its values decoded."""
    return {
        "id": entry.id,
        "at": entry.at,
        "user": entry.user,
        "action": entry.action,
        "field": entry.field,
        "old": audit.decode(entry.old_value),
        "new": audit.decode(entry.new_value),
        "claim_version": entry.claim_version,
        "change_id": entry.change_id,
        "undoes": entry.undoes,
    }


def detail_json(detail: ClaimDetail) -> dict[str, Any]:
    """Everything ``claims show`` prints, as JSON."""
    claim, speaker, source = detail.claim, detail.speaker, detail.source
    return {
        **claim.model_dump(mode="json"),
        "speaker": None
        if speaker is None
        else {
            **speaker.model_dump(mode="json"),
            "aliases": [{"alias": a.alias, "weak": a.weak} for a in detail.aliases],
        },
        "source": None if source is None else source.model_dump(mode="json", exclude={"text"}),
        "event": None if detail.event is None else detail.event.model_dump(mode="json"),
        "context": None
        if detail.context is None
        else {
            "text": detail.context.text,
            "start": detail.context.start,
            "end": detail.context.end,
        },
        "orphaned": detail.orphaned,
        "version_note": detail.version_note,
        "found_by": detail.found_by,
        "tags": detail.tags,
        "links": [
            {
                "id": view.link.id,
                "relation": view.link.relation,
                "direction": "to" if view.outgoing else "from",
                "other_id": view.other.id,
                "other_content": view.other.content,
                "note": view.link.note,
                "created_by": view.link.created_by,
            }
            for view in detail.links
        ],
        "history": [audit_json(e) for e in detail.history],
    }


def print_rows(rows: list[ClaimRow], total: int | None = None) -> None:
    """A table of claims."""
    # Columns by priority: the claim itself always, the rest as the terminal allows.
    width = console.width
    show_tags = width >= 100
    show_source = width >= 130
    claim_width = width
    table = Table(header_style="bold", pad_edge=False, box=None, expand=True)
    table.add_column("ID", justify="right", style="cyan", no_wrap=True)
    table.add_column("Speaker", no_wrap=True, overflow="ellipsis", max_width=20)
    table.add_column("Claim", no_wrap=True, overflow="ellipsis", ratio=1)
    if show_source:
        table.add_column("Outlet", no_wrap=True, overflow="ellipsis", max_width=20)
        table.add_column("Date", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    if show_tags:
        table.add_column("Tags", no_wrap=True, overflow="ellipsis", max_width=22)
        table.add_column("Links", justify="right", no_wrap=True)
    for row in rows:
        claim = row.claim
        cells: list[str | Text] = [
            str(claim.id),
            Text(visible(row.speaker or claim.speaker_mention or "—")),
            Text(snippet(claim.content, claim_width)),
        ]
        if show_source:
            cells += [
                Text(visible(row.outlet or "")),
                row.published.isoformat() if row.published else "",
            ]
        cells.append(Text(claim.status, style=STATUS_STYLES.get(claim.status, "")))
        if show_tags:
            cells += [Text(" ".join(row.tags)), str(row.links or "")]
        table.add_row(*cells)
    console.print(table)
    if total is not None and total > len(rows):
        note(f"showing {len(rows)} of {total} claims; use --limit to see more")


def print_detail(detail: ClaimDetail) -> None:
    """The full record of one claim."""
    claim = detail.claim
    status = Text(claim.status, style=STATUS_STYLES.get(claim.status, ""))
    console.print(
        Text.assemble(
            (f"Claim {claim.id}", "bold cyan"), "  ", status, (f"  v{claim.version}", "dim")
        )
    )
    who = Text()
    if detail.speaker is not None:
        who.append(visible(detail.speaker.name), style="bold")
        extra = [detail.speaker.kind]
        role = claim.speaker_role or detail.speaker.description
        if role:
            extra.append(visible(role))
        if detail.speaker.affiliation:
            extra.append(visible(detail.speaker.affiliation))
        who.append(f" ({', '.join(extra)})", style="dim")
    else:
        who.append("unattributed", style="dim")
    if claim.speaker_mention and (
        detail.speaker is None or claim.speaker_mention != detail.speaker.name
    ):
        who.append(f'  as "{visible(claim.speaker_mention)}"')
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("Speaker", who)
    cue = Text(visible(claim.cue or "—"))
    cue.append(f"  [{claim.quote_type}]", style="dim")
    if claim.via:
        cue.append("  via ")
        cue.append(visible(claim.via), style="italic")
    grid.add_row("Cue", cue)
    grid.add_row("Content", Text(visible(claim.content)))
    if detail.source is not None:
        src = detail.source
        text = Text()
        text.append(f"#{src.id} ", style="cyan")
        text.append(visible(src.title or src.origin or "untitled"), style="bold")
        meta = [visible(x) for x in (src.outlet, src.author) if x]
        if src.published:
            meta.append(src.published.isoformat())
        if meta:
            text.append(" — " + ", ".join(meta))
        if src.url:
            text.append(f"\n{visible(src.url)}", style="underline")
        if claim.span_start is not None:
            where = f"\ncharacters {claim.span_start}–{claim.span_end}"
            if src.version > 1:
                where += f" of version {claim.anchor_version}"
            text.append(where, style="dim")
        grid.add_row("Source", text)
    if detail.version_note is not None:
        style = "bold red" if detail.orphaned else "yellow" if claim.changed_in_version else "dim"
        grid.add_row("Versions", Text(detail.version_note, style=style))
    if detail.context is not None:
        ctx = detail.context
        text = Text("…" if ctx.offset > 0 else "")
        text.append(visible(ctx.before))
        text.append(visible(ctx.quote), style="bold reverse")
        text.append(visible(ctx.after))
        text.append("…")
        grid.add_row("Context", text)
    if detail.event is not None:
        ev = detail.event
        bits = [b for b in (ev.date.isoformat() if ev.date else None, ev.place) if b]
        grid.add_row("Event", Text(visible(ev.name) + (f" ({', '.join(bits)})" if bits else "")))
    if claim.said_on:
        grid.add_row("Said on", claim.said_on.isoformat())
    grid.add_row("Tags", Text(" ".join(detail.tags) or "—"))
    if claim.note:
        grid.add_row("Note", Text(visible(claim.note)))
    if claim.speaker_match:
        score = f" {claim.speaker_match_score:.0f}" if claim.speaker_match_score else ""
        grid.add_row("Resolved", Text(f"{claim.speaker_match}{score}", style="dim"))
    if detail.found_by:
        grid.add_row("Found by", Text(visible(detail.found_by), style="dim"))
    if detail.links:
        links = Text()
        for i, view in enumerate(detail.links):
            arrow = "→" if view.outgoing else "←"
            links.append("\n" if i else "")
            links.append(f"{view.link.relation} {arrow} ", style="bold")
            links.append(f"#{view.other.id} ", style="cyan")
            links.append(snippet(view.other.content, 70))
            if view.link.created_by:
                links.append(f"  ({visible(view.link.created_by)})", style="dim")
        grid.add_row("Links", links)
    hist = Text()
    for i, entry in enumerate(detail.history):
        hist.append("\n" if i else "")
        hist.append(f"{entry.at:%Y-%m-%d %H:%M} {visible(entry.user)}  ", style="dim")
        hist.append(describe_audit(entry))
    grid.add_row("History", hist)
    console.print(grid)


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
    if as_json:
        print_json(row_json(row))
    else:
        console.print(f"added claim [cyan]{claim.id}[/] by {safe(row.speaker or 'nobody')}")


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
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
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


@app.command()
def link(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    other_id: Annotated[int, typer.Argument(metavar="OTHER", help="The other claim's id.")],
    relation: Annotated[
        str,
        typer.Option(
            "--relation",
            "-r",
            help="contradicts, supports, same_event, duplicate or elaborates.",
        ),
    ] = "contradicts",
    link_note: Annotated[str | None, typer.Option("--note", help="Why they are linked.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Link two claims.

    Example: claims link 5 6 --relation contradicts --note "who fired first"
    """
    st = state(ctx)
    rel = parse_relation(relation)
    with st.session(write=True) as session:
        made = link_claims(
            session, claim_id, other_id, rel.value, user=st.user_name, note=link_note
        )
    if as_json:
        print_json(made.model_dump(mode="json"))
    else:
        console.print(f"linked [cyan]{claim_id}[/] {rel.value} [cyan]{other_id}[/]")


@app.command()
def unlink(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    other_id: Annotated[int, typer.Argument(metavar="OTHER", help="The other claim's id.")],
    relation: Annotated[
        str | None, typer.Option("--relation", "-r", help="Only this relation.")
    ] = None,
) -> None:
    """Remove the link (or links) between two claims.

    Example: claims unlink 5 6
    """
    st = state(ctx)
    with st.session(write=True) as session:
        gone = unlink_claims(session, claim_id, other_id, user=st.user_name, relation=relation)
    console.print(
        f"unlinked [cyan]{claim_id}[/] and [cyan]{other_id}[/] "
        f"({', '.join(link.relation for link in gone)})"
    )


@app.command()
def tag(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="Tags to add.")],
) -> None:
    """Tag a claim.

    Example: claims tag 5 najaf cemetery-clash
    """
    st = state(ctx)
    with st.session(write=True) as session:
        added = add_tags(session, claim_id, tags, user=st.user_name)
    console.print(
        f"tagged [cyan]{claim_id}[/]: {' '.join(added)}"
        if added
        else f"claim {claim_id} already had those tags"
    )


@app.command()
def untag(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="Tags to remove.")],
) -> None:
    """Remove tags from a claim.

    Example: claims untag 5 najaf
    """
    st = state(ctx)
    with st.session(write=True) as session:
        removed = remove_tags(session, claim_id, tags, user=st.user_name)
    console.print(
        f"untagged [cyan]{claim_id}[/]: {' '.join(removed)}"
        if removed
        else f"claim {claim_id} had none of those tags"
    )


@app.command()
def review(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="unreviewed, verified, disputed, false, misleading, unverifiable or not-a-claim.",
        ),
    ] = None,
    not_a_claim: Annotated[
        bool,
        typer.Option(
            "--not-a-claim",
            help="Reject it: extraction was wrong, this is no statement attributed to anyone "
            "(not the same as false). Same as --status not-a-claim.",
        ),
    ] = False,
    review_note: Annotated[str | None, typer.Option("--note", help="Reviewer's note.")] = None,
    if_version: Annotated[
        int | None,
        typer.Option("--if-version", help="Refuse if the claim is no longer at this version."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Set a claim's review status (and note), or reject it as not a claim.

    Example: claims review 5 --status disputed --note "Sadr's side says a US patrol fired first"

    Example: claims review 12 --not-a-claim --note "a headline, not a quote"
    """
    st = state(ctx)
    if not_a_claim:
        if status is not None and parse_status(status) is not ReviewStatus.NOT_A_CLAIM:
            raise InvalidValueError(f"--not-a-claim and --status {status} say different things")
        status = ReviewStatus.NOT_A_CLAIM.value
    if status is None:
        raise InvalidValueError("give --status S or --not-a-claim")
    value = parse_status(status)
    with st.session(write=True) as session:
        claim = set_status(
            session,
            claim_id,
            value.value,
            user=st.user_name,
            note=review_note,
            expected_version=if_version,
        )
    if as_json:
        print_json(
            {"id": claim.id, "status": claim.status, "note": claim.note, "version": claim.version}
        )
    else:
        console.print(f"claim [cyan]{claim_id}[/] is now {claim.status} (v{claim.version})")


def _span_option(kind: SpanKind) -> Any:
    return typer.Option(
        f"--{kind.value}",
        metavar="START:END",
        help=f"The {kind.value}'s new character offsets in the source text.",
    )


def _quote_option(kind: SpanKind) -> Any:
    return typer.Option(
        f"--{kind.value}-text",
        metavar="TEXT",
        help=f"The {kind.value} as written in the source (the occurrence nearest the claim).",
    )


@app.command()
def correct(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    content: Annotated[str | None, _span_option(SpanKind.CONTENT)] = None,
    speaker: Annotated[str | None, _span_option(SpanKind.SPEAKER)] = None,
    cue: Annotated[str | None, _span_option(SpanKind.CUE)] = None,
    content_text: Annotated[str | None, _quote_option(SpanKind.CONTENT)] = None,
    speaker_text: Annotated[str | None, _quote_option(SpanKind.SPEAKER)] = None,
    cue_text: Annotated[str | None, _quote_option(SpanKind.CUE)] = None,
    if_version: Annotated[
        int | None,
        typer.Option("--if-version", help="Refuse if the claim is no longer at this version."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Correct where a claim's content, speaker or cue sits in its source text.

    Give offsets (as `claims show` prints them) or the exact words; the claim's stored text
    follows. Undo with `claims undo`.

    Example: claims correct 6 --speaker-text "Sadr's representative" --content 2636:2699
    """
    st = state(ctx)
    offsets = {SpanKind.CONTENT: content, SpanKind.SPEAKER: speaker, SpanKind.CUE: cue}
    quotes = {
        SpanKind.CONTENT: content_text,
        SpanKind.SPEAKER: speaker_text,
        SpanKind.CUE: cue_text,
    }
    with st.session(write=True) as session:
        spans: dict[SpanKind, Span] = {}
        for kind in SpanKind:
            if offsets[kind] is not None and quotes[kind] is not None:
                raise InvalidValueError(f"give --{kind} or --{kind}-text, not both")
            if offsets[kind] is not None:
                spans[kind] = parse_offsets(str(offsets[kind]))
            elif quotes[kind] is not None:
                claim = get_claim(session, claim_id)
                if claim.source_id is None:
                    raise InvalidValueError(f"claim {claim_id} has no source document")
                text = get_source(session, claim.source_id).text
                spans[kind] = find_quote(text, str(quotes[kind]), near=claim.span_start)
        was_on = get_claim(session, claim_id).anchor_version
        claim = correct_spans(
            session, claim_id, spans, user=st.user_name, expected_version=if_version
        )
        placed = {kind: span_record(claim, kind) for kind in SpanKind}
        version = claim.version
        replaced = claim.anchor_version != was_on
    if as_json:
        print_json({"id": claim_id, "version": version, **{str(k): v for k, v in placed.items()}})
        return
    for kind, span in spans.items():
        console.print(
            f"claim [cyan]{claim_id}[/] {kind} is now {span.start}–{span.end}: "
            f"{safe(snippet(placed[kind]['text'], 70))}"
        )
    if replaced:
        note(
            f"v{version}; the orphan is placed on version {claim.anchor_version} of its source "
            "(correct it again to move it: placing an orphan cannot be undone)"
        )
    else:
        note(f"v{version}; undo with `claims undo`")


@app.command("history")
def history_(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    as_json: JsonOption = False,
) -> None:
    """Show every change made to a claim, who made it and when.

    Example: claims history 5
    """
    with state(ctx).session() as session:
        entries = history(session, claim_id)
    if as_json:
        print_json([audit_json(e) for e in entries])
        return
    table = Table(header_style="bold", pad_edge=False)
    for name in ("When (UTC)", "Who", "Version", "Change"):
        table.add_column(name)
    for entry in entries:
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M:%S}",
            Text(visible(entry.user)),
            str(entry.claim_version or ""),
            Text(describe_audit(entry)),
        )
    console.print(table)
