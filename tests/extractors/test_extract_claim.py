"""Claim (CMS-1500) extraction: value shapes, a CMS-1500-like PDF drawn here (text layer,
shifted and scaled), and a superbill-like page."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from extractors.claim_codes import (
    date_from_digits, money_from_tokens, npi_check_ok, repair_icd10, repair_icd10_words,
    repair_identifier, repair_mbi, repair_npi, repair_procedure,
)
from extractors.claim_fields import extract_claim
from extractors.loader import load_pages
from extractors.page_model import Word

# -- value shapes ---------------------------------------------------------------------------


def test_npi_check_digit_uses_luhn_with_80840_prefix():
    assert npi_check_ok("1234567893")  # the CMS example NPI
    assert not npi_check_ok("1234567890")
    assert not npi_check_ok("123456789")


def test_npi_letters_ocr_read_for_digits_are_confirmed_by_the_check_digit():
    assert repair_npi("1234567893", ocr=True) == ("1234567893", 1.0, True)
    assert repair_npi("12345G7B93", ocr=True) == ("1234567893", 0.9, True)
    assert repair_npi("12345G7B93", ocr=False) is None  # a text layer is taken as printed
    assert repair_npi("1234567B9O", ocr=True)[2] is False  # mapped, but the check fails


def test_an_npi_with_one_character_too_many_loses_a_speck_at_an_edge_or_a_rule_as_a_guess():
    assert repair_npi("61234567893", ocr=True) == ("1234567893", 0.4, False)
    assert repair_npi("12345167893", ocr=True) == ("1234567893", 0.4, False)
    assert repair_npi("61234567893", ocr=False) is None


def test_a_failing_npi_gets_its_leading_digit_from_the_check_digit_as_a_guess():
    npi, factor, checked = repair_npi("9234567893", ocr=True)
    assert (npi, checked) == ("1234567893", False) and factor < 0.5
    # a text layer's digits are the form's own: the failed check is the claim's (INVALID_NPI)
    assert repair_npi("9234567893", ocr=False) == ("9234567893", 1.0, False)


@pytest.mark.parametrize("token,code", [
    ("M54.50", "M54.50"), ("M5450", "M54.50"), ("E119", "E11.9"), ("I10", "I10"),
    ("|K59.00", "K59.00"), ("A.M54.50", "M54.50"), ("S93.401A", "S93.401A"),
])
def test_icd10_tokens_are_read_and_the_dropped_dot_restored(token, code):
    got = repair_icd10(token)
    assert got is not None and got[0] == code


@pytest.mark.parametrize("token,code", [
    ("345.909", "J45.909"), ("£11.9", "E11.9"), ("§93.401A", "S93.401A"), ("ROS.9", "R05.9"),
    ("A-RO5.9", "R05.9"), ("‘A..200.00", "Z00.00"),
])
def test_ocr_slips_in_icd10_codes_are_repaired_with_a_penalty(token, code):
    got = repair_icd10(token)
    assert got is not None and got[0] == code and got[1] < 1.0


@pytest.mark.parametrize("token,code", [("A°M17.11", "M17.11"), (".E11.9", "E11.9")])
def test_specks_and_glued_row_letters_come_off_icd10_codes(token, code):
    assert repair_icd10(token) == (code, 1.0)


def test_a_code_split_in_two_words_is_joined_and_a_stray_letter_dropped():
    assert [c for c, _, _ in repair_icd10_words(["ROS", "9.", "R51.9"])] == ["R05.9", "R51.9"]
    assert repair_icd10_words(["ROS", "9."])[0][2] == 2  # both words used
    assert [c for c, _, _ in repair_icd10_words(["BMS4.50"])] == ["M54.50"]
    assert repair_icd10_words(["R51.9", "M17.11"]) == [("R51.9", 1.0, 1), ("M17.11", 1.0, 1)]


@pytest.mark.parametrize("token", ["join", "ICD", "B.", "12", "U07.1"])
def test_non_codes_are_not_icd10(token):
    assert repair_icd10(token) is None


def test_procedure_code_ocr_slip_is_repaired_with_a_penalty():
    assert repair_procedure("99213") == ("99213", 1.0)
    assert repair_procedure("J0780") == ("J0780", 1.0)
    code, factor = repair_procedure("JO78O")
    assert code == "J0780" and factor < 1.0
    assert repair_procedure("0102")[1] < 0.5


def test_two_digit_birth_years_are_in_the_past_service_years_in_this_century():
    this_year = date.today().year % 100
    later = (this_year + 5) % 100
    assert date_from_digits(f"0413{later:02d}", past=True).year == 1900 + later
    assert date_from_digits("041365", past=True) == date(1965, 4, 13)
    assert date_from_digits("031826", past=False) == date(2026, 3, 18)
    assert date_from_digits("04131965", past=True) == date(1965, 4, 13)
    assert date_from_digits("133126", past=False) is None


def _w(text: str, x0: float, x1: float) -> Word:
    return Word(text, x0, 100, x1, 110, conf=0.95)


def test_split_cents_columns_join_into_one_amount():
    amount, used, factor = money_from_tokens([_w("765", 100, 120), _w("62", 126, 136)])
    assert amount == Decimal("765.62") and len(used) == 2 and factor == 1.0
    amount, _, factor = money_from_tokens([_w("428.83}", 100, 140)])
    assert amount == Decimal("428.83") and factor < 1.0
    amount, _, factor = money_from_tokens([_w("1367.0", 100, 140), _w("8", 146, 150)])
    assert amount == Decimal("1367.08") and factor < 1.0
    assert money_from_tokens([_w("$", 90, 95)]) is None


@pytest.mark.parametrize("text,amount", [
    ("25100", "25.00"), ("1003147", "1003.47"), ("49776", "497.76"), ("0.|00", "0.00"),
    ("438]46.", "438.46"), ("32'97", "32.97"), ("oloo", "0.00"), ("00", "0"),
])
def test_scanned_dollars_cents_cells_read_with_the_rule_lost_or_read_as_a_character(
        text, amount):
    got = money_from_tokens([_w(text, 100, 160)], split_cents=True)
    assert got is not None and got[0] == Decimal(amount) and got[2] < 1.0


def test_a_rule_read_cleanly_between_the_cells_confirms_the_split_but_two_bare_digits_do_not():
    amount, _, factor = money_from_tokens([_w("30/00", 100, 160)], split_cents=True)
    assert amount == Decimal("30.00") and factor == 1.0
    got = money_from_tokens([_w("00", 130, 160)], split_cents=True)  # dollars lost, or cents
    assert got is not None and got[2] <= 0.25


def test_bare_digits_stay_dollars_outside_split_cents_boxes_and_specks_are_skipped():
    assert money_from_tokens([_w("25100", 100, 160)])[0] == Decimal("25100")
    got = money_from_tokens([_w("4S", 60, 80), _w("439|87", 100, 160)], split_cents=True)
    assert got is not None and got[0] == Decimal("439.87")
    assert money_from_tokens([_w("4S", 60, 80), _w("439|87", 100, 160)]) is None
    got = money_from_tokens([_w("101", 100, 130), _w("4.64", 140, 170)], split_cents=True)
    assert got is not None and got[0] == Decimal("1014.64") and got[2] < 1.0


# -- a CMS-1500-like form drawn here ---------------------------------------------------------

CLAIM = {
    "payer": "UNITED HEALTHCARE", "insured_id": "W123456789", "patient": "DOE, JANE A",
    "dob": "07 04 1980", "insured": "DOE, JOHN B", "group": "GRP55501",
    "ref_name": "ALAN GRANT MD", "ref_npi": "1234567893", "dx": ["E11.9", "I10", "M54.50"],
    "tin": "12-3456789", "account": "ACC-100200", "billing": "GRANT FAMILY MEDICINE",
    "billing_npi": "1245319599", "facility": "SPRINGFIELD MEDICAL CENTER",
    "lines": [("03 18 26", "03 18 26", "11", "99213", ["25"], "AB", "125", "00", "1"),
              ("03 18 26", "03 18 26", "11", "36415", [], "A", "20", "50", "2")],
    "total": ("145", "50"), "paid": ("0", "00"),
}


def draw_cms1500(path: Path, c: dict = CLAIM, *, dx: float = 0, dy: float = 0,
                 scale: float = 1.0, npi: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    height = letter[1]

    def text(x: float, y: float, s: str, size: float = 9, font: str = "Courier") -> None:
        pdf.setFont(font, size * scale)
        pdf.drawString(dx + x * scale, height - (dy + y * scale), s)

    def label(x: float, y: float, s: str) -> None:
        text(x, y, s, 5.2, "Helvetica")

    text(340, 30, c["payer"])
    text(340, 41, "PO BOX 1400")
    text(18, 62, "HEALTH INSURANCE CLAIM FORM", 12, "Helvetica-Bold")
    label(18, 97, "1. MEDICARE      MEDICAID      TRICARE      CHAMPVA")
    label(372, 97, "1a. INSURED'S I.D. NUMBER             (For Program in Item 1)")
    text(374, 109, c["insured_id"])
    label(20, 121, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)")
    text(22, 133, c["patient"])
    label(232, 121, "3. PATIENT'S BIRTH DATE          SEX")
    text(234, 133, c["dob"])
    label(372, 121, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)")
    text(374, 133, c["insured"])
    label(20, 145, "5. PATIENT'S ADDRESS (No., Street)")
    label(232, 145, "6. PATIENT RELATIONSHIP TO INSURED")
    label(372, 145, "7. INSURED'S ADDRESS (No., Street)")
    label(372, 217, "11. INSURED'S POLICY GROUP OR FECA NUMBER")
    text(374, 229, c["group"])
    label(372, 241, "a. INSURED'S DATE OF BIRTH")
    label(20, 217, "9. OTHER INSURED'S NAME")
    label(232, 217, "10. IS PATIENT'S CONDITION RELATED TO:")
    label(20, 380, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE")
    text(22, 392, "DN")
    text(42, 392, c["ref_name"])
    label(232, 380, "17a.")
    label(232, 392, "17b. NPI")
    text(268, 393, c["ref_npi"])
    label(372, 380, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES")
    label(20, 404, "19. ADDITIONAL CLAIM INFORMATION")
    label(20, 428, "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY Relate A-L to service line")
    for i, code in enumerate(c["dx"]):
        label(24 + i * 86, 440, f"{'ABCD'[i]}.")
        text(34 + i * 86, 440, code, 8.5)
    label(372, 428, "22. RESUBMISSION CODE")
    label(372, 448, "23. PRIOR AUTHORIZATION NUMBER")
    label(20, 470, "24. A. DATE(S) OF SERVICE")
    label(182, 470, "D. PROCEDURES, SERVICES, OR SUPPLIES")
    for i, (d1, d2, pos, cpt, mods, ptr, dollars, cents, units) in enumerate(c["lines"]):
        y = 500 + i * 24
        text(22, y, d1, 8.5)
        text(84, y, d2, 8.5)
        text(144, y, pos, 8.5)
        text(184, y, cpt, 8.5)
        text(236, y, " ".join(mods), 8.5)
        text(294, y, ptr, 8.5)
        pdf.setFont("Courier", 8.5 * scale)
        pdf.drawRightString(dx + 382 * scale, height - (dy + y * scale), dollars)
        text(388, y, cents, 8.5)
        text(404, y, units, 8.5)
        text(445, y, "NPI", 6, "Helvetica")
        text(466, y, c.get("rendering", "1234567893"), 8.5)
    label(20, 660, "25. FEDERAL TAX I.D. NUMBER      SSN  EIN")
    text(22, 673, c["tin"])
    label(162, 660, "26. PATIENT'S ACCOUNT NO.")
    text(164, 673, c["account"])
    label(262, 660, "27. ACCEPT ASSIGNMENT?")
    label(342, 660, "28. TOTAL CHARGE")
    pdf.setFont("Courier", 9 * scale)
    pdf.drawRightString(dx + 407 * scale, height - (dy + 673 * scale), c["total"][0])
    text(413, 673, c["total"][1])
    label(432, 660, "29. AMOUNT PAID")
    pdf.drawRightString(dx + 487 * scale, height - (dy + 673 * scale), c["paid"][0])
    text(493, 673, c["paid"][1])
    label(512, 660, "30. Rsvd for NUCC Use")
    label(20, 686, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER")
    label(182, 686, "32. SERVICE FACILITY LOCATION INFORMATION")
    text(184, 698, c["facility"], 8)
    label(372, 686, "33. BILLING PROVIDER INFO & PH #     (217) 555-0100")
    text(374, 698, c["billing"], 8)
    text(374, 709, "100 MAIN ST", 8)
    label(372, 749, "a.")
    text(380, 749, npi or c["billing_npi"], 8)
    pdf.save()
    return path


EXPECTED = {
    "payer_name": "UNITED HEALTHCARE", "insured_id": "W123456789", "patient_name": "DOE, JANE A",
    "patient_dob": "1980-07-04", "insured_name": "DOE, JOHN B", "insured_policy_group": "GRP55501",
    "referring_provider_name": "ALAN GRANT MD", "referring_provider_npi": "1234567893",
    "diagnosis_codes": ["E11.9", "I10", "M54.50"], "federal_tax_id": "12-3456789",
    "patient_account_number": "ACC-100200", "total_charge": "145.50", "amount_paid": "0.00",
    "billing_provider_name": "GRANT FAMILY MEDICINE", "billing_provider_npi": "1245319599",
    "service_facility_name": "SPRINGFIELD MEDICAL CENTER",
}
ROWS = [
    {"date_from": "2026-03-18", "date_to": "2026-03-18", "place_of_service": "11",
     "procedure_code": "99213", "modifiers": ["25"], "diagnosis_pointer": "AB", "charge": "125.00",
     "units": "1", "rendering_provider_npi": "1234567893"},
    {"date_from": "2026-03-18", "date_to": "2026-03-18", "place_of_service": "11",
     "procedure_code": "36415", "diagnosis_pointer": "A", "charge": "20.50", "units": "2",
     "rendering_provider_npi": "1234567893"},
]


def _values(fields: dict) -> dict:
    return {k: v.value for k, v in fields.items()}


@pytest.mark.parametrize("dx,dy,scale", [(0, 0, 1.0), (20, 30, 0.92), (-8, 10, 1.03)])
def test_cms1500_text_layer_reads_every_box_and_service_line(tmp_path, dx, dy, scale):
    assert npi_check_ok(EXPECTED["billing_provider_npi"])
    pages = load_pages(draw_cms1500(tmp_path / "claim.pdf", dx=dx, dy=dy, scale=scale))
    fields, tables = extract_claim(pages)
    assert _values(fields) == EXPECTED
    rows = [_values(r) for r in tables["service_lines"]]
    assert rows == ROWS
    assert not any(f.needs_review for f in fields.values())
    assert fields["total_charge"].confidence >= 0.95  # lines add up to box 28
    assert all(f.page == 1 and f.bbox is not None for f in fields.values())


def _rule_issues(fields, tables):
    """What the claim rules say of a claim read so: a text layer's own defect is theirs to
    report, not the reading's to doubt."""
    from datetime import date
    from pathlib import Path

    from schemas.document import DocType, ExtractedDocument
    from validators.client_loader import load_client
    from validators.engine import RuleContext, validate
    from validators.history import InMemoryHistory

    doc = ExtractedDocument(source="claim.pdf", sha256="0" * 64, doc_type=DocType.CLAIM,
                            doc_type_confidence=1.0, pages=1, fields=fields, tables=tables)
    client = load_client("default", Path(__file__).resolve().parents[2] / "clients")
    issues = validate(doc, RuleContext(client=client, today=date(2026, 11, 24),
                                       history=InMemoryHistory()))
    return {(str(i.code), f) for i in issues for f in i.fields}


