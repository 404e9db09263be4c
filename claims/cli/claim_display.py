"""How the command line shows claims: the list table, the full record of one claim, and
both as JSON (with the audit entries of a claim's history)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from claims.archive import audit
from claims.archive.audit import describe_audit
from claims.archive.display import STATUS_STYLES, snippet, visible
from claims.browse.details import ClaimDetail
from claims.cli.output import console, note
from db.models import AuditEntry
from db.queries import ClaimRow


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
