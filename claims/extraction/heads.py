"""An article's head: its headline, byline and dateline, and the dates written in them.

The first lines of a plain-text article often carry what its file does not: a headline
("Harbour Authority Denies Dredging Caused Fish Deaths"), a byline ("By Jane Smith") and a
dateline ("June 1, 2004"). Reading a document takes its title, author and date from them;
extraction knows a headline is no attribution unless it quotes someone.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
]


def parse_date(value: str) -> date | None:
    """A date written as "1 June 2004", "June 1, 2004", "Nov. 19, 2015" or ISO 8601.

    >>> parse_date("1 June 2004")
    datetime.date(2004, 6, 1)
    """
    for pattern in _DATE_PATTERNS:
        m = pattern.search(value)
        if not m:
            continue
        parts = m.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
        try:
            return date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            continue
    return None


_DATELINE_RE = re.compile(r"^\W*(?:\w+day,?\s+)?[\w .,]{6,30}$")
_BYLINE_RE = re.compile(
    r"^\s*(?:by\s+)?([A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]+|de|van|von|al-\w+)){1,3})"
    r"(?:\s*(?:,|and)\s+[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,3})*\s*$",
    re.I,
)
HEADING_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def head_metadata(text: str) -> tuple[str | None, str | None, date | None]:
    """Title, byline and dateline from the first lines of an article."""
    title = None
    author = None
    published = None
    lines = [ln.strip() for ln in text.split("\n", 40)[:40]]
    seen = 0
    for line in lines:
        if not line:
            continue
        seen += 1
        if seen > 8:
            break
        heading = HEADING_RE.match(line)
        if heading and title is None:
            title = heading.group(1).strip()
            continue
        if published is None and len(line) <= 40 and _DATELINE_RE.match(line):
            found = parse_date(line)
            if found:
                published = found
                continue
        if author is None and title is not None and len(line) <= 60:
            byline = _BYLINE_RE.match(line)
            if byline and not parse_date(line):
                author = line[2:].strip() if line.lower().startswith("by ") else line
                author = author.strip()
                continue
        if len(line) > 80:
            break  # the body has begun
    if title is None:
        title = headline(text)
    return title, author, published


_HEADLINE_END = re.compile(r"[.,;:]$")


def headline(text: str) -> str | None:
    """The article's first line when it reads as a headline: short, on a line of its own
    (a blank line after it, or the body's longer lines), not a sentence, a dateline or a
    byline. None otherwise."""
    lines = text.lstrip().split("\n", 3)
    first = lines[0].strip()
    if len(lines) < 2 or not first or len(first) > 120 or len(first.split()) > 20:
        return None
    if _HEADLINE_END.search(first) or first.startswith(("-", "*", ">", "|", '"', "“")):
        return None
    if parse_date(first) and len(first) <= 40:
        return None
    following = lines[1].strip()
    if following and len(following) <= len(first):
        return None  # a line among others of its kind, not a head
    return first.lstrip("#").strip() or None
