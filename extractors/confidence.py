"""The one place for per-field review thresholds and for turning signals into confidence.

A field's confidence comes from independent signals: how well its label matched, how much
its value beat the runner-up candidate, how well the value fits the field's shape, the
OCR confidence of its words, and cross-field consistency checks (lines sum to subtotal,
subtotal + tax = total). `needs_review` compares it with the field's threshold; thresholds
are set so that fields passed without review are right at least 99.5% of the time.

Two layers, both here: `REVIEW_THRESHOLD` is the hand-set policy per field; the calibrated
table `review_thresholds.json` (written by `ledgerline calibrate` from an evaluation of a
generated calibration set, never the set the figures are reported on) refines it per
document type, field and reading mode (text layer or OCR). Extraction runs each document
inside `reading(doc_type, ocr)`, so `needs_review(field, confidence)` picks the calibrated
threshold for what is being read; outside that context, or for a field the calibration had
too few examples of, the hand-set threshold applies.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemas.document import FieldValue

DEFAULT_THRESHOLD = 0.90
REVIEW_THRESHOLD: dict[str, float] = {
    "default": DEFAULT_THRESHOLD,
    # money that gets posted: be strict
    "total": 0.90, "amount_due": 0.90, "subtotal": 0.90, "tax_total": 0.90,
    "total_charge": 0.90, "net_pay": 0.90, "gross_pay": 0.90,
    # free text is hard to get exactly right
    "vendor_name": 0.92, "vendor_address": 0.95, "customer_name": 0.93,
    "customer_address": 0.95, "payment_terms": 0.93, "description": 0.93,
    # identifiers
    "invoice_number": 0.90, "po_number": 0.92, "vendor_tax_id": 0.90, "iban": 0.90,
    "invoice_date": 0.90, "due_date": 0.90, "currency": 0.90,
}


CALIBRATED_FILE = Path(__file__).with_name("review_thresholds.json")
_READING: ContextVar[tuple[str, str] | None] = ContextVar("reading", default=None)


@contextmanager
def reading(doc_type: str, ocr: bool) -> Iterator[None]:
    """Within this block, thresholds are those calibrated for `doc_type` read this way."""
    token = _READING.set((str(doc_type), "ocr" if ocr else "text"))
    try:
        yield
    finally:
        _READING.reset(token)


@cache
def calibrated_thresholds(path: Path = CALIBRATED_FILE) -> dict[str, float]:
    """{"<doc_type>/<field>/<mode>": threshold} from the calibration file ({} without one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {str(k): float(v) for k, v in data.get("thresholds", {}).items()}


def threshold(field_name: str) -> float:
    current = _READING.get()
    if current is not None:
        doc_type, mode = current
        calibrated = calibrated_thresholds().get(f"{doc_type}/{field_name}/{mode}")
        if calibrated is not None:
            return calibrated
    return REVIEW_THRESHOLD.get(field_name, REVIEW_THRESHOLD["default"])


def needs_review(field_name: str, confidence: float) -> bool:
    """True when a field at this confidence must be looked at before posting."""
    return confidence < threshold(field_name)


def rescored(field: FieldValue, name: str, confidence: float) -> FieldValue:
    """`field` at a new confidence, its review re-decided from it. A review the extractor
    forced (flagged although its old confidence passed) stays; one that only reflected the
    old confidence does not."""
    forced = field.needs_review and not needs_review(name, field.confidence)
    return field.model_copy(update={"confidence": confidence,
                                    "needs_review": forced or needs_review(name, confidence)})


@dataclass(frozen=True, slots=True)
class Signals:
    """Evidence for one extracted value; every signal is in 0..1.

    label: strength of the label match (1 exact lexicon label, 0 no label / position only)
    margin: lead of the best candidate's score over the runner-up (1 = no competitor)
    shape: how well the value fits the field's expected form
    ocr: lowest OCR word confidence of the value's words (1.0 for text layers)
    consistency: 1 when a cross-field check confirms the value, 0 when one contradicts it,
        None when no check applies (a contradiction lowers only a scanned value:
        `failed_check_doubts`)
    """

    label: float = 0.0
    margin: float = 1.0
    shape: float = 1.0
    ocr: float = 1.0
    consistency: float | None = None


# Weights of a logistic model over the signals, fitted by hand against generated and real
# documents (see tests/extractors for the calibration checks).
_BIAS = -3.2
_W_LABEL, _W_MARGIN, _W_SHAPE, _W_OCR = 3.2, 2.0, 2.0, 3.0
_W_CONSISTENT, _W_CONTRADICTED = 2.5, -4.0


def failed_check_doubts(ocr: bool) -> bool:
    """Whether a cross-field check that fails (subtotal + tax != total, gross - deductions
    != net, box 28 != the sum of the lines, a due date before the invoice date) casts doubt
    on the values it involves. On a scan it does: OCR may have misread one of them. On a
    text layer the digits are the document's own, so the failure is the document's: a defect
    the validators report with its reason code (TOTAL_MISMATCH, NET_PAY_MISMATCH, ...;
    validators/*_rules.py), and the readings stand as printed."""
    return ocr


def ocr_ceiling(ocr: float) -> float:
    """The most an OCR'd value can be trusted given its weakest word's OCR confidence."""
    return 0.5 + 0.5 * ocr ** 2


def combine(signals: Signals) -> float:
    """Confidence in 0..1 from the signals (monotone in each one)."""
    z = (_BIAS + _W_LABEL * signals.label + _W_MARGIN * signals.margin
         + _W_SHAPE * signals.shape + _W_OCR * (signals.ocr - 0.9) * 3)
    if signals.consistency is not None and signals.consistency >= 0.5:
        z += _W_CONSISTENT * signals.consistency
    elif signals.consistency is not None and failed_check_doubts(signals.ocr < 1.0):
        z += _W_CONTRADICTED * (1 - signals.consistency)
    conf = 1.0 / (1.0 + math.exp(-z))
    # an OCR'd value is never more certain than its weakest word allows
    conf = min(conf, ocr_ceiling(signals.ocr)) if signals.ocr < 1.0 else conf
    return round(max(0.0, min(1.0, conf)), 4)
