"""Ground truth of invoices and receipts: exactly the values their renderers print."""
from __future__ import annotations

from corpus.invoice_layouts import InvoiceLayout
from corpus.invoice_model import Invoice
from corpus.money import money_str, number_str
from corpus.truth import Truth, collapse


def invoice_truth(inv: Invoice, layout: InvoiceLayout, notes: str) -> Truth:
    f: dict[str, str] = {
        "vendor_name": inv.vendor_name,
        "vendor_address": collapse(" ".join(inv.vendor_address)),
    }
    if inv.vendor_tax_id:
        f["vendor_tax_id"] = inv.vendor_tax_id
    if inv.customer_name:
        f["customer_name"] = inv.customer_name
        f["customer_address"] = collapse(" ".join(inv.customer_address))
    f["invoice_number"] = inv.invoice_number
    f["invoice_date"] = inv.invoice_date.isoformat()
    if inv.due_date is not None:
        f["due_date"] = inv.due_date.isoformat()
    if inv.po_number:
        f["po_number"] = inv.po_number
    f["currency"] = inv.currency
    f["subtotal"] = money_str(inv.subtotal)
    f["tax_total"] = money_str(inv.tax_total)
    f["total"] = money_str(inv.total)
    if inv.amount_due is not None:
        f["amount_due"] = money_str(inv.amount_due)
    if inv.payment_terms:
        f["payment_terms"] = inv.payment_terms
    if inv.iban:
        f["iban"] = inv.iban
    rows = []
    for item in inv.lines:
        row = {"description": item.description, "quantity": number_str(item.quantity),
               "unit_price": money_str(item.unit_price), "amount": money_str(item.amount)}
        if "sku" in layout.columns:
            row["sku"] = item.sku
        if "tax_rate" in layout.columns:
            row["tax_rate"] = number_str(item.tax_rate)
        rows.append(row)
    return Truth(inv.doc_type, f, {"line_items": rows}, list(inv.defects), notes)


def receipt_truth(inv: Invoice, notes: str) -> Truth:
    f = {
        "vendor_name": inv.vendor_name,
        "vendor_address": collapse(" ".join(inv.vendor_address)),
        "invoice_number": inv.invoice_number,
        "invoice_date": inv.invoice_date.isoformat(),
        "currency": inv.currency,
        "subtotal": money_str(inv.subtotal),
        "tax_total": money_str(inv.tax_total),
        "total": money_str(inv.total),
    }
    rows = []
    for item in inv.lines:
        row = {"description": item.description}
        if item.quantity != 1:  # "2 @ 3.49" is printed only for multiples
            row |= {"quantity": number_str(item.quantity), "unit_price": money_str(item.unit_price)}
        row["amount"] = money_str(item.amount)
        rows.append(row)
    return Truth("receipt", f, {"line_items": rows}, list(inv.defects), notes)
