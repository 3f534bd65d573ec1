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


def test_a_total_a_cent_off_the_5_cent_step_its_rounding_line_promises_is_put_on_it():
    got = total([("SUB TOTAL (RM) | 106.10", 0.3), ("ROUNDING (RM) | -0.02", 0.66),
                 ("TOTAL (RM) | 112.46", 0.25)])
    assert got.value == "112.45" and got.needs_review
    unrounded = total([("SUB TOTAL (RM) | 106.10", 0.3), ("TOTAL (RM) | 112.46", 0.25)])
    assert unrounded.value == "112.46"  # no rounding line: any cent may be right


def test_a_text_layer_total_that_does_not_add_up_is_never_recounted():
    got = total([("TOTAL | 14.15", 1.0), ("CASH | 20.00", 1.0), ("CHANGE | 5.90", 1.0)])
    assert got.value == "14.15"


# ---- header blocks ------------------------------------------------------------------

from extractors.receipt_fields import extract_receipt  # noqa: E402
from extractors.receipt_header import classify_line, extract_receipt_vendor  # noqa: E402


def vendor(lines: list[str], conf: float = 0.9):
    return extract_receipt_vendor([page_lines(scan([(t, conf) for t in lines]))])


def test_a_header_that_starts_with_its_address_gives_a_reviewed_address_and_no_name():
    lines = ["LOT 2207-C, JALAN IMPIAN 4,", "KAWASAN PERINDUSTRIAN SEMENYIH,",
             "43500 SEMENYIH, SELANGOR", "TEL 03-1234 5678", "TAX INVOICE",
             "Date 14/03/2018", "SCISSOR | 3.00", "CHANGE | 12.90", "TOTAL | 3.00"]
    out = vendor(lines)
    assert "vendor_name" not in out
    assert out["vendor_address"].value.startswith("LOT 2207-C")
    assert out["vendor_address"].needs_review
    fields, _ = extract_receipt([scan([(t, 0.9) for t in lines])])
    assert "vendor_name" not in fields  # no body or footer line stands in for the logo


def test_a_numbered_shop_name_over_its_address_is_the_name():
    out = vendor(["88 MINI MART S/B", "LOT P.T. 4093, JALAN MERBAH,", "41200 KLANG, SELANGOR",
                  "GST ID NO 001234567890", "INVOICE NO 18287"])
    assert out["vendor_name"].value == "88 MINI MART S/B"
    assert out["vendor_address"].value.startswith("LOT P.T. 4093")


def test_the_branch_in_brackets_after_the_postcode_ends_the_address():
    out = vendor(["KEDAI ALAT MURAH (M) SDN BHD", "LOT 2207-C, JALAN IMPIAN 4,",
                  "43500 SEMENYIH, SELANGOR", "(PASAR RAYA SENAWANG)", "INVOICE",
                  "Date 14/03/2018"])
    assert out["vendor_address"].value == \
        "LOT 2207-C, JALAN IMPIAN 4, 43500 SEMENYIH, SELANGOR (PASAR RAYA SENAWANG)"


def test_mostly_lower_case_lines_are_notes_and_a_postcode_may_lead_its_town():
    assert classify_line(page_lines(scan([("ok. Fmt wae", 0.5)])).lines[0]) == "noise"
    assert classify_line(page_lines(scan([("SENTUL, 51000 KUALA LUMPUR", 0.9)])).lines[0]) \
        == "address"
    assert classify_line(page_lines(scan([("Golden Arches Restaurants Sdn Bhd", 0.9)]))
                         .lines[0]) == "name"


def test_a_bracketed_name_line_goes_on_from_the_line_above():
    out = vendor(["SENG LEE HARDWARE", "(KEPONG)", "NO. 23-B, JALAN PUCHONG JAYA,",
                  "47100 PUCHONG", "TEL 012-345 6789"])
    assert out["vendor_name"].value == "SENG LEE HARDWARE (KEPONG)"


