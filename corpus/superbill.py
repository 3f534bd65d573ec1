"""A second professional-claim layout: a practice's 'Superbill / Professional Claim' page."""
from __future__ import annotations

from pathlib import Path

from corpus.claim_model import Claim, form_name
from corpus.pdf_canvas import Page, font_pair, new_canvas

ACCENT = (0.1, 0.3, 0.5)
GRAY = (0.4, 0.4, 0.4)


def _money(value) -> str:
    return f"${value:,.2f}"


def _pairs(page: Page, x: float, top: float, rows: list[tuple[str, str]], width: float = 95) -> float:
    for label, value in rows:
        page.text(x, top, label, 8, color=GRAY)
        page.text(x + width, top, value, 9)
        top += 13
    return top


def render_superbill(claim: Claim, path: Path) -> int:
    canvas = new_canvas(path, "letter")
    page = Page(canvas, font_pair("DejaVuSans"))
    m, right = 40.0, page.width - 40.0
    page.text(m, 36, claim.billing_provider_name, 12, bold=True, color=ACCENT)
    top = page.lines(m, 56, [*claim.billing_provider_address, f"Phone {claim.billing_provider_phone}"], 8.5)
    page.text(m, top, f"Billing NPI: {claim.billing_provider_npi}", 8.5)
    page.text(m, top + 11, f"Tax ID: {claim.federal_tax_id}", 8.5)
    page.text(right, 36, "SUPERBILL / PROFESSIONAL CLAIM", 11, bold=True, align="right")
    page.text(right, 54, f"Account No.: {claim.patient_account_number}", 9, align="right")
    page.rule(m, 128, right, 1.2, ACCENT)
    _pairs(page, m, 138, [("Patient", form_name(claim.patient)),
                          ("Date of birth", claim.patient_dob.strftime("%m/%d/%Y")),
                          ("Sex", claim.patient_sex)])
    _pairs(page, 330, 138, [("Insurance", claim.payer[0]), ("Member ID", claim.insured_id),
                            ("Group No.", claim.insured_policy_group),
                            ("Insured", form_name(claim.insured)),
                            ("Relationship", claim.relationship.title())], width=70)
    top = _pairs(page, m, 210, [("Patient address", " ".join(claim.patient_address)),
                                ("Referring provider", claim.referring_provider_name),
                                ("Referring NPI", claim.referring_provider_npi),
                                ("Service facility", claim.service_facility_name)])
    top += 8
    page.text(m, top, "DIAGNOSES (ICD-10-CM)", 9, bold=True, color=ACCENT)
    top += 14
    for i, code in enumerate(claim.diagnosis_codes):
        page.text(m + (i % 4) * 120, top + (i // 4) * 12, f"{'ABCDEFGHIJKL'[i]}.  {code}", 9)
    top += 14 * ((len(claim.diagnosis_codes) + 3) // 4) + 10
    page.text(m, top, "SERVICES", 9, bold=True, color=ACCENT)
    top += 14
    cols = (("From", m, "l"), ("To", m + 62, "l"), ("POS", m + 124, "l"), ("CPT/HCPCS", m + 156, "l"),
            ("Modifiers", m + 216, "l"), ("Dx Ptr", m + 272, "l"), ("Units", m + 340, "r"),
            ("Charge", m + 410, "r"), ("Rendering NPI", m + 420, "l"))
    page.box(m, top, right - m, 16, stroke=None, fill=(0.88, 0.92, 0.96))
    for label, x, align in cols:
        page.text(x + (0 if align == "l" else 0), top + 4, label, 8, bold=True,
                  align="right" if align == "r" else "left")
    top += 16
    for line in claim.lines:
        cells = (line.date_from.strftime("%m/%d/%Y"), line.date_to.strftime("%m/%d/%Y"),
                 line.place_of_service, line.procedure_code, " ".join(line.modifiers),
                 line.diagnosis_pointer, str(line.units), _money(line.charge),
                 line.rendering_provider_npi)
        for (label, x, align), text in zip(cols, cells):
            page.text(x, top + 4, text, 8.5, align="right" if align == "r" else "left")
        page.rule(m, top + 16, right, 0.3, GRAY)
        top += 16
    top += 12
    for label, value in (("Total charges", _money(claim.total_charge)),
                         ("Amount paid", _money(claim.amount_paid)),
                         ("Balance due", _money(claim.total_charge - claim.amount_paid))):
        page.text(right - 200, top, label, 9.5, bold=label == "Total charges")
        page.text(right, top, value, 9.5, bold=label == "Total charges", align="right")
        top += 14
    page.text(m, page.height - 60, "I authorize release of information necessary to process this claim. "
              "Signature on file.", 7.5, color=GRAY)
    canvas.showPage()
    canvas.save()
    return 1
