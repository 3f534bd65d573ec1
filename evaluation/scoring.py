"""Score extraction output against ground truth: `evaluate(pairs) -> EvalReport`.

A pair is (expected, extracted): the `.expected.json` dict and the contract dict that
`ledgerline extract --json` prints for the same document. Only fields the truth lists are
scored. A field the truth has and the extraction lacks is wrong and not accepted; a wrong
value with `needs_review: false` is a *silent error*.

Documents are grouped by their expected doc type and by reading mode: `text` (text layer),
`ocr` (the extracted `ocr` flag), `failed` (the extraction returned an error).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from evaluation.matching import TableScore, score_table, values_match
from evaluation.rules import RuleScores, score_rules

ECE_BINS = 10


@dataclass(frozen=True)
class FieldResult:
    field: str
    expected: Any
    extracted: Any
    correct: bool
    present: bool
    accepted: bool  # present with needs_review false
    confidence: float | None

    @property
    def silent_error(self) -> bool:
        return self.accepted and not self.correct


@dataclass
class DocResult:
    source: str
    expected_type: str
    extracted_type: str | None
    mode: str  # text | ocr | failed
    pages: int
    error: str | None
    fields: list[FieldResult] = field(default_factory=list)
    tables: list[TableScore] = field(default_factory=list)

    @property
    def type_correct(self) -> bool:
        return self.extracted_type == self.expected_type

    @property
    def straight_through(self) -> bool:
        """Every scored field came out accepted: nobody would have looked at this document."""
        return self.error is None and bool(self.fields) and all(f.accepted for f in self.fields)

    @property
    def all_correct(self) -> bool:
        return self.error is None and all(f.correct for f in self.fields)


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class FieldStats:
    count: int
    correct: int
    present: int
    accepted: int
    silent_errors: int

    @classmethod
    def of(cls, results: Iterable[FieldResult]) -> FieldStats:
        rs = list(results)
        return cls(len(rs), sum(r.correct for r in rs), sum(r.present for r in rs),
                   sum(r.accepted for r in rs), sum(r.silent_error for r in rs))

    @property
    def accuracy(self) -> float | None:
        return _share(self.correct, self.count)

    @property
    def accepted_share(self) -> float | None:
        return _share(self.accepted, self.count)

    @property
    def silent_error_rate(self) -> float | None:
        return _share(self.silent_errors, self.accepted)

    def as_json(self) -> dict[str, Any]:
        return {
            "count": self.count, "correct": self.correct, "accuracy": self.accuracy,
            "present": self.present, "accepted": self.accepted, "accepted_share": self.accepted_share,
            "silent_errors": self.silent_errors, "silent_error_rate": self.silent_error_rate,
        }


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    count: int
    mean_confidence: float | None
    accuracy: float | None


@dataclass(frozen=True)
class Calibration:
    ece: float | None
    count: int
    bins: tuple[CalibrationBin, ...]

    def as_json(self) -> dict[str, Any]:
        return {"ece": self.ece, "count": self.count, "bins": [b.__dict__ for b in self.bins]}


def calibration(points: Iterable[tuple[float, bool]], n_bins: int = ECE_BINS) -> Calibration:
    """Expected calibration error: sum over equal-width bins of (share of points in the bin)
    x |accuracy in the bin - mean confidence in the bin|. Confidence 1.0 falls in the top bin."""
    pts = list(points)
    buckets: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for conf, ok in pts:
        buckets[min(int(conf * n_bins), n_bins - 1)].append((conf, ok))
    bins, ece = [], 0.0
    for i, bucket in enumerate(buckets):
        mean_c = sum(c for c, _ in bucket) / len(bucket) if bucket else None
        acc = sum(ok for _, ok in bucket) / len(bucket) if bucket else None
        if bucket:
            ece += len(bucket) / len(pts) * abs(acc - mean_c)  # type: ignore[operator]
        bins.append(CalibrationBin(i / n_bins, (i + 1) / n_bins, len(bucket), mean_c, acc))
    return Calibration(ece if pts else None, len(pts), tuple(bins))


@dataclass(frozen=True)
class Summary:
    """The headline figures over a set of documents."""

    documents: int
    pages: int
    failed: int
    doc_type_correct: int
    fields: FieldStats
    straight_through: int
    straight_through_correct: int  # straight through and every scored field right
    docs_with_fields: int
    cells: FieldStats
    calibration: Calibration

    @property
    def doc_type_accuracy(self) -> float | None:
        return _share(self.doc_type_correct, self.documents)

    @property
    def straight_through_rate(self) -> float | None:
        return _share(self.straight_through, self.docs_with_fields)

    def as_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "pages": self.pages, "failed": self.failed,
            "doc_type_correct": self.doc_type_correct, "doc_type_accuracy": self.doc_type_accuracy,
            "fields": self.fields.as_json(),
            "field_accuracy": self.fields.accuracy,
            "silent_error_rate": self.fields.silent_error_rate,
            "straight_through": self.straight_through,
            "straight_through_correct": self.straight_through_correct,
            "docs_with_fields": self.docs_with_fields,
            "straight_through_rate": self.straight_through_rate,
            "table_cells": self.cells.as_json(),
            "table_cell_accuracy": self.cells.accuracy,
            "calibration": self.calibration.as_json(),
        }


def summarise(docs: list[DocResult]) -> Summary:
    fields = [f for d in docs for f in d.fields]
    cells = [c for d in docs for t in d.tables for c in t.cells]
    scored = [d for d in docs if d.fields]
    return Summary(
        documents=len(docs), pages=sum(d.pages for d in docs),
        failed=sum(d.error is not None for d in docs),
        doc_type_correct=sum(d.type_correct for d in docs),
        fields=FieldStats.of(fields),
        straight_through=sum(d.straight_through for d in scored),
        straight_through_correct=sum(d.straight_through and d.all_correct for d in scored),
        docs_with_fields=len(scored),
        cells=FieldStats.of(cells),  # type: ignore[arg-type]  # CellResult has the same shape
        calibration=calibration((f.confidence, f.correct) for f in fields if f.confidence is not None),
    )


@dataclass
class EvalReport:
    documents: list[DocResult]
    overall: Summary
    by_mode: dict[str, Summary]
    by_doc_type: dict[str, Summary]
    per_field: dict[str, dict[str, FieldStats]]  # doc type -> field -> stats
    per_column: dict[str, dict[str, FieldStats]]  # table -> column -> stats
    tables: dict[str, dict[str, int | float | None]]
    rules: RuleScores | None
    elapsed_seconds: float | None = None

    @property
    def docs_per_second(self) -> float | None:
        if not self.elapsed_seconds:
            return None
        return len(self.documents) / self.elapsed_seconds

    def as_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_json() | {
                "elapsed_seconds": self.elapsed_seconds, "docs_per_second": self.docs_per_second,
            },
            "by_mode": {k: v.as_json() for k, v in self.by_mode.items()},
            "by_doc_type": {k: v.as_json() for k, v in self.by_doc_type.items()},
            "per_field": {t: {f: s.as_json() for f, s in fs.items()} for t, fs in self.per_field.items()},
            "tables": self.tables,
            "per_column": {t: {c: s.as_json() for c, s in cs.items()} for t, cs in self.per_column.items()},
            "rules": self.rules.as_json() if self.rules is not None else None,
            "documents": [_doc_json(d) for d in self.documents],
        }


def _doc_json(d: DocResult) -> dict[str, Any]:
    return {
        "source": d.source, "expected_type": d.expected_type, "extracted_type": d.extracted_type,
        "mode": d.mode, "pages": d.pages, "error": d.error,
        "straight_through": d.straight_through, "all_correct": d.all_correct,
        "fields": {f.field: {"expected": f.expected, "extracted": f.extracted, "correct": f.correct,
                             "accepted": f.accepted, "confidence": f.confidence} for f in d.fields},
        "tables": {t.table: {"expected_rows": t.expected_rows, "extracted_rows": t.extracted_rows,
                             "matched_rows": t.matched_rows, "cells": len(t.cells),
                             "cells_correct": t.cells_correct} for t in d.tables},
    }


def mode_of(extracted: Mapping[str, Any]) -> str:
    if extracted.get("error") is not None:
        return "failed"
    return "ocr" if extracted.get("ocr") else "text"


def score_document(expected: Mapping[str, Any], extracted: Mapping[str, Any]) -> DocResult:
    """One document's fields and tables against its truth."""
    error = extracted.get("error")
    got_fields = extracted.get("fields") or {}
    doc = DocResult(
        source=str(extracted.get("source") or expected.get("source") or "?"),
        expected_type=str(expected.get("doc_type") or "unknown"),
        extracted_type=None if error is not None else extracted.get("doc_type"),
        mode=mode_of(extracted), pages=int(extracted.get("pages") or 0),
        error=f"{error.get('code')}: {error.get('message')}" if isinstance(error, Mapping) else
              (str(error) if error is not None else None),
    )
    for name, want in (expected.get("fields") or {}).items():
        got = got_fields.get(name)
        value = got.get("value") if isinstance(got, Mapping) else None
        doc.fields.append(FieldResult(
            field=name, expected=want, extracted=value, correct=values_match(name, want, value),
            present=got is not None, accepted=isinstance(got, Mapping) and got.get("needs_review") is False,
            confidence=got.get("confidence") if isinstance(got, Mapping) else None,
        ))
    got_tables = extracted.get("tables") or {}
    for name, rows in (expected.get("tables") or {}).items():
        if rows:
            doc.tables.append(score_table(name, rows, got_tables.get(name) or []))
    return doc


