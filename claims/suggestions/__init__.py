"""Suggested contrasts: pairs of claims that likely contradict or support each other.

- ``features``: what is known of each claim and of the archive, read in one query;
- ``candidates``: which pairs are scored at all (blocking, so not every pair is);
- ``scoring``: the evidence a pair has, its score and its reasons; ``suggest`` and
  ``score_pair``;
- ``weights``: the thresholds and evidence weights that tune it;
- ``decisions``: accepting a suggestion (an audited link) or rejecting it for good.

``claims.suggestions.scoring`` also offers ``accept_suggestion``, ``reject_suggestion`` and
``rejections``, so callers import suggestions from one place.
"""
