"""Names of speakers: normalisation, titles and the aliases too vague to match on.

One normal form serves the whole tool: the speaker registry stores it beside every alias,
ingest matches extracted mentions on it, and search compares fuzzy queries against it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Honorifics, ranks and offices that precede a name. Stripped before matching, so that
#: "Gen. Kimmitt", "General Mark Kimmitt" and "Kimmitt" meet on the same surname.
TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father
    sheik sheikh shaikh imam ayatollah grand mullah cleric rabbi bishop archbishop cardinal pope
    gen general lt lieutenant col colonel maj major capt captain cmdr commander adm admiral
    sgt sergeant cpl corporal pvt private brig brigadier marshal field
    president vice prime minister secretary chancellor premier king queen prince princess
    sen senator rep representative congressman congresswoman gov governor mayor
    judge justice chief deputy ambassador spokesman spokeswoman spokesperson
    the
    """.split()
)

#: Words that make an alias weak: a mention built only from these and titles names a role,
#: not a person, and is never used to match ("a spokesman", "an official", "he").
WEAK_WORDS: frozenset[str] = frozenset(
    """
    a an the this that these those some one two several many other another
    he she they it we i you him her them his its their who which
    senior top high ranking high-ranking unnamed anonymous local former current
    official officials spokesman spokeswoman spokesperson source sources aide aides
    diplomat diplomats analyst analysts expert experts witness witnesses resident residents
    person people man woman men women member members representative representatives
    officer officers soldier soldiers police policeman commander leader leaders
    report reports statement statements government administration military
    us u.s. american western iraqi
    """.split()
)

#: Determiners that make a description indefinite.
INDEFINITE: frozenset[str] = frozenset(
    {"a", "an", "one", "some", "several", "many", "two", "three"}
)

_PUNCT = re.compile(r"[^\w\s-]+")
_SPACE = re.compile(r"[\s_]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: "Muqtadā" becomes "muqtada"."""
    if text.isascii():
        return text.casefold()  # nothing to strip; extraction folds every speaker it meets
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """Split a name into folded words, dropping punctuation, emphasis marks and possessives."""
    text = _POSSESSIVE.sub("", fold(text))
    text = _PUNCT.sub(" ", text.replace("*", " ").replace("_", " "))
    return [w.strip("-") for w in _SPACE.split(text) if w.strip("-")]


def normalise_name(name: str) -> str:
    """The matching form of a name: folded, unpunctuated, leading titles removed.

    Only leading titles go: in "Sadr's representative" the office is the point of the name.

    >>> normalise_name("Gen. Mark Kimmitt")
    'mark kimmitt'
    >>> normalise_name("the *Telegraph*")
    'telegraph'
    """
    ws = words(name)
    start = 0
    while start < len(ws) - 1 and ws[start] in TITLES:
        start += 1
    return " ".join(ws[start:])


def surname(name: str) -> str | None:
    """The last word of a person's normalised name, or None when there is nothing left."""
    parts = normalise_name(name).split()
    return parts[-1] if parts else None


#: The shortest last word kept as a surname key: "al" or "de" alone name nobody.
SURNAME_MIN_LENGTH = 3


def surname_key(normalised: str) -> str | None:
    """The surname key stored beside a normal form: its last word when there are several.

    A lone surname ("kimit", "Kimmitt") is matched against these keys, so a one-word normal
    form has none (it is already its own key), nor does a last word too short to mean anyone.

    >>> surname_key("mark kimmitt"), surname_key("kimmitt"), surname_key("moqtada al-sadr")
    ('kimmitt', None, 'sadr')
    """
    parts = normalised.split()
    if len(parts) < 2:
        return None
    last = without_particle(parts[-1])
    return last if len(last) >= SURNAME_MIN_LENGTH else None


#: Articles written onto a surname with a hyphen: "al-Sadr" is "Sadr" when written alone.
_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ul|bin|ibn|abu|ben)-(?=\w)")


def without_particle(word: str) -> str:
    """A surname without a hyphenated article: "al-sadr" becomes "sadr".

    >>> without_particle("al-sadr"), without_particle("sadr"), without_particle("al-")
    ('sadr', 'sadr', 'al-')
    """
    return _PARTICLE.sub("", word)


_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(normalised: str | None) -> str | None:
    """The consonants of a normal form, doubled letters once: a key that misspellings of
    vowels and doubled letters, and many transliterations, leave unchanged.

    None when fewer than two consonants are left, too few to tell names apart.

    >>> skeleton("kimmitt"), skeleton("kimit"), skeleton("muqtada"), skeleton("moqtada")
    ('kmt', 'kmt', 'mqtd', 'mqtd')
    >>> skeleton("mark kimmitt"), skeleton("ali")
    ('mrk kmt', None)
    """
    if not normalised:
        return None
    consonants = " ".join(_REPEATS.sub(r"\1", _VOWELS.sub("", normalised)).split())
    return consonants if len(consonants.replace(" ", "")) >= 2 else None


@dataclass(frozen=True, slots=True)
class AliasKeys:
    """The keys an alias is matched on, stored beside it."""

    normalised: str
    surname: str | None
    skeleton: str | None
    surname_skeleton: str | None

    def columns(self) -> dict[str, str | None]:
        """The keys as ``speaker_alias`` column values."""
        return {
            "normalised": self.normalised,
            "surname": self.surname,
            "skeleton": self.skeleton,
            "surname_skeleton": self.surname_skeleton,
        }


def alias_keys(alias: str) -> AliasKeys:
    """The keys stored with an alias: its normal form, its surname key and the skeletons of
    both (``skeleton``). A lookup by any of them is an index lookup."""
    normalised = normalise_name(alias)
    surname = surname_key(normalised)
    return AliasKeys(normalised, surname, skeleton(normalised), skeleton(surname))


def is_weak_alias(alias: str) -> bool:
    """True when ``alias`` names a role or a pronoun rather than someone in particular.

    Pronouns and bare roles are weak, and so is any indefinite description: "a CPA
    spokesman" or "a Najaf local" could be one of many people.

    >>> is_weak_alias("a senior official"), is_weak_alias("A Najaf local"), is_weak_alias("Kimmitt")
    (True, True, False)
    """
    ws = words(alias)
    if not ws or ws[0] in INDEFINITE:
        return True
    return all(w in WEAK_WORDS or w in TITLES for w in ws)
