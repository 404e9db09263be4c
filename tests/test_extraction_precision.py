"""False claims a reviewer would pay for: headlines, appeals, anaphoric objects, nested
sources; and the precision of the rules on ten articles written and annotated for them
(fixtures/extraction/new/), measured with the project's own metric."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.browse.details import context_of
from claims.extraction import Attribution, extract
from claims.learning.evaluation import evaluate
from claims.learning.gold import read_gold
from tests.cli import run
from tests.conftest import REPO

#: The article of the issue: four real attributions, and a headline, an anaphoric object,
#: a nested source and an appeal that must not become claims.
HARBOUR = (
    "Harbour Authority Denies Dredging Caused Fish Deaths\n"
    "\n"
    "The Harbour Authority said on Tuesday that dredging in the outer channel had nothing "
    "to do with the thousands of dead fish found along the shore last week. "
    '"The work was stopped well before the fish kill began," its director, Maria Keane, '
    "told reporters.\n"
    "\n"
    'Local fishermen disputed that account. "We have not seen anything like this in forty '
    'years," said Tom Rudd, who has fished the bay since 1981. The regional environment '
    "agency said it would take water samples, according to a spokesman.\n"
    "\n"
    "Watch David North's remarks on the fish kill and support our reporting: donate today. "
    "For more information contact the newsroom at news@example.org. Follow us on Twitter.\n"
)


def cues(text: str) -> list[str | None]:
    return [a.cue for a in extract(text)]


def only(text: str, cue: str) -> Attribution:
    found = [a for a in extract(text) if a.cue == cue]
    assert len(found) == 1, [(a.cue, a.content) for a in extract(text)]
    return found[0]


# -- headlines and headings -----------------------------------------------------------------


def test_a_title_line_is_no_attribution() -> None:
    found = extract(HARBOUR)
    assert all(a.start > HARBOUR.index("\n") for a in found)
    assert "Denies" not in [a.cue for a in found]


def test_a_markdown_heading_is_no_attribution() -> None:
    text = (
        "Some intro line that is long enough to be a body line of the article, really.\n\n"
        "## Minister Rejects Calls for Inquiry\n\n"
        "The minister said on Friday that there would be no inquiry.\n"
    )
    assert cues(text) == ["said"]


def test_a_headline_that_quotes_someone_still_attributes() -> None:
    text = (
        "De Blasio says Chelsea explosion was an 'intentional act.'\n\n"
        "The mayor spoke to reporters late on Saturday night near the scene of the blast.\n"
    )
    assert "says" in cues(text)


# -- appeals and contact lines --------------------------------------------------------------


def test_appeals_and_contact_lines_are_no_attributions() -> None:
    found = extract(HARBOUR)
    tail = HARBOUR.index("Watch David")
    assert all(s < tail for a in found for s, _ in a.content_spans + a.cue_spans)
    assert "remarks on" not in [a.cue for a in found]


def test_a_contact_line_ends_the_content_before_it() -> None:
    text = (
        "The council said it had commissioned a full survey of the building. For more "
        "information contact the education department on 01632 960123.\n"
    )
    a = only(text, "said")
    assert a.content == "it had commissioned a full survey of the building"
    text = "Anyone with information should call Ashford police on 101.\n"
    assert extract(text) == []


# -- nested sources -------------------------------------------------------------------------


def test_according_to_a_spokesman_is_the_channel_not_the_speaker() -> None:
    found = [a for a in extract(HARBOUR) if a.content.startswith("it would")]
    assert len(found) == 1
    a = found[0]
    assert a.speaker == "The regional environment agency"
    assert a.content == "it would take water samples"
    assert a.via == "spokesman"
    assert [HARBOUR[s:e] for s, e in a.via_spans] == ["a spokesman"]
    assert "according to" not in [x.cue for x in extract(HARBOUR)]


def test_according_to_another_source_still_speaks_for_the_whole() -> None:
    # The family's attorneys are not the police's channel: they are the source.
    text = (
        "Police have said they have no plans to release the recordings, according to "
        "attorneys for the family."
    )
    a = only(text, "according to")
    assert a.speaker == "attorneys for the family"


# -- anaphoric objects ----------------------------------------------------------------------


def test_that_before_a_noun_of_statement_is_a_determiner() -> None:
    a = only("Local fishermen disputed that account.", "disputed")
    assert a.content == "that account"
    assert a.rule == "object"
    # A clause's "that" is still a clause, whatever noun follows it.
    a = only("The mayor said that reports of flooding were exaggerated.", "said")
    assert a.content == "that reports of flooding were exaggerated"
    assert a.rule == "that-clause"


def test_an_anaphoric_object_points_to_the_statement_before_it() -> None:
    a = only(HARBOUR, "disputed")
    assert a.content == "that account"
    assert a.refers_to is not None
    assert a.refers_to == "The work was stopped well before the fish kill began"
    assert [HARBOUR[s:e] for s, e in a.refers_to_spans] == [a.refers_to]
    assert a.to_json()["refers_to"] == a.refers_to


def test_an_anaphoric_object_points_to_its_noun_with_a_clause() -> None:
    text = (
        "The talks will cover accusations that he ordered the raid last year. "
        "Sadr has denied the accusation and declared he will not submit."
    )
    a = only(text, "has denied")
    assert a.refers_to == "that he ordered the raid last year"


def test_an_anaphoric_object_skips_statements_nested_in_another() -> None:
    text = (
        "Opposition MPs said last week that Garner had known about the overrun before he "
        "told the house the project was on budget. Garner denied the claim on Tuesday."
    )
    a = only(text, "denied")
    assert a.refers_to is not None and a.refers_to.startswith("that Garner had known")


def test_a_nominal_object_stands_on_its_own() -> None:
    text = "SCIRI blamed Sadr and called a demonstration in Najaf to denounce him."
    a = only(text, "blamed")
    assert (a.content, a.refers_to) == ("Sadr", None)
    # A clause opening with a noun of statement is no anaphor.
    a = only("Mendes said the warning came as no surprise.", "said")
    assert a.refers_to is None


def test_the_cli_says_what_an_anaphor_refers_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text(HARBOUR, encoding="utf-8")
    found = run(capsys, "extract", "--rules", str(article), "--json").json()["attributions"]
    disputed = [a for a in found if a["cue"] == "disputed"]
    assert disputed[0]["refers_to"].startswith("The work was stopped")
    table = run(capsys, "extract", "--rules", str(article)).out
    assert "refers" in table


# -- speakers after an appositive; reactions and anonymity -------------------------------


def test_a_quotation_before_an_appositive_and_a_name_is_the_content() -> None:
    a = only(HARBOUR, "told")
    assert a.speaker == "Maria Keane"
    assert a.content == "The work was stopped well before the fish kill began"
    assert a.type == "direct"
    # A determiner opening the subject itself is no appositive.
    text = '"We won," the current party leader said on Friday.'
    assert only(text, "said").content == "We won"


def test_a_reaction_to_a_thing_states_nothing() -> None:
    assert cues("Residents welcomed the vote.") == []
    assert cues("Passengers expressed frustration.") == []
    # A reaction with something to check still attributes.
    a = only("Union leaders expressed deep concern about the new policy.", "expressed")
    assert a.content == "deep concern about the new policy"


def test_asking_for_anonymity_is_no_question() -> None:
    text = (
        "A shopkeeper, who asked not to be named, told the Courier that the van had "
        "been parked outside for an hour."
    )
    assert cues(text) == ["told"]


# -- ten articles written for the rules, annotated before they were tuned -------------------

NEW_GOLD = REPO / "fixtures" / "extraction" / "new" / "new.gold.jsonl"


def test_the_ten_new_articles_are_extracted_precisely() -> None:
    gold = read_gold(NEW_GOLD)
    assert len(gold) == 10
    figures = evaluate(extract, gold)
    content = figures["content@0.3"]
    # Measured: P 98.0, R 98.0 (before this work: P 83.9, R 95.9); a margin of one
    # attribution for small changes elsewhere in the rules.
    assert content["p"] >= 95.0, content
    assert content["r"] >= 95.0, content
    assert figures["speaker_acc"] >= 95.0, figures


def test_an_appeal_is_no_part_of_a_claims_context() -> None:
    text = (
        "First paragraph.\n\nThe council said it had commissioned a survey. For more "
        "information contact the council on 01632 960123.\n\nWatch our video and donate "
        "today. The mayor said the bridge was safe."
    )
    start = text.index("it had")
    assert context_of(text, start, text.index(" survey") + 7).text == (
        "The council said it had commissioned a survey."
    )
    start = text.index("the bridge")
    assert context_of(text, start, start + 10).text == "The mayor said the bridge was safe."
    # An appeal is one sentence: the claim after it in its paragraph is still found.
    assert [a.cue for a in extract(text)] == ["said", "said"]


def test_a_title_line_quoting_someone_in_single_marks_attributes() -> None:
    text = (
        "'We Will Not Back Down,' Says Union Chief\n\n"
        "Transport union leader Gary Hill vowed on Monday to continue the rail strike.\n"
    )
    a = only(text, "Says")
    assert (a.speaker, a.content, a.rule) == ("Union Chief", "'We Will Not Back Down,'", "headline")
    text = (
        "A lesson from Loretta Lynch: 'Be the voice that people hear.'\n\n"
        "The attorney general spoke to graduates at the ceremony on Sunday morning.\n"
    )
    a = only(text, ":")
    assert a.content == "'Be the voice that people hear.'"
    # Without a quotation the title line stays a title.
    text = "Union Chief Vows to Fight On\n\nThe union leader spoke on Monday at a rally.\n"
    assert cues(text) == []


# -- direct quotations end at their closing mark ---------------------------------------------


def test_a_direct_quote_is_the_speakers_words_without_the_reporting_comma() -> None:
    # '"... in forty years," said Reed': the comma and the marks belong to the reporting
    # sentence, not to what was said. A quote that ends the speaker's own sentence keeps
    # its marks and its full stop.
    found = [a for a in extract(HARBOUR) if a.cue == "said" and a.type == "direct"]
    assert [a.content for a in found] == ["We have not seen anything like this in forty years"]
    ended = extract('Reed said: "We want answers."')
    assert [a.content for a in ended] == ['"We want answers."']
    # Annotated news keeps the comma and the marks; the metric trims both, so every direct
    # quote of the seed's gold is still found exactly.
    seed = json.loads((REPO / "fixtures" / "extraction" / "seed.gold.jsonl").read_text())
    extracted = {_trimmed(seed["text"], a.content_spans) for a in extract(seed["text"])}
    direct = [g for g in seed["attributions"] if g["type"] == "direct"]
    assert direct
    assert all(_trimmed(seed["text"], g["content_span"]) in extracted for g in direct)


_TRIM = " \t\n\r.,;:!?\"'\u201c\u201d\u2018\u2019()[]\u2014\u2013-"


def _trimmed(text: str, spans: object) -> tuple[tuple[int, int], ...]:
    """Spans without the spaces and punctuation at their ends, as the metric compares them."""
    out = []
    for start, end in spans:  # type: ignore[attr-defined]
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        out.append((start, end))
    return tuple(out)
