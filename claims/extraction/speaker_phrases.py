"""Finding the words that name the speaker, to the left or the right of a cue.

Without a parser, a speaker is the noun phrase that ends right before the cue verb ("CPA
spokesman General Mark Kimmitt claimed") or starts right after it in an inverted report
(", said Roffman"). Scanning leftwards, the phrase stops at anything that opens a clause
(conjunctions, prepositions, auxiliaries, punctuation), with exceptions learnt from news
prose: a parenthetical between commas ("Sadr's representative, however, reported"), an
appositive ("Mukasey, the former attorney general, said"), a name in apposition to a
description ("A supporter of Sadr, Sheik Ahmed Shibani, told") and a relative pronoun
("Barkley, who said ...") whose antecedent is the phrase before it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from claims.extraction.lexicon import ABBREVIATIONS, CLAUSE_BREAKERS, WEEKDAYS
from claims.extraction.tokens import CLITICS, EMPHASIS, QUOTE_MARKS, Token, is_capitalised, is_word

RELATIVES = frozenset({"who", "which", "that"})
PERSONAL = frozenset({"he", "she", "they", "we", "i", "you", "it"})
_NP_CONNECTORS = frozenset({"of", "for", "and", "&", "at", "in", "on", "the", "from"})
_DETERMINERS = frozenset(
    "the a an his her their its our my your this these those that some any no every each".split()
)
_POSSESSIVES = frozenset({"\u2019s", "'s", "\u2019", "'"})
_DASHES = frozenset({"\u2014", "\u2013", "\u2015", "--", "-"})
# Marks that open an aside before the cue: "Mukasey, the former attorney general, said".
_ASIDE_MARKS = frozenset({",", "\u2014", "\u2013", "("})
# Words that open a parenthetical between commas rather than end a speaker phrase.
_PARENTHETICAL_OPENERS = frozenset(
    """
    however meanwhile though too also instead moreover furthermore nevertheless nonetheless
    still then now indeed in for at on during after before like unlike as with by
    according quoted speaking asked writing citing reached contacted interviewed
    who which whose the a an his her their its our
    """.split()
)
_SENTENCE_OPENERS = frozenset(
    """
    but and so yet still meanwhile however instead also then now later earlier indeed
    moreover separately similarly likewise last this on in at during after before
    """.split()
)
_MAX_SPEAKER_TOKENS = 14
# Participles that make people respondents: "those surveyed said", "voters polled said".
_RESPONDENTS = frozenset("surveyed polled interviewed questioned sampled contacted".split())
# Prepositions after a participle inside a speaker: "one Republican involved in the planning".
_PARTICIPLE_PREPOSITIONS = frozenset("in by with for at to from on about".split())
# "N.C", "U.S", "D.C": initials, whose closing full stop ends no phrase.
_INITIALS_RE = re.compile(r"^[A-Z](?:\.[A-Z])+$")
# "R-Wis.", "D-Md.": a party and a state, abbreviated.
_PARTY_STATE_RE = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")
_OPENING_PHRASE = frozenset(
    """
    on in at during after before since last this earlier later meanwhile however still
    asked speaking according for with without despite by as when while if although though
    """.split()
)
_REPORTING = frozenset("said says told tells wrote writes added adds".split())
# Auxiliaries and months that are also given names ("Will Estrada").
_NAME_LIKE = frozenset({"will", "may", "june", "april"})
_ROLE_PREPOSITIONS = frozenset("for to with at from of in".split())
_ROLE_HEADS = frozenset(
    """
    spokesman spokeswoman spokesperson official officials aide aides adviser advisers
    advisor advisors director chairman chairwoman chair president secretary professor
    analyst analysts expert experts source sources close closest familiar member members
    leader leaders head chief strategist strategists executive manager fellow editor
    lawyer attorney people person researcher researchers economist economists
    """.split()
)


class SpeakerPhrase(NamedTuple):
    """Token indices ``first..last`` (inclusive) of a speaker phrase.

    A named tuple, since one is built for every cue and a tuple is the cheapest to build.

    ``antecedent`` is set for a relative pronoun: the indices of the phrase it refers to.
    ``skipped`` holds the indices of a parenthetical passed over (for an intermediary).
    ``described_from`` is where a description of the speaker starts, when the name stands
    in apposition to it ("A supporter of Sadr, Sheik Ahmed Shibani").
    """

    first: int
    last: int
    antecedent: tuple[int, int] | None = None
    skipped: tuple[int, int] | None = None
    described_from: int | None = None


def is_abbreviation(tok: Token) -> bool:
    """True for a word whose full stop does not end a phrase: "Sen", "W", "R-Wis"."""
    text = tok.text
    return (
        tok.low in ABBREVIATIONS
        or len(text) == 1
        and text.isupper()
        or _PARTY_STATE_RE.match(text) is not None
        or _INITIALS_RE.match(text) is not None
    )


def _is_np_word(tokens: list[Token], j: int, last: int) -> bool:
    tok = tokens[j]
    low = tok.low
    if low in _NAME_LIKE and tok.text[0].isupper() and j < last and is_capitalised(tokens[j + 1]):
        return True  # "Will Estrada", not the auxiliary
    if low in _ROLE_PREPOSITIONS and 0 < j < last and tokens[j - 1].low in _ROLE_HEADS:
        return True  # "a spokesman for", "a source close to", "people familiar with"
    if low in _NP_CONNECTORS:
        # Inside a proper name ("Centre for Research", "Sanders and Clinton") or "of".
        if low == "of":
            return 0 < j < last
        if low == "the":
            return True
        if 0 < j < last and is_capitalised(tokens[j + 1]):
            return is_capitalised(tokens[j - 1]) or tokens[j - 1].text in EMPHASIS
        return False
    return low not in CLAUSE_BREAKERS


def _is_proper_name(tokens: list[Token], a: int, b: int) -> bool:
    """True when tokens ``a..b`` are a name ("Sheik Ahmed Shibani"), not a description."""
    if a > b or b - a > 6:
        return False
    if "-" in tokens[a].text and len(tokens[a].text.split("-")[0]) == 1:
        return False  # a party and state: "R-Texas"
    letters = False
    for t in tokens[a : b + 1]:
        if is_word(t):
            if not is_capitalised(t) and t.low not in ("al", "bin", "de", "van", "von"):
                return False
            letters = letters or t.text[0].isalpha()
        elif t.text != ".":
            return False
    return letters  # "Jim Bennett, 57, told": an age is not a name


def is_description(tokens: list[Token], a: int, b: int) -> bool:
    """True when tokens ``a..b``, set off after a name, describe the person.

    "the foreign minister", "a Republican strategist", "Bush's attorney general" and
    "R-Texas" do; "however", "speaking in Iowa" or "quoted by the Times" do not.
    """
    if a > b:
        return False
    first = tokens[a]
    if a == b and _PARTY_STATE_RE.match(first.text):
        return True
    if first.low in ("the", "a", "an"):
        return True
    return a + 1 <= b and tokens[a + 1].low in _POSSESSIVES and is_capitalised(first)


def _describes(tokens: list[Token], a: int, b: int) -> bool:
    """True for an aside that can only describe a name before it: a description, an age,
    a place ("of Raleigh") or a state ("N.C.")."""
    if a > b:
        return False
    first = tokens[a]
    return (
        is_description(tokens, a, b)
        or first.text.isdigit()
        or first.low in ("of", "from")
        or b - a <= 1
        and first.text[0].isupper()
        and (first.text.isupper() or "." in first.text or tokens[b].text == ".")
    )


def _skip_back_parenthetical(tokens: list[Token], comma: int, floor: int) -> int | None:
    """Index of the comma opening a parenthetical that ends at ``comma``, if it is one."""
    j = comma - 1
    limit = max(floor, comma - 60)
    while j > limit:
        t = tokens[j]
        if t.text in _ASIDE_MARKS:
            break
        if t.text == "." and j > 0 and is_abbreviation(tokens[j - 1]):
            j -= 1
            continue
        if t.text in QUOTE_MARKS or t.text in (";", ":", "."):
            return None
        j -= 1
    if j <= limit or tokens[j].text not in _ASIDE_MARKS:
        return None
    if j == comma - 2 and tokens[comma - 1].text.isdigit():
        return j  # "Harry Bond, 30, said": an age
    if j == comma - 1:
        return None
    if _is_proper_name(tokens, j + 1, comma - 1):
        return None
    first = tokens[j + 1]
    if first.low in _PARENTHETICAL_OPENERS:
        return j
    # "Mary Susan, clad in a red cape, said", "Mukasey, Bush's attorney general, said" or
    # "Gov. Jones, R-Texas, said": a description after a name.
    if j > floor and (is_word(tokens[j - 1]) or tokens[j - 1].text in (")", ".")):
        return j
    return None


def _appositive_name(tokens: list[Token], comma: int, floor: int) -> SpeakerPhrase | None:
    """ "A supporter of Sadr, Sheik Ahmed Shibani, told": the name between the commas."""
    j = comma - 1
    while j > floor and tokens[j].text not in (",", "\u2014") and comma - j < 8:
        j -= 1
    if tokens[j].text not in (",", "\u2014") or not _is_proper_name(tokens, j + 1, comma - 1):
        return None
    described = speaker_before(tokens, j, floor)
    if described is None:
        return None
    return SpeakerPhrase(j + 1, comma - 1, None, None, described.first)


def speaker_before(tokens: list[Token], end: int, floor: int = 0) -> SpeakerPhrase | None:
    """The speaker phrase ending just before token index ``end`` (the cue), if any.

    Args:
        tokens: tokens of the sentence up to the cue.
        end: index of the first token after the phrase (the cue or its auxiliaries).
        floor: do not look at tokens before this index.
    """
    i = end - 1
    skipped: tuple[int, int] | None = None
    if i >= floor and tokens[i].text in _DASHES and i - 1 > floor:
        # "Many speakers at the service -- including Muslims and Jews -- said"; a double
        # hyphen is two tokens.
        close = i
        while close - 1 > floor and tokens[close - 1].text == tokens[i].text == "-":
            close -= 1
        k = close - 1
        while k > floor and tokens[k].text not in _DASHES and close - k < 40:
            k -= 1
        if tokens[k].text == tokens[i].text and k < close - 1:
            skipped = (k + 1, close - 1)
            while k - 1 > floor and tokens[k - 1].text == tokens[k].text == "-":
                k -= 1
            i = k - 1
    if i > floor and tokens[i].text == "," and tokens[i - 1].text == ")":
        i -= 1  # "Sen. Jack Reed (D-R.I.), said": the bracket belongs to the name
    elif i >= floor and tokens[i].text == ",":
        opening = _skip_back_parenthetical(tokens, i, floor)
        if opening is None:
            return _appositive_name(tokens, i, floor)
        skipped = (opening + 1, i - 1)
        # "Sen. Lindsey Graham, R-S.C., a long-shot candidate, said" or "Harry Bond, 30,
        # of Raleigh, N.C., who was polled, said": the comma opening one aside closes the
        # one before it.
        for _ in range(3):
            again = opening - 1
            while again > floor and again > opening - 12 and tokens[again].text != ",":
                if tokens[again].text in QUOTE_MARKS or tokens[again].text in (";", ":"):
                    break
                again -= 1
            if tokens[again].text != "," or not _describes(tokens, again + 1, opening - 1):
                break
            opening = again
        i = opening - 1
    # "Clinton on Tuesday said": a day between subject and verb.
    if i - 1 >= floor and tokens[i].low in WEEKDAYS and tokens[i - 1].low == "on":
        i -= 2
    elif i >= floor and tokens[i].low in WEEKDAYS:
        i -= 1
        if i > floor and tokens[i].text.islower() and tokens[i].low.endswith("ed"):
            i -= 1  # "A news report published Wednesday said": the report is the speaker
    if i < floor:
        return None
    tok = tokens[i]
    if tok.low in RELATIVES:
        k = i - 1
        if k >= floor and tokens[k].text == ",":
            k -= 1
        ante = speaker_before(tokens, k + 1, floor) if k >= floor else None
        antecedent = (ante.first, ante.last) if ante else None
        if tok.low == "that" and antecedent is None:
            return None
        return SpeakerPhrase(i, i, antecedent, skipped)
    if tok.low in PERSONAL:
        return SpeakerPhrase(i, i, None, skipped)
    if tok.low == "some" and (i == floor or not is_word(tokens[i - 1])):
        return SpeakerPhrase(i, i, None, skipped)  # "Some said": a pronoun
    if tok.low in _DETERMINERS or tok.low in _POSSESSIVES:
        return None  # "the stated objective", "North's remarks": the cue word is a noun
    if tok.text == "." and i - 1 >= floor and is_abbreviation(tokens[i - 1]):
        tok = tokens[i - 1]  # "Joseph R. Biden Jr." ends with its abbreviation
    elif tok.text == "%" and i - 1 >= floor and tokens[i - 1].text[0].isdigit():
        pass  # "47% say": a share of those polled
    elif not is_word(tok) and tok.text not in EMPHASIS and tok.text != ")":
        return None
    last = i
    j = i
    while j >= floor:
        t = tokens[j]
        if is_word(t):
            if t.low in PERSONAL and j != last:
                break
            if not _is_np_word(tokens, j, last) or t.low in _REPORTING:
                break  # "Starr said Clinton's situation reminds": the speaker is "situation"
        elif t.text == ".":
            # "Sen." or "George W." keep their full stop; any other ends the phrase.
            if j == 0 or not is_abbreviation(tokens[j - 1]):
                break
        elif t.text == ")":
            k = j
            while k > floor and tokens[k].text != "(":
                k -= 1
            if tokens[k].text != "(" or j - k > 8:
                break
            j = k
        elif t.text in EMPHASIS or t.low in CLITICS or t.text in ("\u2019", "'", "-", "%"):
            pass
        else:
            break
        j -= 1
    first = j + 1
    if (
        tokens[last].text.islower()
        and tokens[last].low.endswith("ed")
        and (tokens[last].low not in _RESPONDENTS or last == first)
    ):
        return None  # "also withheld support": a verb, so the cue word is its object
    if last - first + 1 > _MAX_SPEAKER_TOKENS:
        first = last - _MAX_SPEAKER_TOKENS + 1
    # The phrase begins with a word, not with a connector, apostrophe or closing bracket.
    while first <= last and (
        not is_word(tokens[first])
        and tokens[first].text not in EMPHASIS
        or tokens[first].low in _NP_CONNECTORS - {"the"}
    ):
        first += 1
    if first > last:
        return None
    if tokens[last].text in EMPHASIS and first == last:
        return None
    return SpeakerPhrase(first, last, None, skipped)


def speaker_after(tokens: list[Token], start: int) -> SpeakerPhrase | None:
    """The speaker phrase starting at token index ``start`` (after an inverted cue).

    The phrase runs to the next comma, full stop or clause word; "said Roffman" and "says
    Geoffrey Cowan, a longtime activist" give "Roffman" and "Geoffrey Cowan".
    """
    j = start
    n = len(tokens)
    while j < n:
        t = tokens[j]
        if is_word(t):
            if t.low in PERSONAL:
                if j == start:
                    return SpeakerPhrase(j, j)
                break
            role_preposition = (
                t.low in _ROLE_PREPOSITIONS and j > start and tokens[j - 1].low in _ROLE_HEADS
            )
            if (
                t.low in CLAUSE_BREAKERS
                and t.low not in _NP_CONNECTORS
                and not t.text[0].isupper()
                and not role_preposition
            ):
                break
            if j > start and t.text.endswith("ed") and t.text.islower():
                # "said the Khan family deserved better" is a clause, but "said one
                # Republican involved in the planning" a speaker.
                if not (j + 1 < n and tokens[j + 1].low in _PARTICIPLE_PREPOSITIONS):
                    break
            if t.low in _ROLE_PREPOSITIONS and j > start and tokens[j - 1].low in _ROLE_HEADS:
                pass  # "a source close to the campaign", "a spokesman for Mr. Cruz"
            elif t.low in _NP_CONNECTORS and t.low not in ("of", "the"):
                if not (j + 1 < n and is_capitalised(tokens[j + 1])):
                    break
        elif t.text == ".":
            if j == start or not is_abbreviation(tokens[j - 1]):
                break
        elif t.text == "(":
            k = j
            while k < n and tokens[k].text != ")":
                k += 1
            if k >= n or k - j > 8:
                break
            j = k
        elif (
            t.text not in EMPHASIS
            and t.low not in CLITICS
            and t.text not in ("\u2019", "'", "-", ")")
        ):
            break
        j += 1
    last = j - 1
    while last >= start and (
        not is_word(tokens[last])
        and tokens[last].text not in EMPHASIS
        and tokens[last].text != ")"
        or tokens[last].low in _NP_CONNECTORS
    ):
        last -= 1
    if last < start or last - start + 1 > _MAX_SPEAKER_TOKENS:
        return None
    return SpeakerPhrase(start, last)


def sentence_subject(tokens: list[Token]) -> SpeakerPhrase | None:
    """The subject at the start of a sentence, for a cue that shares it.

    "Clinton celebrated in Florida ..., declaring ..." gives "Clinton". Leading connectives
    ("But", "Meanwhile") and an opening phrase closed by a comma ("On Tuesday,") are
    skipped.
    """
    n = len(tokens)
    i = 0
    while (
        i < n
        and tokens[i].low in _SENTENCE_OPENERS
        and not is_capitalised(tokens[i + 1] if i + 1 < n else tokens[i])
    ):
        i += 1
    # "On Tuesday, Clinton ...": an opening phrase before the subject; but in "Sanders,
    # who has made ..., went" the subject comes before the comma.
    if i < n and (tokens[i].low in _OPENING_PHRASE or not is_capitalised(tokens[i])):
        for k in range(i, min(n, i + 7)):
            if tokens[k].text == ",":
                i = k + 1
                break
            if tokens[k].text in QUOTE_MARKS:
                break
    while i < n and tokens[i].low in ("but", "and", "so", "yet", "still"):
        i += 1
    if i >= n or not is_word(tokens[i]):
        return None
    if tokens[i].low in PERSONAL:
        return SpeakerPhrase(i, i)
    j = i
    capital = False
    while j < n and j - i < _MAX_SPEAKER_TOKENS:
        t = tokens[j]
        if is_word(t):
            if t.low in CLAUSE_BREAKERS and t.low not in _NP_CONNECTORS:
                break
            if is_capitalised(t) and t.low not in _DETERMINERS:
                capital = True
            elif t.low in _NP_CONNECTORS:
                if not (j + 1 < n and is_capitalised(tokens[j + 1])) and t.low != "the":
                    break
            elif capital or j - i >= 4 or t.low.endswith("ed") and j > i:
                break
        elif t.text == ".":
            if not is_abbreviation(tokens[j - 1]):
                break
        elif t.low not in CLITICS and t.text not in EMPHASIS:
            break
        j += 1
    last = j - 1
    while last >= i and (not is_word(tokens[last]) or tokens[last].low in _NP_CONNECTORS):
        last -= 1
    if last < i:
        return None
    return SpeakerPhrase(i, last)