def test_a_printed_npi_failing_its_check_digit_stands_and_the_rules_report_it(tmp_path):
    pages = load_pages(draw_cms1500(tmp_path / "claim.pdf", npi="1245319590"))
    fields, tables = extract_claim(pages)
    assert fields["billing_provider_npi"].value == "1245319590"
    assert not fields["billing_provider_npi"].needs_review
    assert ("INVALID_NPI", "billing_provider_npi") in _rule_issues(fields, tables)


def test_a_printed_code_not_in_icd10_shape_stands_and_the_rules_report_it(tmp_path):
    bad = dict(CLAIM, dx=["E11.9", "11E.9", "M54.50"])
    fields, tables = extract_claim(load_pages(draw_cms1500(tmp_path / "claim.pdf", bad)))
    assert fields["diagnosis_codes"].value == ["E11.9", "11E.9", "M54.50"]
    assert not fields["diagnosis_codes"].needs_review
    assert ("INVALID_ICD10", "diagnosis_codes") in _rule_issues(fields, tables)


def test_a_printed_total_that_disagrees_with_the_lines_stands_and_the_rules_report_it(tmp_path):
    """A text layer's box 28 that the lines do not add up to is the claim's own defect: the
    reading is not doubted, the claim rules raise SERVICE_LINES_SUM_MISMATCH on it."""
    bad = dict(CLAIM, total=("155", "50"))
    fields, tables = extract_claim(load_pages(draw_cms1500(tmp_path / "claim.pdf", bad)))
    assert fields["total_charge"].value == "155.50"
    assert not fields["total_charge"].needs_review
    assert ("SERVICE_LINES_SUM_MISMATCH", "total_charge") in _rule_issues(fields, tables)


