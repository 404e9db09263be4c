"""Re-anchoring a claim on an edited article: the pure module, on real texts."""

from __future__ import annotations

import random

import pytest

from claims.versions.anchoring import Reanchorer, shift_nearby
from claims.versions.folding import EditedText, FoldedText, fold
from claims.versions.fuzzy_search import FUZZY_THRESHOLD
from claims.versions.selectors import Anchor, Method, Placement

CONTEXT = 32

LEDE = "The council voted on Tuesday to close the Lune bridge for repairs."
QUOTE_PARA = (
    'Ms. Okafor, who chairs the transport committee, spoke after the vote. "The bridge '
    'will reopen before the winter, and nobody will pay a toll to cross it," she said.'
)
REPORTED_PARA = (
    "Mr. Alvarez said that the repairs would cost the city four million pounds, more than "
    "the council had set aside."
)
CLOSING = "The department did not respond to a request for comment."
QUOTE = "The bridge will reopen before the winter, and nobody will pay a toll to cross it"
REPORTED = "the repairs would cost the city four million pounds"


def article(*paragraphs: str, sep: str = "\n\n") -> str:
    return sep.join(paragraphs)


OLD = article(LEDE, QUOTE_PARA, REPORTED_PARA, CLOSING)


def anchor_of(text: str, exact: str, occurrence: int = 0) -> Anchor:
    """The anchor claimtrack stores for an occurrence of ``exact`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    end = start + len(exact)
    return Anchor(
        start, end, exact, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    )


def span_of(text: str, exact: str, occurrence: int = 0) -> tuple[int, int]:
    anchor = anchor_of(text, exact, occurrence)
    return anchor.start, anchor.end


def test_identical_text_keeps_every_span_where_it_was() -> None:
    reanchorer = Reanchorer(OLD, OLD)
    for exact in (QUOTE, REPORTED, "four million pounds"):
        anchor = anchor_of(OLD, exact)
        placement = reanchorer.place(anchor)
        assert placement == Placement(Method.QUOTE, anchor.start, anchor.end, exact, 100.0)
        assert placement.placed and not placement.changed


def test_a_paragraph_inserted_above_shifts_the_offsets() -> None:
    added = "Correction: an earlier version of this article gave the wrong date of the vote."
    new = article(added, OLD)
    anchor = anchor_of(OLD, QUOTE)
    placement = Reanchorer(OLD, new).place(anchor)
    assert placement.method is Method.QUOTE
    assert (placement.start, placement.end) == (
        anchor.start + len(added) + 2,
        anchor.end + len(added) + 2,
    )
    assert placement.exact == QUOTE


def test_a_changed_word_inside_a_quote_lands_on_the_edited_words() -> None:
    edited = QUOTE.replace("before the winter", "before the spring")
    new = OLD.replace(QUOTE, edited)
    placement = Reanchorer(OLD, new).place(anchor_of(OLD, QUOTE))
    assert placement.method is Method.FUZZY
    assert placement.changed and placement.placed
    assert (placement.start, placement.end) == span_of(new, edited)
    assert placement.exact == edited
    assert FUZZY_THRESHOLD <= placement.score < 100


def test_a_replaced_first_and_last_word_stay_in_the_edited_quote() -> None:
    edited = "A" + QUOTE[3:].replace("cross it", "cross there")
    new = OLD.replace(QUOTE, edited)
    placement = Reanchorer(OLD, new).place(anchor_of(OLD, QUOTE))
    assert placement.method is Method.FUZZY
    assert placement.exact == edited


def test_a_changed_word_with_the_context_moved_too_is_found_by_its_words() -> None:
    # The quote's paragraph moves to the end, and its first sentence is rewritten: no side
    # of the claim's context is left, only most of its own words.
    edited = QUOTE.replace("nobody", "no driver")
    moved = QUOTE_PARA.replace(
        "Ms. Okafor, who chairs the transport committee, spoke after the vote.",
        "Ms. Okafor later told reporters:",
    ).replace(QUOTE, edited)
    moved = moved.replace('," she said.', '." She left without taking questions.')
    new = article(LEDE, REPORTED_PARA, CLOSING, moved)
    placement = Reanchorer(OLD, new).place(anchor_of(OLD, QUOTE))
    assert placement.method is Method.FUZZY
    assert placement.exact == edited


def test_a_removed_quote_is_an_orphan_shown_with_the_closest_text() -> None:
    new = article(LEDE, REPORTED_PARA, CLOSING)
    placement = Reanchorer(OLD, new).place(anchor_of(OLD, QUOTE))
    assert placement.method is Method.ORPHAN
    assert not placement.placed and not placement.changed
    assert placement.start is not None and placement.end is not None
    assert placement.exact == new[placement.start : placement.end]
    assert placement.exact
    assert placement.score < FUZZY_THRESHOLD
    # Whole words, from the first.
    assert not new[placement.start - 1 : placement.start].isalnum()
    assert not new[placement.end : placement.end + 1].isalnum()


def test_a_cut_quote_is_not_placed_on_a_like_one_that_was_there_before() -> None:
    # Two speakers said nearly the same; the second paragraph is cut from the article.
    first = 'Mr. Alvarez said: "The council will cut the roads budget by ten percent."'
    second = 'Ms. Okafor said: "The council will cut the roads budget by five percent."'
    old = article(LEDE, first, second, CLOSING)
    new = article(LEDE, first, CLOSING)
    cut = "The council will cut the roads budget by five percent."
    kept = "The council will cut the roads budget by ten percent."
    reanchorer = Reanchorer(old, new)
    # The quote that stayed is where it was; the cut one is an orphan, not Mr. Alvarez's.
    assert reanchorer.place(anchor_of(old, kept))[:3] == (Method.QUOTE, *span_of(new, kept))
    placement = reanchorer.place(anchor_of(old, cut))
    assert placement.method is Method.ORPHAN
    # Shown with what now follows the cut, or precedes it when it was the end.
    assert placement.exact is not None and placement.exact.startswith("The department")
    last, shorter = article(LEDE, first, second), article(LEDE, first)
    placement = Reanchorer(last, shorter).place(anchor_of(last, cut))
    assert placement.method is Method.ORPHAN
    assert placement.exact is not None and shorter.endswith(placement.exact)


def test_the_closest_text_of_an_orphan_is_whole_words_however_close_it_comes() -> None:
    # The closest text here is nearly the quote, and its best stretch ends by a word that
    # the search window cuts in two.
    truce = "A representative of Sadr said an American force had violated the truce on Sunday."
    like = "A spokesman for the governor said an American force had violated the truce on Saturday."
    old = article(LEDE, QUOTE_PARA, truce, like, CLOSING)
    new = article(LEDE, QUOTE_PARA, like, CLOSING)
    placement = Reanchorer(old, new).place(
        anchor_of(old, "an American force had violated the truce on Sunday")
    )
    assert placement.method is Method.ORPHAN
    assert placement.start is not None and placement.end is not None
    assert not new[placement.start - 1].isalnum() and not new[placement.end].isalnum()


def test_a_quote_rewritten_beyond_the_threshold_is_an_orphan() -> None:
    rewritten = "Repairs of this kind usually take two years and cost more than planned"
    new = OLD.replace(QUOTE, rewritten)
    placement = Reanchorer(OLD, new).place(anchor_of(OLD, QUOTE))
    assert placement.method is Method.ORPHAN
    # Its context is still there, so the closest text is what now stands between it.
    assert placement.exact == rewritten
    assert placement.score < FUZZY_THRESHOLD


def test_reordered_paragraphs_carry_each_span_to_its_new_place() -> None:
    new = article(REPORTED_PARA, CLOSING, QUOTE_PARA, LEDE)
    reanchorer = Reanchorer(OLD, new)
    for exact in (QUOTE, REPORTED, LEDE):
        placement = reanchorer.place(anchor_of(OLD, exact))
        assert placement.method is Method.QUOTE
        assert (placement.start, placement.end) == span_of(new, exact)


@pytest.mark.parametrize(
    "rewrap",
    [
        pytest.param(lambda t: t.replace("\n\n", "\n\n\n\n"), id="doubled blank lines"),
        pytest.param(lambda t: t.replace("\n\n", "\n\f\n"), id="page breaks"),
        pytest.param(lambda t: t.replace(" winter, and", " winter,\nand"), id="line break"),
        pytest.param(
            lambda t: t.replace(" pay a toll", "\n\f\npay a  toll"), id="page break in a quote"
        ),
        pytest.param(lambda t: t.replace(". ", ".  ").replace(" to ", " \nto "), id="re-wrapped"),
    ],
)
def test_whitespace_and_page_break_changes_do_not_count(rewrap: object) -> None:
    new = rewrap(OLD)  # type: ignore[operator]
    assert new != OLD
    reanchorer = Reanchorer(OLD, new)
    for exact in (QUOTE, REPORTED):
        anchor = anchor_of(OLD, exact)
        placement = reanchorer.place(anchor)
        assert placement.method is Method.QUOTE
        assert placement.start is not None and placement.end is not None
        assert placement.exact == new[placement.start : placement.end]
        assert fold(placement.exact) == fold(exact)
        assert not new[placement.start].isspace() and not new[placement.end - 1].isspace()


SAID_TWICE = "We will not let this bridge close for good"
TWICE = article(
    f'"{SAID_TWICE}," the mayor told the meeting on Monday.',
    "Engineers found cracks in two of the bridge's supports last month.",
    f'Asked about the cost on Tuesday, the mayor repeated: "{SAID_TWICE}."',
)


@pytest.mark.parametrize("occurrence", [0, 1])
def test_a_quote_said_twice_is_told_apart_by_its_context(occurrence: int) -> None:
    new = article("The council published its report on Wednesday.", TWICE)
    placement = Reanchorer(TWICE, new).place(anchor_of(TWICE, SAID_TWICE, occurrence))
    assert placement.method is Method.QUOTE
    assert (placement.start, placement.end) == span_of(new, SAID_TWICE, occurrence)


def test_a_quote_said_twice_follows_its_own_edited_occurrence() -> None:
    edited = SAID_TWICE.replace("for good", "for ever")
    new = TWICE.replace(f'"{SAID_TWICE},"', f'"{edited},"')
    placement = Reanchorer(TWICE, new).place(anchor_of(TWICE, SAID_TWICE, 0))
    assert placement.method is Method.FUZZY
    assert (placement.start, placement.end) == span_of(new, edited)


# The same sentence, with the same words around it, twice.
TIED_BLOCK = (
    "Residents gathered at the bridge at noon. The mayor said: "
    '"We will not let this bridge close for good." Nobody else spoke at the meeting.'
)
TIED = article(
    LEDE, TIED_BLOCK, "Engineers found cracks in two of the supports.", TIED_BLOCK, CLOSING
)
TIED_EXACT = "We will not let this bridge close for good"


@pytest.mark.parametrize("occurrence", [0, 1])
def test_position_decides_when_the_context_ties(occurrence: int) -> None:
    # Paragraphs added at both ends: no part of the text is where it was.
    new = article("An update on the bridge, three weeks on.", TIED, "Talks resume in May.")
    placement = Reanchorer(TIED, new).place(anchor_of(TIED, TIED_EXACT, occurrence))
    assert placement.method is Method.POSITION
    assert (placement.start, placement.end) == span_of(new, TIED_EXACT, occurrence)


@pytest.mark.parametrize("occurrence", [0, 1])
def test_a_quote_said_twice_stays_in_the_unchanged_text_around_it(occurrence: int) -> None:
    # A long paragraph added at the end: by relative position both occurrences would be
    # looked for well before where they are, but the text up to the end is untouched.
    added = " ".join(["The bridge has been closed to lorries since March."] * 12)
    new = article(TIED, added)
    placement = Reanchorer(TIED, new).place(anchor_of(TIED, TIED_EXACT, occurrence))
    assert placement.method is Method.QUOTE
    assert (placement.start, placement.end) == span_of(new, TIED_EXACT, occurrence)
    # And the same with a long paragraph added on top: everything below it moved by as
    # much as it added.
    new = article(added, TIED)
    placement = Reanchorer(TIED, new).place(anchor_of(TIED, TIED_EXACT, occurrence))
    assert placement.method is Method.QUOTE
    assert (placement.start, placement.end) == span_of(new, TIED_EXACT, occurrence)


def test_an_empty_or_blank_span_is_an_orphan_with_nothing() -> None:
    reanchorer = Reanchorer(OLD, OLD)
    for exact in ("", "  \n"):
        placement = reanchorer.place(Anchor(3, 3 + len(exact), exact))
        assert placement == Placement(Method.ORPHAN, None, None, None, 0.0)


def test_a_short_quote_is_found_again() -> None:
    old = article(LEDE, 'Asked whether the bridge would reopen, she said: "Yes."', CLOSING)
    new = article("A new first paragraph.", old)
    placement = Reanchorer(old, new).place(anchor_of(old, "Yes"))
    assert placement.method is Method.QUOTE
    assert (placement.start, placement.end) == span_of(new, "Yes")


def test_a_short_quote_edited_beyond_the_threshold_is_an_orphan() -> None:
    old = article(LEDE, 'Asked whether the bridge would reopen, she said: "Yes, soon."', CLOSING)
    new = old.replace('"Yes, soon."', '"Not this year."')
    placement = Reanchorer(old, new).place(anchor_of(old, "Yes, soon"))
    assert placement.method is Method.ORPHAN


def test_place_all_places_in_order() -> None:
    new = article(CLOSING, OLD)
    anchors = [anchor_of(OLD, QUOTE), anchor_of(OLD, REPORTED)]
    placements = Reanchorer(OLD, new).place_all(anchors)
    assert [(p.start, p.end) for p in placements] == [
        span_of(new, QUOTE),
        span_of(new, REPORTED),
    ]


def test_fold() -> None:
    assert fold("  a \n\f b\tc  ") == "a b c"
    assert fold("") == ""


def test_shift_nearby_moves_a_speaker_and_cue_with_their_claim() -> None:
    added = "A new first paragraph."
    new = article(added, OLD)
    delta = len(added) + 2
    start = OLD.index("Ms. Okafor")
    assert shift_nearby(new, start, start + 10, "Ms. Okafor", delta) == (
        start + delta,
        start + delta + 10,
    )
    cue = OLD.index("she said")
    assert shift_nearby(new, cue, cue + 8, "she said", delta) == (cue + delta, cue + delta + 8)


def test_shift_nearby_finds_words_moved_within_the_paragraph_or_gives_up() -> None:
    cue = OLD.index("she said")
    new = OLD.replace("who chairs", "who has chaired").replace(
        '," she said.', '," the chair of the committee, she said.'
    )
    delta = new.index(QUOTE) - OLD.index(QUOTE)
    assert delta == 5
    moved = new.index("she said")
    assert moved != cue + delta
    assert shift_nearby(new, cue, cue + 8, "she said", delta) == (moved, moved + 8)
    gone = OLD.replace("she said", "the chair added")
    assert shift_nearby(gone, cue, cue + 8, "she said", 0) is None
    assert shift_nearby(OLD, cue, cue, "", 0) is None


def test_a_changed_word_in_a_re_wrapped_article_lands_on_the_edited_words() -> None:
    edited = QUOTE.replace("before the winter", "before the spring")
    new = OLD.replace(QUOTE, edited).replace(" vote. ", " vote.\n").replace(", and ", ",\nand ")
    new = new.replace('," she said.', '," she\nsaid.')
    placement = Reanchorer(OLD, new).place(anchor_of(OLD, QUOTE))
    assert placement.method is Method.FUZZY
    assert placement.exact is not None
    assert fold(placement.exact) == fold(edited)


def _reference_fold(text: str) -> tuple[str, list[int]]:
    """Folding done character by character: the folded text and, for each of its
    characters, where it came from in ``text``."""
    out: list[str] = []
    origin: list[int] = []
    pending = None
    for at, char in enumerate(text):
        if char.isspace():
            if out and pending is None:
                pending = at
            continue
        if pending is not None:
            out.append(" ")
            origin.append(pending)
            pending = None
        out.append(char)
        origin.append(at)
    return "".join(out), origin


@pytest.mark.parametrize("ascii_only", [True, False])
def test_folding_maps_every_character_back_to_where_it_was(ascii_only: bool) -> None:
    rng = random.Random(7)
    pieces = ["word", "x", " ", "  ", "\n", "\n\n", "\f", "\t", "\r\n", " \n ", "\x1c"]
    if not ascii_only:
        pieces += ["é", "\xa0", "\u2003", "\u3000"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        expected, origin = _reference_fold(text)
        folded = FoldedText(text)
        assert folded.text == expected == fold(text)
        for at, source in enumerate(origin):
            if expected[at] != " ":
                assert folded.to_source(at) == source
                assert folded.to_folded(source) == at
        for start in range(len(expected)):
            for end in range(start + 1, len(expected) + 1):
                if expected[start] == " " or expected[end - 1] == " ":
                    continue
                assert folded.original(start, end) == (origin[start], origin[end - 1] + 1)


@pytest.mark.parametrize(
    ("old", "new", "respaced"),
    [
        ("One two.\n\nThree four.", "One two.\n\nThree five.", False),
        ("One two.\n\nThree four.", "A new line.\n\nOne two.\n\nThree four.", False),
        ("One two three four.", "One two\nthree four.", True),
        ("One two. Three four.", "One two.  Three four.", True),
        ("One two.\n\nThree four.", "One two.\f\n\nThree four.", True),
        ("Same text.", "Same text.", False),
    ],
)
def test_a_text_is_respaced_only_when_its_whitespace_changed(
    old: str, new: str, respaced: bool
) -> None:
    assert EditedText(old, new).respaced is respaced
