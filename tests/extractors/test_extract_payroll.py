"""Pay stub extraction on stubs drawn here with reportlab: side-by-side tables with summary
cells, and a stacked layout with total rows; arithmetic checks move the confidence."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from extractors.loader import load_pages
from extractors.paystub_fields import extract_paystub

ROOT = Path(__file__).resolve().parents[2]


def _rule_issues(fields, tables):
    """What the payroll rules say of a stub read so: a text layer's own arithmetic defect is
    theirs to report, not the reading's to doubt."""
    from datetime import date

    from schemas.document import DocType, ExtractedDocument
    from validators.client_loader import load_client
    from validators.engine import RuleContext, validate
    from validators.history import InMemoryHistory
    doc = ExtractedDocument(source="stub.pdf", sha256="0" * 64, doc_type=DocType.PAYSTUB,
                            doc_type_confidence=1.0, pages=1, fields=fields, tables=tables)
    ctx = RuleContext(client=load_client("default", ROOT / "clients"), today=date(2026, 11, 24),
                      history=InMemoryHistory())
    return {(i.code, f) for i in validate(doc, ctx) for f in i.fields}

H = letter[1]

STUB = {
    "employer": "Northwind Traders LLC", "employee": "Jane Public", "id": "E48213",
    "period": ("04/01/2026", "04/14/2026"), "pay_date": "04/18/2026",
    "earnings": [("Regular", "25.50", "80.00", "2,040.00", "14,280.00"),
                 ("Overtime", "38.25", "2.00", "76.50", "535.50")],
    "deductions": [("Federal Income Tax", "211.65", "1,481.55"),
                   ("Social Security", "131.22", "918.54"),
                   ("Medicare", "30.69", "214.83")],
    "gross": ("2,116.50", "14,815.50"), "total_deductions": "373.56",
    "net": ("1,742.94", "12,200.58"),
}


def _text(c, x, y, s, size=8.5, bold=False, right=False):
    c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    (c.drawRightString if right else c.drawString)(x, H - y, s)


def draw_statement(path: Path, s: dict = STUB) -> Path:
    """Employer top left, info block top right, earnings | deductions side by side,
    then three summary cells: label, 'Current: x', 'YTD: y'."""
    c = canvas.Canvas(str(path), pagesize=letter)
    _text(c, 36, 40, s["employer"], 14, bold=True)
    _text(c, 36, 58, "100 Harbor Road, Seattle WA 98101", 8.5)
    _text(c, 576, 40, "EARNINGS STATEMENT", 14, bold=True, right=True)
    for i, (label, value) in enumerate((("Employee", s["employee"]), ("Employee ID", s["id"]),
                                        ("Pay Period", f"{s['period'][0]} - {s['period'][1]}"),
                                        ("Pay Date", s["pay_date"]))):
        _text(c, 356, 64 + 13 * i, label, 8)
        _text(c, 426, 64 + 13 * i, value, 9)
    _text(c, 36, 140, "EARNINGS", 9.5, bold=True)
    for x, head in ((39, "Description"), (150, "Rate"), (195, "Hours"), (250, "This Period"),
                    (312, "Year to Date")):
        _text(c, x, 158, head, 7.5, bold=True, right=x > 39)
    for r, (kind, rate, hours, amount, ytd) in enumerate(s["earnings"]):
        y = 174 + 13 * r
        _text(c, 39, y, kind)
        for x, v in ((150, rate), (195, hours), (250, amount), (312, ytd)):
            _text(c, x, y, v, right=True)
    _text(c, 330, 140, "DEDUCTIONS", 9.5, bold=True)
    for x, head in ((333, "Description"), (500, "This Period"), (573, "Year to Date")):
        _text(c, x, 158, head, 7.5, bold=True, right=x > 333)
    for r, (kind, amount, ytd) in enumerate(s["deductions"]):
        y = 174 + 13 * r
        _text(c, 333, y, kind)
        _text(c, 500, y, amount, right=True)
        _text(c, 573, y, ytd, right=True)
    cells = (("Gross Pay", s["gross"][0], s["gross"][1]),
             ("Total Deductions", s["total_deductions"], None),
             ("Net Pay", s["net"][0], s["net"][1]))
    for i, (label, cur, ytd) in enumerate(cells):
        x = 44 + i * 180
        _text(c, x, 250, label, 8.5, bold=True)
        _text(c, x, 263, f"Current: {cur}", 9)
        if ytd:
            _text(c, x, 275, f"YTD: {ytd}", 8.5)
    _text(c, 36, 320, "Net pay deposited by direct deposit.", 8)
    c.save()
    return path