def test_superbill_layout_reads_label_value_lines(tmp_path):
    path = tmp_path / "superbill.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    h = letter[1]
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(40, h - 46, "GRANT FAMILY MEDICINE")
    pdf.drawRightString(572, h - 46, "SUPERBILL / PROFESSIONAL CLAIM")
    pdf.setFont("Helvetica", 8.5)
    pdf.drawString(40, h - 66, "Billing NPI: 1245319599")
    pdf.drawString(40, h - 77, "Tax ID: 12-3456789")
    pdf.drawRightString(572, h - 64, "Account No.: ACC-100200")
    rows = [(40, 148, "Patient", "DOE, JANE A"), (40, 161, "Date of birth", "07/04/1980"),
            (330, 148, "Insurance", "AETNA"), (330, 161, "Member ID", "W123456789"),
            (330, 174, "Group No.", "GRP55501"), (330, 187, "Insured", "DOE, JANE A"),
            (40, 220, "Referring provider", "ALAN GRANT MD"),
            (40, 233, "Referring NPI", "1234567893"),
            (40, 246, "Service facility", "SPRINGFIELD MEDICAL CENTER")]
    for x, y, lab, val in rows:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(x, h - y, lab)
        pdf.setFont("Helvetica", 9)
        pdf.drawString(x + (95 if x == 40 else 70), h - y, val)
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(40, h - 270, "DIAGNOSES (ICD-10-CM)")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(40, h - 284, "A.  E11.9")
    pdf.drawString(160, h - 284, "B.  11E.9")  # malformed as printed: kept, flagged
    pdf.setFont("Helvetica-Bold", 8)
    for x, head in ((40, "From"), (102, "To"), (164, "POS"), (196, "CPT/HCPCS"),
                    (256, "Modifiers"), (312, "Dx Ptr"), (380, "Units"), (450, "Charge"),
                    (460, "Rendering NPI")):
        pdf.drawString(x, h - 310, head)
    pdf.setFont("Helvetica", 8.5)
    for x, cell in ((40, "03/18/2026"), (102, "03/18/2026"), (164, "11"), (196, "99213"),
                    (256, "25"), (312, "AB")):
        pdf.drawString(x, h - 326, cell)
    pdf.drawRightString(380, h - 326, "1")
    pdf.drawRightString(450, h - 326, "$1,125.00")
    pdf.drawString(460, h - 326, "1234567893")
    pdf.drawString(372, h - 360, "Total charges")
    pdf.drawRightString(572, h - 360, "$1,125.00")
    pdf.drawString(372, h - 374, "Amount paid")
    pdf.drawRightString(572, h - 374, "$0.00")
    pdf.save()
    fields, tables = extract_claim(load_pages(path))
    values = _values(fields)
    assert values["billing_provider_name"] == "GRANT FAMILY MEDICINE"
    assert values["patient_name"] == "DOE, JANE A"
    assert values["patient_dob"] == "1980-07-04"
    assert values["payer_name"] == "AETNA"
    assert values["insured_id"] == "W123456789"
    assert values["insured_name"] == "DOE, JANE A"
    assert values["patient_account_number"] == "ACC-100200"
    assert values["federal_tax_id"] == "12-3456789"
    assert values["billing_provider_npi"] == "1245319599"
    assert values["total_charge"] == "1125.00" and values["amount_paid"] == "0.00"
    assert values["diagnosis_codes"] == ["E11.9", "11E.9"]
    assert fields["diagnosis_codes"].needs_review
    row = _values(tables["service_lines"][0])
    assert row == {"date_from": "2026-03-18", "date_to": "2026-03-18", "place_of_service": "11",
                   "procedure_code": "99213", "modifiers": ["25"], "diagnosis_pointer": "AB",
                   "units": "1", "charge": "1125.00", "rendering_provider_npi": "1234567893"}


