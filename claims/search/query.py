"""What a user types into a search box, parsed once and written out for each engine.

The user's words never reach the database as query syntax: they are parsed here into a
small tree and rendered as an FTS5 query (SQLite) or a ``to_tsquery`` string (PostgreSQL)
in which every word is quoted. Only these forms mean something:

- ``word`` and ``"a quoted phrase"``: all of them must occur (in any order);
- ``word*`` and ``"a phrase"*``: the last word is a prefix ("ceasef*" finds "ceasefire");
- ``a OR b``: either (``OR`` in capitals; it binds tighter than the implicit AND);
- ``-word``, ``NOT word``, ``-"a phrase"``, ``-(a OR b)``: exclude;
- ``( ... )``: grouping.

Anything else is text: punctuation separates words, so ``'; DROP TABLE claim; --`` searches
for the words "drop", "table" and "claim". A malformed query (an unclosed quotation mark or
parenthesis, a dangling OR, nothing but exclusions) raises ``InvalidValueError`` saying what
is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from db.errors import InvalidValueError

#: What counts as a word: letters and digits (punctuation and underscores separate words, as
#: in both engines' tokenizers).
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Term:
    """One word, or a phrase of adjacent words; ``prefix`` makes the last word a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Matches when any of its parts does."""

    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Matches when every part in ``required`` does and none in ``excluded``."""

    required: tuple[Node, ...]
    excluded: tuple[Node, ...] = ()


Node = Term | AnyOf | AllOf


@dataclass(frozen=True, slots=True)
class TextQuery:
    """A parsed search: the tree, and the text it came from."""

    source: str
    root: Node

    def fts5(self) -> str:
        """The query in SQLite FTS5's syntax, every word quoted."""
        return _fts5(self.root)

    def tsquery(self) -> str:
        """The query in PostgreSQL's ``to_tsquery`` syntax, every word quoted."""
        return _tsquery(self.root)

    def words(self) -> list[str]:
        """Every word the query looks for (not the excluded ones), in order."""
        return list(_words(self.root))


def _words(node: Node) -> Iterator[str]:
    if isinstance(node, Term):
        yield from node.words
    elif isinstance(node, AnyOf):
        for part in node.parts:
            yield from _words(part)
    else:
        for part in node.required:
            yield from _words(part)


def _fts5(node: Node) -> str:
    if isinstance(node, Term):
        return '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(_fts5(p) for p in node.parts) + ")"
    text = "(" + " AND ".join(_fts5(p) for p in node.required) + ")"
    for part in node.excluded:
        text = f"({text} NOT {_fts5(part)})"
    return text


def _tsquery(node: Node) -> str:
    if isinstance(node, Term):
        quoted = [f"'{w}'" for w in node.words]
        if node.prefix:
            quoted[-1] += ":*"
        return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"
    if isinstance(node, AnyOf):
        return "(" + " | ".join(_tsquery(p) for p in node.parts) + ")"
    parts = [_tsquery(p) for p in node.required] + [f"!{_tsquery(p)}" for p in node.excluded]
    return "(" + " & ".join(parts) + ")"


# --- Parsing ------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(")|(\()|(\))|(-(?=[^\W_]|["(]))|([^\s"()]+))')
_OPERATORS = {"OR", "AND", "NOT"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    """``term``, ``(``, ``)``, ``OR``, ``AND`` or ``NOT``."""
    term: Term | None = None


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None or found.end() == position:
            break
        position = found.end()
        quote, opening, closing, minus, raw = found.groups()
        if quote:
            end = text.find('"', position)
            if end < 0:
                raise InvalidValueError(
                    f'unclosed quotation mark in search {text!r}: close the phrase with another "'
                )
            phrase = WORD.findall(text[position:end])
            position = end + 1
            prefix = text.startswith("*", position)
            position += prefix
            if phrase:
                tokens.append(_Token("term", Term(tuple(phrase), prefix)))
        elif opening:
            tokens.append(_Token("("))
        elif closing:
            tokens.append(_Token(")"))
        elif minus:
            tokens.append(_Token("NOT"))
        elif raw in _OPERATORS:
            tokens.append(_Token(raw))
        elif raw:
            words = WORD.findall(raw)
            if words:
                tokens.append(_Token("term", Term(tuple(words), raw.endswith("*"))))
            elif "*" in raw:
                raise InvalidValueError(f"'*' must end a word in search {text!r}, as in ceasef*")
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def fail(self, problem: str) -> InvalidValueError:
        return InvalidValueError(f"{problem} in search {self.text!r}")

    def parse(self) -> Node:
        node = self.all_of()
        if self.peek() == ")":
            raise self.fail("a ')' has no matching '('")
        return node

    def all_of(self) -> Node:
        required: list[Node] = []
        excluded: list[Node] = []
        while self.peek() not in (None, ")"):
            if self.peek() == "AND":
                self.at += 1
                if not (required or excluded) or self.peek() in (None, ")", "OR", "AND"):
                    raise self.fail("AND needs a word on each side")
                continue
            negated = False
            while self.peek() == "NOT":
                self.at += 1
                negated = not negated
            if self.peek() in (None, ")"):
                raise self.fail("NOT (or '-') needs a word after it")
            node = self.any_of()
            (excluded if negated else required).append(node)
        if not required:
            if excluded:
                raise self.fail("a search needs a word to look for, not only words to exclude")
            raise self.fail("there are no words to look for")
        if len(required) == 1 and not excluded:
            return required[0]
        return AllOf(tuple(required), tuple(excluded))

    def any_of(self) -> Node:
        parts = [self.atom()]
        while self.peek() == "OR":
            self.at += 1
            if self.peek() in (None, ")", "OR", "AND"):
                raise self.fail("OR needs a word on each side")
            parts.append(self.atom())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def atom(self) -> Node:
        kind = self.peek()
        if kind == "term":
            token = self.tokens[self.at]
            self.at += 1
            assert token.term is not None
            return token.term
        if kind == "(":
            self.at += 1
            node = self.all_of()
            if self.peek() != ")":
                raise self.fail("a '(' is never closed")
            self.at += 1
            return node
        if kind == "OR":
            raise self.fail("OR needs a word on each side")
        if kind == "NOT":
            raise self.fail("NOT cannot be part of an OR; put the exclusion outside it")
        raise self.fail(f"unexpected {kind!r}")


def parse_text_query(text: str) -> TextQuery:
    """Parse what the user typed; see the module docstring for the syntax.

    Raises:
        InvalidValueError: The query is malformed or has no words to look for.
    """
    return TextQuery(text, _Parser(text).parse())
