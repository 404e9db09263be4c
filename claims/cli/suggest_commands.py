"""``claims suggest``: pairs of claims that likely contradict or support each other, and
accepting (an audited link) or rejecting (never proposed again) each one."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claims.archive.display import snippet, visible
from claims.cli.app import DefaultCommandGroup, state
from claims.cli.app import app as main_app
from claims.cli.options import JsonOption
from claims.cli.output import console, plain_table, print_json, print_result, progress_bar
from claims.review.events import get_event
from claims.review.links import parse_relation
from claims.suggestions.decisions import accept_suggestion, reject_suggestion, rejections
from claims.suggestions.scoring import Suggestion, score_pair, suggest
from db.errors import InvalidValueError
from db.queries import ClaimFilter, claim_rows, list_claims

suggest_app = typer.Typer(
    cls=DefaultCommandGroup,
    help="Suggested contrasts: `claims suggest` lists them; accept or reject each one.",
    no_args_is_help=False,
)
main_app.add_typer(suggest_app, name="suggest")

FirstClaimArgument = Annotated[int, typer.Argument(metavar="A", help="One claim's id.")]
SecondClaimArgument = Annotated[int, typer.Argument(metavar="B", help="The other claim's id.")]
RelationOption = Annotated[
    str | None,
    typer.Option(
        "--relation",
        "-r",
        help="contradicts, supports, ...; default: the relation suggested for the pair.",
        show_default=False,
    ),
]


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """A suggestion as JSON: the two claim ids, the relation, the score, the reasons, and
    the relations that already link the pair (empty when it is open)."""
    return {
        "a": suggestion.a,
        "b": suggestion.b,
        "relation": suggestion.relation,
        "score": suggestion.score,
        "reasons": list(suggestion.reasons),
        "linked": list(suggestion.linked),
    }


@suggest_app.command("list")
def list_(
    ctx: typer.Context,
    event: Annotated[
        str | None, typer.Option("--event", help="Only claims about this event.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 10,
    open_only: Annotated[
        bool,
        typer.Option("--open", help="Only pairs not linked yet: those to accept or reject."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Propose pairs of claims that likely contradict or support each other, and say why.

    Pairs already linked are marked; --open leaves them out.

    Example: claims suggest --open --limit 5
    """
    with (
        state(ctx).session(snapshot=True) as session,
        progress_bar("scoring pairs", None) as advance,
    ):
        event_id = get_event(session, event).id if event else None
        found = suggest(
            session,
            event_id=event_id,
            limit=limit,
            include_linked=not open_only,
            progress=advance,
        )
        ids = sorted({i for s in found for i in (s.a, s.b)})
        rows = {
            r.claim.id: r
            for r in claim_rows(session, list_claims(session, ClaimFilter(claim_ids=ids)))
        }
    if as_json:
        print_json([suggestion_json(s) for s in found])
        return
    if not found:
        console.print(
            "No open suggestions: every likely pair is linked or rejected."
            if open_only
            else "No suggestions: no pair of claims has enough in common."
        )
        return
    table = Table(header_style="bold", pad_edge=False, show_lines=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Pair", no_wrap=True)
    table.add_column("Claims", ratio=3)
    table.add_column("Why", ratio=2)
    for s in found:
        pair = Text(f"{s.a} ", style="cyan")
        pair.append(s.relation, style="bold red" if s.relation == "contradicts" else "bold green")
        pair.append(f" {s.b}", style="cyan")
        if s.linked:
            pair.append(f"\nalready linked:\n{', '.join(s.linked)}", style="dim")
        claims = Text()
        for i, cid in enumerate((s.a, s.b)):
            row = rows[cid]
            claims.append("\n" if i else "")
            claims.append(f"{cid} ", style="cyan")
            claims.append(
                visible(row.speaker or row.claim.speaker_mention or "unattributed"), style="bold"
            )
            claims.append(": " + snippet(row.claim.content, 64))
        table.add_row(
            f"{s.score:.2f}", pair, claims, Text("\n".join(visible(r) for r in s.reasons))
        )
    console.print(table)
    console.print(
        "Accept one with [bold]claims suggest accept A B[/], "
        "reject it with [bold]claims suggest reject A B[/].",
        style="dim",
    )


def _relation_for(session: Any, a: int, b: int, relation: str | None) -> str:
    if relation is not None:
        return parse_relation(relation).value
    proposed = score_pair(session, a, b)
    if proposed is None:
        raise InvalidValueError(
            f"claims {a} and {b} are not a suggestion; say which relation with --relation"
        )
    return proposed.relation


@suggest_app.command()
def accept(
    ctx: typer.Context,
    a: FirstClaimArgument,
    b: SecondClaimArgument,
    relation: RelationOption = None,
    link_note: Annotated[str | None, typer.Option("--note", help="Why they are linked.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Accept a suggestion: link the two claims (audited on both).

    Example: claims suggest accept 1 2 --note "Sadr denies the accusation the CPA reports"
    """
    st = state(ctx)
    with st.session(write=True) as session:
        chosen = _relation_for(session, a, b, relation)
        link = accept_suggestion(session, a, b, chosen, user=st.user_name, note=link_note)
    print_result(
        link.model_dump(mode="json"),
        f"linked [cyan]{a}[/] {chosen} [cyan]{b}[/] (link {link.id})",
        as_json=as_json,
    )


@suggest_app.command()
def reject(
    ctx: typer.Context,
    a: FirstClaimArgument,
    b: SecondClaimArgument,
    relation: RelationOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is wrong.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Reject a suggestion: the pair is never proposed with that relation again.

    Example: claims suggest reject 1 9 --reason "different questions"
    """
    st = state(ctx)
    with st.session(write=True) as session:
        chosen = _relation_for(session, a, b, relation)
        rejection = reject_suggestion(session, a, b, chosen, user=st.user_name, reason=reason)
    print_result(
        rejection.model_dump(mode="json"),
        f"rejected [cyan]{a}[/] {chosen} [cyan]{b}[/]; it will not be suggested again",
        as_json=as_json,
    )


@suggest_app.command("rejected")
def rejected(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the suggestions reviewers rejected: who, when and why.

    Example: claims suggest rejected
    """
    with state(ctx).session() as session:
        found = rejections(session)
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
        return
    table = plain_table("Pair", "Relation", "Who", "When (UTC)", "Reason")
    for r in found:
        table.add_row(
            f"{r.claim_id} {r.other_id}",
            r.relation,
            Text(visible(r.rejected_by)),
            f"{r.rejected_at:%Y-%m-%d %H:%M}",
            Text(visible(r.reason or "")),
        )
    console.print(table)
