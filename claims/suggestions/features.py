"""What the scorer knows of each claim and of the archive as a whole, read in one query.

For each claim (``ClaimFacts``): its speaker and the side the speaker is on, where it sits in
its source, the content words (by a six-letter stem) and the names, places, numbers and dates
it mentions, whether it is negated, and what its attribution frame says: a contrast marker
("however"), an agreeing marker ("also"), and whether the cue opposes ("denied"), keeps its
distance ("claimed") or agrees ("confirmed"). Only a window of each source's text around the
claim is read for the frame.

For the archive (``Corpus``): how many claims mention each name and term, so that what
most claims share counts for little, and each claim's rank in its source, to tell claims
that follow one another.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claims.extraction.names import fold
from claims.review.edits import get_claim
from claims.suggestions.weights import FRAME_AFTER, FRAME_BEFORE
from db.errors import InvalidValueError
from db.models import Claim, Event, Source, Speaker, SpeakerKind

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet for of in on at to from by with without into onto upon
    about over under after before than then that this these those there here which who whom
    whose what when where why how is are was were be been being am has have had having do does
    did done will would shall should can could may might must it its it's he she they them
    his her their our we us you your i me my mine not no never also just only even still
    very more most much many some any all each every other such own same too as if because
    while although though however said says told stated claimed reported according
    """.split()
)

_CONTRAST_MARKERS = re.compile(
    r"\b(however|but|yet|although|though|whereas|instead|nevertheless|nonetheless|"
    r"on the other hand|in contrast|by contrast|contrary|countered|retorted)\b",
    re.IGNORECASE,
)
_AGREEING_MARKERS = re.compile(
    r"\b(also|too|likewise|similarly|echoed|echoing|confirm(?:ed|ing|s)?|agree(?:d|s)?|"
    r"corroborat\w*|backed)\b",
    re.IGNORECASE,
)
_NEGATIONS = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|\w+n['’]t)\b",
    re.IGNORECASE,
)
#: Cue stems that answer another account: denying, rejecting, disputing it.
_OPPOSING_CUES = ("deni", "deny", "reject", "refut", "disput", "dismiss", "contradict", "counter")
#: Cue stems by which a report keeps its distance from what it reports.
_DISTANCING_CUES = ("claim", "alleg", "purport", "insist")
_AGREEING_CUES = ("confirm", "agree", "echo", "corroborat", "back")
_POSSESSIVE = re.compile(r"['’]s$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])|\n")
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
#: What may come between the end of one word and a word that opens a sentence.
_SENTENCE_OPENERS = {".", "!", "?", '"', "“"}


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What the scorer knows of one claim."""

    id: int
    speaker_id: int | None
    speaker: str
    side: str | None
    source_id: int | None
    outlet: str | None
    event_id: int | None
    start: int | None
    end: int | None
    cue: str
    contrast: str | None
    """A contrast marker in the claim's attribution ("however"), if any."""
    agreeing: str | None
    """An agreeing cue or marker ("confirmed", "also"), if any."""
    opposing: bool
    """The cue answers another account ("denied")."""
    distancing: bool
    """The cue keeps the report's distance ("claimed")."""
    side_key: str | None
    stems: frozenset[str]
    words: dict[str, str]
    """Stem -> the word as first written, to show a shared term."""
    names: dict[str, str]
    """Folded name -> the name as written."""
    negation: str | None


def stem(word: str) -> str:
    """The key under which forms of one word meet: its first six letters."""
    # Six letters keep "accusation"/"accusations" and "ceasefire"/"ceasefires" together
    # without a stemmer's dictionary.
    return word[:6]


#: Folding is the costliest step of reading a claim; news vocabulary repeats, so it is cached.
_fold_word = functools.lru_cache(maxsize=200_000)(fold)


def _content_words(text: str) -> dict[str, str]:
    """The content words of ``text`` by stem, each with its first written form, in order."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = _fold_word(word)
        if len(folded) > 2 and folded not in STOPWORDS:
            found.setdefault(stem(folded), word)
    return found


def _names(text: str) -> dict[str, str]:
    """Proper names, numbers and dates in ``text``: capitalised runs not opening a sentence."""
    found: dict[str, str] = {}
    words = list(_WORD.finditer(text))
    run: list[str] = []

    def close() -> None:
        if run:
            name = " ".join(run)
            found.setdefault(fold(name), name)
            run.clear()

    for index, match in enumerate(words):
        word = _POSSESSIVE.sub("", match.group())
        gap = text[words[index - 1].end() : match.start()] if index else ""
        opens_sentence = index == 0 or gap.strip()[-1:] in _SENTENCE_OPENERS
        folded = _fold_word(word)
        if word.isdigit() or folded in _MONTHS:
            close()
            found.setdefault(folded, word)
        elif (
            word[:1].isupper() and folded not in STOPWORDS and len(word) > 1 and not opens_sentence
        ):
            if run and gap not in (" ", "-"):
                close()
            run.append(word)
        else:
            close()
    close()
    return found


def _frame(before: str, after: str) -> str:
    """The attribution around a claim: its sentence before the claim and after it."""
    cuts = list(_SENTENCE_END.finditer(before))
    head = before[cuts[-1].end() :] if cuts else before
    tail_cut = _SENTENCE_END.search(after)
    tail = after[: tail_cut.start() + 1] if tail_cut else after
    return f"{head} … {tail}"


def _side(speaker: Speaker | None) -> str | None:
    """The side a speaker speaks for: their affiliation, or an organisation's own name."""
    if speaker is None:
        return None
    if speaker.affiliation:
        return speaker.affiliation
    if speaker.kind in (SpeakerKind.ORGANISATION.value, SpeakerKind.GROUP.value):
        return speaker.name
    return None


