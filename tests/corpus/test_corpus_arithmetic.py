"""Clean documents add up; each labelled defect really breaks the rule it names."""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from stdnum import luhn
from stdnum.us import ein, ssn

REFERENCE = date(2026, 10, 1)
ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
SS_WAGE_BASE = {2023: Decimal("160200"), 2024: Decimal("168600"), 2025: Decimal("176100"),
                2026: Decimal("184500")}


def D(text: str) -> Decimal:
    return Decimal(text)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def npi_valid(npi: str) -> bool:
    return len(npi) == 10 and npi.isdigit() and luhn.is_valid("80840" + npi)


def _codes(truth) -> set[str]:
    return {d["code"] for d in truth["defects"]}


def _text_pdfs(truths, doc_type):
    return [(p, t) for p, t in truths.items() if t["doc_type"] == doc_type and p.suffix == ".pdf"
            and not p.stem.endswith("-scan")]


def _invoice_rules(f, lines) -> dict[str, bool]:
    return {
        "TOTAL_MISMATCH": D(f["subtotal"]) + D(f["tax_total"]) == D(f["total"]),
        "LINES_SUM_MISMATCH": sum((D(r["amount"]) for r in lines), Decimal(0)) == D(f["subtotal"]),
        "MISSING_FIELD": "due_date" in f or f.get("doc_type") == "receipt",
        "FUTURE_DATE": date.fromisoformat(f["invoice_date"]) <= REFERENCE,
        "DUE_BEFORE_INVOICE_DATE": "due_date" not in f or f["due_date"] >= f["invoice_date"],
    }


@pytest.mark.parametrize("doc_type", ["invoice", "receipt"])
def test_invoices_and_receipts_add_up(truths, doc_type):
    docs = _text_pdfs(truths, doc_type)
    for path, truth in docs:
        f, lines = truth["fields"], truth["tables"]["line_items"]
        rules = _invoice_rules(f, lines)
        if doc_type == "receipt":
            rules.pop("MISSING_FIELD"), rules.pop("DUE_BEFORE_INVOICE_DATE")
        for code, holds in rules.items():
            assert holds == (code not in _codes(truth)), (path.name, code)
        for row in lines:
            qty = D(row.get("quantity", "1"))
            price = D(row["unit_price"]) if "unit_price" in row else D(row["amount"])
            assert cents(qty * price) == D(row["amount"]), (path.name, row)
        if "amount_due" in f:
            assert f["amount_due"] == f["total"]


def test_duplicate_invoices_repeat_an_earlier_vendor_and_number(truths):
    docs = sorted(_text_pdfs(truths, "invoice"))
    for i, (path, truth) in enumerate(docs):
        key = (truth["fields"]["vendor_name"], truth["fields"]["invoice_number"])
        earlier = [t for _, t in docs[:i] if (t["fields"]["vendor_name"], t["fields"]["invoice_number"]) == key]
        assert bool(earlier) == ("DUPLICATE_INVOICE" in _codes(truth)), path.name


def test_claims_add_up_and_carry_valid_codes(truths):
    docs = _text_pdfs(truths, "claim")
    assert docs
    for path, truth in docs:
        f, lines, codes = truth["fields"], truth["tables"]["service_lines"], _codes(truth)
        assert 1 <= len(lines) <= 6
        sums = sum((D(r["charge"]) for r in lines), Decimal(0)) == D(f["total_charge"])
        assert sums == ("SERVICE_LINES_SUM_MISMATCH" not in codes), path.name
        assert npi_valid(f["billing_provider_npi"]) == ("INVALID_NPI" not in codes), path.name
        assert npi_valid(f["referring_provider_npi"])
        assert all(npi_valid(r["rendering_provider_npi"]) for r in lines)
        icd_ok = all(ICD10.match(c) for c in f["diagnosis_codes"])
        assert icd_ok == ("INVALID_ICD10" not in codes), (path.name, f["diagnosis_codes"])
        letters = "ABCDEFGHIJKL"[: len(f["diagnosis_codes"])]
        assert all(set(r["diagnosis_pointer"]) <= set(letters) for r in lines)
        for row in lines:
            assert row["date_from"] <= row["date_to"] <= REFERENCE.isoformat()


def test_paystubs_add_up(truths):
    docs = _text_pdfs(truths, "paystub")
    assert docs
    for path, truth in docs:
        f, codes = truth["fields"], _codes(truth)
        earnings, deductions = truth["tables"]["earnings"], truth["tables"]["deductions"]
        assert sum((D(r["amount"]) for r in earnings), Decimal(0)) == D(f["gross_pay"])
        assert sum((D(r["amount"]) for r in deductions), Decimal(0)) == D(f["total_deductions"])
        net_ok = D(f["gross_pay"]) - D(f["total_deductions"]) == D(f["net_pay"])
        assert net_ok == ("NET_PAY_MISMATCH" not in codes), path.name
        if "hours" in f:
            hours_ok = cents(D(f["hours"]) * D(f["rate"])) == D(f["gross_pay"])
            assert hours_ok == ("HOURS_RATE_MISMATCH" not in codes), path.name
        ytd_deductions = sum((D(r["ytd"]) for r in deductions), Decimal(0))
        assert D(f["ytd_gross"]) - ytd_deductions == D(f["ytd_net"])
        assert D(f["ytd_gross"]) >= D(f["gross_pay"])
        assert f["pay_period_start"] <= f["pay_period_end"] <= f["pay_date"] <= REFERENCE.isoformat()


def test_w2_taxes_follow_the_rates(truths):
    docs = _text_pdfs(truths, "w2")
    assert docs
    for path, truth in docs:
        f, codes = truth["fields"], _codes(truth)
        ss_ok = cents(D(f["social_security_wages"]) * D("0.062")) == D(f["social_security_tax"])
        med_ok = cents(D(f["medicare_wages"]) * D("0.0145")) == D(f["medicare_tax"])
        assert ss_ok == ("SS_TAX_MISMATCH" not in codes), path.name
        assert med_ok == ("MEDICARE_TAX_MISMATCH" not in codes), path.name
        assert D(f["social_security_wages"]) <= SS_WAGE_BASE[int(f["tax_year"])]
        assert ssn.is_valid(f["employee_ssn"]) == ("INVALID_SSN" not in codes), path.name
        assert ein.is_valid(f["employer_ein"]) == ("INVALID_EIN" not in codes), path.name
