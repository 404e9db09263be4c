"""Words that signal attribution, and the closed word classes the rules lean on.

The cue lexicon lists reporting verbs (say, claim, deny), verbs of thought and intention
(believe, want, expect) and evidence verbs (show, find) by lemma, each with the frame that
decides where its content starts: straight after the verb, after an addressee ("told
reporters that ..."), or as an object ("denied the accusation"). Word forms are generated
from the lemma so that the lists stay short and readable.

The closed word classes follow: determiners, prepositions, the particles of phrasal cues
and the words before or after a cue that rule a reading in or out. All the word lists of
extraction live here, one screen apart, so that a word's class is looked up in one place
and the rules read as logic rather than data; this is why the module runs long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Frames: what follows the cue verb before its content.
CLAUSE = "clause"  # "said (that) ...", "argued ...": content follows the verb
ADDRESSEE = "addressee"  # "told reporters (that) ...": an optional listener, then content
OBJECT = "object"  # "denied the accusation", "praised Obama": the object is the content
INTENT = "intent"  # "wants to ...", "plans to ...": an infinitive or object is the content
RAISING = "raising"  # "appeared to ...", "is expected to ...": an impression, no speaker
QUOTING = "quoting"  # "the sign read: '...'": only a quotation or a colon follows
AFFECT = "affect"  # "is worried that ...", "are concerned about ...": the subject feels it

# Strength: how much context a cue needs before it is believed.
STRONG = 2  # reporting verbs that almost always attribute ("said", "told", "wrote")
MEDIUM = 1  # attribute when a subject and a content are both found ("argued", "praised")
WEAK = 0  # thought and intention verbs, often literal ("see", "know"): need a clear pattern


@dataclass(frozen=True, slots=True)
class CueVerb:
    """One lemma of the cue lexicon and how it is used."""

    lemma: str
    frame: str
    strength: int
    speech: bool  # a speech act (can introduce a direct quotation), not only a belief


_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "see": ("see", "sees", "saw", "seen", "seeing"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "seek": ("seek", "seeks", "sought", "seeking"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "forecast": ("forecast", "forecasts", "forecasting"),
    "read": ("reads", "read"),
    "put": ("put", "puts", "putting"),
    "make": ("make", "makes", "made", "making"),
    "go": ("go", "goes", "went", "gone", "going"),
    "take": ("take", "takes", "took", "taken", "taking"),
    "shoot": ("shoot", "shoots", "shot", "shooting"),
    "hit": ("hit", "hits", "hitting"),
    "lay": ("lay", "lays", "laid", "laying"),
    "foresee": ("foresee", "foresees", "foresaw", "foreseen", "foreseeing"),
    "understand": ("understand", "understands", "understood", "understanding"),
    "hear": ("hear", "hears", "heard", "hearing"),
    "lead": ("lead", "leads", "led"),
    "mean": ("mean", "means", "meant"),
    "bet": ("bet", "bets", "betting"),
    "swear": ("swear", "swears", "swore", "sworn", "swearing"),
    "forbid": ("forbid", "forbids", "forbade", "forbidden"),
    "retweet": ("retweet", "retweets", "retweeted", "retweeting"),
}

_DOUBLING = {
    "admit",
    "commit",
    "regret",
    "submit",
    "omit",
    "permit",
    "prefer",
    "refer",
    "plan",
    "quip",
}
# One syllable ending consonant-vowel-consonant doubles its last letter: "slammed", "quipped".
_CVC_RE = re.compile(r"^[^aeiou]*[aeiou][bdgklmnprt]$")


def inflect(lemma: str) -> tuple[str, ...]:
    """The word forms of a verb: base, third person, past and present participle.

    >>> inflect("deny")
    ('deny', 'denies', 'denied', 'denying')
    """
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e") and not lemma.endswith("ee"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("ee"):
        return lemma, lemma + "s", lemma + "d", lemma + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else lemma + "s"
    if lemma in _DOUBLING or _CVC_RE.match(lemma):
        return lemma, third, lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    return lemma, third, lemma + "ed", lemma + "ing"


def _verbs(spec: str, frame: str, strength: int, speech: bool) -> list[CueVerb]:
    return [CueVerb(lemma, frame, strength, speech) for lemma in spec.split()]


#: The cue verbs. Strength and frame come from how news prose uses each verb: "said" nearly
#: always reports speech, "see" mostly does not.
CUE_VERBS: tuple[CueVerb, ...] = tuple(
    _verbs(
        """say write add claim declare state report insist argue note explain announce tweet
        respond reply answer acknowledge admit concede confirm reveal recall predict
        assert contend stress emphasize emphasise observe remark comment complain
        lament boast brag joke quip testify allege conclude continue reiterate repeat
        suggest estimate indicate hint counter retort recount caution concur disclose
        wonder speculate muse posit theorize proclaim affirm shout chant scream exclaim
        vow pledge promise swear threaten agree disagree predict warn guarantee
        write post retweet blog explain elaborate clarify summarize summarise mention
        whisper yell cry sigh grumble groan gush marvel scoff sniff snap fume
        echo rail plead email text signal acknowledge testify recount reckon
        """,
        CLAUSE,
        STRONG,
        True,
    )
    + _verbs(
        "tell assure remind inform ask advise notify urge caution convince persuade",
        ADDRESSEE,
        STRONG,
        True,
    )
    + _verbs(
        "refer point talk speak vote express",
        OBJECT,
        MEDIUM,
        True,
    )
    + _verbs(
        """call deny blame accuse criticize criticise praise endorse reject dismiss cite defend
        attack mock slam blast denounce condemn decry question challenge dispute applaud
        hail laud welcome thank congratulate fault chide scold rebuke ridicule deride
        lambaste rip knock tout champion describe characterize label dub
        highlight tout acknowledge propose request demand order
        discuss offer push identify list deem nominate voice encourage
        """,
        OBJECT,
        MEDIUM,
        True,
    )
    + _verbs(
        """believe think fear hope expect worry doubt suspect assume figure reckon guess
        feel know realize realise understand recognize recognise consider imagine suppose
        bet learn remember see view""",
        CLAUSE,
        WEAK,
        False,
    )
    + _verbs(
        """want plan intend seek refuse decline vow pledge wish prefer hope
        threaten promise decide
        """,
        INTENT,
        WEAK,
        False,
    )
    + _verbs(
        "support oppose favor favour back",
        OBJECT,
        WEAK,
        False,
    )
    + _verbs(
        "show find suggest indicate reveal project forecast",
        CLAUSE,
        MEDIUM,
        False,
    )
    + _verbs("seem appear", RAISING, MEDIUM, False)
    + _verbs("read", QUOTING, STRONG, True)
    + _verbs(
        "concern convince persuade alarm disappoint frustrate encourage trouble satisfy",
        AFFECT,
        WEAK,
        False,
    )
)


#: Forms that are nouns far more often than verbs in news ("US demands", "the fear").
NOUN_FORMS: frozenset[str] = frozenset(
    """
    demand fear plan claim report comment comments remark remarks estimate promise threats
    attack attacks question questions thanks welcome champion order orders request requests
    state states post posts tweet tweets continue continues finding bet bets point points
    talk talks vote votes refers speaks offer offers push pushes list lists voice voices
    text texts email emails signal signals echo echoes view views see learning
    find note known challenge challenges favored considered felt answers written cry cries
    back
    """.split()
)


#: Multi-word cues: a verb and the words that make it a report ("made it clear", "shot
#: back", "took issue with"). The first word is inflected, the rest kept as written.
CUE_PHRASES: tuple[CueVerb, ...] = tuple(
    _verbs(
        """make_clear make_it_clear go_on_to_say go_on_to_add go_on_to_explain put_it
        make_the_case make_the_point shoot_back fire_back hit_back weigh_in chime_in
        double_down speak_out lay_out spell_out sum_up
        """,
        CLAUSE,
        STRONG,
        True,
    )
    + _verbs(
        """take_issue_with take_aim_at take_a_shot_at go_after lash_out_at push_back_on
        push_back_against speak_out_against rail_against make_no_secret_of weigh_in_on
        express_concern_about express_concern_over express_support_for call_out
        single_out""",
        OBJECT,
        STRONG,
        True,
    )
)


#: Nouns that name a statement whose content follows as a "that" clause ("Trump's
#: assertion that ...", "allegations that ...").
NOUN_CLAUSE_CUES: frozenset[str] = frozenset(
    """
    claim claims assertion assertions allegation allegations accusation accusations warning
    warnings suggestion suggestions argument arguments insistence belief beliefs contention
    prediction predictions admission acknowledgment acknowledgement complaint complaints
    declaration denial denials boast boasts charge charges vow vows pledge pledges promise
    promises threat threats assurance assurances conclusion conclusions finding findings
    """.split()
)

#: Nouns that name a statement already made, as the object of a cue refers to it: "denied
#: the accusation", "disputed that account", "dismissed those reports".
STATEMENT_NOUNS: frozenset[str] = NOUN_CLAUSE_CUES | frozenset(
    """
    account accounts report reports statement statements remark remarks comment comments
    version story stories explanation explanations characterization characterisation
    description criticism criticisms assessment assessments estimate estimates figure
    figures offer offers proposal proposals idea notion notions theory theories rumor rumors
    rumour rumours interpretation testimony charge charges view views reports
    """.split()
)

#: Nouns that name a stance towards the object of their preposition ("their criticism of
#: Cruz", "the NRA's opposition to ...").
NOUN_OBJECT_CUES: frozenset[str] = frozenset(
    """
    criticism criticisms opposition endorsement attacks comments remarks remark praise call
    calls complaint complaints warning warnings demand demands defense defence embrace
    rejection
    """.split()
)


def _phrase_forms(lemma: str) -> tuple[str, ...]:
    head, _, rest = lemma.replace("_", " ").partition(" ")
    return tuple(f"{form} {rest}" for form in inflect(head))


def _lexicon(verbs: Iterable[CueVerb], phrases: Iterable[CueVerb]) -> dict[str, CueVerb]:
    # A lemma listed twice keeps its first (strongest, speech) reading.
    forms: dict[str, CueVerb] = {}
    for verb in verbs:
        for form in inflect(verb.lemma):
            if form not in NOUN_FORMS:
                forms.setdefault(form, verb)
    for phrase in phrases:
        for form in _phrase_forms(phrase.lemma):
            forms.setdefault(form, phrase)
    return forms


#: Word form (lower case) to its cue verb.
CUE_FORMS: dict[str, CueVerb] = _lexicon(CUE_VERBS, CUE_PHRASES)

#: Auxiliaries and adverbs that sit between a subject and its cue verb ("has also said").
PRE_CUE_WORDS: frozenset[str] = frozenset(
    """
    has have had is are was were be been being will would could should may might must can
    did does do also not never just already repeatedly publicly later previously recently
    once first then still even again often long quickly increasingly initially immediately
    reportedly privately openly specifically explicitly flatly bluntly frankly firmly
    strongly clearly directly formally officially simply only further subsequently finally
    earlier apparently allegedly angrily proudly sharply quietly loudly sarcastically
    jokingly famously widely generally consistently frequently routinely regularly
    n't not don doesn didn isn wasn hasn haven hadn won wouldn couldn shouldn aren weren
    both twice each always now well most ever sometimes usually soon rarely seldom really
    actually certainly probably since later
    """.split()
) | frozenset(e.replace("'", q) for e in ("'s", "'re", "'ve", "'d", "'ll", "'t") for q in "'\u2019")

#: Words that end a speaker phrase when scanning leftwards from the cue.
CLAUSE_BREAKERS: frozenset[str] = frozenset(
    """
    and but or nor that which who whom whose when while as because if although though since
    after before where whereas so than until unless whether yet once why how what
    in on at to with by from about into onto over under during without within against
    through across among between despite upon via like
    is are was were be been being has have had will would could should may might must can
    did does do not
    """.split()
)

#: Subject pronouns: speakers that need resolving.
PRONOUNS: frozenset[str] = frozenset(
    "he she they it we i you who which that this these those one".split()
)

#: Objects of "told" that name a listener rather than the content.
LISTENER_WORDS: frozenset[str] = frozenset(
    """
    me him her them us you reporters journalists supporters voters the a an his her their
    its our my crowd audience viewers listeners
    """.split()
)

#: Words after a cue that open an adjunct ("said on Tuesday", "said in a statement").
ADJUNCT_OPENERS: frozenset[str] = frozenset(
    "in on at during with after before about of earlier later yesterday today"
    " tonight recently again afterward afterwards separately privately publicly".split()
)

WEEKDAYS: frozenset[str] = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

#: Participles that introduce a second attribution by the same speaker ("..., adding that").
FOLLOW_ON_PARTICIPLES: frozenset[str] = frozenset(
    """
    adding saying noting citing calling arguing explaining telling insisting warning
    asking claiming suggesting declaring stressing pointing acknowledging admitting
    praising criticizing accusing blaming urging vowing promising predicting describing
    referring recalling writing tweeting complaining denying rejecting dismissing
    """.split()
)

#: Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt sgt cmdr adm rev st jr sr inc co corp
    ltd vs etc jan feb mar apr aug sept sep oct nov dec u.s u.k u.n d.c a.m p.m e.g i.e
    ft mt pres supt atty dept univ ariz calif colo conn fla ill ind kan mass mich minn miss
    mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)

#: Outlet names and the words that end them: the listener is an intermediary, not a person.
OUTLET_WORDS: frozenset[str] = frozenset(
    """
    times post journal news herald tribune telegraph guardian gazette chronicle globe
    magazine radio tv television network press review examiner observer independent
    insider politico cnn msnbc nbc abc cbs fox npr pbs bbc ap reuters afp upi bloomberg
    axios breitbart huffpost jazeera arabiya atlantic economist hill daily weekly
    """.split()
)


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, factored as a trie.

    Python's regex engine tries every branch of a flat alternation at every position; a
    trie shares prefixes, so a miss costs a character comparison or two.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            if len(branches) == 1 and len(body) > 1:
                return "(?:" + body + ")?"
            return body + "?" if len(body) == 1 else "(?:" + body + ")?"
        return body

    return build(trie)


# -- the closed classes the cue rules read ------------------------------------------------

#: The forms of "be": a passive ("is expected") or a copula ("there was wide support").
BE_FORMS: frozenset[str] = frozenset("is are was were be been being am".split())

#: The particles a cue verb takes before its content ("called for", "pointed out").
PARTICLES: dict[str, frozenset[str]] = {
    "call": frozenset({"for", "on"}),
    "point": frozenset({"out", "to"}),
    "speak": frozenset({"about", "of", "out"}),
    "talk": frozenset({"about", "of", "up"}),
    "refer": frozenset({"to"}),
    "comment": frozenset({"on"}),
    "complain": frozenset({"about"}),
    "warn": frozenset({"of", "about", "against"}),
    "respond": frozenset({"to"}),
    "reply": frozenset({"to"}),
    "ask": frozenset({"about", "for"}),
    "agree": frozenset({"with"}),
    "hint": frozenset({"at"}),
    "vote": frozenset({"for", "against", "down"}),
    "worry": frozenset({"about"}),
    "concern": frozenset({"about"}),
}

#: Verbs that need their particle to attribute ("pointed out", not "pointed").
PARTICLE_REQUIRED: frozenset[str] = frozenset({"point", "talk", "speak", "refer", "vote"})

#: After "support" these make it a noun: "drew support from", "support for him has grown".
AFTER_NOUN_SUPPORT: frozenset[str] = frozenset(
    "from for among to of in is was has had on behind with across".split()
)

#: Words before "according to" that open the sentence without being its content.
LEADING_CONNECTIVES: frozenset[str] = frozenset("but and yet so still also".split())

#: First words of a line before a colon that label the page, not a speaker ("Note:").
NOT_LABELS: frozenset[str] = frozenset(
    "note update updated editor's related source sources photo photos video watch read"
    " more correction corrections advertisement abstract full text tags image images credit"
    " caption see also listen subscribe click follow disclosure contributing so".split()
)

#: Interview transcripts label the question and the answer.
QUESTION_ANSWER: frozenset[str] = frozenset({"Q", "A"})

#: Words before a participle that give it the sentence's subject ("by saying", "and adding").
PARTICIPLE_LEADS: frozenset[str] = frozenset("by and while before after when".split())

#: Participles that attribute when they describe a noun: "a poll showing", "a PAC supporting".
DESCRIBING_PARTICIPLES: frozenset[str] = frozenset(
    "show support say call urge claim predict find".split()
)

#: Stances a participle gives the noun it follows: "groups backing Cruz".
STANCE_PARTICIPLES: frozenset[str] = frozenset("support back oppose favor favour".split())

#: Words before a participle that make it an adjective ("the most telling", "a promising").
NOT_BEFORE_PARTICIPLE: frozenset[str] = frozenset(
    "a an the most more less very so too his her their its our my additional".split()
)

#: Participles that news uses as adjectives far more often than to describe a speaker.
ADJECTIVE_PARTICIPLES: frozenset[str] = frozenset(
    "nominate offer post promise challenge signal".split()
)

#: Things said that are no speaker themselves: their author must be named beside them
#: ("Trump issued a statement saying ..."), or the participle only describes them.
SPEECH_PRODUCTS: frozenset[str] = frozenset(
    """
    statement statements speech speeches sermon sermons letter letters ad ads advertisement
    release releases email emails memo memos tweet tweets post posts petition petitions
    remarks comments message messages video videos
    """.split()
)

#: What is convened rather than said: "called a demonstration", "called an election".
CONVENED: frozenset[str] = frozenset(
    """
    demonstration demonstrations meeting meetings session sessions strike strikes election
    elections vote votes rally rallies protest protests conference summit hearing hearings
    referendum truce ceasefire cease-fire halt recess timeout caucus convention march
    boycott
    """.split()
)

#: One word after a clause verb that is a whole answer: "said no", "would say so".
ANSWER_WORDS: frozenset[str] = frozenset("yes no so otherwise not".split())

#: Determiners before a noun of speech ("the statement", "his remarks").
DETERMINERS: frozenset[str] = frozenset("a an the his her their its our this these those".split())

#: Words that resume a sentence after an inserted "said X," ("would be clear").
RESUMING_VERBS: frozenset[str] = frozenset(
    """
    is are was were will would could should may might must can has have had does do did
    also remains remained
    """.split()
)

#: Words before "asked" that make it a question put to the subject ("When asked about").
ASKED_LEADS: frozenset[str] = frozenset("when after before once if as while".split())

#: What may follow an inverted speaker: `"...," said Roffman in an interview.`
AFTER_INVERTED: frozenset[str] = frozenset(
    "in on at during after before when while last this who whose which".split()
)

#: How an inverted speaker starts: a name, or a determiner ("said a source", not "said just").
INVERTED_STARTS: frozenset[str] = frozenset(
    "a an the one two three some several many another his her their its our".split()
)

#: Conjunctions that open a subordinate clause, which ends at the comma back to the main one.
SUBORDINATORS: frozenset[str] = frozenset(
    "while although though if when as because since after before whereas unless once until".split()
)

#: Broadcasters named by their initials: a listener that is an outlet.
NETWORKS: frozenset[str] = frozenset("CNN MSNBC NBC ABC CBS NPR AP BBC PBS UPI AFP".split())

#: Words before a cue word that make it an infinitive or a noun ("to say", "his claims").
NOT_BEFORE_VERB: frozenset[str] = frozenset(
    "to the a an his her their its my our your this these those".split()
)

#: Words ending in "-ly" that are no adverb.
LY_NOUNS: frozenset[str] = frozenset(
    "family rally ally supply reply assembly bully belly jelly italy july early only holy".split()
)

#: Verbs whose passive gives an impression ("is expected to", "was seen as").
PASSIVE_CUES: frozenset[str] = frozenset(
    """
    expect see view consider criticize accuse describe portray regard blame praise say
    reveal intend deem reject dismiss question report suspect think believe
    """.split()
)

#: Words between an owner and a noun of statement ("Trump's repeated claims").
NOUN_CUE_MODIFIERS: frozenset[str] = frozenset(
    """
    repeated repeatedly frequent false baseless unfounded new latest earlier recent early
    later public private oft-repeated controversial dubious bold stark explicit own
    strong sharp harsh fierce vocal open tacit full continued longtime long-standing
    """.split()
)

#: Verbs of reaction: with a bare noun for object they state nothing ("welcomed the vote").
REACTIONS: frozenset[str] = frozenset("welcome express hail applaud".split())

#: Prepositions after a noun of stance that say when or where, not of what.
PREPOSITIONS: frozenset[str] = frozenset(
    "on at in with for from by of into during after before".split()
)

#: The possessive "'s", in either apostrophe.
POSSESSIVE_S: frozenset[str] = frozenset({"'s", "\u2019s"})

#: Possessive pronouns: the owner of a noun of statement ("her claim that").
POSSESSIVE_PRONOUNS: frozenset[str] = frozenset("his her their its my our your".split())

#: Verbs right after "that" or a noun: a relative clause, not the statement's content.
VERB_AFTER_RELATIVE: frozenset[str] = frozenset(
    """
    is are was were has have had will would could should can may might must do does did
    be been being
    """.split()
)

#: Prepositions that take any cue's object ("joked about", "argued against").
OBJECT_PREPOSITIONS: frozenset[str] = frozenset("about against upon".split())

#: Words that open the complement of a passive cue ("was accused of", "is seen as").
PASSIVE_COMPLEMENTS: frozenset[str] = frozenset("for of as with that".split())

#: Words after a raising verb that make it literal ("appeared on CNN", "seemed at ease").
NOT_RAISING: frozenset[str] = frozenset(
    """
    on at in with before for from by of into onto alongside during after the a an his her
    their its this that these those and or but
    """.split()
)
