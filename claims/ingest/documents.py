"""Reading one file into the text that is stored and extracted from, with its metadata.

Plain text, Markdown (with optional ``---`` front matter) and HTML are read. The text
returned is the text every offset refers to: what is stored, shown and extracted from.
Metadata comes from the file's own fields (front matter, ``<title>``, ``<meta>``) and,
failing those, from the article itself: a ``# Title`` line, a byline and a dateline at
its head.

Bad input never raises anything but :class:`DocumentRefused`, whose ``reason`` says why:
binary files, empty files, files over the size limit, HTML with no text. Text that is not
UTF-8 is decoded as Windows-1252 (or Latin-1), with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from claims.extraction.heads import HEADING_RE, head_metadata, parse_date

#: Files larger than this are refused rather than read.
MAX_BYTES = 20 * 1024 * 1024

PLAIN = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"

_SUFFIXES = {
    ".txt": PLAIN,
    ".text": PLAIN,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
}
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an office document)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "a gzip archive",
}


class DocumentRefused(Exception):
    """A file that cannot be read as an article; ``reason`` says why, for the user."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


@dataclass(frozen=True, slots=True)
class Document:
    """An article's text (what offsets refer to) and what is known about it."""

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    media_type: str = PLAIN
    warnings: tuple[str, ...] = field(default_factory=tuple)


# -- decoding -------------------------------------------------------------------------------


def _refuse_binary(head: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"{what}, not text"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte order mark
    if b"\x00" in head:
        return "binary data (NUL bytes), not text"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.1:
        return "binary data (control bytes), not text"
    return None


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text; returns the text and any warnings.

    UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark are read as
    such; anything else is decoded as Windows-1252, or Latin-1 for bytes that code page
    leaves undefined, with a warning.

    Raises:
        DocumentRefused: when the bytes are binary rather than text.
    """
    reason = _refuse_binary(data[:8192])
    if reason:
        raise DocumentRefused(reason)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise DocumentRefused(f"invalid UTF-16 ({exc.reason})") from None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["not valid UTF-8: decoded as Windows-1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not valid UTF-8: decoded as Latin-1"]


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- Markdown -------------------------------------------------------------------------------

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY_VALUE_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        kv = _KEY_VALUE_RE.match(line)
        if kv:
            value = kv.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[kv.group(1).lower()] = value
    return fields, text[m.end() :]


# -- HTML -----------------------------------------------------------------------------------

_SKIPPED = frozenset(
    "script style nav noscript template svg head header footer aside form button iframe"
    " select object".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCKS = frozenset(
    """
    p div h1 h2 h3 h4 h5 h6 li ul ol article section blockquote tr table pre figure
    figcaption dd dt dl main hr address
    """.split()
)
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS_RE = re.compile(r"\s*\n\s*(?:\n\s*)+")


class _ArticleParser(HTMLParser):
    """Collects visible text by paragraph, and the metadata in the head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.h1: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
            return
        if tag == "time" and a.get("datetime") and "time" not in self.meta:
            self.meta["time"] = a["datetime"]
        if tag == "title":
            self.in_title = True
            return
        if tag in _SKIPPED and tag not in _VOID:
            self.skip += 1
            return
        if tag == "h1" and not self.skip:
            self.in_h1 = True
        if tag == "br":
            self.chunks.append("\n")
        elif tag in _BLOCKS:
            self.chunks.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED and tag not in _VOID:
            self.skip = max(0, self.skip - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIPPED and tag not in _VOID:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "h1":
            self.in_h1 = False
        if tag in _BLOCKS:
            self.chunks.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip:
            return
        if self.in_h1:
            self.h1.append(data)
        self.chunks.append(data)

    def text(self) -> str:
        joined = _SPACES_RE.sub(" ", "".join(self.chunks))
        joined = "\n".join(line.strip() for line in joined.split("\n"))
        return _BREAKS_RE.sub("\n\n", joined).strip()


def _html_document(raw: str, warnings: list[str]) -> Document:
    parser = _ArticleParser()
    try:
        parser.feed(raw)
        parser.close()
    except (AssertionError, ValueError) as exc:  # malformed markup deep in the parser
        raise DocumentRefused(f"unreadable HTML ({exc})") from None
    text = parser.text()
    meta = parser.meta
    title = (
        meta.get("og:title")
        or " ".join("".join(parser.title_parts).split())
        or " ".join("".join(parser.h1).split())
        or None
    )
    published_raw = (
        meta.get("article:published_time")
        or meta.get("date")
        or meta.get("pubdate")
        or meta.get("datepublished")
        or meta.get("time")
    )
    published = _parse_any_date(published_raw) if published_raw else None
    return Document(
        text=text,
        title=title,
        outlet=meta.get("og:site_name") or meta.get("application-name") or None,
        author=meta.get("author") or meta.get("article:author") or None,
        published=published,
        url=parser.canonical or meta.get("og:url") or None,
        media_type=HTML,
        warnings=tuple(warnings),
    )


def _parse_any_date(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(value)


# -- entry points ---------------------------------------------------------------------------


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head:
        return HTML
    if text.startswith("---\n") or HEADING_RE.match(text.lstrip().split("\n", 1)[0]):
        return MARKDOWN
    return PLAIN


def document_from_text(
    text: str, media_type: str | None = None, warnings: list[str] | None = None
) -> Document:
    """Build a document from text already in memory.

    Args:
        text: the file's text (HTML source for HTML).
        media_type: "text/plain", "text/markdown" or "text/html"; sniffed when None.
        warnings: warnings to carry over (from decoding, for instance).

    Raises:
        DocumentRefused: when the text holds a NUL, or no text is left to store.
    """
    if "\x00" in text:
        # Past the first 8 KB that decoding sniffs, and no database can store it.
        raise DocumentRefused("binary data (NUL characters), not text")
    warnings = list(warnings or [])
    text = _normalise_newlines(text)
    media_type = media_type or _sniff(text)
    if media_type == HTML:
        doc = _html_document(text, warnings)
    else:
        fields: dict[str, str] = {}
        if media_type == MARKDOWN:
            fields, text = _front_matter(text)
        title, author, published = head_metadata(text)
        when = fields.get("date") or fields.get("published")
        doc = Document(
            text=text,
            title=fields.get("title") or title,
            outlet=fields.get("outlet") or fields.get("publisher") or fields.get("source"),
            author=fields.get("author") or fields.get("byline") or author,
            published=(_parse_any_date(when) if when else None) or published,
            url=fields.get("url") or fields.get("link"),
            media_type=media_type,
            warnings=tuple(warnings),
        )
    if not doc.text.strip():
        raise DocumentRefused("no text in the document")
    return doc


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read one file (plain text, Markdown or HTML) into a :class:`Document`.

    Args:
        path: the file to read.
        max_bytes: refuse files larger than this.

    Raises:
        DocumentRefused: the file is missing, empty, too large, binary, or has no text.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise DocumentRefused("not a regular file", str(p))
        if size == 0:
            raise DocumentRefused("empty file", str(p))
        if size > max_bytes:
            raise DocumentRefused(
                f"too large: {size / 1e6:.1f} MB (the limit is {max_bytes / 1e6:.1f} MB)", str(p)
            )
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentRefused(f"cannot read: {exc.strerror or exc}", str(p)) from None
    try:
        text, warnings = decode(data)
        media_type = _SUFFIXES.get(p.suffix.lower())
        return document_from_text(text, media_type, warnings)
    except DocumentRefused as exc:
        raise DocumentRefused(exc.reason, str(p)) from None
