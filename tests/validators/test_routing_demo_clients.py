"""The demo clients route as their YAML says."""
from __future__ import annotations

from pathlib import Path

import pytest

from schemas.reasons import ReasonCode
from validators.client_loader import load_client
from validators.engine import validate
from validators.master_data import load_master_data
from validators.routing import decide

R = ReasonCode
CLIENTS = Path(__file__).resolve().parents[2] / "clients"


@pytest.fixture(scope="module")
def northside():
    return load_client("northside-clinic", CLIENTS)


@pytest.fixture(scope="module")
def brightmart():
    return load_client("brightmart-retail", CLIENTS)


def run(h, client, doc):
    ctx = h.ctx(client, master=load_master_data(client))
    return decide(doc, validate(doc, ctx), client)


def clinic_claim(h, **changes):
    fields = {"payer_name": "UHC", "insured_id": "W1", "patient_name": "DOE, JANE", "patient_account_number": "A-1",
              "diagnosis_codes": ["I10"], "total_charge": "150.00", "billing_provider_npi": "1245319599"}
    fields.update(changes)
    lines = [{"date_from": "2026-11-20", "procedure_code": "99213", "diagnosis_pointer": "A", "charge": "150.00"}]
    return h.doc("claim", fields, {"service_lines": lines})


def test_northside_posts_a_clean_claim_and_refuses_invoices(h, northside):
    assert run(h, northside, clinic_claim(h)).action == "post"
    d = run(h, northside, h.invoice())
    assert d.action == "review" and d.reasons == [R.DOC_TYPE_NOT_ACCEPTED]


def test_northside_unknown_payer_and_provider_with_8h_sla(h, northside):
    d = run(h, northside, clinic_claim(h, payer_name="ACME HEALTH", billing_provider_npi="1234567893"))
    # 1234567893 is on the provider list; ACME HEALTH is not a payer
    assert d.action == "review" and d.reasons == [R.PAYER_UNKNOWN] and d.sla_hours == 8
    d = run(h, northside, clinic_claim(h, billing_provider_npi="1003000142"))  # valid, not on the list
    assert d.reasons == [R.PROVIDER_UNKNOWN]


def test_northside_threshold_holds_an_unsure_total(h, northside):
    doc = clinic_claim(h, total_charge=("150.00", 0.85, False))
    d = run(h, northside, doc)
    assert d.action == "review" and d.reasons == [R.LOW_CONFIDENCE]


def test_brightmart_clean_invoice_posts(h, brightmart):
    d = run(h, brightmart, h.invoice())
    assert d.action == "post" and d.pack_version == brightmart.pack_version


def test_brightmart_approval_limit_is_urgent(h, brightmart):
    lines = [{"sku": "W-A", "quantity": "2", "unit_price": "30.00", "amount": "60.00"}]
    doc = h.invoice(subtotal="60.00", tax_total="5000.00", total="5060.00", line_items=lines)
    d = run(h, brightmart, doc)
    assert d.action == "review" and d.reasons[0] == R.APPROVAL_REQUIRED and d.priority >= 80


def test_brightmart_currency_and_w2_never(h, brightmart):
    d = run(h, brightmart, h.invoice(currency="JPY"))
    assert R.CURRENCY_NOT_ALLOWED in d.reasons
    w2 = h.doc("w2", {"tax_year": "2025", "employee_ssn": "123-45-6789", "employer_ein": "12-3456789",
                      "employee_name": "Ana Ruiz", "wages": "1000.00", "social_security_wages": "1000.00",
                      "social_security_tax": "62.00", "medicare_wages": "1000.00", "medicare_tax": "14.50"})
    d = run(h, brightmart, w2)
    assert d.action == "review" and d.reasons == [R.MANUAL_REVIEW_REQUIRED] and d.sla_hours == 72


def test_brightmart_unknown_employee_on_paystub(h, brightmart):
    stub = h.doc("paystub", {"employee_name": "Zed Zee", "employee_id": "E-999", "pay_period_start": "2026-11-01",
                             "pay_period_end": "2026-11-14", "gross_pay": "1000.00", "net_pay": "800.00",
                             "total_deductions": "200.00"})
    d = run(h, brightmart, stub)
    assert d.reasons == [R.EMPLOYEE_UNKNOWN] and d.sla_hours == 12
