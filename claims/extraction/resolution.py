"""Who a mention refers to, within one document.

News names a speaker in full once ("Major General Martin Dempsey") and then by surname
("Dempsey"), pronoun ("he"), acronym ("the CPA") or role ("Sadr's representative"). The
resolver keeps the speakers met so far and the names and acronyms defined in the text, and
maps each mention to one canonical form: the full name for people, the expanded name for
organisations, the role (with its owner resolved) for anonymous sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.lexicon import PRONOUNS
from claims.extraction.mentions import GROUP_NAMES, is_acronym, parse_mention
from claims.extraction.model import ANONYMOUS, GROUP, ORGANISATION, PERSON, SpeakerMention
from claims.extraction.names import TITLES, fold

# "Coalition Provisional Authority (CPA)": an acronym defined in brackets after its name.
_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z&]{1,11})\)")
_CAP_WORD_RE = re.compile(r"([A-Z][\w\u2019'&.-]*|of|for|the|and|in|on|&)\s*$")
# A run of capitalised words (with name particles) just before a surname.
_NAME_BEFORE_RE = re.compile(
    r"((?:(?:[A-Z][\w\u2019'.-]*|al|bin|de|van|von|la|le)[ \u00a0]+){1,4})$"
)
_PARTICLE_RE = re.compile(r"\b(?:al|el|bin|ibn|Al|El)-$")
_EMPHASIS_RE = re.compile(r"[*_]+")
# A hyphenated modifier before an organisation's name: "US-led", "Iranian-backed".
_MODIFIER_RE = re.compile(
    r"^[\w.]+-(?:led|backed|based|owned|run|funded|allied|aligned|installed|sponsored)\s+"
)
_LEADING_THE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(slots=True)
class Entity:
    """A speaker met in the document: its canonical name, kind and fullest mention."""

    canonical: str
    kind: str
    mention: SpeakerMention
    surname: str | None


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in ``text`` by a bracket after their full name.

    >>> find_acronyms("the Coalition Provisional Authority (CPA) said")
    {'CPA': 'Coalition Provisional Authority'}
    """
    found: dict[str, str] = {}
    for m in _ACRONYM_RE.finditer(text):
        acronym = m.group(1)
        if not is_acronym(acronym) or acronym in found:
            continue
        letters = acronym.replace("&", "")
        # Walk back over capitalised words and small connectors until the initials match.
        words: list[str] = []
        pos = m.start()
        for _ in range(len(letters) * 2 + 4):
            w = _CAP_WORD_RE.search(text, max(0, pos - 40), pos)
            if not w:
                break
            words.insert(0, w.group(1))
            pos = w.start()
            initials = _initials(words)
            if initials.upper() == letters.upper() and words[0][:1].isupper():
                found[acronym] = " ".join(words)
                break
            if len(initials) > len(letters):
                break
    return found


def _surname_key(word: str) -> str:
    low = fold(word).strip(".,")
    for particle in ("al-", "el-", "bin-"):
        if low.startswith(particle):
            low = low[len(particle) :]
    return low


