"""Parsing what users type into a search box: every form, every mistake, hostile input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.search.query import parse_text_query
from db.errors import InvalidValueError


@pytest.mark.parametrize(
    ("typed", "fts5", "tsquery"),
    [
        ("ceasefire", '"ceasefire"', "'ceasefire'"),
        ("militia ceasefire", '("militia" AND "ceasefire")', "('militia' & 'ceasefire')"),
        (
            '"heard of the ceasefire"',
            '"heard of the ceasefire"',
            "('heard' <-> 'of' <-> 'the' <-> 'ceasefire')",
        ),
        ("ceasef*", '"ceasef"*', "'ceasef':*"),
        ('"mahdi arm"*', '"mahdi arm"*', "('mahdi' <-> 'arm':*)"),
        (
            "najaf OR karbala ceasefire",
            '(("najaf" OR "karbala") AND "ceasefire")',
            "(('najaf' | 'karbala') & 'ceasefire')",
        ),
        ("-truce militia", '(("militia") NOT "truce")', "('militia' & !'truce')"),
        ("militia NOT truce", '(("militia") NOT "truce")', "('militia' & !'truce')"),
        ("al-Sadr", '"al Sadr"', "('al' <-> 'Sadr')"),
        ("x AND y", '("x" AND "y")', "('x' & 'y')"),
        (
            "(a OR b) -(c OR d) e",
            '((("a" OR "b") AND "e") NOT ("c" OR "d"))',
            "(('a' | 'b') & 'e' & !('c' | 'd'))",
        ),
        ("or and not", '("or" AND "and" AND "not")', "('or' & 'and' & 'not')"),
    ],
)
def test_each_form_is_written_for_both_engines(typed: str, fts5: str, tsquery: str) -> None:
    parsed = parse_text_query(typed)
    assert parsed.fts5() == fts5
    assert parsed.tsquery() == tsquery


def test_sql_looking_input_is_just_words() -> None:
    parsed = parse_text_query("'; DROP TABLE claim; --")
    assert parsed.words() == ["DROP", "TABLE", "claim"]
    assert parsed.fts5() == '("DROP" AND "TABLE" AND "claim")'
    assert "'" not in parsed.tsquery().replace("'DROP'", "").replace("'TABLE'", "").replace(
        "'claim'", ""
    )


def test_quotes_inside_words_cannot_break_out() -> None:
    parsed = parse_text_query("O'Brien said \"it's over\"")
    assert parsed.words() == ["O", "Brien", "said", "it", "s", "over"]
    assert parsed.fts5() == '("O Brien" AND "said" AND "it s over")'


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ('"unclosed phrase', "unclosed quotation mark"),
        ("OR ceasefire", "OR needs a word on each side"),
        ("ceasefire OR", "OR needs a word on each side"),
        ("a OR OR b", "OR needs a word on each side"),
        ("-truce", "not only words to exclude"),
        ("NOT truce", "not only words to exclude"),
        ("militia NOT", "needs a word after it"),
        ("(najaf", "never closed"),
        ("najaf)", "no matching '('"),
        ("*", "'*' must end a word"),
        ("--", "no words to look for"),
        ('""', "no words to look for"),
        ("a OR -b", "NOT cannot be part of an OR"),
        ("AND x", "AND needs a word on each side"),
        ("x AND", "AND needs a word on each side"),
    ],
)
def test_malformed_queries_say_what_is_wrong(typed: str, problem: str) -> None:
    with pytest.raises(InvalidValueError, match=re.escape(problem)) as raised:
        parse_text_query(typed)
    assert typed in str(raised.value) or repr(typed) in str(raised.value)


@given(st.text(max_size=60))
def test_any_input_parses_or_is_refused_cleanly(typed: str) -> None:
    try:
        parsed = parse_text_query(typed)
    except InvalidValueError:
        return
    fts5 = parsed.fts5()
    # Every word sits inside double quotes: nothing the user typed is FTS5 syntax.
    assert fts5.count('"') % 2 == 0
    outside = "".join(fts5.split('"')[::2])
    assert set(outside) <= set("()* ANDORT")
    assert parsed.words()