def test_a_page_without_claim_labels_gives_nothing(tmp_path):
    path = tmp_path / "letter.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawString(72, 700, "Minutes of the quarterly meeting, item 4: budget.")
    pdf.save()
    assert extract_claim(load_pages(path)) == ({}, {})


@pytest.mark.parametrize("raw,clean", [
    ("BLUE CROSS. BLUE SHIELD", "BLUE CROSS BLUE SHIELD"), ("LEE, ADAM.N", "LEE, ADAM N"),
    ("COX FAMILY MEDICINE: PC", "COX FAMILY MEDICINE PC"), ("MELENDEZ, .AMANDA D", "MELENDEZ, AMANDA D"),
    ("DR. THOMAS DURAN", "DR. THOMAS DURAN"), ("'W888118661", "W888118661"),
])
def test_ocr_specks_come_off_names_but_abbreviations_stay(raw, clean):
    from extractors.forms import clean_ocr_name

    assert clean_ocr_name(raw) == clean


def test_amount_paid_above_the_total_charge_is_flagged():
    from extractors.claim_consistency import check_paid
    from extractors.forms import make_field
    fields = {"total_charge": make_field("total_charge", "497.76", 0.97),
              "amount_paid": make_field("amount_paid", "25100.00", 0.95)}
    check_paid(fields)
    assert fields["amount_paid"].needs_review and not fields["total_charge"].needs_review
    fields = {"total_charge": make_field("total_charge", "497.76", 0.93),
              "amount_paid": make_field("amount_paid", "25.00", 0.95)}
    check_paid(fields)
    assert not fields["amount_paid"].needs_review and not fields["total_charge"].needs_review


