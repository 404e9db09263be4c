"""The cue rules: from each cue to a draft attribution, looking only at its sentence.

:class:`CueRules` finds every cue of a document in one pass (:mod:`.cues`) and hands it
to the family that reads it. Each rule names itself in the draft, so that every
attribution can say how it was found:

* :mod:`.verbs`: whether a reporting verb reports, and which of these reads it:

  * :mod:`.speaker_first`: the speaker before the verb, the content before it
    (``quote-before``, ``clause-before``, ``parenthetical``: `The economy is strong,
    Obama said.`) or after it (``that-clause``, ``clause-after``, ``colon-quote``,
    ``quote-after``, ``comma-clause``, ``object``, ``intent``: `Kimmitt claimed that
    ...`), and ``as-noted``, ``relative``, ``quote-next``;
  * :mod:`.inverted`: the speaker after the verb (`"...," said Roffman.`, `Said Comey,
    "..."`);
  * :mod:`.shared_subject`: ``coordinated``, ``follow-on-participle`` and
    ``participle`` (`..., adding that ...`, `a poll showing ...`);
  * :mod:`.impressions`: ``raising`` and ``asked`` (`The House is expected to pass
    ...`, `When asked about X, ...`);

* :mod:`.according`: ``according-to`` (`The talks stalled, according to two officials.`);
* :mod:`.nouns`: ``noun-clause`` and ``noun-object`` (`Trump's assertion that ...`,
  `their criticism of Cruz`);
* :mod:`.labels`: ``headline``, ``transcript`` and ``colon-label`` (`Ruiz: "..."`).

:mod:`.context` holds what they share: the document, its drafts so far and the tokens of
a cue's sentence; :mod:`.verb_content` where the content after a verb ends.
"""

from claims.extraction.rules.cues import CANDIDATE_RE, CUE_RE, CueRules

__all__ = ["CANDIDATE_RE", "CUE_RE", "CueRules"]