def _has_stem(cue: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stems) for word in fold(cue).split())


def _agreeing(cue: str, frame: str) -> str | None:
    """The agreeing cue, else the agreeing marker in the frame, else None."""
    if _has_stem(cue, _AGREEING_CUES):
        return cue
    marker = _AGREEING_MARKERS.search(frame)
    return marker.group().lower() if marker else None


def load_facts(session: Session, event_id: int | None) -> list[ClaimFacts]:
    """Every claim's facts (only those of ``event_id``, if given) in one query, by id,
    reading only a window of each source's text."""
    start, end = col(Claim.span_start), col(Claim.span_end)
    window_from = sa.case((start > FRAME_BEFORE, start - FRAME_BEFORE + 1), else_=1)
    window_len = sa.case((start > FRAME_BEFORE, FRAME_BEFORE), else_=start)
    statement = (
        sa.select(
            col(Claim.id),
            col(Claim.content),
            col(Claim.speaker_id),
            col(Claim.source_id),
            col(Claim.event_id),
            start,
            end,
            col(Claim.cue),
            col(Source.outlet),
            sa.func.substr(col(Source.text), window_from, window_len),
            sa.func.substr(col(Source.text), end + 1, FRAME_AFTER),
            # An orphan's offsets point into an older version: its frame is not read.
            col(Claim.anchor_version) < col(Source.version),
        )
        .outerjoin(Source, col(Source.id) == Claim.source_id)
        .order_by(col(Claim.id))
    )
    if event_id is not None:
        statement = statement.where(col(Claim.event_id) == event_id)
    rows = session.connection().execute(statement).all()
    speaker_ids = {row[2] for row in rows if row[2] is not None}
    speakers = {
        found.id: found
        for found in session.exec(select(Speaker).where(col(Speaker.id).in_(speaker_ids)))
    }
    facts = []
    for (
        claim_id,
        content,
        speaker_id,
        source_id,
        claim_event_id,
        span_start,
        span_end,
        cue,
        outlet,
        before,
        after,
        orphan,
    ) in rows:
        speaker = speakers.get(speaker_id)
        placed = span_start is not None and span_end is not None and not orphan
        words = _content_words(content)
        negation = _NEGATIONS.search(content)
        frame = _frame(before or "", after or "") if placed else ""
        contrast = _CONTRAST_MARKERS.search(frame)
        cue = cue or ""
        side = _side(speaker)
        facts.append(
            ClaimFacts(
                id=claim_id,
                speaker_id=speaker_id,
                speaker=speaker.name if speaker else "an unattributed source",
                side=side,
                source_id=source_id,
                outlet=outlet,
                event_id=claim_event_id,
                start=span_start,
                end=span_end,
                cue=cue,
                contrast=contrast.group().lower() if contrast else None,
                agreeing=_agreeing(cue, frame),
                opposing=_has_stem(cue, _OPPOSING_CUES),
                distancing=_has_stem(cue, _DISTANCING_CUES),
                side_key=fold(side) if side else None,
                stems=frozenset(words),
                words=words,
                names=_names(content),
                negation=negation.group() if negation else None,
            )
        )
    return facts


def event_names(session: Session) -> dict[int, str]:
    """Every event's name by its id, to say which event two claims share."""
    return {
        eid: name for eid, name in session.exec(select(Event.id, Event.name)) if eid is not None
    }


def check_pair(session: Session, a: int, b: int) -> None:
    """Raise unless ``a`` and ``b`` are two different claims that exist.

    Raises:
        InvalidValueError: The same claim twice.
        NotFoundError: Either claim does not exist.
    """
    if a == b:
        raise InvalidValueError(f"a claim cannot be paired with itself (claim {a})")
    get_claim(session, a)
    get_claim(session, b)


class Corpus:
    """What the scorer needs to know of the whole set of claims: how common each name and
    term is, and the event names."""

    def __init__(self, facts: Sequence[ClaimFacts], events: dict[int, str]) -> None:
        self.events = events
        self.total = len(facts)
        self.name_df: Counter[str] = Counter(n for f in facts for n in f.names)
        self.term_df: Counter[str] = Counter(t for f in facts for t in f.stems)
        # A term in more claims than this says little about a pair ("government", "said").
        self.common = max(2, int(math.sqrt(2 * self.total)))
        self._wording: dict[int, tuple[int, str]] = {}
        # Each placed claim's rank in its source, to tell claims that follow one another.
        by_source: dict[int, list[ClaimFacts]] = defaultdict(list)
        for f in facts:
            if f.source_id is not None and f.start is not None:
                by_source[f.source_id].append(f)
        self.rank: dict[int, int] = {}
        for members in by_source.values():
            members.sort(key=lambda f: (f.start or 0, f.id))
            self.rank.update((f.id, i) for i, f in enumerate(members))

    def rarity(self, df: int) -> float:
        """1 for a term two claims share, falling to 0 for one every claim has."""
        if df <= 2 or self.total <= 2:
            return 1.0
        return max(0.0, math.log(self.total / df) / math.log(self.total / 2))

    def wording(self, f: ClaimFacts) -> tuple[int, str]:
        """How many informative terms a claim has (those not common in the corpus), and
        those terms in order as one string, for rapidfuzz."""
        found = self._wording.get(f.id)
        if found is None:
            terms = [t for t in f.words if self.term_df[t] <= self.common]
            found = self._wording[f.id] = (len(terms), " ".join(terms))
        return found
