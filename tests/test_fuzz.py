"""Fuzzing the importer, the search box and the command line, on SQLite and PostgreSQL:
whatever comes in, a clear error or success, never a crash, and nothing half-written.

The extractor's properties are in ``test_extraction_properties``, the query parser's own in
``test_text_query``. ``HYPOTHESIS_PROFILE=fuzz`` runs every target for thousands of cases."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from claims.exports.bundle import import_bundle, parse_bundle
from claims.ingest.demo import load_seed, seed_bundle_path
from claims.search.claims import ClaimQuery, search_claims
from db.engine import Database, open_database
from db.errors import BundleError, InvalidValueError
from db.models import Claim, Source, Speaker
from tests.cli import run

SEED: dict[str, Any] = json.loads(seed_bundle_path().read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.text(alphabet="\x00\x1b<>&'\"\\", max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


SEED_PATHS = [p for p in _paths(SEED) if p]


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """The seed bundle with a few values replaced, removed or duplicated, maybe truncated."""
    bundle = copy.deepcopy(SEED)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(SEED_PATHS))
        parent: Any = bundle
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
            if action == "replace":
                parent[path[-1]] = draw(json_values)
            elif action == "delete" and isinstance(parent, dict):
                del parent[path[-1]]
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(bundle)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _count(session: Session) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.exec(select(func.count()).select_from(m)).one() for m in (Source, Speaker, Claim)
    )


@pytest.fixture(scope="module")
def scratch(module_db_urls: Callable[[], str]) -> Iterator[Database]:
    """An empty database on each backend that every example leaves empty."""
    database = open_database(module_db_urls())
    yield database
    database.dispose()


def _seeded(url: str) -> Database:
    database = open_database(url)
    with database.session(write=True) as session:
        load_seed(session)
    return database


@pytest.fixture(scope="module")
def seed_archive(module_db_urls: Callable[[], str]) -> Iterator[Database]:
    """The seed on each backend, which searches read and never change."""
    database = _seeded(module_db_urls())
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def cli_archive(module_db_urls: Callable[[], str]) -> str:
    """The URL of the seed on each backend, for random command lines to change as they will."""
    database = _seeded(module_db_urls())
    database.dispose()
    return database.url


def _import_or_refuse(database: Database, raw: str | bytes) -> None:
    try:
        bundle = parse_bundle(raw, "fuzz.json")
    except BundleError as exc:
        assert str(exc).startswith("fuzz.json: ")
        event("refused when read")
        return
    with Session(database.engine) as session:
        before = _count(session)
        try:
            import_bundle(session, bundle, "fuzz.json")
        except BundleError:
            session.rollback()
            assert _count(session) == before
            event("refused when imported")
        else:
            session.rollback()  # keep the scratch database empty for the next example
            event("imported")


@given(raw=st.binary(max_size=300) | st.text(max_size=300))
def test_any_bytes_are_parsed_or_refused(raw: bytes | str) -> None:
    try:
        parse_bundle(raw, "fuzz.json")
    except BundleError as exc:
        assert str(exc).startswith("fuzz.json: ")


@given(value=json_values)
def test_wrong_typed_json_is_refused(value: Any) -> None:
    text = json.dumps({"format": "claimtrack-bundle", "version": 1, "claims": value})
    try:
        parse_bundle(text, "fuzz.json")
    except BundleError as exc:
        assert str(exc).startswith("fuzz.json: ")


def _seed_with(path: tuple[Any, ...], raw_value: str) -> str:
    """The seed's JSON with the value at ``path`` replaced by the JSON text ``raw_value``."""
    bundle = copy.deepcopy(SEED)
    parent: Any = bundle
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = "\uffffplaceholder"
    return json.dumps(bundle).replace('"\\uffffplaceholder"', raw_value, 1)