def draw_check_stub(path: Path, s: dict = STUB) -> Path:
    """Stacked tables with 'Gross Pay' and 'Total Deductions' rows; 'NET PAY' and 'YTD NET'
    boxes with the value right of the label."""
    c = canvas.Canvas(str(path), pagesize=letter)
    _text(c, 48, 42, s["employer"], 12, bold=True)
    _text(c, 564, 42, f"Date {s['pay_date']}", 9, right=True)
    _text(c, 48, 130, "PAY TO THE ORDER OF", 7)
    _text(c, 120, 132, s["employee"], 11)
    _text(c, 560, 130, "$****" + s["net"][0], 11, bold=True, right=True)
    for i, (label, value) in enumerate((("Employee", s["employee"]), ("Employee ID", s["id"]),
                                        ("Pay Period", f"{s['period'][0]} - {s['period'][1]}"),
                                        ("Pay Date", s["pay_date"]))):
        _text(c, 36, 300 + 13 * i, label, 8)
        _text(c, 106, 300 + 13 * i, value, 9)
    _text(c, 36, 360, "EARNINGS", 9.5, bold=True)
    for x, head in ((314, "Rate"), (400, "Hours"), (487, "Current"), (573, "YTD")):
        _text(c, x, 378, head, 7.5, bold=True, right=True)
    rows = [*s["earnings"], ("Gross Pay", "", "", *s["gross"])]
    for r, (kind, rate, hours, amount, ytd) in enumerate(rows):
        y = 394 + 13 * r
        _text(c, 39, y, kind)
        for x, v in ((314, rate), (400, hours), (487, amount), (573, ytd)):
            if v:
                _text(c, x, y, v, right=True)
    top = 394 + 13 * len(rows) + 20
    _text(c, 36, top, "TAXES AND DEDUCTIONS", 9.5, bold=True)
    for x, head in ((400, "Current"), (573, "YTD")):
        _text(c, x, top + 18, head, 7.5, bold=True, right=True)
    rows = [*s["deductions"], ("Total Deductions", s["total_deductions"], "")]
    for r, (kind, amount, ytd) in enumerate(rows):
        y = top + 34 + 13 * r
        _text(c, 39, y, kind)
        _text(c, 400, y, amount, right=True)
        if ytd:
            _text(c, 573, y, ytd, right=True)
    top += 34 + 13 * len(rows) + 20
    _text(c, 344, top, "NET PAY", 10, bold=True)
    _text(c, 568, top, s["net"][0], 10, bold=True, right=True)
    _text(c, 344, top + 14, "YTD NET", 8.5)
    _text(c, 568, top + 14, s["net"][1], 8.5, right=True)
    c.save()
    return path


EXPECTED = {
    "employer_name": "Northwind Traders LLC", "employee_name": "Jane Public",
    "employee_id": "E48213", "pay_period_start": "2026-04-01", "pay_period_end": "2026-04-14",
    "pay_date": "2026-04-18", "hours": "80.00", "rate": "25.50", "gross_pay": "2116.50",
    "total_deductions": "373.56", "net_pay": "1742.94", "ytd_gross": "14815.50",
    "ytd_net": "12200.58",
}
EARNINGS = [
    {"type": "Regular", "rate": "25.50", "hours": "80.00", "amount": "2040.00", "ytd": "14280.00"},
    {"type": "Overtime", "rate": "38.25", "hours": "2.00", "amount": "76.50", "ytd": "535.50"},
]
DEDUCTIONS = [
    {"type": "Federal Income Tax", "amount": "211.65", "ytd": "1481.55"},
    {"type": "Social Security", "amount": "131.22", "ytd": "918.54"},
    {"type": "Medicare", "amount": "30.69", "ytd": "214.83"},
]


