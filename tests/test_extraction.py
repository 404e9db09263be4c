"""Each construction the extractor handles, on short sentences written for the purpose."""

from __future__ import annotations

import pytest

from claims.extraction import Attribution, extract


def find(text: str, cue: str) -> Attribution:
    """The single attribution whose cue is ``cue``; fails when there is not exactly one."""
    found = [a for a in extract(text) if a.cue == cue]
    assert len(found) == 1, [(a.cue, a.content) for a in extract(text)]
    return found[0]


def spans_text(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


def check_offsets(text: str, a: Attribution) -> None:
    """Every span points into the text and reads what the attribution reports."""
    assert a.content == " ".join(spans_text(text, a.content_spans))
    if a.speaker is not None:
        assert spans_text(text, a.speaker_spans) == [a.speaker]
    if a.cue is not None:
        assert " ".join(spans_text(text, a.cue_spans)) == a.cue
    for s, e in a.speaker_spans + a.cue_spans + a.content_spans + a.via_spans:
        assert 0 <= s < e <= len(text)


# -- direct quotations ----------------------------------------------------------------------


def test_speaker_colon_quote() -> None:
    text = 'Mayor Ana Ruiz said: "The bridge will reopen in May."'
    a = find(text, "said")
    assert a.speaker == "Mayor Ana Ruiz"
    assert a.speaker_resolved == "Ana Ruiz"
    assert a.content == '"The bridge will reopen in May."'
    assert (a.type, a.rule) == ("direct", "colon-quote")
    check_offsets(text, a)


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content", "kind", "rule"),
    [
        pytest.param(
            "\u201cWe have no money left,\u201d the treasurer said.",
            "said",
            "the treasurer",
            "We have no money left",
            "direct",
            "quote-before",
            id="quote-then-speaker-then-cue",
        ),
        pytest.param(
            "The finance minister claimed that the figures had been revised twice.",
            "claimed",
            "The finance minister",
            "that the figures had been revised twice",
            "indirect",
            "that-clause",
            id="that-clause-keeps-that",
        ),
    ],
)
def test_speaker_content_and_rule(
    text: str, cue: str, speaker: str, content: str, kind: str, rule: str
) -> None:
    a = find(text, cue)
    assert a.speaker == speaker
    assert a.content == content
    assert (a.type, a.rule) == (kind, rule)
    check_offsets(text, a)


def test_quote_then_cue_then_speaker() -> None:
    text = '"Nobody asked the farmers," said Tomas Berg, a dairy farmer near Lund.'
    a = find(text, "said")
    assert a.speaker == "Tomas Berg"
    assert a.speaker_resolved == "Tomas Berg"
    assert a.mention is not None and a.mention.role == "dairy farmer near Lund"
    assert a.content == "Nobody asked the farmers"
    assert a.type == "direct"
    check_offsets(text, a)


def test_quote_over_several_sentences_and_paragraphs() -> None:
    text = (
        'Colonel Peter Hale stated: "The dam held. We were lucky.\n\n'
        '"Next year we may not be."\n\nThe river fell on Sunday.'
    )
    a = find(text, "stated")
    assert a.content.startswith('"The dam held. We were lucky.')
    assert a.content.endswith('"Next year we may not be."')
    assert a.type == "direct"
    check_offsets(text, a)


def test_follow_on_quotes_belong_to_the_last_speaker() -> None:
    text = (
        '"We are ready," Ruiz said. "The money is there."\n\n'
        '"And the workers are waiting."\n\nThe council meets on Monday.'
    )
    a = find(text, "said")
    assert spans_text(text, a.content_spans) == [
        '"We are ready,"',
        '"The money is there."',
        '"And the workers are waiting."',
    ]
    assert a.speaker_resolved == "Ruiz"
    check_offsets(text, a)


