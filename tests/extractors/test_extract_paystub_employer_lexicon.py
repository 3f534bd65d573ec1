"""A hyphenated employer name on a scanned pay stub: accepted when both parts are words of
Tesseract's own word list, sent to review when a part is a misreading no list knows."""
from __future__ import annotations

import pytest

from extractors.page_model import Page, Word
from extractors.paystub_fields import extract_paystub
from extractors.paystub_lexicon import known_parts, tesseract_words

pytestmark = pytest.mark.skipif(not tesseract_words(), reason="Tesseract's word list unreadable")


def _w(text: str, x: float, top: float, h: float = 15.0, conf: float = 0.96, line: int = 1
       ) -> Word:
    return Word(text, x, top, x + 9.0 * len(text), top + h, conf, block=1, line=line)


def _stub(employer: str, conf: float) -> Page:
    """The company block (the name in large type, its address under it), a title on the
    right and the employee rows, as OCR reads a 150 dpi scan."""
    return Page(1, 1275.0, 1651.0, (
        _w(employer, 76, 80, h=24, conf=conf, line=1), _w("Pay", 900, 80, h=24, line=1),
        _w("Statement", 950, 80, h=24, line=1),
        _w("841", 76, 112, line=2), _w("Mill", 112, 112, line=2), _w("Road", 160, 112, line=2),
        _w("Springfield,", 76, 134, line=3), _w("MA", 190, 134, line=3),
        _w("44897", 222, 134, line=3),
        _w("Employee", 76, 630, line=4), _w("Mark", 222, 630, line=4),
        _w("Flores", 268, 630, line=4),
        _w("Employee", 76, 657, line=5), _w("ID", 155, 657, line=5),
        _w("E92925", 222, 657, conf=0.91, line=5)), ocr=True, dpi=150.0)


def test_known_parts_reads_tesseracts_own_list():
    assert known_parts("Green-Hunt")
    assert not known_parts("Rich-Oison")  # 'Olson' read with an i for its l
    assert not known_parts("Green")  # not a compound


def test_a_compound_employer_of_known_words_read_as_right_ones_read_is_accepted():
    fields, _ = extract_paystub([_stub("Green-Hunt", 0.90)])
    got = fields["employer_name"]
    assert got.value == "Green-Hunt"
    assert got.confidence >= 0.93


def test_a_compound_employer_with_a_misread_part_stays_under_the_review_line():
    fields, _ = extract_paystub([_stub("Rich-Oison", 0.90)])
    got = fields["employer_name"]
    assert got.value == "Rich-Oison"
    assert got.confidence < 0.90
