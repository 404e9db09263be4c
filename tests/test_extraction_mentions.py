"""Speaker mentions: the personal name set apart from the office, title and organisation.

Ingest names registry speakers from ``mention.name``, so an office left in the name would
create a second speaker ("Foreign Minister Jean Dupont" beside "Jean Dupont").
"""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.mentions import parse_mention


@pytest.mark.parametrize(
    ("written", "name", "title", "role", "organisation"),
    [
        ("Foreign Minister Jean Dupont", "Jean Dupont", "Foreign Minister", None, None),
        ("Attorney General Loretta Lynch", "Loretta Lynch", "Attorney General", None, None),
        ("Defense Secretary Ash Carter", "Ash Carter", "Defense Secretary", None, None),
        (
            "Senate Majority Leader Mitch McConnell",
            "Mitch McConnell",
            "Majority Leader",
            "Senate Majority Leader",
            "Senate",
        ),
        ("House Speaker Paul Ryan", "Paul Ryan", "Speaker", "House Speaker", "House"),
        (
            "White House press secretary Josh Earnest",
            "Josh Earnest",
            None,
            "White House press secretary",
            "White House",
        ),
        ("Secretary of State John Kerry", "John Kerry", "Secretary of State", None, None),
        (
            "U.S. Secretary of State John Kerry",
            "John Kerry",
            "Secretary of State",
            "U.S. Secretary of State",
            "U.S.",
        ),
        (
            "UN Secretary-General Ban Ki-moon",
            "Ban Ki-moon",
            "Secretary-General",
            "UN Secretary-General",
            "UN",
        ),
        ("Chief Justice John Roberts", "John Roberts", "Chief Justice", None, None),
        ("Rep. Nancy Pelosi (D-Calif.)", "Nancy Pelosi", "Rep.", None, "Democratic Party"),
        ("Sen. Ted Cruz, R-Texas", "Ted Cruz", "Sen.", None, "Republican Party"),
        ("Jean Dupont, the foreign minister,", "Jean Dupont", None, "foreign minister", None),
        (
            "CPA spokesman General Mark Kimmitt",
            "Mark Kimmitt",
            "General",
            "CPA spokesman",
            "CPA",
        ),
        ("Prime Minister John Major", "John Major", "Prime Minister", None, None),
        (
            "Director of National Intelligence James Clapper",
            "James Clapper",
            "Director of National Intelligence",
            None,
            None,
        ),
        (
            "former Secretary of State Hillary Clinton",
            "Hillary Clinton",
            "Secretary of State",
            "former Secretary of State",
            None,
        ),
        (
            "Clinton campaign chairman John Podesta",
            "John Podesta",
            None,
            "Clinton campaign chairman",
            None,
        ),
    ],
)
def test_office_is_not_part_of_the_name(
    written: str, name: str, title: str | None, role: str | None, organisation: str | None
) -> None:
    m = parse_mention(written)
    assert (m.name, m.title, m.role, m.organisation, m.kind) == (
        name,
        title,
        role,
        organisation,
        "person",
    )


@pytest.mark.parametrize(
    ("written", "kind", "role"),
    [
        ("the Secretary of State", "anonymous", "Secretary of State"),
        ("the Attorney General", "anonymous", "Attorney General"),
        ("Senate Republicans", "group", "Senate Republicans"),
    ],
)
def test_an_office_without_a_name_is_not_a_person(written: str, kind: str, role: str) -> None:
    m = parse_mention(written)
    assert (m.name, m.kind, m.role) == (None, kind, role)


def test_names_that_hold_a_title_word_stay_whole() -> None:
    assert parse_mention("Martin Luther King").name == "Martin Luther King"
    general_motors = parse_mention("General Motors")
    assert (general_motors.name, general_motors.kind) == ("General Motors", "organisation")


def test_an_office_in_the_sentence_resolves_to_the_person() -> None:
    text = (
        "Foreign Minister Jean Dupont arrived on Monday. Dupont said the talks had failed. "
        "Senate Majority Leader Mitch McConnell said the bill would pass."
    )
    by_cue = {a.speaker: a for a in extract(text)}
    dupont = by_cue["Dupont"]
    assert dupont.speaker_resolved == "Jean Dupont"
    assert dupont.mention is not None and dupont.mention.title == "Foreign Minister"
    mcconnell = by_cue["Senate Majority Leader Mitch McConnell"]
    assert mcconnell.speaker_resolved == "Mitch McConnell"
    assert mcconnell.mention is not None and mcconnell.mention.organisation == "Senate"


def test_an_aside_after_the_name_gives_the_role() -> None:
    text = "Jean Dupont, the foreign minister, said the talks had failed."
    (a,) = extract(text)
    assert a.speaker == "Jean Dupont"
    assert a.mention is not None
    assert (a.mention.name, a.mention.role) == ("Jean Dupont", "foreign minister")


def test_party_and_state_after_the_name_give_the_party() -> None:
    (a,) = extract("Sen. Ted Cruz, R-Texas, said the deal was a disaster.")
    assert a.speaker == "Sen. Ted Cruz"
    assert a.mention is not None
    assert (a.mention.name, a.mention.organisation) == ("Ted Cruz", "Republican Party")


def test_an_aside_that_is_no_description_is_not_a_role() -> None:
    (a,) = extract("Clinton, speaking in Iowa, said the deal was bad.")
    assert a.mention is not None and a.mention.role is None
