"""Every cue of a document, found in one pass and handed to the rule family that reads it.

One compiled pattern finds every cue in the text: a reporting verb (`Clinton said ...`),
a multi-word cue, "according to" or a noun of statement (`Trump's claim that ...`).
Cues inside quotations are ignored, since a speaker's own "I think" is part of what they
said. Labels and headlines, which have no cue word, are read after the cues.
"""

from __future__ import annotations

import re

from claims.extraction.drafts import Draft
from claims.extraction.lexicon import CUE_FORMS, NOUN_CLAUSE_CUES, NOUN_OBJECT_CUES, trie_pattern
from claims.extraction.rules.according import according_to
from claims.extraction.rules.context import CueDocument, word_before
from claims.extraction.rules.labels import labels, quoting_headline
from claims.extraction.rules.nouns import noun_clause, noun_object
from claims.extraction.rules.verbs import verb_attribution


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

_CAPITAL_AFTER_RE = re.compile(r"[ \t]+[A-Z]")


class CueRules(CueDocument):
    """The cue rules, applied to one document."""

    def run(self) -> list[Draft]:
        """Apply the rules to every cue outside quotations and to labels; returns drafts."""
        text = self.text
        lay = self.lay
        named: list[Draft] = []
        for m in CUE_RE.finditer(text):
            cue_start = m.start()
            if lay.inside_quote(cue_start) or cue_start and text[cue_start - 1] == "-":
                continue  # quoted words, or a compound ("Sanders-endorsed", "so-called")
            word = m.group()
            if word[0].isupper() and self._given_name(cue_start, m.end()):
                continue  # "spokesman Hope Hicks", "professor Will Doyle"
            low = word.lower()
            if low == "according to":
                draft = according_to(self, cue_start, m.end())
            elif low in CUE_FORMS:
                draft = verb_attribution(self, cue_start, m.end(), CUE_FORMS[low])
            else:
                draft = None
            if draft is not None:
                self.drafts.append(draft)
            # A noun naming a statement is read after the verbs, so that it never becomes
            # the subject a later cue of its sentence shares.
            if low in NOUN_CLAUSE_CUES:
                draft = noun_clause(self, cue_start, m.end())
                if draft is not None:
                    named.append(draft)
            if low in NOUN_OBJECT_CUES:
                draft = noun_object(self, cue_start, m.end())
                if draft is not None:
                    named.append(draft)
        labels(self)
        quoting_headline(self)
        self.drafts.extend(named)
        return self.drafts

    def _given_name(self, cue_start: int, cue_end: int) -> bool:
        """True for a capitalised cue between a lower-case word and a capitalised one."""
        before = word_before(self.text, cue_start, 30)
        return before.islower() and _CAPITAL_AFTER_RE.match(self.text, cue_end) is not None
