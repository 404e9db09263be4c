"""Suggested contrasts: pairs of claims that likely contradict or support each other.

Scoring every pair of a large archive would cost O(n²), so candidates are found by blocking
first: claims about the same event (when the event is small enough to pair in full), claims
that sit next to each other in the same source, and claims that share a rare term. Only
those pairs are scored.

A score adds up evidence of two kinds, and each piece of evidence becomes a reason a reviewer
can read:

- that the two claims are about the same thing: the same event, neighbours in one source,
  shared names, places and numbers, shared rare words and overlapping wording (rapidfuzz,
  on the words that are not common across the archive);
- which way they bear on each other: a contrast marker ("however", "but") or an opposing cue
  ("denied" against "said"), only one of them negated, different affiliations, for
  ``contradicts``; the same affiliation or an agreeing cue ("confirmed"), for ``supports``.

Pairs by the same speaker and pairs a reviewer rejected (table ``suggestion_rejection``) are
not proposed; pairs already linked are marked as such, or left out on request. Accepting a
suggestion makes an audited link (``claims.review.links.link_claims``); rejecting one records who
rejected it and when.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from claims.review.edits import get_claim
from claims.review.links import link_claims, parse_relation
from claims.speakers.names import fold
from db.errors import InvalidValueError
from db.models import (
    Claim,
    ClaimLink,
    Event,
    Relation,
    Source,
    Speaker,
    SpeakerKind,
    SuggestionRejection,
    utcnow,
)

#: A suggestion needs at least this score (0 to 1) to be proposed.
MIN_SCORE = 0.45
#: Evidence that two claims are about the same thing needed before anything else counts.
MIN_TOPIC = 0.2
#: Events with more claims than this are not paired in full; their claims meet through
#: shared terms and neighbourhood instead.
EVENT_BLOCK = 120
#: Terms shared by more claims than this are too common to pair on.
TERM_BLOCK = 25
#: How many following claims in the same source each claim is paired with.
NEIGHBOURS = 2
#: Neighbours further apart than this (in characters) are not "side by side".
NEAR_CHARS = 600
#: Characters of source text read before a claim to find its attribution frame.
FRAME_BEFORE = 200
FRAME_AFTER = 80

# Evidence weights. Topic evidence says the two claims are about the same thing; contrast and
# agreement evidence say how they bear on each other.
W_SAME_EVENT = 0.30
W_OTHER_EVENT = -0.25
W_NEAR = 0.15
W_ADJACENT = 0.20
W_NAME = 0.08
W_NAMES_MAX = 0.24
W_TERM = 0.05
W_TERMS_MAX = 0.15
W_WORDING = 0.25
W_CONTRAST_MARKER = 0.20
W_OPPOSING_CUE = 0.15
W_NEGATION = 0.10
W_DISTANCING_CUE = 0.05
W_OTHER_SIDE = 0.10
W_SAME_SIDE = 0.10
W_AGREEING = 0.15

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


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Two claims that likely bear on each other, the relation proposed, and why."""

    a: int
    b: int
    """The two claim ids, ``a`` < ``b``."""
    relation: str
    score: float
    """From 0 to 1: how much evidence the pair has."""
    reasons: tuple[str, ...]
    linked: tuple[str, ...] = ()
    """Relations that already link the pair; empty while the suggestion is open."""

    @property
    def pair(self) -> str:
        """The order-free key of the two claims, as a link stores it."""
        return ClaimLink.pair_key(self.a, self.b)


@dataclass(frozen=True, slots=True)
class _Facts:
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


def _stem(word: str) -> str:
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
            found.setdefault(_stem(folded), word)
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

    for i, match in enumerate(words):
        word = _POSSESSIVE.sub("", match.group())
        opens_sentence = i == 0 or text[words[i - 1].end() : match.start()].strip()[-1:] in {
            ".",
            "!",
            "?",
            '"',
            "“",
        }
        folded = _fold_word(word)
        if word.isdigit() or folded in _MONTHS:
            close()
            found.setdefault(folded, word)
        elif (
            word[:1].isupper() and folded not in STOPWORDS and len(word) > 1 and not opens_sentence
        ):
            if run and text[words[i - 1].end() : match.start()] not in (" ", "-"):
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
    if speaker is None:
        return None
    if speaker.affiliation:
        return speaker.affiliation
    if speaker.kind in (SpeakerKind.ORGANISATION.value, SpeakerKind.GROUP.value):
        return speaker.name
    return None


def _has_stem(cue: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stems) for word in fold(cue).split())


