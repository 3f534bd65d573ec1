"""Cross-field evidence for invoice values (extractors.invoice_evidence) and the clean-read
checks of OCR'd names and addresses (extractors.invoice_ocr_text)."""
from __future__ import annotations

import pytest

from extractors.invoice_evidence import (CONFIRMED, check_amounts, check_dates_and_terms,
                                         terms_days)
from extractors.invoice_ocr_text import address_reads_cleanly, name_reads_cleanly
from extractors.invoice_tax_ids import has_check_digits
from schemas.document import FieldValue


def _f(value, conf=0.8):
    return FieldValue(value=value, confidence=conf, needs_review=True, page=1)


def test_terms_days_reads_terms_words_only():
    assert terms_days("Net 30") == (30, False)
    assert terms_days("Zahlbar innerhalb von 14 Tagen ohne Abzug") == (14, False)
    assert terms_days("Paiement à 45 jours fin de mois") == (45, True)
    assert terms_days("Zahibar innerhalb von 14 Tagen ohne Abzug") is None  # a misread word
    assert terms_days("Paiement 4 30 jours") is None  # two numbers
    assert terms_days("Due on receipt") is None


def test_dates_and_terms_confirm_each_other():
    fields = {"invoice_date": _f("2026-07-31"), "due_date": _f("2026-08-30"),
              "payment_terms": _f("Due within 30 days")}
    out = check_dates_and_terms(fields, ocr=True)
    assert all(out[n].confidence == CONFIRMED for n in fields)
    assert not out["due_date"].needs_review


def test_dates_that_disagree_with_terms_go_to_review_on_a_scan():
    fields = {"invoice_date": _f("2026-07-31", 0.95), "due_date": _f("2026-08-29", 0.95),
              "payment_terms": _f("Net 30", 0.95)}
    out = check_dates_and_terms(fields, ocr=True)
    assert all(out[n].confidence < 0.9 and out[n].needs_review for n in fields)
    assert check_dates_and_terms(fields, ocr=False)["due_date"].confidence == 0.95


def test_amounts_confirmed_only_by_a_closed_sum_and_a_second_check():
    fields = {"subtotal": _f("100.00"), "tax_total": _f("19.00"), "total": _f("119.00"),
              "amount_due": _f("119.00")}
    assert all(v.confidence == CONFIRMED for v in check_amounts(fields, None).values())
    no_due = {k: v for k, v in fields.items() if k != "amount_due"}
    assert check_amounts(no_due, None)["total"].confidence == CONFIRMED  # a tax in the sum
    untaxed = {"subtotal": _f("100.00"), "tax_total": _f("0.00"), "total": _f("100.00")}
    assert check_amounts(untaxed, None)["total"].confidence == 0.8  # sub = total: no proof
    assert check_amounts(untaxed, __import__("decimal").Decimal("100.00"))["total"]\
        .confidence == CONFIRMED
    credit = {"subtotal": _f("-100.00"), "tax_total": _f("-19.00"), "total": _f("-119.00")}
    assert check_amounts(credit, None)["total"].confidence == 0.8  # signs are unproven
    broken = fields | {"total": _f("118.00"), "amount_due": _f("118.00")}
    assert check_amounts(broken, None)["total"].confidence == 0.8


def test_names_that_do_not_read_cleanly():
    assert name_reads_cleanly("Armstrong-Garcia")
    assert name_reads_cleanly("Chatterjee, Dixit and Prasad")
    assert not name_reads_cleanly("NohIlmans GmbH")  # a capital inside a word
    assert not name_reads_cleanly("Flat 49q")
    assert not name_reads_cleanly("Smith and")  # cut off


@pytest.mark.parametrize("name, clean", [
    ("Beier Adler GmbH", True), ("Rohricht GbR", True), ("Barkholz Noack OHG mbH", True),
    ("Hunt-McCarthy", True),  # capitals inside that are the word's own
    ("NohIlmans GmbH", False), ("McI", False), ("AMcB Ltd", False),  # OCR's capitals
    ("Watts PLC", True), ("PLC", False), ("AG & Co. KG", False),  # a legal form alone: cut
])
def test_legal_forms_and_mc_names_keep_their_capitals_inside(name, clean):
    assert name_reads_cleanly(name) is clean


