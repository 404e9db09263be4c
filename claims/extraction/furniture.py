"""The furniture of a page: lines that are no part of any attribution.

A title line ("Harbour Authority Denies Dredging Caused Fish Deaths") reads like a report
but says what the article is about, not who said what; a Markdown heading likewise. Only a
heading that quotes someone attributes (`Obama Says Museum Will Tell of 'Suffering.'`,
`Rush Limbaugh: Hillary ... 'Reeks of Fear.'`), as annotated news has it.

Appeals and contact lines ("Watch ... donate today", "For more information contact ...",
"Follow us on Twitter", "Anyone with information should call ...") address the reader:
no cue in them attributes, and no content runs into them.
"""

from __future__ import annotations

import re

from claims.extraction.heads import headline
from claims.extraction.model import Span

# A quotation in a heading: a double mark anywhere, or a single one opening a word (not
# the apostrophe of "Clinton's").
_QUOTED_RE = re.compile(r"[\"\u201c\u201d]|''|(?:^|(?<=[\s(]))['\u2018]\w")
# A first line whose sentence runs on past a page break: "... will be negotiated\n\nwith".
_RUNS_ON_RE = re.compile(r"\s*[a-z]")
_HEADING_RE = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+\S[^\n]*$")

# How an appeal or a contact line opens a sentence or a line; it runs to the sentence's
# end, and the appeals after it in its paragraph are found on their own.
_APPEAL_OPENERS = (
    r"Watch\b(?![^\n.]*\b(?:said|says)\b)"
    r"|Listen (?:to|now)\b|Read (?:more|the full|our)\b|Click here\b|Share this\b"
    r"|Follow (?:us|@\w+|(?:[A-Z][\w.'\u2019-]*[ \t]+){1,3}on (?:Twitter|Facebook|Instagram"
    r"|X|LinkedIn|Threads|TikTok))\b"
    r"|Like us\b|Subscribe\b|Sign up\b|Please (?:donate|support|subscribe|contact|call)\b"
    r"|Donate\b|Support (?:us|our|independent|local)\b|Help us\b"
    r"|(?:For|To get) (?:more|further) information\b|To contact\b|Contact us\b"
    r"|Anyone with (?:any )?information\b|If you have (?:any )?information\b"
    r"|Got a (?:news )?tip\b|Send (?:us )?(?:your )?tips\b"
)
# The end of a sentence: a full stop before a space and a capital (not the one of
# "example.org"), or the end of the line.
_SENTENCE_END = r"[^\n]*?(?:[.!?]+(?=[ \t]+[A-Z\"\u201c]|[ \t]*(?:\n|$))|(?=\n)|$)"
_APPEAL_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?][ \t])|(?<=[.!?][\"\u201d'\u2019][ \t]))[ \t]*(?:"
    + _APPEAL_OPENERS
    + ")"
    + _SENTENCE_END
)
_SENTENCE_END_RE = re.compile(_SENTENCE_END)
# A sentence elsewhere that is an appeal all the same: "... and support our reporting:
# donate today."
_DONATE_RE = re.compile(r"\bdonate (?:today|now|here)\b", re.IGNORECASE)


def heading_spans(text: str) -> list[Span]:
    """The title line (when the first line reads as a headline) and Markdown headings,
    unless they quote someone."""
    spans: list[Span] = []
    if headline(text) is not None:
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if not _RUNS_ON_RE.match(text, end):
            spans.append((start, end))
    for m in _HEADING_RE.finditer(text):
        if not spans or m.start() >= spans[0][1]:
            spans.append(m.span())
    return [(s, e) for s, e in spans if not _QUOTED_RE.search(text, s, e)]


# Words every appeal holds: most articles have none, and are spared the search.
_APPEAL_WORDS = (
    "Watch",
    "Listen",
    "Read ",
    "Click",
    "Share",
    "Follow",
    "Like us",
    "Subscribe",
    "Sign up",
    "Please",
    "onate",
    "Support",
    "Help us",
    "information",
    "contact",
    "Contact",
    "tip",
    "ONATE",
)


def _lines_with_appeal_words(text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` that hold a word some appeal holds, in order: the only places
    an appeal can start (most articles have none)."""
    lines: set[tuple[int, int]] = set()
    for word in _APPEAL_WORDS:
        at = text.find(word)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            lines.add((start, end))
            at = text.find(word, end)
    return sorted(lines)


def appeal_spans(text: str) -> list[Span]:
    """Appeals and contact lines, a sentence each (merged when they follow each other)."""
    spans = []
    for start, end in _lines_with_appeal_words(text):
        # The pattern looks behind ``start`` as on the whole text, so a line searched
        # alone finds what a search of the whole text would find there.
        for m in _APPEAL_RE.finditer(text, start, end):
            spans.append((m.start() + len(m.group()) - len(m.group().lstrip()), m.end()))
        for m in _DONATE_RE.finditer(text, start, end):
            # The sentence holding it, back to the previous full stop or line.
            at = 1 + max(text.rfind(p, 0, m.start()) for p in ("\n", ". ", "! ", "? "))
            while text[at] in " \t":
                at += 1
            found = _SENTENCE_END_RE.match(text, m.end())
            spans.append((at, found.end() if found else m.end()))
    return merged_spans(spans)


def furniture_spans(text: str) -> list[Span]:
    """Every stretch of ``text`` that no attribution may use, sorted and merged."""
    return merged_spans(heading_spans(text) + appeal_spans(text))


def merged_spans(spans: list[Span]) -> list[Span]:
    """``spans`` sorted, those that touch or overlap made one."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
