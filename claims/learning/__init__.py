"""Learned attribution extraction: models trained here, from gold files and reviews.

:mod:`claims.learning.gold` reads and checks training data, :mod:`claims.learning.model`
trains a model and extracts with it (its tokens' features in
:mod:`claims.learning.features`, its labels read back into attributions in
:mod:`claims.learning.decoding`), :mod:`claims.learning.evaluation` scores extraction
with the evaluation's metric, :mod:`claims.learning.store` keeps models on disk and picks
the extractor, and :mod:`claims.learning.trainer` puts these together for ``claims model``.
"""
