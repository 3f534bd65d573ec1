"""Claim extraction on the real synthetic CMS-1500 scans (shared/fixtures/real/hcfa1500).

Values asserted here were checked by hand against the images. Each image is OCR'd once per
module (~3 s each). Skipped when the shared fixtures are absent.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.claim_fields import extract_claim
from extractors.loader import load_pages

HCFA = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real" / "hcfa1500"
pytestmark = pytest.mark.skipif(not HCFA.is_dir(), reason="shared real fixtures not present")


@pytest.fixture(scope="module")
def extracted():
    cache: dict[str, tuple[dict, dict]] = {}

    def get(stem: str) -> tuple[dict, dict]:
        if stem not in cache:
            cache[stem] = extract_claim(load_pages(HCFA / f"{stem}.png"))
        return cache[stem]
    return get


def _expected(stem: str) -> dict:
    return json.loads((HCFA / f"{stem}.expected.json").read_text())


def test_pristine_00000_boxes(extracted):
    fields, tables = extracted("pristine-00000")
    v = {k: f.value for k, f in fields.items()}
    assert v["payer_name"] == "AETNA"
    assert v["patient_name"] == "HODGES, PAULA V"
    assert v["insured_name"] == "PAGE, BRENDA W"
    assert v["patient_dob"] == "1965-04-13"  # '04 13 65': a birth year in the past
    assert v["insured_policy_group"] == "GRP63474"
    assert v["federal_tax_id"] == "10-3778018"
    assert v["total_charge"] == "1928.06"
    assert v["amount_paid"] == "385.61"
    assert v["billing_provider_name"] == "JERRY JONES MD"
    assert v["diagnosis_codes"][0] == "M54.50"
    rows = tables["service_lines"]
    assert [r["charge"].value for r in rows] == ["428.83", "90.88", "349.74", "1058.61"]
    assert [r["date_from"].value for r in rows] == [
        "2026-03-18", "2026-03-18", "2026-03-16", "2026-03-15"]
    assert {r["rendering_provider_npi"].value for r in rows} == {"1630873820"}
    assert rows[2]["modifiers"].value == ["50", "TC"]
    # the four charges add up to box 28, so box 28 can be posted without review
    assert not fields["total_charge"].needs_review


def test_pristine_00006_boxes(extracted):
    fields, tables = extracted("pristine-00006")
    v = {k: f.value for k, f in fields.items()}
    assert v["payer_name"] == "BLUE CROSS BLUE SHIELD"
    assert v["insured_id"] == "DQ100746743"
    assert v["patient_dob"] == "2020-05-13"
    assert v["referring_provider_npi"] == "1767556180"
    assert v["patient_account_number"] == "ACC-206915"
    assert v["amount_paid"] == "0.00"
    assert v["billing_provider_npi"] == "2863225100"
    assert v["service_facility_name"] == "OAK STREET FAMILY PRACTICE"
    rows = [{k: c.value for k, c in r.items()} for r in tables["service_lines"]]
    assert [(r["procedure_code"], r["units"], r["place_of_service"]) for r in rows] == [
        ("J7613", "1", "10"), ("B4220", "5", "21")]


@pytest.mark.parametrize("stem", ["pristine-00000", "pristine-00006", "fax-00003"])
def test_every_field_is_right_or_flagged(extracted, stem):
    """No silent errors: a value that differs from the truth must go to review."""
    fields, tables = extracted(stem)
    expected = _expected(stem)
    for name, truth in expected["fields"].items():
        if name in fields and fields[name].value != truth:
            assert fields[name].needs_review, (name, fields[name].value, truth)
    rows = tables.get("service_lines", [])
    for got, want in zip(rows, expected["tables"]["service_lines"]):
        for col, truth in want.items():
            if col in got and got[col].value != truth:
                assert got[col].needs_review, (col, got[col].value, truth)