def test_quotation_mark_styles() -> None:
    for open_, close in (('"', '"'), ("\u201c", "\u201d"), ("''", "''")):
        text = f"{open_}Prices will fall,{close} the minister said."
        a = find(text, "said")
        assert a.content == "Prices will fall"  # the reporting comma and marks left out
        assert a.type == "direct"


def test_follow_on_stops_at_another_speaker() -> None:
    text = '"Prices will fall," Ruiz said.\n\n"They will not," Hale replied.'
    said = find(text, "said")
    replied = find(text, "replied")
    assert said.content == "Prices will fall"
    assert replied.speaker == "Hale"


# -- indirect speech ------------------------------------------------------------------------


def test_bare_clause_after_adjuncts() -> None:
    text = "Grey said on Tuesday the vote would be delayed."
    a = find(text, "said")
    assert a.content == "the vote would be delayed"
    assert a.rule == "clause-after"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        (
            "The mayor insisted that the audit was routine.",
            "insisted",
            "that the audit was routine",
        ),
        ("Engineers warned that the bridge could fail.", "warned", "that the bridge could fail"),
        ("The union denied the report.", "denied", "the report"),
        ("The farmers blamed the drought.", "blamed", "the drought"),
        ("The council declared the road closed.", "declared", "the road closed"),
        ("Ruiz accused the contractor of fraud.", "accused", "the contractor of fraud"),
        ("An audit found the accounts were incomplete.", "found", "the accounts were incomplete"),
        (
            "The police reported that two men were arrested.",
            "reported",
            "that two men were arrested",
        ),
        ("Ruiz told reporters that the bridge was safe.", "told", "that the bridge was safe"),
    ],
)
def test_reporting_verbs(sentence: str, cue: str, content: str) -> None:
    a = find(sentence, cue)
    assert a.content == content
    assert a.type == "indirect"
    check_offsets(sentence, a)


def test_according_to_before_and_after() -> None:
    text = "According to the survey, turnout fell. Turnout rose in the north, according to Hale."
    first, second = extract(text)
    assert (first.speaker, first.content) == ("the survey", "turnout fell")
    assert (second.speaker, second.content) == ("Hale", "Turnout rose in the north")
    assert first.rule == second.rule == "according-to"
    assert first.cue == "According to"


def test_mixed_quote() -> None:
    text = 'Ruiz said the plan was "a disaster for farmers" and would be withdrawn.'
    a = find(text, "said")
    assert a.content == 'the plan was "a disaster for farmers" and would be withdrawn'
    assert a.type == "mixed"


def test_parenthetical_cue() -> None:
    text = "The repairs, Hale said, will take a year."
    a = find(text, "said")
    assert spans_text(text, a.content_spans) == ["The repairs", "will take a year"]
    assert a.rule == "parenthetical"


def test_coordinated_cues_share_the_speaker() -> None:
    text = "Ruiz has denied the accusation and declared she will not resign."
    denied = find(text, "has denied")
    declared = find(text, "declared")
    assert denied.content == "the accusation"
    assert declared.content == "she will not resign"
    assert declared.speaker_spans == denied.speaker_spans
    assert declared.rule == "coordinated"


def test_follow_on_participle() -> None:
    text = "Hale said the dam was safe, adding that repairs would start soon."
    said = find(text, "said")
    adding = find(text, "adding")
    assert said.content == "the dam was safe"
    assert adding.content == "that repairs would start soon"
    assert adding.speaker_resolved == said.speaker_resolved == "Hale"


