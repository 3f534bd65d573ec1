"""Cross-field evidence on receipts: a sum that holds and dollars with a US address."""
from __future__ import annotations

from decimal import Decimal

from extractors.layout import page_lines
from extractors.page_model import Page, Word
from extractors.receipt_amount_lines import printed_values
from extractors.receipt_evidence import (CHECKED_CONF, confirm_by_items_and_rate,
                                         confirm_printed_lines, confirm_sum,
                                         confirm_us_dollars, read_sum)
from extractors.receipt_amounts import extract_receipt_total
from extractors.receipt_fields import day_order, receipt_date, us_address_conf
from extractors.receipt_header import extract_receipt_vendor
from tests.extractors.test_extract_receipt import slip
from schemas.document import FieldValue


def fv(value: str, confidence: float) -> FieldValue:
    return FieldValue(value=value, confidence=confidence, needs_review=confidence < 0.9)


def scan(lines: list[str], conf: float = 0.95) -> Page:
    words, y = [], 20.0
    for text in lines:
        x = 10.0
        for token in text.split():
            words.append(Word(token, x, y, x + 6 * len(token), y + 20, conf))
            x += 6 * len(token) + 5
        y += 24
    return Page(1, 300, y + 40, tuple(words), ocr=True)


PRINTED = frozenset({Decimal("72.98"), Decimal("14.60"), Decimal("87.58")})


def test_subtotal_and_tax_adding_up_take_the_totals_confidence():
    fields = {"subtotal": fv("72.98", 0.6), "tax_total": fv("14.60", 0.3),
              "total": fv("87.58", 0.96)}
    out = confirm_sum(fields, PRINTED)
    assert out["subtotal"].confidence == out["tax_total"].confidence == 0.96
    assert out["subtotal"].value == "72.98" and out["total"].confidence == 0.96


def test_a_sum_off_by_a_cent_or_a_doubtful_total_confirms_nothing():
    off = {"subtotal": fv("72.98", 0.6), "tax_total": fv("14.61", 0.3),
           "total": fv("87.58", 0.96)}
    assert confirm_sum(off, PRINTED | {Decimal("14.61")}) == off
    weak_total = {"subtotal": fv("72.98", 0.6), "tax_total": fv("14.60", 0.3),
                  "total": fv("87.58", 0.5)}
    out = confirm_sum(weak_total, PRINTED)
    assert out["subtotal"].confidence == 0.6 and out["tax_total"].confidence == 0.5
    # the tax is not the total (a 'TOTAL TAX' line read as both)
    same = {"subtotal": fv("0.00", 0.6), "tax_total": fv("5.00", 0.3),
            "total": fv("5.00", 0.96)}
    assert confirm_sum(same, frozenset({Decimal("0.00"), Decimal("5.00")})) == same


US_SCAN = ["ADKINS PLC", "601 RODRIGUEZ KEYS SUITE 389", "ISAIAHSIDE, CA 32750",
           "SUBTOTAL 20.91", "TOTAL $22.22"]


def dollars(lines: list[str], conf: float = 0.95) -> float:
    doc = [page_lines(scan(lines, conf))]
    fields = {"currency": fv("USD", 0.7)}
    return confirm_us_dollars(doc, fields, us_address_conf(doc))["currency"].confidence


def test_dollars_on_a_slip_with_a_us_address_are_us_dollars():
    assert dollars(US_SCAN) > 0.9
    # read unsurely, with another currency on the slip or without a US address: as it was
    assert dollars(US_SCAN, conf=0.7) < 0.9
    assert dollars(US_SCAN + ["EUR 20.00"]) == 0.7
    assert dollars(US_SCAN[:2] + ["SYDNEY NSW 2000"] + US_SCAN[3:]) == 0.7


def test_printed_subtotal_and_tax_digits_that_add_up_replace_a_misread():
    lines = ["SUBTOTAL 72 98", "VAT 20% 14.60", "TOTAL £87.58"]
    doc = [page_lines(scan(lines))]
    fields = {"subtotal": fv("98.00", 0.01), "tax_total": fv("14.60", 0.4),
              "total": fv("87.58", 0.96)}
    out = read_sum(doc, fields)
    assert out["subtotal"].value == "72.98" and out["subtotal"].confidence == 0.96
    assert out["tax_total"].confidence == 0.96
    # digits that do not add up, or a doubtful total: nothing changes
    off = [page_lines(scan(["SUBTOTAL 72 99"] + lines[1:]))]
    assert read_sum(off, fields) == fields
    doubtful = {**fields, "total": fv("87.58", 0.8)}
    assert read_sum(doc, doubtful) == doubtful


def test_a_surely_read_day_first_currency_fixes_a_swappable_date_day_first():
    doc = [page_lines(scan(["SHOP", "03/08/2026 12:00", "TOTAL £5.00"]))]
    assert day_order(doc, "GBP", currency_sure=True) == (True, True)
    assert day_order(doc, "GBP") == (True, False)