def test_addresses_that_do_not_read_cleanly():
    assert address_reads_cleanly("841 Michael Junctions Meganbury, MA 44897")
    assert not address_reads_cleanly("$41 Michael Junctions Meganbury, MA 44897")
    assert not address_reads_cleanly("Guadalajara, 17619")  # a place without its street


def test_tax_id_check_digits():
    assert has_check_digits("DE136695976")
    assert not has_check_digits("DE136695977")
    assert not has_check_digits("12-3456789")  # an EIN has no check digit


def test_scanned_amount_due_the_sum_does_not_reach_is_reviewed():
    fields = {"subtotal": _f("1736.36"), "tax_total": _f("312.54"), "total": _f("90.00"),
              "amount_due": _f("90.00", 0.95)}
    assert check_amounts(fields, None, ocr=True)["amount_due"].needs_review
    assert check_amounts(fields, None, ocr=False)["amount_due"].confidence == 0.95
    part_paid = fields | {"total": _f("2048.90"), "amount_due": _f("1000.00", 0.95)}
    assert check_amounts(part_paid, None, ocr=True)["amount_due"].confidence < 0.9


def _dollar_page(tax_line: str):
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    rows = [("Subtotal", "$55.62"), ("Sales Tax", "$0.00"), ("Total", "$55.62"),
            ("Amount Due", "$55.62"), (tax_line, "")]
    words = []
    for i, (label, amount) in enumerate(rows):
        y = 100 + 30 * i
        words.append(Word(label, 40, y, 160, y + 12, 0.8))
        if amount:
            words.append(Word(amount, 300, y, 380, y + 12, 0.8))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    return [page_lines(page)]


def test_scanned_dollars_confirmed_only_by_a_second_source():
    from extractors.invoice_amounts import extract_currency

    with_cue = extract_currency(_dollar_page("Tax ID: 12-0778390"))
    assert with_cue.value == "USD" and with_cue.confidence > 0.95
    # an EU VAT number says EUR: a '$' read four times is no proof ('€' or '£' misread)
    without = extract_currency(_dollar_page("VAT: DE136695976"))
    assert without.confidence < 0.9


def test_a_credit_notes_sum_proves_no_sign():
    from extractors.invoice_evidence import is_credit_note

    fields = {"subtotal": _f("100.00"), "tax_total": _f("19.00"), "total": _f("119.00")}
    assert check_amounts(fields, None, credit_note=True)["total"].confidence == 0.8
    assert is_credit_note("GUTSCHRIFT Nr. 12") and is_credit_note("Credit Note CN-2026-1")
    assert not is_credit_note("Invoice INV-1")


def _scan(*lines: tuple[float, str]):
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    words = []
    for y, text in lines:
        x = 40.0
        for token in text.split():
            words.append(Word(token, x, y, x + 10 * len(token), y + 12, 0.8))
            x += 10 * len(token) + 8
    return [page_lines(Page(number=1, width=800, height=1000, words=tuple(words), ocr=True,
                            dpi=200))]


def test_vendor_name_read_a_second_time_is_confirmed():
    from extractors.invoice_evidence import check_read_twice

    doc = _scan((50, "Beer AG"), (900, "Beer AG USt-IdNr.: DE151552368 Seite 1/1"))
    name = FieldValue(value="Beer AG", confidence=0.8, needs_review=True, page=1,
                      bbox=(40, 50, 110, 62))
    assert check_read_twice({"vendor_name": name}, doc)["vendor_name"].confidence == CONFIRMED
    once = _scan((50, "Beer AG"), (900, "USt-IdNr.: DE151552368 Seite 1/1"))
    assert check_read_twice({"vendor_name": name}, once)["vendor_name"].confidence == 0.8
    misread = name.model_copy(update={"value": "lyengar and Sons"})
    twice = _scan((50, "lyengar and Sons"), (900, "lyengar and Sons Invoice No. 1"))
    assert check_read_twice({"vendor_name": misread}, twice)["vendor_name"].confidence == 0.8