def test_a_statement_is_attributed_once() -> None:
    text = "Hale said that officials believe the dam is safe."
    assert [a.cue for a in extract(text)] == ["said"]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        pytest.param(
            "Ruiz has also said Tuesday that the bridge is safe.",
            "has also said Tuesday",
            "that the bridge is safe",
            id="the-cue-keeps-auxiliaries-and-the-day",
        ),
        pytest.param(
            'The Valley Herald reported:\n\n"The dam will be inspected on Friday."',
            "reported",
            '"The dam will be inspected on Friday."',
            id="a-reporter-introduces-a-quoted-paragraph",
        ),
        pytest.param(
            "Asked whether the dam would hold, the engineer said no.",
            "said",
            "no",
            id="a-one-word-answer-is-a-statement",
        ),
        pytest.param(
            "Hours later, she issued a statement calling on the council to resign.",
            "calling on",
            "the council to resign",
            id="a-statement-with-its-author-reports",
        ),
        pytest.param(
            "The mayor called the plan a disaster.",
            "called",
            "the plan a disaster",
            id="calling-something-a-name-is-a-statement",
        ),
        pytest.param(
            "According to the council, the new rates will be negotiated\n\n"
            "with the unions. Work starts in May.",
            "According to",
            "the new rates will be negotiated\n\nwith the unions",
            id="a-page-break-inside-a-sentence",
        ),
    ],
)
def test_the_content_a_cue_reads(text: str, cue: str, content: str) -> None:
    a = find(text, cue)
    assert a.content == content


def test_impression_without_speaker() -> None:
    text = "The council is expected to approve the plan."
    a = find(text, "is expected")
    assert a.speaker is None
    assert spans_text(text, a.content_spans) == ["The council", "to approve the plan"]
    assert a.rule == "raising"


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker", "content"),
    [
        (
            "The mayor vowed last month to keep the bridge open.",
            "vowed",
            "The mayor",
            "to keep the bridge open",
        ),
        (
            "Council staff think residents are likely to accept the new fees.",
            "think",
            "Council staff",
            "residents are likely to accept the new fees",
        ),
        (
            "The engineer paused and recalled the night the levee broke.",
            "recalled",
            "The engineer",
            "the night the levee broke",
        ),
        (
            "The union is worried that the plant will close.",
            "is worried",
            "The union",
            "that the plant will close",
        ),
        (
            "Farmers are concerned about the price of feed.",
            "are concerned about",
            "Farmers",
            "the price of feed",
        ),
        (
            "Ruiz told a meeting in Salem, Oregon on Monday that the dam was safe.",
            "told",
            "Ruiz",
            "that the dam was safe",
        ),
    ],
)
def test_speakers_and_contents_around_adjuncts(
    sentence: str, cue: str, speaker: str, content: str
) -> None:
    a = find(sentence, cue)
    assert (a.speaker, a.content) == (speaker, content)


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker", "content"),
    [
        ("Ruiz hopes to reopen the bridge by May.", "hopes", "Ruiz", "to reopen the bridge by May"),
        (
            "The union marched on Monday, hoping to stop the closure.",
            "hoping",
            "The union",
            "to stop the closure",
        ),
        ("It plans to raise the fees next year.", "plans", "It", "to raise the fees next year"),
        (
            "The council passed the levy (which Ruiz also supports).",
            "also supports",
            "Ruiz",
            "which",
        ),
        (
            "Outside there were farm groups urging the council to act.",
            "urging",
            "farm groups",
            "to act",
        ),
    ],
)
def test_intentions_relatives_and_describing_participles(
    sentence: str, cue: str, speaker: str, content: str
) -> None:
    a = find(sentence, cue)
    assert (a.speaker, a.content) == (speaker, content)


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        (
            "The mayor was criticized for closing the bridge.",
            None,
            "The mayor for closing the bridge",
        ),
        ("The plan was rejected by the council.", "the council", "The plan"),
    ],
)
def test_passives_report_what_was_said_of_their_subject(
    sentence: str, speaker: str | None, content: str
) -> None:
    (a,) = extract(sentence)
    assert (a.speaker, a.content, a.rule) == (speaker, content, "raising")


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker", "content"),
    [
        (
            "After the mayor's assertion that the dam was safe, engineers left.",
            "assertion",
            "the mayor",
            "that the dam was safe",
        ),
        (
            "The suggestion by a council member that the vote be delayed was rejected.",
            "suggestion",
            "a council member",
            "that the vote be delayed was rejected",
        ),
        (
            "There were allegations that the tender had been rigged.",
            "allegations",
            None,
            "that the tender had been rigged",
        ),
        (
            "Farmers were unsparing in their criticism of Mr. Hale.",
            "criticism of",
            "their",
            "Mr. Hale",
        ),
        (
            "The union's opposition to the levy is well known.",
            "opposition to",
            "The union",
            "the levy",
        ),
    ],
)
def test_nouns_that_name_a_statement(
    sentence: str, cue: str, speaker: str | None, content: str
) -> None:
    a = find(sentence, cue)
    assert (a.speaker, a.content) == (speaker, content)