def test_an_unconfirmed_total_below_the_subtotal_is_doubted():
    text = "SUB-TOTAL | 144.68\nTOTAL INCL TAX | 8.68\nCHANGE | 0.00"
    doubted = extract_receipt_total([page_lines(slip(text, conf=0.95))], None, None, None)
    alone = extract_receipt_total([page_lines(slip(text.split("\n", 1)[1], conf=0.95))],
                                  None, None, None)
    assert doubted["total"].value == alone["total"].value == "8.68"
    assert doubted["total"].confidence < 0.7 < 0.85 <= alone["total"].confidence
    # a total the card payment confirms stands, even over a (misread) larger subtotal
    paid = "SUBTOTAL | 75.90\nTOTAL | 15.90\nVISA | 15.90"
    confirmed = extract_receipt_total([page_lines(slip(paid, conf=0.95))], None, None, None)
    assert confirmed["total"].value == "15.90" and confirmed["total"].confidence > 0.9


def test_a_scanned_date_is_read_from_its_own_word_not_the_time_beside_it():
    lines = "SHOP\n25/12/2026 08 54 RECEIPT # 12\nTOTAL | 1.00"
    page = slip(lines, conf=0.95, height=20)
    # the time's words are read badly; the date's word is sure
    words = tuple(w if w.text not in ("08", "54") else Word(w.text, w.x0, w.top, w.x1,
                                                          w.bottom, 0.2)
                  for w in page.words)
    page = Page(1, page.width, page.height, words, ocr=True)
    found = receipt_date([page_lines(page)], "GBP")["invoice_date"]
    assert found.value == "2026-12-25" and found.confidence > 0.9


def test_specks_between_the_address_and_the_phone_line_still_close_the_header():
    lines = ["CHAPMAN PLC", "749 VALDEZ SQUARES SUITE 523", "STEPHANIEBURGH, IL 22164",
             "7", "TEL 678-335-5335"]
    words = []
    for i, text in enumerate(lines):
        x = 150.0 - 3 * len(text)
        for token in text.split():
            words.append(Word(token, x, 20 + 24 * i, x + 6 * len(token), 40 + 24 * i,
                              0.2 if text == "7" else 0.95))
            x += 6 * len(token) + 5
    fields = extract_receipt_vendor([page_lines(Page(1, 300, 200, tuple(words), ocr=True))])
    assert fields["vendor_name"].value == "CHAPMAN PLC"
    assert fields["vendor_name"].confidence > 0.9


def test_text_layer_subtotal_and_tax_lines_stand_even_when_the_slip_does_not_add_up():
    text = "SUBTOTAL | 145.85\nTAX 9.5% | 13.86\nTOTAL | $158.71"
    fields = {"subtotal": fv("145.85", 0.7), "tax_total": fv("13.86", 0.56),
              "total": fv("158.71", 0.999)}
    out = confirm_printed_lines([page_lines(slip(text))], fields)
    assert out["subtotal"].confidence == out["tax_total"].confidence == 0.95
    # another value than the line prints, two tax lines, or a scan: left as they were
    other = {**fields, "tax_total": fv("1.38", 0.56)}
    assert confirm_printed_lines([page_lines(slip(text))], other) == other
    two = text.replace("TOTAL |", "SST 6% | 2.00\nTAX 1% | 1.00\nTOTAL |")
    assert confirm_printed_lines([page_lines(slip(two))], fields) == fields
    assert confirm_printed_lines([page_lines(slip(text, conf=0.99))], fields) == fields


def test_scanned_subtotal_and_tax_lines_are_as_sure_as_their_words_and_print_size():
    text = "SUBTOTAL | 145.85\nTAX 9.5% | 13.86\nTOTAL | $158.71"
    fields = {"subtotal": fv("145.85", 0.6), "tax_total": fv("13.86", 0.1),
              "total": fv("158.71", 0.95)}

    def conf(**kw):
        out = confirm_printed_lines([page_lines(slip(text, **kw))], fields)
        return out["subtotal"].confidence, out["tax_total"].confidence

    assert min(conf(conf=0.96, height=20)) > 0.9
    assert max(conf(conf=0.8, height=20)) < 0.9
    assert conf(conf=0.96, height=10) == (0.6, 0.1)  # small print: OCR's word not trusted


def test_a_labelled_date_that_lost_a_separator_is_a_reviewed_guess():
    doc = [page_lines(slip("SHOP\nSalesperson Date 1202/2018\nTOTAL | 1.00", conf=0.9))]
    found = receipt_date(doc, "MYR")["invoice_date"]
    assert found.value == "2018-02-12" and found.confidence <= 0.5
    unlabelled = [page_lines(slip("SHOP\nREF 1202/2018\nTOTAL | 1.00", conf=0.9))]
    assert receipt_date(unlabelled, "MYR") == {}


