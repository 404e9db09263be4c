"""The claim detail screen: who said it and how, where it sits in its source, what it is
linked to, its tags, note and review history, and the review actions.

Keys: escape goes back; enter on a link opens the linked claim; the review keys (status,
tag, note, link, event, compare) are ``ReviewingScreen``'s.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from claims.archive.audit import describe_audit
from claims.archive.display import STATUS_STYLES, snippet, visible
from claims.browse.desk import LinkSummary, link_summaries
from claims.browse.details import ClaimDetail, claim_detail, context_of
from db.errors import ClaimsError
from tui.screens.reviewing import ReviewingScreen, Target

#: Characters of source text shown at most on either side of the claim.
CONTEXT_CHARS = 1500
#: The passage's heading, for a source with one version.
PASSAGE_TITLE = "In its source"


def _row(grid: Table, label: str, value: str | Text | None) -> None:
    if value:
        grid.add_row(label, value if isinstance(value, Text) else Text(visible(value)))


def attribution(detail: ClaimDetail) -> RenderableType:
    """The claim's words and who said them, how, where and when."""
    claim, speaker, source = detail.claim, detail.speaker, detail.source
    head = Text.assemble(
        (f"Claim {claim.id}", "bold cyan"),
        "  ",
        (claim.status, STATUS_STYLES.get(claim.status, "")),
        (f"  version {claim.version}", "dim"),
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=10)
    grid.add_column(ratio=1)
    who = Text(visible(speaker.name) if speaker else "unattributed", style="bold")
    if speaker is not None:
        who.append(f"  {speaker.kind}", style="dim")
        if speaker.affiliation:
            who.append(f", {visible(speaker.affiliation)}", style="dim")
    grid.add_row("Speaker", who)
    _row(grid, "Role", claim.speaker_role or (speaker.description if speaker else None))
    if claim.speaker_mention and (speaker is None or claim.speaker_mention != speaker.name):
        _row(grid, "Named as", f"“{claim.speaker_mention}”")
    cue = Text(visible(claim.cue or "—"))
    cue.append(f"   {claim.quote_type} quotation", style="dim")
    grid.add_row("Cue", cue)
    _row(grid, "Via", claim.via)
    _row(grid, "Said on", claim.said_on.isoformat() if claim.said_on else None)
    grid.add_row("Claim", Text(visible(claim.content), style="italic"))
    if source is not None:
        title = Text(f"#{source.id} ", style="cyan")
        title.append(visible(source.title or source.origin or "untitled"))
        grid.add_row("Source", title)
        _row(grid, "Outlet", source.outlet)
        _row(grid, "Author", source.author)
        _row(grid, "Published", source.published.isoformat() if source.published else None)
        if source.url:
            grid.add_row("URL", Text(visible(source.url), style="underline"))
        note = detail.version_note
        if note is not None:
            grid.add_row("Version", Text(visible(note), style=version_style(detail)))
    if detail.event is not None:
        event = detail.event
        bits = [b for b in (event.date.isoformat() if event.date else "", event.place) if b]
        text = Text(visible(event.name), style="bold")
        if bits:
            text.append(f"  {visible(', '.join(bits))}", style="dim")
        grid.add_row("Event", text)
    tags = Text()
    for i, tag in enumerate(detail.tags):
        tags.append(" " if i else "")
        tags.append(f"#{visible(tag)}", style="magenta")
    grid.add_row("Tags", tags or Text("—", style="dim"))
    grid.add_row("Note", Text(visible(claim.note)) if claim.note else Text("—", style="dim"))
    return Group(head, Text(), grid)


def version_style(detail: ClaimDetail) -> str:
    """How the claim's standing against its source's versions is shown: an orphan loudly,
    words edited after publication as a warning, an unchanged claim quietly."""
    if detail.orphaned:
        return "bold reverse red"
    if detail.claim.changed_in_version:
        return "bold yellow"
    return "dim"