@pytest.mark.parametrize(
    "sentence",
    [
        "The claim that was made on Monday is false.",
        "She escalated her criticism on Tuesday.",
        "There was wide support for the levy.",
        "The mayor's support grew after the flood.",
        "Ruiz won overwhelming support from farmers.",
    ],
)
def test_nouns_without_a_stated_content_or_owner_report_nothing(sentence: str) -> None:
    assert extract(sentence) == []


def test_coordinated_statements_are_two_attributions() -> None:
    text = "Hale said that he had not read the plan, but called it a good start."
    found = [(a.cue, a.speaker_resolved, a.content) for a in extract(text)]
    assert found == [
        ("said", "Hale", "that he had not read the plan"),
        ("called", "Hale", "it a good start"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The most telling promise of the campaign was a new bridge.",
        "Three nominating contests are held in March.",
        "Additional reporting by Ana Ruiz.",
    ],
)
def test_participles_used_as_adjectives_report_nothing(sentence: str) -> None:
    assert extract(sentence) == []


def test_a_quoted_text_reads() -> None:
    a = find('The banner reads: "No bridge, no vote."', "reads")
    assert (a.speaker, a.content) == ("The banner", '"No bridge, no vote."')
    assert extract("The mayor reads the council minutes every night.") == []


def test_a_quotation_then_asked_or_read() -> None:
    asked = find('"How long will it take?" asked the engineer, who had built the dam.', "asked")
    assert (asked.speaker, asked.content) == ("the engineer", '"How long will it take?"')
    sign = find('"Save the bridge," it read.', "read")
    assert (sign.speaker, sign.content) == ("it", "Save the bridge")
    assert extract("I read the report last night.") == []


def test_a_relative_clause_ends_with_its_commas_or_the_main_verb() -> None:
    text = "The council, which declined to comment, closed the bridge."
    assert find(text, "declined").content == "to comment"
    text = "Farmers who say the levy is unfair were angry on Monday."
    assert find(text, "say").content == "the levy is unfair"


def test_backing_is_a_stance_and_backed_by_names_its_source() -> None:
    a = find("The union backed Ruiz in the primary.", "backed")
    assert (a.speaker, a.content) == ("The union", "Ruiz in the primary")
    b = find("The levy, backed by farmers, passed.", "backed")
    assert (b.speaker, b.rule) == ("farmers", "raising")
    assert extract("The mayor backed away from the plan.") == []


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker", "content"),
    [
        ("Others say this is just a bad year.", "say", "Others", "this is just a bad year"),
        (
            "In the survey, 47% say the bridge should be rebuilt.",
            "say",
            "47%",
            "the bridge should be rebuilt",
        ),
        (
            "Ruiz called for the engineers to lay out their plans.",
            "called for",
            "Ruiz",
            "the engineers to lay out their plans",
        ),
    ],
)
def test_demonstratives_shares_and_infinitives(
    sentence: str, cue: str, speaker: str, content: str
) -> None:
    a = find(sentence, cue)
    assert (a.speaker, a.content) == (speaker, content)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"The dam will hold," Lena Ode, 30, of Salem, Ore., who farms nearby, said.', "Lena Ode"),
        ("A council report published Wednesday said the dam was safe.", "A council report"),
        ('"The vote is close," Elena García said.', "Elena García"),
        (
            "''They told us, 'Wait until spring,''' said Mr. Hale. ''We waited.''",
            "Mr. Hale",
        ),
    ],
)
def test_speakers_behind_asides_days_and_accents(text: str, speaker: str) -> None:
    a = find(text, "said")
    assert a.speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker", "content"),
    [
        (
            "Money poured into groups backing Ruiz in the primary.",
            "backing",
            "groups",
            "Ruiz in the primary",
        ),
        ("Hale talked of a new bridge.", "talked of", "Hale", "a new bridge"),
        ("The council voted down the levy.", "voted down", "The council", "the levy"),
    ],
)
def test_stances_and_particles(sentence: str, cue: str, speaker: str, content: str) -> None:
    a = find(sentence, cue)
    assert (a.speaker, a.content) == (speaker, content)


