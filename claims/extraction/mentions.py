"""Speaker mentions parsed into name, title, role and organisation.

"CPA spokesman General Mark Kimmitt" reads, from the right: a name ("Mark Kimmitt"), the
titles before it ("General"), and a role ("CPA spokesman") whose capitalised words name the
organisation ("CPA"). A mention with no name is a role: "A Najaf local" and "Sadr's
representative" stay anonymous, "officials" is a group, "the Iraq Centre for Research and
Strategic Studies" an organisation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claims.extraction.lexicon import PRONOUNS
from claims.extraction.model import ANONYMOUS, GROUP, ORGANISATION, PERSON, SpeakerMention
from claims.extraction.names import TITLES

#: Words that make a capitalised name an organisation rather than a person.
ORGANISATION_WORDS: frozenset[str] = frozenset(
    """
    authority council centre center party committee department ministry institute
    university college association commission agency army militia campaign administration
    government office bureau board court congress senate house parliament assembly
    foundation fund group company corporation corp inc llc bank network times post journal
    news herald tribune telegraph guardian gazette magazine radio tv press review daily
    union league federation coalition alliance organization organisation service services
    pentagon kremlin fbi cia nsa irs gop dnc rnc state states police force forces court
    caucus club project poll polls survey report study studies research school hospital
    church mosque movement front brigade brigades revolution republic kingdom nations
    motors electric dynamics
    """.split()
)

#: Capitalised plurals that name a group of people, not an organisation.
GROUP_NAMES: frozenset[str] = frozenset(
    """
    democrats republicans conservatives liberals progressives americans iraqis shiites
    sunnis evangelicals independents libertarians millennials
    """.split()
)

#: Lower-case heads of mentions that name a person by their role ("a senior official").
ROLE_WORDS: frozenset[str] = frozenset(
    """
    spokesman spokeswoman spokesperson official aide adviser advisor analyst expert
    director chairman chairwoman chair president secretary minister commander leader
    representative supporter critic strategist pollster economist professor lawyer
    attorney candidate nominee senator member head chief founder executive manager
    resident local witness source activist officer cleric cofounder co-founder governor
    mayor judge reporter businessman mogul operative donor voter friend wife husband
    spokesmen son daughter father mother brother sister researcher scientist historian
    author editor columnist writer host anchor correspondent diplomat ambassador general
    delegate lawmaker legislator congressman congresswoman organizer organiser staffer
    consultant fellow student teacher doctor employee worker owner partner advocate
    insider observer lobbyist militant fighter protester protestor soldier veteran
    """.split()
)

#: Words that head an office written before a name: "Majority Leader Mitch McConnell",
#: "press secretary Josh Earnest", "CPA spokesman General Mark Kimmitt". The name starts
#: after the last of them.
OFFICE_HEADS: frozenset[str] = (
    (TITLES - {"the", "vice", "prime", "field", "grand", "deputy"})
    | ROLE_WORDS
    | frozenset(
        """
        leader speaker whip secretary-general under-secretary undersecretary chairman
        chairwoman chairperson commissioner administrator attorney general counsel ceo cfo
        coo head chief envoy negotiator superintendent sheriff prosecutor marshal
        treasurer comptroller clerk dean provost rector
        """.split()
    )
)

#: Capitalised words that qualify an office as part of its title ("Foreign Minister",
#: "Attorney General", "Majority Leader", "Defense Secretary"), not an organisation.
OFFICE_MODIFIERS: frozenset[str] = frozenset(
    """
    foreign defense defence attorney majority minority press homeland security interior
    finance treasury health education labor labour energy commerce agriculture justice
    transportation trade environment culture housing veterans home state national
    deputy assistant vice prime chief general surgeon solicitor inspector lieutenant
    under first lord grand field acting interim principal senior executive managing
    communications policy campaign
    """.split()
)

#: What may follow "of" in an office: "Secretary of State", "Minister of Foreign Affairs".
OFFICE_OBJECTS: frozenset[str] = frozenset(
    """
    state defense defence homeland security foreign affairs staff national intelligence
    health education energy labor labour commerce agriculture transportation treasury
    veterans interior justice finance army navy air force trade economy police
    """.split()
)

_PARTY_RE = re.compile(r"(?:\(|,\s*)([RDI])-[A-Z][A-Za-z.]*\s*(?:\)|,|$)")
_PARTIES = {"R": "Republican Party", "D": "Democratic Party"}

_DETERMINERS = frozenset(
    "a an the this that these those some one two three several many most all both each"
    " another other few".split()
)
_INDEFINITE = frozenset("a an one some several many few another".split())
_POSSESSIVE_RE = re.compile(r"^(.+?)['\u2019]s?\s+(.+)$")
_SPLIT_RE = re.compile(r"[\w\u2019'.\-&]+")
_NAME_PARTICLES = frozenset("al el bin ibn de del della der di du da van von la le dos".split())
_CONNECTORS = frozenset("of for from at in on with".split())
_INNER_CONNECTORS = frozenset("of for and & the de in on".split())
_PARENTHESIS_RE = re.compile(r"\s*\([^)]*\)")


def _clean(text: str) -> str:
    # Emphasis marks and surrounding punctuation are typography, not part of the name.
    if "(" in text:
        text = _PARENTHESIS_RE.sub("", text)
    return text.replace("*", "").replace("_", " ").strip(" ,;:\u2014\u2013-\n\t")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and len(word) > 1)


def _is_name_word(word: str) -> bool:
    low = word.lower()
    if _is_cap(word):
        return True
    # "al-Sadr", "bin Laden", "de Blasio": lower-case particles inside a name.
    head = low.split("-", 1)[0]
    return head in _NAME_PARTICLES


def _title_word(word: str) -> bool:
    return word.lower().rstrip(".") in TITLES and _is_cap(word)


def is_acronym(word: str) -> bool:
    """True for an all-capital abbreviation such as "CPA", "SCIRI" or "U.S."."""
    letters = word.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _organisation_like(words: list[str]) -> bool:
    return any(w.lower().rstrip(".") in ORGANISATION_WORDS for w in words) or (
        len(words) == 1 and is_acronym(words[0])
    )


@lru_cache(maxsize=4096)
def parse_mention(text: str) -> SpeakerMention:
    """Parse a speaker mention into its name, title, role, organisation and kind.

    Args:
        text: the mention as written, e.g. "CPA spokesman General Mark Kimmitt".

    Returns:
        The parsed mention. Pronouns come back as kind "anonymous" with no name; the
        resolver gives them their referent.

    >>> m = parse_mention("CPA spokesman General Mark Kimmitt")
    >>> (m.name, m.title, m.role, m.organisation, m.kind)
    ('Mark Kimmitt', 'General', 'CPA spokesman', 'CPA', 'person')
    """
    clean = _clean(text)
    # An appositive: "Mukasey, the Republican attorney general" or "a supporter of Sadr,
    # Sheik Ahmed Shibani". The part with a name is the name; the other is the role.
    if "," in clean:
        parts = [p.strip() for p in clean.split(",") if p.strip()]
        named = [parse_mention(p) for p in parts]
        people = [m for m in named if m.name and m.kind == PERSON]
        if people:
            main = people[0]
            others = [m for m in named if m is not main]
            # A description ("a dairy farmer near Lund") is a role even if it names a place.
            described = [
                m.text
                for m in others
                if m.text.split()[0].lower() in _DETERMINERS or m.text[0].islower()
            ]
            role = main.role or next(iter(described), None)
            role = role or next((m.role or m.text for m in others if not m.name), None)
            if role is not None:
                role = _strip_determiner(role)
            org = main.organisation or next((m.organisation for m in others), None)
            org = org or _party(text)
            return SpeakerMention(text, main.name, main.title, role, org, PERSON)
        clean = parts[0] if parts else clean
    possessive = _POSSESSIVE_RE.match(clean)
    if possessive and " " not in possessive.group(1).strip():
        owner, rest = possessive.group(1), possessive.group(2)
        inner = parse_mention(rest)
        if inner.name and inner.kind == PERSON:
            return SpeakerMention(text, inner.name, inner.title, inner.role, owner, PERSON)
        kind = ORGANISATION if inner.kind == ORGANISATION else ANONYMOUS
        return SpeakerMention(text, None, None, _strip_determiner(rest), owner, kind)
    words = _SPLIT_RE.findall(clean)
    if not words:
        return SpeakerMention(text, None, None, None, None, ANONYMOUS)
    indefinite = words[0].lower() in _INDEFINITE
    if words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words:
        return SpeakerMention(text, None, None, None, None, ANONYMOUS)
    # "spokesman for the State Department", "reports from Karbala": a head and its place.
    head, tail = words, []
    for i, w in enumerate(words[1:], 1):
        if w.lower() in _CONNECTORS and not _is_cap(words[i - 1]):
            head, tail = words[:i], words[i:]
            break
    tail_org = " ".join(w for w in tail[1:] if w.lower() not in _DETERMINERS) or None
    office = _office_and_name(head)
    if office is not None:
        prefix, title, personal = office
        org = _organisation_in(prefix) or tail_org or _party(text)
        if not prefix:
            role = None
        elif _is_office_head(prefix[-1]) or not title:
            role = " ".join(prefix)  # "CPA spokesman" before the rank "General"
        else:
            role = " ".join(prefix + title)  # "Senate" qualifies "Majority Leader"
        return SpeakerMention(text, " ".join(personal), " ".join(title) or None, role, org, PERSON)
    # The name is the run of capitalised words that ends the head ("Mark Kimmitt"); across
    # connectors it may be a longer proper name ("Iraq Centre for Research and ...").
    j = len(head)
    while j > 0 and _is_name_word(head[j - 1]):
        j -= 1
    ext = j
    while 1 < ext < len(head) and head[ext - 1].lower() in _INNER_CONNECTORS:
        c = ext - 1
        while c > 0 and head[c - 1].lower() in _INNER_CONNECTORS:
            c -= 1
        k = c
        while k > 0 and _is_name_word(head[k - 1]):
            k -= 1
        if k == c:
            break
        ext = k
    trail = head[j:]
    if len(trail) == 1 and trail[0].lower() in PRONOUNS:
        return SpeakerMention(text, None, None, None, None, ANONYMOUS)
    if _is_bare_office(head):
        # "the Secretary of State", "the Majority Leader": an office, not a name.
        return SpeakerMention(text, None, None, " ".join(head), tail_org, ANONYMOUS)
    if trail and trail[-1].lower() in GROUP_NAMES:
        return SpeakerMention(text, None, None, " ".join(words), None, GROUP)
    if ext < j:
        extended = head[ext:]
        person_of = _person_with_affiliation(extended)
        if person_of is not None:
            person, affiliation = person_of
            return SpeakerMention(text, person, None, None, affiliation, PERSON)
        if _organisation_like(extended) and not _title_word(extended[0]):
            name = " ".join(extended)
            return SpeakerMention(
                text, name, None, " ".join(head[:ext]) or None, name, ORGANISATION
            )
    if trail and _organisation_like(trail):
        # "State John Kerry" after "Secretary of": the person follows the last body word.
        k = len(trail)
        while k > 0 and not _organisation_like([trail[k - 1]]):
            k -= 1
        if k == len(trail) or ext < j and not _title_word(head[ext]):
            name = " ".join(trail)
            role = " ".join(head[:j]) or None
            return SpeakerMention(text, name, None, role, name, ORGANISATION)
        j += k
        trail = head[j:]
    name_words = list(trail)
    role_words = head[:j]
    titles: list[str] = []
    while len(name_words) > 1 and _title_word(name_words[0]):
        titles.append(name_words.pop(0))
    if ext < j and _title_word(head[ext]):
        # "Secretary of State John Kerry": the office is the title.
        titles = head[ext:j] + titles
        role_words = head[:ext]
    if len(name_words) == 1 and _title_word(name_words[0]) and not role_words:
        # "the President", "the Governor": an office, not a name.
        return SpeakerMention(text, None, None, name_words[0], tail_org, ANONYMOUS)
    if name_words:
        role = " ".join(role_words) or None
        org = _organisation_in(role_words) or tail_org
        return SpeakerMention(
            text, " ".join(name_words), " ".join(titles) or None, role, org, PERSON
        )
    role = " ".join(head)
    last = head[-1].lower()
    org = _organisation_in(head) or tail_org
    if last in ORGANISATION_WORDS and not indefinite and last not in ROLE_WORDS:
        return SpeakerMention(text, None, None, " ".join(words), org, ORGANISATION)
    if last.endswith("s") and not last.endswith("ss") and last not in ROLE_WORDS:
        return SpeakerMention(text, None, None, " ".join(words), org, GROUP)
    return SpeakerMention(text, None, None, " ".join(words) if tail else role, org, ANONYMOUS)


def _is_office_head(word: str) -> bool:
    return word.lower().rstrip(".") in OFFICE_HEADS


def _is_personal_name(words: list[str]) -> bool:
    """True for words that can be a person's name: "Mitch McConnell", "Ban Ki-moon"."""
    if not 1 <= len(words) <= 5 or not all(_is_name_word(w) for w in words):
        return False
    if not _is_cap(words[0]) or words[0].lower() in _DETERMINERS or _office_word(words[0]):
        return False
    last = words[-1].lower().rstrip(".")
    if last in ORGANISATION_WORDS or last in GROUP_NAMES or last in PRONOUNS:
        return False
    return not all(is_acronym(w) for w in words)