@pytest.mark.parametrize("text,mbi", [
    ("8EG2TESMK83", "8EG2TE5MK83"),  # S is never an MBI letter: a 5 in a digit position
    ("2EG8TE9OMK21", "2EG8TE9MK21"),  # one character OCR added
    ("3EG9ITE9MK65", "3EG9TE9MK65"),
])
def test_medicare_identifiers_are_repaired_by_their_shape_as_a_guess(text, mbi):
    got = repair_mbi(text)
    assert got is not None and got[0] == mbi and got[1] < 1.0


def test_identifiers_that_are_not_medicare_shaped_are_left_alone():
    assert repair_mbi("8EG2TE5MK83") == ("8EG2TE5MK83", 1.0)
    assert repair_mbi("ZK649978437") is None
    assert repair_mbi("GRP52497") is None


@pytest.mark.parametrize("text,clean", [
    ("*-¥B959256903", "YB959256903"), ("GRP52497“Hoye", "GRP52497"), ("GRP62340°", "GRP62340"),
    ("No.:.9244891", "9244891"), ("ACC:839770", "ACC-839770"), ("Y¥Q167905182", "YQ167905182"),
])
def test_specks_around_ocr_identifiers_come_off(text, clean):
    assert repair_identifier(text) == (clean, 0.8)
    assert repair_identifier(clean) == (clean, 1.0)


