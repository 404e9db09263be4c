"""Rule-based extraction of attributed statements from news text.

>>> from claims.extraction import extract
>>> [a.speaker_resolved for a in extract('"We will win," Clinton said.')]
['Clinton']
"""

from claims.extraction.model import Attribution, SpeakerMention
from claims.extraction.pipeline import extract

__all__ = ["Attribution", "SpeakerMention", "extract"]
