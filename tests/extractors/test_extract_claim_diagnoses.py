"""Box 21 diagnosis codes on scans: the ICD-10-CM code list as evidence, and NPIs whose check
digit confirms them."""
from __future__ import annotations

import pytest

from extractors.claim_boxes import read_npi
from extractors.claim_diagnoses import (
    billable, code_list_available, nearest_billable, ocr_diagnosis_codes, read_unambiguously,
)
from extractors.form_anchors import Anchor
from extractors.page_model import Page, Word

needs_list = pytest.mark.skipif(not code_list_available(), reason="no ICD-10-CM code list")


def word(text: str, conf: float = 0.9, x0: float = 0.0) -> Word:
    return Word(text, x0, 100, x0 + 8 * len(text), 110, conf)


@needs_list
def test_billable_codes_are_the_leaves_of_icd10cm():
    assert billable("E11.9") and billable("Z23") and billable("M54.50")
    assert not billable("B11.9")  # no such category
    assert not billable("M25")  # a category, not a billable code
    assert not billable("11E.9")


@needs_list
@pytest.mark.parametrize("read, code", [("J25.10", "I25.10"), ("P41.1", "F41.1"), ("410.9", "H10.9")])
def test_a_misread_code_is_repaired_to_the_one_billable_code_a_glyph_away(read, code):
    assert nearest_billable(read) == code


@needs_list
def test_no_repair_when_no_billable_code_is_a_glyph_away():
    assert nearest_billable("Q99.99") is None
    assert nearest_billable("O1O.0") is None


@needs_list
@pytest.mark.parametrize("text, code", [("125.10", "I25.10"), ("200.00", "Z00.00"),
                                        ("£11.9", "E11.9"), ("RO5.9", "R05.9")])
def test_look_alike_glyphs_with_one_billable_reading_are_unambiguous(text, code):
    assert read_unambiguously(code, [word(text, 0.5)])


@needs_list
def test_a_code_with_a_billable_neighbour_needs_a_sure_ocr_word():
    # B66.9 (fluke infection) is billable, and E66.9 is one look-alike glyph away
    assert not read_unambiguously("B66.9", [word("B66.9", 0.56)])
    assert read_unambiguously("B66.9", [word("B66.9", 0.9)])


@needs_list
def test_repairs_that_change_the_case_or_add_a_glyph_are_never_unambiguous():
    # a dot OCR lost is put back where ICD-10-CM prints it, but no glyph is guessed with it
    assert not read_unambiguously("Z41.9", [word("2419", 0.96)])
    assert not read_unambiguously("A22.8", [word("A223", 0.96)])  # row letter A and Z23
    assert read_unambiguously("Z41.9", [word("Z419", 0.96)])
    assert not read_unambiguously("M17.12", [word("Mi7.12", 0.9)])
    assert not read_unambiguously("R06.9", [word("ROS.9", 0.9)])  # R05.9 reads so too


@needs_list
def test_a_row_with_an_unreadable_code_keeps_its_codes_below_sure():
    found, unread = ocr_diagnosis_codes([word("Z00.00", 0.9, 0), word("R10.9", 0.9, 150),
                                         word("ROS.S", 0.6, 300)])
    assert [c for c, _, _ in found][:2] == ["Z00.00", "R10.9"]
    assert unread and all(f <= 0.5 for _, f, _ in found)
    assert not ocr_diagnosis_codes([word("Z00.00", 0.9, 0), word("6.", 0.6, 300)])[1]


def _npi_page(text: str, conf: float) -> tuple[Page, Anchor]:
    label = Word("NPI", 0, 100, 20, 110, 0.9)
    page = Page(number=1, width=600, height=800,
                words=(label, Word(text, 40, 100, 120, 110, conf)), ocr=True)
    return page, Anchor("b17b", 1.0, 0, 100, 20, 110, (label,))


def test_a_checked_npi_is_confident_whatever_ocr_thought_of_its_glyphs():
    page, anchor = _npi_page("1234567893", 0.4)
    got = read_npi("referring_provider_npi", page, [page.words[1]], anchor)
    assert got is not None and got.value == "1234567893" and got.confidence >= 0.95


def test_an_npi_that_starts_with_neither_1_nor_2_is_doubted_despite_its_check_digit():
    page, anchor = _npi_page("3000000001", 0.95)  # passes the check digit
    got = read_npi("referring_provider_npi", page, [page.words[1]], anchor)
    assert got is not None and got.confidence < 0.6


@needs_list
def test_a_code_spelled_exactly_with_no_billable_neighbour_needs_no_ocr_score():
    assert read_unambiguously("Z00.00", [word("Z00.00", 0.05)])
    # M77.11 is a looser look-alike (1/7): it matters only when OCR was unsure of the word
    assert not read_unambiguously("M17.11", [word("M17.11", 0.2)])
    assert read_unambiguously("M17.11", [word("M17.11", 0.4)])
    assert read_unambiguously("E66.9", [word("£66.9", 0.1)])  # the glyph lowers OCR's score
    assert read_unambiguously("Z00.00", [word("z00.00", 0.5)])


def test_box_24_headings_and_row_letter_specks_are_no_unread_codes():
    from extractors.claim_diagnoses import table_heading
    assert table_heading([word("DIAGNOSIS"), word("[F.$"), word("CHARGES")])
    assert not table_heading([word("Z00.00"), word("R10.9")])
    assert not ocr_diagnosis_codes([word("oat", 0.2, 0), word("ok.", 0.2, 300)])[1]
    assert ocr_diagnosis_codes([word("ral.", 0.1, 0)])[1]  # F41.1 OCR could not read


@needs_list
def test_the_closest_look_alike_wins_over_a_looser_one():
    assert nearest_billable("B11.9") == "E11.9"  # B71.9 needs the looser 1/7 slip
    assert nearest_billable("I03.90") == "L03.90"  # J03.90 needs the looser I/J slip


def test_brackets_around_a_code_and_lowercase_words_are_no_part_of_box_21():
    assert not ocr_diagnosis_codes([word("join", 0.2, 0)])[1]  # a rule OCR read as a word
    assert ocr_diagnosis_codes([word("Kalo", 0.1, 0)])[1]  # K21.9 OCR could not read


@needs_list
def test_a_bracket_ocr_read_at_a_code_cell_edge_does_not_make_the_code_doubtful():
    assert read_unambiguously("K59.00", [word("[|K59.00", 0.5)])


def test_the_shipped_code_list_is_the_packages_billable_codes():
    icd = pytest.importorskip("simple_icd_10_cm")
    from extractors.icd10cm import CODES_FILE
    shipped = set(CODES_FILE.read_text(encoding="ascii").split())
    assert shipped == {c for c in icd.get_all_codes(True) if icd.is_leaf(c)}
    assert "J02.9" in shipped and "J02" not in shipped  # a leaf in, its category out
