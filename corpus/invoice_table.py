"""Line-item table, totals block and footer of an invoice, and how rows split across pages."""
from __future__ import annotations

from corpus.invoice_layouts import InvoiceLayout
from corpus.invoice_locales import format_money, format_number, format_quantity
from corpus.invoice_model import Invoice, LineItem
from corpus.pdf_canvas import Page

ROW_H = 16.0
HEAD_H = 18.0
FOOTER_RESERVE = 84.0
TOTALS_RESERVE = 150.0
CONTINUATION_TOP = 80.0
GRAY = (0.45, 0.45, 0.45)
LIGHT = (0.92, 0.92, 0.92)
FIXED_WIDTHS = {"pos": 26.0, "sku": 64.0, "quantity": 46.0, "unit_price": 76.0,
                "tax_rate": 44.0, "amount": 82.0}
RIGHT_ALIGNED = {"quantity", "unit_price", "tax_rate", "amount"}


def paginate(lines: list[LineItem], first_top: float, page_height: float) -> list[list[LineItem]]:
    """Split rows over pages; the last page keeps room for the totals block."""
    chunks: list[list[LineItem]] = []
    rest, top = list(lines), first_top
    totals_rows = int(TOTALS_RESERVE // ROW_H) + 1
    while True:
        capacity = int((page_height - FOOTER_RESERVE - top - HEAD_H) // ROW_H)
        if len(rest) <= capacity - totals_rows:
            chunks.append(rest)
            return chunks
        take = max(1, min(capacity, len(rest) - 1))
        chunks.append(rest[:take])
        rest, top = rest[take:], CONTINUATION_TOP


def _columns(layout: InvoiceLayout, x0: float, x1: float) -> list[tuple[str, float, float]]:
    fixed = sum(FIXED_WIDTHS[c] for c in layout.columns if c != "description")
    out, x = [], x0
    for col in layout.columns:
        width = FIXED_WIDTHS.get(col, (x1 - x0) - fixed)
        out.append((col, x, width))
        x += width
    return out


def _rate_text(inv: Invoice, rate) -> str:
    text = format_quantity(rate, inv.locale)
    return f"{text}%" if inv.locale.language == "en" else f"{text} %"


def _cell(inv: Invoice, col: str, item: LineItem, index: int) -> str:
    match col:
        case "pos":
            return str(index)
        case "sku":
            return item.sku
        case "description":
            return item.description
        case "quantity":
            return format_quantity(item.quantity, inv.locale)
        case "unit_price":
            return format_number(item.unit_price, inv.locale)
        case "tax_rate":
            return _rate_text(inv, item.tax_rate)
        case _:
            return format_number(item.amount, inv.locale)


def _header_label(col: str, labels: dict[str, str]) -> str:
    return {"pos": "#", "sku": labels["sku"], "description": labels["desc"], "quantity": labels["qty"],
            "unit_price": labels["unit"], "tax_rate": labels["tax_rate"],
            "amount": labels["amount"]}[col]


def draw_line_table(page: Page, inv: Invoice, layout: InvoiceLayout, labels, chunk, top: float,
                    m: float, first_index: int = 1) -> float:
    right = page.width - m
    cols = _columns(layout, m, right)
    if layout.rules == "zebra":
        page.box(m, top, right - m, HEAD_H, stroke=None, fill=layout.accent)
    head_color = (1, 1, 1) if layout.rules == "zebra" else (0, 0, 0)
    for col, x, width in cols:
        label = _header_label(col, labels)
        if col in RIGHT_ALIGNED:
            page.text(x + width - 4, top + 5, label, 8, bold=True, align="right", color=head_color)
        else:
            page.text(x + 4, top + 5, label, 8, bold=True, color=head_color)
    if layout.rules in ("horizontal", "none"):
        page.rule(m, top + HEAD_H, right, 0.9)
    row_top = top + HEAD_H
    for offset, item in enumerate(chunk):
        if layout.rules == "zebra" and offset % 2:
            page.box(m, row_top, right - m, ROW_H, stroke=None, fill=LIGHT)
        for col, x, width in cols:
            text = _cell(inv, col, item, first_index + offset)
            if col in RIGHT_ALIGNED:
                page.text(x + width - 4, row_top + 4, text, 8.5, align="right")
            else:
                page.text(x + 4, row_top + 4, text, 8.5)
        if layout.rules == "horizontal":
            page.rule(m, row_top + ROW_H, right, 0.3, GRAY)
        row_top += ROW_H
    if layout.rules == "grid":
        page.box(m, top, right - m, row_top - top, width=0.7)
        page.rule(m, top + HEAD_H, right, 0.7)
        for _, x, _ in cols[1:]:
            page.vrule(x, top, row_top, 0.5)
        for i in range(1, len(chunk)):
            page.rule(m, top + HEAD_H + i * ROW_H, right, 0.3)
    return row_top


def totals_rows(inv: Invoice, layout: InvoiceLayout, labels) -> list[tuple[str, str, bool]]:
    money = lambda v: format_money(v, inv.locale, layout.currency_display)  # noqa: E731
    rates = inv.tax_rates
    tax_label = labels["tax"] + (f" {_rate_text(inv, rates[0])}" if len(rates) == 1 else "")
    rows = [(labels["subtotal"], money(inv.subtotal), False), (tax_label, money(inv.tax_total), False),
            (labels["total"], money(inv.total), True)]
    if inv.amount_due is not None:
        rows.append((labels["amount_due"], money(inv.amount_due), True))
    return rows


def draw_totals(page: Page, inv: Invoice, layout: InvoiceLayout, labels, top: float,
                m: float) -> float:
    right = page.width - m
    rows = totals_rows(inv, layout, labels)
    if layout.totals == "band":
        page.box(m, top, right - m, 34, stroke=None, fill=LIGHT)
        cell = (right - m) / len(rows)
        for i, (label, value, bold) in enumerate(rows):
            page.text(m + i * cell + 6, top + 4, label, 7.5, color=GRAY)
            page.text(m + i * cell + 6, top + 16, value, 10, bold=bold)
        top += 46
    else:
        x0 = m if layout.totals == "left" else right - 230
        x1 = m + 230 if layout.totals == "left" else right
        if layout.totals == "boxed":
            page.box(x0, top, x1 - x0, 15 * len(rows) + 8, width=0.8, stroke=layout.accent)
        row = top + 4
        for label, value, bold in rows:
            if bold and layout.totals != "boxed":
                page.rule(x0, row - 2, x1, 0.6)
            page.text(x0 + 6, row + 1, label, 9.5, bold=bold)
            page.text(x1 - 6, row + 1, value, 9.5, bold=bold, align="right")
            row += 15
        top = row + 14
    if inv.payment_terms:
        page.text(m, top, f"{labels['terms']}: {inv.payment_terms}", 9)
        top += 13
    if inv.iban and not layout.bank_footer:
        page.text(m, top, f"{labels['iban']}: {inv.iban}", 9)
        top += 13
    return top


def draw_footer(page: Page, inv: Invoice, layout: InvoiceLayout, labels, m: float, number: int,
                count: int) -> None:
    right, base = page.width - m, page.height - 72
    page_text = f"{labels['page']} {number}/{count}"
    if layout.bank_footer:
        page.rule(m, base, right, 0.4, GRAY)
        page.lines(m, base + 6, [inv.vendor_name, *inv.vendor_address], 7, color=GRAY)
        if inv.vendor_tax_id:
            page.text(m + 200, base + 6, f"{labels['tax_id']}: {inv.vendor_tax_id}", 7, color=GRAY)
        if inv.iban:
            page.text(m + 200, base + 15, f"{labels['iban']}: {inv.iban}", 7, color=GRAY)
        page.text(right, base + 6, page_text, 7, align="right", color=GRAY)
    elif layout.header == "customer_first":
        page.rule(m, base, right, 0.4, GRAY)
        page.text(m, base + 6, inv.vendor_name, 9, bold=True)
        page.lines(m, base + 18, inv.vendor_address, 7.5)
        if inv.vendor_tax_id:
            page.text(right, base + 6, f"{labels['tax_id']}: {inv.vendor_tax_id}", 7.5,
                      align="right")
        page.text(right, base + 18, page_text, 7.5, align="right", color=GRAY)
    else:
        page.text(page.width / 2, base + 30, labels["thanks"], 8, align="center", color=GRAY)
        page.text(right, base + 30, page_text, 7.5, align="right", color=GRAY)
