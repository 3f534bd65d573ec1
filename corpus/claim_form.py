"""The CMS-1500 (02/12) professional claim form, drawn as its real grid in drop-out red."""
from __future__ import annotations

import re
from pathlib import Path

from corpus.claim_model import Claim, form_name
from corpus.pdf_canvas import Page, font_pair, new_canvas

RED = (0.78, 0.12, 0.15)
INK = (0, 0, 0)
SHADE = (0.98, 0.86, 0.86)
L, R = 18.0, 594.0
DATA = 9.0


class Form:
    def __init__(self, page: Page):
        self.p = page

    def cell(self, x0: float, x1: float, top: float, h: float, label: str = "") -> None:
        self.p.box(x0, top, x1 - x0, h, width=0.5, stroke=RED)
        if label:
            self.p.text(x0 + 2, top + 1.5, label, 5.2, color=RED)

    def data(self, x: float, top: float, s: str, align: str = "left", size: float = DATA) -> None:
        self.p.text(x, top, s, size, align=align, color=INK, font="Courier")

    def money(self, divider: float, top: float, value) -> None:
        self.p.vrule(divider, top - 2, top + 10, 0.5, RED)
        dollars, cents = f"{value:.2f}".split(".")
        self.data(divider - 3, top, dollars, align="right")
        self.data(divider + 3, top, cents)


def _split_city_line(line: str) -> tuple[str, str, str]:
    """`SPRINGFIELD, IL 62701` -> (city, state, zip); anything else stays in the city cell."""
    match = re.match(r"^(.*), ([A-Z]{2}) (\d{5})$", line)
    return match.groups() if match else (line, "", "")


def _mdy(d, long_year: bool = False) -> str:
    return d.strftime("%m %d %Y" if long_year else "%m %d %y")


