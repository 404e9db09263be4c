"""Labels and headlines: a name, a colon and what that person said, with no cue word.

* ``headline``: the document's first line quotes someone (`Sanders: 'I will fight on'`,
  `'We Will Not Back Down,' Says Union Chief`);
* ``transcript``: an interview label opens a paragraph (`FALLIN: Well, we did ...`,
  `Rep. Trey Gowdy (R-S.C.): ...`);
* ``colon-label``: inside a paragraph, a name and a colon before a quotation
  (`Ruiz: "We will win."`).
"""

from __future__ import annotations

import re
from itertools import chain

from claims.extraction.content_end import trim
from claims.extraction.drafts import Draft
from claims.extraction.heads import headline
from claims.extraction.lexicon import NOT_LABELS, QUESTION_ANSWER
from claims.extraction.mentions import parse_mention
from claims.extraction.model import ORGANISATION, PERSON
from claims.extraction.rules.context import CueDocument

# A line opening with a name and a colon: a headline quote or a transcript label. Past the
# first line, a line is found from the line feed before it, which the engine can skip to,
# where a pattern opening with "^" would be tried at every position.
_LABEL = r"[ \t]*([A-Z][^\n:\"\u201c\u201d]{0,70}?)[ \t]*:[ \t]*(\S[^\n]*)$"
_FIRST_LABEL_RE = re.compile(r"(?m)^" + _LABEL)
_LABEL_RE = re.compile(r"(?m)\n" + _LABEL)
# "... - Jeffrey M. Jones: “...”", `Clinton: "..." Bush: "..."`: a name, a colon, a quotation.
# The colon and quotation mark are found first; the name is read backwards from the colon.
_COLON_QUOTE_RE = re.compile(r":[ \t]*(?=[\"\u201c])")
_NAME_BEFORE_COLON_RE = re.compile(
    r"(?:^|(?<=[.!?\"\u201d]\s)|(?<=\s[-\u2013\u2014]\s))"
    r"([A-Z][\w.\u2019'-]*(?:[ ][A-Z][\w.\u2019'-]*){0,3})$",
    re.MULTILINE,
)
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
# Quotations in a title line, in double or single marks.
_HEADLINE_QUOTE = (
    r"((?:[\"\u201c][^\"\u201c\u201d\n]{2,}[\"\u201d]"
    r"|['\u2018](?:[^'\u2018\u2019\n]|['\u2019]\w){2,}['\u2019]))"
)
# `Name: 'what they said'`: a label, a colon, a quotation closing the line.
_HEADLINE_LABEL_QUOTE_RE = re.compile(
    r"[ \t]*#*[ \t]*([A-Z][^:\n\"\u201c\u2018]{1,70}?)[ \t]*(:)[ \t]*" + _HEADLINE_QUOTE + r"[ \t]*"
)
# `'What they said,' Says Name`: a quotation, then the cue and the speaker.
_HEADLINE_QUOTE_SAYS_RE = re.compile(
    r"[ \t]*#*[ \t]*" + _HEADLINE_QUOTE + r"[ \t]+([Ss]ays|[Ss]aid)[ \t]+([A-Z][^\n:]{1,60}?)[ \t]*"
)


def labels(doc: CueDocument) -> None:
    """`Sanders: 'I will fight on'` as a headline, `FALLIN: Well, ...` in a transcript.

    A name and a colon attribute the rest of the line when the line is the document's
    first (a headline), or opens a paragraph with a speaker's name ("Rep. Trey Gowdy
    (R-S.C.):", "FALLIN:", "Q:"), as interview transcripts label their speakers. Inside
    a paragraph, a name and a colon before a quotation attribute the quotation.
    """
    text = doc.text
    if ":" not in text:
        return
    first = len(text) - len(text.lstrip())
    labelled: set[int] = set()
    head = _FIRST_LABEL_RE.match(text)
    for m in chain((head,) if head else (), _LABEL_RE.finditer(text)):
        label = m.group(1)
        on_first_line = m.start(1) == first
        if not _is_label(label, on_first_line):
            continue
        content = trim(text, m.start(2), m.end(2))
        if content is None or not _is_said(text[content[0] : content[1]], on_first_line):
            continue
        speaker = (m.start(1), m.end(1))
        colon_at = text.index(":", m.end(1))
        rule = "headline" if on_first_line else "transcript"
        doc.drafts.append(Draft([(colon_at, colon_at + 1)], [content], rule, speaker=speaker))
        labelled.add(m.start(1))
    for m in _COLON_QUOTE_RE.finditer(text):
        colon_at = m.start()
        name = _NAME_BEFORE_COLON_RE.search(text, max(0, colon_at - 60), colon_at)
        if name is None or name.start(1) in labelled or doc.lay.inside_quote(colon_at):
            continue
        if not _is_label(name.group(1), False):
            continue
        q = doc.lay.quote_starting(m.end())
        span = trim(text, q.start, q.end) if q is not None else None
        if span is None:
            continue
        colon = (colon_at, colon_at + 1)
        doc.drafts.append(Draft([colon], [span], "colon-label", speaker=name.span(1)))


def quoting_headline(doc: CueDocument) -> None:
    """A title line that quotes someone: `Warren Hammers CEO: 'You Should Be ...'`,
    `'We Will Not Back Down,' Says Union Chief`. Quotations in single marks, which
    the layout leaves to apostrophes, count here: headlines use them."""
    text = doc.text
    first = len(text) - len(text.lstrip())
    end = text.find("\n", first)
    if end == -1 or headline(text) is None:
        return
    if any(first <= d.cue_spans[0][0] < end for d in doc.drafts):
        return
    m = _HEADLINE_LABEL_QUOTE_RE.fullmatch(text, first, end)
    if m is not None:
        speaker, cue, content = m.span(1), m.span(2), m.span(3)
    else:
        m = _HEADLINE_QUOTE_SAYS_RE.fullmatch(text, first, end)
        if m is None:
            return
        content, cue, speaker = m.span(1), m.span(2), m.span(3)
    doc.drafts.append(Draft([cue], [content], "headline", speaker=speaker))


def _is_label(label: str, in_headline: bool) -> bool:
    """True when ``label`` before a colon names who speaks: "Matthews", "Sen. Jo Ray (D)".

    A headline's label is any run of capitalised words; elsewhere the label must read as
    a named person or organisation (or Q and A, or a name in capitals), so that "Note:",
    "The result:" and "Here's why:" stay prose.
    """
    words = label.replace("\u2019", "'").split()
    if not words or len(words) > 8 or words[0].lower() in NOT_LABELS:
        return False
    if " - " in label or " -- " in label:
        return False  # "Pollsters agree - Carl Bialik": the name is the last part
    if label in QUESTION_ANSWER:
        return False
    if any(c in label for c in "!?;,\u2014") or label.endswith(("'s", "\u2019s")):
        return False
    if in_headline:
        return len(words) <= 5 and all(w[0].isupper() or w[0] == "&" for w in words)
    if label.isupper():
        return len(label) > 2
    mention = parse_mention(label)
    return mention.name is not None and mention.kind in (PERSON, ORGANISATION)


def _is_said(content: str, in_headline: bool) -> bool:
    """True when the words after a label read as something said.

    "Clinton: 1,769" is a tally, "Iowa: Tim Albrecht, Brad Anderson, ..." a list of names,
    and "Rubio: Finish second." a section heading.
    """
    words = _WORD_RE.findall(content)
    if len(words) < (2 if in_headline else 4):
        return False
    parts = [p.strip() for p in content.split(",")]
    return len(parts) < 3 or not all(p[:1].isupper() and len(p.split()) <= 4 for p in parts)
