"""Command palette entries for a screen's own keys: every binding a screen describes in its
footer can also be found by name in the palette."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActions(Provider):
    """Offers the described bindings of the screen the palette was opened over."""

    def _actions(self) -> list[tuple[str, str, str]]:
        """(name, action, key) of each described binding, once per action."""
        seen: dict[str, tuple[str, str, str]] = {}
        for binding in type(self.screen).BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                seen.setdefault(binding.action, (binding.description, binding.action, binding.key))
        return list(seen.values())

    async def discover(self) -> Hits:
        for name, action, key in self._actions():
            yield DiscoveryHit(name, partial(self.screen.run_action, action), help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, key in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.screen.run_action, action),
                    help=f"key: {key}",
                )
