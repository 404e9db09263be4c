"""The cue rules: from each cue to a draft attribution, looking only at its sentence.

One compiled pattern finds every cue in the text (a reporting verb, a multi-word cue or
"according to"); cues inside quotations are ignored, since a speaker's own "I think" is
part of what they said. Each rule names itself in the draft, so that every attribution
can say how it was found:

* ``quote-before`` / ``clause-before``: the content comes first and the cue clause closes
  the sentence (`"...," Clinton said.`, `The economy is strong, Obama said.`), or sits
  inside it as a ``parenthetical`` (`The point, Ash wrote, came on Friday.`);
* ``colon-quote``, ``quote-after``, ``that-clause``, ``clause-after``, ``comma-clause``,
  ``object``, ``intent``: the speaker comes first and the content follows the cue
  (`Dempsey stated: "..."`, `Kimmitt claimed that ...`, `Sadr denied the accusation`,
  `Trump wants to ...`);
* ``coordinated``, ``follow-on-participle`` and ``participle``: a cue sharing the subject
  of its sentence or describing a noun (`... denied the accusation and declared ...`,
  `..., adding that ...`, `a poll showing ...`);
* ``quote-next``: a cue closing its sentence introduces the quotation that follows
  (`Bystrom agreed. "..."`);
* ``relative``: `The changes, which officials said will ...`;
* ``as-noted``: `As the Times noted, ...`;
* ``raising``: an impression, with no speaker or one after "by" (`Clinton appeared to
  gain`, `The House is expected to pass ...`, `was seen by some as ...`);
* ``asked``: the question in `When asked about X, ...` or `was asked whether ...`;
* ``according-to``: the source follows "according to", the content is the rest;
* ``noun-clause`` and ``noun-object``: a noun names the statement (`Trump's assertion that
  ...`, `the suggestion by X that ...`, `their criticism of Cruz`);
* ``headline``, ``transcript`` and ``colon-label``: `Name: what they said` as a headline,
  an interview label opening a paragraph, or a name before a quotation (`Ruiz: "..."`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain
from typing import NamedTuple

from claims.extraction.content import (
    OPEN_QUOTES,
    Right,
    clause_end,
    content_end,
    fronted,
    is_quote_at,
    right_of_cue,
    trim,
)
from claims.extraction.drafts import Draft
from claims.extraction.lexicon import (
    ADJECTIVE_PARTICIPLES,
    AFFECT,
    AFTER_INVERTED,
    AFTER_NOUN_SUPPORT,
    ANSWER_WORDS,
    ASKED_LEADS,
    BE_FORMS,
    CLAUSE,
    CONVENED,
    CUE_FORMS,
    DESCRIBING_PARTICIPLES,
    DETERMINERS,
    INTENT,
    INVERTED_STARTS,
    LEADING_CONNECTIVES,
    LY_NOUNS,
    NETWORKS,
    NOT_BEFORE_PARTICIPLE,
    NOT_BEFORE_VERB,
    NOT_LABELS,
    NOT_RAISING,
    NOUN_CLAUSE_CUES,
    NOUN_CUE_MODIFIERS,
    NOUN_OBJECT_CUES,
    OBJECT,
    OBJECT_PREPOSITIONS,
    OUTLET_WORDS,
    PARTICIPLE_LEADS,
    PARTICLE_REQUIRED,
    PARTICLES,
    PASSIVE_COMPLEMENTS,
    PASSIVE_CUES,
    POSSESSIVE_PRONOUNS,
    POSSESSIVE_S,
    PRE_CUE_WORDS,
    PREPOSITIONS,
    QUESTION_ANSWER,
    QUOTING,
    RAISING,
    REACTIONS,
    RESUMING_VERBS,
    SPEECH_PRODUCTS,
    STANCE_PARTICIPLES,
    STRONG,
    SUBORDINATORS,
    VERB_AFTER_RELATIVE,
    WEAK,
    WEEKDAYS,
    CueVerb,
    trie_pattern,
)
from claims.extraction.mentions import parse_mention
from claims.extraction.model import ORGANISATION, PERSON, Span
from claims.extraction.speaker_phrases import (
    PERSONAL,
    SpeakerPhrase,
    is_abbreviation,
    is_description,
    sentence_subject,
    speaker_after,
    speaker_before,
)
from claims.extraction.structure import Layout, layout
from claims.extraction.tokens import (
    CLITICS,
    QUOTE_MARKS,
    Token,
    is_capitalised,
    is_word,
    tokenize,
)
from claims.ingest.documents import headline


def _cue_words() -> list[str]:
    forms = sorted({*CUE_FORMS, "according to", *NOUN_CLAUSE_CUES, *NOUN_OBJECT_CUES})
    return forms + [f[0].upper() + f[1:] for f in forms]


_CUE_TRIE = r"\b" + trie_pattern(_cue_words()) + r"\b"
_CUE_INITIALS = "".join(sorted({w[0] for w in _cue_words()}))

#: Every cue of the lexicon (verbs, "according to" and nouns of statement), as one pattern
#: (a trie, so that a miss is cheap). The lookahead for a cue's first letter is redundant
#: with the trie but comes first: the engine then tests one character class at each
#: position, where the bare trie tries each of its first letters at every word boundary,
#: the one after each word as well as the one before it.
CUE_RE = re.compile(r"(?=[" + _CUE_INITIALS + "])" + _CUE_TRIE)

#: The cues and the quotation marks: the candidates any extractor must look at. The
#: benchmark times one pass of it as the floor of what extraction can cost; it keeps the
#: bare trie, so that the floor stays the same pass whatever the extractor's own pattern.
CANDIDATE_RE = re.compile(_CUE_TRIE + "|[\u201c\u201d\"]|''")

# `"I am still Sanders," it read`: a quotation closed just before the speaker and cue.
_QUOTE_CLOSED_BEFORE_RE = re.compile(r"[,?!][\"\u201d']+\s+(?:\S+\s+){0,2}$")
_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]*(\w+|\S)")
_CAPITAL_AFTER_RE = re.compile(r"[ \t]+[A-Z]")
_SENTENCE_CACHE_LIMIT = 1500
_REACH = 2500
_LEFT_WINDOW = 300
_RIGHT_WINDOW = 150
# A line opening with a name and a colon: a headline quote or a transcript label. Past the
# first line, a line is found from the line feed before it, which the engine can skip to,
# where a pattern opening with "^" would be tried at every position.
_LABEL = r"[ \t]*([A-Z][^\n:\"\u201c\u201d]{0,70}?)[ \t]*:[ \t]*(\S[^\n]*)$"
_FIRST_LABEL_RE = re.compile(r"(?m)^" + _LABEL)
_LABEL_RE = re.compile(r"(?m)\n" + _LABEL)
# "... - Jeffrey M. Jones: “...”", `Clinton: "..." Bush: "..."`: a name, a colon, a quotation.
# The colon and quotation mark are found first; the name is read backwards from the colon.
_COLON_QUOTE_RE = re.compile(r":[ \t]*(?=[\"\u201c])")
_NAME_BEFORE_COLON_RE = re.compile(
    r"(?:^|(?<=[.!?\"\u201d]\s)|(?<=\s[-\u2013\u2014]\s))"
    r"([A-Z][\w.\u2019'-]*(?:[ ][A-Z][\w.\u2019'-]*){0,3})$",
    re.MULTILINE,
)
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_CUE_TAIL_RE = re.compile(
    r"\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+night)?"
    r"|in an? (?:statement|email|e-mail|written statement)|on (?:Twitter|Facebook)|recently)\b"
)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# What follows a noun of statement ("claim that", "suggestion by X that") or of stance
# ("criticism of"): checked on the text before any tokenising.
_NOUN_CLAUSE_AFTER_RE = re.compile(r"\s+(?:by\s+[^,;.]{1,80}?\s+)?that\b")
_NOUN_OBJECT_AFTER_RE = re.compile(r"\s+(?:of|for|to|on|about|against|over)\b")
_ANONYMITY_RE = re.compile(r"\s+(?:that\s+)?(?:not\s+to\s+be|(?:his|her|their)\s+name)\b")
# Quotations in a title line, in double or single marks.
_HEADLINE_QUOTE = (
    r"((?:[\"\u201c][^\"\u201c\u201d\n]{2,}[\"\u201d]"
    r"|['\u2018](?:[^'\u2018\u2019\n]|['\u2019]\w){2,}['\u2019]))"
)
# `Name: 'what they said'`: a label, a colon, a quotation closing the line.
_HEADLINE_LABEL_QUOTE_RE = re.compile(
    r"[ \t]*#*[ \t]*([A-Z][^:\n\"\u201c\u2018]{1,70}?)[ \t]*(:)[ \t]*" + _HEADLINE_QUOTE + r"[ \t]*"
)
# `'What they said,' Says Name`: a quotation, then the cue and the speaker.
_HEADLINE_QUOTE_SAYS_RE = re.compile(
    r"[ \t]*#*[ \t]*" + _HEADLINE_QUOTE + r"[ \t]+([Ss]ays|[Ss]aid)[ \t]+([A-Z][^\n:]{1,60}?)[ \t]*"
)
# A short noun phrase in lower case, no name nor quotation in it: "the delay", "frustration".
_BARE_NOUN_PHRASE_RE = re.compile(r"(?:(?:the|a|an|their|his|her|its|our)[ \t]+)?[a-z][a-z-]*")
#: Sources that pass on what their principal said ("according to a spokesman").
_CHANNEL_RE = re.compile(
    r"\b(?:spokes(?:man|woman|person|people|men|women)|press (?:officer|office|secretary)"
    r"|representatives?|statement|press release)\b",
    re.IGNORECASE,
)
#: Rules that read a statement (not an intention or an impression) from a verb.
_REPORTING_RULES = frozenset(
    """
    clause-after that-clause clause-before quote-before quote-after colon-quote parenthetical
    """.split()
)
# Finite verbs that carry a clause: where a main clause resumes after an embedded cue.
_FINITE_RE = re.compile(
    r"\s(?:is|are|was|were|will|would|can|could|may|might|must|should|has|have|had"
    r"|isn't|aren't|wasn't|weren't|won't|can't|couldn't|didn't|doesn't|don't)\b"
)
# A preposition opening an object: it ends the cue rather than starting the content.
_LEADING_PREPOSITION_RE = re.compile(
    r"(about|for|on|of|against|with|at|over|as|like|upon|in)[ \t\n\u00a0]+(?=\S)"
)


class _Site(NamedTuple):
    """A cue verb in its sentence: the tokens around it and where its parts lie."""

    cs: int  # where the verb starts
    ce: int  # where the verb ends
    cue_end: int  # where the cue ends, with its particle ("called for")
    verb: CueVerb
    left: list[Token]  # tokens before the verb; left[k:] are its auxiliaries
    right: list[Token]  # tokens after the verb; right[r] follows the cue
    r: int
    k: int
    s0: int  # the sentence, clipped
    s1: int


class CueRules:
    """The cue rules, applied to one document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lay: Layout = layout(text)
        self.drafts: list[Draft] = []
        self._cached_sentence = -1
        self._cached_tokens: list[Token] = []

    def run(self) -> list[Draft]:
        """Apply the rules to every cue outside quotations and to labels; returns drafts."""
        text = self.text
        lay = self.lay
        named: list[Draft] = []
        for m in CUE_RE.finditer(text):
            cs = m.start()
            if lay.inside_quote(cs) or cs and text[cs - 1] == "-":
                continue  # quoted words, or a compound ("Sanders-endorsed", "so-called")
            word = m.group()
            if word[0].isupper() and self._given_name(cs, m.end()):
                continue  # "spokesman Hope Hicks", "professor Will Doyle"
            low = word.lower()
            if low == "according to":
                draft = self._according(cs, m.end())
            elif low in CUE_FORMS:
                draft = self._verb(cs, m.end(), CUE_FORMS[low])
            else:
                draft = None
            if draft is not None:
                self.drafts.append(draft)
            # A noun naming a statement is read after the verbs, so that it never becomes
            # the subject a later cue of its sentence shares.
            if low in NOUN_CLAUSE_CUES:
                draft = self._noun_clause(cs, m.end())
                if draft is not None:
                    named.append(draft)
            if low in NOUN_OBJECT_CUES:
                draft = self._noun_object(cs, m.end())
                if draft is not None:
                    named.append(draft)
        self._labels()
        self._quoting_headline()
        self.drafts.extend(named)
        return self.drafts

    def _noun_clause(self, cs: int, ce: int) -> Draft | None:
        """`Trump's assertion that ...`, `the suggestion by X that ...`: a statement named
        by a noun, its content the clause after "that".

        The speaker is the possessor before the noun or the agent after "by"; without
        either the statement has no named source ("allegations that ...").
        """
        text = self.text
        if _NOUN_CLAUSE_AFTER_RE.match(text, ce) is None:
            return None
        s0, s1 = self._sentence(cs, ce)
        left, right = self._tokens_around(cs, ce, s0, s1)
        r = 0
        speaker: Span | None = None
        if right and right[0].low == "by":
            sp = speaker_after(right, 1)
            if sp is None or sp.last + 1 >= len(right) or right[sp.last + 1].low != "that":
                return None
            speaker = self._span(right, sp.first, sp.last)
            r = sp.last + 1
        if r >= len(right) or right[r].low != "that" or r + 1 >= len(right):
            return None
        if right[r + 1].low in VERB_AFTER_RELATIVE or right[r + 1].text in (",", "."):
            return None  # "the claim that was made": a relative clause, not its content
        if speaker is None:
            speaker = self._possessor(left)
        start = right[r].start
        # The noun phrase sits inside a sentence: its clause ends at a comma.
        content = trim(text, start, clause_end(text, self.lay, start, s1, OBJECT))
        if content is None or len(text[content[0] : content[1]].split(None, 2)) < 3:
            return None
        return Draft([(cs, ce)], [content], "noun-clause", speaker=speaker)

    def _noun_object(self, cs: int, ce: int) -> Draft | None:
        """`their criticism of Trump`, `the NRA's opposition to ...`: a stance named by a
        noun, its content the object of the preposition. Only with its owner named."""
        text = self.text
        particle = _NOUN_OBJECT_AFTER_RE.match(text, ce)
        if particle is None:
            return None
        ce = particle.end()
        s0, s1 = self._sentence(cs, ce)
        left, right = self._tokens_around(cs, ce, s0, s1)
        speaker = self._possessor(left)
        if speaker is None or not right or not is_word(right[0]):
            return None
        if right[0].low in WEEKDAYS or right[0].low in PREPOSITIONS:
            return None  # "her criticism on Tuesday": when, not of what
        j = 0
        while j < len(right) and j < 20:
            t = right[j]
            if t.text == "." and j > 0 and is_abbreviation(right[j - 1]):
                j += 1
                continue  # "Mr. Cruz"
            if not is_word(t) and t.text not in QUOTE_MARKS and t.low not in CLITICS:
                break
            if j > 0 and (t.low in VERB_AFTER_RELATIVE or t.low.endswith("n't")):
                break
            j += 1
        if j == 0:
            return None
        content = trim(text, right[0].start, right[j - 1].end)
        if content is None:
            return None
        return Draft([(cs, ce)], [content], "noun-object", speaker=speaker)

    def _possessor(self, left: list[Token]) -> Span | None:
        """Who owns the noun a cue ends with: "Mr. Trump's", "her", "budget hawks'"."""
        j = len(left) - 1
        while j >= 0 and left[j].low in NOUN_CUE_MODIFIERS:
            j -= 1
        if j < 0:
            return None
        tok = left[j]
        if tok.low in POSSESSIVE_PRONOUNS:
            return tok.start, tok.end
        if tok.low in ("'s", "\u2019s", "'", "\u2019") and j > 0:
            # The name that owns it: "the NRA's", "Mr. Trump's", not "cheered Clinton's".
            last = j - 1
            if (
                last > 0
                and not is_capitalised(left[last])
                and left[last - 1].low in ("the", "this")
            ):
                return left[last - 1].start, left[last].end  # "the mayor's"
            first = last
            while first > 0 and (
                is_capitalised(left[first - 1])
                or left[first - 1].text == "."
                and first > 1
                and is_capitalised(left[first - 2])
            ):
                first -= 1
            if is_capitalised(left[last]) or left[last].low.endswith("s"):
                return left[first].start, left[last].end
        return None

    def _labels(self) -> None:
        """`Sanders: 'I will fight on'` as a headline, `FALLIN: Well, ...` in a transcript.

        A name and a colon attribute the rest of the line when the line is the document's
        first (a headline), or opens a paragraph with a speaker's name ("Rep. Trey Gowdy
        (R-S.C.):", "FALLIN:", "Q:"), as interview transcripts label their speakers. Inside
        a paragraph, a name and a colon before a quotation attribute the quotation.
        """
        text = self.text
        if ":" not in text:
            return
        first = len(text) - len(text.lstrip())
        labelled: set[int] = set()
        head = _FIRST_LABEL_RE.match(text)
        for m in chain((head,) if head else (), _LABEL_RE.finditer(text)):
            label = m.group(1)
            headline = m.start(1) == first
            if not _is_label(label, headline):
                continue
            content = trim(text, m.start(2), m.end(2))
            if content is None or not _is_said(text[content[0] : content[1]], headline):
                continue
            speaker = (m.start(1), m.end(1))
            colon_at = text.index(":", m.end(1))
            rule = "headline" if headline else "transcript"
            self.drafts.append(Draft([(colon_at, colon_at + 1)], [content], rule, speaker=speaker))
            labelled.add(m.start(1))
        for m in _COLON_QUOTE_RE.finditer(text):
            colon_at = m.start()
            name = _NAME_BEFORE_COLON_RE.search(text, max(0, colon_at - 60), colon_at)
            if name is None or name.start(1) in labelled or self.lay.inside_quote(colon_at):
                continue
            if not _is_label(name.group(1), False):
                continue
            q = self.lay.quote_starting(m.end())
            span = trim(text, q.start, q.end) if q is not None else None
            if span is None:
                continue
            colon = (colon_at, colon_at + 1)
            self.drafts.append(Draft([colon], [span], "colon-label", speaker=name.span(1)))

    def _quoting_headline(self) -> None:
        """A title line that quotes someone: `Warren Hammers CEO: 'You Should Be ...'`,
        `'We Will Not Back Down,' Says Union Chief`. Quotations in single marks, which
        the layout leaves to apostrophes, count here: headlines use them."""
        text = self.text
        first = len(text) - len(text.lstrip())
        end = text.find("\n", first)
        if end == -1 or headline(text) is None:
            return
        if any(first <= d.cue_spans[0][0] < end for d in self.drafts):
            return
        m = _HEADLINE_LABEL_QUOTE_RE.fullmatch(text, first, end)
        if m is not None:
            speaker, cue, content = m.span(1), m.span(2), m.span(3)
        else:
            m = _HEADLINE_QUOTE_SAYS_RE.fullmatch(text, first, end)
            if m is None:
                return
            content, cue, speaker = m.span(1), m.span(2), m.span(3)
        self.drafts.append(Draft([cue], [content], "headline", speaker=speaker))

    # -- the sentence around a cue --------------------------------------------------------

    def _tokens_around(self, cs: int, ce: int, s0: int, s1: int) -> tuple[list[Token], list[Token]]:
        """Tokens before and after a cue, within its sentence and a window around it.

        A sentence is tokenised once and shared by all its cues; a window is enough since
        speakers and the start of content lie close to the cue.
        """
        lo = max(s0, cs - _LEFT_WINDOW)
        hi = min(s1, ce + _RIGHT_WINDOW)
        if s1 - s0 > _SENTENCE_CACHE_LIMIT:
            return tokenize(self.text, lo, cs), tokenize(self.text, ce, hi)
        if self._cached_sentence != s0:
            self._cached_sentence = s0
            self._cached_tokens = tokenize(self.text, s0, s1)
        tokens = self._cached_tokens
        # A token is a tuple that starts with its offset, so ``(pos,)`` sorts before the
        # first token starting at ``pos`` and the tokens are searched without a key.
        a = bisect_left(tokens, (lo,))
        b = bisect_left(tokens, (cs,), a)
        c = bisect_left(tokens, (ce,), b)
        d = bisect_left(tokens, (hi,), c)
        return tokens[a:b], tokens[c:d]

    def _given_name(self, cs: int, ce: int) -> bool:
        """True for a capitalised cue between a lower-case word and a capitalised one."""
        before = _word_before(self.text, cs, 30)
        return before.islower() and _CAPITAL_AFTER_RE.match(self.text, ce) is not None

    def _sentence(self, cs: int, ce: int) -> tuple[int, int]:
        """The sentence around a cue, clipped to a reach no real clause exceeds.

        Text without full stops makes one endless "sentence"; the clip keeps the work per
        cue bounded, so that extraction stays linear in the length of the text.
        """
        s0, s1 = self.lay.sentence(cs)
        return max(s0, cs - _REACH), min(s1, ce + _REACH)

    def _span(self, tokens: list[Token], a: int, b: int) -> Span:
        return tokens[a].start, tokens[b].end

    def _is_outlet(self, span: Span) -> bool:
        words = self.text[span[0] : span[1]]
        if "*" in words or "_" in words:
            return True
        names = re.findall(r"[A-Za-z]+", words)
        if not names:
            return False
        last = names[-1]
        return (last.lower() in OUTLET_WORDS and last[0].isupper()) or any(
            w in NETWORKS for w in names
        )

    def _owner(self, s0: int, cs: int) -> Draft | None:
        """The latest attribution with a speaker earlier in the same sentence."""
        for d in reversed(self.drafts):
            if d.cue_spans[0][0] < s0:
                return None
            if d.speaker is not None and d.cue_spans[0][0] < cs:
                return d
        return None

    # -- according to ---------------------------------------------------------------------

    def _according(self, cs: int, ce: int) -> Draft | None:
        text = self.text
        s0, s1 = self._sentence(cs, ce)
        right = tokenize(text, ce, min(s1, ce + 300))
        sp = speaker_after(right, 0)
        if sp is None:
            return None
        after = sp.last + 1
        if after < len(right) and right[after].text not in (",", ".", ";", "\u2014"):
            # `according to the "Medicare for all" document he released`: the source runs
            # to the comma or the end of the sentence.
            j = after
            while j < len(right) and j - sp.first < 25 and right[j].text not in (",", ";"):
                j += 1
            if j < len(right) and right[j].text not in (",", ";"):
                return None
            last = j - 1
            while (
                last > sp.last and not is_word(right[last]) and right[last].text not in QUOTE_MARKS
            ):
                last -= 1
            sp = SpeakerPhrase(sp.first, last)
            after = j
        speaker = self._span(right, sp.first, sp.last)
        reported = self._reported_before(s0, cs)
        if reported is not None and (
            _CHANNEL_RE.search(text, *speaker) is not None or self._is_outlet(speaker)
        ):
            # "The agency said it would take samples, according to a spokesman": the agency
            # speaks, the spokesman is the channel its statement came through.
            if reported.via is None:
                reported.via = speaker
            return None
        spans: list[Span] = []
        lead = text[s0:cs].strip().lower()
        if lead not in LEADING_CONNECTIVES:
            before = trim(text, s0, cs)
            if before:
                spans.append(before)
        if after < len(right) and right[after].text == ",":
            rest_start = right[after].end
            rest = trim(text, rest_start, content_end(text, rest_start, s1, ""))
            if rest:
                spans.append(rest)
        if not spans:
            return None
        return Draft([(cs, ce)], spans, "according-to", speaker=speaker)

    def _reported_before(self, s0: int, cs: int) -> Draft | None:
        """The attribution with a speaker that fills its sentence up to "according to" at
        ``cs`` (`X said Y, according to Z`, `Y, X said, according to Z`), or None."""
        text = self.text
        lead = s0
        while lead < cs and text[lead].isspace():
            lead += 1
        for d in reversed(self.drafts):
            if d.cue_spans[0][0] < s0:
                return None
            if d.speaker is None or d.start > lead or d.rule not in _REPORTING_RULES:
                continue
            end = max(e for _, e in [*d.content_spans, *d.cue_spans, d.speaker])
            if end <= cs and not text[end:cs].strip(" \t,\u201d\"'"):
                return d
        return None

    # -- verbs ----------------------------------------------------------------------------

    def _verb(self, cs: int, ce: int, verb: CueVerb) -> Draft | None:
        text = self.text
        prev_word = _word_before(text, cs, 12).lower()
        if prev_word in NOT_BEFORE_VERB:
            # "to say" (an infinitive), "the stated", "his claims" (nouns): not a report.
            return None
        if verb.frame == AFFECT and prev_word not in BE_FORMS and not prev_word.endswith("ly"):
            return None  # "the plan concerned farmers": only "is concerned that" reports
        # The word after the cue settles some readings before any tokenising.
        nxt_match = _NEXT_WORD_RE.match(text, ce)
        nxt = nxt_match.group(1).lower() if nxt_match else ""
        particles = PARTICLES.get(verb.lemma)
        if (
            verb.lemma in PARTICLE_REQUIRED
            and (particles is None or nxt not in particles)
            or verb.frame == QUOTING
            and not (nxt in (":", ",") or nxt in OPEN_QUOTES)
            and _QUOTE_CLOSED_BEFORE_RE.search(text, max(0, cs - 40), cs) is None
            or verb.lemma == "continue"
            and nxt == "to"
            or verb.lemma == "pledge"
            and nxt == "delegates"
            or verb.lemma == "back"
            and nxt in ("off", "away", "down", "up", "out", "into", "in", "to", "on")
            or text[cs:ce].lower() == "support"
            and nxt in AFTER_NOUN_SUPPORT
        ):
            # "pointed" without "out", "reads the paper", "continued to fight", "pledged
            # delegates", "backed away", "won support from": not a report.
            return None
        if verb.lemma == "ask" and _ANONYMITY_RE.match(text, ce):
            return None  # "a shopkeeper, who asked not to be named": no question asked
        s0, s1 = self._sentence(cs, ce)
        left, right = self._tokens_around(cs, ce, s0, s1)
        cue_end = ce
        r = 0
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
            r = 1
        if verb.lemma == "call" and r == 0 and _convenes(right):
            return None  # "called a demonstration": convened, not said
        # Auxiliaries and adverbs between the subject and the verb.
        k = len(left)
        while k > 0 and (left[k - 1].low in PRE_CUE_WORDS or _is_adverb(left[k - 1])):
            k -= 1
        aux = left[k:]
        if aux and aux[0].low in POSSESSIVE_S and text[cs:ce].lower() == verb.lemma:
            return None  # "Clinton's support": a possessive, since "'s" never takes "support"
        draft = self._verb_draft(_Site(cs, ce, cue_end, verb, left, right, r, k, s0, s1))
        if draft is not None and draft.cue_spans[0][0] == cs:
            start, end = draft.cue_spans[0]
            # Annotators keep the auxiliaries and adverbs with the verb ("has also said"),
            # and a day or the form of the statement after it ("said in a statement").
            if aux:
                start = aux[0].start
            tail = _CUE_TAIL_RE.match(text, end)
            if tail and not any(
                s < tail.end() and tail.start() < e for s, e in draft.content_spans
            ):
                end = tail.end()
            draft.cue_spans[0] = (start, end)
        return draft

    def _verb_draft(self, site: _Site) -> Draft | None:
        """The attribution of a cue verb, its auxiliaries ``left[k:]`` set aside."""
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        text = self.text
        aux = left[k:]
        form = text[cs:ce].lower()
        if k > 0 and left[k - 1].low == "to":
            return None  # an infinitive ("refused to say"): the speech did not happen
        if verb.frame == RAISING:
            return self._raising(site)
        passive = any(t.low in BE_FORMS for t in aux) and not form.endswith("ing")
        if verb.frame == AFFECT or passive and verb.lemma == "worry":
            # "The government is worried that ...": the subject holds the belief; any other
            # use ("the plan concerned farmers") reports nothing.
            if not passive or cue_end == ce and not (r < len(right) and right[r].low == "that"):
                return None
            passive = False
        if verb.lemma == "ask" and form == "asked":
            lead = left[k - 1].low if k > 0 else ""
            if passive or lead in ASKED_LEADS or k == 0:
                return self._asked(site)
        if (
            not passive
            and form.endswith("ed")
            and r < len(right)
            and right[r].low == "by"
            and verb.frame == OBJECT
        ):
            # "rebel groups backed by Ankara", "a plan endorsed by the council": a passive
            # participle whose source follows "by".
            return self._raising(site)
        if passive:
            # The subject of a passive is not the speaker: "is expected to", "was seen as",
            # "is accused of" give an impression whose source, if any, follows "by".
            if verb.lemma in PASSIVE_CUES:
                return self._raising(site)
            return None
        if form.endswith("ing") and not aux:
            return self._participle(site)
        prev = left[k - 1] if k > 0 else None
        if prev is not None and (prev.text == "," or prev.text in QUOTE_MARKS or prev.text == "'"):
            # `"...," said Roffman` unless the comma closes a parenthetical after the
            # subject ("Sadr's representative, however, reported").
            inverted = self._inverted(site)
            if inverted is not None:
                return inverted
        sp = speaker_before(left, k)
        if (
            sp is not None
            and verb.strength == WEAK
            and left[sp.last].low in ("it", "you", "this")
            and not (verb.frame == INTENT and left[sp.last].low == "it")
        ):
            return None  # "it seems", "you know"; but an organisation "plans to ..."
        if sp is not None and sp.first == sp.last and self._opening_modifier(left[sp.first], s0):
            return None
        if sp is not None and sp.first > 0 and left[sp.first - 1].low in BE_FORMS:
            return None  # "there was wide support for": a noun after a copula, not a subject
        if sp is None:
            if prev is not None and prev.low in ("and", "but", "or", "then"):
                return self._shared(site, "coordinated")
            if prev is None and text[cs].isupper():
                return self._opening_cue(site)
            return None
        return self._with_speaker(site, sp)

    def _opening_modifier(self, tok: Token, s0: int) -> bool:
        """True for a participle opening a sentence before a noun: "Repeated calls for".

        A capitalised "-ed" word alone before the cue is a name ("Husted said") only if
        the text writes it capitalised elsewhere, inside a sentence.
        """
        word = tok.text
        if tok.start != s0 or len(word) < 5 or not word.endswith("ed"):
            return False
        if not word[1:].islower():
            return False
        return re.search(r"[\w,;]\s+" + re.escape(word) + r"\b", self.text) is None

    def _with_speaker(self, site: _Site, sp: SpeakerPhrase) -> Draft | None:
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        text = self.text
        speaker = self._span(left, sp.first, sp.last)
        draft = Draft([(cs, cue_end)], [], "", speaker=speaker)
        if sp.described_from is not None:
            draft.described = (left[sp.described_from].start, speaker[1])
        if sp.antecedent is not None:
            draft.antecedent = self._span(left, *sp.antecedent)
        if sp.skipped is not None:
            draft.via = self._via_in(left, sp.skipped)
            if (
                sp.described_from is None
                and left[sp.last].low not in PERSONAL
                and is_description(left, *sp.skipped)
            ):
                # "Jean Dupont, the foreign minister, said": the aside says who they are.
                draft.described = (speaker[0], left[sp.skipped[1]].end)
        clause_start = speaker[0]
        if sp.first > 0 and (
            left[sp.first - 1].low == "which"
            or left[sp.first - 1].low in ("who", "whom")
            and verb.frame == OBJECT
            and right_of_cue(text, self.lay, right, r, verb, s1) is None
        ):
            # "The changes, which officials said will ...": the relative pronoun is content.
            return self._relative_object(draft, left[sp.first - 1], verb, right, r, s1)
        before = fronted(text, self.lay, s0, clause_start)
        after = right_of_cue(text, self.lay, right, r, verb, s1)
        if before is not None:
            span, rule = before
            if rule == "quote-before" and verb.strength > WEAK:
                # A quotation before the speaker is the content whatever follows the cue,
                # and a quotation right after it continues the content.
                draft.content_spans = [span]
                draft.rule = rule
                if after is not None and is_quote_at(text, after.span[0]):
                    between = text[cue_end : after.span[0]]
                    if "," in between and len(between.split()) <= 12:
                        draft.content_spans.append(after.span)
                return draft
            if after is not None and after.how == "parenthetical":
                draft.content_spans, draft.rule = [span, after.span], "parenthetical"
                return draft
            if after is None and verb.speech and len(text[span[0] : span[1]].split(None, 2)) >= 3:
                draft.content_spans, draft.rule = [span], rule
                return draft
        if after is not None and after.how == "parenthetical":
            if sp.first > 0 and left[sp.first - 1].low == "as":
                # "As the Times noted, Clinton raised ...": the rest of the sentence.
                spans = [after.span]
                lead = trim(text, s0, left[sp.first - 1].start)
                if lead and len(text[lead[0] : lead[1]].split(None, 2)) >= 3:
                    spans.insert(0, lead)
                draft.content_spans, draft.rule = spans, "as-noted"
                return draft
            subordinate = (
                sp.first > 0
                and (
                    left[sp.first - 1].low in SUBORDINATORS
                    or left[sp.first - 1].low in ("whatever", "whether")
                )
                or left[sp.first].low in ("whatever", "whether")
            )
            if verb.speech and verb.strength == STRONG and verb.frame == CLAUSE and not subordinate:
                # "I said, hey, you've got to change the culture."
                draft.content_spans, draft.rule = [after.span], "comma-clause"
                return draft
        if after is None and verb.speech and verb.frame == CLAUSE and before is None:
            return self._quote_next(draft, right, r, s1)
        if after is None or after.how == "parenthetical":
            return None
        relative = sp.first == sp.last and left[sp.first].low in ("who", "which", "that")
        if (
            sp.first > 0
            and left[sp.first - 1].low in SUBORDINATORS
            or relative
            and sp.first > 0
            and left[sp.first - 1].text == ","
        ):
            # "While he said he'd hold a hearing, it's unlikely ...", "Norton, which declined
            # to comment, returned ...": the clause ends at the comma that returns to the
            # main clause.
            comma = self._comma_outside_quotes(after.span[0], after.span[1])
            if comma > after.span[0]:
                cut = trim(text, after.span[0], comma)
                if cut:
                    after = Right(cut, after.listener, after.how)
        elif relative:
            # "Republicans who agree that the prison should close were irritated": the
            # relative clause ends where the main clause's verb resumes.
            after = self._before_main_verb(after, verb)
        return self._content_after(draft, verb, after)

    def _before_main_verb(self, after: Right, verb: CueVerb) -> Right:
        """The content cut where the sentence's own verb resumes after an embedded cue.

        A content with a subject of its own ("that the prison should close") keeps its
        first finite verb; the next one belongs to the main clause.
        """
        start, end = after.span
        own = 0 if verb.frame in (OBJECT, INTENT) or after.how in ("object", "intent") else 1
        if own and self.text.startswith("to ", start):
            own = 0
        seen = 0
        for m in _FINITE_RE.finditer(self.text, start, end):
            if self.lay.inside_quote(m.start()):
                continue
            if seen == own:
                cut = trim(self.text, start, m.start())
                return Right(cut, after.listener, after.how) if cut else after
            seen += 1
        return after

    def _comma_outside_quotes(self, start: int, end: int) -> int:
        """The first comma in ``[start, end)`` that is not quoted, or -1."""
        comma = self.text.find(",", start, end)
        while comma != -1 and self.lay.inside_quote(comma):
            comma = self.text.find(",", comma + 1, end)
        return comma

    def _relative_object(
        self, draft: Draft, which: Token, verb: CueVerb, right: list[Token], r: int, s1: int
    ) -> Draft | None:
        after = right_of_cue(self.text, self.lay, right, r, verb, s1)
        if after is None and verb.frame == OBJECT:
            # "(which Clinton also supports)": the relative pronoun is the whole object.
            draft.content_spans = [(which.start, which.end)]
            draft.rule = "relative"
            return draft
        if after is None or after.how == "parenthetical":
            return None
        start, end = after.span
        comma = self._comma_outside_quotes(start, end)
        span = trim(self.text, start, comma) if comma > start else after.span
        if span is None:
            return None
        draft.content_spans = [(which.start, which.end), span]
        draft.rule = "relative"
        return draft

    def _content_after(self, draft: Draft, verb: CueVerb, after: Right) -> Draft | None:
        text = self.text
        if after.listener is not None and self._is_outlet(after.listener):
            draft.via = after.listener
        # Only whether there are none, one or more words matters: split off two at most.
        words = text[after.span[0] : after.span[1]].split(None, 2)
        if verb.lemma in REACTIONS and _BARE_NOUN_PHRASE_RE.fullmatch(
            text, after.span[0], after.span[1]
        ):
            # "Residents welcomed the vote", "Passengers expressed frustration": a reaction
            # to a thing, with nothing said that a reviewer could check.
            return None
        if verb.strength == WEAK and len(words) < 2:
            return None
        if (
            after.how == "clause-after"
            and len(words) == 1
            and words[0].lower().strip(".,!?") not in ANSWER_WORDS
            and " " not in text[draft.cue_spans[0][0] : draft.cue_spans[0][1]]
        ):
            # "the paper declared illegal", "Democratic voters aren't showing up": a clause
            # has a verb; a lone word is a complement or a particle, not a statement. After
            # a particle it is an object ("agrees with Dean").
            return None
        span = after.span
        lead = _LEADING_PREPOSITION_RE.match(text, span[0])
        cue_start, cue_end = draft.cue_spans[-1]
        if lead is not None and not text[cue_end : span[0]].strip():
            # "joked about moving", "argued for a ban": annotators end the cue with the
            # preposition that takes its object.
            rest = trim(text, lead.end(), span[1])
            if rest is not None:
                draft.cue_spans[-1] = (cue_start, lead.end(1))
                span = rest
        draft.content_spans = [span]
        draft.rule = draft.rule or after.how
        return draft

    def _inverted(self, site: _Site) -> Draft | None:
        """`"...," said Roffman`: the speaker follows the cue, the content precedes it."""
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        if verb.strength == WEAK or verb.frame != CLAUSE and verb.lemma != "ask" or not verb.speech:
            # "told The Huffington Post": a listener, not an inverted speaker; but '"How big
            # is that wall?" asked the boy'.
            return None
        sp = speaker_after(right, r)
        if sp is None:
            return None
        first = right[sp.first]
        if not (
            is_capitalised(first)
            or first.low in INVERTED_STARTS
            or first.low in PERSONAL
            # "said former Gov. Bill Richardson", "said spokesman John Kirby"
            or any(is_capitalised(t) for t in right[sp.first + 1 : sp.last + 1])
        ):
            return None
        after = right[sp.last + 1] if sp.last + 1 < len(right) else None
        if (
            after is not None
            and after.text not in (",", ".", "(", "!", "?")
            and after.low not in AFTER_INVERTED
        ):
            return None  # "said Clinton didn't appear ...": a subject, not an inverted speaker
        text = self.text
        speaker = self._span(right, sp.first, sp.last)
        before = fronted(text, self.lay, s0, cs)
        if before is None:
            return None
        draft = Draft([(cs, cue_end)], [before[0]], before[1], speaker=speaker)
        nxt = sp.last + 1
        if nxt < len(right) and right[nxt].text == ",":
            if nxt + 1 < len(right) and right[nxt + 1].text in OPEN_QUOTES:
                # `"...," said Roffman, "..."`: the quotation resumes.
                q_start = right[nxt + 1].start
                q = self.lay.quote_starting(q_start)
                if q is not None:
                    span = trim(text, q.start, q.end)
                    if span:
                        draft.content_spans.append(span)
            elif (
                before[1] == "clause-before"
                and nxt + 1 < len(right)
                and right[nxt + 1].low in RESUMING_VERBS
            ):
                # "The contrast, said Doyle, would be clear": the sentence resumes.
                rest = trim(text, right[nxt].end, content_end(text, right[nxt].end, s1, ""))
                if rest:
                    draft.content_spans.append(rest)
                    draft.rule = "parenthetical"
            else:
                # ", a Republican strategist": an appositive describing the speaker.
                tail = trim(text, right[nxt].end, s1)
                if tail:
                    draft.described = (speaker[0], tail[1])
        return draft

    def _quote_next(self, draft: Draft, right: list[Token], r: int, s1: int) -> Draft | None:
        """`Cruz continued:` or `The Times reported:` then a quoted paragraph.

        A cue that closes its sentence with a colon introduces the quotation that opens
        the next sentence. Without the colon ("Rubio disagreed.", "he replied.") the next
        quotation is as often someone else's.
        """
        rest = right[r:]
        if not rest or rest[-1].text != ":" or len(rest) > 2:
            return None
        if any(t.text != ":" and t.low not in WEEKDAYS for t in rest):
            return None
        text = self.text
        pos = s1
        while pos < len(text) and text[pos].isspace():
            pos += 1
        q = self.lay.quote_starting(pos) if pos < len(text) else None
        if q is None:
            return None
        span = trim(text, q.start, q.end)
        if span is None:
            return None
        draft.content_spans, draft.rule = [span], "quote-next"
        return draft

    def _opening_cue(self, site: _Site) -> Draft | None:
        """`Said Comey, "..."`: a sentence opening with the cue, then the speaker."""
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        if verb.frame != CLAUSE or verb.strength != STRONG or not verb.speech:
            return None
        sp = speaker_after(right, r)
        if sp is None or sp.last + 2 >= len(right) or right[sp.last + 1].text not in (",", ":"):
            return None
        q = self.lay.quote_starting(right[sp.last + 2].start)
        span = trim(self.text, q.start, q.end) if q is not None else None
        if span is None:
            return None
        return Draft(
            [(cs, cue_end)], [span], "quote-after", speaker=self._span(right, sp.first, sp.last)
        )

    def _participle(self, site: _Site) -> Draft | None:
        """`..., adding that ...`: a further statement by the sentence's speaker.

        The participle follows a comma (`, calling him "a total stiff"`), a closing quote
        with its comma, or "by", "and", "while" (`landed in hot water by saying ...`). A
        participle right after a noun describes it: `a new poll showing ...`.
        """
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        if not left:
            return None
        if verb.strength == WEAK and verb.lemma not in STANCE_PARTICIPLES:
            # ", hoping to score upsets", ", seeking to ...": an intention, after a comma.
            if left[-1].text != "," or r >= len(right) or right[r].low != "to":
                return None
        prev = left[-1]
        if (
            prev.text == ","
            or prev.low in PARTICIPLE_LEADS
            or (prev.text in QUOTE_MARKS and len(left) > 1 and left[-2].text == ",")
        ):
            return self._shared(site, "follow-on-participle")
        sp = speaker_before(left, len(left))
        if (
            sp is None
            or verb.lemma not in DESCRIBING_PARTICIPLES
            and not verb.speech
            and verb.lemma not in STANCE_PARTICIPLES
        ):
            return None
        if (
            prev.low in NOT_BEFORE_PARTICIPLE
            or verb.lemma in ADJECTIVE_PARTICIPLES
            or r < len(right)
            and right[r].low == "by"
        ):
            return None  # "the most telling promise", "nominating contests", "reporting by"
        if left[sp.last].low in SPEECH_PRODUCTS and all(
            t.low in DETERMINERS for t in left[sp.first : sp.last]
        ):
            # "sermons and speeches calling on Iraqis": a speech is no speaker; it reports
            # only with its author ("she issued a statement saying").
            return None
        after = right_of_cue(self.text, self.lay, right, r, verb, s1)
        if after is None or after.how == "parenthetical":
            return None
        draft = Draft(
            [(cs, cue_end)], [], "participle", speaker=self._span(left, sp.first, sp.last)
        )
        # "Anyone questioning her lead can find solace ...": the noun's own sentence resumes.
        return self._content_after(draft, verb, self._before_main_verb(after, verb))

    def _shared(self, site: _Site, rule: str) -> Draft | None:
        """A cue sharing the subject of its sentence: "... denied X and declared Y"."""
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        after = right_of_cue(self.text, self.lay, right, r, verb, s1)
        if after is None or after.how == "parenthetical":
            return None
        owner = self._owner(s0, cs)
        if owner is not None:
            draft = Draft([(cs, cue_end)], [], rule, speaker=owner.speaker, inherits=owner)
            return self._content_after(draft, verb, after)
        if verb.strength < STRONG and rule != "follow-on-participle":
            return None
        start = 0
        while start < len(left) and left[start].start < s0:
            start += 1
        subject = sentence_subject(left[start:])
        if subject is None:
            return None
        speaker = self._span(left, subject.first + start, subject.last + start)
        draft = Draft([(cs, cue_end)], [], rule, speaker=speaker)
        return self._content_after(draft, verb, after)

    def _raising(self, site: _Site) -> Draft | None:
        """`Clinton appeared to gain`, `The House is expected to pass`: no speaker."""
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        if r >= len(right):
            return None
        nxt = right[r]
        # "seems willing", "appeared to gain", but not "appeared on CNN" or "at a rally";
        # a passive takes its complement ("was accused of", "is criticized for").
        if (
            nxt.low != "by"
            and not (verb.frame != RAISING and nxt.low in PASSIVE_COMPLEMENTS)
            and (nxt.low in NOT_RAISING or not nxt.text[0].islower())
        ):
            return None
        text = self.text
        cue_start = cs
        # "is expected": the auxiliary belongs to the cue.
        j = len(left)
        while j > k and left[j - 1].low not in BE_FORMS:
            j -= 1
        if j > k:
            cue_start = left[j - 1].start
        speaker: Span | None = None
        rest: Span | None = None
        if nxt.low == "by":
            # "was seen by some as a demotion": the source, then the rest; "was rejected
            # by the council.": the source, and the subject is what they rejected.
            sp = speaker_after(right, r + 1)
            if sp is None:
                return None
            speaker = self._span(right, sp.first, sp.last)
            if sp.last + 1 < len(right) and is_word(right[sp.last + 1]):
                nxt = right[sp.last + 1]
                rest = trim(text, nxt.start, content_end(text, nxt.start, s1, ""))
        else:
            rest = trim(text, nxt.start, content_end(text, nxt.start, s1, ""))
        spans = [rest] if rest else []
        sp = speaker_before(left, k)
        if sp is None and k > 1 and left[k - 1].text == ",":
            sp = speaker_before(left, k - 1)  # "The levy, backed by farmers, passed"
        if (
            verb.frame == RAISING
            and speaker is None
            and sp is not None
            and (left[sp.last].low in ("he", "she", "they") or is_capitalised(left[sp.first]))
            and left[sp.first].low not in ("the", "this", "that", "it")
        ):
            # "She appeared to imply that ...": whoever appears so is the source.
            speaker = self._span(left, sp.first, sp.last)
        elif sp is not None and left[sp.last].low not in PERSONAL | {
            "there",
            "that",
            "which",
            "who",
        }:
            spans.insert(0, self._span(left, sp.first, sp.last))
        if not spans or rest is None and speaker is None:
            return None
        return Draft([(cue_start, cue_end)], spans, "raising", speaker=speaker)

    def _asked(self, site: _Site) -> Draft | None:
        """`When asked about X, ...`, `Trump was asked whether ...`: the question asked.

        Whoever asked is named only after "by" ("was asked by host John Dickerson").
        """
        cs, ce, cue_end, verb, left, right, r, k, s0, s1 = site
        text = self.text
        cue_start = left[k].start if k < len(left) else cs
        speaker: Span | None = None
        n = len(right)
        if r < n and right[r].low == "by":
            sp = speaker_after(right, r + 1)
            if sp is None:
                return None
            speaker = self._span(right, sp.first, sp.last)
            r = sp.last + 1
            if r < n and right[r].low in ("about", "whether", "if") and r == sp.last + 1:
                pass
        if r < n and right[r].low in ("about", "for") and not speaker:
            cue_end = right[r].end
            r += 1
        while r < n and right[r].text in (",", ":"):
            r += 1
        if r >= n:
            return None
        start = right[r].start
        end = text.find(",", start, s1) if not is_quote_at(text, start) else -1
        if is_quote_at(text, start):
            q = self.lay.quote_starting(start)
            end = q.end if q else s1
        span = trim(text, start, end if end > start else s1)
        if span is None:
            return None
        return Draft([(cue_start, cue_end)], [span], "asked", speaker=speaker)

    def _via_in(self, left: list[Token], skipped: tuple[int, int]) -> Span | None:
        """An outlet named in a parenthetical: "quoted in Sunday's *Washington Post*"."""
        a, b = skipped
        if a > b or left[a].low not in ("quoted", "speaking", "writing", "told", "interviewed"):
            return None
        j = a + 1
        while j <= b and left[j].low in ("in", "by", "to", "on", "with", "the", "a", "an"):
            j += 1
        # "Sunday's": the day the outlet carried it is not its name.
        if j + 1 <= b and left[j].low.endswith("day") and left[j + 1].low in ("\u2019s", "'s"):
            j += 2
        if j > b:
            return None
        return left[j].start, left[b].end


