from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.journal import DraftEntry, DraftLine, PostingError, build_entry, check_balanced
from schemas.client_config import ChartOfAccounts
from schemas.document import DocType, ExtractedDocument, FieldValue

TODAY = date(2026, 11, 24)


def doc(doc_type: DocType, **values: str) -> ExtractedDocument:
    return ExtractedDocument(
        source="x.pdf", sha256="0" * 64, doc_type=doc_type, doc_type_confidence=1.0, pages=1,
        fields={k: FieldValue(value=v, confidence=0.99, needs_review=False) for k, v in values.items()},
    )


def test_invoice_debits_expense_and_tax_and_credits_payables() -> None:
    accounts = ChartOfAccounts(vendor_expense={"ACME Tools, Inc.": "6100 Tools"})
    entry = build_entry(
        doc(DocType.INVOICE, vendor_name="ACME Tools, Inc.", invoice_number="INV-1", invoice_date="2026-11-01",
            subtotal="100.00", tax_total="19.00", total="119.00", currency="EUR"),
        accounts, TODAY,
    )
    assert entry is not None
    by_account = {ln.account: (ln.debit, ln.credit) for ln in entry.lines}
    assert by_account["6100 Tools"] == (Decimal("100.00"), 0)
    assert by_account[accounts.input_tax] == (Decimal("19.00"), 0)
    assert by_account[accounts.accounts_payable] == (0, Decimal("119.00"))
    assert entry.entry_date == date(2026, 11, 1)
    assert entry.currency == "EUR"
    assert entry.total_debit == entry.total_credit == Decimal("119.00")


def test_credit_note_swaps_sides_and_still_balances() -> None:
    entry = build_entry(doc(DocType.INVOICE, total="-35.00", tax_total="-5.00"), ChartOfAccounts(), TODAY)
    assert entry is not None
    ap = next(ln for ln in entry.lines if ln.account == ChartOfAccounts().accounts_payable)
    assert ap.debit == Decimal("35.00") and ap.credit == 0
    assert entry.total_debit == entry.total_credit == Decimal("35.00")


def test_claim_splits_paid_and_payable() -> None:
    entry = build_entry(doc(DocType.CLAIM, total_charge="765.62", amount_paid="153.12"), ChartOfAccounts(), TODAY)
    assert entry is not None
    credits = {ln.account: ln.credit for ln in entry.lines if ln.credit}
    assert credits == {ChartOfAccounts().claims_payable: Decimal("612.50"), ChartOfAccounts().cash: Decimal("153.12")}


def test_paystub_withholdings_are_gross_minus_net() -> None:
    entry = build_entry(doc(DocType.PAYSTUB, gross_pay="2500.00", net_pay="1890.55"), ChartOfAccounts(), TODAY)
    assert entry is not None
    assert {ln.account: ln.credit for ln in entry.lines if ln.credit}[ChartOfAccounts().payroll_liabilities] == Decimal("609.45")


def test_w2_posts_nothing() -> None:
    assert build_entry(doc(DocType.W2, wages="50000.00"), ChartOfAccounts(), TODAY) is None


def test_missing_amount_is_a_posting_error_naming_the_field() -> None:
    with pytest.raises(PostingError, match="total"):
        build_entry(doc(DocType.INVOICE, vendor_name="X"), ChartOfAccounts(), TODAY)


def test_unbalanced_entry_is_refused() -> None:
    entry = DraftEntry(TODAY, "x", "USD", (DraftLine("a", debit=Decimal("1.00")), DraftLine("b", credit=Decimal("0.99"))))
    with pytest.raises(PostingError, match="does not balance"):
        check_balanced(entry)


def test_float_money_is_refused() -> None:
    from schemas.money import to_money

    with pytest.raises(TypeError):
        to_money(1.5)
