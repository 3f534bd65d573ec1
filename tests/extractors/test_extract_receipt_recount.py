"""A scanned receipt's total recounted from its own arithmetic when the TOTAL line is the
weakest read, and header blocks whose name OCR lost or whose address runs into a branch."""
from __future__ import annotations

from extractors.layout import page_lines
from extractors.page_model import Page, Word
from extractors.receipt_amounts import extract_receipt_total


def scan(lines: list[tuple[str, float]]) -> Page:
    """A scanned slip, each line with its own OCR word confidence; '|' puts the amount
    on the right."""
    words, y = [], 20.0
    for text, conf in lines:
        left, _, right = text.partition("|")
        x = 10.0
        for token in left.split():
            words.append(Word(token, x, y, x + 9 * len(token), y + 20, conf))
            x += 9 * len(token) + 7
        x = 300.0 - 9 * len(right.strip())
        for token in right.split():
            words.append(Word(token, x, y, x + 9 * len(token), y + 20, conf))
            x += 9 * len(token) + 7
        y += 26
    return Page(1, 320, y + 40, tuple(words), ocr=True)


def total(lines: list[tuple[str, float]]):
    return extract_receipt_total([page_lines(scan(lines))], None, None, None)["total"]


def test_a_weakly_read_total_that_cash_and_change_contradict_gives_way_to_them():
    got = total([("ITEM | 9.10", 0.9), ("TOTAL RM | 14.15", 0.34), ("CASH RM | 20.00", 0.91),
                 ("CHANGE RM | 5.90", 0.84)])
    assert got.value == "14.10" and got.needs_review


def test_a_surely_read_total_stands_against_a_weaker_cash_and_change():
    got = total([("TOTAL RM | 14.15", 0.9), ("CASH RM | 20.00", 0.5),
                 ("CHANGE RM | 5.90", 0.84)])
    assert got.value == "14.15" and got.needs_review


def test_a_total_read_without_cents_gives_way_to_subtotal_tax_and_rounding():
    got = total([("SUB-TOTAL (EX) | 26.00", 0.94), ("TOTAL TAX | 1.56", 0.89),
                 ("ROUNDING | -0.01", 0.82), ("TOTAL TAC | 55", 0.47)])
    assert got.value == "27.55" and got.needs_review


def test_a_text_layer_total_that_does_not_add_up_is_never_recounted():
    got = total([("TOTAL | 14.15", 1.0), ("CASH | 20.00", 1.0), ("CHANGE | 5.90", 1.0)])
    assert got.value == "14.15"
