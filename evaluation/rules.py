"""Score the validators on labelled defects: does each deliberate fault raise its reason code,
and do clean documents stay clean?

Generated truth files carry `"defects": [{"code": ..., "fields": [...]}]` (an empty list for
a clean document); real fixtures carry no `defects` key and are not scored here. The rules run
twice: on the extraction (what the pipeline would see) and on the truth itself as a perfect
extraction (the rules' own quality, without extraction errors). Each run keeps an in-memory
history of the documents before it, in order, so duplicate checks see earlier documents
(but not a document's own twin rendering, `X.pdf` / `X-scan.png`). Rules about dates judge a
generated document as of the reference date in its truth notes.

Validators are optional: without `validators.engine` this scoring is skipped.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
import re
from datetime import date
from pathlib import PurePath
from typing import Any


@dataclass(frozen=True)
class CodeScore:
    code: str
    with_defect: int  # documents labelled with this code
    detected: int  # ... of which the rules raised this code
    without_defect: int  # labelled documents without this code
    false_flags: int  # ... of which the rules raised it anyway

    @property
    def recall(self) -> float | None:
        return self.detected / self.with_defect if self.with_defect else None

    @property
    def false_error_rate(self) -> float | None:
        return self.false_flags / self.without_defect if self.without_defect else None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "with_defect": self.with_defect, "detected": self.detected,
                "recall": self.recall, "without_defect": self.without_defect,
                "false_flags": self.false_flags, "false_error_rate": self.false_error_rate}


@dataclass(frozen=True)
class RuleRun:
    """One pass of the rules over the labelled documents."""

    documents: int
    clean: int  # documents labelled with no defect
    clean_flagged: int  # ... that got at least one error-severity issue
    codes: tuple[CodeScore, ...]
    crashed: int = 0
    clean_flagged_by_rules: int = 0  # ... an error other than LOW_CONFIDENCE (a rule, not the extractor's doubt)
    touchless: int = 0  # documents that raised no error at all: posted without an operator
    touchless_defective: int = 0  # ... of them labelled with a defect: a fault that got through

    @property
    def false_error_rate(self) -> float | None:
        return self.clean_flagged / self.clean if self.clean else None

    @property
    def rule_false_error_rate(self) -> float | None:
        return self.clean_flagged_by_rules / self.clean if self.clean else None

    @property
    def touchless_rate(self) -> float | None:
        return self.touchless / self.documents if self.documents else None

    def as_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "clean": self.clean, "clean_flagged": self.clean_flagged,
                "false_error_rate": self.false_error_rate, "crashed": self.crashed,
                "clean_flagged_by_rules": self.clean_flagged_by_rules,
                "rule_false_error_rate": self.rule_false_error_rate,
                "touchless": self.touchless, "touchless_rate": self.touchless_rate,
                "touchless_defective": self.touchless_defective,
                "codes": [c.as_json() for c in self.codes]}


@dataclass(frozen=True)
class RuleScores:
    on_extraction: RuleRun
    on_truth: RuleRun

    def as_json(self) -> dict[str, Any]:
        return {"on_extraction": self.on_extraction.as_json(), "on_truth": self.on_truth.as_json()}


def truth_as_contract(expected: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The truth dressed as a perfect extraction: every value at confidence 1, accepted."""
    def cell(v: Any) -> dict[str, Any]:
        return {"value": v, "confidence": 1.0, "needs_review": False}

    return {
        "source": source, "sha256": f"truth:{source}", "doc_type": expected.get("doc_type", "unknown"),
        "doc_type_confidence": 1.0, "pages": 1, "ocr": False,
        "fields": {k: cell(v) for k, v in (expected.get("fields") or {}).items()},
        "tables": {t: [{c: cell(v) for c, v in row.items()} for row in rows]
                   for t, rows in (expected.get("tables") or {}).items()},
    }


EXTRACTOR_DOUBT = "LOW_CONFIDENCE"  # raised for fields the extractor flagged, not by a business rule
Validate = Callable[[Mapping[str, Any], str, date | None], list[tuple[str, bool]]]
_REFERENCE_DATE = re.compile(r"reference date (\d{4}-\d{2}-\d{2})")