@pytest.mark.parametrize("sender, lines, confirmed", [
    ("Beer AG - Hauptstr. 4 - 80515 Eutin", ((60, "Hauptstr. 4"), (76, "80515 Eutin")), True),
    ("Beer AG - Hauptstr. 4 80515 Eutin", ((76, "Hauptstr. 4 80515 Eutin"),), False),  # 1 line
    ("Beer AG - Hauptstr. 9 - 80515 Eutin", ((60, "Hauptstr. 4"), (76, "80515 Eutin")), False),
    ("Hauptstr. 4\n80515 Eutin", ((60, "Hauptstr. 4"), (76, "80515 Eutin")), True),  # footer
    ("Hauptstr. 4\n80515 Eutln", ((60, "Hauptstr. 4"), (76, "80515 Eutin")), False),
    ("Calle Mayor 4\n80515 Leén", ((60, "Calle Mayor 4"), (76, "80515 Leén")), False),  # é/ó
])
def test_vendor_address_read_again_elsewhere_is_confirmed(sender, lines, confirmed):
    from extractors.invoice_evidence import check_read_twice

    doc = _scan(*lines, *((130 + 16 * i, row) for i, row in enumerate(sender.split("\n"))))
    value = " ".join(text for _, text in lines)
    address = FieldValue(value=value, confidence=0.8, needs_review=True, page=1,
                         bbox=(40, lines[0][0], 300, 88))
    out = check_read_twice({"vendor_address": address}, doc)["vendor_address"]
    assert (out.confidence == CONFIRMED) is confirmed


def test_addresses_with_lower_case_street_words_and_joined_pin_codes_read_cleanly():
    assert address_reads_cleanly("53, rue de Carlier 88261 Valentin")
    assert address_reads_cleanly("69 Sama Nagar Mehsana-866480")
    assert not address_reads_cleanly("12 ee ae Street 4411")  # specks read as bits


def test_ambiguous_dates_read_the_order_the_terms_fit():
    doc = _scan((100, "Date: 03/04/2026"), (130, "Due: 03/05/2026"))
    # read month-first: 4 March and 5 March, 1 day apart; day-first: 3 April, 3 May = Net 30
    fields = {"invoice_date": FieldValue(value="2026-03-04", confidence=0.7, needs_review=True,
                                         page=1, bbox=(98, 100, 198, 112)),
              "due_date": FieldValue(value="2026-03-05", confidence=0.7, needs_review=True,
                                     page=1, bbox=(88, 130, 188, 142)),
              "payment_terms": _f("Net 30")}
    out = check_dates_and_terms(fields, ocr=False, doc=doc)
    assert (out["invoice_date"].value, out["due_date"].value) == ("2026-04-03", "2026-05-03")
    assert out["invoice_date"].confidence == CONFIRMED
    spelled = _scan((100, "Date: March 4, 2026"), (130, "Due: March 5, 2026"))
    kept = check_dates_and_terms(fields, ocr=False, doc=spelled)
    assert kept["invoice_date"].value == "2026-03-04" and kept["invoice_date"].confidence == 0.7


def _scan_header(*lines: tuple[float, str], conf: float = 0.93):
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    words = []
    for y, text in lines:
        x = 40.0
        for token in text.split():
            words.append(Word(token, x, y, x + 9 * len(token), y + 12, conf))
            x += 9 * len(token) + 7
    return [page_lines(Page(number=1, width=800, height=1000, words=tuple(words), ocr=True,
                            dpi=200))]


def test_scanned_vendor_name_over_an_address_ending_in_a_postcode_is_sure():
    from extractors.invoice_fields import LEXICON
    from extractors.invoice_parties import extract_vendor
    from extractors.layout import find_labels
    from schemas.document import DocType

    def vendor(last_line, customer="Green-Hunt"):
        doc = _scan_header((40, "Armstrong-Garcia"), (58, "6593 Turner Knolls Suite 584"),
                           (76, last_line), (130, "Tax ID: 12-0778390"),
                           (400, "Description Qty Unit Price Amount"))
        return extract_vendor(doc, find_labels(doc, LEXICON), DocType.INVOICE,
                              customer=customer)["vendor_name"]

    assert vendor("North Donaldberg, FL 59232").confidence > 0.9
    assert vendor("North Donaldberg, FL").confidence < 0.8  # no postcode: a layout guess
    # no customer found on the scan: the block may be the customer's (its label lost)
    assert vendor("North Donaldberg, FL 59232", customer=None).needs_review