def test_the_house_number_after_no_is_read_as_digits():
    from extractors.receipt_header_words import house_number
    assert house_number("NO.S7 JALAN MAWAR 2, 81300 SKUDAI") == \
        "NO.57 JALAN MAWAR 2, 81300 SKUDAI"
    assert house_number("Lot 1O8, JALAN IMPIAN 4") == "Lot 108, JALAN IMPIAN 4"
    # a block letter or a word after 'NO' is left alone
    assert house_number("LOT B-F-11, BLOCK B") == "LOT B-F-11, BLOCK B"
    assert house_number("NO SOIL ROAD") == "NO SOIL ROAD"


def test_a_tax_computed_from_total_minus_subtotal_is_not_confirmed_by_that_sum():
    from extractors.receipt_fields import extract_receipt
    # OCR read SUBTOTAL 60.33 as 40.33 and the tax '5.35' as '$.35'; a tax of
    # 65.68 - 40.33 = 25.35 adds up by construction and must stay reviewed
    lines = [("JOHNSON AND LUNA", 0.95), ("9266 WRIGHT LANE", 0.95),
             ("EMILYTON, AS 37021", 0.95), ("TEL 757-853-8342", 0.9),
             ("NOTEBOOK | 60.33", 0.95), ("SUBTOTAL | 40.33", 0.82),
             ("TAX 8.875% | $.35", 0.81), ("TOTAL | $65.68", 0.95), ("AMEX | 65.68", 0.95)]
    fields, _ = extract_receipt([scan(lines)])
    assert fields["total"].value == "65.68"
    for name in ("subtotal", "tax_total"):
        if name in fields and fields[name].value in ("40.33", "25.35"):
            assert fields[name].needs_review, (name, fields[name])


def test_a_subtotal_the_receipt_does_not_print_lends_the_total_no_check():
    from decimal import Decimal

    def conf(subtotal_line: str) -> float:
        doc = [page_lines(scan([(subtotal_line, 0.9), ("TAX 8.875% | 5.54", 0.9),
                                ("TOTAL | 67.93", 0.95)]))]
        return extract_receipt_total(doc, Decimal("62.39"), Decimal("5.54"),
                                     None)["total"].confidence
    # 62.39 computed as total - tax where OCR garbled the SUBTOTAL line confirms nothing
    assert conf("SUBTOTAL | 6Z.3S") < 0.9 < conf("SUBTOTAL | 62.39")


def test_a_total_read_alike_on_the_card_line_is_doubted_when_the_sum_says_otherwise():
    base = [("SUBTOTAL | 172.13", 0.96), ("TAX 9.5% | 16.35", 0.93)]
    misread = total(base + [("TOTAL | $168.48", 0.86), ("MASTERCARD ****1558 | 168.48", 0.82)])
    assert misread.value == "168.48" and misread.needs_review
    right = total(base + [("TOTAL | $188.48", 0.86), ("MASTERCARD ****1558 | 188.48", 0.82)])
    assert not right.needs_review
    # a slip printed not adding up, its total read surely: the total stands (rules flag it)
    printed = total(base + [("TOTAL | $168.48", 0.95), ("MASTERCARD ****1558 | 168.48", 0.9)])
    assert not printed.needs_review
    # a subtotal OCR was unsure of does not outweigh the second read
    unsure = total([("SUBTOTAL | 172.13", 0.6), ("TAX 9.5% | 16.35", 0.93),
                    ("TOTAL | $168.48", 0.86), ("MASTERCARD ****1558 | 168.48", 0.82)])
    assert not unsure.needs_review


def test_an_address_word_ocr_set_on_its_own_line_is_no_name():
    out = vendor(["STANTON AND SONS", "APT.", "121 DANIEL MILL 861",
                  "MENDOZABERG, RI 13034", "TEL 209-936-6913"])
    assert out["vendor_name"].value == "STANTON AND SONS"
    assert "APT." in out["vendor_address"].value