def _office_and_name(words: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """Split an office written before a name into what qualifies it, its title and the name.

    "Senate Majority Leader Mitch McConnell" gives (["Senate"], ["Majority", "Leader"],
    ["Mitch", "McConnell"]); "White House press secretary Josh Earnest" gives
    (["White", "House", "press", "secretary"], [], ["Josh", "Earnest"]): a title is written
    in capitals, an office in lower case is a role. None when no office precedes a name.
    """
    n = len(words)
    for i in range(n - 2, -1, -1):
        if not _is_office_head(words[i]):
            continue
        k = i + 1
        if words[k].lower() == "of":
            # "Secretary of State John Kerry": the office runs over its object.
            k += 1
            if k < n and words[k].lower() == "the":
                k += 1
            start = k
            while k < n and words[k].lower() in OFFICE_OBJECTS and _is_cap(words[k]):
                k += 1
            if k == start:
                continue
        name = words[k:]
        if not _is_personal_name(name):
            continue
        # The title is the run of capitalised office words that ends at the head.
        t = i + 1
        while t > 0 and _is_cap(words[t - 1]) and _office_word(words[t - 1]):
            t -= 1
        if t == i + 1:
            return words[:k], [], name
        return words[:t], words[t:k], name
    return None


def _is_bare_office(words: list[str]) -> bool:
    """True for an office with no name: "Secretary of State", "Senate Majority Leader"."""
    if len(words) < 2 or not _is_office_head(words[0]) and not _office_word(words[-1]):
        return False
    return all(
        _office_word(w) or w.lower() in OFFICE_OBJECTS or w.lower() in ("of", "the") for w in words
    ) and _is_cap(words[0])


def _office_word(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low in OFFICE_HEADS or low in OFFICE_MODIFIERS


def _party(text: str) -> str | None:
    """The party of "Sen. Ted Cruz, R-Texas" or "Rep. Nancy Pelosi (D-Calif.)"."""
    m = _PARTY_RE.search(text)
    return _PARTIES.get(m.group(1)) if m else None


def _organisation_in(words: list[str]) -> str | None:
    """The organisation named inside a role: an acronym or a capitalised run like a body."""
    runs: list[list[str]] = []
    run: list[str] = []
    for w in words:
        if _is_cap(w) and w.lower().rstrip(".") not in TITLES:
            run.append(w)
        elif run and w.lower() in _INNER_CONNECTORS:
            run.append(w)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    for r in runs:
        while r and r[-1].lower() in _INNER_CONNECTORS:
            r.pop()
        if r and (r[-1].lower() in ORGANISATION_WORDS or any(is_acronym(w) for w in r)):
            return " ".join(r)
    return None


def _person_with_affiliation(words: list[str]) -> tuple[str, str] | None:
    """Split "Joel Pollak of Breitbart California" into a person and an affiliation."""
    for i, w in enumerate(words):
        if w.lower() in ("of", "from", "at", "in") and i >= 1:
            person, rest = words[:i], words[i + 1 :]
            if rest and not _organisation_like(person) and not _title_word(person[0]):
                return " ".join(person), " ".join(rest)
    return None


def _strip_determiner(text: str) -> str:
    words = text.split()
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)
