"""Rules for any document: required fields, value formats, confidence; engine behaviour."""
from __future__ import annotations

from schemas.reasons import ReasonCode, Severity
from validators.common_rules import check_confidence, check_required_fields, check_value_formats
from validators.engine import rules_for, validate
from validators.registry import BUILTIN_RULES

R = ReasonCode


def test_required_fields_pass_and_fail(h):
    ctx = h.ctx()
    assert check_required_fields(h.invoice(), ctx) == []
    issues = check_required_fields(h.invoice(invoice_number=None, total=None), ctx)
    assert [(i.code, i.fields) for i in issues] == [(R.MISSING_FIELD, ("invoice_number",)), (R.MISSING_FIELD, ("total",))]


def test_blank_value_counts_as_missing(h):
    issues = check_required_fields(h.invoice(vendor_name="  "), h.ctx())
    assert [i.fields for i in issues] == [("vendor_name",)]


def test_claim_requires_service_lines(h):
    doc = h.doc("claim", {"patient_name": "A", "insured_id": "1", "patient_account_number": "2",
                          "diagnosis_codes": ["I10"], "total_charge": "10.00", "billing_provider_npi": "1234567893"})
    assert [i.fields for i in check_required_fields(doc, h.ctx())] == [("service_lines",)]


def test_value_formats(h):
    assert check_value_formats(h.invoice(), h.ctx()) == []
    bad = h.invoice(total="12,0O", invoice_date="03/09/2024")
    assert {i.fields for i in check_value_formats(bad, h.ctx())} == {("total",), ("invoice_date",)}
    assert all(i.code == R.INVALID_VALUE for i in check_value_formats(bad, h.ctx()))


def test_low_confidence_needs_review_is_error_one_per_field(h):
    doc = h.invoice(total=("108.00", 0.5, True), subtotal=("100.00", 0.6, True))
    issues = check_confidence(doc, h.ctx())
    assert sorted(i.fields for i in issues) == [("subtotal",), ("total",)]
    assert all(i.code == R.LOW_CONFIDENCE and i.severity == Severity.ERROR for i in issues)


def test_low_confidence_client_threshold_is_warning(h):
    client = h.client(thresholds={"total": 0.95})
    doc = h.invoice(total=("108.00", 0.9, False), subtotal=("100.00", 0.9, False))
    issues = check_confidence(doc, h.ctx(client))
    assert [(i.fields, i.severity) for i in issues] == [(("total",), Severity.WARNING)]
    assert check_confidence(h.invoice(total=("108.00", 0.96, False)), h.ctx(client)) == []


def test_threshold_wildcard_and_table_cells(h):
    client = h.client(thresholds={"*": 0.9})
    lines = [{"description": "W", "amount": ("100.00", 0.8, False)}]
    issues = check_confidence(h.invoice(line_items=lines), h.ctx(client))
    assert [i.fields for i in issues] == [("line_items[0].amount",)]


def test_disabled_rules_do_not_run(h):
    doc = h.invoice(total="999.00")
    assert R.TOTAL_MISMATCH in {i.code for i in validate(doc, h.ctx())}
    client = h.client(rules={"disabled": ["invoice.total"]})
    assert "invoice.total" not in {s.rule_id for s in rules_for(client)}
    assert R.TOTAL_MISMATCH not in {i.code for i in validate(doc, h.ctx(client))}


def test_crashing_rule_becomes_rule_failed(h, monkeypatch):
    from validators.rule import ALL_TYPES, RuleSpec

    def boom(doc, ctx):
        raise RuntimeError("kaput")

    monkeypatch.setitem(BUILTIN_RULES, "test.boom", RuleSpec("test.boom", ALL_TYPES, boom))
    issues = validate(h.invoice(), h.ctx())
    assert [(i.code, i.rule_id) for i in issues] == [(R.RULE_FAILED, "test.boom")]


def test_rule_ids_are_unique_and_namespaced():
    from validators.registry import FAMILIES

    ids = [s.rule_id for family in FAMILIES for s in family]
    assert len(ids) == len(set(ids)) == len(BUILTIN_RULES)
    assert all("." in i for i in ids)


def test_absurd_amounts_are_invalid_values_not_crashes(h):
    doc = h.invoice(total="1e999999", subtotal="0.0000001")
    issues = validate(doc, h.ctx())
    assert {(i.code, i.fields) for i in issues} == {(R.INVALID_VALUE, ("total",)), (R.INVALID_VALUE, ("subtotal",))}


def test_type_not_accepted_runs_no_rules(h):
    client = h.client(doc_types=["claim"])
    assert validate(h.invoice(total="999.00"), h.ctx(client)) == []


def test_unknown_cannot_be_an_accepted_type(h):
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="cannot be accepted"):
        h.client(doc_types=["invoice", "unknown"])
