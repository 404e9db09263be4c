"""Reading files into documents: formats, metadata and every kind of bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.extraction.heads import parse_date
from claims.ingest.documents import (
    HTML,
    MARKDOWN,
    PLAIN,
    DocumentRefused,
    decode,
    document_from_text,
    read_document,
)

ARTICLE = (
    "# Flood defences hold on the Lune\n\n"
    "Maria Okafor  \n"
    "3 March 2021\n\n"
    'The council said the walls held. "We were lucky," Ruiz said.\n'
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_plain_text_with_title_byline_and_dateline(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", ARTICLE))
    assert doc.text == ARTICLE
    assert doc.media_type == PLAIN
    assert doc.title == "Flood defences hold on the Lune"
    assert doc.author == "Maria Okafor"
    assert doc.published == date(2021, 3, 3)
    assert doc.warnings == ()


def test_markdown_front_matter(tmp_path: Path) -> None:
    source = (
        "---\n"
        "title: Walls hold\n"
        'outlet: "The Lune Gazette"\n'
        "author: Maria Okafor\n"
        "date: 2021-03-03\n"
        "url: https://gazette.example/walls\n"
        "---\n"
        "The council said the walls held.\n"
    )
    doc = read_document(write(tmp_path, "a.md", source))
    assert doc.media_type == MARKDOWN
    assert doc.text == "The council said the walls held.\n"
    assert (doc.title, doc.outlet, doc.author) == ("Walls hold", "The Lune Gazette", "Maria Okafor")
    assert doc.published == date(2021, 3, 3)
    assert doc.url == "https://gazette.example/walls"


def test_html_metadata_and_visible_text(tmp_path: Path) -> None:
    source = """<!DOCTYPE html><html><head>
    <title>Walls hold | The Lune Gazette</title>
    <meta name="author" content="Maria Okafor">
    <meta property="og:site_name" content="The Lune Gazette">
    <meta property="article:published_time" content="2021-03-03T08:00:00Z">
    <link rel="canonical" href="https://gazette.example/walls">
    <style>p { color: red }</style></head>
    <body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
    <article><h1>Walls hold</h1><p>The council said the walls &ldquo;held&rdquo;.</p>
    <p>Ruiz said: &quot;We were lucky.&quot;</p></article>
    <script>document.write("<p>said nothing</p>")</script><footer>Contact us</footer>
    </body></html>"""
    doc = read_document(write(tmp_path, "a.html", source))
    assert doc.media_type == HTML
    assert doc.text == (
        'Walls hold\n\nThe council said the walls \u201cheld\u201d.\n\nRuiz said: "We were lucky."'
    )
    assert doc.title == "Walls hold | The Lune Gazette"
    assert doc.outlet == "The Lune Gazette"
    assert doc.author == "Maria Okafor"
    assert doc.published == date(2021, 3, 3)
    assert doc.url == "https://gazette.example/walls"


def test_html_full_of_scripts_keeps_only_text(tmp_path: Path) -> None:
    scripts = "".join(f"<script>var a{i} = '<p>{i}</p>';</script>" for i in range(2000))
    source = f"<html><head>{scripts}</head><body>{scripts}<p>Only this.</p>{scripts}</body></html>"
    doc = read_document(write(tmp_path, "s.html", source))
    assert doc.text == "Only this."


def test_html_with_nothing_visible_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><script>alert(1)</script></html>")
    with pytest.raises(DocumentRefused, match="no text"):
        read_document(path)


def test_html_is_sniffed_without_a_suffix() -> None:
    doc = document_from_text("<html><body><p>Hello there.</p></body></html>")
    assert (doc.media_type, doc.text) == (HTML, "Hello there.")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentRefused) as info:
        read_document(write(tmp_path, "empty.txt", b""))
    assert info.value.reason == "empty file"
    assert info.value.path is not None and info.value.path.endswith("empty.txt")


def test_blank_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentRefused, match="no text"):
        read_document(write(tmp_path, "blank.txt", "  \n\n \t\n"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"abc\x00def\x00\x01\x02ghi", "binary"),
        (bytes(range(1, 9)) * 100, "binary"),
        (b"The mayor said so. " * 1000 + b"\x00 and after", "NUL characters"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(DocumentRefused, match=reason):
        read_document(write(tmp_path, "blob.txt", data))


def test_windows_1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    data = "The mayor said \u201cno\u201d to the caf\u00e9.".encode("cp1252")
    doc = read_document(write(tmp_path, "cp.txt", data))
    assert doc.text == "The mayor said \u201cno\u201d to the caf\u00e9."
    assert doc.warnings == ("not valid UTF-8: decoded as Windows-1252",)


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1() -> None:
    text, warnings = decode(b"caf\xe9 \x81")
    assert text == "caf\u00e9 \x81"
    assert warnings == ["not valid UTF-8: decoded as Latin-1"]


def test_utf8_byte_order_mark_and_utf16(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbfHello."))
    assert doc.text == "Hello."
    doc16 = read_document(write(tmp_path, "u16.txt", "Hello, \u00e9t\u00e9.".encode("utf-16")))
    assert doc16.text == "Hello, \u00e9t\u00e9."


def test_windows_line_endings_become_newlines(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "crlf.txt", b"One.\r\n\r\nTwo.\r\n"))
    assert doc.text == "One.\n\nTwo.\n"


def test_a_50_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(DocumentRefused, match="too large: 52.4 MB"):
        read_document(path)


def test_a_large_file_under_a_raised_limit_is_read(tmp_path: Path) -> None:
    body = ("The council said the walls held. " * 30 + "\n\n") * 2000
    path = write(tmp_path, "large.txt", body)
    doc = read_document(path, max_bytes=len(body) + 1)
    assert len(doc.text) == len(body)


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentRefused, match="cannot read"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(DocumentRefused, match="not a regular file"):
        read_document(tmp_path)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 June 2004", date(2004, 6, 1)),
        ("June 1, 2004", date(2004, 6, 1)),
        ("Nov. 19, 2015", date(2015, 11, 19)),
        ("2016-02-08", date(2016, 2, 8)),
        ("31 February 2004", None),
        ("no date here", None),
    ],
)
def test_parse_date(written: str, expected: date | None) -> None:
    assert parse_date(written) == expected
