"""Invoices of the client's known vendors, billed against the world's purchase orders.

`bill_order` turns a freshly made invoice into one from a known vendor that quotes a real PO
with the PO's lines (SKU, description, price) and the quantities received, so two- and
three-way matching pass; the PO_MISMATCH and RECEIPT_MISMATCH defects break exactly one line.
"""
from __future__ import annotations

import random
from decimal import Decimal

from corpus.invoice_model import Invoice, LineItem, _totals
from corpus.money import cents
from corpus.truth import Defect
from corpus.world import PurchaseOrder, Vendor, World
from schemas.reasons import ReasonCode

PRICE_RISES = (Decimal("1.05"), Decimal("1.08"), Decimal("1.12"), Decimal("1.25"))


def choose_vendor(rng: random.Random, world: World, locale: str) -> Vendor | None:
    known = world.vendors_in(locale)
    return rng.choice(known) if known else None


def choose_order(rng: random.Random, world: World, vendor: Vendor, used: set[str],
                 short: bool = False) -> PurchaseOrder:
    """One of the vendor's POs, not yet invoiced if possible; `short` wants a short-received one."""
    orders = [po for po in world.orders_of(vendor) if po.short or not short]
    fresh = [po for po in orders if po.po_number not in used]
    return rng.choice(fresh or orders)


def bill_order(inv: Invoice, world: World, vendor: Vendor, po: PurchaseOrder, rng: random.Random, *,
               line_count: int | None = None, defect: ReasonCode | None = None) -> None:
    """Make `inv` the vendor's invoice for `po`: every PO line billed at the PO price for the
    quantity received (more lines than the PO has repeat its items, as deliveries billed
    together on a long invoice). Totals are recomputed; amount due follows the total."""
    inv.vendor_name, inv.vendor_address, inv.vendor_tax_id = vendor.name, list(vendor.address), vendor.tax_id
    inv.customer_name, inv.customer_address = world.company, list(world.company_address)
    inv.po_number = po.po_number
    count = max(line_count or 0, len(po.lines))
    order = list(po.lines) + [rng.choice(po.lines) for _ in range(count - len(po.lines))]
    rates = [line.tax_rate for line in inv.lines] or [inv.locale.tax_rates[0]]
    lines = []
    for i, ordered in enumerate(order):
        qty = ordered.received
        if qty == qty.to_integral_value() and qty > 2 and rng.random() < 0.25:  # a partial invoice
            qty = Decimal(rng.randint(1, int(qty) - 1))
        if inv.credit:
            qty = -qty
        lines.append(LineItem(ordered.description, qty, ordered.unit_price, cents(qty * ordered.unit_price),
                              ordered.sku, rates[i % len(rates)]))
    if defect is ReasonCode.PO_MISMATCH:
        i = rng.randrange(len(lines))
        line = lines[i]
        price = cents(line.unit_price * rng.choice(PRICE_RISES))
        lines[i] = LineItem(line.description, line.quantity, price, cents(line.quantity * price), line.sku,
                            line.tax_rate)
        inv.defects.append(Defect(defect, (f"line_items[{i}].unit_price",),
                                  f"unit price {price} above {line.unit_price} on {po.po_number}"))
    elif defect is ReasonCode.RECEIPT_MISMATCH:
        i = next(k for k, o in enumerate(order) if o.received < o.quantity)
        ordered, line = order[i], lines[i]
        lines[i] = LineItem(line.description, ordered.quantity, line.unit_price,
                            cents(ordered.quantity * line.unit_price), line.sku, line.tax_rate)
        inv.defects.append(Defect(defect, (f"line_items[{i}].quantity",),
                                  f"bills {ordered.quantity} ordered, only {ordered.received} received"))
    inv.lines = lines
    inv.subtotal, inv.tax_total, inv.total = _totals(lines)
    inv.amount_due = inv.total