def _address_scan(rows, conf=0.93):
    """(y, text, weakest word conf) rows of a scanned block, and the field read over them."""
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    words = []
    for y, text, low in rows:
        x = 40.0
        for i, token in enumerate(text.split()):
            words.append(Word(token, x, y, x + 10 * len(token), y + 12, low if i == 0 else conf))
            x += 10 * len(token) + 8
    doc = [page_lines(Page(number=1, width=800, height=1000, words=tuple(words), ocr=True,
                           dpi=200))]
    field = FieldValue(value=" ".join(r[1] for r in rows), confidence=0.6, needs_review=True,
                       page=1, bbox=(40, min(r[0] for r in rows), 700,
                                     max(r[0] for r in rows) + 12))
    return doc, field


def test_a_scanned_address_read_clearly_is_sure():
    from extractors.invoice_ocr_text import address_read_clearly

    rows = [(60, "54, boulevard Jules Perrin", 0.96), (76, "73424 Sainte Jeannineboeuf", 0.91)]
    doc, field = _address_scan(rows)
    assert address_read_clearly(doc, field)
    doc, field = _address_scan(rows[:1] + [(76, "73424 Sainte Jeannineboeuf", 0.89)])
    assert not address_read_clearly(doc, field)  # one word tesseract was unsure of
    doc, field = _address_scan(rows[1:])
    assert not address_read_clearly(doc, field)  # the street line lost: a place alone
    doc, field = _address_scan([rows[0], (76, "Sainte Jeannineboeuf", 0.96)])
    assert not address_read_clearly(doc, field)  # no postcode closes it
    doc, field = _address_scan(rows)
    assert not address_read_clearly(doc, field, other=field)  # the other party's block


@pytest.mark.parametrize("place, low, clear", [
    ("South Melissa, RI 45003", {"RI": 0.59}, True),  # a state code: its own check
    ("South Melissa, RI 45003", {"RI": 0.45}, False),
    ("South Melissa, RI 45003", {"45003": 0.76}, False),  # a ZIP's digits have no check
    ("South Melissa, Ri 45003", {"Ri": 0.7}, False),  # no state's code: read otherwise
    ("South Melissa, RQ 45003", {"RQ": 0.7}, False),
    ("South Melissa, RI 45003", {"Melissa,": 0.59}, False),  # a place name has no check
    ("West Jaketon M8G 0UN", {"M8G": 0.76, "0UN": 0.8}, True),  # a UK postcode's shape
    ("West Jaketon M8G 0UN", {"0UN": 0.7}, False),
    ("West Jaketon MBG 0UN", {"MBG": 0.8}, False),  # out of shape: a look-alike misread
])
def test_a_postcode_that_checks_itself_may_be_read_less_surely(place, low, clear):
    from extractors.invoice_ocr_text import address_read_clearly
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    words = []
    for y, text in ((60, "59428 Olson Hill"), (76, place)):
        x = 40.0
        for token in text.split():
            words.append(Word(token, x, y, x + 10 * len(token), y + 12, low.get(token, 0.95)))
            x += 10 * len(token) + 8
    doc = [page_lines(Page(number=1, width=800, height=1000, words=tuple(words), ocr=True,
                           dpi=200))]
    field = FieldValue(value="59428 Olson Hill " + place, confidence=0.6, needs_review=True,
                       page=1, bbox=(40, 60, 700, 88))
    assert address_read_clearly(doc, field) is clear


def test_a_scanned_name_whose_only_doubt_is_ocr_is_sure_when_read_clearly():
    from extractors.invoice_ocr_text import name_read_clearly

    doc, field = _address_scan([(60, "Williamson-Koch", 0.88)])
    at_ceiling = field.model_copy(update={"confidence": round(0.5 + 0.5 * 0.88 ** 2, 4)})
    assert name_read_clearly(doc, at_ceiling)
    weak_layout = field.model_copy(update={"confidence": 0.5175})  # a guessed block
    assert not name_read_clearly(doc, weak_layout)
    doc, field = _address_scan([(60, "Williamsen-Koch", 0.82)])
    assert not name_read_clearly(doc, field.model_copy(update={"confidence": 0.8362}))
    doc, field = _address_scan([(60, "Trommier", 0.87)])  # 'Trommler' misread at 0.87
    assert not name_read_clearly(doc, field.model_copy(update={"confidence": 0.8785}))