def _values(fields: dict) -> dict:
    return {k: v.value for k, v in fields.items()}


@pytest.mark.parametrize("draw", [draw_statement, draw_check_stub])
def test_paystub_layouts_read_fields_and_tables(tmp_path, draw):
    fields, tables = extract_paystub(load_pages(draw(tmp_path / "stub.pdf")))
    assert _values(fields) == EXPECTED
    assert [_values(r) for r in tables["earnings"]] == EARNINGS
    assert [_values(r) for r in tables["deductions"]] == DEDUCTIONS
    assert not any(f.needs_review for f in fields.values())
    assert fields["net_pay"].confidence > 0.95  # gross - deductions = net holds


def test_printed_net_pay_that_does_not_add_up_stands_and_the_rules_report_it(tmp_path):
    bad = dict(STUB, net=("1,842.94", "12,200.58"))
    fields, tables = extract_paystub(load_pages(draw_statement(tmp_path / "stub.pdf", bad)))
    assert fields["net_pay"].value == "1842.94"
    assert not any(fields[n].needs_review for n in ("net_pay", "gross_pay", "total_deductions"))
    assert ("NET_PAY_MISMATCH", "net_pay") in _rule_issues(fields, tables)


def test_printed_hours_times_rate_mismatch_stands_and_the_rules_report_it(tmp_path):
    earnings = [("Regular", "25.50", "80.00", "2,050.00", "14,280.00"), STUB["earnings"][1]]
    bad = dict(STUB, earnings=earnings)
    fields, tables = extract_paystub(load_pages(draw_statement(tmp_path / "stub.pdf", bad)))
    assert fields["hours"].value == "80.00" and fields["rate"].value == "25.50"
    assert not fields["hours"].needs_review and not fields["rate"].needs_review
    assert ("HOURS_RATE_MISMATCH", "earnings[0].amount") in _rule_issues(fields, tables)


def test_employer_label_does_not_take_the_employee(tmp_path):
    fields, _ = extract_paystub(load_pages(draw_statement(tmp_path / "stub.pdf")))
    assert fields["employer_name"].value != fields["employee_name"].value


# -- who is who on a scanned stub ---------------------------------------------------------------

from extractors.page_model import Page, Word  # noqa: E402
from extractors.paystub_fields import TITLES  # noqa: E402
from extractors.paystub_parties import (  # noqa: E402
    looks_like_person, ocr_name_doubt, read_employer, repair_employee_id,
)


def _w(text, x, top, h=15.0, conf=0.96, line=1):
    return Word(text, x, top, x + 9.0 * len(text), top + h, conf, block=line, line=line)


def _scan(*words):
    return Page(1, 1275.0, 1651.0, tuple(words), ocr=True, dpi=150.0)


HEADER = (_w("Adams", 84, 53, 24), _w("LLC", 150, 53, 24), _w("Pay", 1010, 53, 24),
          _w("Statement", 1045, 53, 24),
          _w("65647", 84, 175, line=2), _w("Juan", 144, 175, line=2), _w("Haven", 191, 175, line=2),
          _w("East", 85, 201, line=3), _w("Juanville,", 126, 201, line=3),
          _w("IN", 215, 201, line=3), _w("49369", 238, 201, line=3))


def test_employer_is_the_company_block_not_a_tall_label():
    # OCR drew the 'Employee' label taller than the company name
    page = _scan(*HEADER, _w("Employee", 715, 175, 27, line=2), _w("Ryan", 860, 175, line=2),
                 _w("Young", 912, 175, line=2))
    text, _, conf = read_employer(page, page.lines(), TITLES, employee="Ryan Young")
    assert text == "Adams LLC"
    assert conf >= 0.9  # an address under it and larger type: the company block


def test_employer_without_company_block_evidence_goes_to_review():
    page = _scan(_w("Adams", 84, 53, 15), _w("LLC", 150, 53, 15), _w("Regular", 84, 400))
    text, _, conf = read_employer(page, page.lines(), TITLES)
    assert text == "Adams LLC" and conf < 0.9