def _word_before(text: str, pos: int, reach: int) -> str:
    """The letters ending just before the spaces before ``pos``, within ``reach``; or "".

    Asked for every cue. A pattern anchored at the end would be tried at every position
    of the stretch; the reversed stretch is matched once, from its start.
    """
    stretch = text[max(0, pos - reach) : pos]
    words = stretch.rstrip()
    if len(words) == len(stretch):
        return ""  # no space before ``pos``
    letters = _LETTERS_RE.match(words[::-1])
    return letters.group()[::-1] if letters else ""


def _is_label(label: str, headline: bool) -> bool:
    """True when ``label`` before a colon names who speaks: "Matthews", "Sen. Jo Ray (D)".

    A headline's label is any run of capitalised words; elsewhere the label must read as
    a named person or organisation (or Q and A, or a name in capitals), so that "Note:",
    "The result:" and "Here's why:" stay prose.
    """
    words = label.replace("\u2019", "'").split()
    if not words or len(words) > 8 or words[0].lower() in NOT_LABELS:
        return False
    if " - " in label or " -- " in label:
        return False  # "Pollsters agree - Carl Bialik": the name is the last part
    if label in QUESTION_ANSWER:
        return False
    if any(c in label for c in "!?;,\u2014") or label.endswith(("'s", "\u2019s")):
        return False
    if headline:
        return len(words) <= 5 and all(w[0].isupper() or w[0] == "&" for w in words)
    if label.isupper():
        return len(label) > 2
    mention = parse_mention(label)
    return mention.name is not None and mention.kind in (PERSON, ORGANISATION)


def _is_said(content: str, headline: bool) -> bool:
    """True when the words after a label read as something said.

    "Clinton: 1,769" is a tally, "Iowa: Tim Albrecht, Brad Anderson, ..." a list of names,
    and "Rubio: Finish second." a section heading.
    """
    words = _WORD_RE.findall(content)
    if len(words) < (2 if headline else 4):
        return False
    parts = [p.strip() for p in content.split(",")]
    return len(parts) < 3 or not all(p[:1].isupper() and len(p.split()) <= 4 for p in parts)


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
