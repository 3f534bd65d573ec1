"""Rule-based value shapes on spaCy's blank English pipeline."""
from __future__ import annotations

from extractors.nlp import find_entities, org_names


def labels_of(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in find_entities(text):
        out.setdefault(e.label, set()).add(e.text)
    return out


def test_value_shapes():
    found = labels_of("Invoice No. INV-2031 dated 2024-03-09, Total: $1,249.50 (Mar 20, 2023) "
                      "EIN 12-3456789 SSN 123-45-6789 NPI 1234567893 ICD E11.9 CPT 99213 "
                      "VAT DE232446240 IBAN DE89 3704 0044 0532 0130 00")
    assert "INV-2031" in found["DOC_NUMBER"]
    assert {"2024-03-09", "Mar 20, 2023"} <= found["DATE"]
    assert "$1,249.50" in found["MONEY"]
    assert found["EIN"] == {"12-3456789"} and found["SSN"] == {"123-45-6789"}
    assert "1234567893" in found["NPI"] and "E11.9" in found["ICD10"]
    assert "99213" in found["CPT"] and "DE232446240" in found["VAT_ID"]
    assert "DE89 3704 0044 0532 0130 00" in found["IBAN"]
    assert "Invoice No." in found["LABEL_INVOICE_NUMBER"]


def test_offsets_point_into_text():
    text = "Total due 45.00 EUR"
    for e in find_entities(text):
        assert text[e.start:e.end] == e.text


def test_trained_model_optional():
    assert isinstance(org_names("ACME Tools Inc. sent an invoice"), list)