# ---- the receipt's number ------------------------------------------------------------

def test_a_receipt_number_set_apart_from_its_label_is_read_as_sure_as_its_word():
    from extractors.receipt_number import receipt_number
    doc = [page_lines(scan([("09/08/2026 10 34 RECEIPT # | 04-49913", 0.92)]))]
    got = receipt_number(doc)["invoice_number"]
    assert got.value == "04-49913" and not got.needs_review


def test_a_receipt_number_with_specks_or_a_misread_hyphen_is_a_reviewed_guess():
    from extractors.receipt_number import receipt_number
    for printed, value in (("98+14937", "98-14937"), (".57-44439", "57-44439"),
                           ("91-54725-", "91-54725")):
        doc = [page_lines(scan([(f"RECEIPT # | {printed}", 0.95)]))]
        got = receipt_number(doc)["invoice_number"]
        assert got.value == value and got.needs_review, printed
    # a date or a short count after the label is no number
    assert receipt_number([page_lines(scan([("Bill No | 12/03/2018", 0.95)]))]) == {}
    assert receipt_number([page_lines(scan([("Receipt No | 12", 0.95)]))]) == {}


def test_a_clean_receipt_number_in_print_large_enough_stands_at_the_clean_id_level():
    from extractors.invoice_identifiers import CLEAN_ID_CONF
    from extractors.receipt_number import confirm_clean_number, receipt_number

    def confirmed(printed: str, conf: float, min_height: float) -> float:
        doc = [page_lines(scan([(f"08/16/2026 14 59 RECEIPT # | {printed}", conf)]))]
        fields = receipt_number(doc)
        return confirm_clean_number(doc, fields, min_height=min_height)[
            "invoice_number"].confidence

    assert confirmed("39-67196", 0.88, 14) == CLEAN_ID_CONF  # scan() prints 20 px tall
    assert confirmed("39-67196", 0.88, 24) < 0.9  # small print: digits swapped unseen
    assert confirmed("39-67196", 0.80, 14) < 0.9  # OCR unsure of the word
    assert confirmed("98+14937", 0.95, 14) < 0.9  # a repaired hyphen


def test_a_tax_off_its_printed_rate_and_the_total_goes_to_review():
    from extractors.receipt_evidence import doubt_tax_against_rate

    def fv(value: str):
        from schemas.document import FieldValue
        return FieldValue(value=value, confidence=0.95, needs_review=False)

    def doubted(sub: str, tax: str, total: str) -> set[str]:
        doc = [page_lines(scan([("SUBTOTAL | " + sub, 0.9), ("TAX 8.875% | " + tax, 0.9),
                                ("TOTAL | " + total, 0.9)]))]
        fields = {"subtotal": fv(sub), "tax_total": fv(tax), "total": fv(total)}
        out = doubt_tax_against_rate(doc, fields)
        return {n for n in ("subtotal", "tax_total") if out[n].needs_review}

    assert doubted("254.73", "22.62", "277.34") == {"tax_total"}  # 22.61 read as 22.62
    assert doubted("234.73", "22.61", "277.34") == {"subtotal"}  # 254.73 read as 234.73
    assert doubted("254.73", "22.61", "277.34") == set()  # adds up
    assert doubted("254.73", "22.61", "377.34") == set()  # the rate agrees: a total misprint


def test_an_address_whose_digits_are_in_small_print_is_reviewed():
    from tests.extractors.test_extract_receipt import slip
    text = "ROLLINS-WRIGHT\n139 DIANA CROSSING APT. 598\nNEW STEPHANIE, NY 30962\n" \
           "TEL 680-232-8698\n08/05/2026 RECEIPT # 95-71513"

    def address(height: float):
        return extract_receipt_vendor([page_lines(slip(text, conf=0.96, height=height,
                                                       centred=True))])["vendor_address"]

    assert not address(16).needs_review
    assert address(11).needs_review  # '138' read as '139' at that size, and called sure
