"""Turning a ``Report`` into Markdown, HTML or JSON.

The templates live in ``claims/reports/templates/`` as package files. HTML is rendered with
autoescaping on, so markup in a claim ("<script>") shows as text; every piece of archive
text also passes through ``claims.archive.display.visible``, so control characters and terminal
escapes show as escapes in every format but JSON, which keeps the text exactly (JSON's own
escaping makes it safe). Markdown escapes what would turn archive text into markup on a code
host (HTML, links, tables), and keeps the rest readable in a terminal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from enum import Enum
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from claims.archive.attribution import ChainPart
from claims.archive.display import visible
from claims.reports.model import Report

REPORT_FORMAT = "claimtrack-report"
REPORT_VERSION = 1

_EMPHASIS = re.compile(r"\*(?=\S)([^*\n<>]+?)(?<=\S)\*")
_WEB_URL = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)
#: Characters that would make markup of archive text on a code host.
_MD_INLINE = re.compile(r"([\\`<>\[\]|&])")
#: Characters that make markup at the start of a line.
_MD_LINE_START = re.compile(r"^([#>+=-]|\d+[.)])")


def markdown_text(text: str | None) -> str:
    """Archive text as inline Markdown: visible, on one line, markup characters escaped."""
    flat = " ".join(visible(text).split())
    flat = _MD_INLINE.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(0), flat)


def _markdown_span(text: str | None) -> str:
    # Inside a paragraph: leading markup is harmless, so only inline characters are escaped,
    # and edge spaces are kept so the words around a highlight stay apart.
    if not text:
        return ""
    body = _MD_INLINE.sub(r"\\\1", " ".join(visible(text).split()))
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{body}{trail}" if body else lead


def _chain_markdown(parts: list[ChainPart]) -> str:
    out = []
    for part in parts:
        text = markdown_text(part.text) if part.kind != "text" else _markdown_span(part.text)
        out.append(f"*{text}*" if part.kind in ("outlet", "title") else text)
    return "".join(out)


def _date(value: dt.date | dt.datetime | None, fmt: str = "%Y-%m-%d") -> str:
    return value.strftime(fmt) if value is not None else ""


def _long_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """ "30 May 2004", or "30 May 2004, 07:47 UTC" with the time."""
    if value is None:
        return ""
    text = f"{value.day} {value:%B %Y}"
    if with_time and isinstance(value, dt.datetime):
        text += f", {value:%H:%M} UTC"
    return text


def web_url(url: str | None) -> str | None:
    """``url`` if it is a web address a reader can follow; None for anything else
    (``javascript:``, ``data:``, ``file:``), which is then shown as text, never linked."""
    if not url:
        return None
    cleaned = url.strip()
    if _WEB_URL.match(cleaned) and not any(c.isspace() or c in '<>"`' for c in visible(cleaned)):
        return cleaned
    return None


def _source_text(text: str | None, markdown: bool = False) -> Markup:
    """Source text as safe HTML: escaped, control characters visible, and, for a Markdown
    source, its ``*emphasis*`` (outlet names, mostly) set in italics."""
    escaped = str(escape(visible(text)))
    if markdown:
        escaped = _EMPHASIS.sub(r"<em>\1</em>", escaped)
    return Markup(escaped)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _label(relation: str) -> str:
    return relation.replace("_", " ")


#: What one link of each relation is called when counting them.
_RELATION_NOUNS = {
    "contradicts": "contradiction",
    "supports": "support",
    "duplicate": "duplicate",
    "elaborates": "elaboration",
    "same_event": "same-event link",
}


def _links_of(count: int, relation: str) -> str:
    """ "2 contradictions", "1 elaboration"."""
    return _plural(count, _RELATION_NOUNS.get(relation, _label(relation)))


@cache
def _environment(html: bool) -> Environment:
    """The Jinja2 environment of the templates: autoescaping for HTML, Markdown filters for
    Markdown."""
    env = Environment(
        loader=PackageLoader("claims.reports", "templates"),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
    )
    env.filters.update(
        visible=visible,
        date=_date,
        long_date=_long_date,
        web_url=web_url,
        source_text=_source_text,
        plural=_plural,
        label=_label,
        links_of=_links_of,
    )
    if not html:
        env.filters.update(md=markdown_text, md_span=_markdown_span, chain_md=_chain_markdown)
    return env


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS, no scripts, no network)."""
    return _environment(html=True).get_template("report.html").render(report=report)


def render_markdown(report: Report) -> str:
    """The report as Markdown that reads in a terminal and renders on code hosts."""
    text = _environment(html=False).get_template("report.md").render(report=report)
    # Templates leave runs of blank lines where optional parts were skipped.
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def report_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data: the same content as the Markdown and the HTML."""
    data = _plain(report)
    for entry, claim in zip(data["claims"], report.claims, strict=True):
        entry["anchor"] = claim.anchor
        entry["span"] = (
            None if claim.span is None else {"start": claim.span[0], "end": claim.span[1]}
        )
    for section, raw in zip(data["sections"], report.sections, strict=True):
        section["title"] = raw.title
        section["anchor"] = raw.anchor
    return {"format": REPORT_FORMAT, "version": REPORT_VERSION, **data}


def render_json(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json}
"""Each report format and the function that renders it."""
