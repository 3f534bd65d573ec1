"""Box 24 service lines on a faxed CMS-1500 (OCR words drawn here): a garbled date cell, a
line whose dates are unreadable, one printed line read twice, an NPI a digit off the one
another line confirms; and box 3's birth date taken from box 11a."""
from __future__ import annotations

from dataclasses import replace

from extractors.claim_codes import npi_check_ok
from extractors.claim_fields import extract_claim
from extractors.claim_service_lines import parse_service_line, read_service_lines
from extractors.form_anchors import Anchor
from extractors.loader import load_pages
from extractors.page_model import Page, Word
from tests.extractors.test_extract_claim import CLAIM, draw_cms1500

NPI = "1234567893"
B24 = {"b24": Anchor("b24", 0.9, 90, 2100, 450, 2118)}  # a 300 dpi scan


def _w(text: str, x0: float, x1: float, top: float = 2260, h: float = 24,
       conf: float = 0.9) -> Word:
    return Word(text, x0, top, x1, top + h, conf)


def _page(words: list[Word]) -> Page:
    return Page(number=1, width=2550, height=3300, words=tuple(words), ocr=True, dpi=300)


def _dates(top: float, cells: list[str]) -> list[Word]:
    """MM DD YY MM DD YY POS cells, the form's dashed rules between them."""
    xs = [(100, 140), (190, 224), (278, 312), (370, 404), (462, 496), (552, 586), (644, 678)]
    out = [_w(t, x0, x1, top) for t, (x0, x1) in zip(cells, xs, strict=True) if t]
    return out + [_w("|", x, x + 3, top - 10, 48) for x in (338, 428, 520, 602)]


def _tail(top: float, cpt: str, ptr: str, charge: str, units: str, npi: str) -> list[Word]:
    out = [_w(cpt, 860, 950, top), _w(ptr, 1440, 1480, top), _w(units, 1870, 1880, top),
           _w("NPI", 2020, 2058, top, 18), _w(npi, 2100, 2260, top)]
    return out + ([_w(charge, 1660, 1790, top)] if charge else [])


def test_a_garbled_date_cell_loses_its_date_only_and_the_code_is_not_read_as_digits():
    words = _dates(2260, ["09", "3!", "26", "09", "14", "26", "11"])
    words += _tail(2260, "99214", "AC", "84.20", "1", NPI)
    row = parse_service_line(words, _page(words), 0.97)
    assert row is not None and "date_from" not in row
    assert row["date_to"].value == "2026-09-14" and row["place_of_service"].value == "11"
    assert row["procedure_code"].value == "99214" and row["charge"].value == "84.20"
    assert row["date_to"].needs_review  # a cell beside it unread: read for review


def test_two_date_cells_read_as_one_word_with_the_rule_between_are_two_cells():
    words = [_w("08.12", 100, 224), _w("26", 278, 312), _w("[os", 370, 404),
             _w("12/26", 462, 586), _w("n", 644, 668),
             *_tail(2260, "99214", "A", "84.20", "1", NPI)]
    row = parse_service_line(words, _page(words), 0.97)
    assert row is not None and row["date_from"].value == "2026-08-12"
    assert "date_to" not in row and row["procedure_code"].value == "99214"


def test_a_line_with_unreadable_dates_is_kept_when_its_other_cells_make_it_a_line():
    top = [*_dates(2260, ["09", "14", "26", "09", "14", "26", "11"]),
           *_tail(2260, "99214", "A", "84.20", "1", NPI)]
    garbled = [*_dates(2360, ["o9", "4", "ne", "oa", "1", "", ""]), _w("ea", 552, 680, 2360),
               *_tail(2360, "G0283", "CA", "212.45", "1", NPI)]
    stray = [_w("Pq", 40, 88, 2450, 44), _w("7", 2440, 2450, 2520, 18)]  # no line at all
    rows = read_service_lines(_page(top + garbled + stray), B24)
    assert [r["charge"].value for r in rows] == ["84.20", "212.45"]
    assert rows[1]["diagnosis_pointer"].value == "CA" and "date_from" not in rows[1]
    assert rows[1]["procedure_code"].value == "G0283"
    # read past its dates, the undated line stays for review
    assert all(f.needs_review for f in rows[1].values())