def test_a_decision_is_an_intention() -> None:
    a = find("The council decided to close the bridge.", "decided")
    assert (a.speaker, a.content, a.rule) == ("The council", "to close the bridge", "intent")


def test_a_cue_closing_its_sentence_with_a_colon_introduces_the_next_quotation() -> None:
    text = 'Lena Ode, a dairy farmer, added:\n\n"The price is a scandal."'
    a = find(text, "added")
    assert (a.speaker, a.content, a.rule) == ("Lena Ode", '"The price is a scandal."', "quote-next")
    # Without the colon the next quotation may be anyone's.
    assert extract('Hale disagreed. "The price is fair."') == []


# -- labels -----------------------------------------------------------------------------------


def test_headline_label() -> None:
    text = "Ruiz: The bridge will reopen in May\n\nThe mayor spoke on Monday."
    a = find(text, ":")
    assert (a.speaker, a.content, a.rule) == ("Ruiz", "The bridge will reopen in May", "headline")


def test_transcript_labels_name_each_turn() -> None:
    text = (
        "The interview was edited for length.\n\n"
        "Rep. Ana Ruiz (D-Ore.): We will not vote for this budget as it stands.\n\n"
        "Hale: Then the bridge will stay closed all winter."
    )
    turns = [(a.speaker, a.content) for a in extract(text) if a.rule == "transcript"]
    assert turns == [
        ("Rep. Ana Ruiz (D-Ore.)", "We will not vote for this budget as it stands"),
        ("Hale", "Then the bridge will stay closed all winter"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Note: The figures were revised on Tuesday after the count.",
        "Contributing: Ana Ruiz and Peter Hale.",
        "Ruiz: 1,204.",
        "Ruiz: Finish second.",
        "Oregon: Ana Ruiz, Peter Hale, Tomas Berg, Lena Ode.",
        "The result: the bridge stayed closed for the whole winter.",
    ],
)
def test_prose_with_a_colon_is_no_label(paragraph: str) -> None:
    text = "The council met on Monday.\n\n" + paragraph
    assert [a.rule for a in extract(text)] == []


def test_a_name_and_a_colon_before_a_quotation() -> None:
    text = 'The two disagreed. Ruiz: "The bridge is safe." Hale: "It is not."'
    found = [(a.speaker, a.content, a.rule) for a in extract(text)]
    assert found == [
        ("Ruiz", '"The bridge is safe."', "colon-label"),
        ("Hale", '"It is not."', "colon-label"),
    ]


