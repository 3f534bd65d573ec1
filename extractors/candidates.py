"""Candidates for a field value and how the best one is chosen and scored.

Every extractor proposes `Candidate`s (value, ranking score, evidence); `choose` keeps the
best, measures its margin over the best candidate with a *different* value, and turns the
evidence into a calibrated `FieldValue` through extractors.confidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from extractors.confidence import Signals, combine, needs_review
from schemas.document import FieldValue


@dataclass(frozen=True, slots=True)
class Candidate:
    value: str | list[str]
    score: float  # ranking score, comparable among candidates of one field
    label: float = 0.0  # label strength signal 0..1
    shape: float = 1.0  # value-shape signal 0..1
    ocr: float = 1.0
    page: int | None = None  # 1-based
    bbox: tuple[float, float, float, float] | None = None
    consistency: float | None = None
    typed: object = field(default=None, compare=False)  # Decimal / date when relevant

    def with_consistency(self, value: float | None) -> "Candidate":
        return replace(self, consistency=value)


def best_of(cands: list[Candidate]) -> tuple[Candidate | None, float]:
    """The best candidate and its margin (0..1) over the best one with another value.

    Candidates with the same value pool their support (the best keeps its evidence)."""
    if not cands:
        return None, 0.0
    by_value: dict[str, list[Candidate]] = {}
    for c in cands:
        by_value.setdefault(str(c.value), []).append(c)
    ranked = sorted(by_value.values(), key=lambda cs: max(c.score for c in cs), reverse=True)
    top = max(ranked[0], key=lambda c: c.score)
    if len(ranked) == 1:
        return top, 1.0
    second = max(c.score for c in ranked[1])
    if top.score <= 0:
        return top, 0.0
    return top, max(0.0, min(1.0, (top.score - second) / top.score))


def to_field(name: str, cand: Candidate, margin: float, *, cap: float = 1.0) -> FieldValue:
    conf = combine(Signals(label=cand.label, margin=margin, shape=cand.shape, ocr=cand.ocr,
                           consistency=cand.consistency))
    conf = min(conf, cap)
    return FieldValue(value=cand.value, confidence=conf, needs_review=needs_review(name, conf),
                      page=cand.page, bbox=cand.bbox)
