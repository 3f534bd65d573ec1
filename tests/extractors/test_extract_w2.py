"""W-2 extraction on W-2-like PDFs drawn here with reportlab (text layer, shifted and scaled
copies, and one rendered-and-OCR'd copy)."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from extractors.loader import load_pages
from extractors.w2_fields import extract_w2

VALUES = {
    "a": "123-45-6789", "b": "12-3456789", "c": ["NORTHWIND TRADERS LLC", "12 HARBOR RD",
                                                 "SEATTLE WA 98101"],
    "e": ("JANE Q", "PUBLIC"), "1": "52,345.67", "2": "6,120.00", "3": "54,000.00",
    "4": "3,348.00", "5": "54,000.00", "6": "783.00", "15": ("WA", "600-123-456"),
    "16": "52,345.67", "17": "1,570.37",
}

# label, x, y (points from the top of the copy), box width
BOXES = [
    ("a Employee's social security number", 150, 30, 150),
    ("b Employer identification number (EIN)", 30, 60, 270),
    ("1 Wages, tips, other compensation", 300, 60, 140),
    ("2 Federal income tax withheld", 440, 60, 140),
    ("c Employer's name, address, and ZIP code", 30, 85, 270),
    ("3 Social security wages", 300, 85, 140),
    ("4 Social security tax withheld", 440, 85, 140),
    ("5 Medicare wages and tips", 300, 110, 140),
    ("6 Medicare tax withheld", 440, 110, 140),
    ("7 Social security tips", 300, 135, 140),
    ("8 Allocated tips", 440, 135, 140),
    ("d Control number", 30, 160, 270),
    ("10 Dependent care benefits", 440, 160, 140),
    ("e Employee's first name and initial", 30, 185, 120),
    ("Last name", 150, 185, 120),
    ("11 Nonqualified plans", 300, 185, 140),
    ("12a See instructions for box 12", 440, 185, 140),
    ("13 Statutory employee", 300, 210, 140),
    ("14 Other", 300, 235, 140),
    ("f Employee's address and ZIP code", 30, 245, 270),
    ("15 State", 30, 280, 40),
    ("Employer's state ID number", 70, 280, 110),
    ("16 State wages, tips, etc.", 180, 280, 100),
    ("17 State income tax", 280, 280, 90),
    ("18 Local wages, tips, etc.", 370, 280, 90),
    ("19 Local income tax", 460, 280, 60),
    ("20 Locality name", 520, 280, 60),
]


def draw_w2(path: Path, values: dict = VALUES, *, dx: float = 0, dy: float = 0,
            scale: float = 1.0, year: str = "2024") -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    height = letter[1]

    def at(x: float, y: float) -> tuple[float, float]:
        return dx + x * scale, height - (dy + y * scale)

    def text(x: float, y: float, s: str, size: float, font: str = "Helvetica") -> None:
        c.setFont(font, size * scale)
        c.drawString(*at(x, y), s)

    for label, x, y, w in BOXES:
        c.rect(*at(x, y + 25), w * scale, 25 * scale)
        text(x + 2, y + 7, label, 6)
    text(32, 323, "Form", 7)
    text(50, 323, "W-2", 16, "Helvetica-Bold")
    text(100, 323, "Wage and Tax Statement", 11, "Helvetica-Bold")
    text(260, 323, year, 16, "Helvetica-Bold")
    vx = {"a": (155, 48), "b": (35, 78), "1": (380, 78), "2": (520, 78), "3": (380, 103),
          "4": (520, 103), "5": (380, 128), "6": (520, 128), "16": (200, 298),
          "17": (300, 298)}
    for key, (x, y) in vx.items():
        text(x, y, values[key], 10, "Courier")
    for i, line in enumerate(values["c"]):
        text(35, 103 + i * 12, line, 10, "Courier")
    text(35, 203, values["e"][0], 10, "Courier")
    text(155, 203, values["e"][1], 10, "Courier")
    text(35, 298, values["15"][0], 10, "Courier")
    text(75, 298, values["15"][1], 10, "Courier")
    c.save()
    return path


EXPECTED = {
    "tax_year": "2024", "employee_ssn": "123-45-6789", "employer_ein": "12-3456789",
    "employer_name": "NORTHWIND TRADERS LLC", "employee_name": "JANE Q PUBLIC",
    "wages": "52345.67", "federal_tax_withheld": "6120.00",
    "social_security_wages": "54000.00", "social_security_tax": "3348.00",
    "medicare_wages": "54000.00", "medicare_tax": "783.00", "state": "WA",
    "state_wages": "52345.67", "state_tax": "1570.37",
}


def _values(fields: dict) -> dict:
    return {k: v.value for k, v in fields.items()}


@pytest.mark.parametrize("dx,dy,scale", [(0, 0, 1.0), (25, 60, 0.9), (-10, 200, 0.8)])
def test_w2_text_layer_reads_every_box_wherever_the_form_sits(tmp_path, dx, dy, scale):
    pages = load_pages(draw_w2(tmp_path / "w2.pdf", dx=dx, dy=dy, scale=scale))
    fields, tables = extract_w2(pages)
    assert _values(fields) == EXPECTED
    assert tables == {}
    for name, fv in fields.items():
        assert not fv.needs_review, name
        assert fv.page == 1 and fv.bbox is not None


def test_w2_rate_checks_lower_confidence_when_taxes_disagree(tmp_path):
    bad = dict(VALUES, **{"4": "3,000.00", "6": "700.00"})
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", bad)))
    good, _ = extract_w2(load_pages(draw_w2(tmp_path / "ok.pdf")))
    assert fields["social_security_tax"].value == "3000.00"
    assert fields["social_security_tax"].confidence < good["social_security_tax"].confidence
    assert fields["medicare_tax"].confidence < good["medicare_tax"].confidence
    assert fields["social_security_tax"].needs_review
    assert fields["medicare_tax"].needs_review
    # boxes 3 and 5 read apart to the same wages: the taxes are the suspects, not the wages
    assert not fields["medicare_wages"].needs_review


def test_w2_rate_mismatch_lowers_wages_no_other_box_confirms(tmp_path):
    bad = dict(VALUES, **{"5": "55,000.00", "6": "700.00"})
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", bad)))
    assert fields["medicare_wages"].value == "55000.00"
    assert fields["medicare_wages"].needs_review and fields["medicare_tax"].needs_review


def test_w2_masked_ssn_and_missing_boxes_are_absent_not_empty(tmp_path):
    values = dict(VALUES, a="XXX-XX-6789", **{"17": ""})
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", values)))
    assert fields["employee_ssn"].value == "XXX-XX-6789"
    assert "state_tax" not in fields


def test_not_a_w2_gives_nothing(tmp_path):
    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.drawString(72, 700, "Dear customer, thank you for your order of 12 widgets.")
    c.save()
    assert extract_w2(load_pages(path)) == ({}, {})


def test_w2_scan_reads_or_flags(tmp_path):
    """Rendered at 200 dpi and OCR'd: every value is right or flagged for review."""
    from extractors.ocr import ocr_image
    from extractors.render import render_page

    pdf = draw_w2(tmp_path / "w2.pdf", dx=10, dy=30)
    page = ocr_image(render_page(pdf, 0, dpi=200), dpi=200)
    fields, _ = extract_w2([page])
    right = [k for k, v in EXPECTED.items() if k in fields and fields[k].value == v]
    assert len(right) >= 12
    for name, fv in fields.items():
        if fv.value != EXPECTED.get(name):
            assert fv.needs_review, (name, fv.value)


