"""A synthetic news archive for benchmarks: speakers named the way reports name them, and
claims of news-like length and vocabulary, reproducible from a seed.

Speakers are people (first name, sometimes a middle initial or an "al-" surname) with the
aliases reports use: title and full name ("Gen. Mark Kimmitt"), title and surname, surname
alone, initial and surname ("M. Kimmitt"), a transliteration of the first name ("Muhammad"
for "Mohammed") and sometimes a weak description ("a military spokesman"); and
organisations ("Ministry of Oil", "Basra Provincial Council"). Surnames are drawn from a
list of real ones and a much larger set built from syllables, so that most full names are
unique while common surnames are shared, as in a real archive.

Claims are 5 to 90 words (median about 22) drawn from a Zipf-distributed vocabulary:
function words, a few hundred news words and a long tail of rarer words. Who speaks is Zipf
distributed too: a few speakers say a great deal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from bench.news_archive import Zipf

FIRST_NAMES = """
mark john james robert michael william david richard joseph thomas charles daniel matthew
anthony donald paul steven andrew kenneth george joshua kevin brian edward ronald timothy
jason jeffrey ryan gary nicholas eric stephen jonathan larry justin scott frank brandon
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret
betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah
mohammed ahmed ali hassan hussein omar khalid abdullah ibrahim yusuf mustafa mahmoud
moqtada nouri ayad jalal adnan saleh tariq hamid karim rashid salim jamal nabil faisal
fatima aisha zainab maryam layla nour huda samira rania leila amira yasmin hana dalia
juan carlos jose luis miguel javier pedro manuel antonio francisco alejandro diego pablo
maria carmen ana lucia isabel sofia elena rosa laura marta pilar teresa
wei li ming jun hui yan ling xiao jian hong feng lei tao bo
vladimir sergei dmitri alexei nikolai ivan mikhail andrei yuri boris olga natalia irina
tatiana svetlana anna ekaterina
raj amit sanjay vijay arjun rahul priya anita sunita deepa kavita lakshmi
kwame kofi ama abena chidi ngozi emeka amina tunde folake jomo wanjiru
pierre jean jacques michel philippe francois nicolas laurent claire sophie isabelle
hans klaus jurgen wolfgang helmut angela ursula petra
recep ahmet mehmet emine ayse hamid ashraf reza ali-akbar hossein
""".split()

REAL_SURNAMES = """
kimmitt bremer sanchez abizaid powell rumsfeld rice cheney wolfowitz feith armitage
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
clark lewis robinson walker young allen king wright scott torres nguyen hill flores green
adams nelson baker hall rivera campbell mitchell carter roberts
sadr sistani maliki allawi talabani barzani hakim jaafari chalabi pachachi hashimi
zarqawi yawar samarrai dulaimi jubouri obeidi tikriti husseini najafi karbalai
hussein mubarak assad nasrallah abbas haniyeh arafat khamenei rouhani zarif erdogan
putin lavrov medvedev xi wang zhang liu chen yang huang zhao wu zhou
modi singh sharma patel gupta khan ahmed rahman chowdhury
okafor adeyemi mensah owusu kenyatta odinga mugabe
dubois lefebvre moreau laurent fournier schmidt schneider fischer weber meyer wagner
""".split()

TRANSLITERATIONS = {
    "mohammed": ["muhammad", "mohamed", "mohammad", "muhammed"],
    "ahmed": ["ahmad", "ahmet"],
    "hussein": ["husain", "hussain", "husayn"],
    "moqtada": ["muqtada", "muqtadah"],
    "omar": ["umar"],
    "yusuf": ["youssef", "yousef", "josef"],
    "mustafa": ["mustapha", "moustafa"],
    "khalid": ["khaled"],
    "abdullah": ["abdallah", "abd allah"],
    "ibrahim": ["ebrahim", "ibraheem"],
    "mahmoud": ["mahmud"],
    "nouri": ["nuri"],
    "jamal": ["gamal"],
    "hassan": ["hasan"],
    "fatima": ["fatimah", "fatma"],
    "aisha": ["ayesha", "aicha"],
    "sergei": ["sergey"],
    "dmitri": ["dmitry"],
    "alexei": ["alexey", "aleksei"],
    "yuri": ["yury"],
    "tatiana": ["tatyana"],
}

PERSON_TITLES = [
    "Gen.",
    "General",
    "Lt. Gen.",
    "Col.",
    "Maj.",
    "Capt.",
    "Dr.",
    "Prof.",
    "Sheikh",
    "Imam",
    "Ayatollah",
    "President",
    "Prime Minister",
    "Minister",
    "Ambassador",
    "Sen.",
    "Rep.",
    "Gov.",
    "Mayor",
    "Judge",
    "Mr.",
    "Ms.",
    "Deputy Minister",
    "Secretary",
]

WEAK_DESCRIPTIONS = [
    "a military spokesman",
    "a senior official",
    "an unnamed official",
    "a spokesman",
    "a government source",
    "a senior diplomat",
    "a local resident",
    "a witness",
    "an aide",
    "a police officer",
]

ORG_TEMPLATES = [
    "Ministry of {topic}",
    "{place} Provincial Council",
    "{place} Police",
    "{place} Times",
    "{adj} {party} Party",
    "{place} Chamber of Commerce",
    "{adj} Front",
    "{place} University",
    "Office of the {office}",
    "{place} {adj} Council",
    "{adj} Movement of {place}",
]
ORG_TOPICS = """Oil Defence Interior Health Education Finance Trade Justice Agriculture Water
Electricity Transport Housing Labour Culture Youth Planning Industry Foreign-Affairs
Communications""".split()
PLACES = """Basra Najaf Karbala Baghdad Mosul Kirkuk Fallujah Ramadi Tikrit Samarra Hilla
Diwaniya Kut Amara Nasiriya Erbil Sulaimaniya Dohuk Baquba Tal-Afar Aleppo Damascus Homs
Beirut Amman Cairo Gaza Ramallah Sanaa Aden Tripoli Benghazi Kabul Kandahar Herat Lahore
Karachi Tehran Ankara Riyadh""".split()
ADJECTIVES = """National Islamic Democratic Popular United Patriotic Independent Liberal
Socialist Republican Federal Free Progressive Sovereign Unified Revolutionary""".split()
PARTIES = "Labour Reform Unity Justice Renewal Dawa Accord Alliance Future Homeland".split()
OFFICES = "Prime Minister|President|Governor|Chief Prosecutor|High Commissioner".split("|")

OUTLETS = """Reuters|Associated Press|Agence France-Presse|Al Jazeera|Al Arabiya|BBC News|
The Guardian|The Telegraph|The New York Times|The Washington Post|The Times|The Independent|
Los Angeles Times|Wall Street Journal|Financial Times|Le Monde|Der Spiegel|El Pais|
Xinhua|TASS|NHK|ABC News|CBS News|NBC News|CNN|Fox News|Sky News|Deutsche Welle|
Radio Free Europe|Voice of America|The Economist|Time|Newsweek|Haaretz|Dawn|
The Hindu|Gulf News|Arab News|Daily Star|World Socialist Web Site""".replace("\n", "").split("|")

FUNCTION_WORDS = """the of to and a in that is was for on it with as he said by at from his
be have had are were not but they this which or an has their been would who will there
we its more after about all also one two new than other when into could them over some
i you she her him our only what up out if no so can because before while against under
did do does during since until any most those these such very many where then
""".split()

NEWS_WORDS = """government forces militia ceasefire troops attack official minister police
security military city killed week people president country statement spokesman report
army soldiers election party leaders talks agreement officials region coalition province
war fighting operation border capital rebels group violence insurgents commander patrol
clash cemetery shrine mosque cleric uprising truce negotiations withdrawal occupation
reconstruction oil prices economy budget parliament vote constitution court trial judge
prison detainees abuse investigation evidence witnesses casualties civilians wounded dead
bomb explosion suicide car checkpoint convoy ambush raid arrested captured released
hostages kidnapped demanded warned denied confirmed claimed announced rejected accused
blamed promised insisted acknowledged admitted threatened vowed condemned welcomed urged
american iraqi british shiite sunni kurdish iranian syrian turkish israeli palestinian
international united nations council security resolution sanctions aid humanitarian
refugees displaced camps water electricity fuel shortages hospital doctors medical
protest demonstrators crowd rally march strike workers unions students university
schools teachers children women families tribal elders sheikhs clerics religious
weapons rockets grenades mortars gunfire helicopter aircraft airstrike tanks vehicles
intelligence sources diplomats envoy embassy ambassador foreign relations summit meeting
deal plan proposal reform policy law decree order authority administration transitional
sovereignty handover interim governing council elections voters ballots polling results
fraud turnout candidates campaign opposition majority coalition alliance bloc seats
economic growth inflation unemployment jobs investment contracts companies corruption
billion million dollars funds spending debt loans bank currency markets exports
pipeline refinery production barrels supply sabotage infrastructure repairs power
north south east west central southern northern eastern western province district
villages town streets neighbourhood market bridge road highway airport port
yesterday today tomorrow monday tuesday wednesday thursday friday saturday sunday
morning evening night hours days weeks months year years recent earlier later
responsible heard fired approaching retreat retreated confronted violated forcing
members local fighters control under gunmen clashes erupted continued stopped
""".split()

SYLLABLES_START = """ba be bi bo bu da de di do du fa fe fi ga ge gi go ha he hi ho ja jo ka ke
ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so
su ta te ti to tu va ve vi wa we wi ya yo za ze zi zo bra bri cha che chi dra fra gra kra
pra sha she shi sta sto tra tre tri vla""".split()
SYLLABLES_MID = """la le li lo ra re ri ro na ne ni no ma me mi mo ta te ti to ka ke ki ko sa
se si so da de di do ba be bi bo ga gi go va vi rra lla nna mma tti kki""".split()
SYLLABLES_END = """n r s l m t k d z x ck ll ss tt nn rd rt nd ng sk son sen man berg stein
ov ova ev eva in ski ska enko idze yan ian oglu zadeh pour i a o ez es az os is us as""".split()


@dataclass(frozen=True, slots=True)
class SyntheticSpeaker:
    """A generated speaker: canonical name, kind and aliases (weak ones included)."""

    name: str
    kind: str
    aliases: tuple[str, ...]


class Archive:
    """A reproducible synthetic archive; the same seed gives the same speakers and claims."""

    def __init__(self, seed: int = 2004, surnames: int = 20_000, tail_words: int = 20_000):
        self.seed = seed
        rng = random.Random(seed)
        made: set[str] = set(REAL_SURNAMES)
        generated: list[str] = []
        while len(generated) < surnames:
            word = rng.choice(SYLLABLES_START)
            for _ in range(rng.choice((0, 1, 1, 2))):
                word += rng.choice(SYLLABLES_MID)
            word += rng.choice(SYLLABLES_END)
            if len(word) >= 4 and word not in made:
                made.add(word)
                generated.append(word)
        self.surnames = REAL_SURNAMES + generated
        self.surname_weights = Zipf(self.surnames, 0.6).cum_weights
        self.first_weights = Zipf(FIRST_NAMES, 0.7).cum_weights
        tail: list[str] = []
        seen = set(FUNCTION_WORDS) | set(NEWS_WORDS)
        while len(tail) < tail_words:
            word = rng.choice(SYLLABLES_START) + rng.choice(SYLLABLES_MID) * rng.randint(0, 2)
            word += rng.choice(SYLLABLES_END)
            if word not in seen:
                seen.add(word)
                tail.append(word)
        # Function words are the most frequent, then news words, then the tail.
        self.vocabulary = FUNCTION_WORDS + NEWS_WORDS + tail
        self.word_weights = Zipf(self.vocabulary, 1.0).cum_weights

    # --- Speakers ---------------------------------------------------------------------

    def _person(self, rng: random.Random) -> SyntheticSpeaker:
        first = rng.choices(FIRST_NAMES, cum_weights=self.first_weights)[0]
        last = rng.choices(self.surnames, cum_weights=self.surname_weights)[0]
        if rng.random() < 0.1:
            last = "al-" + last
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.12 else ""
        title_case = "-".join(part.capitalize() for part in last.split("-"))
        first_cap = first.capitalize()
        name = f"{first_cap}{middle} {title_case}"
        aliases: list[str] = []
        title = rng.choice(PERSON_TITLES)
        if rng.random() < 0.6:
            aliases.append(f"{title} {first_cap} {title_case}")
        if rng.random() < 0.5:
            aliases.append(f"{title} {title_case}")
        if rng.random() < 0.5:
            aliases.append(title_case)
        if rng.random() < 0.3:
            aliases.append(f"{first_cap[0]}. {title_case}")
        if first in TRANSLITERATIONS and rng.random() < 0.5:
            variant = rng.choice(TRANSLITERATIONS[first]).title()
            aliases.append(f"{variant} {title_case}")
        if rng.random() < 0.15:
            aliases.append(rng.choice(WEAK_DESCRIPTIONS))
        return SyntheticSpeaker(name, "person", tuple(aliases))

    def _organisation(self, rng: random.Random) -> SyntheticSpeaker:
        template = rng.choice(ORG_TEMPLATES)
        name = template.format(
            topic=rng.choice(ORG_TOPICS).replace("-", " "),
            place=rng.choice(PLACES).replace("-", " "),
            adj=rng.choice(ADJECTIVES),
            party=rng.choice(PARTIES),
            office=rng.choice(OFFICES),
        )
        aliases = []
        if rng.random() < 0.4:
            aliases.append("".join(w[0] for w in name.split() if w[0].isupper()))
        if rng.random() < 0.3:
            aliases.append("the " + name)
        return SyntheticSpeaker(name, "organisation", tuple(aliases))

    def speakers(self, count: int) -> Iterator[SyntheticSpeaker]:
        """``count`` speakers, about one in nine an organisation."""
        rng = random.Random(self.seed * 31 + 1)
        for _ in range(count):
            yield self._organisation(rng) if rng.random() < 0.11 else self._person(rng)

    # --- Sources and claims -----------------------------------------------------------

    def sources(self, count: int) -> Iterator[dict[str, object]]:
        """``count`` source documents (outlet, date, a short text), as source rows."""
        rng = random.Random(self.seed * 31 + 2)
        start = dt.date(2000, 1, 1)
        for i in range(count):
            text = f"Synthetic report {i} of archive {self.seed}."
            yield {
                "title": f"Report {i}",
                "outlet": rng.choice(OUTLETS),
                "published": start + dt.timedelta(days=rng.randrange(9000)),
                "text": text,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "media_type": "text/plain",
            }

    def sentence(self, rng: random.Random) -> str:
        """One claim's text: 5 to 90 words, median about 22, with light punctuation."""
        length = max(5, min(90, int(math.exp(rng.gauss(math.log(22), 0.45)))))
        words = rng.choices(self.vocabulary, cum_weights=self.word_weights, k=length)
        for i in range(6, length - 1, rng.randint(7, 12)):
            words[i] += ","
        if rng.random() < 0.3:
            place = rng.choice(PLACES).replace("-", " ")
            words.insert(rng.randrange(len(words)), place)
        text = " ".join(words)
        if rng.random() < 0.5:
            return "that " + text
        return text[0].upper() + text[1:] + "."

    def claims(
        self, count: int, speakers: list[int], sources: list[int], events: list[int]
    ) -> Iterator[dict[str, object]]:
        """``count`` claim rows for ``load_claims``, by Zipf-distributed speakers."""
        rng = random.Random(self.seed * 31 + 3)
        speaker_weights = Zipf(speakers, 0.8).cum_weights
        shuffled = speakers[:]
        rng.shuffle(shuffled)
        statuses = ["unreviewed"] * 17 + ["verified", "disputed", "false", "misleading"]
        cues = ["said", "claimed", "told", "denied", "insisted", "warned", "according to"]
        for _ in range(count):
            row: dict[str, object] = {
                "content": self.sentence(rng),
                "speaker_id": rng.choices(shuffled, cum_weights=speaker_weights)[0],
                "source_id": rng.choice(sources),
                "cue": rng.choice(cues),
                "quote_type": "direct" if rng.random() < 0.3 else "indirect",
                "status": rng.choice(statuses),
            }
            if events and rng.random() < 0.05:
                row["event_id"] = rng.choice(events)
            yield row
