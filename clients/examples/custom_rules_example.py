"""A worked example of a client's own rules (see docs/custom-rules.md).

Enable it in a client's YAML with

    custom_rules: examples.custom_rules_example

(found relative to the YAML's folder, i.e. clients/examples/custom_rules_example.py), or
with any importable module path (`mypackage.checks`).

A rule is a pure function `(doc, ctx) -> list[Issue]`: it reads the extracted document and
the context (client config, today, history, master data) and returns issues; it never
raises for a bad document, never writes anything, and uses Decimal for money.
"""
from __future__ import annotations

from decimal import Decimal

from schemas.reasons import ReasonCode, Severity
from validators.fields import money, rows, text
from validators.issue import Issue
from validators.rule import rule

ROUND_AMOUNT = Decimal("1000")


@rule("custom.po_prefix", doc_types=["invoice"])
def po_number_prefix(doc, ctx):
    """This client's purchase orders all start with PO-."""
    po = text(doc, "po_number")
    if po is None or po.upper().startswith("PO-"):
        return []
    return [Issue(code=ReasonCode.INVALID_VALUE, fields=("po_number",), rule_id="custom.po_prefix",
                  message=f"PO number {po!r} should start with PO-")]


@rule("custom.round_total", doc_types=["invoice", "receipt"])
def round_total_without_lines(doc, ctx):
    """A large round total with no line items is a classic sign of a made-up invoice: warn."""
    total = money(doc, "total")
    if total is None or rows(doc, "line_items") or total < ROUND_AMOUNT or total % ROUND_AMOUNT:
        return []
    return [Issue(code=ReasonCode.APPROVAL_REQUIRED, fields=("total",), rule_id="custom.round_total",
                  severity=Severity.WARNING, message=f"round total {total} with no line items")]


# Optional: list the rules explicitly (decorated functions are found either way).
RULES = [po_number_prefix, round_total_without_lines]