# -- OCR repair constrained by each box's shape -------------------------------------------------

from decimal import Decimal  # noqa: E402

from extractors.w2_repair import (  # noqa: E402
    damaged_reading_of, read_amount, read_as_printed, repair_identifier, repair_state,
)


@pytest.mark.parametrize("token,expected", [
    ("NJ", ("NJ", 1.0)), ("TX", ("TX", 1.0)),
    ("Ng", ("NJ", 0.9)), ("No", ("NJ", 0.9)),  # one letter misread; any other code, two
    ("c7", ("CT", 0.7)),  # two misreads: 'c' in lowercase, '7' for T
    ("Va", ("VA", 0.9)), ("Nc", ("NC", 0.9)),  # the capitals printed, their case misread
    ("wy", ("WY", 0.7)),  # no capital read at all: OCR read this for NY
    ("NV", ("NV", 0.93)), ("NY", ("NY", 0.93)),  # valid, but one confusion from a twin
    ("NO", None), ("EE", None), ("N¥", None), ("NEW", None),  # none or several fit
])
def test_state_codes_are_repaired_only_when_one_code_fits(token, expected):
    assert repair_state(token) == expected


@pytest.mark.parametrize("token,code,expected", [
    ("CA", "CA", True), ("cA", "CA", True), ("Nc", "NC", True), ("NJ.", "NJ", True),
    ("Ne", "NE", False), ("wy", "WY", False), ("No", "NJ", False), ("nc", "NC", False),
])
def test_a_code_is_read_as_printed_only_in_its_capitals_shapes(token, code, expected):
    assert read_as_printed(token, code) is expected


