"""Fuzzing the importer and the command line: whatever comes in, a clear error or success,
never a crash, and nothing half-written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from claims.bundle import import_bundle, parse_bundle
from claims.demo import seed_bundle_path
from db.engine import Database, open_database
from db.errors import BundleError
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
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = open_database(str(tmp_path_factory.mktemp("fuzz") / "scratch.db"))
    yield database  # type: ignore[misc]
    database.dispose()


def _import_or_refuse(database: Database, raw: str | bytes) -> None:
    try:
        bundle = parse_bundle(raw, "fuzz.json")
    except BundleError as exc:
        assert str(exc).startswith("fuzz.json: ")
        return
    with Session(database.engine) as session:
        before = _count(session)
        try:
            import_bundle(session, bundle, "fuzz.json")
        except BundleError:
            session.rollback()
            assert _count(session) == before
        else:
            session.rollback()  # keep the scratch database empty for the next example


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
    except BundleError:
        pass


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=mutated_seed())
def test_mutated_bundles_import_whole_or_not_at_all(scratch: Database, raw: str) -> None:
    _import_or_refuse(scratch, raw)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_refused(depth: int) -> None:
    with pytest.raises(BundleError, match="fuzz.json"):
        parse_bundle("[" * depth + "]" * depth, "fuzz.json")


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
    "*",
    "nan",
    "2004-05-30",
    "../../etc/passwd",
]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=6))
def test_any_arguments_give_a_clear_outcome(
    argv: list[str],
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = str(tmp_path_factory.getbasetemp() / "cli-fuzz.db")
    if not Path(db).exists():
        assert run(capsys, "--db", db, "demo").code == 0
    if "-o" in argv:  # never let a random argument list write files outside the sandbox
        argv = [a for a in argv if a != "-o"]
    result = run(capsys, "--db", db, *argv)
    assert result.code in {0, 1, 2, 3, 4}, (argv, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, argv
    if result.code:
        assert result.err.startswith("error: "), (argv, result.err)
