"""Properties that hold for any text: extraction never fails and every span is honest."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.batch import extract_jsonl
from claims.extraction.content_end import _CUT_RE, _OBJECT_CUT_RE, CUT_PATTERN, OBJECT_CUT_PATTERN

# Pieces of news prose, quotation marks of every kind and control characters, so that
# random texts hit the rules rather than only plain letters.
_PIECES = st.sampled_from(
    [
        "said",
        "told",
        "according to",
        "Ruiz",
        "the mayor",
        "he",
        "who",
        "that",
        "claimed",
        "denied",
        '"',
        "\u201c",
        "\u201d",
        "''",
        "'",
        ",",
        ".",
        ":",
        "\n\n",
        "\n",
        " ",
        " \u2014 ",
        "(",
        ")",
        "*",
        "Mr.",
        "(CPA)",
        "the CPA",
        "\x00",
        "\x0b",
        "\u200b",
        "is expected to",
        "adding that",
        "and declared",
        "assertion that",
        "'s criticism of",
        "by",
        "hopes to",
        "was criticized for",
        "reads:",
        "Q:",
        "Hale:",
        "\u2015",
        "''' said",
        "47%",
        ", 30,",
        "N.C.",
        "Garc\u00eda",
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=80).map("".join),
)


# Four times the profile's examples: extraction is fast and the rules are many.
@settings(max_examples=settings().max_examples * 4, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_extract_never_raises_and_spans_are_honest(text: str) -> None:
    for a in extract(text):
        assert a.content == " ".join(text[s:e] for s, e in a.content_spans)
        assert a.content_spans
        for s, e in a.speaker_spans + a.cue_spans + a.content_spans + a.via_spans:
            assert 0 <= s < e <= len(text)
        if a.speaker is not None:
            assert [text[s:e] for s, e in a.speaker_spans] == [a.speaker]
        assert a.cue == " ".join(text[s:e] for s, e in a.cue_spans)
        assert a.type in ("direct", "indirect", "mixed")
        assert 0 < a.confidence <= 1


@given(_TEXTS)
def test_extract_is_deterministic(text: str) -> None:
    assert extract(text) == extract(text)


def test_batch_lines_round_trip() -> None:
    lines = [
        '{"doc_id": "a", "text": "\\"Yes,\\" Ruiz said."}',
        "",
        '{"doc_id": "b", "text": ""}',
    ]
    out = list(extract_jsonl(lines))
    assert len(out) == 2
    assert out[0].startswith('{"doc_id": "a", "attributions": [{')
    assert out[1] == '{"doc_id": "b", "attributions": []}'


# Pieces that start or sit next to the stops of a content: joiners, dashes, reporting
# verbs, names and pronouns after a comma; words come with the space before them.
_CUT_WORDS = (
    "and but while whereas or yet after even to which said says told added adding"
    " according to denied claimed Cruz Mr. Ruiz he they I also has the plan working"
).split()
_CUT_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", ",", ";", " -", " --", " \u2014", "\u2013", '"', "\u201d"]
    + [" " + w for w in _CUT_WORDS]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CUT_PIECES, max_size=30).map("".join), st.integers(0, 200))
def test_cut_lookaheads_drop_no_stop(text: str, start: int) -> None:
    """The lookaheads that speed up the search for a content's end find every stop the
    alternatives themselves find, at the same place and of the same length."""
    for fast, bare in ((_CUT_RE, CUT_PATTERN), (_OBJECT_CUT_RE, OBJECT_CUT_PATTERN)):
        found = fast.search(text, start)
        expected = re.compile(bare).search(text, start)
        assert (found and found.span()) == (expected and expected.span())
