"""W-2 pages printed 'two up' (Copy B above Copy 2): where each copy lies, and how the
readings of the copies combine."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from statistics import median

from extractors.form_anchors import label_candidates
from extractors.forms import make_field
from extractors.page_model import Page
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

# labels printed once per copy, read well enough to place it; a copy's box a label alone
# was lost to OCR on some scans ("Emplyee's social secunty number" found, its twin not)
_COPY_KEYS = ("a", "b", "1", "2", "d", "title")
# "Employer's state ID number" (box 15) matches box a's label at 0.64-0.75 and cut every
# generated scan into one copy too many at 0.6; real labels, OCR-damaged, scored >= 0.85
_COPY_LABEL_SCORE = 0.8


def _repeats(page: Page, label: str) -> list[float]:
    """Tops of a label's strong matches, one per copy (a quarter page apart at least)."""
    tops: list[float] = []
    for c in sorted(label_candidates(page, label, min_score=_COPY_LABEL_SCORE),
                    key=lambda c: c.words[0].top):
        top = c.words[0].top
        if not tops or top - tops[-1] > 0.25 * page.height:
            tops.append(top)
    return tops


def split_copies(page: Page, labels: Mapping[str, str]) -> list[Page]:
    """One page per copy. The copies are one layout repeated a fixed distance apart: the
    number of copies is the count most labels agree on (two at least), the distance the
    median step between a label's repeats, and the first copy starts at its first label."""
    tops = [t for t in (_repeats(page, labels[k]) for k in _COPY_KEYS if k in labels) if t]
    counts = Counter(len(t) for t in tops)
    agreed = [n for n, k in counts.items() if k >= 2 and n >= 2]
    if not agreed:
        return [page]
    n = max(agreed)
    steps = [b - a for t in tops if len(t) == n for a, b in zip(t, t[1:])]
    step, first = median(steps), min(t[0] for t in tops)
    margin = 0.02 * page.height
    bounds = [0.0, *(first + i * step - margin for i in range(1, n)), page.height + 1]
    return [Page(page.number, page.width, page.height,
                 tuple(w for w in page.words if lo <= w.top < hi), ocr=page.ocr, dpi=page.dpi)
            for lo, hi in zip(bounds, bounds[1:])]


def _letters(value: object) -> str:
    return re.sub(r"[\W_]", "", str(value)).lower()


# A name misread in one copy was read otherwise in the other: on 300 generated scans, 17 of
# 17 misread names (one copy) against 0 of 281 pairs agreeing on a wrong name; an SSN's 7
# read as 1 repeats in both copies ('169-57-2734' twice for 769-57-2734), so identifiers
# only gain a little from agreeing copies
NAME_FIELDS = frozenset({"employer_name", "employee_name"})
_AGREED_NAME_CAP = 0.99


def _read_apart(readings: list[FieldValue]) -> float:
    """Confidence in a name that copies read alike, letter for letter: each reading's doubt
    counts as independent of the others'."""
    doubt = 1.0
    for r in readings:
        doubt *= 1 - r.confidence
    return min(_AGREED_NAME_CAP, 1 - doubt)


def merge_copies(copies: list[Fields]) -> Fields:
    """Copies of one W-2 print the same values: agreement raises confidence; a credible
    disagreement (a reading at least half as confident as the best) keeps the more
    confident reading and sends it to review. A reading OCR itself barely believed, or one
    differing only in case or punctuation ('kristin'), is no evidence either way."""
    merged: Fields = {}
    for name in {n for c in copies for n in c}:
        readings = [c[name] for c in copies if name in c]
        best = max(readings, key=lambda f: f.confidence)
        others = [r for r in readings if r is not best]
        if others:
            if all(r.value == best.value for r in others):
                conf = max(best.confidence, min(0.99, best.confidence + 0.08))
                if name in NAME_FIELDS:
                    conf = max(conf, _read_apart(readings))
            elif any(r.value != best.value and _letters(r.value) != _letters(best.value)
                     and r.confidence >= 0.5 * best.confidence for r in others):
                conf = best.confidence * 0.6
            else:
                conf = best.confidence
            best = make_field(name, best.value, conf, bbox=best.bbox).model_copy(
                update={"page": best.page})
        merged[name] = best
    return merged
