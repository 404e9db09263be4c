"""Scoring a pair of claims: one small function per kind of evidence, added up.

A score adds up evidence of two kinds, and each piece of evidence becomes a reason a reviewer
can read:

- that the two claims are about the same thing (topic): the same event, neighbours in one
  source, shared names, places and numbers, shared rare words and overlapping wording
  (rapidfuzz, on the words that are not common across the archive);
- which way they bear on each other: a contrast marker ("however", "but") or an opposing cue
  ("denied" against "said"), only one of them negated, different affiliations, for
  ``contradicts``; the same affiliation or an agreeing cue ("confirmed"), for ``supports``.

Direction is weighed only once the topic reaches ``MIN_TOPIC``, and a pair is proposed when
topic plus the stronger direction reaches ``MIN_SCORE`` (the weights are in
``claims.suggestions.weights``). Pairs by the same speaker and pairs a reviewer rejected are
not proposed; pairs already linked are marked as such, or left out on request. Only the
pairs ``claims.suggestions.candidates`` picks are scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlmodel import Session, select

from claims.suggestions.candidates import candidate_pairs
from claims.suggestions.features import (
    ClaimFacts,
    Corpus,
    check_pair,
    event_names,
    load_facts,
    stem,
)
from claims.suggestions.weights import (
    MIN_SCORE,
    MIN_TOPIC,
    NEAR_CHARS,
    W_ADJACENT,
    W_AGREEING,
    W_CONTRAST_MARKER,
    W_DISTANCING_CUE,
    W_NAME,
    W_NAMES_MAX,
    W_NEAR,
    W_NEGATION,
    W_OPPOSING_CUE,
    W_OTHER_EVENT,
    W_OTHER_SIDE,
    W_SAME_EVENT,
    W_SAME_SIDE,
    W_TERM,
    W_TERMS_MAX,
    W_WORDING,
)
from db.models import ClaimLink, Relation, SuggestionRejection


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


@dataclass
class Evidence:
    """What a pair has so far: its topic, contrast and agreement, and the reasons."""

    topic: float = 0.0
    contrast: float = 0.0
    agreement: float = 0.0

    def __post_init__(self) -> None:
        self.explain: list[Callable[[], str]] = []

    def add(self, kind: str, weight: float, reason: Callable[[], str] | None) -> None:
        """Add ``weight`` to ``kind`` (topic, contrast or agreement), with its reason."""
        # Most pairs fall short: their reasons are written only once they make the cut.
        setattr(self, kind, getattr(self, kind) + weight)
        if reason is not None:
            self.explain.append(reason)

    def reasons(self) -> tuple[str, ...]:
        """The reasons, written out, in the order the evidence was added."""
        return tuple(reason() for reason in self.explain)


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """A pair that made the cut, its reasons not yet written."""

    a: int
    b: int
    relation: str
    score: float
    evidence: Evidence

    def suggestion(self, linked: tuple[str, ...] = ()) -> Suggestion:
        """The suggestion, its reasons written out."""
        return Suggestion(
            self.a, self.b, self.relation, self.score, self.evidence.reasons(), linked
        )


def _quote(text: str) -> str:
    return f"“{' '.join(text.split())}”"


def _first_with(x: ClaimFacts, y: ClaimFacts, fact: str) -> ClaimFacts | None:
    """The first of the two claims whose ``fact`` is set, if either's is."""
    return x if getattr(x, fact) else y if getattr(y, fact) else None


def _rarest_first(shared: Iterable[str], df: dict[str, int]) -> list[str]:
    """Shared names or terms, those the fewest claims have first."""
    return sorted(shared, key=lambda key: (df[key], key))


# Each kind of evidence is weighed by a function of the pair (x before y, by id), the corpus
# and the evidence so far, to which it adds.


