"""Build a journal entry for a document: pure functions, no database.

Each document type has one posting rule. Amounts are Decimal; negative documents (credit
notes) swap debit and credit sides. `check_balanced` is applied to every entry before it is
written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from schemas.client_config import ChartOfAccounts
from schemas.document import DocType, ExtractedDocument
from schemas.money import NotMoney, to_money

ZERO = Decimal("0")


class PostingError(ValueError):
    """A document that cannot be turned into a balanced entry; the message says why."""


@dataclass(frozen=True)
class DraftLine:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    memo: str | None = None


@dataclass(frozen=True)
class DraftEntry:
    entry_date: date
    description: str
    currency: str
    lines: tuple[DraftLine, ...] = field(default_factory=tuple)

    @property
    def total_debit(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((ln.credit for ln in self.lines), ZERO)


def check_balanced(entry: DraftEntry) -> None:
    if not entry.lines:
        raise PostingError("entry has no lines")
    if entry.total_debit != entry.total_credit:
        raise PostingError(
            f"entry does not balance: debits {entry.total_debit} != credits {entry.total_credit}"
        )
    for ln in entry.lines:
        if ln.debit < 0 or ln.credit < 0:
            raise PostingError(f"negative amount on {ln.account}")


def _amount(doc: ExtractedDocument, name: str, *, required: bool = True) -> Decimal | None:
    raw = doc.value(name)
    if raw is None or isinstance(raw, list):
        if required:
            raise PostingError(f"field {name} is missing")
        return None
    try:
        return to_money(raw)
    except NotMoney as exc:
        raise PostingError(f"field {name} is not an amount: {raw!r}") from exc


def _date(doc: ExtractedDocument, *names: str, fallback: date) -> date:
    for name in names:
        raw = doc.value(name)
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                continue
    return fallback


def _line(account: str, amount: Decimal, *, debit: bool, memo: str | None = None) -> DraftLine:
    """A line on the debit or credit side; a negative amount lands on the other side."""
    if amount < 0:
        debit, amount = not debit, -amount
    return DraftLine(account, debit=amount if debit else ZERO, credit=ZERO if debit else amount, memo=memo)


def expense_account(doc: ExtractedDocument, accounts: ChartOfAccounts) -> str:
    vendor = doc.value("vendor_name")
    if isinstance(vendor, str):
        wanted = vendor.casefold().strip()
        for name, account in accounts.vendor_expense.items():
            if name.casefold().strip() == wanted:
                return account
    return accounts.default_expense


def invoice_entry(doc: ExtractedDocument, accounts: ChartOfAccounts, today: date) -> DraftEntry:
    total = _amount(doc, "total")
    tax = _amount(doc, "tax_total", required=False) or ZERO
    net = total - tax
    vendor = doc.value("vendor_name") or "unknown vendor"
    number = doc.value("invoice_number") or "?"
    lines = [_line(expense_account(doc, accounts), net, debit=True, memo=f"{vendor} {number}")]
    if tax:
        lines.append(_line(accounts.input_tax, tax, debit=True, memo="input tax"))
    lines.append(_line(accounts.accounts_payable, total, debit=False, memo=str(vendor)))
    return DraftEntry(
        entry_date=_date(doc, "invoice_date", fallback=today),
        description=f"{doc.doc_type.value} {number} from {vendor}",
        currency=str(doc.value("currency") or "USD"),
        lines=tuple(ln for ln in lines if ln.debit or ln.credit),
    )


def claim_entry(doc: ExtractedDocument, accounts: ChartOfAccounts, today: date) -> DraftEntry:
    charge = _amount(doc, "total_charge")
    paid = _amount(doc, "amount_paid", required=False) or ZERO
    lines = [_line(accounts.claims_expense, charge, debit=True, memo="total charge")]
    if charge - paid:
        lines.append(_line(accounts.claims_payable, charge - paid, debit=False, memo="balance due"))
    if paid:
        lines.append(_line(accounts.cash, paid, debit=False, memo="amount paid"))
    account = doc.value("patient_account_number") or "?"
    return DraftEntry(
        entry_date=today,
        description=f"claim {account} from {doc.value('billing_provider_name') or 'unknown provider'}",
        currency="USD",
        lines=tuple(lines),
    )


def paystub_entry(doc: ExtractedDocument, accounts: ChartOfAccounts, today: date) -> DraftEntry:
    gross = _amount(doc, "gross_pay")
    net = _amount(doc, "net_pay")
    deductions = gross - net
    lines = [_line(accounts.wages_expense, gross, debit=True, memo="gross pay")]
    if deductions:
        lines.append(_line(accounts.payroll_liabilities, deductions, debit=False, memo="withholdings"))
    lines.append(_line(accounts.cash, net, debit=False, memo="net pay"))
    return DraftEntry(
        entry_date=_date(doc, "pay_date", "pay_period_end", fallback=today),
        description=f"pay stub {doc.value('employee_name') or '?'} ({doc.value('employer_name') or '?'})",
        currency="USD",
        lines=tuple(lines),
    )


POSTING_RULES = {
    DocType.INVOICE: invoice_entry,
    DocType.RECEIPT: invoice_entry,
    DocType.CLAIM: claim_entry,
    DocType.PAYSTUB: paystub_entry,
}
"""Document types that post an entry. A W-2 is an annual statement: it is accepted and
filed with the batch, but posts nothing (its wages were posted from the pay stubs)."""


def build_entry(doc: ExtractedDocument, accounts: ChartOfAccounts, today: date) -> DraftEntry | None:
    rule = POSTING_RULES.get(doc.doc_type)
    if rule is None:
        return None
    entry = rule(doc, accounts, today)
    check_balanced(entry)
    return entry
