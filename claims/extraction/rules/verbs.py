"""Reporting verbs: which reading a cue verb takes, from the words around it.

A verb is first ruled out by its neighbours (`to say`, `pointed` without "out", `called a
demonstration`), then read by where its speaker and content lie:

* a subject before it (`Kimmitt claimed that ...`, `"...," Clinton said.`):
  :mod:`~claims.extraction.rules.speaker_first`;
* a speaker after it (`"...," said Roffman`, `Said Comey, "..."`):
  :mod:`~claims.extraction.rules.inverted`;
* the subject of its sentence, shared (`... denied the accusation and declared ...`,
  `..., adding that ...`): :mod:`~claims.extraction.rules.shared_subject`;
* no speaker, or one after "by" (`Clinton appeared to gain`, `When asked about X, ...`):
  :mod:`~claims.extraction.rules.impressions`.

The cue keeps its auxiliaries and adverbs (`has also said`) and a day or the form of the
statement after it (`said Tuesday`, `said in a statement`), as annotators mark it.
"""

from __future__ import annotations

import re

from claims.extraction.content import OPEN_QUOTES
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import (
    AFFECT,
    AFTER_NOUN_SUPPORT,
    ASKED_LEADS,
    BE_FORMS,
    CONVENED,
    INTENT,
    LY_NOUNS,
    NOT_BEFORE_VERB,
    OBJECT,
    OBJECT_PREPOSITIONS,
    PARTICLE_REQUIRED,
    PARTICLES,
    PASSIVE_CUES,
    POSSESSIVE_S,
    PRE_CUE_WORDS,
    QUOTING,
    RAISING,
    WEAK,
    CueVerb,
)
from claims.extraction.rules.context import CueDocument, CueSite, word_before
from claims.extraction.rules.impressions import asked, raising
from claims.extraction.rules.inverted import inverted, opening_cue
from claims.extraction.rules.shared_subject import participle, shared_subject
from claims.extraction.rules.speaker_first import with_speaker
from claims.extraction.speaker_phrases import speaker_before
from claims.extraction.tokens import QUOTE_MARKS, Token, is_word

# `"I am still Sanders," it read`: a quotation closed just before the speaker and cue.
_QUOTE_CLOSED_BEFORE_RE = re.compile(r"[,?!][\"\u201d']+\s+(?:\S+\s+){0,2}$")
_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]*(\w+|\S)")
_CUE_TAIL_RE = re.compile(
    r"\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+night)?"
    r"|in an? (?:statement|email|e-mail|written statement)|on (?:Twitter|Facebook)|recently)\b"
)
_ANONYMITY_RE = re.compile(r"\s+(?:that\s+)?(?:not\s+to\s+be|(?:his|her|their)\s+name)\b")


def verb_attribution(
    doc: CueDocument, cue_start: int, verb_end: int, verb: CueVerb
) -> Draft | None:
    """The attribution of the cue verb at ``cue_start``, or None when it reports nothing."""
    text = doc.text
    prev_word = word_before(text, cue_start, 12).lower()
    if prev_word in NOT_BEFORE_VERB:
        # "to say" (an infinitive), "the stated", "his claims" (nouns): not a report.
        return None
    if verb.frame == AFFECT and prev_word not in BE_FORMS and not prev_word.endswith("ly"):
        return None  # "the plan concerned farmers": only "is concerned that" reports
    # The word after the cue settles some readings before any tokenising.
    nxt_match = _NEXT_WORD_RE.match(text, verb_end)
    nxt = nxt_match.group(1).lower() if nxt_match else ""
    particles = PARTICLES.get(verb.lemma)
    if (
        verb.lemma in PARTICLE_REQUIRED
        and (particles is None or nxt not in particles)
        or verb.frame == QUOTING
        and not (nxt in (":", ",") or nxt in OPEN_QUOTES)
        and _QUOTE_CLOSED_BEFORE_RE.search(text, max(0, cue_start - 40), cue_start) is None
        or verb.lemma == "continue"
        and nxt == "to"
        or verb.lemma == "pledge"
        and nxt == "delegates"
        or verb.lemma == "back"
        and nxt in ("off", "away", "down", "up", "out", "into", "in", "to", "on")
        or text[cue_start:verb_end].lower() == "support"
        and nxt in AFTER_NOUN_SUPPORT
    ):
        # "pointed" without "out", "reads the paper", "continued to fight", "pledged
        # delegates", "backed away", "won support from": not a report.
        return None
    if verb.lemma == "ask" and _ANONYMITY_RE.match(text, verb_end):
        return None  # "a shopkeeper, who asked not to be named": no question asked
    sentence_start, sentence_end = doc.sentence(cue_start, verb_end)
    left, right = doc.tokens_around(cue_start, verb_end, sentence_start, sentence_end)
    cue_end = verb_end
    past_cue = 0
    if right and (
        particles is not None
        and right[0].low in particles
        or right[0].low in OBJECT_PREPOSITIONS
        and verb.lemma not in PARTICLE_REQUIRED
        and len(right) > 1
        and is_word(right[1])
        and not right[1].text[0].isdigit()
    ):
        cue_end = right[0].end
        past_cue = 1
    if verb.lemma == "call" and past_cue == 0 and _convenes(right):
        return None  # "called a demonstration": convened, not said
    # Auxiliaries and adverbs between the subject and the verb.
    aux_start = len(left)
    while aux_start > 0 and (
        left[aux_start - 1].low in PRE_CUE_WORDS or _is_adverb(left[aux_start - 1])
    ):
        aux_start -= 1
    aux = left[aux_start:]
    if aux and aux[0].low in POSSESSIVE_S and text[cue_start:verb_end].lower() == verb.lemma:
        return None  # "Clinton's support": a possessive, since "'s" never takes "support"
    site = CueSite(
        cue_start,
        verb_end,
        cue_end,
        verb,
        left,
        right,
        past_cue,
        aux_start,
        sentence_start,
        sentence_end,
    )
    draft = _reading(doc, site)
    if draft is not None and draft.cue_spans[0][0] == cue_start:
        start, end = draft.cue_spans[0]
        # Annotators keep the auxiliaries and adverbs with the verb ("has also said"),
        # and a day or the form of the statement after it ("said in a statement").
        if aux:
            start = aux[0].start
        tail = _CUE_TAIL_RE.match(text, end)
        if tail and not any(s < tail.end() and tail.start() < e for s, e in draft.content_spans):
            end = tail.end()
        draft.cue_spans[0] = (start, end)
    return draft