def _same_event(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    if x.event_id is not None and x.event_id == y.event_id:
        event = corpus.events[x.event_id]
        evidence.add("topic", W_SAME_EVENT, lambda: f"both about the event {_quote(event)}")
    elif x.event_id is not None and y.event_id is not None:
        evidence.add("topic", W_OTHER_EVENT, None)


def _side_by_side(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    if not (
        x.source_id is not None
        and x.source_id == y.source_id
        and x.start is not None
        and y.start is not None
        and x.end is not None
        and y.end is not None
        and min(abs(y.start - x.end), abs(x.start - y.end)) <= NEAR_CHARS
    ):
        return
    outlet = f" ({x.outlet})" if x.outlet else ""
    # A report sets rival accounts side by side: one claim straight after the other says
    # more than two claims a paragraph apart.
    if abs(corpus.rank[x.id] - corpus.rank[y.id]) == 1:
        evidence.add(
            "topic", W_ADJACENT, lambda: f"one after the other in source #{x.source_id}{outlet}"
        )
    else:
        evidence.add("topic", W_NEAR, lambda: f"close together in source #{x.source_id}{outlet}")


def _shared_names(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    shared = _rarest_first(x.names.keys() & y.names.keys(), corpus.name_df)
    if shared:
        # A name most claims share (the country, the main actor) says little about a pair.
        weight = sum(W_NAME * corpus.rarity(corpus.name_df[n]) for n in shared)
        evidence.add(
            "topic",
            min(W_NAMES_MAX, weight),
            lambda: f"both mention {', '.join(x.names[n] for n in shared[:4])}",
        )


def _shared_words(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    # The words of a shared name were counted with the name.
    in_names = {stem(word) for name in x.names.keys() & y.names.keys() for word in name.split()}
    term_df = corpus.term_df
    terms = _rarest_first(
        (t for t in (x.stems & y.stems) - in_names if term_df[t] <= corpus.common), term_df
    )
    weight = sum(W_TERM * corpus.rarity(term_df[t]) for t in terms)
    if weight > 0:
        what = "word" if len(terms) == 1 else "words"
        evidence.add(
            "topic",
            min(W_TERMS_MAX, weight),
            lambda: f"both use the {what} {', '.join(_quote(x.words[t]) for t in terms[:4])}",
        )


def _overlapping_wording(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    (x_count, x_words), (y_count, y_words) = corpus.wording(x), corpus.wording(y)
    if not (x_count and y_count):
        return
    # token_set_ratio calls a short claim inside a long one a full match; it needs a few
    # words on each side to mean anything.
    scorer = fuzz.token_set_ratio if min(x_count, y_count) >= 4 else fuzz.token_sort_ratio
    overlap = scorer(x_words, y_words)
    if overlap >= 50:
        evidence.add(
            "topic",
            W_WORDING * (overlap - 40) / 60,
            (lambda: f"overlapping wording ({overlap:.0f}%)") if overlap >= 55 else None,
        )
    if overlap >= 85:
        evidence.add("agreement", W_SAME_SIDE, None)


def _contrast_marker(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    marked = _first_with(x, y, "contrast")
    if marked is not None:
        evidence.add(
            "contrast",
            W_CONTRAST_MARKER,
            lambda: (
                f"{_quote(marked.contrast or '')} sets claim {marked.id} against what came before"
            ),
        )


def _opposing_cue(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    if x.opposing != y.opposing:
        opposing, other = (x, y) if x.opposing else (y, x)
        against = f" against {_quote(other.cue)}" if other.cue else ""
        evidence.add(
            "contrast",
            W_OPPOSING_CUE,
            lambda: f"opposing cues: {_quote(opposing.cue)} (claim {opposing.id}){against}",
        )


def _one_negated(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    if (x.negation is None) != (y.negation is None):
        negated = x if x.negation else y
        evidence.add(
            "contrast",
            W_NEGATION,
            lambda: f"only claim {negated.id} is negated ({_quote(negated.negation or '')})",
        )


def _distancing_cue(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    distant = _first_with(x, y, "distancing")
    if distant is not None:
        evidence.add(
            "contrast",
            W_DISTANCING_CUE,
            lambda: f"{_quote(distant.cue)} keeps its distance from claim {distant.id}",
        )


def _sides(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    if x.side_key and y.side_key:
        if x.side_key != y.side_key:
            evidence.add(
                "contrast", W_OTHER_SIDE, lambda: f"different sides: {x.side} and {y.side}"
            )
        else:
            evidence.add("agreement", W_SAME_SIDE, lambda: f"same side: {x.side}")


def _agreeing(x: ClaimFacts, y: ClaimFacts, corpus: Corpus, evidence: Evidence) -> None:
    agreeing = _first_with(x, y, "agreeing")
    if agreeing is not None:
        evidence.add(
            "agreement",
            W_AGREEING,
            lambda: f"{_quote(agreeing.agreeing or '')} joins claim {agreeing.id} to another",
        )


_Weigh = Callable[[ClaimFacts, ClaimFacts, Corpus, Evidence], None]
#: Evidence that the two claims are about the same thing, in the order their reasons read.
_TOPIC: tuple[_Weigh, ...] = (
    _same_event,
    _side_by_side,
    _shared_names,
    _shared_words,
    _overlapping_wording,
)
#: Evidence of which way they bear on each other, in the order their reasons read.
_DIRECTION: tuple[_Weigh, ...] = (
    _contrast_marker,
    _opposing_cue,
    _one_negated,
    _distancing_cue,
    _sides,
    _agreeing,
)


def score_facts(x: ClaimFacts, y: ClaimFacts, corpus: Corpus) -> ScoredPair | None:
    """The score of one pair (``x`` the lower id), or None when the evidence is too thin."""
    if x.speaker_id is not None and x.speaker_id == y.speaker_id:
        return None
    evidence = Evidence()
    for weigh in _TOPIC:
        weigh(x, y, corpus, evidence)
    if evidence.topic < MIN_TOPIC:
        return None
    for weigh in _DIRECTION:
        weigh(x, y, corpus, evidence)
    if evidence.contrast == 0 and evidence.agreement == 0:
        return None
    if evidence.contrast >= evidence.agreement:
        relation = Relation.CONTRADICTS
    else:
        relation = Relation.SUPPORTS
    score = evidence.topic + max(evidence.contrast, evidence.agreement)
    if score < MIN_SCORE:
        return None
    return ScoredPair(x.id, y.id, relation.value, round(min(1.0, score), 2), evidence)


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
    facts = load_facts(session, event_id)
    if len(facts) < 2:
        return []
    corpus = Corpus(facts, event_names(session))
    linked: dict[str, list[str]] = defaultdict(list)
    for pair, relation in session.exec(select(ClaimLink.pair, ClaimLink.relation)):
        linked[pair].append(relation)
    rejected = set(session.exec(select(SuggestionRejection.pair, SuggestionRejection.relation)))
    found: list[tuple[ScoredPair, tuple[str, ...]]] = []
    for done, (i, j) in enumerate(candidate_pairs(facts), start=1):
        if progress and done % 5000 == 0:
            progress(5000)
        x, y = (facts[i], facts[j]) if facts[i].id < facts[j].id else (facts[j], facts[i])
        scored = score_facts(x, y, corpus)
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
    check_pair(session, a, b)
    facts = load_facts(session, None)
    pair = sorted((f for f in facts if f.id in (a, b)), key=lambda f: f.id)
    if len(pair) != 2:
        return None
    scored = score_facts(pair[0], pair[1], Corpus(facts, event_names(session)))
    return None if scored is None else scored.suggestion()
