"""Rules for invoices and receipts: arithmetic, dates, currency, duplicates, approval.
Vendor master data and purchase-order matching live in `validators.purchasing_rules`."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from schemas.document import ExtractedDocument
from schemas.reasons import ReasonCode, Severity
from validators.fields import cell_money, day, money, rows, text
from validators.issue import Issue
from validators.rule import INVOICE_TYPES, RuleSpec

if TYPE_CHECKING:
    from validators.engine import RuleContext

ZERO = Decimal("0")


def check_lines_sum(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """Line item amounts add up to the subtotal (or to the total when there is no subtotal and no tax)."""
    lines = rows(doc, "line_items")
    amounts = [cell_money(r, "amount") for r in lines]
    if not lines or any(a is None for a in amounts):
        return []
    target_name = "subtotal" if money(doc, "subtotal") is not None else "total"
    target = money(doc, target_name)
    if target is None or (target_name == "total" and (money(doc, "tax_total") or ZERO) != ZERO):
        return []
    lines_total = sum(amounts, ZERO)  # type: ignore[arg-type]
    if abs(lines_total - target) <= ctx.client.rules.tolerance:
        return []
    return [Issue(code=ReasonCode.LINES_SUM_MISMATCH, fields=(target_name, "line_items"), rule_id="invoice.lines_sum",
                  message=f"line items add up to {lines_total}, {target_name} is {target}")]


def check_total(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """subtotal + tax_total = total, within the client's tolerance (no tax field = no tax)."""
    subtotal, total = money(doc, "subtotal"), money(doc, "total")
    if subtotal is None or total is None:
        return []
    tax = money(doc, "tax_total") or ZERO
    if abs(subtotal + tax - total) <= ctx.client.rules.tolerance:
        return []
    return [Issue(code=ReasonCode.TOTAL_MISMATCH, fields=("subtotal", "tax_total", "total"), rule_id="invoice.total",
                  message=f"subtotal {subtotal} + tax {tax} = {subtotal + tax}, but total is {total}")]


def check_due_date(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    issued, due = day(doc, "invoice_date"), day(doc, "due_date")
    if issued is None or due is None or due >= issued:
        return []
    return [Issue(code=ReasonCode.DUE_BEFORE_INVOICE_DATE, fields=("due_date", "invoice_date"),
                  rule_id="invoice.due_date", message=f"due {due} is before the invoice date {issued}")]


def check_invoice_date(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """Not in the future; not older than `rules.max_age_days` (a warning: late but possibly owed)."""
    issued = day(doc, "invoice_date")
    if issued is None:
        return []
    if issued > ctx.today:
        return [Issue(code=ReasonCode.FUTURE_DATE, fields=("invoice_date",), rule_id="invoice.date",
                      message=f"invoice date {issued} is after today ({ctx.today})")]
    max_age = ctx.client.rules.max_age_days
    if max_age is not None and issued < ctx.today - timedelta(days=max_age):
        return [Issue(code=ReasonCode.STALE_DATE, fields=("invoice_date",), rule_id="invoice.date",
                      severity=Severity.WARNING,
                      message=f"invoice date {issued} is more than {max_age} days old")]
    return []


def check_currency(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    allowed = ctx.client.rules.allowed_currencies
    currency = text(doc, "currency")
    if allowed is None or currency is None or currency.upper() in allowed:
        return []
    return [Issue(code=ReasonCode.CURRENCY_NOT_ALLOWED, fields=("currency",), rule_id="invoice.currency",
                  message=f"currency {currency} is not one of {', '.join(allowed)}")]


def check_approval_limit(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    limit, total = ctx.client.rules.approval_limit, money(doc, "total")
    if limit is None or total is None or total <= limit:
        return []
    return [Issue(code=ReasonCode.APPROVAL_REQUIRED, fields=("total",), rule_id="invoice.approval_limit",
                  message=f"total {total} is above the approval limit {limit}")]


def check_duplicate(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """Same vendor and number, or same vendor, total and a date within `duplicate_window_days`,
    among everything the client has sent (posted or in review)."""
    vendor, number = text(doc, "vendor_name"), text(doc, "invoice_number")
    if vendor is None:
        return []
    if number is not None:
        same = ctx.history.find_invoices(vendor, number)
        if same:
            return [Issue(code=ReasonCode.DUPLICATE_INVOICE, fields=("vendor_name", "invoice_number"),
                          rule_id="invoice.duplicate",
                          message=f"{vendor} invoice {number} was already received ({_names(same)})")]
    total, issued = money(doc, "total"), day(doc, "invoice_date")
    if total is None or issued is None:
        return []
    window = ctx.client.rules.duplicate_window_days
    similar = ctx.history.find_similar_invoices(vendor, total, issued, window)
    if similar:
        return [Issue(code=ReasonCode.DUPLICATE_INVOICE, fields=("vendor_name", "total", "invoice_date"),
                      rule_id="invoice.duplicate",
                      message=f"{vendor} sent the same total {total} within {window} days ({_names(similar)})")]
    return []


def _names(found: list) -> str:  # type: ignore[type-arg]
    return ", ".join(p.source or p.sha256[:12] for p in found[:3])


RULES = (
    RuleSpec("invoice.lines_sum", INVOICE_TYPES, check_lines_sum),
    RuleSpec("invoice.total", INVOICE_TYPES, check_total),
    RuleSpec("invoice.due_date", INVOICE_TYPES, check_due_date),
    RuleSpec("invoice.date", INVOICE_TYPES, check_invoice_date),
    RuleSpec("invoice.currency", INVOICE_TYPES, check_currency),
    RuleSpec("invoice.duplicate", INVOICE_TYPES, check_duplicate),
    RuleSpec("invoice.approval_limit", INVOICE_TYPES, check_approval_limit),
)
