"""The numbers that tune suggested contrasts: how much text is read, which pairs are scored,
what each piece of evidence weighs, and how much evidence a suggestion needs.

Topic weights (``W_SAME_EVENT`` to ``W_WORDING``) say how strongly a piece of evidence shows
that two claims are about the same thing; contrast weights (``W_CONTRAST_MARKER`` to
``W_OTHER_SIDE``) and agreement weights (``W_SAME_SIDE``, ``W_AGREEING``) say which way they
bear on each other. A pair's score is its topic plus the stronger of its contrast and its
agreement; ``bench/suggest.py`` measures what changing them does.
"""

from __future__ import annotations

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
#: Characters of source text read after a claim to find the rest of its attribution frame.
FRAME_AFTER = 80

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
