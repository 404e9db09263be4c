"""Learned attribution extraction: models trained here, from gold files and reviews.

:mod:`claims.learning.gold` reads and checks training data, :mod:`claims.learning.model`
trains a model and extracts with it.
"""