def test_rows_read_from_one_charge_word_are_one_line_and_the_fuller_reading_stays():
    # a skewed scan splits a printed line in two OCR lines that each join the other's words
    from extractors.claim_line_rows import one_row_per_reading
    from extractors.forms import make_field
    charge = _w("418.20|", 1660, 1790)

    def row(*names: str) -> dict:
        return {n: make_field(n, "1", 0.6, words=[charge] if n == "charge" else
                              [_w("x", 100 + 10 * i, 105 + 10 * i)])
                for i, n in enumerate(names)}
    part = row("procedure_code", "charge", "units")
    whole = row("date_from", "procedure_code", "charge", "units", "diagnosis_pointer")
    other = row("procedure_code", "units")
    kept, raw = one_row_per_reading([part, whole, other], [None, "1", None])
    assert kept == [whole, other] and raw == ["1", None]


def test_a_shorter_reading_inside_a_charge_word_is_no_units_cell():
    words = [*_dates(2260, ["10", "02", "26", "10", "02", "26", "22"]),
             *_tail(2260, "97110", "B", "418.20|", "3", NPI),
             _w("82", 1705, 1745, 2255, 36, 0.4)]  # OCR read the charge's ink twice
    row = parse_service_line(words, _page(words), 0.97)
    assert row is not None and row["units"].value == "3" and row["charge"].value == "418.20"


def test_an_npi_a_digit_off_the_one_another_line_confirms_is_that_npi_for_review():
    misread = "1234561893"
    assert npi_check_ok(NPI) and not npi_check_ok(misread)
    words = [*_dates(2260, ["09", "14", "26", "09", "14", "26", "11"]),
             *_tail(2260, "99214", "A", "84.20", "1", NPI),
             *_dates(2360, ["09", "14", "26", "09", "14", "26", "11"]),
             *_tail(2360, "36415", "B", "12.00", "1", misread)]
    rows = read_service_lines(_page(words), B24)
    assert [r["rendering_provider_npi"].value for r in rows] == [NPI, NPI]
    assert rows[1]["rendering_provider_npi"].needs_review
    # another provider's NPI (many digits apart) is left as read
    other = "1245319599"
    words[-1] = _w(other, 2100, 2260, 2360)
    rows = read_service_lines(_page(words), B24)
    assert rows[1]["rendering_provider_npi"].value == other


def _with_box_11a_date(page: Page, cells: list[str]) -> Page:
    """The page with a birth date added under box 11a's label."""
    label = next(w for w in page.words if w.text == "a." and w.x0 > 300 and 230 < w.top < 260)
    h = label.bottom - label.top
    x = label.x0 + 2
    added = []
    for t in cells:
        added.append(Word(t, x, label.bottom + 1.5 * h, x + 5.4 * len(t),
                          label.bottom + 3.2 * h, 1.0))
        x += 5.4 * len(t) + 12
    return replace(page, words=(*page.words, *added))


def test_box_3_unread_takes_the_patients_birth_date_from_box_11a_when_she_is_the_insured(
        tmp_path):
    same = {**CLAIM, "dob": "", "insured": CLAIM["patient"]}
    page = load_pages(draw_cms1500(tmp_path / "claim.pdf", same))[0]
    page = _with_box_11a_date(page, ["07", "04", "1980"])
    fields, _ = extract_claim([page])
    assert fields["patient_dob"].value == "1980-07-04" and fields["patient_dob"].needs_review
    # another person insures the patient: box 11a is the insured's birth date, not hers
    other = {**CLAIM, "dob": ""}
    page = _with_box_11a_date(load_pages(draw_cms1500(tmp_path / "other.pdf", other))[0],
                              ["07", "04", "1980"])
    fields, _ = extract_claim([page])
    assert "patient_dob" not in fields


def test_an_identifier_cut_in_two_at_the_boxs_edge_gets_its_first_part_back():
    from extractors.claim_fields import glued_left
    rest = _w("100200", 560, 660, 2070, 20, 0.96)
    first = _w("ACC-", 492, 553, 2071, 19, 0.71)
    far = _w("99", 430, 470, 2070, 20)  # another box's value, a gap away
    assert glued_left([rest], [far, first, rest]) == [rest, first]
    assert glued_left([rest], [far, rest]) == [rest]
    assert glued_left([rest], [_w("acc,", 492, 553, 2071, 19)]) == [rest]  # no id shape


def test_a_missing_rendering_npi_beside_one_lines_valid_npi_is_filled_for_review():
    from extractors.claim_consistency import harmonise_rendering_npis
    from extractors.forms import make_field
    rows = [{"rendering_provider_npi": make_field("rendering_provider_npi", NPI, 0.95)}, {}]
    harmonise_rendering_npis(rows)
    assert rows[1]["rendering_provider_npi"].value == NPI
    assert rows[1]["rendering_provider_npi"].needs_review
    rows = [{"rendering_provider_npi": make_field("rendering_provider_npi", "1234567890", 0.9)},
            {}]  # fails its check digit: nothing to fill from
    harmonise_rendering_npis(rows)
    assert "rendering_provider_npi" not in rows[1]


