"""Invoice rules, each on both sides: a good document passes, a defective one fails with its code."""
from __future__ import annotations

from decimal import Decimal

from schemas.reasons import ReasonCode, Severity
from validators import invoice_rules as ir
from validators.engine import validate
from validators.history import InMemoryHistory

R = ReasonCode


def codes(issues):
    return [i.code for i in issues]


def test_good_invoice_has_no_issues(h):
    assert validate(h.invoice(), h.ctx()) == []


def test_total(h):
    assert ir.check_total(h.invoice(), h.ctx()) == []
    assert codes(ir.check_total(h.invoice(total="118.00"), h.ctx())) == [R.TOTAL_MISMATCH]
    # no tax field means no tax
    assert ir.check_total(h.invoice(tax_total=None, total="100.00"), h.ctx()) == []


def test_total_within_client_tolerance(h):
    doc = h.invoice(total="108.04")
    assert codes(ir.check_total(doc, h.ctx())) == [R.TOTAL_MISMATCH]
    assert ir.check_total(doc, h.ctx(h.client(rules={"tolerance": "0.05"}))) == []


def test_lines_sum(h):
    assert ir.check_lines_sum(h.invoice(), h.ctx()) == []
    lines = [{"description": "A", "amount": "60.00"}, {"description": "B", "amount": "41.00"}]
    assert codes(ir.check_lines_sum(h.invoice(line_items=lines), h.ctx())) == [R.LINES_SUM_MISMATCH]


def test_lines_sum_against_total_when_no_subtotal(h):
    lines = [{"description": "A", "amount": "60.00"}, {"description": "B", "amount": "48.00"}]
    assert ir.check_lines_sum(h.invoice(line_items=lines, subtotal=None, tax_total=None), h.ctx()) == []
    lines[1]["amount"] = "47.00"
    issues = ir.check_lines_sum(h.invoice(line_items=lines, subtotal=None, tax_total=None), h.ctx())
    assert codes(issues) == [R.LINES_SUM_MISMATCH]


def test_due_date(h):
    assert ir.check_due_date(h.invoice(), h.ctx()) == []
    assert ir.check_due_date(h.invoice(due_date="2026-11-01"), h.ctx()) == []  # same day is fine
    assert codes(ir.check_due_date(h.invoice(due_date="2026-10-31"), h.ctx())) == [R.DUE_BEFORE_INVOICE_DATE]


def test_invoice_date_future_and_stale(h):
    assert ir.check_invoice_date(h.invoice(), h.ctx()) == []
    assert codes(ir.check_invoice_date(h.invoice(invoice_date="2026-11-25"), h.ctx())) == [R.FUTURE_DATE]
    stale = ir.check_invoice_date(h.invoice(invoice_date="2025-11-01"), h.ctx())
    assert codes(stale) == [R.STALE_DATE] and stale[0].severity == Severity.WARNING
    client = h.client(rules={"max_age_days": 30})
    assert codes(ir.check_invoice_date(h.invoice(invoice_date="2026-10-20"), h.ctx(client))) == [R.STALE_DATE]


def test_currency_allowed(h):
    client = h.client(rules={"allowed_currencies": ["USD", "EUR"]})
    assert ir.check_currency(h.invoice(), h.ctx(client)) == []
    assert codes(ir.check_currency(h.invoice(currency="JPY"), h.ctx(client))) == [R.CURRENCY_NOT_ALLOWED]
    assert ir.check_currency(h.invoice(currency="JPY"), h.ctx()) == []  # no list: any currency


def test_approval_limit(h):
    client = h.client(rules={"approval_limit": "5000.00"})
    at_limit = h.invoice(subtotal="5000.00", tax_total="0.00", total="5000.00", line_items=[])
    assert ir.check_approval_limit(at_limit, h.ctx(client)) == []
    over = h.invoice(subtotal="5000.01", tax_total="0.00", total="5000.01", line_items=[])
    issues = ir.check_approval_limit(over, h.ctx(client))
    assert codes(issues) == [R.APPROVAL_REQUIRED] and issues[0].fields == ("total",)
    assert ir.check_approval_limit(over, h.ctx()) == []  # no limit set


def test_duplicate_same_vendor_and_number(h):
    history = InMemoryHistory()
    history.add(h.invoice())
    again = h.invoice(invoice_date="2026-11-20", vendor_name="ACME TOOLS INC")  # rescanned, case differs
    assert codes(ir.check_duplicate(again, h.ctx(history=history))) == [R.DUPLICATE_INVOICE]
    other_vendor = h.invoice(vendor_name="Beta Supplies")
    assert ir.check_duplicate(other_vendor, h.ctx(history=history)) == []


def test_duplicate_same_amount_within_window(h):
    history = InMemoryHistory()
    history.add(h.invoice())
    near = h.invoice(invoice_number="INV-1002", invoice_date="2026-11-10")
    assert codes(ir.check_duplicate(near, h.ctx(history=history))) == [R.DUPLICATE_INVOICE]
    far = h.invoice(invoice_number="INV-1002", invoice_date="2026-11-20")  # 19 days > 14
    assert ir.check_duplicate(far, h.ctx(history=history)) == []
    other_amount = h.invoice(invoice_number="INV-1002", total="109.00")
    assert ir.check_duplicate(other_amount, h.ctx(history=history)) == []


def test_duplicate_ignores_the_document_itself(h):
    doc = h.invoice()
    history = InMemoryHistory(exclude_sha256=doc.sha256)
    history.add(doc)
    assert ir.check_duplicate(doc, h.ctx(history=history)) == []


def test_money_is_decimal(h):
    issue = ir.check_total(h.invoice(total="0.30", subtotal="0.10", tax_total="0.20"), h.ctx())
    assert issue == []  # 0.1 + 0.2 == 0.3 exactly in Decimal
    assert Decimal("0.1") + Decimal("0.2") == Decimal("0.3")
