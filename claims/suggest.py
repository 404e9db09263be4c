"""Suggested contrasts: pairs of claims that likely contradict or support each other.

Scoring every pair of a large archive would cost O(n²), so candidates are found by blocking
first: claims about the same event (when the event is small enough to pair in full), claims
that sit next to each other in the same source, and claims that share a rare term. Only
those pairs are scored.

A score adds up evidence of two kinds, and each piece of evidence becomes a reason a reviewer
can read:

- that the two claims are about the same thing: the same event, neighbours in one source,
  shared names, places and numbers, overlapping wording (rapidfuzz);
- which way they bear on each other: a contrast marker ("however", "but") or an opposing cue
  ("denied" against "said"), only one of them negated, different affiliations, for
  ``contradicts``; the same affiliation or an agreeing cue ("confirmed"), for ``supports``.

Pairs by the same speaker, pairs already linked and pairs a reviewer rejected (table
``suggestion_rejection``) are not proposed. Accepting a suggestion makes an audited link
(``claims.linking.link_claims``); rejecting one records who rejected it and when.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from claims.linking import link_claims, parse_relation
from claims.names import fold
from claims.review import get_claim
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
    """Relations that already link the pair (only when linked pairs are included)."""

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
    frame: str
    stems: frozenset[str]
    stem_text: str
    words: dict[str, str]
    """Stem -> the word as first written, to show a shared term."""
    names: dict[str, str]
    """Folded name -> the name as written."""
    negation: str | None


def _stem(word: str) -> str:
    # Six letters keep "accusation"/"accusations" and "ceasefire"/"ceasefires" together
    # without a stemmer's dictionary.
    return word[:6]


def _content_words(text: str) -> dict[str, str]:
    """The content words of ``text`` by stem, each with its first written form, in order."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = fold(word)
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
        word = match.group()
        opens_sentence = i == 0 or text[words[i - 1].end() : match.start()].strip()[-1:] in {
            ".",
            "!",
            "?",
            '"',
            "“",
        }
        folded = fold(word)
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
    for cid, content, sid, source_id, ev, s, e, cue, outlet, before, after in rows:
        speaker = speakers.get(sid)
        placed = s is not None and e is not None
        words = _content_words(content)
        negation = _NEGATIONS.search(content)
        facts.append(
            _Facts(
                id=cid,
                speaker_id=sid,
                speaker=speaker.name if speaker else "an unattributed source",
                side=_side(speaker),
                source_id=source_id,
                outlet=outlet,
                event_id=ev,
                start=s,
                end=e,
                cue=cue or "",
                frame=_frame(before or "", after or "") if placed else "",
                stems=frozenset(words),
                stem_text=" ".join(words),
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
        self.reasons: list[str] = []

    def add(self, kind: str, weight: float, reason: str | None) -> None:
        setattr(self, kind, getattr(self, kind) + weight)
        if reason:
            self.reasons.append(reason)


def _quote(text: str) -> str:
    return f"“{' '.join(text.split())}”"


def _score(
    x: _Facts,
    y: _Facts,
    events: dict[int, str],
    name_df: Counter[str],
    term_df: Counter[str],
    total: int,
) -> Suggestion | None:
    """The suggestion for one pair, or None when the evidence is too thin."""
    if x.speaker_id is not None and x.speaker_id == y.speaker_id:
        return None
    ev = _Evidence()
    # Topic: are the two claims about the same thing?
    if x.event_id is not None and x.event_id == y.event_id:
        ev.add("topic", W_SAME_EVENT, f"both about the event {_quote(events[x.event_id])}")
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
        where = f"source #{x.source_id}" + (f" ({x.outlet})" if x.outlet else "")
        ev.add("topic", W_NEAR, f"close together in {where}")
    shared = sorted(set(x.names) & set(y.names), key=lambda n: (name_df[n], n))
    if shared:
        # A name most claims share (the country, the main actor) says little about a pair.
        weight = sum(W_NAME * _rarity(name_df[n], total) for n in shared)
        shown = ", ".join(x.names[n] for n in shared[:4])
        ev.add("topic", min(W_NAMES_MAX, weight), f"both mention {shown}")
    in_names = {_stem(w) for n in shared for w in n.split()}
    terms = sorted((x.stems & y.stems) - in_names, key=lambda t: (term_df[t], t))
    weight = sum(W_TERM * _rarity(term_df[t], total) for t in terms)
    if weight > 0:
        shown = ", ".join(_quote(x.words[t]) for t in terms[:4])
        what = "word" if len(terms) == 1 else "words"
        ev.add("topic", min(W_TERMS_MAX, weight), f"both use the {what} {shown}")
    if x.stems and y.stems:
        scorer = (
            fuzz.token_set_ratio if min(len(x.stems), len(y.stems)) >= 4 else fuzz.token_sort_ratio
        )
        overlap = scorer(x.stem_text, y.stem_text)
        if overlap >= 50:
            reason = f"overlapping wording ({overlap:.0f}%)" if overlap >= 55 else None
            ev.add("topic", W_WORDING * (overlap - 40) / 60, reason)
        if overlap >= 85:
            ev.add("agreement", W_SAME_SIDE, None)
    if ev.topic < MIN_TOPIC:
        return None
    # Direction: do they contradict or support each other?
    for f in (x, y):
        marker = _CONTRAST_MARKERS.search(f.frame)
        if marker:
            ev.add(
                "contrast",
                W_CONTRAST_MARKER,
                f"{_quote(marker.group().lower())} sets claim {f.id} against what came before",
            )
            break
    x_opposes, y_opposes = _has_stem(x.cue, _OPPOSING_CUES), _has_stem(y.cue, _OPPOSING_CUES)
    if x_opposes != y_opposes:
        opp, other = (x, y) if x_opposes else (y, x)
        against = f" against {_quote(other.cue)}" if other.cue else ""
        ev.add(
            "contrast",
            W_OPPOSING_CUE,
            f"opposing cues: {_quote(opp.cue)} (claim {opp.id}){against}",
        )
    if (x.negation is None) != (y.negation is None):
        neg = x if x.negation else y
        ev.add(
            "contrast",
            W_NEGATION,
            f"only claim {neg.id} is negated ({_quote(neg.negation or '')})",
        )
    for f in (x, y):
        if _has_stem(f.cue, _DISTANCING_CUES):
            ev.add(
                "contrast",
                W_DISTANCING_CUE,
                f"{_quote(f.cue)} keeps its distance from claim {f.id}",
            )
            break
    if x.side and y.side:
        if fold(x.side) != fold(y.side):
            ev.add("contrast", W_OTHER_SIDE, f"different sides: {x.side} and {y.side}")
        else:
            ev.add("agreement", W_SAME_SIDE, f"same side: {x.side}")
    for f in (x, y):
        if _has_stem(f.cue, _AGREEING_CUES) or _AGREEING_MARKERS.search(f.frame):
            word = f.cue if _has_stem(f.cue, _AGREEING_CUES) else _AGREEING_MARKERS.search(f.frame)
            shown = word if isinstance(word, str) else word.group() if word else ""
            ev.add("agreement", W_AGREEING, f"{_quote(shown)} joins claim {f.id} to another")
            break
    if ev.contrast == 0 and ev.agreement == 0:
        return None
    relation = Relation.CONTRADICTS if ev.contrast >= ev.agreement else Relation.SUPPORTS
    score = ev.topic + max(ev.contrast, ev.agreement)
    if score < MIN_SCORE:
        return None
    return Suggestion(
        a=x.id,
        b=y.id,
        relation=relation.value,
        score=round(min(1.0, score), 2),
        reasons=tuple(ev.reasons),
    )


def _rarity(df: int, total: int) -> float:
    """1 for a name two claims share, falling towards 0 for one every claim has."""
    if df <= 2 or total <= 2:
        return 1.0
    return max(0.0, math.log(total / df) / math.log(total / 2))


def _event_names(session: Session) -> dict[int, str]:
    return {
        eid: name for eid, name in session.exec(select(Event.id, Event.name)) if eid is not None
    }


def suggest(
    session: Session,
    *,
    event_id: int | None = None,
    limit: int | None = 10,
    include_linked: bool = False,
) -> list[Suggestion]:
    """Pairs of claims that likely contradict or support each other, best first.

    Args:
        event_id: Only claims attached to this event.
        limit: At most this many suggestions (None for all).
        include_linked: Also score pairs that are already linked, marking their relations,
            e.g. to see how the scorer agrees with reviewers' links.
    """
    facts = _load(session, event_id)
    if len(facts) < 2:
        return []
    events = _event_names(session)
    name_df: Counter[str] = Counter(n for f in facts for n in f.names)
    term_df: Counter[str] = Counter(t for f in facts for t in f.stems)
    linked: dict[str, list[str]] = defaultdict(list)
    for pair, relation in session.exec(select(ClaimLink.pair, ClaimLink.relation)):
        linked[pair].append(relation)
    rejected = set(session.exec(select(SuggestionRejection.pair, SuggestionRejection.relation)))
    found = []
    for i, j in _candidates(facts):
        x, y = (facts[i], facts[j]) if facts[i].id < facts[j].id else (facts[j], facts[i])
        suggestion = _score(x, y, events, name_df, term_df, len(facts))
        if suggestion is None or (suggestion.pair, suggestion.relation) in rejected:
            continue
        relations = linked.get(suggestion.pair)
        if relations:
            if not include_linked:
                continue
            suggestion = Suggestion(
                suggestion.a,
                suggestion.b,
                suggestion.relation,
                suggestion.score,
                suggestion.reasons,
                tuple(sorted(relations)),
            )
        found.append(suggestion)
    found.sort(key=lambda s: (-s.score, s.a, s.b))
    return found if limit is None else found[:limit]


def score_pair(session: Session, a: int, b: int) -> Suggestion | None:
    """What the scorer makes of one pair of claims, or None when it would not propose it.

    Raises:
        NotFoundError: Either claim does not exist.
    """
    get_claim(session, a)
    get_claim(session, b)
    facts = _load(session, None)
    pair = sorted((f for f in facts if f.id in (a, b)), key=lambda f: f.id)
    if len(pair) != 2:
        return None
    events = _event_names(session)
    name_df: Counter[str] = Counter(n for f in facts for n in f.names)
    term_df: Counter[str] = Counter(t for f in facts for t in f.stems)
    return _score(pair[0], pair[1], events, name_df, term_df, len(facts))


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