@pytest.mark.parametrize("words,charge,units", [
    (["77/39]", "2"], "77.39", "2"), (["7495/1"], "74.95", "1"), (["103|", "521"], "103.52", "1"),
    (["355|", "14/3"], "355.14", "3"), (["82|o9|2"], "82.09", "2"), (["49776"], "497.76", None),
    (["34|-62|"], "34.62", None),
])
def test_scanned_charge_and_units_cells_are_read_as_one_string(words, charge, units):
    from extractors.claim_service_lines import _scanned_charge_and_units
    got = _scanned_charge_and_units([_w(t, 100 + 40 * i, 130 + 40 * i)
                                     for i, t in enumerate(words)])
    assert got is not None and got[0] == Decimal(charge) and got[1] == units and got[2] < 1.0


def test_a_clean_charge_and_units_keep_their_confidence_and_words_are_not_charges():
    from extractors.claim_service_lines import _scanned_charge_and_units
    assert _scanned_charge_and_units([_w("42.70", 100, 140), _w("1", 150, 155)]) == (
        Decimal("42.70"), "1", 1.0)
    assert _scanned_charge_and_units([_w("18|", 100, 120), _w("go}", 125, 140)]) is None


@pytest.mark.parametrize("text,first,cell", [
    ("=|08", False, "08"), ("26°", False, "26"), ("[o2", False, "02"), ("1|08", True, "08"),
    ("2/09", True, "09"), ("2/09", False, "2/09"), ("10°26-", False, "10°26"),
])
def test_service_date_cells_come_off_their_rules_and_the_row_number(text, first, cell):
    from extractors.claim_service_lines import _date_cell
    assert _date_cell(text, first=first) == cell


