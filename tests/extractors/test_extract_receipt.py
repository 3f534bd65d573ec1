"""Receipt extraction: generated till slips (truth from the corpus generator) and the pure
pieces of the receipt reader (header lines, paid total, date order)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from corpus.generate import generate_corpus
from evaluation.matching import values_match
from extractors.layout import page_lines
from extractors.page_model import Page, Word
from extractors.pipeline import extract_document
from extractors.receipt_amount_lines import normal_label, total_weight
from extractors.receipt_amounts import extract_receipt_total
from extractors.receipt_fields import day_order, plausible, receipt_date, us_address_conf
from extractors.receipt_header import classify_line, clean_name, extract_receipt_vendor
from schemas.document import DocType

SCORED = ("vendor_name", "vendor_address", "invoice_date", "total", "subtotal", "tax_total",
          "invoice_number", "currency")


@pytest.fixture(scope="module")
def generated_receipts(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("receipts")
    return generate_corpus(out, 8, seed=11, mix={"receipt": 1}, scans=False)


def test_generated_receipts_read_right_and_nothing_wrong_accepted(generated_receipts):
    assert generated_receipts
    for path in generated_receipts:
        truth = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        doc = extract_document(path)
        assert doc.doc_type == DocType.RECEIPT, path.name
        for name in SCORED:
            if name not in truth["fields"]:
                continue
            got = doc.fields.get(name)
            right = got is not None and values_match(name, truth["fields"][name], got.value)
            if name in ("vendor_name", "vendor_address", "total", "invoice_date"):
                assert right, (path.name, name, truth["fields"][name], got)
            if got is not None and not got.needs_review:
                assert right, f"{path.name}: {name} accepted but wrong ({got.value})"


# ---- a till slip drawn as words -----------------------------------------------------

def slip(text: str, *, conf: float = 1.0, height: float = 10.0, centred: bool = False
         ) -> Page:
    """A narrow one-column page; '|' splits a line into a left label and a right amount.
    `centred` centres lines without an amount, as a till slip prints its header."""
    words, y = [], 20.0
    for line in text.splitlines():
        left, _, right = line.partition("|")
        x = 10.0
        if centred and not right:
            x = (220.0 - (6 * len(left.replace(" ", "")) + 5 * (len(left.split()) - 1))) / 2
        for token in left.split():
            words.append(Word(token, x, y, x + 6 * len(token), y + height, conf))
            x += 6 * len(token) + 5
        x = 200.0 - 6 * len(right.strip())
        for token in right.split():
            words.append(Word(token, x, y, x + 6 * len(token), y + height, conf))
            x += 6 * len(token) + 5
        y += height + 4
    return Page(1, 220, y + 40, tuple(words), ocr=conf < 1.0)


MALAYSIAN_SLIP = """\
tan woon yann
HOME MASTER HARDWARE &
ELECTRICAL
(123456-X)
NO.12, JALAN SETIA 3,
TAMAN SETIA, 40170 SHAH ALAM,
SELANGOR.
TEL 03-5555 1234
GST Reg No. 001234567890
TAX INVOICE
Date 22/12/2017 14:03
PAINT BRUSH | 12.90
TAPE | 3.03
TOTAL | 15.93
ROUNDING ADJ | 0.02
TOTAL ROUNDED | 15.95
CASH | 20.00
CHANGE | 4.05"""


def test_header_name_and_address_skip_notes_and_registration_numbers():
    fields = extract_receipt_vendor([page_lines(slip(MALAYSIAN_SLIP))])
    assert fields["vendor_name"].value == "HOME MASTER HARDWARE & ELECTRICAL"
    assert fields["vendor_address"].value == \
        "NO.12, JALAN SETIA 3, TAMAN SETIA, 40170 SHAH ALAM, SELANGOR."


def test_ocr_header_is_trusted_only_as_a_centred_slip_read_surely():
    def vendor(**kw):  # printed 16 px tall: digits large enough for OCR to be trusted
        return extract_receipt_vendor([page_lines(slip(MALAYSIAN_SLIP, height=16, **kw))])

    sure = vendor(conf=0.97, centred=True)
    assert sure["vendor_name"].value == "HOME MASTER HARDWARE & ELECTRICAL"
    assert sure["vendor_name"].confidence > 0.95 and sure["vendor_address"].confidence > 0.95
    # the same words read less surely, or laid out off one axis: a person checks
    weak = vendor(conf=0.85, centred=True)
    assert weak["vendor_name"].confidence < 0.9 and weak["vendor_address"].confidence < 0.9
    ragged = vendor(conf=0.97)
    assert ragged["vendor_name"].confidence <= 0.85
    assert ragged["vendor_address"].confidence <= 0.85


@pytest.mark.parametrize("text, kind", [
    ("(742016-M)", "registration"), ("Company Reg No. SA0371195-F", "registration"),
    ("JM0325956-V", "registration"), ("GST ID 000849812504", "taxid"),
    ("TEL 07-3507405 FAX 07-3558160", "stop"), ("SIMPLIFIED TAX INVOICE", "stop"),
    ("TAXINVOICE", "stop"), ("31, JALAN MELATI 9,", "address"),
    ("81300 SKUDAI JOHOR", "address"), ("MARCFORT,. NE 66604", "address"),
    ("NORTH STEVEN, AK 61040", "address"), ("BOOK TA K (TAMAN DAYA) SDN BHD", "name"),
    ("tan woon yann", "noise"), ("Ad>rodgr", "noise"), ("05 Mar 2018 18 24", "date"),
])
def test_header_line_kinds(text, kind):
    line = page_lines(slip(text)).lines[0]
    assert classify_line(line) == kind


def test_registration_suffix_is_not_part_of_the_name():
    assert clean_name("AEON CO. (M) BHD (126926-H)") == "AEON CO. (M) BHD"
    assert clean_name("Owner by Castle Blue $/B") == "Owner by Castle Blue S/B"


def test_paid_total_is_the_rounded_amount_confirmed_by_cash_and_change():
    fields = extract_receipt_total([page_lines(slip(MALAYSIAN_SLIP))], None, None, None)
    assert fields["total"].value == "15.95"
    assert not fields["total"].needs_review


def test_rounding_without_a_rounded_total_line():
    text = "TOTAL AMT RM | 60.31\nROUNDING ADJ | 0.01\nRM | 60.30\nCASH RM | 70.30\nCHANGE RM | 10.00"
    fields = extract_receipt_total([page_lines(slip(text, conf=0.9))], None, None, None)
    assert fields["total"].value == "60.30"


def test_summary_table_total_row_does_not_win():
    text = ("Total Sales (Excluding GST) | 31.03\nTotal GST | 1.65\nRounding | 0.02\n"
            "Total Sales (Inclusive of GST) | 32.70\nCASH | 40.00\nChange | 7.30\n"
            "GST Summary Amount Tax\nTotal 31.03 | 1.65")
    fields = extract_receipt_total([page_lines(slip(text))], Decimal("31.03"),
                                   Decimal("1.65"), None)
    assert fields["total"].value == "32.70"


def test_a_whole_number_total_is_never_accepted():
    text = "TOTAL | 35\nCASH | 35\nCHANGE | 0.00"
    fields = extract_receipt_total([page_lines(slip(text, conf=0.99))], None, None, None)
    assert fields["total"].needs_review


@pytest.mark.parametrize("label, weight", [
    ("total rounded", 1.0), ("grand total", 1.0), ("total incl gst", 0.95),
    ("total", 0.8), ("sub total", 0.0), ("total qty", 0.0), ("rounding adj", 0.0),
    ("total sales (excluding gst)", 0.0), ("cash", 0.0),
])
def test_total_label_weights(label, weight):
    assert total_weight(label) == weight


def test_ocr_misread_keywords_are_put_right():
    assert normal_label("Tota] RM").split()[0] == "total"
    assert normal_label("Fotal Amount").startswith("total amount")
    assert normal_label("ROUNDING ADJUSTME)").startswith("rounding")


def test_date_is_day_first_unless_the_receipt_shows_otherwise():
    doc = [page_lines(slip("SHOP SDN BHD\nDate 03/04/2018\nTOTAL | 1.00"))]
    assert receipt_date(doc, "MYR")["invoice_date"].value == "2018-04-03"
    assert receipt_date(doc, "USD")["invoice_date"].value == "2018-03-04"
    month_first = [page_lines(slip("SHOP\nDATE 12/28/2017\nPrinted 03/04/2018"))]
    assert day_order(month_first, "MYR") == (False, True)


def test_implausible_dates_are_skipped():
    assert not plausible(dt.date(2048, 3, 14), today=dt.date(2026, 1, 1))
    assert not plausible(dt.date(1987, 10, 1))
    doc = [page_lines(slip("SHOP\n14 Mar 2048 18:40\nTOTAL | 1.00"))]
    assert receipt_date(doc, "MYR") == {}


def test_a_sole_unambiguous_date_on_a_text_layer_is_accepted():
    sure = receipt_date([page_lines(slip("SHOP\n25/12/2018 20:49 RECEIPT # 12\nTOTAL | 1.00"))],
                        "MYR")["invoice_date"]
    assert sure.value == "2018-12-25" and not sure.needs_review
    swappable = receipt_date([page_lines(slip("SHOP\n03/04/2018 20:49\nTOTAL | 1.00"))],
                             "MYR")["invoice_date"]
    assert swappable.value == "2018-04-03" and swappable.needs_review
    scanned = receipt_date([page_lines(slip("SHOP\n25/12/2018 20:49\nTOTAL | 1.00",
                                            conf=0.99))], "MYR")["invoice_date"]
    assert scanned.needs_review


def test_without_an_address_the_top_line_is_the_name():
    fields = extract_receipt_vendor([page_lines(slip(
        "CORNER COFFEE\nFresh Roasted Daily\nTEL 03-5555 1234\nLATTE | 4.50\nTOTAL | 4.50"))])
    assert fields["vendor_name"].value == "CORNER COFFEE"
    assert "vendor_address" not in fields and fields["vendor_name"].needs_review


US_SLIP = "LANG AND SONS\n500 ROTH LOCK\nMICHAELTON, DC 51950\n08/03/2026 15:43 RECEIPT # 7\n" \
          "SUBTOTAL | 39.30\nTOTAL | $43.03"


def test_a_us_address_and_dollars_make_a_swappable_date_month_first():
    sure = receipt_date([page_lines(slip(US_SLIP))], "USD")["invoice_date"]
    assert sure.value == "2026-08-03" and sure.confidence > 0.85
    assert day_order([page_lines(slip(US_SLIP))], "USD") == (False, True)
    # dollars without a US address (Australia, Canada, ...): the order stays a guess
    abroad = US_SLIP.replace("MICHAELTON, DC 51950", "SYDNEY NSW 2000")
    assert receipt_date([page_lines(slip(abroad))], "USD")["invoice_date"].confidence <= 0.85
    # a US address but another currency, or one OCR read unsurely: a guess too
    assert day_order([page_lines(slip(US_SLIP))], "EUR")[1] is False
    assert day_order([page_lines(slip(US_SLIP, conf=0.6))], "USD")[1] is False
    assert day_order([page_lines(slip(US_SLIP, conf=0.99))], "USD") == (False, True)


def test_a_scanned_date_is_trusted_by_its_ocr_confidence_and_print_size():
    big = receipt_date([page_lines(slip(US_SLIP, conf=0.96, height=20))], "USD")
    assert big["invoice_date"].value == "2026-08-03"
    assert big["invoice_date"].confidence >= 0.95
    weak = receipt_date([page_lines(slip(US_SLIP, conf=0.85, height=20))], "USD")
    assert weak["invoice_date"].confidence < 0.9
    # small print: OCR swaps digits and still reports them as sure
    small = receipt_date([page_lines(slip(US_SLIP, conf=0.96, height=10))], "USD")
    assert small["invoice_date"].confidence <= 0.85


def test_a_street_named_station_is_address_on_a_text_layer_only():
    text = "DAVIDSON PLC\n983 RAMIREZ STATION\nBRITTANYSTAD, RI 50812\nTEL 835-379-9504\n" \
           "09/19/2026 07:33\nTOTAL | 4.50"
    fields = extract_receipt_vendor([page_lines(slip(text))])
    assert fields["vendor_address"].value == "983 RAMIREZ STATION BRITTANYSTAD, RI 50812"
    assert not fields["vendor_name"].needs_review
    assert classify_line(page_lines(slip("STATION 3")).lines[0]) == "stop"
    scanned = page_lines(slip("983 RAMIREZ STATION", conf=0.97)).lines[0]
    assert classify_line(scanned) == "stop"  # OCR'd words: read as before


def test_us_territories_count_as_us_addresses():
    territory = US_SLIP.replace("MICHAELTON, DC 51950", "JOSEPHLAND, MH 18893")
    assert day_order([page_lines(slip(territory))], "USD") == (False, True)
    foreign = US_SLIP.replace("MICHAELTON, DC 51950", "JOSEPHLAND, QX 18893")
    assert day_order([page_lines(slip(foreign))], "USD")[1] is False


def test_a_us_city_line_is_found_through_ocr_specks_around_the_state():
    for line in ("BRETTVILLE, .OR 11534", "ADAMBURGH, KS.16717", "MUNOZSIDE, ‘AZ 26530",
                 "HARRISCHESTER, MN 51138.", "TAYLORFORT MT 56817"):
        specked = US_SLIP.replace("MICHAELTON, DC 51950", line)
        assert day_order([page_lines(slip(specked))], "USD") == (False, True), line
    # a state glued to its town, a postcode that is not five digits, or no state code
    for line in ("TAYLORFORTMT 56817", "MICHAELTON, DC 5195", "SYDNEY NSW 2000",
                 "JALAN SAGU 18, 81100 JOHOR"):
        other = US_SLIP.replace("MICHAELTON, DC 51950", line)
        assert day_order([page_lines(slip(other))], "USD")[1] is False, line


def test_the_us_address_is_as_sure_as_its_state_and_zip_words():
    lines = ["ADKINS PLC", "601 RODRIGUEZ KEYS", "ISAIAHSIDE, .CA 32750", "TOTAL $22.22"]
    words, y = [], 20.0
    for text in lines:
        x = 10.0
        for token in text.split():
            conf = 0.5 if token == "ISAIAHSIDE," else 0.7 if token == ".CA" else 0.95
            words.append(Word(token, x, y, x + 6 * len(token), y + 20, conf))
            x += 6 * len(token) + 5
        y += 24
    doc = [page_lines(Page(1, 300, y + 40, tuple(words), ocr=True))]
    assert us_address_conf(doc) == 0.7  # the specked state word, not the town


def _scanned_header(weak: str, conf: float) -> Page:
    """A centred, scanned US header printed large, the word `weak` read at `conf`."""
    page = slip("LANG AND SONS\n1890 ROTH CIRCLES APT. 893\nMICHAELTON, DC 51950\n"
                "TEL 444-516-4892\nTOTAL | $43.03", conf=0.96, height=16, centred=True)
    words = tuple(replace(w, conf=conf) if w.text == weak else w for w in page.words)
    return replace(page, words=words)


def test_an_address_designator_read_unsurely_does_not_hold_the_address():
    sure = extract_receipt_vendor([page_lines(_scanned_header("APT.", 0.75))])
    assert sure["vendor_address"].value == "1890 ROTH CIRCLES APT. 893 MICHAELTON, DC 51950"
    assert sure["vendor_address"].confidence >= 0.9
    # a house number, street or town read that unsurely does
    for weak in ("1890", "893", "CIRCLES", "MICHAELTON,", "51950"):
        held = extract_receipt_vendor([page_lines(_scanned_header(weak, 0.75))])
        assert held["vendor_address"].confidence < 0.9, weak


def test_a_speck_beside_a_centred_header_line_does_not_move_its_centre():
    page = _scanned_header("", 0.0)
    city = next(w for w in page.words if w.text == "MICHAELTON,")
    speck = Word("-", 2.0, city.top + 6, 5.0, city.top + 8, 0.3)  # two pixels, far left
    specked = replace(page, words=page.words + (speck,))
    fields = extract_receipt_vendor([page_lines(specked)])
    assert fields["vendor_name"].confidence >= 0.9
    assert fields["vendor_address"].confidence >= 0.9
    # a printed word that far out is not a speck: the lines are not on one axis
    word = Word("WEST", 2.0, city.top, 26.0, city.bottom, 0.96)
    shifted = extract_receipt_vendor([page_lines(replace(page, words=page.words + (word,)))])
    assert shifted["vendor_name"].confidence <= 0.85


def test_a_two_letter_name_with_a_legal_form_is_a_name_not_a_legal_form_alone():
    text = "YU PLC\n046 ROBERSON STREET APT. 979\nROBERTMOUTH, HI 69179\nTEL 867-450-3095\n" \
           "09/19/2026 16:11 RECEIPT # 62-61948\nTOTAL | $4.50"
    fields = extract_receipt_vendor([page_lines(slip(text))])
    assert fields["vendor_name"].value == "YU PLC" and not fields["vendor_name"].needs_review
    # a country letter in brackets before the legal form still continues the name above
    text = "KEDAI MAJU\n(M) SDN BHD\nNO.12, JALAN SETIA 3,\n40170 SHAH ALAM\nTEL 03-5555 1234\n" \
           "TOTAL | 4.50"
    assert extract_receipt_vendor([page_lines(slip(text))])["vendor_name"].value == \
        "KEDAI MAJU (M) SDN BHD"


def test_a_numbered_name_at_the_top_of_the_address_block_is_never_trusted():
    # the street line under a logo OCR lost, or a numbered shop name ('99 SPEED MART'):
    # a person checks, however centred and surely read
    text = "774 ORR COVE\nWEST TANYAFORT, AL 50414\nTEL 520-275-2000\n" \
           "08/08/2026 08:10 RECEIPT # 26-90719\nTOTAL | $4.50"
    fields = extract_receipt_vendor([page_lines(slip(text, conf=0.97, height=16,
                                                     centred=True))])
    assert fields["vendor_name"].value == "774 ORR COVE"
    assert fields["vendor_name"].needs_review and fields["vendor_address"].needs_review
