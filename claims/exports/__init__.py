"""Exports to the formats of the field: the lossless bundle, CSV, schema.org ClaimReview,
W3C Web Annotations and the Argument Interchange Format.

``write_export`` streams any of them to a text stream; ``claims export --format`` is a thin
layer over it. ``json`` is the bundle of ``claims.exports.bundle``, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from sqlmodel import Session

from claims.exports.aif import write_aif
from claims.exports.annotations import write_annotations
from claims.exports.bundle import write_bundle
from claims.exports.claimreview import write_claimreview
from claims.exports.table import write_csv
from db.errors import InvalidValueError

FORMATS = ("json", "csv", "claimreview", "annotations", "aif")
"""Every export format, the lossless bundle first."""


@dataclass(frozen=True)
class ExportOptions:
    """Settings some formats need."""

    base_url: str | None = None
    """Where fact checks are published (``claimreview``)."""
    publisher: str | None = None
    """The fact-checking organisation (``claimreview``)."""
    spreadsheet_safe: bool = False
    """Defuse cells a spreadsheet would run as formulas (``csv``)."""


def write_export(
    session: Session,
    fmt: str,
    out: IO[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream the archive to ``out`` in format ``fmt``; returns how many claims went out.

    Args:
        progress: Called with 1 for each claim read (not for ``json``).

    Raises:
        InvalidValueError: An unknown format, or a format missing a setting it needs.
    """
    options = options or ExportOptions()
    if fmt == "json":
        return write_bundle(session, out)["claims"]
    if fmt == "csv":
        return write_csv(session, out, spreadsheet_safe=options.spreadsheet_safe, progress=progress)
    if fmt == "claimreview":
        return write_claimreview(
            session, out, base_url=options.base_url, publisher=options.publisher, progress=progress
        )
    if fmt == "annotations":
        return write_annotations(session, out, progress=progress)
    if fmt == "aif":
        return write_aif(session, out, progress=progress)
    raise InvalidValueError(f"unknown export format {fmt!r} (valid: {', '.join(FORMATS)})")