@st.composite
def nested_in_seed(draw: st.DrawFn) -> str:
    """The seed with one value, anywhere, replaced by arrays and objects nested 1 to 200,000
    deep (and maybe cut short)."""
    depth = draw(st.integers(1, 200_000))
    event(f"nested up to {10 ** len(str(depth)):,} deep")
    shape = draw(st.text(alphabet="[{", min_size=1, max_size=3))
    openers = (shape * (depth // len(shape) + 1))[:depth]
    inner = draw(st.sampled_from(["1", '"x"', "null", "[]", "{}"]))
    text = (
        "".join('{"k": ' if c == "{" else "[" for c in openers)
        + inner
        + "".join("}" if c == "{" else "]" for c in reversed(openers))
    )
    raw = _seed_with(draw(st.sampled_from(SEED_PATHS)), text)
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


@st.composite
def huge_in_seed(draw: st.DrawFn) -> str:
    """The seed with one value, anywhere, replaced by something huge: a string of up to
    three million characters, a list of up to 200,000 items, or a number of thousands of
    digits."""
    size = draw(st.integers(1_000, 3_000_000))
    kind = draw(st.sampled_from(["string", "list", "number", "float"]))
    event(f"{kind}, size up to {10 ** len(str(size)):,}")
    if kind == "string":
        text = json.dumps(draw(st.characters(codec="utf-8")) * size)
    elif kind == "list":
        text = "[" + ", ".join([draw(st.sampled_from(["1", '"a"', "{}"]))] * (size // 15)) + "]"
    elif kind == "number":
        text = "9" * (size // 300)
    else:
        text = "1." + "5" * (size // 300) + "e308"
    return _seed_with(draw(st.sampled_from(SEED_PATHS)), text)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=mutated_seed())
def test_mutated_bundles_import_whole_or_not_at_all(scratch: Database, raw: str) -> None:
    _import_or_refuse(scratch, raw)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_refused(depth: int) -> None:
    with pytest.raises(BundleError, match="fuzz.json"):
        parse_bundle("[" * depth + "]" * depth, "fuzz.json")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=nested_in_seed())
def test_nesting_anywhere_imports_whole_or_not_at_all(scratch: Database, raw: str) -> None:
    _import_or_refuse(scratch, raw)


@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)
@given(raw=huge_in_seed())
def test_huge_values_anywhere_import_whole_or_not_at_all(scratch: Database, raw: str) -> None:
    _import_or_refuse(scratch, raw)


def test_a_number_too_long_for_python_is_refused_clearly() -> None:
    with pytest.raises(BundleError, match="fuzz.json: a number too long"):
        parse_bundle('{"format": "claimtrack-bundle", "version": ' + "9" * 5_000 + "}", "fuzz.json")


# What people type into a search box, and what they might paste: SQL, LIKE wildcards, FTS5
# and tsquery operators, quotes, parentheses, escapes and control characters.
search_text = st.text(max_size=60) | st.lists(
    st.sampled_from(
        [
            "truce",
            "ceasefire",
            "Kimmitt",
            "OR",
            "AND",
            "NOT",
            "-",
            "*",
            "%",
            "_",
            '"',
            "'",
            "(",
            ")",
            ":",
            "&",
            "|",
            "!",
            "<->",
            "\\",
            "\x00",
            "\x1b[31m",
            "'; DROP TABLE claim; --",
            "NEAR(",
            "^",
            " ",
        ]
    ),
    max_size=10,
).map("".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=search_text, speaker=st.none() | search_text)
def test_any_search_is_answered_or_refused_on_both_backends(
    seed_archive: Database, text: str, speaker: str | None
) -> None:
    with seed_archive.session() as session:
        try:
            page = search_claims(session, ClaimQuery(text=text, speaker=speaker), limit=20)
        except InvalidValueError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert len(page.hits) <= page.total
            for hit in page.hits:
                shown = hit.snippet.text
                for start, end in hit.snippet.spans:
                    assert 0 <= start < end <= len(shown)
        assert session.exec(select(func.count()).select_from(Claim)).one() == 13


def test_huge_bundle_field_is_refused_clearly() -> None:
    bundle = copy.deepcopy(SEED)
    bundle["speakers"][0]["name"] = "x" * 5_000_000
    with pytest.raises(BundleError, match=r"speakers\[0\].*longer than 300"):
        parse_bundle(json.dumps(bundle), "fuzz.json")


WORDS = [
    "add",
    "list",
    "show",
    "link",
    "unlink",
    "tag",
    "untag",
    "review",
    "history",
    "speakers",
    "events",
    "event",
    "export",
    "import",
    "db",
    "info",
    "upgrade",
    "demo",
    "--json",
    "--speaker",
    "--content",
    "--status",
    "--relation",
    "--note",
    "--limit",
    "--tag",
    "--event",
    "--source",
    "--type",
    "--via",
    "--cue",
    "--if-version",
    "-o",
    "--help",
    "1",
    "5",
    "6",
    "0",
    "-1",
    "99999999999999999999",
    "disputed",
    "contradicts",
    "kimit",
    "'; DROP TABLE claim; --",
    "\x1b[31mred",
    "<script>alert(1)</script>",
    "",
    "%",
    "_",
    "*",
    "(",
    '"unclosed',
    "zq\x00zq",
    "search",
    "report",
    "suggest",
    "--outlet",
    "--format",
    "--offset",
    "--since",
    "--all",
    "md",
    "nan",
    "2004-05-30",
    "../../etc/passwd",
]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=6))
def test_any_arguments_give_a_clear_outcome(
    argv: list[str],
    cli_archive: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative path among the arguments lands in the sandbox
    if "-o" in argv:  # never let a random argument list write files outside the sandbox
        argv = [a for a in argv if a != "-o"]
    result = run(capsys, "--db", cli_archive, *argv)
    assert result.code in {0, 1, 2, 3, 4}, (argv, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, argv
    if result.code:
        assert result.err.startswith("error: "), (argv, result.err)
