"""How the screens word what they show: counts with their nouns, singular or plural."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None, *, at_least: bool = False) -> str:
    """``number`` with ``noun``, plural unless it is exactly one: "1 claim", "3 claims",
    "1 alias" / "2 aliases" (``plural`` given), "100+ claims" (``at_least``: a lower bound)."""
    many = plural or noun + "s"
    if at_least:
        return f"{number:,}+ {many}"
    return f"{number:,} {noun if number == 1 else many}"
