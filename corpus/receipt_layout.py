"""A narrow till receipt (80 mm roll), monospaced, the height of its content."""
from __future__ import annotations

from pathlib import Path

from corpus.invoice_locales import SYMBOLS, format_date, format_number
from corpus.invoice_model import Invoice
from corpus.pdf_canvas import Page, font_pair
from reportlab.pdfgen.canvas import Canvas

WIDTH = 226.0  # 80 mm
LINE = 11.0


def render_receipt(inv: Invoice, path: Path, rng) -> int:
    """Write the receipt PDF (one tall narrow page); return its page count (1)."""
    body_lines = 16 + len(inv.vendor_address) + sum(2 if li.quantity != 1 else 1 for li in inv.lines)
    height = 40 + body_lines * LINE + 40
    canvas = Canvas(str(path), pagesize=(WIDTH, height), invariant=1, pageCompression=1)
    page = Page(canvas, font_pair("Courier"))
    mid, left, right = WIDTH / 2, 12.0, WIDTH - 12.0
    sym = SYMBOLS[inv.currency]
    num = lambda v: format_number(v, inv.locale)  # noqa: E731
    top = 20.0
    page.text(mid, top, inv.vendor_name, 9.5, bold=True, align="center")
    top += LINE + 2
    for line in inv.vendor_address:
        page.text(mid, top, line, 8, align="center")
        top += LINE
    phone = f"TEL {rng.randint(200, 989)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
    page.text(mid, top, phone, 8, align="center")
    top += LINE * 1.6
    stamp = f"{format_date(inv.invoice_date, inv.date_format)}  {rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}"
    page.text(left, top, stamp, 8)
    page.text(right, top, f"RECEIPT # {inv.invoice_number}", 8, align="right")
    top += LINE
    page.text(left, top, f"CASHIER: {rng.choice(('ANA', 'TOM', 'LEE', 'MIA', 'RAJ'))}  REG {rng.randint(1, 9)}", 8)
    top += LINE
    page.text(left, top, "-" * 34, 8)
    top += LINE
    for item in inv.lines:
        page.text(left, top, item.description, 8)
        page.text(right, top, num(item.amount), 8, align="right")
        top += LINE
        if item.quantity != 1:
            page.text(left + 12, top, f"{format_number(item.quantity, inv.locale, 0)} @ {num(item.unit_price)}", 8)
            top += LINE
    page.text(left, top, "-" * 34, 8)
    top += LINE
    rate = inv.tax_rates[0] if inv.tax_rates else 0
    rate_text = format(rate.normalize(), "f") if rate else "0"
    for label, value, bold in (("SUBTOTAL", num(inv.subtotal), False),
                               (f"{inv.tax_label} {rate_text}%", num(inv.tax_total), False),
                               ("TOTAL", f"{sym}{num(inv.total)}", True)):
        page.text(left, top, label, 9 if bold else 8, bold=bold)
        page.text(right, top, value, 9 if bold else 8, bold=bold, align="right")
        top += LINE + (2 if bold else 0)
    card = rng.choice(("VISA", "MASTERCARD", "AMEX", "DEBIT"))
    page.text(left, top, f"{card} ****{rng.randint(1000, 9999)}", 8)
    page.text(right, top, num(inv.total), 8, align="right")
    top += LINE * 1.8
    page.text(mid, top, "THANK YOU - PLEASE COME AGAIN", 8, align="center")
    canvas.showPage()
    canvas.save()
    return 1