@pytest.mark.parametrize("text,groups,expected", [
    ("392=35-6530", (3, 2, 4), ("392-35-6530", 0.85)),
    ("123-45-6789", (3, 2, 4), ("123-45-6789", 1.0)),
    ("84~2376431", (2, 7), ("84-2376431", 0.85)),
    ("84- 2376431", (2, 7), ("84-2376431", 0.85)),
    ("12345678", (3, 2, 4), None),  # a digit short
    ("123-456-789", (3, 2, 4), None),  # separators where an SSN has none
])
def test_identifiers_repair_separators_and_look_alike_digits(text, groups, expected):
    assert repair_identifier(text, groups) == expected


@pytest.mark.parametrize("text,expected", [
    ("136,952.00", (Decimal("136952.00"), 1.0)),
    ("$1,234.56", (Decimal("1234.56"), 1.0)),
    ("$0.00", (Decimal("0.00"), 1.0)),
    ("$073.95", (Decimal("5073.95"), 0.7)),  # the '5' of 5,073.95 read as '$'
    ("$,335.40", (Decimal("5335.40"), 0.7)),
    ("073.95", (Decimal("73.95"), 0.4)),  # no amount prints a leading zero: a digit was lost
    ("-84,662.74", (Decimal("84662.74"), 0.9)),  # no W-2 box holds a negative amount
    ("151635 -29", (Decimal("151635.29"), 0.7)),  # the point read as a dash
    ("2,090.:32", (Decimal("2090.32"), 0.7)),
    ("63920..00", (Decimal("63920.00"), 0.7)),
    ("39'73'..85", (Decimal("3973.85"), 0.7)),
    ("126806 00", (Decimal("126806.00"), 0.7)),
    ("6433694", (Decimal("64336.94"), 0.6)),  # W-2 amounts print cents: the point was lost
    ("82", None), ("N/A", None),
])
def test_w2_amounts_survive_damaged_separators(text, expected):
    assert read_amount(text) == expected


def test_damaged_reading_recognises_ocr_loss_not_a_different_amount():
    assert damaged_reading_of(Decimal("275.76"), Decimal("8275.76"))  # leading digit lost
    assert damaged_reading_of(Decimal("397385.00"), Decimal("3973.85"))  # point lost
    assert damaged_reading_of(Decimal("2090.00"), Decimal("2090.32"))  # cents lost
    assert not damaged_reading_of(Decimal("8287.76"), Decimal("8275.76"))  # a real mismatch
    assert not damaged_reading_of(Decimal("8275.76"), Decimal("8275.76"))


def test_rate_check_repairs_a_damaged_tax_for_review(tmp_path):
    damaged = dict(VALUES, **{"4": "348.00"})  # box 4 lost its leading digit
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", damaged)))
    assert fields["social_security_tax"].value == "3348.00"
    assert fields["social_security_tax"].needs_review  # rebuilt, not read
    from extractors.confidence import reading
    with reading("w2", ocr=False):  # W-2 thresholds are calibrated down to 0.8
        fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", damaged)))
    assert fields["social_security_tax"].confidence < 0.8


def test_rate_check_keeps_a_real_mismatch(tmp_path):
    wrong = dict(VALUES, **{"4": "3,360.00"})
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", wrong)))
    assert fields["social_security_tax"].value == "3360.00"
    assert fields["social_security_tax"].needs_review


