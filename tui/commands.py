"""The command palette's review commands: every keyed action of the screen it opens on.

The commands are read from the screen's active bindings, so a new action with a key and a
description shows up here (and in the help screen) without being listed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

#: Actions the palette itself or the app's own commands already cover.
_LEFT_OUT = {"command_palette", "app.command_palette"}


class ReviewCommands(Provider):
    """The actions bound to keys on the current screen, by name."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        found: dict[str, tuple[str, str, Callable[[], object]]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in _LEFT_OUT or not active.enabled:
                continue
            if binding.action in found:
                continue
            keys = self.app.get_key_display(binding)
            run = partial(self.app.run_action, binding.action, active.node)
            found[binding.action] = (binding.description, f"key {keys or key}", run)
        return sorted(found.values(), key=lambda command: command[0])

    async def discover(self) -> Hits:
        for name, keys, run in self._commands():
            yield DiscoveryHit(name, run, help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=keys)
