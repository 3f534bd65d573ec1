"""Invoice rules against the client's purchasing master data: known vendor, purchase order
(two-way) and goods receipt (three-way) matching. Each runs only when the client keeps that
master data file (and, for PO matching, when `rules.po_match.mode` is on)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from schemas.document import DocType, ExtractedDocument, FieldValue
from schemas.reasons import ReasonCode
from validators.fields import cell, cell_money, money, rows, text
from validators.issue import Issue
from validators.master_data import MasterData, PoLine, Vendor, normalise_name
from validators.rule import RuleSpec

if TYPE_CHECKING:
    from validators.engine import RuleContext

INVOICES_ONLY = frozenset({DocType.INVOICE})
ZERO = Decimal("0")
DESCRIPTION_MATCH_SCORE = 85


def _digits(tax_id: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", tax_id).upper()


def find_vendor(name: str, master: MasterData, min_score: int) -> tuple[Vendor | None, bool]:
    """(vendor, exact): exact normalised name or alias first, then the best rapidfuzz match."""
    wanted = normalise_name(name)
    for vendor in master.vendors:
        if wanted in {normalise_name(n) for n in (vendor.name, *vendor.aliases)}:
            return vendor, True
    choices = {(i, n): n for i, v in enumerate(master.vendors) for n in (v.name, *v.aliases)}
    best = process.extractOne(name, choices, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                              score_cutoff=min_score)
    if best is None:
        return None, False
    return master.vendors[best[2][0]], False


def check_vendor_known(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """The vendor is in master data (exact, then fuzzy); a tax ID on both sides must agree.
    A fuzzy match with no tax ID to confirm it still counts (the score is the guard)."""
    if not ctx.master.has("vendors"):
        return []
    name = text(doc, "vendor_name")
    if name is None:
        return []
    vendor, exact = find_vendor(name, ctx.master, ctx.client.rules.vendor_match_score)
    if vendor is None:
        return [Issue(code=ReasonCode.VENDOR_UNKNOWN, fields=("vendor_name",), rule_id="invoice.vendor_known",
                      message=f"vendor {name!r} is not in the client's vendor list")]
    tax_id = text(doc, "vendor_tax_id")
    if tax_id and vendor.tax_id and _digits(tax_id) != _digits(vendor.tax_id):
        how = "" if exact else f" (matched {vendor.name!r} by name)"
        return [Issue(code=ReasonCode.VENDOR_TAX_ID_MISMATCH, fields=("vendor_tax_id",),
                      rule_id="invoice.vendor_known",
                      message=f"tax ID {tax_id} does not match {vendor.tax_id} on file for {vendor.name}{how}")]
    return []


def _line_key(value: object) -> str:
    return normalise_name(value) if isinstance(value, str) else ""


def _po_line_for(row: dict[str, FieldValue], po: tuple[PoLine, ...], single: bool) -> PoLine | None:
    sku, desc = _line_key(cell(row, "sku")), _line_key(cell(row, "description"))
    for line in po:
        if sku and line.sku and _line_key(line.sku) == sku:
            return line
    for line in po:
        if desc and line.description and _line_key(line.description) == desc:
            return line
    if desc:  # OCR-noisy or reworded descriptions
        by_desc = {i: ln.description for i, ln in enumerate(po) if ln.description}
        best = process.extractOne(desc, by_desc, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                                  score_cutoff=DESCRIPTION_MATCH_SCORE)
        if best is not None:
            return po[best[2]]
    return po[0] if single and len(po) == 1 else None


def _received(master: MasterData, po_number: str, line: PoLine) -> Decimal:
    """Quantity received against one PO line (all receipts of a one-line PO count)."""
    receipts = master.goods_receipts.get(po_number, ())
    if len(master.purchase_orders.get(po_number, ())) == 1:
        return sum((r.quantity_received for r in receipts), ZERO)
    sku, desc = _line_key(line.sku), _line_key(line.description)
    return sum((r.quantity_received for r in receipts
                if (sku and _line_key(r.sku) == sku) or (not sku and desc and _line_key(r.description) == desc)), ZERO)


def check_po_match(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """Two-way: the PO exists, is for this vendor and currency, and each invoice line's price
    and quantity are within tolerance of the PO line. Three-way adds: quantity invoiced is not
    more than quantity received (goods receipts)."""
    setup = ctx.client.rules.po_match
    if setup.mode == "off" or not ctx.master.has("purchase_orders"):
        return []
    rid = "invoice.po_match"
    number = text(doc, "po_number")
    if number is None:
        return [Issue(code=ReasonCode.PO_NOT_FOUND, fields=("po_number",), rule_id=rid,
                      message="the client matches invoices to purchase orders, but this invoice quotes none")]
    po = ctx.master.purchase_orders.get(number)
    if po is None:
        return [Issue(code=ReasonCode.PO_NOT_FOUND, fields=("po_number",), rule_id=rid,
                      message=f"purchase order {number} is not in the client's PO list")]
    issues: list[Issue] = []
    vendor = text(doc, "vendor_name")
    if vendor and fuzz.token_sort_ratio(vendor, po[0].vendor_name, processor=utils.default_process) \
            < ctx.client.rules.vendor_match_score:
        issues.append(Issue(code=ReasonCode.PO_MISMATCH, fields=("vendor_name", "po_number"), rule_id=rid,
                            message=f"PO {number} is for {po[0].vendor_name}, not {vendor}"))
    currency = text(doc, "currency")
    if currency and po[0].currency and currency.upper() != po[0].currency.upper():
        issues.append(Issue(code=ReasonCode.PO_MISMATCH, fields=("currency",), rule_id=rid,
                            message=f"PO {number} is in {po[0].currency}, the invoice in {currency}"))
    lines = rows(doc, "line_items")
    if not lines:
        return issues + _po_total_check(doc, po, number, setup.price_tolerance, rid)
    three_way = setup.mode == "three_way"
    for i, row in enumerate(lines):
        label = f"line_items[{i}]"
        match = _po_line_for(row, po, single=len(lines) == 1)
        if match is None:
            issues.append(Issue(code=ReasonCode.PO_MISMATCH, fields=(label,), rule_id=rid,
                                message=f"{label} ({cell(row, 'description') or cell(row, 'sku')}) is not on PO {number}"))
            continue
        price, qty = cell_money(row, "unit_price"), cell_money(row, "quantity")
        if price is not None and abs(price - match.unit_price) > match.unit_price * setup.price_tolerance:
            issues.append(Issue(code=ReasonCode.PO_MISMATCH, fields=(f"{label}.unit_price",), rule_id=rid,
                                message=f"{label} unit price {price} vs {match.unit_price} on PO {number}"))
        if qty is not None and qty > match.quantity * (1 + setup.qty_tolerance):
            issues.append(Issue(code=ReasonCode.PO_MISMATCH, fields=(f"{label}.quantity",), rule_id=rid,
                                message=f"{label} quantity {qty} is more than {match.quantity} ordered on PO {number}"))
        if three_way and qty is not None:
            received = _received(ctx.master, number, match)
            if qty > received * (1 + setup.qty_tolerance):
                issues.append(Issue(code=ReasonCode.RECEIPT_MISMATCH, fields=(f"{label}.quantity",), rule_id=rid,
                                    message=f"{label} bills {qty}, only {received} received against PO {number}"))
    return issues


def _po_total_check(doc: ExtractedDocument, po: tuple[PoLine, ...], number: str, tol: Decimal, rid: str) -> list[Issue]:
    """No line items to match: the net amount must not exceed the PO's value (plus tolerance)."""
    net = money(doc, "subtotal")
    if net is None and (total := money(doc, "total")) is not None:
        net = total - (money(doc, "tax_total") or ZERO)
    value = sum((ln.quantity * ln.unit_price for ln in po), ZERO)
    if net is None or net <= value * (1 + tol):
        return []
    return [Issue(code=ReasonCode.PO_MISMATCH, fields=("subtotal", "po_number"), rule_id=rid,
                  message=f"net amount {net} is more than PO {number}'s value {value}")]


RULES = (
    RuleSpec("invoice.vendor_known", INVOICES_ONLY, check_vendor_known),
    RuleSpec("invoice.po_match", INVOICES_ONLY, check_po_match),
)