class Resolver:
    """Resolve speaker mentions to canonical speakers, in document order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.acronyms = find_acronyms(text) if "(" in text else {}
        self.entities: list[Entity] = []
        self._by_surname: dict[str, Entity] = {}
        self._by_name: dict[str, Entity] = {}

    def _remember(self, entity: Entity) -> Entity:
        key = fold(entity.canonical)
        known = self._by_name.get(key)
        if known is not None:
            entity = known
        else:
            self._by_name[key] = entity
            if entity.surname and entity.kind == PERSON:
                self._by_surname.setdefault(entity.surname, entity)
        if self.entities and self.entities[-1] is entity:
            return entity
        self.entities.append(entity)
        return entity

    def _full_name(self, surname: str, before: int) -> str | None:
        """A fuller name ending in ``surname`` written earlier in the text, if any."""
        text = self.text
        pos = text.find(surname, 0, max(0, before))
        best: str | None = None
        while pos != -1:
            after = pos + len(surname)
            if after >= len(text) or not (text[after].isalnum()):
                particle = _PARTICLE_RE.search(text, max(0, pos - 4), pos)
                start = particle.start() if particle else pos
                m = _NAME_BEFORE_RE.search(text, max(0, start - 60), start)
                if m:
                    words = m.group(1).split()
                    # Sentence-initial words are not part of a name, nor is an office
                    # ("Foreign Minister Jean Dupont"), which the mention parser sets apart.
                    while words and words[0].lower() in _NOT_NAMES:
                        words.pop(0)
                    if words:
                        full = " ".join(words) + " " + text[start:after]
                        name = parse_mention(full).name or ""
                        kept = [w for w in name.split() if w.lower().rstrip(".") not in TITLES]
                        if len(kept) > 1:
                            best = full
                            break
            pos = text.find(surname, after, max(0, before))
        return best

    def resolve(self, mention_text: str, position: int, antecedent: str | None = None) -> Entity:
        """The entity a mention at ``position`` refers to (and remember it).

        Args:
            mention_text: the speaker as written ("He", "Dempsey", "the CPA").
            position: where the mention starts in the text.
            antecedent: for a relative pronoun ("who"), the phrase it attaches to.
        """
        clean = mention_text
        if "*" in clean or "_" in clean:
            clean = _EMPHASIS_RE.sub("", clean)
        clean = clean.strip()
        low = clean.lower()
        if low in PRONOUNS:
            return self._resolve_pronoun(clean, low, position, antecedent)
        mention = parse_mention(mention_text)
        if mention.kind == PERSON and mention.name:
            return self._remember(self._person(mention, position))
        if mention.kind == ORGANISATION and mention.name:
            name = _MODIFIER_RE.sub("", _LEADING_THE_RE.sub("", mention.name))
            expanded = self.acronyms.get(name.replace(".", "")) or self.acronyms.get(name)
            if expanded is None:
                # "US-led Coalition Provisional Authority (CPA)" is the Authority itself.
                expanded = next((e for e in self.acronyms.values() if name.endswith(" " + e)), None)
            canonical = expanded or name
            if expanded:
                mention = SpeakerMention(
                    mention.text, expanded, None, mention.role, expanded, ORGANISATION
                )
            return self._remember(Entity(canonical, ORGANISATION, mention, None))
        if mention.organisation and mention.role and mention.kind in (ANONYMOUS, ORGANISATION):
            possessive = _POSSESSOR_RE.match(clean)
            if possessive:
                owner = self.resolve(possessive.group(1), position)
                canonical = f"{mention.role} of {owner.canonical}"
                return self._remember(Entity(canonical, mention.kind, mention, None))
        canonical = _LEADING_THE_RE.sub("", mention.role or clean)
        return self._remember(Entity(canonical, mention.kind, mention, None))

    def _person(self, mention: SpeakerMention, position: int) -> Entity:
        assert mention.name is not None
        parts = mention.name.split()
        surname = _surname_key(parts[-1])
        if len(parts) == 1:
            known = self._by_surname.get(surname)
            if known is not None:
                return known
            full = self._full_name(parts[0], position)
            if full:
                fuller = parse_mention(full)
                name = fuller.name or full
                merged = SpeakerMention(
                    mention.text,
                    name,
                    mention.title or fuller.title,
                    mention.role or fuller.role,
                    mention.organisation or fuller.organisation,
                    PERSON,
                )
                return Entity(name, PERSON, merged, surname)
        known = self._by_surname.get(surname)
        if known is not None and fold(known.canonical).endswith(fold(mention.name)):
            return known
        return Entity(mention.name, PERSON, mention, surname)

    def _resolve_pronoun(
        self, clean: str, low: str, position: int, antecedent: str | None
    ) -> Entity:
        if antecedent:
            return self.resolve(antecedent, position)
        wanted: tuple[str, ...]
        if low in ("he", "she"):
            wanted = (PERSON,)
        elif low in ("they", "we"):
            wanted = (GROUP, ORGANISATION, PERSON)
        elif low in ("it", "which", "this"):
            wanted = (ORGANISATION,)
        else:
            wanted = ()
        for entity in reversed(self.entities):
            if entity.kind in wanted:
                self._remember(entity)
                return entity
        mention = SpeakerMention(clean, None, None, None, None, ANONYMOUS)
        return Entity(clean, ANONYMOUS, mention, None)


_POSSESSOR_RE = re.compile(r"^(?:the\s+)?(.+?)['\u2019]s?\s+\S")
_NOT_NAMES = (
    frozenset(
        """
    the a an and but or if when while as after before since because though although
    then so yet also this that these those in on at by for from with of to
    former late shiite sunni iraqi american british democratic republican gop us u.s
    """.split()
    )
    | GROUP_NAMES
)