def test_a_labelled_date_in_small_print_is_still_reviewed():
    text = "SHOP\nDate: 25/12/2018 20:49\nTOTAL | 1.00"
    big = receipt_date([page_lines(slip(text, conf=0.96, height=20))], "MYR")
    small = receipt_date([page_lines(slip(text, conf=0.96, height=10))], "MYR")
    assert big["invoice_date"].confidence > 0.9 >= 0.85 >= small["invoice_date"].confidence


def test_a_scanned_address_is_as_sure_as_its_own_words_not_the_names_or_specks():
    lines = ["CURRY-DUNLAP", "549 ERICA SUMMIT ¢", "NORTH STEVEN, AK 61040",
             "TEL 761-573-6110"]
    words = []
    for i, text in enumerate(lines):
        x = 150.0 - 3 * len(text)
        for token in text.split():
            conf = 0.85 if i == 0 else (0.0 if token == "¢" else 0.95)
            words.append(Word(token, x, 20 + 24 * i, x + 6 * len(token), 40 + 24 * i, conf))
            x += 6 * len(token) + 5
    fields = extract_receipt_vendor([page_lines(Page(1, 300, 200, tuple(words), ocr=True))])
    assert fields["vendor_name"].confidence < 0.9  # its word read unsurely
    assert fields["vendor_address"].value == "549 ERICA SUMMIT NORTH STEVEN, AK 61040"
    assert fields["vendor_address"].confidence > 0.9


def test_a_total_the_card_line_reads_again_is_surer_than_either_read():
    def total(text: str) -> float:
        return extract_receipt_total([page_lines(slip(text, conf=0.85))], None, None,
                                     None)["total"].confidence

    once = total("SUBTOTAL | 21.66\nTOTAL | $23.72")
    twice = total("SUBTOTAL | 21.66\nTOTAL | $23.72\nDEBIT ****6814 | 23.72")
    other = total("SUBTOTAL | 21.66\nTOTAL | $23.72\nDEBIT ****6814 | 28.72")
    assert once < 0.9 < twice
    assert other < 0.9  # a card line with another amount is no second read


ITEMS_SLIP = ["SANDWICH TURKEY 7.68", "WATER 500ML 8.04", "PENS BLUE 12CT 5.49",
              "SUBTOTAL 21.21", "TAX 7% 1.48", "TOTAL $32.69"]  # the total misprinted


def checked(lines: list[str], items: list[str], sub: str = "21.21", tax: str = "1.48",
            total: str = "32.69") -> dict[str, float]:
    doc = [page_lines(scan(lines, conf=0.6))]
    fields = {"subtotal": fv(sub, 0.6), "tax_total": fv(tax, 0.6), "total": fv(total, 0.9)}
    out = confirm_by_items_and_rate(doc, fields, [Decimal(a) for a in items],
                                    printed_values(doc))
    return {name: f.confidence for name, f in out.items()}


def test_items_adding_up_confirm_the_subtotal_and_its_rate_the_tax():
    out = checked(ITEMS_SLIP, ["7.68", "8.04", "5.49"])
    assert out == {"subtotal": CHECKED_CONF, "tax_total": CHECKED_CONF, "total": 0.9}
    # items a cent off, or a single item (the same digits read twice): the subtotal stays
    assert checked(ITEMS_SLIP, ["7.68", "8.04", "5.48"])["subtotal"] == 0.6
    assert checked(ITEMS_SLIP, ["21.21"])["subtotal"] == 0.6
    # 7% of 21.21 is 1.4847: 1.49 is a misread the rate does not confirm, though rounded up
    raised = [line.replace("1.48", "1.49") for line in ITEMS_SLIP]
    assert checked(raised, ["7.68", "8.04", "5.49"], tax="1.49")["tax_total"] == 0.6
    # a subtotal the slip does not print (computed from other amounts) confirms nothing
    unprinted = checked(ITEMS_SLIP[:3] + ITEMS_SLIP[4:], ["7.68", "8.04", "5.49"])
    assert unprinted["subtotal"] == unprinted["tax_total"] == 0.6


def test_a_total_that_confirmed_subtotal_and_tax_add_up_to_is_confirmed_on_its_line():
    items = ["7.68", "8.04", "5.49"]
    added = [line.replace("$32.69", "$22.69") for line in ITEMS_SLIP]
    assert checked(added, items, total="22.69")["total"] == CHECKED_CONF
    # a total recounted as subtotal + tax where the TOTAL line reads otherwise: as it was
    assert checked(ITEMS_SLIP, items, total="22.69")["total"] == 0.9
    # nor when the subtotal is not confirmed by its items
    assert checked(added, ["7.68", "8.04", "5.48"], total="22.69")["total"] == 0.9