def test_state_repaired_from_its_ocr_confusion_goes_to_review(tmp_path):
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf",
                                              dict(VALUES, **{"15": ("Ng", "600-123-456")}))))
    assert fields["state"].value == "NJ"
    assert fields["state"].needs_review
    assert not damaged_reading_of(Decimal("1278.75"), Decimal("-1278.75"))  # a sign is no digit


def test_rate_check_to_the_cent_lifts_the_tax_above_review_not_the_wages():
    from extractors.forms import make_field
    from extractors.w2_evidence import rate_check

    def fields_for(tax: str) -> dict:
        return {"medicare_wages": make_field("medicare_wages", "63142.52", 0.6),
                "medicare_tax": make_field("medicare_tax", tax, 0.5)}

    exact = fields_for("915.57")  # 1.45 % of 63142.52, to the cent
    rate_check(exact, {k: Decimal(v.value) for k, v in exact.items()},
                "medicare_wages", "medicare_tax", Decimal("0.0145"))
    assert not exact["medicare_tax"].needs_review
    assert exact["medicare_wages"].confidence == 0.6  # 63142.90 gives the same tax
    near = fields_for("915.58")  # within the two cents allowed, not exact: a misread can hide
    near["medicare_tax"] = near["medicare_tax"].model_copy(update={"confidence": 0.78})
    rate_check(near, {k: Decimal(v.value) for k, v in near.items()},
                "medicare_wages", "medicare_tax", Decimal("0.0145"))
    assert near["medicare_tax"].confidence < 0.78
    assert damaged_reading_of(Decimal("107.42"), Decimal("47107.42"))  # two leading digits
    assert not damaged_reading_of(Decimal("7.42"), Decimal("47107.42"))  # too little left


def test_ss_wages_that_lost_digits_are_rebuilt_from_the_same_wages_in_another_box(tmp_path):
    damaged = dict(VALUES, **{"3": "107.42", "4": "2,920.66", "5": "47,107.42", "6": "683.06"})
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", damaged)))
    assert fields["social_security_wages"].value == "47107.42"  # box 5, and 6.2 % holds
    assert fields["social_security_wages"].needs_review


def test_right_column_amount_printed_flush_right_is_in_its_box():
    """Box 2 is as wide as box 1: its amount may sit well past its short label's width."""
    from extractors.form_anchors import Anchor
    from extractors.page_model import Page, Word
    from extractors.w2_fields import _amount

    value = Word("5,177.69", 2213.0, 270.0, 2395.0, 300.0, 0.96)
    page = Page(1, 2550.0, 3300.0, (value,), ocr=True, dpi=300.0)
    anchors = {"1": Anchor("1", 1.0, 1284.0, 221.0, 1660.0, 244.0),
               "2": Anchor("2", 1.0, 1858.0, 221.0, 2184.0, 239.0),
               "4": Anchor("4", 1.0, 1857.0, 321.0, 2173.0, 339.0)}
    got = _amount("federal_tax_withheld", page, anchors, "2", None, "4")
    assert got is not None and got[0].value == "5177.69"


def _wage_fields(**values: tuple[str, float]) -> dict:
    from extractors.forms import make_field
    return {name: make_field(name, value, conf) for name, (value, conf) in values.items()}


def test_wage_boxes_read_alike_confirm_each_other():
    from extractors.w2_evidence import check_wage_agreement
    fields = _wage_fields(wages=("52345.67", 0.3), state_wages=("52345.67", 0.5),
                          medicare_wages=("54000.00", 0.6))
    assert check_wage_agreement(fields) == {"wages", "state_wages"}
    assert not fields["wages"].needs_review and not fields["state_wages"].needs_review
    assert fields["medicare_wages"].confidence == 0.6  # a different amount: no evidence


