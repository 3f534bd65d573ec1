"""Who the employee is on a scanned pay stub when OCR damaged the label beside the name."""
from __future__ import annotations

import pytest

from extractors.page_model import Page, Word
from extractors.paystub_fields import read_info
from extractors.paystub_parties import ocr_name_doubt


def _w(text: str, x: float, top: float, h: float = 15.0, conf: float = 0.96, line: int = 1
       ) -> Word:
    return Word(text, x, top, x + 9.0 * len(text), top + h, conf, block=1, line=line)


def _scan(*words: Word) -> Page:
    return Page(1, 1275.0, 1651.0, tuple(words), ocr=True, dpi=150.0)


def _id_row(top: float = 657.0) -> tuple[Word, ...]:
    return (_w("Employee", 76, top, line=2), _w("ID", 155, top, line=2),
            _w("E92925", 222, top, conf=0.91, line=2))


def test_a_label_box_ocr_drew_too_tall_does_not_make_the_name_beside_it_a_speck():
    # a speck merged into the label's box: 'Employee' 38 px tall beside a name 15 px tall
    page = _scan(_w("Employee", 76, 626, h=38, conf=0.92), _w("Theresa", 222, 630),
                 _w("Martin", 292, 630, conf=0.93), *_id_row())
    got = read_info(page, page.lines())["employee_name"]
    assert got.value == "Theresa Martin"
    assert got.confidence >= 0.93


@pytest.mark.parametrize("label", ["Empleysp", "Emplayes", "Eniployee"])
def test_a_garbled_employee_label_above_the_id_row_still_names_the_employee(label):
    page = _scan(_w(label, 76, 630, conf=0.0), _w("Mark", 222, 630), _w("Flores", 268, 630),
                 *_id_row())
    got = read_info(page, page.lines())["employee_name"]
    assert got.value == "Mark Flores"
    assert got.confidence >= 0.93  # both words read cleanly; the two columns say which row


@pytest.mark.parametrize("label,value", [
    ("Period", ("Mark", "Flores")),      # the row's label reads like another label
    ("Empleysp", ("Adams", "LLC")),      # not a person's name
    ("Empleysp", ("Mark", "Fl0res")),    # not a clean name
])
def test_the_row_above_the_id_is_not_taken_without_its_evidence(label, value):
    page = _scan(_w(label, 76, 630, conf=0.0), _w(value[0], 222, 630),
                 _w(value[1], 222 + 9 * len(value[0]) + 10, 630), *_id_row())
    got = read_info(page, page.lines()).get("employee_name")
    assert got is None or got.confidence < 0.9


def test_a_name_in_a_column_of_its_own_is_not_the_row_above_the_id():
    # the name starts far right of the ID's value column: no row of the info block
    page = _scan(_w("Empleysp", 76, 630, conf=0.0), _w("Mark", 420, 630),
                 _w("Flores", 466, 630), *_id_row())
    assert "employee_name" not in read_info(page, page.lines())


def test_a_letter_pair_ocr_makes_of_one_letter_is_doubted_only_where_ocr_hesitated():
    assert ocr_name_doubt("Rhonda Hernandez") < 1.0  # no words: the text alone
    clean = [_w("Rhonda", 0, 0), _w("Hernandez", 70, 0, conf=0.96)]
    assert ocr_name_doubt("Rhonda Hernandez", clean) == 1.0
    hesitant = [_w("Adarns", 0, 0, conf=0.89), _w("LLC", 70, 0)]
    assert ocr_name_doubt("Adarns LLC", hesitant) < 1.0
    assert ocr_name_doubt("Adams LLC", hesitant) == 1.0


# -- the company's legal form -------------------------------------------------------------------

def test_a_legal_form_read_as_one_does_not_decide_how_cleanly_the_company_was_read():
    from extractors.paystub_evidence import company_words_conf, legal_form_case
    assert company_words_conf([_w("Shelton", 0, 0), _w("Inc", 80, 0, conf=0.81)]) == 0.96
    assert company_words_conf([_w("Shelton", 0, 0), _w("Ine", 80, 0, conf=0.81)]) == 0.81
    assert company_words_conf([_w("Shelton", 0, 0), _w("Inc", 80, 0, conf=0.5)]) == 0.5
    assert company_words_conf([_w("Shelton", 0, 0, conf=0.9), _w("Inc", 80, 0)]) == 0.9
    assert legal_form_case("Shelton inc") == "Shelton Inc"
    assert legal_form_case("Shelton ink") == "Shelton ink" and legal_form_case("inc") == "inc"


def test_a_company_block_with_its_legal_form_read_less_surely_is_still_clean():
    from extractors.paystub_fields import TITLES
    from extractors.paystub_parties import read_employer
    page = _scan(_w("Shelton", 84, 53, h=24), _w("inc", 165, 53, h=24, conf=0.91),
                 _w("65647", 84, 90, line=2), _w("Juan", 144, 90, line=2),
                 _w("Haven", 191, 90, line=2), _w("Regular", 84, 400, line=3),
                 _w("Salary", 160, 400, line=3))
    text, _, conf = read_employer(page, page.lines(), TITLES)
    assert text == "Shelton Inc" and conf >= 0.93
