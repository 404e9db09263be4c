"""``claims search`` and the speaker registry commands, on both backends, as a user runs them."""

from __future__ import annotations

import itertools

import pytest

from db.engine import Database
from tests.test_cli import claims


def test_search_json_has_ranked_hits_with_snippets(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    result = claims(capsys, seeded.url, "search", "truce OR ceasefire", "--json")
    assert result.code == 0, result.err
    page = result.json()
    assert page["total"] == 3 and page["total_exact"] is True
    assert {h["id"] for h in page["hits"]} == {5, 6, 7}
    for hit in page["hits"]:
        text = hit["snippet"]["text"]
        words = [text[s:e].lower() for s, e in hit["snippet"]["highlights"]]
        assert words and set(words) <= {"truce", "ceasefire"}
        assert hit["relevance"] > 0
    relevance = [h["relevance"] for h in page["hits"]]
    assert relevance == sorted(relevance, reverse=True)


def test_search_by_speaker_says_which_alias_matched(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    page = claims(capsys, seeded.url, "search", "--speaker", "kimit", "--json").json()
    assert [h["id"] for h in page["hits"]] == [5]
    match = page["hits"][0]["speaker_match"]
    assert match["name"] == "Mark Kimmitt" and match["method"] == "fuzzy"
    assert 75 <= match["score"] < 100
    table = claims(capsys, seeded.url, "search", "--speaker", "Gen. Kimmitt")
    assert table.code == 0 and "Mark Kimmitt" in table.out
    assert "matched: Mark Kimmitt (100" in table.err


def test_search_filters_combine_on_the_command_line(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    def found(*args: str) -> set[int]:
        result = claims(capsys, seeded.url, "search", *args, "--json")
        assert result.code == 0, result.err
        return {h["id"] for h in result.json()["hits"]}

    assert found("truce", "--tag", "najaf") == {6, 7}
    assert found("--relation", "contradicts", "--status", "disputed") == {5}
    assert found("--outlet", "World Socialist Web Site", "--since", "2004-06-01") == set(
        range(1, 14)
    )
    assert found("--until", "2004-05-31") == set()
    assert found("--event", "clash at the najaf cemetery", "militiamen") == {5}
    assert found("--source", "1", "occupation") == found("occupation") == {1, 4}
    assert found("--speaker", "Moqtada al-Sadr", "occupation") == {4}


def test_search_paging_and_table(seeded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    first = claims(capsys, seeded.url, "search", "truce OR ceasefire", "--limit", "2")
    assert first.code == 0
    assert "showing 1–2 of 3 claims" in first.err and "--offset" in first.err
    page = claims(
        capsys,
        seeded.url,
        "search",
        "truce OR ceasefire",
        "--limit",
        "2",
        "--offset",
        "2",
        "--json",
    ).json()
    assert page["offset"] == 2 and len(page["hits"]) == 1
    none = claims(capsys, seeded.url, "search", "zeppelin")
    assert none.code == 0 and "no claims match" in none.err
    nobody = claims(capsys, seeded.url, "search", "--speaker", "Zbigniew Nobody")
    assert nobody.code == 0 and "no speaker matches" in nobody.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (('"unclosed',), "unclosed quotation mark"),
        (("truce OR",), "OR needs a word on each side"),
        (("NOT truce",), "not only words to exclude"),
        (("truce", "--status", "maybe"), "unknown status"),
        (("truce", "--since", "yesterday"), "is not a date"),
        (("truce", "--relation", "refutes"), "unknown relation"),
        (("truce", "--event", "no such event"), "no event"),
    ],
)
def test_bad_search_input_is_one_line_and_exit_2_or_1(
    seeded: Database, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    result = claims(capsys, seeded.url, "search", *args)
    assert result.code in (1, 2)
    assert message in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_sql_looking_search_is_just_text(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    result = claims(capsys, seeded.url, "search", "'; DROP TABLE claim; --", "--json")
    assert result.code == 0, result.err
    assert result.json()["hits"] == []
    assert len(claims(capsys, seeded.url, "list", "--json", "--limit", "100").json()) == 13


# Text that would mean something to SQL, LIKE, FTS5, tsquery or a terminal, and NUL.
HOSTILE = [
    "'; DROP TABLE claim; --",
    "Robert'); DROP TABLE speaker;--",
    "' OR '1'='1",
    "%",
    "_",
    "%_%",
    '"',
    "*",
    "(",
    ")",
    "((zqx",
    "\\",
    "zq\x00zq",
    "[bold]x[/bold]",
    "\x1b[31mred",
]

# Each way a user's text selects claims or speakers, and what "nothing found" looks like.
SELECTIONS = [
    ("search", "{}", "--json"),
    ("search", "--speaker", "{}", "--json"),
    ("search", "--tag", "{}", "--json"),
    ("search", "--event", "{}", "--json"),
    ("search", "--outlet", "{}", "--json"),
    ("list", "--speaker", "{}", "--json"),
    ("list", "--tag", "{}", "--json"),
    ("list", "--event", "{}", "--json"),
    ("speakers", "{}", "--json"),
    ("report", "--speaker", "{}", "--format", "json"),
    ("report", "--tag", "{}", "--format", "json"),
    ("report", "--event", "{}", "--format", "json"),
]


def _found(out: object) -> list[object]:
    if isinstance(out, list):
        return out
    assert isinstance(out, dict)
    return list(out.get("hits", out.get("claims", [])))


def test_hostile_selection_text_is_just_text(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    before = claims(capsys, seeded.url, "export").out
    for text, template in itertools.product(HOSTILE, SELECTIONS):
        args = [text if part == "{}" else part for part in template]
        result = claims(capsys, seeded.url, *args)
        assert "Traceback" not in result.err and "database error" not in result.err, args
        if result.code:
            assert result.code in (1, 2), (args, result.err)
            assert result.err.startswith("error: ") and result.err.count("\n") == 1, args
        else:
            # No claim or speaker has this text, so nothing may match it: a wildcard or
            # an injected condition would match everything.
            assert _found(result.json()) == [], args
    assert claims(capsys, seeded.url, "export").out == before


def test_merge_and_unmerge_speakers(seeded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    # Sadr's representative (4) merged into Moqtada al-Sadr (2), then undone.
    merged = claims(capsys, seeded.url, "speakers", "merge", "2", "4", "--json")
    assert merged.code == 0, merged.err
    record = merged.json()
    assert record["into"] == 2 and record["claims"] == [6]
    assert record["speaker"]["claims"] == 4
    assert "Sadr's representative" in [a["alias"] for a in record["speaker"]["aliases"]]
    listed = claims(capsys, seeded.url, "list", "--speaker", "Moqtada al-Sadr", "--json").json()
    assert {r["id"] for r in listed} == {2, 3, 4, 6}
    again = claims(capsys, seeded.url, "speakers", "merge", "2", "4")
    assert again.code == 2 and "was merged into speaker 2" in again.err

    undone = claims(capsys, seeded.url, "speakers", "unmerge", "4", "--json")
    assert undone.code == 0, undone.err
    result = undone.json()
    assert result["claims_restored"] == 1 and result["claims_left"] == 0
    assert result["merge_audit_id"] == record["audit_id"]
    assert result["speaker"]["merged_into_id"] is None
    assert result["speaker"]["claims"] == 1
    listed = claims(capsys, seeded.url, "list", "--speaker", "Moqtada al-Sadr", "--json").json()
    assert {r["id"] for r in listed} == {2, 3, 4}
    not_merged = claims(capsys, seeded.url, "speakers", "unmerge", "4")
    assert not_merged.code == 2 and "is not merged" in not_merged.err


def test_alias_and_rename(seeded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    added = claims(capsys, seeded.url, "speakers", "alias", "3", "Brig. Gen. Kimmitt", "--json")
    assert added.code == 0, added.err
    assert "Brig. Gen. Kimmitt" in [a["alias"] for a in added.json()["aliases"]]
    weak = claims(capsys, seeded.url, "speakers", "alias", "3", "the coalition briefer", "--weak")
    assert weak.code == 0 and "weak" in weak.out
    briefer = claims(capsys, seeded.url, "speakers", "coalition briefer", "--json").json()
    assert 3 not in [s["id"] for s in briefer]
    found = claims(capsys, seeded.url, "speakers", "Brig Kimmitt", "--json").json()
    assert found[0]["id"] == 3
    renamed = claims(capsys, seeded.url, "speakers", "rename", "3", "Mark T. Kimmitt", "--json")
    assert renamed.code == 0, renamed.err
    data = renamed.json()
    assert data["name"] == "Mark T. Kimmitt"
    assert {"Mark Kimmitt", "Mark T. Kimmitt"} <= {a["alias"] for a in data["aliases"]}
    assert claims(capsys, seeded.url, "speakers", "kimit", "--json").json()[0]["name"] == (
        "Mark T. Kimmitt"
    )
    missing = claims(capsys, seeded.url, "speakers", "rename", "999", "Nobody")
    assert missing.code == 1 and "no speaker with id 999" in missing.err
