"""How well an extractor reads annotated documents: the evaluation's metric (``score.py``).

Content spans are matched one to one by overlap (more than 0.3, more than 0.8, or equal
after trimming spaces and punctuation) and scored by precision, recall and F1; speaker and
cue spans by exact match; and among the pairs matched at 0.3, how often the speaker span
overlaps, the cue reads the same and the resolved speaker is the annotated one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from claims.extraction.model import Attribution, Span
from claims.learning.gold import GoldAttribution, GoldDocument

_TRIM = " \t\n\r.,;:!?\"'\u201c\u201d\u2018\u2019()[]\u2014\u2013-"
_TITLES = frozenset(
    "mr mrs ms dr prof sir gen general president sen senator rep gov governor lt col maj "
    "major capt sheik sheikh rev the minister premier mayor chief judge justice".split()
)

#: The figures :func:`score` returns, in the order ``score.py`` prints them.
SPAN_FIGURES = ("content@0.3", "content@0.8", "content_exact", "speaker_exact", "cue_exact")
ACCURACY_FIGURES = ("speaker_acc", "cue_acc", "resolved_acc")


def _spans(raw: Any) -> list[Span]:
    if not raw:
        return []
    if isinstance(raw[0], int):
        raw = [raw]
    return [(int(s), int(e)) for s, e in raw if e > s]


def _charset(spans: Iterable[Span]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def _trimmed(text: str, spans: Iterable[Span]) -> tuple[Span, ...]:
    out = []
    for s, e in spans:
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e > s:
            out.append((s, e))
    return tuple(out)


def normalised_name(name: str | None) -> str:
    """A speaker's name lowercased, without punctuation or titles ("Gen. Kimmitt" -> "kimmitt")."""
    words = re.sub(r"[^\w\s]", " ", (name or "").lower()).split()
    return " ".join(w for w in words if w not in _TITLES)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(100 * p, 1),
        "r": round(100 * r, 1),
        "f1": round(100 * f, 1),
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def _match(gold: Sequence[set[int]], pred: Sequence[set[int]], threshold: float):
    """Greedy one-to-one matching by overlap, largest first; (gold index, predicted index)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not g or not p:
                continue
            inter = len(g & p)
            if inter / len(g) > threshold and inter / len(p) > threshold:
                candidates.append((inter, gi, pi))
    candidates.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def prediction_record(attribution: Attribution) -> dict[str, Any]:
    """An extracted attribution in the prediction format the metric reads."""
    return attribution.to_json()


def score(
    gold: Iterable[GoldDocument], predictions: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Score predictions against gold documents, as ``score.py`` does.

    Args:
        gold: the annotated documents (attributions not marked positive are left out).
        predictions: per ``doc_id``, the predicted attributions in the prediction format
            (``speaker_span``, ``cue_span``, ``content_span``, ``cue``, ``speaker_resolved``).

    Returns:
        The figures keyed as ``score.py --json`` prints them.
    """
    keys = (
        "gold pred tp3 tp8 tpx sp_g sp_p sp_tp cu_g cu_p cu_tp "
        "spk_n spk_ok cue_n cue_ok res_n res_ok"
    ).split()
    tot = dict.fromkeys(keys, 0)
    missing = 0
    for doc in gold:
        text = doc.text
        attributions: list[GoldAttribution] = [a for a in doc.attributions if a.positive]
        if doc.doc_id not in predictions:
            missing += 1
        pred = predictions.get(doc.doc_id, [])
        g_sets = [_charset(_trimmed(text, a.content_spans)) for a in attributions]
        p_sets = [_charset(_trimmed(text, _spans(p.get("content_span")))) for p in pred]
        tot["gold"] += sum(1 for s in g_sets if s)
        tot["pred"] += sum(1 for s in p_sets if s)
        pairs = _match(g_sets, p_sets, 0.3)
        tot["tp3"] += len(pairs)
        tot["tp8"] += len(_match(g_sets, p_sets, 0.8))
        g_exact = {_trimmed(text, a.content_spans) for a in attributions} - {()}
        p_exact = {_trimmed(text, _spans(p.get("content_span"))) for p in pred} - {()}
        tot["tpx"] += len(g_exact & p_exact)
        roles: tuple[tuple[str, str, Callable[[GoldAttribution], tuple[Span, ...]]], ...] = (
            ("sp", "speaker_span", lambda a: a.speaker_spans),
            ("cu", "cue_span", lambda a: a.cue_spans),
        )
        for key, name, of in roles:
            g = {_trimmed(text, of(a)) for a in attributions} - {()}
            p = {_trimmed(text, _spans(x.get(name))) for x in pred} - {()}
            tot[key + "_g"] += len(g)
            tot[key + "_p"] += len(p)
            tot[key + "_tp"] += len(g & p)
        for gi, pi in pairs:
            ga, pa = attributions[gi], pred[pi]
            gs = _charset(ga.speaker_spans)
            if gs:
                tot["spk_n"] += 1
                tot["spk_ok"] += bool(gs & _charset(_spans(pa.get("speaker_span"))))
            if ga.cue:
                tot["cue_n"] += 1
                cue = " ".join(text[s:e] for s, e in _spans(pa.get("cue_span")))
                cue = cue or pa.get("cue") or ""
                tot["cue_ok"] += cue.strip().lower() == ga.cue.strip().lower()
            if ga.speaker_canonical:
                tot["res_n"] += 1
                resolved = pa.get("speaker_resolved")
                tot["res_ok"] += bool(resolved) and normalised_name(resolved) == normalised_name(
                    ga.speaker_canonical
                )

    def pct(a: int, b: int) -> float | None:
        return round(100 * a / b, 1) if b else None

    return {
        "docs_without_prediction": missing,
        "content@0.3": _prf(tot["tp3"], tot["pred"], tot["gold"]),
        "content@0.8": _prf(tot["tp8"], tot["pred"], tot["gold"]),
        "content_exact": _prf(tot["tpx"], tot["pred"], tot["gold"]),
        "speaker_exact": _prf(tot["sp_tp"], tot["sp_p"], tot["sp_g"]),
        "cue_exact": _prf(tot["cu_tp"], tot["cu_p"], tot["cu_g"]),
        "speaker_acc": pct(tot["spk_ok"], tot["spk_n"]),
        "cue_acc": pct(tot["cue_ok"], tot["cue_n"]),
        "resolved_acc": pct(tot["res_ok"], tot["res_n"]),
    }


def evaluate(
    extract: Callable[[str], Sequence[Attribution]],
    gold: Sequence[GoldDocument],
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Extract every gold document's text with ``extract`` and score the result."""
    predictions: dict[str, list[dict[str, Any]]] = {}
    for doc in gold:
        predictions[doc.doc_id] = [prediction_record(a) for a in extract(doc.text)]
        if progress is not None:
            progress(1)
    return score(gold, predictions)
