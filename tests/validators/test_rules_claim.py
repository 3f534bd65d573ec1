"""Claim rules on both sides."""
from __future__ import annotations

import pytest

from schemas.reasons import ReasonCode
from validators import claim_rules as cr
from validators.engine import validate
from validators.history import InMemoryHistory
from validators.master_data import MasterData

R = ReasonCode
NPI = "1234567893"  # the CMS example NPI: valid check digit


def claim(h, fields=None, lines=None):
    base = {
        "payer_name": "AETNA", "insured_id": "W123456789", "patient_name": "DOE, JANE",
        "patient_account_number": "ACC-1001", "diagnosis_codes": ["E11.9", "I10"], "total_charge": "250.00",
        "billing_provider_npi": NPI, "referring_provider_npi": "1245319599", "billing_provider_name": "Northside Clinic",
    }
    base.update(fields or {})
    base = {k: v for k, v in base.items() if v is not None}
    rows = lines if lines is not None else [
        {"date_from": "2026-11-02", "date_to": "2026-11-02", "procedure_code": "99213", "diagnosis_pointer": "AB",
         "charge": "150.00", "units": "1", "rendering_provider_npi": NPI},
        {"date_from": "2026-11-02", "date_to": "2026-11-02", "procedure_code": "J1100", "diagnosis_pointer": "B",
         "charge": "100.00", "units": "1"},
    ]
    return h.doc("claim", base, {"service_lines": rows})


def codes(issues):
    return [i.code for i in issues]


def test_good_claim_passes_every_rule(h):
    assert validate(claim(h), h.ctx()) == []


@pytest.mark.parametrize("npi,ok", [(NPI, True), ("1245319599", True), ("1234567890", False),
                                    ("123456789", False), ("12345678AB", False)])
def test_npi_check_digit(npi, ok):
    assert cr.npi_is_valid(npi) is ok


def test_npi_rule(h):
    issues = cr.check_npis(claim(h, {"billing_provider_npi": "1234567894"}), h.ctx())
    assert [(i.code, i.fields) for i in issues] == [(R.INVALID_NPI, ("billing_provider_npi",))]


@pytest.mark.parametrize("code", ["E11.9", "I10", "J45.909", "S93.401A", "M1A.0710", "E119", "U07.1"])
def test_icd10_good(code):
    assert cr.icd10_is_valid(code)


@pytest.mark.parametrize("code", ["11E.9", "E1.19", "M5.450", "Z00.00000", "I1O", "J45.9099X", "99213"])
def test_icd10_bad(code):
    assert not cr.icd10_is_valid(code)


def test_icd10_rule(h):
    assert cr.check_diagnosis_codes(claim(h), h.ctx()) == []
    assert codes(cr.check_diagnosis_codes(claim(h, {"diagnosis_codes": ["E11.9", "I1O"]}), h.ctx())) == [R.INVALID_ICD10]


def test_cpt_rule(h):
    assert cr.check_procedure_codes(claim(h), h.ctx()) == []
    lines = [{"procedure_code": code, "charge": "250.00"} for code in ("0001U", "99213", "9921", "Z1234", "G0439")]
    issues = cr.check_procedure_codes(claim(h, lines=lines), h.ctx())
    assert [i.fields for i in issues] == [("service_lines[2].procedure_code",), ("service_lines[3].procedure_code",)]
    assert set(codes(issues)) == {R.INVALID_CPT}


def test_service_lines_sum(h):
    assert cr.check_service_lines_sum(claim(h), h.ctx()) == []
    issues = cr.check_service_lines_sum(claim(h, {"total_charge": "260.00"}), h.ctx())
    assert codes(issues) == [R.SERVICE_LINES_SUM_MISMATCH]


def test_service_dates_not_after_claim_date(h):
    assert cr.check_service_dates(claim(h), h.ctx()) == []
    lines = [{"date_from": "2026-11-25", "date_to": "2026-11-25", "charge": "250.00"}]
    assert codes(cr.check_service_dates(claim(h, lines=lines), h.ctx())) == [R.SERVICE_DATE_AFTER_CLAIM] * 2


@pytest.mark.parametrize("pointer,expected", [("AB", [0, 1]), ("A,B", [0, 1]), ("1 2", [0, 1]), ("l", [11]),
                                              ("AZ", None), ("13", None)])
def test_pointer_reading(pointer, expected):
    assert cr.pointer_indexes(pointer) == expected


def test_diagnosis_pointers(h):
    assert cr.check_diagnosis_pointers(claim(h), h.ctx()) == []
    lines = [{"diagnosis_pointer": "AC", "charge": "250.00"}]  # only two diagnoses listed
    issues = cr.check_diagnosis_pointers(claim(h, lines=lines), h.ctx())
    assert [(i.code, i.fields) for i in issues] == [(R.BAD_DIAGNOSIS_POINTER, ("service_lines[0].diagnosis_pointer",))]


def test_duplicate_claim(h):
    history = InMemoryHistory()
    history.add(claim(h))
    again = claim(h, {"payer_name": "AETNA INC"})  # another scan of the same claim
    assert codes(cr.check_duplicate_claim(again, h.ctx(history=history))) == [R.DUPLICATE_CLAIM]
    other_day = claim(h, lines=[{"date_from": "2026-11-09", "charge": "250.00"}])
    assert cr.check_duplicate_claim(other_day, h.ctx(history=history)) == []
    other_total = claim(h, {"total_charge": "251.00"})
    assert cr.check_duplicate_claim(other_total, h.ctx(history=history)) == []


def test_payer_known(h):
    master = MasterData(payers=("AETNA", "UNITEDHEALTHCARE"), kinds=frozenset({"payers"}))
    assert cr.check_payer_known(claim(h), h.ctx(master=master)) == []
    assert cr.check_payer_known(claim(h, {"payer_name": "Aetna"}), h.ctx(master=master)) == []
    unknown = claim(h, {"payer_name": "ACME HEALTH PLAN"})
    assert codes(cr.check_payer_known(unknown, h.ctx(master=master))) == [R.PAYER_UNKNOWN]
    assert cr.check_payer_known(unknown, h.ctx()) == []  # no payer list: not checked


def test_provider_known(h):
    master = MasterData(providers={NPI: "Northside"}, kinds=frozenset({"providers"}))
    assert cr.check_provider_known(claim(h), h.ctx(master=master)) == []
    other = claim(h, {"billing_provider_npi": "1245319599"})
    assert codes(cr.check_provider_known(other, h.ctx(master=master))) == [R.PROVIDER_UNKNOWN]
