"""The seed article: every annotated attribution is found, with the annotated speaker.

The seed and its annotation are the project's own (``fixtures/extraction``), so this test
always runs. It matches attributions the way the shared metric does: content spans overlap
by more than 0.3 of both, and resolved speakers compare after dropping case, punctuation
and titles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claims.extraction import Attribution, extract
from claims.ingest.documents import read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extraction"
TRIM = " \t\n\r.,;:!?\"'\u201c\u201d\u2018\u2019()[]\u2014\u2013-"
TITLES = {"mr", "mrs", "ms", "dr", "gen", "general", "sheik", "sheikh", "the", "major"}


def _chars(text: str, spans: list[list[int]] | tuple[tuple[int, int], ...]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        while s < e and text[s] in TRIM:
            s += 1
        while e > s and text[e - 1] in TRIM:
            e -= 1
        out.update(range(s, e))
    return out


def _norm(name: str | None) -> str:
    words = re.sub(r"[^\w\s]", " ", (name or "").lower()).split()
    return " ".join(w for w in words if w not in TITLES)


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads((FIXTURES / "seed.gold.jsonl").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predicted(seed: dict) -> list[Attribution]:
    return extract(seed["text"])


def _match(text: str, gold: dict, predicted: list[Attribution]) -> Attribution | None:
    g = _chars(text, gold["content_span"])
    best = None
    best_overlap = 0
    for a in predicted:
        p = _chars(text, a.content_spans)
        overlap = len(g & p)
        if overlap / len(g) > 0.3 and overlap / len(p) > 0.3 and overlap > best_overlap:
            best, best_overlap = a, overlap
    return best


def test_the_stored_seed_is_the_annotated_text(seed: dict) -> None:
    doc = read_document(FIXTURES / "seed_article.txt")
    assert doc.text == seed["text"]
    assert doc.title == seed["meta"]["title"]
    assert doc.author == seed["meta"]["author"]
    assert doc.published is not None and doc.published.isoformat() == seed["meta"]["date"]


def test_every_seed_attribution_is_found(seed: dict, predicted: list[Attribution]) -> None:
    text = seed["text"]
    missing = [g["id"] for g in seed["attributions"] if _match(text, g, predicted) is None]
    assert missing == []


def test_seed_speakers_resolve_as_annotated(seed: dict, predicted: list[Attribution]) -> None:
    text = seed["text"]
    wrong = {}
    for g in seed["attributions"]:
        a = _match(text, g, predicted)
        assert a is not None
        if _norm(a.speaker_resolved) != _norm(g["speaker_canonical"]):
            wrong[g["id"]] = (a.speaker_resolved, g["speaker_canonical"])
    assert wrong == {}


def test_kimmitt_and_the_representative(seed: dict, predicted: list[Attribution]) -> None:
    by_id = {g["id"]: _match(seed["text"], g, predicted) for g in seed["attributions"]}
    kimmitt = by_id["S5"]
    assert kimmitt is not None and kimmitt.mention is not None
    assert kimmitt.speaker == "CPA spokesman General Mark Kimmitt"
    assert (kimmitt.mention.name, kimmitt.mention.title, kimmitt.mention.role) == (
        "Mark Kimmitt",
        "General",
        "CPA spokesman",
    )
    assert kimmitt.mention.organisation == "CPA"
    representative = by_id["S6"]
    assert representative is not None and representative.mention is not None
    assert representative.speaker_resolved == "representative of Moqtada al-Sadr"
    assert representative.mention.kind == "anonymous"
    assert representative.type == "mixed"


def test_seed_intermediaries(seed: dict, predicted: list[Attribution]) -> None:
    vias = {}
    for g in seed["attributions"]:
        a = _match(seed["text"], g, predicted)
        assert a is not None
        vias[g["id"]] = a.via
    expected = {g["id"]: g.get("via") for g in seed["attributions"]}
    assert vias == expected


def test_appeal_and_contact_lines_are_not_claims(predicted: list[Attribution], seed: dict) -> None:
    text = seed["text"]
    appeal = text.index("Watch David North")
    contact = text.index("To contact the")
    for a in predicted:
        assert not any(appeal <= s < appeal + 120 for s, _ in a.content_spans)
        assert not any(s >= contact for s, _ in a.content_spans)


def test_no_reading_beyond_the_annotation_but_beliefs_and_intentions(
    seed: dict, predicted: list[Attribution]
) -> None:
    # Unannotated readings left are a belief, an agreement and an intention, which news
    # annotation (PolNeAR) counts as attributions; participles, nouns and convened events
    # ("called a demonstration") are not read as statements.
    text = seed["text"]
    golds = [_chars(text, g["content_span"]) for g in seed["attributions"]]
    extra = []
    for a in predicted:
        p = _chars(text, a.content_spans)
        if not any(len(g & p) / len(g) > 0.3 and len(g & p) / len(p) > 0.3 for g in golds):
            extra.append(a.cue)
    assert sorted(extra) == ["believed", "has agreed", "is seeking"]
