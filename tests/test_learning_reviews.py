"""Learning from reviews: the mistakes a reviewer rejects or corrects are not made again.

Articles are ingested into a real archive by the rules, which misread two kinds of
sentence: "A charity called Friends of the Valley raised money" is not a statement, and in
"Ms. Okafor pointed to the river and then walked away" only "the river" is what she pointed
to. A reviewer rejects the first kind as not a claim and corrects the second; a model
retrained from the reviews reads new articles of the same kind right.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlmodel import select

from claims.extraction import extract
from claims.ingest.run import ingest_paths
from claims.learning.model import train_model
from claims.learning.reviews import review_documents
from claims.review.corrections import Span, SpanKind, correct_spans
from claims.review.edits import set_status
from db.engine import Database
from db.models import Claim
from tests.cli import run

_NAMES = ["Friends of the Valley", "Hope for Harbour Street", "The Lantern Trust", "Open Doors"]
_PLACES = ["the river", "the old mill", "the flooded road", "the new bridge"]
_CLAUSES = [
    "the budget would be balanced by the end of the year",
    "the bridge had been closed for repairs since the storm",
    "nobody on the council had read the report before the vote",
    "the plant would reopen in the spring",
]
_SPEAKERS = ["Senator Grey", "Mr. Alvarez", "The mayor", "A spokeswoman"]


def article(rng: random.Random) -> str:
    """An article of real statements and the two sentences the rules misread."""
    paragraphs = []
    for _ in range(3):
        paragraphs.append(f"{rng.choice(_SPEAKERS)} said that {rng.choice(_CLAUSES)}.")
        paragraphs.append(f"A charity called {rng.choice(_NAMES)} raised money for the school.")
        paragraphs.append(f"Ms. Okafor pointed to {rng.choice(_PLACES)} and then walked away.")
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def reviewed(database: Database, tmp_path: Path) -> Database:
    """An archive of ingested articles whose misreadings a reviewer rejected or corrected."""
    rng = random.Random(11)
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(12):
        (folder / f"a{i}.txt").write_text(article(rng), encoding="utf-8")
    summary = ingest_paths(database, sorted(folder.iterdir()), user="desk", workers=1)
    assert summary.documents == 12

    with database.session(write=True) as session:
        claims = session.exec(select(Claim)).all()
        called = [c for c in claims if c.cue == "called"]
        pointed = [c for c in claims if c.cue == "pointed to"]
        assert called and pointed, "the rules should misread both kinds of sentence"
        for claim in called:
            assert claim.id is not None
            set_status(session, claim.id, "not-a-claim", user="ana")
        for claim in pointed:
            start = claim.span_start
            assert start is not None
            place = next(p for p in _PLACES if claim.content.startswith(p))
            assert claim.id is not None
            correct_spans(
                session,
                claim.id,
                {SpanKind.CONTENT: Span(start, start + len(place))},
                user="ana",
            )

    return database


def test_a_model_retrained_from_reviews_no_longer_makes_the_mistakes(
    reviewed: Database,
) -> None:
    with reviewed.session() as session:
        documents = review_documents(session)
        called = session.exec(select(Claim).where(Claim.cue == "called")).all()
    assert len(documents) == 12
    rejected = sum(1 for d in documents for a in d.attributions if not a.positive)
    assert rejected == len(called)

    model = train_model(documents, iterations=80)
    text = article(random.Random(2024))
    assert any(a.cue == "called" for a in extract(text)), "the rules still misread it"

    found = model.extract(text)
    assert not [a for a in found if a.cue == "called"]
    pointing = [a for a in found if a.cue == "pointed to"]
    assert len(pointing) == 3
    assert all(a.content in _PLACES for a in pointing)
    said = [a for a in found if a.cue == "said"]
    assert len(said) == 3 and all(a.content.startswith("that ") for a in said)


def test_claims_model_train_from_reviews(
    reviewed: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trained = run(
        capsys, "--db", reviewed.url, "model", "train", "--from-reviews", "--name", "desk", "--use"
    )
    assert trained.code == 0, trained.err
    assert "12 reviewed documents from the archive" in trained.err
    path = tmp_path / "new.txt"
    path.write_text(article(random.Random(7)), encoding="utf-8")
    found = run(capsys, "extract", str(path), "--json")
    assert found.code == 0, found.err
    assert "desk-v1" in found.err
    cues = [a["cue"] for a in found.json()["attributions"]]
    assert "called" not in cues and cues.count("said") == 3
    by_rules = run(capsys, "extract", str(path), "--json", "--rules").json()
    assert "called" in [a["cue"] for a in by_rules["attributions"]]


def test_training_needs_something_to_learn_from(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "model", "train").code != 0
    empty = run(capsys, "--db", database.url, "model", "train", "--from-reviews")
    assert empty.code == 1 and "nothing to train on" in empty.err
