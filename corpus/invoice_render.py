"""Draw an `Invoice` with an `InvoiceLayout`: header, parties and meta data on page one."""
from __future__ import annotations

import os
from pathlib import Path

from corpus.invoice_layouts import InvoiceLayout
from corpus.invoice_locales import INVOICE_NUMBER_LABELS, LABELS, format_date
from corpus.invoice_model import Invoice
from corpus.invoice_table import draw_footer, draw_line_table, draw_totals, paginate
from corpus.pdf_canvas import Page, font_pair, new_canvas

GRAY = (0.45, 0.45, 0.45)
WHITE = (1, 1, 1)


def labels_for(inv: Invoice, layout: InvoiceLayout) -> dict[str, str]:
    lang = inv.locale.language
    labels = dict(LABELS[lang])
    options = INVOICE_NUMBER_LABELS[lang]
    labels["number"] = options[layout.number_label % len(options)]
    labels["tax"] = inv.tax_label
    if inv.credit:
        labels["title"] = labels["credit_title"]
    return labels


def meta_rows(inv: Invoice, layout: InvoiceLayout, labels: dict[str, str]) -> list[tuple[str, str]]:
    rows = [(labels["number"], inv.invoice_number),
            (labels["date"], format_date(inv.invoice_date, inv.date_format))]
    if inv.due_date is not None:
        rows.append((labels["due"], format_date(inv.due_date, inv.date_format)))
    if inv.po_number:
        rows.append((labels["po"], inv.po_number))
    if layout.currency_display == "none":
        rows.append((labels["currency"], inv.currency))
    return rows


def render_invoice(inv: Invoice, layout: InvoiceLayout, path: Path) -> int:
    """Write the invoice PDF; return its page count."""
    canvas = new_canvas(path, layout.page)
    fonts = font_pair(layout.font)
    labels = labels_for(inv, layout)
    margin = 42.0
    first_top = _measure_first_header(inv, layout, labels, margin)
    pages = paginate(inv.lines, first_top, Page(canvas, fonts).height)
    first_index = 1
    for number, chunk in enumerate(pages, start=1):
        page = Page(canvas, fonts)
        if number == 1:
            top = draw_first_header(page, inv, layout, labels, margin)
        else:
            top = draw_continuation_header(page, inv, labels, margin, number)
        top = draw_line_table(page, inv, layout, labels, chunk, top, margin, first_index)
        first_index += len(chunk)
        if number == len(pages):
            draw_totals(page, inv, layout, labels, top + 8, margin)
        else:
            page.text(page.width - margin, top + 6, labels["continued"], 8, align="right",
                      color=GRAY)
        draw_footer(page, inv, layout, labels, margin, number, len(pages))
        canvas.showPage()
    canvas.save()
    return len(pages)


def _measure_first_header(inv: Invoice, layout: InvoiceLayout, labels, margin: float) -> float:
    """Where the table starts on page one, found by drawing the header on a scratch canvas."""
    scratch = new_canvas(Path(os.devnull), layout.page)
    return draw_first_header(Page(scratch, font_pair(layout.font)), inv, layout, labels, margin)


def _vendor_block(page: Page, inv: Invoice, layout: InvoiceLayout, labels, x: float, top: float,
                  align: str = "left", size: float = 13, color=(0, 0, 0)) -> float:
    page.text(x, top, inv.vendor_name, size, bold=True, align=align, color=color)
    top = page.lines(x, top + size + 4, inv.vendor_address, 8.5, align=align, color=color)
    if inv.vendor_tax_id and not layout.bank_footer:
        page.text(x, top, f"{labels['tax_id']}: {inv.vendor_tax_id}", 8.5, align=align,
                  color=color)
        top += 11
    return top


def _customer_block(page: Page, inv: Invoice, labels, x: float, top: float, size=9.5) -> float:
    page.text(x, top, labels["bill_to"], 8, bold=True, color=GRAY)
    page.text(x, top + 11, inv.customer_name, size, bold=True)
    return page.lines(x, top + 11 + size * 1.3, inv.customer_address, size - 0.5)