def evaluate(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]], *,
             elapsed_seconds: float | None = None, rules: bool = True, today=None) -> EvalReport:  # type: ignore[no-untyped-def]
    """Score every (expected, extracted) pair; `rules` also scores labelled defects
    (`defects` in the truth) with the validators when they are importable."""
    pairs = list(pairs)
    docs = [score_document(e, x) for e, x in pairs]
    by_mode = {m: summarise([d for d in docs if d.mode == m]) for m in ("text", "ocr", "failed")
               if any(d.mode == m for d in docs)}
    types = sorted({d.expected_type for d in docs})
    by_type = {t: summarise([d for d in docs if d.expected_type == t]) for t in types}
    per_field: dict[str, dict[str, FieldStats]] = {}
    for t in types:
        names = sorted({f.field for d in docs if d.expected_type == t for f in d.fields})
        per_field[t] = {n: FieldStats.of(f for d in docs if d.expected_type == t
                                         for f in d.fields if f.field == n) for n in names}
    tables: dict[str, dict[str, int | float | None]] = {}
    per_column: dict[str, dict[str, FieldStats]] = {}
    for name in sorted({t.table for d in docs for t in d.tables}):
        scores = [t for d in docs for t in d.tables if t.table == name]
        cells = [c for t in scores for c in t.cells]
        exp_rows, got_rows, matched = (sum(t.expected_rows for t in scores),
                                       sum(t.extracted_rows for t in scores),
                                       sum(t.matched_rows for t in scores))
        tables[name] = {
            "documents": len(scores), "expected_rows": exp_rows, "extracted_rows": got_rows,
            "matched_rows": matched, "row_recall": _share(matched, exp_rows),
            "row_precision": _share(matched, got_rows), "cells": len(cells),
            "cells_correct": sum(c.correct for c in cells),
            "cell_accuracy": _share(sum(c.correct for c in cells), len(cells)),
        }
        columns = sorted({c.column for c in cells})
        per_column[name] = {col: FieldStats.of([c for c in cells if c.column == col]) for col in columns}  # type: ignore[misc]
    rule_scores = score_rules(pairs, today=today) if rules else None
    return EvalReport(docs, summarise(docs), by_mode, by_type, per_field, per_column, tables,
                      rule_scores, elapsed_seconds)
