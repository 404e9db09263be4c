"""Rule-based extraction of attributed statements from news text.

``extract(text)`` returns the attributions of one text; ``extract_jsonl(lines)`` runs it
over a corpus in JSON Lines, in the prediction format of the evaluation.

>>> from claims.extraction import extract
>>> [a.speaker_resolved for a in extract('"We will win," Clinton said.')]
['Clinton']
"""

from claims.extraction.batch import extract_jsonl
from claims.extraction.model import Attribution, SpeakerMention
from claims.extraction.pipeline import extract

__all__ = ["Attribution", "SpeakerMention", "extract", "extract_jsonl"]
