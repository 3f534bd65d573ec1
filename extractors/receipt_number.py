"""The receipt's own number where the invoice reader found none.

A till slip prints its number after a short label on one line with other things (the
date and time before it, a cashier after it): 'RECEIPT # 25-4704', 'Receipt No.:
CS1801/26874', 'BILL NO : C1-0170778', 'TRN 1CR05/76494'. OCR may set the number apart
from its label by a wide space, glue a speck to it ('.57-44439', '91-54725-') or read its
hyphen as '+' or '~'. A number read as printed is as sure as OCR read its word; one whose
specks or hyphen had to be put right is a reviewed guess.

`receipt_number(doc)` returns the `invoice_number` field, or nothing;
`confirm_clean_number(doc, fields)` lets a scanned number that reads cleanly after its
label stand as sure (tesseract scores letter-digit words lower than dictionary words).
"""
from __future__ import annotations

import re

from extractors.candidates import Candidate, to_field
from extractors.confidence import rescored
from extractors.invoice_identifiers import CLEAN_ID_CONF, reads_as_identifier
from extractors.layout import PageLines
from extractors.normalize import parse_date
from schemas.document import FieldValue

REPAIRED_CAP = 0.85  # specks or a hyphen put right: a person checks
_LABEL = re.compile(
    r"\b(rece[il1]pt|rcpt|invoice|inv|bill|doc(ument)?|trans(action)?|txn|slip)\s*"
    r"(no\b\.?|number|#)\s*[:.\-]?|\btrn\b\s*[:.]?", re.IGNORECASE)
_NUMBER = re.compile(r"^[A-Z0-9]+(?:[-/][A-Z0-9]+)*$", re.IGNORECASE)
_HYPHEN_MISREAD = re.compile(r"(?<=\d)[+~](?=\d)")
_MIN_DIGITS = 3


def receipt_number(doc: list[PageLines]) -> dict[str, FieldValue]:
    cands: list[Candidate] = []
    for pl in doc:
        for line in pl.lines:
            m = _LABEL.search(line.text)
            if m is None:
                continue
            cand = _number_after(line, m.end(), pl.page.number)
            if cand is not None:
                cands.append(cand)
    if not cands:
        return {}
    cand = cands[0]
    margin = 1.0 if all(c.value == cand.value for c in cands) else 0.5
    cap = REPAIRED_CAP if cand.shape < 1.0 else 1.0
    return {"invoice_number": to_field("invoice_number", cand, margin, cap=cap)}


def _number_after(line, end: int, page: int) -> Candidate | None:
    """The first word after the label (a lone '#' or ':' skipped) as a number."""
    at = 0
    for w in line.words:  # the line's text is its words joined by single spaces
        start, at = at, at + len(w.text) + 1
        if start + len(w.text) <= end or not re.search(r"[A-Za-z0-9]", w.text):
            continue
        text = _HYPHEN_MISREAD.sub("-", w.text.strip(".,:;#'‘’\"“”-_|~"))
        if not _NUMBER.match(text) or sum(c.isdigit() for c in text) < _MIN_DIGITS or \
                parse_date(text) is not None:
            return None
        repaired = text != w.text
        return Candidate(value=text, score=0.9, label=0.9, shape=0.7 if repaired else 1.0,
                         ocr=w.conf, page=page, bbox=w.bbox)
    return None


def confirm_clean_number(doc: list[PageLines], fields: dict[str, FieldValue], *,
                         min_height: float) -> dict[str, FieldValue]:
    """A scanned receipt number that is the one word after its label on its line, read
    as printed (no speck, no repair), reading cleanly as an identifier
    (invoice_identifiers.reads_as_identifier) and printed at least `min_height` pixels
    tall (smaller digits OCR swaps while reporting them sure), stands at CLEAN_ID_CONF."""
    field = fields.get("invoice_number")
    if field is None or field.needs_review is False or field.bbox is None:
        return fields
    for pl in doc:
        if pl.page.number != field.page or not pl.page.ocr:
            continue
        for line in pl.lines:
            m = _LABEL.search(line.text)
            if m is None:
                continue
            cand = _number_after(line, m.end(), pl.page.number)
            if cand is None or cand.value != field.value or cand.shape < 1.0 or \
                    cand.bbox != field.bbox or cand.bbox[3] - cand.bbox[1] < min_height:
                continue
            if reads_as_identifier(str(cand.value), cand.ocr) and \
                    field.confidence < CLEAN_ID_CONF:
                return {**fields, "invoice_number": rescored(field, "invoice_number",
                                                             CLEAN_ID_CONF)}
    return fields
