"""Form W-2 (Wage and Tax Statement) in the IRS box layout, one or two copies per page."""
from __future__ import annotations

from pathlib import Path

from corpus.payroll_model import W2
from corpus.pdf_canvas import Page, font_pair, new_canvas

L, MID, R = 30.0, 306.0, 582.0
COPIES = (("Copy B—To Be Filed With Employee's FEDERAL Tax Return.",
           "This information is being furnished to the Internal Revenue Service."),
          ("Copy 2—To Be Filed With Employee's State, City, or Local Income Tax Return.", ""))


def _amount(w2: W2, value) -> str:
    return f"{value:,.2f}" if w2.grouped else f"{value:.2f}"


def _cell(page: Page, x0: float, x1: float, top: float, h: float, label: str, value: str = "",
          align: str = "right", size: float = 9.5) -> None:
    page.box(x0, top, x1 - x0, h, width=0.5)
    page.text(x0 + 2, top + 1.5, label, 5.8)
    if value:
        if align == "right":
            page.text(x1 - 6, top + h - size - 3, value, size, align="right", font="Courier")
        else:
            page.text(x0 + 6, top + 10, value, size, font="Courier")


def _copy(page: Page, w2: W2, top: float, copy: tuple[str, str]) -> None:
    amt = lambda v: _amount(w2, v)  # noqa: E731
    page.box(L, top, R - L, 20, width=0.5)
    page.text(L + 60, top + 1.5, "a  Employee's social security number", 5.8)
    page.text(L + 66, top + 9, w2.employee_ssn, 9.5, font="Courier")
    page.text(MID + 40, top + 6, "OMB No. 1545-0008", 7, bold=True)
    page.text(R - 4, top + 4, "Safe, accurate, FAST! Use", 5.5, align="right")
    top += 20
    h = 24.0
    _cell(page, L, MID, top, h, "b  Employer identification number (EIN)", w2.employer_ein, "left")
    pairs = (("1  Wages, tips, other compensation", w2.wages, "2  Federal income tax withheld",
              w2.federal_tax_withheld),
             ("3  Social security wages", w2.social_security_wages, "4  Social security tax withheld",
              w2.social_security_tax),
             ("5  Medicare wages and tips", w2.medicare_wages, "6  Medicare tax withheld",
              w2.medicare_tax),
             ("7  Social security tips", None, "8  Allocated tips", None),
             ("9", None, "10  Dependent care benefits", None),
             ("11  Nonqualified plans", None, "12a  See instructions for box 12", None),
             ("13  Statutory employee   Retirement plan   Third-party sick pay", None, "12b", None),
             ("14  Other", None, "12c", None), ("", None, "12d", None))
    mid2 = (MID + R) / 2
    for i, (l1, v1, l2, v2) in enumerate(pairs):
        row = top + i * h
        _cell(page, MID, mid2, row, h, l1, amt(v1) if v1 is not None else "")
        _cell(page, mid2, R, row, h, l2, amt(v2) if v2 is not None else "")
        if l2.startswith("12") and i - 5 < len(w2.box12):
            code, value = w2.box12[i - 5]
            page.text(mid2 + 8, row + 10, code, 9.5, font="Courier")
            page.text(R - 6, row + 10, amt(value), 9.5, align="right", font="Courier")
    if w2.box12 and w2.box12[0][0] == "D":
        page.text(MID + 70, top + 6 * h + 12, "X", 9, font="Courier")
    c_height = 4 * h
    page.box(L, top + h, MID - L, c_height, width=0.5)
    page.text(L + 2, top + h + 1.5, "c  Employer's name, address, and ZIP code", 5.8)
    page.lines(L + 6, top + h + 11, [w2.employer_name, *w2.employer_address], 9)
    _cell(page, L, MID, top + 5 * h, h, "d  Control number", w2.control_number, "left")
    row = top + 6 * h
    page.box(L, row, MID - L, 3 * h, width=0.5)
    page.vrule(L + 130, row, row + h, 0.5)
    page.vrule(MID - 30, row, row + h, 0.5)
    page.text(L + 2, row + 1.5, "e  Employee's first name and initial", 5.8)
    page.text(L + 132, row + 1.5, "Last name", 5.8)
    page.text(MID - 28, row + 1.5, "Suff.", 5.8)
    page.text(L + 6, row + 10, w2.employee_first, 9.5, font="Courier")
    page.text(L + 136, row + 10, w2.employee_last, 9.5, font="Courier")
    page.lines(L + 6, row + h + 4, w2.employee_address, 9)
    page.text(L + 2, row + 3 * h - 9, "f  Employee's address and ZIP code", 5.8)
    row = top + 9 * h
    cols = ((L, L + 30, "15 State", w2.state), (L + 30, L + 150, "Employer's state ID number",
                                                w2.state_employer_id),
            (L + 150, L + 260, "16 State wages, tips, etc.", amt(w2.state_wages)),
            (L + 260, L + 360, "17 State income tax", amt(w2.state_tax)),
            (L + 360, L + 450, "18 Local wages, tips, etc.", ""), (L + 450, L + 520, "19 Local income tax", ""),
            (L + 520, R, "20 Locality name", ""))
    for x0, x1, label, value in cols:
        _cell(page, x0, x1, row, 30, label, value, "left" if x1 - x0 < 130 and not value[:1].isdigit() else "right",
              size=8.5)
    row += 36
    page.text(L, row, "Form", 7)
    page.text(L + 20, row - 4, "W-2", 20, bold=True)
    page.text(L + 70, row, "Wage and Tax Statement", 11, bold=True)
    page.text(MID + 10, row - 4, str(w2.tax_year), 20, bold=True)
    page.text(R, row - 2, "Department of the Treasury—Internal Revenue Service", 7, align="right")
    page.text(L, row + 20, copy[0], 7, bold=True)
    if copy[1]:
        page.text(L, row + 29, copy[1], 6)


def render_w2(w2: W2, path: Path, two_up: bool) -> int:
    canvas = new_canvas(path, "letter")
    page = Page(canvas, font_pair("Helvetica"))
    _copy(page, w2, 30, COPIES[0])
    if two_up:
        page.text(page.width / 2, 396, "- - - - - - - - - - fold and detach - - - - - - - - - -", 7,
                  align="center")
        _copy(page, w2, 412, COPIES[1])
    canvas.showPage()
    canvas.save()
    return 1