def test_employer_skips_addresses_ocr_noise_and_the_employee():
    noise = (_w("Fa", 900, 5, conf=0.16), _w("RLS", 930, 5, conf=0.22),
             _w("coe", 970, 5, conf=0.05))
    payee = (_w("Derek", 84, 20, 26), _w("Johnson", 150, 20, 26))
    page = _scan(*noise, *payee, *HEADER[4:])
    got = read_employer(page, page.lines(), TITLES, employee="Derek Johnson")
    assert got is None  # only the address and the employee are left


@pytest.mark.parametrize("token,expected", [
    ("£13521", ("E13521", True)), ("€46521", ("E46521", True)), ("E13521", ("E13521", False)),
    ("F13521", ("F13521", False)),  # a real letter: not guessed
    ("789585.", ("789585", True)),
])
def test_employee_id_repairs_currency_glyphs_for_e(token, expected):
    assert repair_employee_id(token) == expected


def test_names_and_ocr_doubt():
    assert looks_like_person("Derek Johnson") and not looks_like_person("ID")
    assert not looks_like_person("Employee ID") and not looks_like_person("E13521 Jo")
    assert ocr_name_doubt("Adarns LLC") < 1.0 and ocr_name_doubt("Adams LLC") == 1.0
    assert not looks_like_person("Adams LLC")
    assert not looks_like_person("Gonzalez, Hansen and Rhodes")


@pytest.mark.parametrize("text,expected", [
    ("3,330:32", "3,330.32"), ("43:82", "43.82"), ("2,025.40.", "2,025.40"), ("892;44", "892.44"),
])
def test_scanned_amounts_with_a_colon_for_the_point(text, expected):
    from extractors.paystub_reading import is_amount, ocr_money_text
    assert ocr_money_text(text) == expected
    assert is_amount(text, ocr=True)
    assert not is_amount("43:82")  # a text layer prints what it means: maybe a time


def test_damaged_short_label_counts_only_when_it_reads_like_that_label():
    from extractors.paystub_labels import closest_labels
    assert closest_labels("Emplayee") == {"EMPLOYEE"}  # an employee label, fully
    assert closest_labels("Employse") == {"EMPLOYEE", "EMPLOYER"}  # either: lower weight
    assert closest_labels("Employer") == {"EMPLOYER"}  # never the employee's


def test_employee_id_past_a_speck_where_ocr_lost_the_word_id():
    page = _scan(_w("Employee", 714, 207), _w("(0", 801, 207, conf=0.44),
                 _w("£39870", 859, 207, conf=0.39))
    fields, _ = extract_paystub([page])
    assert fields["employee_id"].value == "E39870"
    assert fields["employee_id"].needs_review


def test_total_that_lost_a_digit_is_rebuilt_from_its_lines_for_review(tmp_path):
    damaged = dict(STUB, gross=("2,116.50", "4,815.50"))  # YTD gross lost its leading '1'
    fields, _ = extract_paystub(load_pages(draw_statement(tmp_path / "stub.pdf", damaged)))
    assert fields["ytd_gross"].value == "14815.50"  # the earnings' YTD column adds up to it
    assert fields["ytd_gross"].needs_review


def test_net_pay_off_by_a_round_amount_is_not_rebuilt(tmp_path):
    bad = dict(STUB, net=("1,642.94", "12,200.58"))  # a real mismatch, not OCR damage
    fields, tables = extract_paystub(load_pages(draw_statement(tmp_path / "stub.pdf", bad)))
    assert fields["net_pay"].value == "1642.94"
    assert ("NET_PAY_MISMATCH", "net_pay") in _rule_issues(fields, tables)


def test_employee_id_whose_label_ocr_garbled_is_read_by_the_info_column_for_review():
    page = _scan(_w("Employee", 77, 629), _w("Eric", 223, 629), _w("Walker", 258, 629),
                 _w("Er", 77, 656, conf=0.57), _w("cals)", 142, 656, conf=0.26),
                 _w("E20705", 223, 656, conf=0.8))
    fields, _ = extract_paystub([page])
    assert fields["employee_name"].value == "Eric Walker"
    assert fields["employee_id"].value == "E20705" and fields["employee_id"].needs_review