def _meta(page: Page, inv: Invoice, layout: InvoiceLayout, labels, x: float, top: float,
          right: float) -> float:
    rows = meta_rows(inv, layout, labels)
    if layout.meta == "right_block":
        for label, value in rows:
            page.text(x, top, label, 9, bold=True)
            page.text(right, top, value, 9, align="right")
            top += 13
        return top
    if layout.meta == "left_lines":
        for label, value in rows:
            page.text(x, top, f"{label}: {value}", 9.5)
            top += 13
        return top
    if layout.meta == "grid_box":
        height = 15.0
        mid = x + (right - x) * 0.5
        for label, value in rows:
            page.box(x, top, right - x, height, width=0.5)
            page.vrule(mid, top, top + height, width=0.5)
            page.text(x + 4, top + 3.5, label, 8.5, bold=True)
            page.text(mid + 4, top + 3.5, value, 8.5)
            top += height
        return top
    # row_cells: one horizontal row of labelled cells spanning x..right
    cell = (right - x) / len(rows)
    for i, (label, value) in enumerate(rows):
        cx = x + i * cell
        page.box(cx, top, cell, 30, width=0.5, stroke=GRAY)
        page.text(cx + 5, top + 4, label, 7, color=GRAY)
        page.text(cx + 5, top + 15, value, 9, bold=True)
    return top + 30


def draw_first_header(page: Page, inv: Invoice, layout: InvoiceLayout, labels, m: float) -> float:
    w, right = page.width, page.width - m
    title = labels["title"]
    match layout.header:
        case "vendor_left":
            bottom = _vendor_block(page, inv, layout, labels, m, 40)
            page.text(right, 38, title, 22, bold=True, align="right", color=layout.accent)
            meta_bottom = _meta(page, inv, layout, labels, right - 210, 75, right)
            cust = _customer_block(page, inv, labels, m, max(bottom, 120) + 10)
            return max(cust, meta_bottom) + 18
        case "band":
            page.box(0, 0, w, 95, stroke=None, fill=layout.accent)
            page.text(m, 24, inv.vendor_name, 17, bold=True, color=WHITE)
            page.lines(m, 48, inv.vendor_address, 8.5, color=WHITE)
            page.text(right, 24, title, 20, bold=True, align="right", color=WHITE)
            if inv.vendor_tax_id:
                page.text(right, 52, f"{labels['tax_id']}: {inv.vendor_tax_id}", 8.5,
                          align="right", color=WHITE)
            meta_bottom = _meta(page, inv, layout, labels, m, 110, right)
            return _customer_block(page, inv, labels, m, meta_bottom + 14) + 16
        case "title_center":
            page.text(w / 2, 32, title, 20, bold=True, align="center")
            page.rule(m, 60, right, 1.2)
            left = _vendor_block(page, inv, layout, labels, m, 72, size=11)
            cust = _customer_block(page, inv, labels, w / 2 + 20, 72)
            meta_x, meta_r = (m, w / 2 - 10) if layout.meta == "left_lines" else (w / 2 + 20, right)
            meta_bottom = _meta(page, inv, layout, labels, meta_x, max(left, cust) + 12, meta_r)
            return meta_bottom + 16
        case "din_window":
            _vendor_block(page, inv, layout, labels, right, 40, align="right", size=14)
            sender = " · ".join([inv.vendor_name, *inv.vendor_address])
            page.text(m, 128, sender, 6.5, color=GRAY)
            page.rule(m, 137, m + 240, 0.3, GRAY)
            page.text(m, 146, inv.customer_name, 10)
            page.lines(m, 159, inv.customer_address, 10)
            _meta(page, inv, layout, labels, right - 200, 146, right)
            page.text(m, 272, f"{title} {inv.invoice_number}", 14, bold=True)
            page.text(m, 295, labels["thanks"], 9)
            return 318
        case "vendor_right":
            page.text(m, 40, title, 24, bold=True, color=layout.accent)
            _vendor_block(page, inv, layout, labels, right, 40, align="right", size=12)
            page.box(m, 118, 250, 82, width=0.7, stroke=layout.accent)
            _customer_block(page, inv, labels, m + 8, 124)
            meta_bottom = _meta(page, inv, layout, labels, right - 220, 118, right)
            return max(206, meta_bottom) + 16
        case "minimal":
            top = _vendor_block(page, inv, layout, labels, m, 40, size=12) + 10
            page.text(m, top, title, 15, bold=True)
            top = _meta(page, inv, layout, labels, m, top + 24, right)
            return _customer_block(page, inv, labels, m, top + 10) + 14
        case _:  # customer_first: the vendor is only in the footer
            page.text(m, 36, title, 24, bold=True, color=layout.accent)
            cust = _customer_block(page, inv, labels, m, 72, size=11)
            meta_bottom = _meta(page, inv, layout, labels, m, max(cust, 130) + 8, right)
            return meta_bottom + 16


def draw_continuation_header(page: Page, inv: Invoice, labels, m: float, number: int) -> float:
    page.text(m, 36, inv.vendor_name, 11, bold=True)
    page.text(page.width - m, 36, f"{labels['number']} {inv.invoice_number}", 9, align="right")
    page.text(page.width - m, 50, f"{labels['page']} {number}", 9, align="right")
    page.rule(m, 66, page.width - m, 0.8)
    return 80
