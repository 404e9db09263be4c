"""A synthetic news archive for the benchmarks, reproducible from a seed.

Sources of 3 to 12 attributed claims each ("Name, however, said that ..."), with the claims'
spans in the source text; events that about a third of the claims describe; speakers on a
few dozen sides, a few of whom say a great deal; claims of 8 to 30 words drawn from a small
Zipf-distributed vocabulary of news words and each source's own topic (two place names and
three rare words), a third of them negated.
"""

from __future__ import annotations

import itertools
import random
from typing import Generic, TypeVar

from claims.archive.store import sha256_of
from db.engine import Database, open_database
from db.models import Claim, Event, Source, Speaker

T = TypeVar("T")

COMMON = """
government officials forces city security people country police military attack report
week day year group leaders troops army political president minister week support local
area force fighting control region council election party vote plan deal talks agreement
""".split()
CUES = ["said", "told reporters", "claimed", "stated", "reported", "denied", "insisted"]
MARKERS = ["however, ", "", "", "", "", "on the other hand, ", ""]


class Zipf(Generic[T]):
    """Picks from ``items`` with weight 1/rank^s: the first few items come up most."""

    def __init__(self, items: list[T], s: float = 1.1) -> None:
        self.items = items
        self.cum_weights = list(itertools.accumulate(1 / (r**s) for r in range(1, len(items) + 1)))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]


def build_archive(url: str, claims: int, seed: int = 7) -> Database:
    """A synthetic archive of ``claims`` claims (see the module docstring)."""
    rng = random.Random(seed)
    syllables = ["ka", "ra", "mi", "do", "su", "te", "lo", "na", "bi", "ze", "qu", "fa", "ho"]
    places = sorted(
        {"".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(3000)}
    )
    rare = sorted({"".join(rng.choice(syllables) for _ in range(4)) for _ in range(40000)})
    sides = [f"{p} Front" for p in places[:40]]
    database = open_database(url)
    with database.session(write=True) as session:
        speakers = []
        for i in range(max(10, claims // 8)):
            speaker = Speaker(
                name=f"{rng.choice(places)} {rng.choice(places)}son {i}",
                kind="person",
                affiliation=rng.choice(sides) if rng.random() < 0.8 else None,
            )
            session.add(speaker)
            speakers.append(speaker)
        events = []
        for i in range(max(3, claims // 15)):
            event = Event(name=f"Clash {i} at {rng.choice(places)}")
            session.add(event)
            events.append(event)
        session.flush()
        by_voice, common = Zipf(speakers, 0.8), Zipf(COMMON)
        made = 0
        while made < claims:
            topic = [rng.choice(places) for _ in range(2)] + rng.sample(rare, 3)
            event = rng.choice(events) if rng.random() < 0.35 else None
            sentences, spans = [], []
            offset = 0
            for _ in range(min(claims - made, rng.randint(3, 12))):
                speaker = by_voice.pick(rng)
                words = [
                    rng.choice(topic) if rng.random() < 0.25 else common.pick(rng)
                    for _ in range(rng.randint(8, 30))
                ]
                if rng.random() < 0.3:
                    words.insert(rng.randint(0, len(words) - 1), "not")
                content = "that " + " ".join(words)
                cue = rng.choice(CUES)
                head = f"{speaker.name}, {rng.choice(MARKERS)}{cue} "
                sentence = f"{head}{content}. "
                start = offset + len(head)
                spans.append((speaker, cue, content, start, start + len(content)))
                sentences.append(sentence)
                offset += len(sentence)
            text = "".join(sentences)
            source = Source(text=text, sha256=sha256_of(text + str(made)), outlet="Wire")
            session.add(source)
            session.flush()
            for speaker, cue, content, start, end in spans:
                session.add(
                    Claim(
                        content=content,
                        source_id=source.id,
                        speaker_id=speaker.id,
                        cue=cue,
                        event_id=event.id if event and rng.random() < 0.9 else None,
                        span_start=start,
                        span_end=end,
                    )
                )
                made += 1
    return database