@pytest.mark.parametrize("words,charge,units", [
    (["27117}", "1"], "27.17", "1"), (["226171)", "3"], "226.71", "3"),
    (["228'44|1"], "228.44", "1"), (["70", "35,1"], "70.35", "1"),
])
def test_the_rule_before_scanned_cents_read_as_a_digit_or_a_quote(words, charge, units):
    from extractors.claim_service_lines import _scanned_charge_and_units
    got = _scanned_charge_and_units([_w(t, 100 + 40 * i, 130 + 40 * i)
                                     for i, t in enumerate(words)])
    assert got is not None and got[0] == Decimal(charge) and got[1] == units


def test_units_before_a_printed_amount_are_not_read_as_split_cents():
    from extractors.claim_service_lines import _scanned_charge_and_units
    assert _scanned_charge_and_units([_w("3", 100, 110), _w("60.90", 150, 190)]) is None


def test_specks_around_an_amount_and_an_npi_glued_to_it_come_apart():
    from extractors.claim_service_lines import _bare_amount, _split_glued_npi
    assert _bare_amount(_w("_s«$.23.04", 100, 190)).text == "23.04"
    assert _bare_amount(_w("$15.36", 100, 190)).text == "$15.36"  # clean: left alone
    parts = _split_glued_npi(_w("___-$78.72_1716271626", 100, 300))
    assert [p.text for p in parts] == ["___-$78.72", "1716271626"]
    assert parts[0].x1 == parts[1].x0 and parts[1].x1 == 300


@pytest.mark.parametrize("text,cell", [("il", "11"), ("IL", "11"), ("1/11", "11"), ("!11", "11"),
                                       ("ILI", "111"), ("oz", "oz")])
def test_place_of_service_cells_read_with_letters_for_ones(text, cell):
    from extractors.claim_service_lines import _date_cell
    assert _date_cell(text, first=False) == cell


