"""Receipt extraction on real photographed/scanned till receipts (ICDAR 2019 SROIE sample in
shared/fixtures/real/sroie; truth from each file's .expected.json).

Only fields the reader gets right on these scans are asserted (OCR misreads letters in
many names and addresses); every field it accepts without review must be right.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.matching import values_match
from extractors.pipeline import extract_document
from schemas.document import DocType

# file -> fields asserted right: the vendor header block, the paid total after rounding
# (001, 002, 021: "ROUNDING ADJ" lines; 001 without a rounded-total line, from the
# tendered - change arithmetic), day-first dates (002: "12-01-19")
RIGHT = {
    "001.jpg": ("total", "invoice_date"),
    "002.jpg": ("vendor_address", "total", "invoice_date"),
    "003.jpg": ("vendor_name", "vendor_address", "total", "invoice_date"),
    "019.jpg": ("vendor_name", "vendor_address", "total", "invoice_date"),
    "021.jpg": ("total", "invoice_date"),
    "030.jpg": ("vendor_name", "total", "invoice_date"),
}


@pytest.fixture(scope="module")
def extracted(real_fixtures: Path):
    out = {}
    for name in RIGHT:
        path = real_fixtures / "sroie" / name
        if not path.exists():
            pytest.skip(f"{path} not present")
        truth = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        out[name] = (extract_document(path), truth)
    return out


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_sroie_receipt_fields(extracted, name):
    doc, truth = extracted[name]
    assert doc.doc_type == DocType.RECEIPT
    for field in RIGHT[name]:
        got = doc.fields.get(field)
        assert got is not None and values_match(field, truth["fields"][field], got.value), \
            (name, field, truth["fields"][field], got)


def test_sroie_nothing_wrong_is_accepted(extracted):
    for name, (doc, truth) in extracted.items():
        for field, want in truth["fields"].items():
            got = doc.fields.get(field)
            if got is not None and not got.needs_review:
                assert values_match(field, want, got.value), (name, field, want, got.value)


def test_sroie_names_and_addresses_from_ocr_are_reviewed(extracted):
    for doc, _ in extracted.values():
        for field in ("vendor_name", "vendor_address"):
            if field in doc.fields:
                assert doc.fields[field].needs_review
