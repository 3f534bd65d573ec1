"""Three pay stub layouts: an earnings statement, stacked tables, and a check with its stub."""
from __future__ import annotations

from pathlib import Path

from corpus.payroll_model import PayStub
from corpus.pdf_canvas import Page, font_pair, new_canvas

GRAY = (0.4, 0.4, 0.4)
LIGHT = (0.9, 0.9, 0.9)
PAYSTUB_LAYOUTS = ("earnings_statement", "stacked_summary", "check_stub")


def _n(value) -> str:
    return f"{value:,.2f}"


def _d(day, iso: bool = False) -> str:
    return day.isoformat() if iso else day.strftime("%m/%d/%Y")


def _table(page: Page, x: float, top: float, width: float, title: str, heads: list[str],
           rows: list[list[str]], shaded: bool = True, size: float = 8.5) -> float:
    """A small table: first column left-aligned, the rest right-aligned in equal columns."""
    first = width * 0.36
    other = (width - first) / max(1, len(heads) - 1)
    page.text(x, top, title, 9.5, bold=True)
    top += 14
    if shaded:
        page.box(x, top, width, 14, stroke=None, fill=LIGHT)
    else:
        page.rule(x, top + 14, x + width, 0.8)
    for i, head in enumerate(heads):
        if i == 0:
            page.text(x + 3, top + 3.5, head, 7.5, bold=True)
        else:
            page.text(x + first + i * other - 3, top + 3.5, head, 7.5, bold=True, align="right")
    top += 16
    for row in rows:
        for i, cell in enumerate(row):
            if i == 0:
                page.text(x + 3, top, cell, size)
            else:
                page.text(x + first + i * other - 3, top, cell, size, align="right")
        top += size + 4.5
    return top


def _earning_rows(stub: PayStub) -> list[list[str]]:
    return [[e.type, _n(e.rate) if e.rate is not None else "", _n(e.hours) if e.hours is not None else "",
             _n(e.amount), _n(e.ytd)] for e in stub.earnings]


def _deduction_rows(stub: PayStub) -> list[list[str]]:
    return [[d.type, _n(d.amount), _n(d.ytd)] for d in stub.deductions]


def render_paystub(stub: PayStub, path: Path) -> int:
    canvas = new_canvas(path, "letter")
    fonts = {"earnings_statement": "Helvetica", "stacked_summary": "DejaVuSans",
             "check_stub": "DejaVuCond"}[stub.layout]
    page = Page(canvas, font_pair(fonts))
    {"earnings_statement": _earnings_statement, "stacked_summary": _stacked_summary,
     "check_stub": _check_stub}[stub.layout](page, stub)
    canvas.showPage()
    canvas.save()
    return 1


def _info(page: Page, x: float, top: float, stub: PayStub, iso: bool = False) -> float:
    for label, value in (("Employee", stub.employee_name), ("Employee ID", stub.employee_id),
                         ("Pay Period", f"{_d(stub.period_start, iso)} - {_d(stub.period_end, iso)}"),
                         ("Pay Date", _d(stub.pay_date, iso))):
        page.text(x, top, label, 8, color=GRAY)
        page.text(x + 70, top, value, 9)
        top += 13
    return top


def _earnings_statement(page: Page, stub: PayStub) -> None:
    m, right = 36.0, page.width - 36.0
    page.text(m, 36, stub.employer_name, 14, bold=True)
    page.lines(m, 54, stub.employer_address, 8.5)
    page.text(right, 36, "EARNINGS STATEMENT", 14, bold=True, align="right")
    _info(page, right - 220, 60, stub)
    page.rule(m, 124, right, 1.2)
    half = (right - m) / 2 - 8
    left_end = _table(page, m, 134, half, "EARNINGS", ["Description", "Rate", "Hours", "Current",
                                                     "YTD"], _earning_rows(stub))
    right_end = _table(page, m + half + 16, 134, half, "DEDUCTIONS",
                       ["Description", "This Period", "Year to Date"], _deduction_rows(stub))
    top = max(left_end, right_end) + 16
    page.box(m, top, right - m, 44, width=0.8)
    cells = (("Gross Pay", stub.gross_pay, stub.ytd_gross), ("Total Deductions", stub.total_deductions, None),
             ("Net Pay", stub.net_pay, stub.ytd_net))
    width = (right - m) / 3
    for i, (label, current, ytd) in enumerate(cells):
        x = m + i * width + 8
        page.text(x, top + 6, label, 8.5, bold=True)
        page.text(x, top + 19, f"Current: {_n(current)}", 9)
        if ytd is not None:
            page.text(x, top + 31, f"YTD: {_n(ytd)}", 8.5, color=GRAY)
    page.text(m, top + 64, "Net pay deposited by direct deposit. Keep this statement for your records.", 8,
              color=GRAY)