def _reading(doc: CueDocument, site: CueSite) -> Draft | None:
    """The attribution of a cue verb, its auxiliaries ``left[aux_start:]`` set aside."""
    cue_start, verb_end, cue_end, verb, left, right, past_cue, aux_start, sentence_start, _ = site
    text = doc.text
    aux = left[aux_start:]
    form = text[cue_start:verb_end].lower()
    if aux_start > 0 and left[aux_start - 1].low == "to":
        return None  # an infinitive ("refused to say"): the speech did not happen
    if verb.frame == RAISING:
        return raising(doc, site)
    passive = any(t.low in BE_FORMS for t in aux) and not form.endswith("ing")
    if verb.frame == AFFECT or passive and verb.lemma == "worry":
        # "The government is worried that ...": the subject holds the belief; any other
        # use ("the plan concerned farmers") reports nothing.
        if not passive or (
            cue_end == verb_end and not (past_cue < len(right) and right[past_cue].low == "that")
        ):
            return None
        passive = False
    if verb.lemma == "ask" and form == "asked":
        lead = left[aux_start - 1].low if aux_start > 0 else ""
        if passive or lead in ASKED_LEADS or aux_start == 0:
            return asked(doc, site)
    if (
        not passive
        and form.endswith("ed")
        and past_cue < len(right)
        and right[past_cue].low == "by"
        and verb.frame == OBJECT
    ):
        # "rebel groups backed by Ankara", "a plan endorsed by the council": a passive
        # participle whose source follows "by".
        return raising(doc, site)
    if passive:
        # The subject of a passive is not the speaker: "is expected to", "was seen as",
        # "is accused of" give an impression whose source, if any, follows "by".
        if verb.lemma in PASSIVE_CUES:
            return raising(doc, site)
        return None
    if form.endswith("ing") and not aux:
        return participle(doc, site)
    prev = left[aux_start - 1] if aux_start > 0 else None
    if prev is not None and (prev.text == "," or prev.text in QUOTE_MARKS or prev.text == "'"):
        # `"...," said Roffman` unless the comma closes a parenthetical after the
        # subject ("Sadr's representative, however, reported").
        found = inverted(doc, site)
        if found is not None:
            return found
    sp = speaker_before(left, aux_start)
    if (
        sp is not None
        and verb.strength == WEAK
        and left[sp.last].low in ("it", "you", "this")
        and not (verb.frame == INTENT and left[sp.last].low == "it")
    ):
        return None  # "it seems", "you know"; but an organisation "plans to ..."
    if (
        sp is not None
        and sp.first == sp.last
        and _opening_modifier(doc.text, left[sp.first], sentence_start)
    ):
        return None
    if sp is not None and sp.first > 0 and left[sp.first - 1].low in BE_FORMS:
        return None  # "there was wide support for": a noun after a copula, not a subject
    if sp is None:
        if prev is not None and prev.low in ("and", "but", "or", "then"):
            return shared_subject(doc, site, "coordinated")
        if prev is None and text[cue_start].isupper():
            return opening_cue(doc, site)
        return None
    return with_speaker(doc, site, sp)


def _opening_modifier(text: str, tok: Token, sentence_start: int) -> bool:
    """True for a participle opening a sentence before a noun: "Repeated calls for".

    A capitalised "-ed" word alone before the cue is a name ("Husted said") only if
    the text writes it capitalised elsewhere, inside a sentence.
    """
    word = tok.text
    if tok.start != sentence_start or len(word) < 5 or not word.endswith("ed"):
        return False
    if not word[1:].islower():
        return False
    return re.search(r"[\w,;]\s+" + re.escape(word) + r"\b", text) is None


def _convenes(right: list[Token]) -> bool:
    """True when "called" is followed by something convened ("a news conference")."""
    if not right or right[0].low not in ("a", "an", "the", "snap", "emergency"):
        return False
    for tok in right[1:5]:
        if tok.low in CONVENED:
            return True
        if not tok.text.isalpha() and "-" not in tok.text:
            return False
    return False


def _is_adverb(tok: Token) -> bool:
    """A lower-case "-ly" word before a verb ("vehemently opposed"), not "family" or "ally"."""
    low = tok.text
    return low.endswith("ly") and low.islower() and len(low) > 4 and low not in LY_NOUNS
