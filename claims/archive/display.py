"""Making archive text safe and short to show, wherever it is shown.

Claims come from the open web: their text may carry terminal escape sequences or other
control characters. Every view (command line, terminal UI, reports) passes text through
``visible`` so such characters are shown as escapes rather than acted on.
"""

from __future__ import annotations

import re

#: How each review status is coloured (Rich style names), wherever statuses are shown.
STATUS_STYLES = {
    "unreviewed": "dim",
    "verified": "green",
    "disputed": "yellow",
    "false": "bold red",
    "misleading": "red",
    "unverifiable": "magenta",
    "not-a-claim": "dim strike",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str | None) -> str:
    """``text`` with control and bidirectional-override characters written as ``\\xNN``.

    >>> visible("ok\\x1b[31mred")
    'ok\\\\x1b[31mred'
    """
    if not text:
        return ""
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def snippet(text: str | None, width: int = 70) -> str:
    """``text`` made visible, on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
