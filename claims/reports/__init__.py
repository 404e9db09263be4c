"""Comparison reports: rival accounts side by side, for people to read and share.

``build_report(session, scope)`` gathers a ``Report`` from the store; ``render_markdown``,
``render_html`` and ``render_json`` turn it into a file. See ``claims.reports.model`` and
``claims.reports.render``.
"""

from __future__ import annotations

from claims.reports.model import Report, ReportScope, ScopeKind, build_report
from claims.reports.render import (
    RENDERERS,
    render_html,
    render_json,
    render_markdown,
    report_data,
)

FORMATS = tuple(RENDERERS)
"""Every report format: ``md``, ``html``, ``json``."""

__all__ = [
    "FORMATS",
    "RENDERERS",
    "Report",
    "ReportScope",
    "ScopeKind",
    "build_report",
    "render_html",
    "render_json",
    "render_markdown",
    "report_data",
]