def render_cms1500(claim: Claim, path: Path) -> int:
    canvas = new_canvas(path, "letter")
    page = Page(canvas, font_pair("Helvetica"))
    f = Form(page)
    # carrier block (payer) and title
    for i, line in enumerate(claim.payer):
        f.data(340, 22 + i * 11, line)
    page.text(L, 62, "HEALTH INSURANCE CLAIM FORM", 12, bold=True, color=RED)
    page.text(L, 77, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12", 5.5, color=RED)
    page.text(R, 79, "PICA", 6, align="right", color=RED)
    top, h = 92.0, 24.0
    f.cell(L, 370, top, h, "1. MEDICARE      MEDICAID      TRICARE      CHAMPVA      GROUP HEALTH PLAN"
                             "      FECA BLK LUNG      OTHER")
    f.data(L + 200, top + 11, "X")
    f.cell(370, R, top, h, "1a. INSURED'S I.D. NUMBER                    (For Program in Item 1)")
    f.data(374, top + 11, claim.insured_id)
    top += h
    f.cell(L, 230, top, h, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)")
    f.data(L + 4, top + 11, form_name(claim.patient))
    f.cell(230, 370, top, h, "3. PATIENT'S BIRTH DATE                 SEX")
    f.data(234, top + 11, _mdy(claim.patient_dob, long_year=True))
    f.data(330, top + 11, f"{claim.patient_sex} X")
    f.cell(370, R, top, h, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)")
    f.data(374, top + 11, form_name(claim.insured))
    top += h
    f.cell(L, 230, top, h, "5. PATIENT'S ADDRESS (No., Street)")
    f.data(L + 4, top + 11, claim.patient_address[0])
    f.cell(230, 370, top, h, "6. PATIENT RELATIONSHIP TO INSURED")
    page.text(234, top + 10, "Self     Spouse     Child     Other", 5.5, color=RED)
    f.data({"SELF": 246, "SPOUSE": 278, "CHILD": 308}[claim.relationship], top + 15, "X", size=7)
    f.cell(370, R, top, h, "7. INSURED'S ADDRESS (No., Street)")
    top += h
    for labels in (("CITY", "STATE"), ("ZIP CODE", "TELEPHONE (Include Area Code)")):
        f.cell(L, 150, top, h, labels[0])
        f.cell(150, 230, top, h, labels[1])
        f.cell(370, 480, top, h, labels[0])
        f.cell(480, R, top, h, labels[1])
        top += h
    f.cell(230, 370, top - 2 * h, 2 * h, "8. RESERVED FOR NUCC USE")
    city, state, zip_code = _split_city_line(claim.patient_address[-1])
    f.data(L + 4, top - 2 * h + 11, city)
    f.data(154, top - 2 * h + 11, state)
    f.data(L + 4, top - h + 11, zip_code)
    rows = (
        ("9. OTHER INSURED'S NAME (Last name, First Name, Middle Initial)",
         "10. IS PATIENT'S CONDITION RELATED TO:", "11. INSURED'S POLICY GROUP OR FECA NUMBER"),
        ("a. OTHER INSURED'S POLICY OR GROUP NUMBER", "a. EMPLOYMENT? (Current or Previous)",
         "a. INSURED'S DATE OF BIRTH                 SEX"),
        ("b. RESERVED FOR NUCC USE", "b. AUTO ACCIDENT?        PLACE (State)",
         "b. OTHER CLAIM ID (Designated by NUCC)"),
        ("c. RESERVED FOR NUCC USE", "c. OTHER ACCIDENT?", "c. INSURANCE PLAN NAME OR PROGRAM NAME"),
        ("d. INSURANCE PLAN NAME OR PROGRAM NAME", "10d. CLAIM CODES (Designated by NUCC)",
         "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?"),
    )
    for i, (a, b, c) in enumerate(rows):
        f.cell(L, 230, top, h, a)
        f.cell(230, 370, top, h, b)
        f.cell(370, R, top, h, c)
        if 0 < i < 4:
            page.text(300, top + 12, "YES        NO", 5.5, color=RED)
            f.data(330, top + 11, "X", size=7)
        top += h
    f.data(374, top - 5 * h + 11, claim.insured_policy_group)
    f.cell(L, 300, top, 36, "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE I authorize the release of any"
                             " medical or other information")
    f.data(L + 30, top + 20, "SIGNATURE ON FILE")
    f.cell(300, R, top, 36, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE I authorize payment of benefits")
    f.data(330, top + 20, "SIGNATURE ON FILE")
    top += 36
    f.cell(L, 250, top, h, "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)")
    f.cell(250, 370, top, h, "15. OTHER DATE")
    f.cell(370, R, top, h, "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION")
    top += h
    f.cell(L, 230, top, h, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE")
    f.data(L + 4, top + 11, "DN")
    f.data(L + 24, top + 11, claim.referring_provider_name)
    f.cell(230, 370, top, h / 2, "17a.")
    f.cell(230, 370, top + h / 2, h / 2, "17b. NPI")
    f.data(268, top + h / 2 + 2, claim.referring_provider_npi)
    f.cell(370, R, top, h, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES")
    top += h
    f.cell(L, 370, top, h, "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)")
    f.cell(370, R, top, h, "20. OUTSIDE LAB?                     $ CHARGES")
    top += h
    f.cell(L, 370, top, 40, "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY Relate A-L to service line below"
                             " (24E)      ICD Ind.  0")
    for i in range(12):
        x, y = L + 6 + (i % 4) * 86, top + 10 + (i // 4) * 10
        page.text(x, y, f"{'ABCDEFGHIJKL'[i]}.", 5.5, color=RED)
        if i < len(claim.diagnosis_codes):
            f.data(x + 10, y - 1, claim.diagnosis_codes[i], size=8.5)
    f.cell(370, R, top, 20, "22. RESUBMISSION CODE          ORIGINAL REF. NO.")
    f.cell(370, R, top + 20, 20, "23. PRIOR AUTHORIZATION NUMBER")
    top += 40
    top = _service_lines(f, claim, top)
    f.cell(L, 160, top, 26, "25. FEDERAL TAX I.D. NUMBER      SSN  EIN")
    f.data(L + 4, top + 13, claim.federal_tax_id)
    f.cell(160, 260, top, 26, "26. PATIENT'S ACCOUNT NO.")
    f.data(164, top + 13, claim.patient_account_number)
    f.cell(260, 340, top, 26, "27. ACCEPT ASSIGNMENT?")
    f.data(266, top + 13, "X YES")
    f.cell(340, 430, top, 26, "28. TOTAL CHARGE")
    page.text(343, top + 13, "$", 7, color=RED)
    f.money(410, top + 13, claim.total_charge)
    f.cell(430, 510, top, 26, "29. AMOUNT PAID")
    page.text(433, top + 13, "$", 7, color=RED)
    f.money(490, top + 13, claim.amount_paid)
    f.cell(510, R, top, 26, "30. Rsvd for NUCC Use")
    top += 26
    f.cell(L, 180, top, 60, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES")
    f.data(L + 4, top + 30, "SIGNATURE ON FILE", size=7.5)
    f.cell(180, 370, top, 60, "32. SERVICE FACILITY LOCATION INFORMATION")
    for i, line in enumerate([claim.service_facility_name, *claim.service_facility_address][:4]):
        f.data(184, top + 11 + i * 11, line, size=8)
    f.cell(370, R, top, 60, f"33. BILLING PROVIDER INFO & PH #     {claim.billing_provider_phone}")
    for i, line in enumerate([claim.billing_provider_name, *claim.billing_provider_address][:4]):
        f.data(374, top + 11 + i * 11, line, size=8)
    top += 60
    f.cell(180, 275, top, 14, "a.")
    f.data(190, top + 3, claim.service_facility_npi, size=8)
    f.cell(275, 370, top, 14, "b.")
    f.cell(370, 482, top, 14, "a.")
    f.data(380, top + 3, claim.billing_provider_npi, size=8)
    f.cell(482, R, top, 14, "b.")
    page.text(L, top + 22, "NUCC Instruction Manual available at: www.nucc.org", 6, color=RED)
    page.text(306, top + 22, "PLEASE PRINT OR TYPE", 7, bold=True, align="center", color=RED)
    page.text(R, top + 22, "APPROVED OMB-0938-1197 FORM 1500 (02-12)", 6, align="right", color=RED)
    canvas.showPage()
    canvas.save()
    return 1


COLS = ((L, 80, "From"), (80, 140, "To"), (140, 162, "B."), (162, 180, "C."), (180, 232, "CPT/HCPCS"),
        (232, 290, "MODIFIER"), (290, 330, "E."), (330, 400, "F."), (400, 425, "G."), (425, 442, "H."),
        (442, 462, "I."), (462, R, "J."))


def _service_lines(f: Form, claim: Claim, top: float) -> float:
    p = f.p
    f.cell(L, R, top, 22)
    heads = ("24. A. DATE(S) OF SERVICE", "", "B. PLACE OF", "C.", "D. PROCEDURES, SERVICES, OR SUPPLIES",
             "", "E. DIAGNOSIS", "F. $ CHARGES", "G. DAYS", "H. EPSDT", "I. ID.", "J. RENDERING")
    subs = ("From  MM  DD  YY", "To  MM  DD  YY", "SERVICE", "EMG", "CPT/HCPCS", "MODIFIER",
            "POINTER", "", "OR UNITS", "Family Plan", "QUAL.", "PROVIDER ID. #")
    for (x0, x1, _), head, sub in zip(COLS, heads, subs):
        p.vrule(x0, top, top + 22 + 6 * 24, 0.5, RED)
        p.text(x0 + 2, top + 3, head, 4.8, color=RED)
        p.text(x0 + 2, top + 12, sub, 4.8, color=RED)
    top += 22
    for i in range(6):
        p.box(L, top, R - L, 9, width=0.3, stroke=RED, fill=SHADE)
        f.cell(L, R, top, 24)
        p.text(L - 8, top + 12, str(i + 1), 8, bold=True, color=RED)
        p.text(445, top + 13, "NPI", 6, color=RED)
        if i < len(claim.lines):
            line = claim.lines[i]
            f.data(L + 4, top + 12, line.date_from.strftime("%m %d %y"), size=8.5)
            f.data(84, top + 12, line.date_to.strftime("%m %d %y"), size=8.5)
            f.data(144, top + 12, line.place_of_service, size=8.5)
            f.data(184, top + 12, line.procedure_code, size=8.5)
            f.data(236, top + 12, " ".join(line.modifiers), size=8.5)
            f.data(294, top + 12, line.diagnosis_pointer, size=8.5)
            f.money(385, top + 12, line.charge)
            f.data(404, top + 12, str(line.units), size=8.5)
            f.data(466, top + 12, line.rendering_provider_npi, size=8.5)
        top += 24
    return top