@pytest.mark.parametrize("pointer,letters,fixed", [
    ("CI", "ABC", "C"), ("DL", "ABCD", "D"), ("IB", "ABC", "B"), ("AD", "ABC", None),
    ("L", "ABC", None),
])
def test_a_cell_rule_read_as_a_pointer_letter_comes_off(pointer, letters, fixed):
    from extractors.claim_consistency import repair_pointer
    assert repair_pointer(pointer, letters) == fixed


def test_a_scanned_superbill_units_cell_is_found_by_its_left_edge():
    from extractors.claim_service_lines import parse_service_line
    from extractors.page_model import Page

    def w(text: str, x0: float, x1: float) -> Word:
        return Word(text, x0, 100, x1, 128, 0.9)
    row = [w("08/04/2026", 112, 246), w("08/04/2026", 280, 422), w("11", 458, 484),
           w("99213", 545, 619), w("A", 868, 880), w("1.", 1044, 1129),  # box runs on
           w("$217.85", 1146, 1263), w("1716271626", 1279, 1443)]
    page = Page(number=1, width=1700, height=2200, words=tuple(row), ocr=True, dpi=200)
    got = parse_service_line(row, page, 0.97, units_x=(992 - 18, 1054 + 18))
    assert got is not None
    assert got["units"].value == "1" and got["charge"].value == "217.85"


def test_one_unreadable_line_charge_is_box_28_less_the_others_and_always_reviewed():
    from extractors.claim_consistency import reconcile_total
    from extractors.forms import make_field
    rows = [{"charge": make_field("charge", "18.80", 0.95)}, {},
            {"charge": make_field("charge", "103.52", 0.95)}]
    fields = {"total_charge": make_field("total_charge", "231.52", 0.97)}
    reconcile_total(fields, rows, Decimal("231.52"))
    assert rows[1]["charge"].value == "109.20" and rows[1]["charge"].needs_review
    assert not fields["total_charge"].needs_review  # nothing confirmed, nothing flagged
    rows = [{"charge": make_field("charge", "300.00", 0.95)}, {}]
    reconcile_total(fields, rows, Decimal("231.52"))
    assert "charge" not in rows[1]  # the others already exceed the total


def test_a_rendering_npi_a_few_digits_off_the_claims_common_one_is_put_back_for_review():
    from extractors.claim_consistency import harmonise_rendering_npis
    from extractors.forms import make_field

    def row(npi: str | None) -> dict:
        return {} if npi is None else {"rendering_provider_npi": make_field(
            "rendering_provider_npi", npi, 0.95)}
    rows = [row("1234567893"), row("1234567893"), row("9234567833"),
            row("1245319888")]  # a slip of two digits; another provider's NPI
    harmonise_rendering_npis(rows)
    assert [r["rendering_provider_npi"].value for r in rows] == [
        "1234567893", "1234567893", "1234567893", "1245319888"]
    assert rows[2]["rendering_provider_npi"].needs_review
    rows = [row("1234567893"), row("1234567893"), row(None)]
    harmonise_rendering_npis(rows)
    assert rows[2]["rendering_provider_npi"].value == "1234567893"
    rows = [row("1234567893"), row("1245319888"), row(None)]  # no majority: left alone
    harmonise_rendering_npis(rows)
    assert "rendering_provider_npi" not in rows[2]


def test_scanned_superbill_labels_read_through_one_ocr_slip_and_ids_need_a_digit():
    from extractors.claim_superbill import extract_superbill
    from extractors.page_model import Page

    def line(y: float, *texts: tuple[str, float]) -> list[Word]:
        return [Word(t, x, y, x + 12 * len(t), y + 20, 0.93) for t, x in texts]
    words = [*line(100, ("Member", 690), ("1D", 764), ("W855793709", 835)),
             *line(140, ("Group", 690), ("Ne.", 747), ("325603", 836)),
             *line(180, ("Insured", 690), ("SMITH,", 835), ("SALLY", 906), ("U", 970))]
    page = Page(number=1, width=1700, height=2200, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_superbill(page)
    assert fields["insured_id"].value == "W855793709"
    assert fields["insured_policy_group"].value == "325603"
    assert fields["insured_name"].value == "SMITH, SALLY U"
