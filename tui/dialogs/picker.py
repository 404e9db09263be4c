"""A fuzzy picker: type to narrow a list of choices, enter to take one, or create a new one.

Used for review statuses, tags, relations, events and links. The dialog returns a
``Picked`` (the choice's value, or the typed text when ``create`` is offered and taken) or
None when dismissed. A choice with a ``key`` is also picked by pressing that key (the review
statuses by their number keys, as on the screens), which then never reaches the filter box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from claims.archive.display import visible

#: A fuzzy score (0-100) at which enter takes the match rather than creating the text.
GOOD_MATCH = 80

#: The id of the option that creates what was typed.
_CREATE = "\x00create"


@dataclass(frozen=True, slots=True)
class Choice:
    """Something to pick: the value returned, what is shown for it, and a key that picks it
    at once (shown as "key 2"; it cannot then be typed into the filter)."""

    value: str
    label: str
    hint: str = ""
    key: str = ""


@dataclass(frozen=True, slots=True)
class Picked:
    """What was picked: a choice's value, or new text when ``created``."""

    value: str
    created: bool = False


class _FilterInput(Input):
    """The picker's filter box, leaving the choices' keys to the picker's bindings (an input
    claims every printable key, which would hide them)."""

    def __init__(self, keys: frozenset[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keys = keys

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key not in self.keys and super().check_consume_key(key, character)


class Picker(ModalScreen[Picked | None]):
    """Pick one of ``choices`` by typing part of it.

    Args:
        title: What is being picked, e.g. "Add a tag".
        choices: The choices, in the order shown before anything is typed.
        create: A label for creating what was typed, with ``{}`` for the text (e.g. "New
            tag “{}”"); None when only the choices may be picked.
    """

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, title: str, choices: list[Choice], *, create: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices
        self.create = create
        for choice in choices:
            if choice.key:
                # Checked before the filter box sees the key, so it picks rather than types.
                self._bindings.bind(
                    choice.key, f"pick_key({choice.value!r})", show=False, priority=True
                )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            placeholder = "Type to narrow" + (" or to create" if self.create else "")
            keys = frozenset(c.key for c in self.choices if c.key)
            yield _FilterInput(keys, placeholder=placeholder, id="picker-input")
            yield OptionList(id="picker-options")
            keyed = [c.key for c in self.choices if c.key]
            hint = "enter picks · esc cancels"
            if keyed:
                which = keyed[0] if len(keyed) == 1 else f"{keyed[0]}–{keyed[-1]}"
                hint = f"{which} or {hint}"
            yield Label(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self._show("")

    def _option(self, choice: Choice) -> Option:
        text = Text(visible(choice.label))
        hints = [f"key {choice.key}"] if choice.key else []
        if choice.hint:
            hints.append(visible(choice.hint))
        if hints:
            text.append(f"  {' · '.join(hints)}", style="dim")
        return Option(text, id=choice.value)

    def _show(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        wanted = typed.strip()
        best = 100.0
        if wanted:
            labels = {i: c.label for i, c in enumerate(self.choices)}
            ranked = process.extract(
                wanted, labels, scorer=fuzz.WRatio, limit=None, score_cutoff=50
            )
            shown = [self.choices[i] for _, _, i in ranked]
            best = ranked[0][1] if ranked else 0.0
        else:
            shown = list(self.choices)
        exact = any(c.label.lower() == wanted.lower() for c in shown)
        items = [self._option(c) for c in shown]
        if self.create and wanted and not exact:
            label = Text(self.create.replace("{}", visible(wanted)), style="italic")
            items.append(Option(label, id=_CREATE))
        options.add_options(items)
        if items:
            # Enter takes the best match when it is a good one, else creates what was typed.
            creating = self.create and wanted and not exact and best < GOOD_MATCH
            options.highlighted = len(items) - 1 if creating else 0

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, value: str | None) -> None:
        if value is None:
            return
        if value == _CREATE:
            self.dismiss(Picked(self.query_one(Input).value.strip(), created=True))
        else:
            self.dismiss(Picked(value))

    def action_pick_key(self, value: str) -> None:
        """Pick the choice whose key was pressed."""
        self._pick(value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