@pytest.mark.parametrize("printed, value, clean", [
    ("Moore,", "Moore", False),  # 'Moore, Peters and Hudson' split after its comma
    ("Moore", "Moore", True),
    ("Retail Services Pvt. Ltd.,", "Retail Services Pvt. Ltd.", True),  # a legal form ends it
])
def test_a_scanned_name_cut_at_its_comma_is_reviewed(printed, value, clean):
    from extractors.invoice_ocr_text import cap_ocr_text
    from extractors.page_model import Page, Word

    doc, field = _address_scan([(60, printed, 0.96)], conf=0.96)
    field = field.model_copy(update={"value": value, "confidence": 0.97,
                                     "needs_review": False})
    page = Page(number=1, width=800, height=1000, words=(Word(printed, 40, 60, 100, 72, 0.96),),
                ocr=True, dpi=200)  # only its page number and OCR flag are read
    out = cap_ocr_text({"vendor_name": field}, [page], doc=doc)["vendor_name"]
    assert out.needs_review is not clean


def test_dates_that_may_have_lost_a_digit_are_not_confirmed_by_the_terms():
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    def scan(issued, due):
        words = (Word(issued, 40, 50, 120, 62, 0.83), Word(due, 40, 80, 120, 92, 0.8))
        doc = [page_lines(Page(number=1, width=800, height=1000, words=words, ocr=True,
                               dpi=200))]
        fields = {"invoice_date": FieldValue(value="2026-09-01", confidence=0.84,
                                             needs_review=True, page=1, bbox=(40, 50, 120, 62)),
                  "due_date": FieldValue(value="2026-10-01", confidence=0.8, needs_review=True,
                                         page=1, bbox=(40, 80, 120, 92)),
                  "payment_terms": _f("Net 30")}
        return check_dates_and_terms(fields, ocr=True, doc=doc)

    assert scan("01/09/2026", "01/10/2026")["invoice_date"].confidence == CONFIRMED
    lost = scan("1/09/2026", "1/10/2026")  # '11/09/2026' and '11/10/2026' short of a '1'
    assert lost["invoice_date"].confidence == 0.84 and lost["due_date"].needs_review


def _totals_scan(tax_amount: str):
    from extractors.page_model import Page, Word

    rows = [("Invoice", "INV-48213"), ("Subtotal", "$100.00"), ("Sales Tax", tax_amount),
            ("Total", "$119.00")]
    words = []
    for i, (label, amount) in enumerate(rows):
        y = 400 + 30 * i
        words.append(Word(label, 380, y, 470, y + 14, 0.86))
        words.append(Word(amount, 600, y, 680, y + 14, 0.86))
    return [Page(number=1, width=800, height=1000, words=tuple(words), ocr=True, dpi=200)]


def test_a_computed_amount_confirms_nothing():
    """A tax OCR garbled is computed as total - subtotal for review; it adds up with them by
    construction, so it must not confirm the subtotal and total it was computed from."""
    from extractors.invoice_fields import extract_invoice

    read, _ = extract_invoice(_totals_scan("$19.00"))
    garbled, _ = extract_invoice(_totals_scan("~=*"))
    assert read["tax_total"].value == "19.00"
    assert read["total"].confidence >= CONFIRMED  # three amounts read apart agree
    assert garbled["tax_total"].value == "19.00" and garbled["tax_total"].needs_review
    assert garbled["total"].confidence < CONFIRMED and garbled["subtotal"].confidence < CONFIRMED


def _invoice_page(lines, *, ocr: bool):
    from extractors.page_model import Page, Word

    words = []
    for y, text in lines:
        x = 40.0
        for token in text.split():
            words.append(Word(token, x, y, x + 10 * len(token), y + 12, 0.97 if ocr else 1.0))
            x += 10 * len(token) + 8
    return Page(number=1, width=800, height=1000, words=tuple(words), ocr=ocr, dpi=300 if ocr else None)