def test_a_value_every_check_confirms_is_posted_one_a_check_refutes_is_not():
    from extractors.paystub_reading import Reading
    page = _scan()
    confirmed = Reading("1532.40", [_w("1,532.40", 900, 500, conf=0.55)], 0.5, checks=[True])
    refuted = Reading("1532.40", [_w("1,532.40", 900, 500)], 0.95, checks=[True, False])
    rebuilt = Reading("1532.40", [_w("1,532.40", 900, 500)], 0.95, checks=[True], cap=0.85)
    assert not confirmed.to_field("gross_pay", page).needs_review
    assert refuted.to_field("gross_pay", page).needs_review
    assert rebuilt.to_field("gross_pay", page).needs_review
    text_layer = Page(number=1, width=page.width, height=page.height, words=page.words, ocr=False)
    assert not refuted.to_field("gross_pay", text_layer).needs_review  # the stub's own defect


def test_a_persons_name_atop_a_scan_is_not_posted_as_the_employer():
    # a window-envelope stub: the payee's mailing block where a company block would be
    page = _scan(_w("Laura", 84, 53, 24), _w("Garcia", 150, 53, 24), *HEADER[4:])
    text, _, conf = read_employer(page, page.lines(), TITLES, employee="Derek Johnson")
    assert text == "Laura Garcia" and conf < 0.9


def test_rate_column_whose_title_ocr_lost_is_read_left_of_hours():
    header = (_w("EARNINGS", 76, 755, line=5), _w("Description", 78, 786, line=6),
              _w("Hours", 784, 786, line=6), _w("Current", 949, 786, line=6),
              _w("YTD", 1162, 786, line=6))
    row = (_w("Regular", 82, 813, line=7), _w("56.25", 609, 813, line=7),
           _w("37.50", 789, 813, line=7), _w("2,109.38", 944, 813, line=7),
           _w("65,390.78", 1114, 813, line=7))
    fields, tables = extract_paystub([_scan(*header, *row)])
    assert (fields["rate"].value, fields["hours"].value) == ("56.25", "37.50")
    assert not fields["rate"].needs_review  # 56.25 x 37.50 = 2,109.38 confirms both


def test_an_ocr_speck_between_rows_does_not_end_the_table():
    header = (_w("TAXES", 75, 892, line=5), _w("DEDUCTIONS", 196, 892, line=5),
              _w("Current", 773, 920, line=6), _w("YTD", 1162, 920, line=6))
    speck = _w(":", 800, 940, h=2, conf=0.0, line=7)
    rows = (_w("Federal", 82, 954, line=8), _w("175.28", 779, 954, line=8),
            _w("6,134.80", 1124, 954, line=8), _w("Medicare", 82, 981, line=9),
            _w("25.42", 789, 981, line=9), _w("889.70", 1138, 981, line=9))
    _, tables = extract_paystub([_scan(*header, speck, *rows)])
    assert [r["amount"].value for r in tables["deductions"]] == ["175.28", "25.42"]


def test_an_id_counts_as_read_twice_only_when_every_reading_gives_its_digits():
    from dataclasses import replace

    from extractors.paystub_evidence import read_twice_alike
    word = _w("£33983", 223, 656, conf=0.5)
    assert read_twice_alike(replace(word, rereads=("E33983", "633983")))  # the glyph as a 6
    assert not read_twice_alike(replace(word, rereads=("E33983", "E38983")))
    assert not read_twice_alike(replace(word, rereads=("E33983", "6633983")))
    assert not read_twice_alike(word)  # never read again


def test_a_glyph_led_employee_id_its_crop_confirms_is_posted():
    from dataclasses import replace
    label = (_w("Employee", 714, 207), _w("ID", 801, 207))
    doubted = _w("£39870", 859, 207, conf=0.39)
    fields, _ = extract_paystub([_scan(*label, doubted)])
    assert fields["employee_id"].value == "E39870" and fields["employee_id"].needs_review
    confirmed = replace(doubted, rereads=("E39870", "E39870"))
    fields, _ = extract_paystub([_scan(*label, confirmed)])
    assert fields["employee_id"].value == "E39870" and not fields["employee_id"].needs_review
    disputed = replace(doubted, rereads=("E39870", "E39970"))
    fields, _ = extract_paystub([_scan(*label, disputed)])
    assert fields["employee_id"].needs_review