def test_wage_boxes_one_misread_apart_both_lose_confidence():
    from extractors.w2_evidence import check_wage_agreement, ocr_apart
    fields = _wage_fields(wages=("100510.00", 0.8), state_wages=("100520.00", 0.8),
                          medicare_wages=("105800.00", 0.8))
    assert check_wage_agreement(fields) == set()
    assert fields["wages"].confidence < 0.8 and fields["state_wages"].confidence < 0.8
    assert fields["medicare_wages"].confidence == 0.8  # two digits apart: a real difference
    assert ocr_apart(Decimal("1479.00"), Decimal("101479.00"))  # leading digits lost
    assert not ocr_apart(Decimal("52345.67"), Decimal("54000.00"))
    assert ocr_apart(Decimal("31817.82"), Decimal("32817.81"))  # each box misread once


def test_a_pair_of_wage_boxes_misread_alike_is_told_by_the_statutory_rate():
    from extractors.w2_evidence import check_wage_agreement
    # boxes 1 and 5 both read '108592.82' for 108591.81 on a scan; boxes 3 and 16 right
    read = dict(wages=("108592.82", 0.9), medicare_wages=("108592.82", 0.9),
                social_security_wages=("108591.81", 0.9), state_wages=("108591.81", 0.9),
                social_security_tax=("6732.69", 0.9), medicare_tax=("1574.58", 0.9))
    fields = _wage_fields(**read)
    assert check_wage_agreement(fields) == {"social_security_wages", "state_wages"}
    assert fields["wages"].confidence < 0.6 and fields["medicare_wages"].confidence < 0.6
    # a text layer misreads nothing: a failed rate is the document's own defect
    assert check_wage_agreement(_wage_fields(**read), ocr=False) == set(WAGES)
    # box 1 a deferral below boxes 3 and 5, a digit apart, both rates holding: both pairs
    fields = _wage_fields(wages=("93733.38", 0.9), state_wages=("93733.38", 0.9),
                          social_security_wages=("98733.38", 0.9),
                          medicare_wages=("98733.38", 0.9), social_security_tax=("6121.47", 0.9),
                          medicare_tax=("1431.63", 0.9))
    assert check_wage_agreement(fields) == set(WAGES)


WAGES = ("wages", "social_security_wages", "medicare_wages", "state_wages")


def test_flat_rate_withholding_confirms_the_tax_not_the_wages_and_a_misread_does_not():
    from extractors.w2_evidence import check_flat_withholding, flat_rate_bp
    assert flat_rate_bp(Decimal("101479.00"), Decimal("5073.95"), 1330) == 500
    assert flat_rate_bp(Decimal("101479.00"), Decimal("5073.96"), 1330) is None  # a cent off
    assert flat_rate_bp(Decimal("101479.00"), Decimal("5013.95"), 1330) is None  # one digit
    assert flat_rate_bp(Decimal("12000.00"), Decimal("600.00"), 1330) is None  # grid too fine
    assert flat_rate_bp(Decimal("52345.67"), Decimal("26172.84"), 1330) is None  # 50 %
    fields = _wage_fields(wages=("100510.00", 0.5), state_wages=("100520.00", 0.5),
                          state_tax=("5126.01", 0.5), federal_tax_withheld=("11974.52", 0.5))
    check_flat_withholding(fields)  # 5126.01 = 5.10 % of box 1, not of the misread box 16
    assert not fields["state_tax"].needs_review
    # wages a cent off fall on the same grid point: the rate confirms no wages
    assert flat_rate_bp(Decimal("100510.01"), Decimal("5126.01"), 1330) == 510
    assert fields["wages"].needs_review and fields["state_wages"].needs_review
    assert fields["federal_tax_withheld"].confidence == 0.5  # 11.9136... %: no flat rate


def test_an_identifier_whose_hyphen_moved_is_hyphenated_as_printed_for_review(tmp_path):
    fields, _ = extract_w2(load_pages(draw_w2(tmp_path / "w2.pdf", dict(VALUES, a="12345-6789"))))
    assert fields["employee_ssn"].value == "123-45-6789"
    assert fields["employee_ssn"].needs_review


def test_one_reading_taken_for_two_boxes_confirms_nothing():
    from extractors.forms import make_field
    from extractors.w2_evidence import check_wage_agreement
    box = (10.0, 10.0, 60.0, 20.0)
    fields = {n: make_field(n, "52345.67", 0.5, bbox=box) for n in ("wages", "state_wages")}
    assert check_wage_agreement(fields) == set()
    assert fields["wages"].needs_review