def _units_line(*tail: tuple[str, float, float]) -> dict:
    words = [*_dates(2260, ["05", "11", "26", "05", "11", "26", "21"]),
             _w("99203", 860, 950), _w("A", 1440, 1480),
             *(_w(t, x0, x1) for t, x0, x1 in tail),
             _w("NPI", 2020, 2058, 2260, 18), _w(NPI, 2100, 2260)]
    row = parse_service_line(words, _page(words), 0.97)
    assert row is not None
    return row


def test_a_charge_whose_cell_rule_ocr_read_as_a_letter_is_no_units_cell():
    row = _units_line(("58", 1690, 1730), ("l41", 1745, 1790), ("2", 1870, 1880))
    assert row["charge"].value == "58.41" and row["units"].value == "2"
    row = _units_line((".35|", 1670, 1740), ("19}", 1750, 1790), ("2", 1870, 1880))
    assert row["charge"].value == "35.19" and row["units"].value == "2"


def test_units_are_the_last_number_and_are_doubted_when_no_charge_was_read():
    row = _units_line(("61", 1700, 1740), ("2", 1870, 1880))  # the cents lost
    assert row["units"].value == "2" and row["units"].needs_review
    assert "charge" not in row


def test_a_scanned_superbill_table_reads_on_past_a_garbled_dated_line_and_specks():
    from extractors.claim_superbill import _superbill_lines

    def line(top: float, *cells: tuple[str, float, float]) -> list[Word]:
        return [Word(t, x0, top, x1, top + 16, 0.9) for t, x0, x1 in cells]
    head = line(600, ("From", 90, 130), ("To", 220, 240), ("POS", 340, 372),
                ("CPT/HCPCS", 400, 490), ("Dx", 640, 660), ("Units", 770, 810),
                ("Charge", 860, 920), ("NPI", 960, 990))

    def service(top: float, day: str, cpt: str, charge: str) -> list[Word]:
        return line(top, (f"05/{day}/2026", 84, 184), (f"05/{day}/2026", 213, 313),
                    ("11", 343, 363), (cpt, 409, 464), ("A", 651, 661), ("1", 782, 790),
                    (f"${charge}", 865, 936), (NPI, 959, 1070))
    words = [*head, *service(640, "11", "99213", "88.10"),
             *line(673, ("O5A1/2026).", 79, 200), ("05/1/2026", 215, 317), ("P2k:.", 329, 383),
                   ("SAGOB", 875, 941)),  # a service line OCR garbled
             *line(706, ("+", 90, 96), ("td", 120, 140), ("en", 300, 320), ("5", 700, 706)),
             *service(739, "12", "99214", "131.40"),
             *line(772, ("Total", 600, 650), ("charges", 660, 730), ("$219.50", 865, 940)),
             *service(805, "13", "99215", "1.00")]  # past the table's end: no line
    page = _page(words)
    rows = _superbill_lines(page, page.lines())
    assert [r["charge"].value for r in rows] == ["88.10", "131.40"]


def test_a_superbill_line_whose_dates_ocr_garbled_but_for_the_year_is_read_on_from_its_code():
    from extractors.claim_superbill import _superbill_lines

    def line(top: float, *cells: tuple[str, float, float]) -> list[Word]:
        return [Word(t, x0, top, x1, top + 16, 0.9) for t, x0, x1 in cells]
    words = [*line(600, ("From", 90, 130), ("To", 220, 240), ("CPT/HCPCS", 400, 490),
                   ("Charge", 860, 920), ("NPI", 960, 990)),
             *line(640, ("Ocesr2026", 84, 184), ("O5/1li2026", 213, 313), ("99214", 409, 464),
                   ("B", 651, 661), ("1", 782, 790), ("$64.15", 865, 936), (NPI, 959, 1070)),
             *line(673, ("OTeAie0e", 79, 150), ("OTM", 160, 200), ("2026", 210, 260),
                   ("BL00ZF", 409, 470), ("hes", 651, 680)),  # garbled beyond use
             *line(706, ("05/12/2026", 84, 184), ("05/12/2026", 213, 313), ("11", 343, 363),
                   ("99213", 409, 464), ("A", 651, 661), ("1", 782, 790), ("$88.10", 865, 936),
                   (NPI, 959, 1070))]
    page = _page(words)
    rows = _superbill_lines(page, page.lines())
    assert [r["charge"].value for r in rows] == ["64.15", "88.10"]
    assert rows[0]["procedure_code"].value == "99214" and "date_from" not in rows[0]