def _dates(invoice_date: str, due_date: str, *, ocr: bool):
    from extractors.invoice_fields import extract_invoice

    page = _invoice_page([(40, "Sharpe Supplies Ltd"), (120, "INVOICE"),
                          (160, "Invoice No: INV-20417"), (180, f"Invoice Date: {invoice_date}"),
                          (200, f"Due Date: {due_date}"), (400, "Total: 118.00")], ocr=ocr)
    fields, _ = extract_invoice([page])
    return fields["invoice_date"], fields["due_date"]


def test_a_due_date_printed_before_the_invoice_date_is_the_invoices_defect_on_a_text_layer():
    issued, due = _dates("2026-07-06", "2026-05-29", ocr=False)
    assert (issued.value, due.value) == ("2026-07-06", "2026-05-29")
    assert not issued.needs_review and not due.needs_review  # DUE_BEFORE_INVOICE_DATE reports it


def test_a_due_date_before_the_invoice_date_is_a_misread_on_a_scan_or_with_the_order_guessed():
    issued, due = _dates("2026-07-06", "2026-05-29", ocr=True)
    assert issued.needs_review and due.needs_review
    issued, due = _dates("06/07/2026", "05/06/2026", ocr=False)  # either day/month order
    assert issued.value > due.value and issued.needs_review and due.needs_review


@pytest.mark.parametrize("text, low, confidence, sure", [
    ("Net 15", {}, 0.85, True), ("Zahlbar innerhalb von 14 Tagen", {}, 0.85, True),
    ("Zahlbar innerhalb von 24 Tagen", {}, 0.85, False),  # no count terms are written with
    ("Net 15", {"15": 0.8}, 0.85, False),  # tesseract unsure of a word
    ("Net 15", {}, 0.6, False),  # a layout guess
    ("Paiement 4 30 jours", {}, 0.85, False),  # two numbers: no terms alone
])
def test_scanned_terms_no_due_date_checks_are_sure_when_read_clearly(text, low, confidence,
                                                                     sure):
    from extractors.layout import page_lines
    from extractors.page_model import Page, Word

    words, x = [], 40.0
    for token in text.split():
        words.append(Word(token, x, 60, x + 10 * len(token), 72, low.get(token, 0.95)))
        x += 10 * len(token) + 8
    doc = [page_lines(Page(number=1, width=800, height=1000, words=tuple(words), ocr=True,
                           dpi=200))]
    terms = FieldValue(value=text, confidence=confidence, needs_review=True, page=1,
                       bbox=(40, 60, x, 72))
    fields = {"invoice_date": _f("2026-07-31"), "payment_terms": terms}
    out = check_dates_and_terms(fields, ocr=True, doc=doc)
    assert out["payment_terms"].needs_review is not sure
    assert check_dates_and_terms(fields, ocr=False, doc=doc)["payment_terms"].needs_review


@pytest.mark.parametrize("terms, confirmed", [
    ("Paiement à 30 jours", True), ("30 Tage netto", True),
    ("a 30 jours", False),  # its first word lost to the label: the count agrees, not the words
])
def test_dates_confirm_terms_only_when_the_phrase_is_whole(terms, confirmed):
    fields = {"invoice_date": _f("2026-07-19"), "due_date": _f("2026-08-18"),
              "payment_terms": _f(terms)}
    out = check_dates_and_terms(fields, ocr=False)
    assert out["due_date"].confidence == CONFIRMED
    assert (out["payment_terms"].confidence == CONFIRMED) is confirmed


def test_the_address_under_a_name_cut_to_its_legal_form_is_reviewed():
    from extractors.invoice_ocr_text import cap_ocr_text
    from extractors.page_model import Page

    page = Page(number=1, width=800, height=1000, words=(), ocr=True, dpi=200)
    name = FieldValue(value="PLC", confidence=0.97, needs_review=False, page=1)
    address = FieldValue(value="773 Clark Crest East Michael, HI 16082", confidence=0.94,
                         needs_review=False, page=1)
    out = cap_ocr_text({"vendor_name": name, "vendor_address": address}, [page])
    assert out["vendor_name"].needs_review and out["vendor_address"].needs_review
    whole = name.model_copy(update={"value": "Watts PLC"})
    out = cap_ocr_text({"vendor_name": whole, "vendor_address": address}, [page])
    assert not out["vendor_name"].needs_review and not out["vendor_address"].needs_review