# -- words that look like cues but attribute nothing -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Whatever the engineers say, the council must decide.",
            id="a-clause-before-a-belief-is-not-its-content",
        ),
        pytest.param(
            "The new rules concerned farmers across the valley.",
            id="an-affect-verb-without-a-clause-reports-nothing",
        ),
        # "declared" is a passive with its auxiliary left out: the paper was declared illegal.
        pytest.param(
            "The depot was searched by the police and the union declared illegal.",
            id="a-participle-complement-is-no-statement",
        ),
        pytest.param(
            "Renewed calls for a ceasefire by the mayor and the bishops went unanswered.",
            id="an-adjective-opening-a-sentence-is-no-speaker",
        ),
        pytest.param(
            "Watch our editor's remarks on the flood and donate today.\n\n"
            "To contact the newsroom visit:\n\n**[example.org/contact](https://example.org)**",
            id="appeals-and-contact-lines-are-not-claims",
        ),
    ],
)
def test_words_that_look_like_cues_report_nothing(text: str) -> None:
    assert extract(text) == []


def test_a_name_ending_like_a_participle_is_still_a_speaker() -> None:
    text = "Governor Anna Husted spoke first. Husted said the roads would reopen."
    a = find(text, "said")
    assert a.speaker_resolved == "Anna Husted"


def test_a_speech_is_no_speaker() -> None:
    text = "The mayor gave sermons and speeches calling on residents to fight the plan."
    assert [a.cue for a in extract(text)] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The union blamed the mayor and called a demonstration in the square.",
        "The governor called a snap election for October.",
        "The council called an emergency session after the flood.",
    ],
)
def test_calling_a_meeting_convenes_it(sentence: str) -> None:
    assert [a.cue for a in extract(sentence)] == ["blamed"] * ("blamed" in sentence)


# -- speakers -------------------------------------------------------------------------------


def test_mention_parts() -> None:
    text = "Harbour Authority spokesman Captain Ana Ruiz claimed that the ferry was late."
    a = find(text, "claimed")
    assert a.speaker == "Harbour Authority spokesman Captain Ana Ruiz"
    assert a.mention is not None
    m = a.mention
    assert (m.name, m.title, m.role, m.organisation, m.kind) == (
        "Ana Ruiz",
        "Captain",
        "Harbour Authority spokesman",
        "Harbour Authority",
        "person",
    )


def test_representative_and_anonymous_sources() -> None:
    text = (
        "Mayor Ana Ruiz spoke on Monday. Ruiz's representative, however, reported that the "
        'talks had failed. A Riverside resident declared: "Nobody told us." A senior official '
        "said the talks would resume."
    )
    rep = find(text, "reported")
    assert rep.speaker == "Ruiz's representative"
    assert rep.speaker_resolved == "representative of Ana Ruiz"
    assert rep.mention is not None and rep.mention.kind == "anonymous"
    local = find(text, "declared")
    assert local.speaker_resolved == "Riverside resident"
    assert local.mention is not None and local.mention.kind == "anonymous"
    official = find(text, "said")
    assert official.speaker_resolved == "senior official"


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "resolved"),
    [
        pytest.param(
            "Mayor Ana Ruiz denied the claim. She told reporters that the accounts were sound.",
            "told",
            "She",
            "Ana Ruiz",
            id="pronoun-to-the-last-speaker",
        ),
        pytest.param(
            "Colonel Peter Hale, who commands the garrison, toured the dam. "
            'Hale stated: "It will hold."',
            "stated",
            "Hale",
            "Peter Hale",
            id="surname-to-the-full-name",
        ),
        pytest.param(
            "The Regional Water Authority (RWA) met on Friday. According to the RWA, the "
            "reservoir is full.",
            "According to",
            "the RWA",
            "Regional Water Authority",
            id="acronym-to-its-definition",
        ),
        pytest.param(
            "The plan was backed by Ruiz, who said the costs were fair.",
            "said",
            "who",
            "Ruiz",
            id="relative-pronoun-to-its-antecedent",
        ),
    ],
)
def test_speakers_resolve_within_the_document(
    text: str, cue: str, speaker: str, resolved: str
) -> None:
    a = find(text, cue)
    assert a.speaker == speaker
    assert a.speaker_resolved == resolved


