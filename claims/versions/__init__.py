"""Source versions: an edited article is stored as its source's next version, and every
claim on the old text is carried over to the new one.

Placing a claim on the new text (``claims.versions.anchoring``, the ``Reanchorer``) first
carries it through the parts of the text the edit left alone, then tries its quote with
context (``quote_search``), then its position, then a fuzzy match (``fuzzy_search``), on
texts folded for whitespace (``folding``); ``selectors`` holds the anchors and placements
they trade in. Around that:

- ``claims.versions.store``: recognising an edit of a stored source (``previous_version``,
  ``stored_text``), storing it (``add_version``) and reading versions back;
- ``claims.versions.carrying``: placing each claim on the new version, moving it or
  leaving it behind, audited as a ``reanchor`` or an ``orphan``;
- ``claims.versions.orphans``: the claims left behind, with the closest text there is;
- ``claims.versions.diff``: what changed between two versions, and what became of each
  claim.
"""
