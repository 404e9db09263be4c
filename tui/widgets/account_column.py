"""One account in a comparison: a claim's attribution, source and words, set out so that it
reads across from its neighbours, with the fields that differ from the comparison's first
account (the claim it was opened for) marked."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from claims.archive.display import visible
from claims.browse.accounts import ClaimEntry
from claims.browse.comparisons import COMPARED_FIELDS, Comparison, field_value


def differing_from(reference: ClaimEntry | None, entry: ClaimEntry) -> frozenset[str]:
    """The compared fields in which ``entry`` says something else than ``reference`` (none
    for the reference itself, or when there is none)."""
    if reference is None or entry.id == reference.id:
        return frozenset()
    return frozenset(
        name
        for name, _ in COMPARED_FIELDS
        if field_value(entry, name) != field_value(reference, name)
    )


def account_text(
    entry: ClaimEntry, comparison: Comparison, reference: ClaimEntry | None = None
) -> Group:
    """The account as a renderable: header, relations to the other columns, the compared
    fields (those differing from ``reference``'s marked ≠ and bold) and the quote in its
    context, the claim's words highlighted. Archive text is added as plain text, never read
    as markup."""
    head = Text()
    head.append(visible(entry.speaker_name), style="bold")
    if not entry.in_scope:
        head.append("  (linked, outside the event)", style="italic dim")
    for relation, other in comparison.relations_of(entry.id):
        style = "bold red" if relation == "contradicts" else "bold green"
        head.append("\n")
        head.append(f"{relation.replace('_', ' ')} #{other}", style=style)
    fields = Table.grid(padding=(0, 1))
    fields.add_column(no_wrap=True)
    fields.add_column(ratio=1)
    differing = differing_from(reference, entry)
    for name, label in COMPARED_FIELDS:
        differs = name in differing
        value = visible(field_value(entry, name)) or "—"
        fields.add_row(
            Text(("≠ " if differs else "  ") + label, style="dim"),
            Text(value, style="bold yellow" if differs else ""),
        )
    words = Text()
    if entry.context is not None:
        context = entry.context
        if context.clipped_before:
            words.append("… ", style="dim")
        words.append(visible(context.before), style="dim")
        words.append(visible(context.quote), style="bold reverse")
        words.append(visible(context.after), style="dim")
        if context.clipped_after:
            words.append(" …", style="dim")
    else:
        words.append(visible(entry.content), style="bold")
    return Group(head, Text(), fields, Text(), words)


class AccountColumn(VerticalScroll, can_focus=True):
    """A focusable column showing one account; a click chooses it (the screen binds enter)."""

    class Chosen(Message):
        """The reader chose the column's claim, to open it."""

        def __init__(self, claim_id: int) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(
        self, entry: ClaimEntry, comparison: Comparison, reference: ClaimEntry | None = None
    ) -> None:
        super().__init__(id=f"account-{entry.id}", classes="account")
        self.entry = entry
        self.comparison = comparison
        self.reference = reference
        """The account the others are set against: what differs from it is marked."""
        self.border_title = f"#{entry.id}"

    def compose(self) -> ComposeResult:
        text = account_text(self.entry, self.comparison, self.reference)
        yield Static(text, classes="account-text")

    def action_choose(self) -> None:
        """Ask for the claim to be opened."""
        self.post_message(self.Chosen(self.entry.id))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_choose()