def test_modified_organisation_and_its_acronym_resolve_to_one_name() -> None:
    text = (
        "The UN-backed Regional Water Authority (RWA) said the dam was safe. "
        "According to the RWA, the reservoir is full."
    )
    resolved = {a.cue: a.speaker_resolved for a in extract(text)}
    assert resolved == {
        "said": "Regional Water Authority",
        "According to": "Regional Water Authority",
    }


# -- intermediaries -------------------------------------------------------------------------


def test_told_an_outlet() -> None:
    text = 'Tomas Berg told the *Valley Herald* on Friday: "The milk price is a scandal."'
    a = find(text, "told")
    assert a.via == "Valley Herald"
    assert spans_text(text, a.via_spans) == ["the *Valley Herald*"]
    assert a.content == '"The milk price is a scandal."'


def test_quoted_in_an_outlet() -> None:
    text = (
        'A Riverside resident, quoted in Monday\'s *Valley Herald*, declared: "The water is brown."'
    )
    a = find(text, "declared")
    assert a.speaker == "A Riverside resident"
    assert a.via == "Valley Herald"


def test_according_to_an_outlet_is_the_speaker() -> None:
    text = "According to the *Valley Herald*, the dam is \u201cperfectly safe\u201d for now."
    a = find(text, "According to")
    assert a.speaker == "the *Valley Herald*"
    assert a.speaker_resolved == "Valley Herald"
    assert a.via is None
    assert a.type == "mixed"


# -- text as it arrives ---------------------------------------------------------------------


def test_cues_inside_quotations_are_not_attributions() -> None:
    text = '"I think they said the road was closed," Ruiz said.'
    assert [a.cue for a in extract(text)] == ["said"]


def test_offsets_survive_emphasis_and_unicode() -> None:
    text = "\u00c9lodie Brun, of *Le Courrier*, said \u201cnon\u201d to the plan \u2014 twice."
    for a in extract(text):
        check_offsets(text, a)


def test_empty_and_blank_text() -> None:
    assert extract("") == []
    assert extract(" \n\n\t") == []


def test_results_are_sorted_and_deterministic() -> None:
    text = (
        '"The bridge is safe," Hale said. Ruiz denied the report. According to the RWA, '
        "the reservoir is full."
    )
    first = extract(text)
    assert first == extract(text)
    starts = [a.start for a in first]
    assert starts == sorted(starts)


def test_to_json_matches_the_prediction_format() -> None:
    text = "Grey said the vote would be delayed."
    record = extract(text)[0].to_json()
    assert set(record) >= {
        "speaker",
        "speaker_span",
        "speaker_resolved",
        "cue",
        "cue_span",
        "content",
        "content_span",
        "type",
        "via",
    }
    assert record["content_span"] == [[10, 35]]
    assert record["cue_span"] == [[5, 9]]


# -- cue boundaries and listeners ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Moreno argued for a smaller budget.", "argued for", "a smaller budget"),
        ("Lund joked about moving to the coast.", "joked about", "moving to the coast"),
        ("She warned against cuts to the library.", "warned against", "cuts to the library"),
    ],
)
def test_a_preposition_taking_the_object_ends_the_cue(text: str, cue: str, content: str) -> None:
    a = find(text, cue)
    assert a.content == content
    check_offsets(text, a)


def test_a_number_after_about_is_no_object() -> None:
    text = "The clerk said about 40 ballots were missing."
    assert all(a.cue != "said about" for a in extract(text))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Ruth Okafor told reporters she would sign the bill.", "she would sign the bill"),
        ("Ruth Okafor told the Courier he had lied.", "he had lied"),
        (
            "Ruth Okafor told The Herald of Cork last week she would run again.",
            "she would run again",
        ),
    ],
)
def test_told_a_listener_then_a_clause_without_that(text: str, content: str) -> None:
    a = find(text, "told")
    assert a.speaker == "Ruth Okafor"
    assert a.content == content
    check_offsets(text, a)
