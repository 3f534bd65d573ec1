"""Invoice extraction on real public documents (values checked by hand against the PDFs)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.pipeline import extract_document
from schemas.document import DocType

REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real" / "invoice2data"


def extract(name: str):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return extract_document(path)


def test_azure_interior():
    doc = extract("AzureInterior.pdf")
    assert doc.doc_type == DocType.INVOICE
    values = {k: v.value for k, v in doc.fields.items()}
    assert values["invoice_number"] == "INV/2023/03/0008"
    assert values["invoice_date"] == "2023-03-20"
    assert values["due_date"] == "2023-04-04"
    assert values["total"] == "279.84"
    assert values["tax_total"] == "16.94"
    assert values["currency"] == "USD"
    assert not doc.fields["total"].needs_review


def test_coolblue_dutch_invoice():
    doc = extract("coolblue1.pdf")
    values = {k: v.value for k, v in doc.fields.items()}
    assert values["invoice_number"] == "993548900"
    assert values["invoice_date"] == "2014-04-19"
    assert values["total"] == "717.97"
    assert values["currency"] == "EUR"
    assert values["iban"] == "NL50INGB0683251309"
    assert not doc.fields["iban"].needs_review


def test_quality_hosting_german_invoice():
    doc = extract("QualityHosting.pdf")
    values = {k: v.value for k, v in doc.fields.items()}
    assert values["invoice_number"] == "30064443"
    assert values["invoice_date"] == "2014-05-07"
    assert values["currency"] == "EUR"
