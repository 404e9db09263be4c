"""The help screen: every key, read from the bindings themselves, and the filter syntax.

Keys: escape, ``q``, ``?`` or F1 closes it.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

FILTER_SYNTAX = [
    ("words", 'words in the claim: "a phrase", prefix*, a OR b, -excluded'),
    ("@speaker", "a speaker's name or alias, fuzzily: @kimit, @Mark Kimmitt"),
    ("#tag", "claims with that tag: #cemetery-clash"),
    ("status:NAME", "unreviewed, verified, disputed, false, misleading, unverifiable, not-a-claim"),
    ("event:NAME", "claims about that event: event:Najaf ceasefire"),
    ("outlet:NAME", "claims from that outlet"),
]


class HelpScreen(ModalScreen[None]):
    """Keys by where they work, then how to filter.

    Args:
        sections: Titles with the bindings listed under them.
    """

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__(classes="dialog")
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box wide", id="help"):
            yield Static(self._render_keys())

    def _render_keys(self) -> RenderableType:
        parts: list[RenderableType] = [
            Text("Keys", style="bold underline"),
            Text("ctrl+p opens the command palette: every action below, by name.", style="dim"),
        ]
        for title, bindings in self.sections:
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold cyan", no_wrap=True, min_width=16)
            table.add_column()
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                keys = " ".join(
                    self.app.get_key_display(Binding(key.strip(), binding.action))
                    for key in binding.key.split(",")
                )
                table.add_row(keys, binding.description)
            parts += [Text(), Text(title, style="bold"), table]
        syntax = Table.grid(padding=(0, 2))
        syntax.add_column(style="bold cyan", no_wrap=True, min_width=16)
        syntax.add_column()
        for form, meaning in FILTER_SYNTAX:
            syntax.add_row(form, meaning)
        parts += [
            Text(),
            Text("Filter (/ on the Claims screen; combine freely)", style="bold"),
            syntax,
            Text("Names with spaces take the words after them: put free words first.", "dim"),
            Text(),
            Text("esc closes this help", style="dim"),
        ]
        return Group(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