def passage(detail: ClaimDetail) -> RenderableType:
    """The claim's paragraph and the ones either side, the claim itself highlighted, in the
    version of the source the claim is anchored to (an orphan's is an older one)."""
    claim, source, body = detail.claim, detail.source, detail.text
    if source is None or body is None or claim.span_start is None or claim.span_end is None:
        return Text("This claim has no place recorded in a source.", style="dim")
    context = context_of(body, claim.span_start, claim.span_end, CONTEXT_CHARS, paragraphs=1)
    text = Text("…" if context.offset > 0 else "", style="dim")
    text.append(visible_lines(context.before))
    text.append(visible_lines(context.quote), style="bold reverse")
    text.append(visible_lines(context.after))
    if context.offset + len(context.text) < len(body):
        text.append("…", style="dim")
    if detail.orphaned:
        warning = Text(
            f"As version {claim.anchor_version} had it; "
            f"version {source.version}, the latest, no longer says this.",
            style="bold red",
        )
        return Group(warning, Text(), text)
    return text


def passage_title(detail: ClaimDetail) -> str:
    """The passage's heading: which version it is taken from, once there are several."""
    source = detail.source
    if source is None or source.version == 1:
        return PASSAGE_TITLE
    return f"In its source, version {detail.claim.anchor_version} of {source.version}"


def visible_lines(text: str) -> str:
    """``text`` made visible paragraph by paragraph, keeping its line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


def history(detail: ClaimDetail) -> RenderableType:
    """Every audited change, oldest first."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for entry in detail.history:
        grid.add_row(
            f"{entry.at:%Y-%m-%d %H:%M}", Text(visible(entry.user)), Text(describe_audit(entry))
        )
    return grid


class DetailScreen(ReviewingScreen):
    """Everything about one claim.

    Args:
        claim_id: The claim to show.
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
    ]

    class _Loaded(Message):
        def __init__(
            self, detail: ClaimDetail | None, links: list[LinkSummary], error: str | None
        ) -> None:
            super().__init__()
            self.detail = detail
            self.links = links
            self.error = error

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.detail: ClaimDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(Text("Loading…", style="dim"), id="detail-attribution")
            yield Label(PASSAGE_TITLE, classes="section", id="detail-passage-title")
            yield Static("", id="detail-passage")
            yield Label("Links", classes="section")
            yield OptionList(id="detail-links")
            yield Label("History", classes="section")
            yield Static("", id="detail-history")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Claim {self.claim_id}"
        self.query_one("#detail", VerticalScroll).focus()
        self.reload()

    def target(self) -> Target | None:
        if self.detail is None or self.detail.claim.id is None:
            return None
        return Target(self.detail.claim.id, self.detail.claim.version)

    def reload(self) -> None:
        self._load(self.claim_id)

    @work(thread=True, exclusive=True, group="detail")
    def _load(self, claim_id: int) -> None:
        workbench = self.claims_app.workbench
        try:
            detail = workbench.read(claim_detail, claim_id)
            links = workbench.read(link_summaries, claim_id)
        except (ClaimsError, SQLAlchemyError) as exc:
            self.post_message(self._Loaded(None, [], str(exc)))
            return
        self.post_message(self._Loaded(detail, links, None))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        if message.detail is None:
            self.notify(
                visible(message.error or ""), title="Cannot show the claim", severity="error"
            )
            if self.detail is None:  # never shown: there is nothing to stay on
                self.app.pop_screen()
            return
        self.detail = detail = message.detail
        self.query_one("#detail-attribution", Static).update(attribution(detail))
        heading = passage_title(detail)
        if heading != PASSAGE_TITLE:  # a source never edited keeps the plain heading
            self.query_one("#detail-passage-title", Label).update(heading)
        self.query_one("#detail-passage", Static).update(passage(detail))
        self.query_one("#detail-history", Static).update(history(detail))
        links = self.query_one("#detail-links", OptionList)
        highlighted = links.highlighted
        links.clear_options()
        for link in message.links:
            text = Text()
            text.append(f"{link.relation} {'→' if link.outgoing else '←'} ", style="bold")
            text.append(f"#{link.other_id} ", style="cyan")
            text.append(visible(link.other_speaker or "—"), style="bold")
            text.append(": " + snippet(link.other_content, 70))
            if link.created_by:
                text.append(f"  linked by {visible(link.created_by)}", style="dim")
            links.add_option(Option(text, id=str(link.other_id)))
        if not message.links:
            links.add_option(Option(Text("No links. Press l to link this claim.", style="dim")))
        elif highlighted is not None:
            links.highlighted = min(highlighted, links.option_count - 1)

    @on(OptionList.OptionSelected, "#detail-links")
    def _follow(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.claims_app.open_claim(int(event.option.id))
