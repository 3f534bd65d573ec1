"""Receipt header layouts seen on real till slips, drawn here as words: a chain's branch
printed in brackets under its head-office address, and legal forms OCR misreads."""
from __future__ import annotations

from extractors.layout import page_lines
from extractors.page_model import Page, Word
from extractors.receipt_header import extract_receipt_vendor


def scan(lines: list[str], conf: float = 0.9) -> Page:
    """A scanned slip with its header lines centred on one axis."""
    words, y = [], 20.0
    for text in lines:
        tokens = text.split()
        width = sum(9 * len(t) for t in tokens) + 7 * (len(tokens) - 1)
        x = (320.0 - width) / 2
        for token in tokens:
            words.append(Word(token, x, y, x + 9 * len(token), y + 20, conf))
            x += 9 * len(token) + 7
        y += 26
    return Page(1, 320, y + 40, tuple(words), ocr=True)


def vendor(lines: list[str]):
    return extract_receipt_vendor([page_lines(scan(lines))])


def test_a_bracketed_branch_under_the_postcode_ends_the_address():
    out = vendor(["KEDAI ALAT MURAH (M) SDN BHD", "(CO.REG 123456-X)",
                  "LOT 2207-C, JALAN IMPIAN 4,", "43500 SEMENYIH, SELANGOR",
                  "(PASAR RAYA SENAWANG)", "INVOICE", "Date 14/03/2018"])
    assert out["vendor_address"].value == \
        "LOT 2207-C, JALAN IMPIAN 4, 43500 SEMENYIH, SELANGOR (PASAR RAYA SENAWANG)"


def test_a_branch_after_the_state_line_ends_the_address_too():
    out = vendor(["KEDAI ALAT MURAH (M) SDN BHD", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH,", "SELANGOR.", "(PASAR RAYA SENAWANG)",
                  "TEL 03-1234 5678"])
    assert out["vendor_address"].value.endswith("SELANGOR. (PASAR RAYA SENAWANG)")


def test_a_bracketed_line_after_a_gap_or_in_lower_case_is_not_the_branch():
    out = vendor(["KEDAI ALAT MURAH (M) SDN BHD", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH, SELANGOR", "TAX INVOICE", "(PASAR RAYA SENAWANG)"])
    assert out["vendor_address"].value == "LOT 2207-C, JALAN IMPIAN 4, 43500 SEMENYIH, SELANGOR"
    out = vendor(["KEDAI ALAT MURAH (M) SDN BHD", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH, SELANGOR", "(thank you)", "TAX INVOICE"])
    assert out["vendor_address"].value == "LOT 2207-C, JALAN IMPIAN 4, 43500 SEMENYIH, SELANGOR"


def test_a_malaysian_legal_form_misread_by_ocr_is_put_right_in_the_name():
    out = vendor(["WARISAN JAYA SON BHD", "(123456-X)", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH, SELANGOR", "TEL 03-1234 5678"])
    assert out["vendor_name"].value == "WARISAN JAYA SDN BHD"
    out = vendor(["KEDAI MURAH SDN. BHO.", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH, SELANGOR", "TEL 03-1234 5678"])
    assert out["vendor_name"].value == "KEDAI MURAH SDN. BHD."


def test_a_son_that_is_a_word_of_the_name_stays():
    out = vendor(["TAN & SON BHD", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH, SELANGOR", "TEL 03-1234 5678"])
    assert out["vendor_name"].value == "TAN & SON BHD"