def reference_date(expected: Mapping[str, Any]) -> date | None:
    """The date a generated document was made for ("reference date YYYY-MM-DD" in its notes):
    rules about future and stale dates must judge it as of then, not as of today."""
    m = _REFERENCE_DATE.search(str(expected.get("notes") or ""))
    return date.fromisoformat(m[1]) if m else None


def twin_key(source: str) -> str:
    """The corpus writes each document twice (`X.pdf` and its scan `X-scan.*`): both share a
    key, and a document is never a duplicate of its own twin."""
    p = PurePath(source)
    return str(p.parent / p.stem.removesuffix("-scan"))


def _validator(default_today: date | None) -> Callable[[], Validate] | None:
    """A factory of stateful validators (one history each), or None without the validators."""
    try:
        from schemas.document import ExtractedDocument
        from validators.client_loader import load_client
        from validators.engine import InMemoryHistory, RuleContext, validate
        from validators.history import prior_from_document
    except ImportError:
        return None
    from ledgerline.errors import LedgerlineError

    try:
        client = load_client("default")
    except LedgerlineError:
        return None

    def make() -> Validate:
        seen: list[tuple[str, Any]] = []  # (twin key, PriorDocument) in document order

        def run(data: Mapping[str, Any], key: str, today: date | None) -> list[tuple[str, bool]]:
            doc = ExtractedDocument.model_validate(dict(data))
            history = InMemoryHistory(documents=[p for k, p in seen if k != key])
            ctx = RuleContext(client=client, today=today or default_today or date.today(), history=history)
            issues = validate(doc, ctx)
            if doc.error is None:
                seen.append((key, prior_from_document(doc)))
            return [(str(i.code), i.is_error) for i in issues]

        return run

    return make


def run_rules(labelled: Sequence[tuple[list[dict[str, Any]], Mapping[str, Any], date | None]],
              validate: Validate) -> RuleRun:
    """`labelled`: (defects, contract dict, reference date) in document order."""
    issues: list[list[tuple[str, bool]]] = []
    crashed = 0
    for _, data, today in labelled:
        try:
            issues.append(validate(data, twin_key(str(data.get("source") or "")), today))
        except Exception:  # noqa: BLE001 - a crash is counted, not fatal, for the report
            crashed += 1
            issues.append([("RULE_FAILED", True)])
    labels = [{str(d.get("code")) for d in defects} for defects, _, _ in labelled]
    raised = [{code for code, _ in found} for found in issues]
    codes = sorted(set().union(*labels, *raised)) if labelled else []
    scores = []
    for code in codes:
        with_d = [i for i, lab in enumerate(labels) if code in lab]
        without = [i for i, lab in enumerate(labels) if code not in lab]
        scores.append(CodeScore(code, len(with_d), sum(code in raised[i] for i in with_d),
                                len(without), sum(code in raised[i] for i in without)))
    clean = [i for i, lab in enumerate(labels) if not lab]
    flagged = sum(any(is_err for _, is_err in issues[i]) for i in clean)
    by_rules = sum(any(is_err and code != EXTRACTOR_DOUBT for code, is_err in issues[i]) for i in clean)
    untouched = [i for i, found in enumerate(issues) if not any(is_err for _, is_err in found)]
    return RuleRun(len(labelled), len(clean), flagged, tuple(scores), crashed, by_rules,
                   touchless=len(untouched), touchless_defective=sum(bool(labels[i]) for i in untouched))


def score_rules(pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]], *,
                today: date | None = None) -> RuleScores | None:
    labelled = [(e, x) for e, x in pairs if isinstance(e.get("defects"), list)]
    if not labelled:
        return None
    make = _validator(today)
    if make is None:
        return None
    on_x = run_rules([(e["defects"], x, reference_date(e)) for e, x in labelled], make())
    on_t = run_rules([(e["defects"], truth_as_contract(e, str(x.get("source") or i)), reference_date(e))
                      for i, (e, x) in enumerate(labelled)], make())
    return RuleScores(on_x, on_t)