def _load(session: Session, event_id: int | None) -> list[_Facts]:
    """Every claim's facts in one query, reading only a window of each source's text."""
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
        s.id: s for s in session.exec(select(Speaker).where(col(Speaker.id).in_(speaker_ids)))
    }
    facts = []
    for cid, content, sid, source_id, ev, s, e, cue, outlet, before, after, orphan in rows:
        speaker = speakers.get(sid)
        placed = s is not None and e is not None and not orphan
        words = _content_words(content)
        negation = _NEGATIONS.search(content)
        frame = _frame(before or "", after or "") if placed else ""
        contrast = _CONTRAST_MARKERS.search(frame)
        agreeing_marker = _AGREEING_MARKERS.search(frame)
        cue = cue or ""
        side = _side(speaker)
        facts.append(
            _Facts(
                id=cid,
                speaker_id=sid,
                speaker=speaker.name if speaker else "an unattributed source",
                side=side,
                source_id=source_id,
                outlet=outlet,
                event_id=ev,
                start=s,
                end=e,
                cue=cue,
                contrast=contrast.group().lower() if contrast else None,
                agreeing=cue
                if _has_stem(cue, _AGREEING_CUES)
                else agreeing_marker.group().lower()
                if agreeing_marker
                else None,
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


def _candidates(facts: Sequence[_Facts]) -> set[tuple[int, int]]:
    """Index pairs worth scoring: same event, neighbours in a source, a shared rare term."""
    pairs: set[tuple[int, int]] = set()

    def add_all(members: list[int]) -> None:
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                pairs.add((x, y) if x < y else (y, x))

    by_event: dict[int, list[int]] = defaultdict(list)
    by_source: dict[int, list[int]] = defaultdict(list)
    by_term: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if f.event_id is not None:
            by_event[f.event_id].append(i)
        if f.source_id is not None and f.start is not None:
            by_source[f.source_id].append(i)
        for term in f.stems | set(f.names):
            by_term[term].append(i)
    for members in by_event.values():
        if len(members) <= EVENT_BLOCK:
            add_all(members)
    for members in by_source.values():
        members.sort(key=lambda i: facts[i].start or 0)
        for k, x in enumerate(members):
            for y in members[k + 1 : k + 1 + NEIGHBOURS]:
                pairs.add((x, y) if x < y else (y, x))
    for members in by_term.values():
        if 2 <= len(members) <= TERM_BLOCK:
            add_all(members)
    return pairs


@dataclass
class _Evidence:
    topic: float = 0.0
    contrast: float = 0.0
    agreement: float = 0.0

    def __post_init__(self) -> None:
        self.explain: list[Callable[[], str]] = []

    def add(self, kind: str, weight: float, reason: Callable[[], str] | None) -> None:
        # Most pairs fall short: their reasons are written only once they make the cut.
        setattr(self, kind, getattr(self, kind) + weight)
        if reason is not None:
            self.explain.append(reason)

    def reasons(self) -> tuple[str, ...]:
        return tuple(reason() for reason in self.explain)


def _quote(text: str) -> str:
    return f"“{' '.join(text.split())}”"


class _Corpus:
    """What the scorer needs to know of the whole set of claims: how common each name and
    term is, and the event names."""

    def __init__(self, facts: Sequence[_Facts], events: dict[int, str]) -> None:
        self.events = events
        self.total = len(facts)
        self.name_df: Counter[str] = Counter(n for f in facts for n in f.names)
        self.term_df: Counter[str] = Counter(t for f in facts for t in f.stems)
        # A term in more claims than this says little about a pair ("government", "said").
        self.common = max(2, int(math.sqrt(2 * self.total)))
        self._wording: dict[int, tuple[int, str]] = {}
        # Each placed claim's rank in its source, to tell claims that follow one another.
        by_source: dict[int, list[_Facts]] = defaultdict(list)
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

    def wording(self, f: _Facts) -> tuple[int, str]:
        """How many informative terms a claim has (those not common in the corpus), and
        those terms in order as one string, for rapidfuzz."""
        found = self._wording.get(f.id)
        if found is None:
            terms = [t for t in f.words if self.term_df[t] <= self.common]
            found = self._wording[f.id] = (len(terms), " ".join(terms))
        return found


@dataclass(frozen=True, slots=True)
class _Scored:
    """A pair that made the cut, its reasons not yet written."""

    a: int
    b: int
    relation: str
    score: float
    evidence: _Evidence

    def suggestion(self, linked: tuple[str, ...] = ()) -> Suggestion:
        return Suggestion(
            self.a, self.b, self.relation, self.score, self.evidence.reasons(), linked
        )


def _score(x: _Facts, y: _Facts, corpus: _Corpus) -> _Scored | None:
    """The score of one pair, or None when the evidence is too thin."""
    events, name_df, term_df = corpus.events, corpus.name_df, corpus.term_df
    if x.speaker_id is not None and x.speaker_id == y.speaker_id:
        return None
    ev = _Evidence()
    # Topic: are the two claims about the same thing?
    if x.event_id is not None and x.event_id == y.event_id:
        event = events[x.event_id]
        ev.add("topic", W_SAME_EVENT, lambda: f"both about the event {_quote(event)}")
    elif x.event_id is not None and y.event_id is not None:
        ev.add("topic", W_OTHER_EVENT, None)
    if (
        x.source_id is not None
        and x.source_id == y.source_id
        and x.start is not None
        and y.start is not None
        and x.end is not None
        and y.end is not None
        and min(abs(y.start - x.end), abs(x.start - y.end)) <= NEAR_CHARS
    ):
        outlet = f" ({x.outlet})" if x.outlet else ""
        # A report sets rival accounts side by side: one claim straight after the other says
        # more than two claims a paragraph apart.
        if abs(corpus.rank[x.id] - corpus.rank[y.id]) == 1:
            ev.add(
                "topic", W_ADJACENT, lambda: f"one after the other in source #{x.source_id}{outlet}"
            )
        else:
            ev.add("topic", W_NEAR, lambda: f"close together in source #{x.source_id}{outlet}")
    shared = sorted(x.names.keys() & y.names.keys(), key=lambda n: (name_df[n], n))
    if shared:
        # A name most claims share (the country, the main actor) says little about a pair.
        weight = sum(W_NAME * corpus.rarity(name_df[n]) for n in shared)
        ev.add(
            "topic",
            min(W_NAMES_MAX, weight),
            lambda: f"both mention {', '.join(x.names[n] for n in shared[:4])}",
        )
    in_names = {_stem(w) for n in shared for w in n.split()}
    terms = sorted(
        (t for t in (x.stems & y.stems) - in_names if term_df[t] <= corpus.common),
        key=lambda t: (term_df[t], t),
    )
    weight = sum(W_TERM * corpus.rarity(term_df[t]) for t in terms)
    if weight > 0:
        what = "word" if len(terms) == 1 else "words"
        ev.add(
            "topic",
            min(W_TERMS_MAX, weight),
            lambda: f"both use the {what} {', '.join(_quote(x.words[t]) for t in terms[:4])}",
        )
    (x_count, x_words), (y_count, y_words) = corpus.wording(x), corpus.wording(y)
    if x_count and y_count:
        # token_set_ratio calls a short claim inside a long one a full match; it needs a few
        # words on each side to mean anything.
        scorer = fuzz.token_set_ratio if min(x_count, y_count) >= 4 else fuzz.token_sort_ratio
        overlap = scorer(x_words, y_words)
        if overlap >= 50:
            ev.add(
                "topic",
                W_WORDING * (overlap - 40) / 60,
                (lambda: f"overlapping wording ({overlap:.0f}%)") if overlap >= 55 else None,
            )
        if overlap >= 85:
            ev.add("agreement", W_SAME_SIDE, None)
    if ev.topic < MIN_TOPIC:
        return None
    # Direction: do they contradict or support each other?
    marked = x if x.contrast else y if y.contrast else None
    if marked is not None:
        ev.add(
            "contrast",
            W_CONTRAST_MARKER,
            lambda: (
                f"{_quote(marked.contrast or '')} sets claim {marked.id} against what came before"
            ),
        )
    if x.opposing != y.opposing:
        opp, other = (x, y) if x.opposing else (y, x)
        against = f" against {_quote(other.cue)}" if other.cue else ""
        ev.add(
            "contrast",
            W_OPPOSING_CUE,
            lambda: f"opposing cues: {_quote(opp.cue)} (claim {opp.id}){against}",
        )
    if (x.negation is None) != (y.negation is None):
        neg = x if x.negation else y
        ev.add(
            "contrast",
            W_NEGATION,
            lambda: f"only claim {neg.id} is negated ({_quote(neg.negation or '')})",
        )
    distant = x if x.distancing else y if y.distancing else None
    if distant is not None:
        ev.add(
            "contrast",
            W_DISTANCING_CUE,
            lambda: f"{_quote(distant.cue)} keeps its distance from claim {distant.id}",
        )
    if x.side_key and y.side_key:
        if x.side_key != y.side_key:
            ev.add("contrast", W_OTHER_SIDE, lambda: f"different sides: {x.side} and {y.side}")
        else:
            ev.add("agreement", W_SAME_SIDE, lambda: f"same side: {x.side}")
    agreeing = x if x.agreeing else y if y.agreeing else None
    if agreeing is not None:
        ev.add(
            "agreement",
            W_AGREEING,
            lambda: f"{_quote(agreeing.agreeing or '')} joins claim {agreeing.id} to another",
        )
    if ev.contrast == 0 and ev.agreement == 0:
        return None
    relation = Relation.CONTRADICTS if ev.contrast >= ev.agreement else Relation.SUPPORTS
    score = ev.topic + max(ev.contrast, ev.agreement)
    if score < MIN_SCORE:
        return None
    return _Scored(x.id, y.id, relation.value, round(min(1.0, score), 2), ev)


def _event_names(session: Session) -> dict[int, str]:
    return {
        eid: name for eid, name in session.exec(select(Event.id, Event.name)) if eid is not None
    }


def suggest(
    session: Session,
    *,
    event_id: int | None = None,
    limit: int | None = 10,
    include_linked: bool = True,
    progress: Callable[[int], None] | None = None,
) -> list[Suggestion]:
    """Pairs of claims that likely contradict or support each other, best first.

    A pair already linked is listed with its links in ``Suggestion.linked``, so a reviewer
    sees the scorer agree with earlier work; a pair rejected with the relation proposed is
    never listed.

    Args:
        event_id: Only claims attached to this event.
        limit: At most this many suggestions (None for all).
        include_linked: False to leave out pairs that are already linked: the open
            suggestions, still to be accepted or rejected.
        progress: Called now and then with how many more candidate pairs were scored.
    """
    facts = _load(session, event_id)
    if len(facts) < 2:
        return []
    corpus = _Corpus(facts, _event_names(session))
    linked: dict[str, list[str]] = defaultdict(list)
    for pair, relation in session.exec(select(ClaimLink.pair, ClaimLink.relation)):
        linked[pair].append(relation)
    rejected = set(session.exec(select(SuggestionRejection.pair, SuggestionRejection.relation)))
    found: list[tuple[_Scored, tuple[str, ...]]] = []
    for done, (i, j) in enumerate(_candidates(facts), start=1):
        if progress and done % 5000 == 0:
            progress(5000)
        x, y = (facts[i], facts[j]) if facts[i].id < facts[j].id else (facts[j], facts[i])
        scored = _score(x, y, corpus)
        if scored is None:
            continue
        pair = ClaimLink.pair_key(scored.a, scored.b)
        if (pair, scored.relation) in rejected:
            continue
        relations = tuple(sorted(linked.get(pair, ())))
        if relations and not include_linked:
            continue
        found.append((scored, relations))
    found.sort(key=lambda item: (-item[0].score, item[0].a, item[0].b))
    return [scored.suggestion(relations) for scored, relations in found[:limit]]


def score_pair(session: Session, a: int, b: int) -> Suggestion | None:
    """What the scorer makes of one pair of claims, or None when it would not propose it.

    Raises:
        InvalidValueError: The same claim twice.
        NotFoundError: Either claim does not exist.
    """
    if a == b:
        raise InvalidValueError(f"a claim cannot be paired with itself (claim {a})")
    get_claim(session, a)
    get_claim(session, b)
    facts = _load(session, None)
    pair = sorted((f for f in facts if f.id in (a, b)), key=lambda f: f.id)
    if len(pair) != 2:
        return None
    scored = _score(pair[0], pair[1], _Corpus(facts, _event_names(session)))
    return None if scored is None else scored.suggestion()


def accept_suggestion(
    session: Session,
    a: int,
    b: int,
    relation: str,
    *,
    user: str,
    note: str | None = None,
) -> ClaimLink:
    """Accept a suggestion: link the two claims (audited on both) with ``relation``."""
    return link_claims(session, a, b, relation, user=user, note=note)


def reject_suggestion(
    session: Session,
    a: int,
    b: int,
    relation: str,
    *,
    user: str,
    reason: str | None = None,
) -> SuggestionRejection:
    """Reject a suggestion, so the pair is never proposed with ``relation`` again.

    Raises:
        InvalidValueError: The pair is the same claim twice, or was already rejected.
        NotFoundError: Either claim does not exist.
    """
    rel = parse_relation(relation).value
    if a == b:
        raise InvalidValueError(f"a claim cannot be paired with itself (claim {a})")
    get_claim(session, a)
    get_claim(session, b)
    pair = ClaimLink.pair_key(a, b)
    existing = session.exec(
        select(SuggestionRejection).where(
            SuggestionRejection.pair == pair, SuggestionRejection.relation == rel
        )
    ).first()
    if existing is not None:
        raise InvalidValueError(
            f"claims {a} and {b} as {rel} were already rejected by {existing.rejected_by} "
            f"on {existing.rejected_at:%Y-%m-%d}"
        )
    low, high = sorted((a, b))
    rejection = SuggestionRejection(
        claim_id=low,
        other_id=high,
        relation=rel,
        pair=pair,
        reason=reason or None,
        rejected_by=user,
        rejected_at=utcnow(),
    )
    session.add(rejection)
    session.flush()
    return rejection


def rejections(session: Session) -> list[SuggestionRejection]:
    """Every rejected suggestion, most recent first."""
    return list(
        session.exec(
            select(SuggestionRejection).order_by(
                col(SuggestionRejection.rejected_at).desc(), col(SuggestionRejection.id).desc()
            )
        )
    )
