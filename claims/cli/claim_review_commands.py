"""Commands that review a claim and keep its record: link, unlink, tag, untag, review,
correct, history. Each change is audited and can be taken back with ``claims undo``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.text import Text

from claims.archive.audit import describe_audit
from claims.archive.display import snippet, visible
from claims.archive.store import get_source
from claims.cli.app import app, state
from claims.cli.claim_display import audit_json
from claims.cli.options import ClaimIdArgument, IfVersionOption, JsonOption, OtherIdArgument
from claims.cli.output import console, note, plain_table, print_json, print_result, safe
from claims.review.corrections import (
    Span,
    SpanKind,
    correct_spans,
    find_quote,
    parse_offsets,
    span_record,
)
from claims.review.edits import add_tags, get_claim, history, parse_status, remove_tags, set_status
from claims.review.links import link_claims, parse_relation, unlink_claims
from db.errors import InvalidValueError
from db.models import ReviewStatus


@app.command()
def link(
    ctx: typer.Context,
    claim_id: ClaimIdArgument,
    other_id: OtherIdArgument,
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
    print_result(
        made.model_dump(mode="json"),
        f"linked [cyan]{claim_id}[/] {rel.value} [cyan]{other_id}[/]",
        as_json=as_json,
    )


@app.command()
def unlink(
    ctx: typer.Context,
    claim_id: ClaimIdArgument,
    other_id: OtherIdArgument,
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


def _retag(
    ctx: typer.Context,
    claim_id: int,
    tags: list[str],
    edit: Callable[..., list[str]],
    *,
    done: str,
    unchanged: str,
) -> None:
    """Add or remove tags with ``edit`` and say which changed (or that none did)."""
    st = state(ctx)
    with st.session(write=True) as session:
        changed = edit(session, claim_id, tags, user=st.user_name)
    console.print(
        f"{done} [cyan]{claim_id}[/]: {' '.join(changed)}"
        if changed
        else f"claim {claim_id} {unchanged}"
    )


@app.command()
def tag(
    ctx: typer.Context,
    claim_id: ClaimIdArgument,
    tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="Tags to add.")],
) -> None:
    """Tag a claim.

    Example: claims tag 5 najaf cemetery-clash
    """
    _retag(ctx, claim_id, tags, add_tags, done="tagged", unchanged="already had those tags")


@app.command()
def untag(
    ctx: typer.Context,
    claim_id: ClaimIdArgument,
    tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="Tags to remove.")],
) -> None:
    """Remove tags from a claim.

    Example: claims untag 5 najaf
    """
    _retag(ctx, claim_id, tags, remove_tags, done="untagged", unchanged="had none of those tags")


@app.command()
def review(
    ctx: typer.Context,
    claim_id: ClaimIdArgument,
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
    if_version: IfVersionOption = None,
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
    print_result(
        {"id": claim.id, "status": claim.status, "note": claim.note, "version": claim.version},
        f"claim [cyan]{claim_id}[/] is now {claim.status} (v{claim.version})",
        as_json=as_json,
    )


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
    claim_id: ClaimIdArgument,
    content: Annotated[str | None, _span_option(SpanKind.CONTENT)] = None,
    speaker: Annotated[str | None, _span_option(SpanKind.SPEAKER)] = None,
    cue: Annotated[str | None, _span_option(SpanKind.CUE)] = None,
    content_text: Annotated[str | None, _quote_option(SpanKind.CONTENT)] = None,
    speaker_text: Annotated[str | None, _quote_option(SpanKind.SPEAKER)] = None,
    cue_text: Annotated[str | None, _quote_option(SpanKind.CUE)] = None,
    if_version: IfVersionOption = None,
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
    claim_id: ClaimIdArgument,
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
    table = plain_table("When (UTC)", "Who", "Version", "Change")
    for entry in entries:
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M:%S}",
            Text(visible(entry.user)),
            str(entry.claim_version or ""),
            Text(describe_audit(entry)),
        )
    console.print(table)