def _stacked_summary(page: Page, stub: PayStub) -> None:
    m, right = 40.0, page.width - 40.0
    page.box(0, 0, page.width, 70, stroke=None, fill=(0.16, 0.26, 0.42))
    page.text(m, 22, stub.employer_name, 15, bold=True, color=(1, 1, 1))
    page.text(right, 24, "Pay Statement", 12, align="right", color=(1, 1, 1))
    page.lines(m, 84, stub.employer_address, 8.5)
    _info(page, right - 230, 84, stub, iso=True)
    top = 150.0
    page.box(m, top, right - m, 46, width=0.6)
    heads = ("", "Gross Pay", "Deductions", "Net Pay")
    ytd_deductions = stub.ytd_gross - stub.ytd_net
    rows = (heads, ("Current", _n(stub.gross_pay), _n(stub.total_deductions), _n(stub.net_pay)),
            ("Year to Date", _n(stub.ytd_gross), _n(ytd_deductions), _n(stub.ytd_net)))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            x = m + 8 if c == 0 else m + 120 + c * 110
            page.text(x, top + 5 + r * 13, cell, 8.5, bold=r == 0 or c == 0,
                      align="left" if c == 0 else "right")
    top = _table(page, m, top + 64, right - m, "Earnings", ["Type", "Rate", "Hours", "Current", "YTD"],
                 _earning_rows(stub), shaded=False)
    top = _table(page, m, top + 14, right - m, "Deductions", ["Type", "Current", "YTD"],
                 _deduction_rows(stub), shaded=False)
    page.text(m, top + 10, f"Total Deductions {_n(stub.total_deductions)}", 9, bold=True)


def _check_stub(page: Page, stub: PayStub) -> None:
    m, right = 36.0, page.width - 36.0
    page.box(m, 30, right - m, 230, width=1.0, stroke=(0.2, 0.4, 0.3), fill=(0.93, 0.97, 0.94))
    page.text(m + 12, 42, stub.employer_name, 12, bold=True)
    page.lines(m + 12, 58, stub.employer_address, 8)
    page.text(right - 12, 42, f"Date {_d(stub.pay_date)}", 9, align="right")
    page.text(m + 12, 130, "PAY TO THE", 7)
    page.text(m + 12, 139, "ORDER OF", 7)
    page.text(m + 60, 132, stub.employee_name, 11)
    page.rule(m + 58, 148, right - 150, 0.6)
    page.box(right - 140, 124, 128, 22, width=0.8)
    page.text(right - 16, 130, f"$****{_n(stub.net_pay)}", 11, bold=True, align="right")
    page.text(right - 12, 230, "NON-NEGOTIABLE - THIS IS NOT A CHECK", 8, bold=True, align="right")
    page.rule(m, 282, right, 0.5, GRAY)
    page.text(page.width / 2, 276, "- - - detach here - - -", 7, align="center", color=GRAY)
    top = _info(page, m, 300, stub) + 8
    rows = [[e.type, _n(e.rate) if e.rate is not None else "", _n(e.hours) if e.hours is not None else "",
             _n(e.amount), _n(e.ytd)] for e in stub.earnings]
    rows.append(["Gross Pay", "", "", _n(stub.gross_pay), _n(stub.ytd_gross)])
    top = _table(page, m, top, right - m, "EARNINGS", ["", "Rate", "Hours", "Current", "YTD"], rows)
    rows = _deduction_rows(stub) + [["Total Deductions", _n(stub.total_deductions), ""]]
    top = _table(page, m, top + 10, right - m, "TAXES AND DEDUCTIONS", ["", "Current", "YTD"], rows)
    page.box(right - 240, top + 10, 240, 34, width=0.8)
    page.text(right - 232, top + 16, "NET PAY", 10, bold=True)
    page.text(right - 8, top + 16, _n(stub.net_pay), 10, bold=True, align="right")
    page.text(right - 232, top + 30, "YTD NET", 8.5)
    page.text(right - 8, top + 30, _n(stub.ytd_net), 8.5, align="right")
