"""layout.value_below: the phrase under a label, how far down it looks (`reach`), and the
phrases a caller passes over (`take`), as the reading of an amount under a column header
a few lines down (invoice_money_reading.column_value) uses it."""
from __future__ import annotations

import pytest

from extractors.confidence import reading
from extractors.invoice_fields import extract_invoice
from extractors.invoice_money_reading import money_words
from extractors.layout import find_labels, flatten_lexicon, page_lines, text_of, value_below
from tests.extractors.test_extract_invoice_parties import page

LEXICON = flatten_lexicon({"amount_due": (("balance due", 1.0),)})


def below(rows, **kwargs) -> str:
    doc = [page_lines(page(rows))]
    hit = next(h for h in find_labels(doc, LEXICON) if h.field == "amount_due")
    return text_of(value_below(doc, hit, **kwargs))


def has_cents(words) -> bool:
    return any(decimals for _, _, decimals in money_words(words))


LABEL = (300, 100, "Balance Due", 9.0, True)
OTHER_COLUMN = (280, 112, "Terms: payable within thirty days", 9.0, False)
AMOUNT = (305, 124, "1,482.16", 9.0, False)


def test_the_first_phrase_under_a_label_is_its_value():
    assert below([LABEL, AMOUNT]) == "1,482.16"
    assert below([LABEL, OTHER_COLUMN, AMOUNT]).startswith("Terms")


def test_phrases_the_caller_refuses_are_passed_over():
    assert below([LABEL, OTHER_COLUMN, AMOUNT], take=has_cents) == "1,482.16"
    assert below([LABEL, OTHER_COLUMN], take=has_cents) == ""


def test_a_value_further_down_than_the_reach_is_not_read():
    far = (305, 135, "1,482.16", 9.0, False)  # 26 points (2.9 text heights) under the label
    assert below([LABEL, far]) == ""
    assert below([LABEL, far], reach=4.0) == "1,482.16"
    assert below([LABEL, OTHER_COLUMN, AMOUNT], max_lines=1, take=has_cents) == ""


@pytest.mark.parametrize("terms", ["TERMS : PAYABLE ON RECEIPT", "TERMS : NET 30 DAYS"])
def test_an_amount_under_a_column_header_past_another_columns_line_is_read_for_review(terms):
    """The line between is another column's key and value; a day count in it ('NET 30
    DAYS') is no amount."""
    rows = [(42, 43, "Harrow Supply Co", 13.0, True), (42, 102, "INVOICE", 15.0, True),
            (42, 130, "Invoice No. : HS-20931", 9.0, False),
            (42, 200, "DUE DATE", 8.0, True), (200, 200, "DISCOUNT", 8.0, True),
            (400, 200, "BALANCE DUE", 8.0, True), (370, 211, terms, 8.0, False),
            (42, 222, "08/14/2026", 9.0, False), (205, 222, "0.00", 9.0, False),
            (405, 222, "2,310.75", 9.0, False)]
    p = page(rows)
    with reading("invoice", p.ocr):
        fields, _ = extract_invoice([p])
    assert fields["amount_due"].value == "2310.75"
    assert fields["amount_due"].needs_review  # a column's farther row, no sum confirms it
