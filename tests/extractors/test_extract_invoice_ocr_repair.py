"""OCR repair of invoice identifiers and amounts (strings as tesseract printed them on
generated scans)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.invoice_amounts import money_words, ocr_money_text
from extractors.invoice_identifiers import (reads_as_identifier, repair_document_number,
                                            repair_iban)
from extractors.invoice_tax_ids import (FORMAT, VALID, find_tax_id, grade_tax_id,
                                       scan_ocr_tax_ids)
from extractors.page_model import Word


@pytest.mark.parametrize("line, iban", [
    ("64, rue Schneider IBAN FR92 0620 8721.2922 7949 9811 050",
     "FR92 0620 8721 2922 7949 9811 050"),  # a dot for a space
    ("BAN GB95 OWS! 3603 0267 6366 27", "GB95 OWSI 3603 0267 6366 27"),  # '!' in a letter slot
    ("IBAN FR82 4471 3438 9900 5923° 3828 236 -", "FR82 4471 3438 9900 5923 3828 236"),
    ("Haasestr. 4/9 IBAN DE12 4037 1350 7 868 9439 70", "DE12 4037 1350 7868 9439 70"),
    ("IBAN DEI2 4O37 1350 7868 9439 70", "DE12 4037 1350 7868 9439 70"),  # I/O in digit slots
    ("IBAN F R82 4471 3438 9900 5923-3828 236", "FR82 4471 3438 9900 5923 3828 236"),
])
def test_iban_repaired_by_shape_and_checked_by_mod97(line, iban):
    assert repair_iban(line) == [iban]


@pytest.mark.parametrize("line", [
    "IBAN; DEOS 0613 1145 3417 6941 96",  # a digit misread as another digit: fails mod-97
    "IBAN DEO 2567 2016 3390 5306 83",  # a digit lost
    "Invoice INV-2026-0001 dated 12 May 2026",
])
def test_iban_not_invented(line):
    assert repair_iban(line) == []


@pytest.mark.parametrize("printed, repaired", [
    ("INVO9360", "INV09360"), ("FAQ05523", "FA005523"), ("INV09360", "INV09360"),
    ("PO1342", "PO1342"), ("INVOICE", "INVOICE"), ("CN-2026-91346", "CN-2026-91346"),
    ("iINV32932", "INV32932"), ("invoice_number_1", "invoice_number_1"),
    ("SO12345", "SO12345"), ("PROD12345", "PROD12345"),
])
def test_document_number_digit_run_repaired(printed, repaired):
    assert repair_document_number(printed) == repaired


@pytest.mark.parametrize("printed, cleaned", [
    ("“£159.57", "£159.57"), ("USD_5.87", "USD5.87"), ("USD_65.57.", "USD65.57"),
    ("436;72", "436.72"), ("1.234;56", "1.234,56"), ("6,527,26", "6527.26"),
    ("3,.825,68", "3825.68"), ("12.345,67", "12345.67"), ("(35.00)", "(35.00)"),
    ("_£1,289.20-", "£1289.20"),  # a trailing dash on a scan is a speck, not a credit
])
def test_ocr_money_text(printed, cleaned):
    assert ocr_money_text(printed) == cleaned


def test_money_words_cleans_ocr_words_only():
    ocr = money_words((Word("‘238,25", 0, 0, 10, 10, conf=0.6),))
    assert [v for _, v, _ in ocr] == [Decimal("238.25")]
    text_layer = money_words((Word("‘238,25", 0, 0, 10, 10),))
    assert text_layer == []


def _ocr_words(*texts: str) -> tuple[Word, ...]:
    return tuple(Word(t, 10.0 * i, 0, 10.0 * i + 8, 10, conf=0.8) for i, t in enumerate(texts))


@pytest.mark.parametrize("texts, value, repaired", [
    (("GB", "439", "2406", ".49"), "GB 439 2406 49", False),  # split and specked
    (("intracom.", "FR26", "356318111"), "FR26 356318111", False),  # a label word first
    (("0E245299414", "Seite"), "DE245299414", True),  # 'D' read as '0'
    (("34FZRPDO217A1Z4",), "34FZRPD0217A1Z4", True),  # 'O' in the PAN's digits
    (("12-4781514)", "East"), "12-4781514", False),
    (("GB-439", "2406", "49"), "GB 439 2406 49", False), (("94-6542.432",), "94-6542432", False),
    (("12-§352945",), "12-5352945", True),
])
def test_tax_id_found_in_ocr_run(texts, value, repaired):
    found = find_tax_id(_ocr_words(*texts))
    assert found is not None
    assert (found.value, found.repaired) == (value, repaired)


@pytest.mark.parametrize("texts", [
    ("GB", "439", "2406"),  # cut short: GB numbers have nine digits
    ("20%", "£1,289.20-"),  # a VAT rate and amount, not a VAT number
    ("12-4781514East",),
])
def test_tax_id_not_invented(texts):
    assert find_tax_id(_ocr_words(*texts)) is None


def test_tax_id_grades():
    assert grade_tax_id("DE136695976") == VALID  # checksum holds
    assert grade_tax_id("DE996541395") == FORMAT  # right shape, checksum fails
    assert grade_tax_id("668089522") == 0  # no country, no EIN hyphen


@pytest.mark.parametrize("texts, value", [
    (("Tax", "ID434FZRPDO217A124"), "34FZRPD0217A1Z4"),  # label glued to the number
    (('"1D246-6234357)',), "46-6234357"),
    (("Tax", "ID#", "ase", "12-4781514)"), "12-4781514"),  # a speck word between
])
def test_tax_id_beside_a_mangled_label(texts, value):
    from extractors.page_model import Line

    found = scan_ocr_tax_ids([Line(_ocr_words(*texts))])
    assert [f.value for f in found] == [value]


def _row(y: float, *cells: tuple[float, str], conf: float = 0.8) -> list[Word]:
    """Words of one printed row: (x, text) per word, 8 units per character."""
    return [Word(t, x, y, x + 8 * len(t), y + 12, conf=conf) for x, t in cells]


def _key_row_page(header: list[tuple[float, str]], values: list[tuple[float, str]]):
    from extractors.page_model import Page

    words = _row(100, (40, "INVOICE")) + _row(200, *header) + _row(220, *values)
    return Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)


def test_invoice_number_under_a_garbled_key_row_header():
    from extractors.invoice_fields import extract_invoice

    page = _key_row_page([(40, "Iny"), (72, "#"), (200, "Invoice"), (264, "Date"),
                          (360, "Due"), (392, "Date")],
                         [(40, "INV-2026-02166"), (200, "20/09/2026"), (360, "05/10/2026")])
    fields, _ = extract_invoice([page])
    assert fields["invoice_number"].value == "INV-2026-02166"
    assert fields["invoice_number"].needs_review  # no label read: a person confirms


def test_no_invoice_number_from_a_row_without_dates():
    from extractors.invoice_fields import extract_invoice

    page = _key_row_page([(40, "Item"), (200, "Qty")], [(40, "W752-85"), (200, "5")])
    fields, _ = extract_invoice([page])
    assert "invoice_number" not in fields


@pytest.mark.parametrize("rows, vendor", [
    # the header band unreadable: item rows, specks and labels are no vendor
    ([[(40, "Freight"), (104, "and"), (140, "handling"), (400, "56.76"), (480, "56.76")],
      [(40, "TF"), (64, "Unit"), (104, "ae")], [(40, "PONumber")], [(40, "woNunsee")]], None),
    ([[(40, "Barnes"), (96, "Ltd")], [(40, "031"), (72, "Young"), (120, "Route")],
      [(40, "Freight"), (104, "and"), (140, "handling"), (400, "56.76"), (480, "56.76")]],
     "Barnes Ltd"),
])
def test_vendor_refused_rather_than_body_text(rows, vendor):
    from extractors.invoice_parties import extract_vendor
    from extractors.layout import page_lines
    from extractors.page_model import Page
    from schemas.document import DocType

    words = [w for i, row in enumerate(rows) for w in _row(40 + 20 * i, *row)]
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields = extract_vendor([page_lines(page)], [], DocType.INVOICE)
    assert (fields["vendor_name"].value if "vendor_name" in fields else None) == vendor


@pytest.mark.parametrize("label, field", [
    (("Date", "d’échéance"), "due_date"),  # a typographic apostrophe
    (("Date.d'échéance",), "due_date"),  # OCR glued the words at a dot
    (("Falligam",), "due_date"),  # 'Fällig am' without its space
    (("MwsSt.",), "tax_total"),  # a letter too many in a four-letter label
    (("Total", "a.pagar."), "amount_due"),  # a dot for the space
])
def test_ocr_labels_found(label, field):
    from extractors.invoice_fields import LEXICON
    from extractors.layout import find_labels, page_lines
    from extractors.page_model import Page

    x, words = 40.0, []
    for text in label + ("09/10/2026",):
        words.append(Word(text, x, 100, x + 8 * len(text), 112, conf=0.8))
        x += 8 * len(text) + 6
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    hits = find_labels([page_lines(page)], LEXICON)
    assert field in {h.field for h in hits}


def test_amount_cut_after_its_separator_is_one_amount():
    words = (Word("1.555,", 0, 0, 48, 12, conf=0.5), Word("41", 52, 0, 68, 12, conf=0.5),
             Word("EUR", 74, 0, 98, 12, conf=0.5))
    assert [v for _, v, _ in money_words(words)] == [Decimal("1555.41")]


def test_amount_due_below_total_is_no_confirmation():
    from extractors.candidates import Candidate
    from extractors.invoice_amounts import _best_combination

    def cand(value: str, score: float = 1.0) -> Candidate:
        return Candidate(value=value, score=score, label=0.9, shape=0.75, ocr=0.8,
                         typed=Decimal(value))

    chosen = _best_combination({"subtotal": [], "tax_total": [], "total": [cand("1209.03")],
                                "amount_due": [cand("41")]}, None)
    assert chosen["amount_due"].consistency is None


def test_ocr_table_header_with_specks_and_unconfirmed_cells_reviewed():
    from extractors.layout import page_lines
    from extractors.line_items import extract_line_items
    from extractors.page_model import Page

    def row(y, *cells):
        return _row(y, *cells, conf=0.99)

    words = (row(100, (40, "Réf."), (100, "--Désignation"), (300, "Qté"), (360, "P.U."),
                 (480, "Montant"), (544, "HT"))
             + row(130, (40, "K806-66"), (100, "Abonnement"), (300, "2"), (360, "221,44"),
                   (480, "«442,88"))
             + row(160, (40, "F444-19"), (100, "Fauteuil"), (480, "1000,00")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    rows = extract_line_items([page_lines(page)], [])
    assert [r["amount"].value for r in rows] == ["442.88", "1000.00"]
    assert not rows[0]["amount"].needs_review  # 2 x 221.44 = 442.88 confirms it
    assert rows[1]["amount"].needs_review  # no quantity or price to check it against


@pytest.mark.parametrize("printed, repaired", [
    ("363 Brett Row Woodview FY6 SPD", "363 Brett Row Woodview FY6 5PD"),
    ("Flat 4 Leon Mountain Glenfort W9 ODY", "Flat 4 Leon Mountain Glenfort W9 0DY"),
    ("Flat 89 Carly Lakes Woodsmouth SMSW 9NX", "Flat 89 Carly Lakes Woodsmouth SM5W 9NX"),
    ("58 Evans Meadow Tonyview TF60 ISB", "58 Evans Meadow Tonyview TF60 1SB"),
    ("65647 Juan Haven East Juanville, IN 49369", "65647 Juan Haven East Juanville, IN 49369"),
    ("Pasaje de Nando Miralles 44 Puerta 7 Salamanca, 43614",
     "Pasaje de Nando Miralles 44 Puerta 7 Salamanca, 43614"),
])
def test_uk_postcode_repaired_by_shape(printed, repaired):
    from extractors.invoice_ocr_text import repair_uk_postcode

    assert repair_uk_postcode(printed) == repaired


def test_eszett_only_on_german_documents():
    from extractors.invoice_ocr_text import is_german, repair_eszett

    assert repair_eszett("WalterstraBe 5171") == "Walterstraße 5171"
    assert repair_eszett("Dérr Buchholz, Ursel-Liibs-Gasse") == "Dörr Buchholz, Ursel-Lübs-Gasse"
    assert repair_eszett("Hoéfig GmbH") == "Höfig GmbH"
    assert repair_eszett("McBride Ltd") == "McBride Ltd"
    assert is_german("Rechnung Nr. 1 ... MwSt. 19 % ... Zahlbetrag")
    assert not is_german("Invoice No. 1 ... Sales Tax ... Amount Due")


@pytest.mark.parametrize("cells, po", [
    ([(40, "PO"), (64, "Number"), (200, "PO6385.")], "PO6385"),  # a speck after the value
    ([(40, "PO"), (64, "Number"), (200, "po~774300")], "po-774300"),  # '~' for the hyphen
    ([(40, "[2eimimber"), (200, "PO-"), (228, "285476")], "PO-285476"),  # label lost
])
def test_po_number_on_scans(cells, po):
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    page = Page(number=1, width=600, height=800, words=tuple(_row(200, *cells)), ocr=True,
                dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["po_number"].value == po


def test_no_invoice_number_from_a_date_under_the_title():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    words = (_row(100, (300, "invoice"), (380, "Date"), conf=0.95)
             + _row(118, (40, "INV-2026-75809"), (300, "Jul"), (332, "18,"), (364, "2026"),
                    conf=0.95))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields.get("invoice_number") is None or fields["invoice_number"].value != "2026"


@pytest.mark.parametrize("texts, value", [
    (("Michaud", "SARL", "N°", "TVA", "intracom.", "FR21'931905253"), "FR21931905253"),
    (("Tax", "ID", "GB.439", "2406", "49"), "GB 439 2406 49"),
    (("DE245299414", "Seite", "1/1"), "DE245299414"),  # label lost: the prefix says it
])
def test_tax_id_specks_inside_and_lost_labels(texts, value):
    from extractors.page_model import Line

    found = scan_ocr_tax_ids([Line(_ocr_words(*texts))])
    assert [f.value for f in found] == [value]


def test_address_line_split_by_ocr_is_read_whole():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    rows = [[(40, "Barnes"), (96, "Ltd"), (400, "Bill"), (436, "To")],
            [(40, "031"), (72, "Young"), (120, "Route"), (400, "Adams"), (448, "LLC")],
            [(400, "65647"), (460, "Juan"), (500, "Haven")],
            [(400, "East"), (436, "Juanville,"), (536, "IN"), (556, "49369")]]
    words = [w for i, row in enumerate(rows) for w in _row(100 + 20 * i, *row, conf=0.95)]
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["customer_address"].value == "65647 Juan Haven East Juanville, IN 49369"


def test_customer_from_the_address_window_beside_the_key_facts():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    rows = [[(300, "Dörr"), (340, "Buchholz"), (412, "e.V.")],
            [(40, "Adams"), (88, "LLC"), (300, "Rechnung"), (368, "Nr."), (450, "202602240")],
            [(40, "65647"), (88, "Juan"), (128, "Haven"), (300, "Rechnungsdatum"),
             (450, "31.08.2026")],
            [(40, "East"), (76, "Juanville,"), (164, "IN"), (188, "49369"), (300, "Fällig"),
             (356, "am"), (450, "30.09.2026")]]
    words = [w for i, row in enumerate(rows) for w in _row(100 + 20 * i, *row, conf=0.95)]
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["customer_name"].value == "Adams LLC"
    assert fields["customer_address"].value == "65647 Juan Haven East Juanville, IN 49369"
    assert fields["customer_name"].needs_review


def test_date_under_a_generic_label_on_a_scan_is_reviewed():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    words = (_row(100, (40, "Invoice"), (104, "Date"), (300, "Date"), conf=0.99)
             + _row(118, (40, "08/29/2026"), (300, "10/13/2026"), conf=0.99))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["invoice_date"].value == "2026-08-29"  # under 'Invoice Date'
    assert not fields["invoice_date"].needs_review
    words = _row(100, (300, "Date"), conf=0.99) + _row(118, (300, "10/13/2026"), conf=0.99)
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["invoice_date"].needs_review  # 'Date' alone may head another column


def test_dates_of_a_key_row_whose_labels_ocr_lost():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    words = (_row(100, (40, "inweice"), (200, "bue"), (300, "PO"), (324, "Number"))
             + _row(120, (40, "A0007046"), (200, "12/09/2026"), (300, "27/10/2026"),
                    (420, "PO-772580")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert (fields["invoice_date"].value, fields["due_date"].value) == ("2026-09-12",
                                                                      "2026-10-27")
    assert fields["invoice_date"].needs_review and fields["due_date"].needs_review


def test_credit_note_sign_lost_by_ocr_is_put_back():
    from extractors.invoice_amounts import reconcile_credit_signs
    from schemas.document import FieldValue

    def f(value: str) -> FieldValue:
        return FieldValue(value=value, confidence=0.95, needs_review=False, page=1)

    fields = {"subtotal": f("-1147.54"), "tax_total": f("0.00"), "total": f("1147.54")}
    out = reconcile_credit_signs(fields, None, {1})
    assert out["total"].value == "-1147.54" and out["total"].needs_review
    assert reconcile_credit_signs(fields, None, set()) == fields  # text layers: as printed
    plain = {"subtotal": f("100.00"), "tax_total": f("20.00"), "total": f("120.00")}
    assert reconcile_credit_signs(plain, None, {1}) == plain


def test_fuzzy_label_prefers_the_label_of_the_same_length():
    from extractors.invoice_fields import LEXICON
    from extractors.layout import find_labels, page_lines
    from extractors.page_model import Page

    words = _row(100, (40, "Bill"), (80, '"Te'), conf=0.8)
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields = {h.field for h in find_labels([page_lines(page)], LEXICON)}
    assert "customer" in fields and "invoice_date" not in fields


def test_ocr_fragment_line_does_not_end_the_table():
    from extractors.layout import page_lines
    from extractors.line_items import extract_line_items
    from extractors.page_model import Page

    words = (_row(100, (40, "Description"), (300, "Qty"), (400, "Price"), (500, "Amount"))
             + _row(130, (40, "Schulung"), (300, "3"), (400, "373,20"), (500, "1.119,60"))
             + _row(150, (420, "19%")) + _row(160, (300, "7"), (400, "7"), (440, "7"), (500, "-"))
             + _row(180, (40, "Kabel"), (300, "2"), (400, "10,00"), (500, "20,00")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    rows = extract_line_items([page_lines(page)], [])
    assert [r["amount"].value for r in rows] == ["1119.60", "20.00"]


def test_currency_on_scans_not_from_a_dollar_read_into_a_code():
    from extractors.invoice_amounts import extract_currency
    from extractors.layout import page_lines
    from extractors.page_model import Page

    words = (_row(100, (40, "$354-44"), (200, "Bürostuhl"), (400, "320,29"))
             + _row(130, (40, "$354-44"), (200, "Bürostuhl"), (400, "320,29"))
             + _row(160, (300, "Gesamtbetrag"), (400, "640,58"), (460, "EUR")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    assert extract_currency([page_lines(page)]).value == "EUR"


@pytest.mark.parametrize("printed, repaired", [
    ("Mcdowe11-Cook", "Mcdowell-Cook"), ("3M Company", "3M Company"),
    ("Studio 37T", "Studio 37T"),
])
def test_name_digits(printed, repaired):
    from extractors.invoice_ocr_text import repair_name_digits

    assert repair_name_digits(printed) == repaired


@pytest.mark.parametrize("printed, repaired", [
    ("P07273", "PO7273"), ("PQ6054", "PO6054"), ("PO-1234", "PO-1234"), ("P1234", "P1234"),
])
def test_po_prefix(printed, repaired):
    from extractors.invoice_identifiers import repair_po_number

    assert repair_po_number(printed) == repaired


def test_key_row_header_is_no_vendor():
    from extractors.invoice_fields import LEXICON
    from extractors.invoice_parties import extract_vendor
    from extractors.layout import find_labels, page_lines
    from extractors.page_model import Page
    from schemas.document import DocType

    words = (_row(100, (40, "Klant"), (120, "Factuur"), (184, "datum"), (300, "Factuur"),
                  (420, "Vervaldatum"), conf=1.0)
             + _row(114, (40, "SCONL0303"), (120, "8-9-2022"), (300, "VF1005193039"),
                    (420, "22-9-2022"), conf=1.0))
    page = Page(number=1, width=600, height=800, words=tuple(words))
    doc = [page_lines(page)]
    fields = extract_vendor(doc, find_labels(doc, LEXICON), DocType.INVOICE)
    assert fields.get("vendor_name") is None or fields["vendor_name"].value != "Klant"


def test_address_block_ends_at_the_table_header():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    rows = [[(40, "Bill"), (76, "To")], [(40, "Adams"), (88, "LLC")],
            [(40, "65647"), (88, "Juan"), (128, "Haven")],
            [(40, "East"), (76, "Juanville,"), (164, "IN"), (188, "49369")],
            [(40, "[item"), (88, "#"), (160, "Description"), (400, "Qty"), (460, "Amount")],
            [(40, "W752-85"), (160, "Laptop"), (400, "5"), (460, "1,067.50")]]
    words = [w for i, row in enumerate(rows) for w in _row(100 + 20 * i, *row, conf=0.95)]
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["customer_address"].value == "65647 Juan Haven East Juanville, IN 49369"


def test_ocr_rate_column_header_without_its_space():
    from extractors.line_items import header_columns
    from extractors.page_model import Line

    line = Line(tuple(_row(100, (40, "Désignation"), (200, "Qté"), (300, "TVA%"),
                           (400, "Montant"), (464, "HT"))))
    assert "tax_rate" in [c for c, _, _ in header_columns(line)]


def test_ocr_row_a_cent_off_is_not_confirmed_and_misread_qty_header_read():
    from extractors.layout import page_lines
    from extractors.line_items import extract_line_items
    from extractors.page_model import Page

    def row(y, *cells):
        return _row(y, *cells, conf=0.99)

    words = (row(100, (40, "Description"), (300, ".aty"), (400, "Price"), (500, "Amount"))
             + row(130, (40, "Training"), (300, "3"), (400, "720.17"), (500, "2,160.52"))
             + row(160, (40, "Hose"), (300, "4"), (400, "21.95"), (500, "87.80")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    rows = extract_line_items([page_lines(page)], [])
    assert [r["quantity"].value for r in rows] == ["3", "4"]
    assert rows[0]["amount"].needs_review  # 3 x 720.17 = 2160.51: a digit may be misread
    assert not rows[1]["amount"].needs_review  # 4 x 21.95 = 87.80 exactly


def test_key_row_without_header_and_a_speck_above_a_value():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    words = (_row(80, (40, "Williamsburgh,"), (160, "SD"), (184, "32201"))
             + _row(100, (40, "INV-2026-62543"), (200, "09/20/2026"), (300, "10/05/2026"),
                    (420, "PO-759199")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["invoice_number"].value == "INV-2026-62543"
    assert fields["due_date"].value == "2026-10-05"
    words = (_row(100, (40, "Invoice"), (104, "Date"), (300, "Due"), (332, "Date"))
             + _row(112, (300, "-")) + _row(124, (40, "24/09/2026"), (300, "08/11/2026")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["due_date"].value == "2026-11-08"


def test_po_from_a_key_row_whose_po_header_ocr_split():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    words = (_row(100, (40, "#"), (420, "PO"), (460, "Numbe"))
             + _row(120, (40, "INV-2026-63025"), (200, "06/10/2026"), (300, "07/10/2026"),
                    (420, "4528444053")))
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    fields, _ = extract_invoice([page])
    assert fields["po_number"].value == "4528444053"
    assert fields["po_number"].needs_review


@pytest.mark.parametrize("text, ocr, clean", [
    ("INV-2026-89376", 0.88, True), ("A/2026/92358", 0.86, True), ("PO9826", 0.89, True),
    ("066302", 0.87, True),
    ("CN-2026-17444", 0.78, False),  # a digit misread: tesseract was unsure of the word
    ("INVS6546", 0.9, False), ("INVo0995", 0.9, False), ("Po2491", 0.9, False),  # look-alikes
    ("PO-87.7042", 0.9, False), ("PO-3536340-", 0.9, False), ("INV5", 0.9, False),
])
def test_identifier_read_cleanly(text, ocr, clean):
    assert reads_as_identifier(text, ocr) is clean


@pytest.mark.parametrize("text, ocr, clean", [
    ("PO6625", 0.82, True), ("PO-585265", 0.8, True),
    ("PO08332", 0.47, False),  # a digit misread: tesseract unsure of the word
    ("PO-87.7042", 0.9, False), ("PO-3536340", 0.82, False),  # a speck, a digit too many
    ("INV-2026-84123", 0.82, False), ("A0089222", 0.82, False),  # not a PO's own shape
])
def test_a_po_number_of_its_plain_shape_reads_cleanly_from_080(text, ocr, clean):
    assert reads_as_identifier(text, ocr, po=True) is clean
    assert not reads_as_identifier(text, ocr)  # as an invoice number: 0.85 still


@pytest.mark.parametrize("texts, conf, clear", [
    (["DE151552368"], 0.88, True), (["46-2167405"], 0.86, True),
    (["20AKCJS9802C1Z6"], 0.87, True), (["ESG39724931"], 0.85, True),
    (["DE741148351"], 0.68, True), (["13CXLAR8333B1Z4"], 0.71, True),  # scored low, right
    (["DE251552368"], 0.44, False),  # a digit misread: tesseract unsure of the word
    (["12-0568604"], 0.5, False),  # the same
    (["DE9", "38931529"], 0.9, False),  # split in two: a character may be lost between
    (["2ONNGFS1365D1Z1"], 0.82, True),  # an O in a digit slot has one reading: 0
    (["20NNGFS1365D121"], 0.81, True),  # a GSTIN's fixed Z read as 2
    (["20NNGFS13650121"], 0.9, False),  # a 0 in a letter slot: O, D or Q? reviewed
])
def test_a_tax_number_read_clearly_after_its_label(texts, conf, clear):
    from extractors.invoice_tax_ids import _read_clearly

    words = [Word(t, 100.0 + 90 * i, 10, 180.0 + 90 * i, 22, conf) for i, t in enumerate(texts)]
    found = find_tax_id(words)
    assert found is not None and _read_clearly(found, label=1.0) is clear


def test_a_repaired_tax_number_keeps_its_printed_groups():
    words = [Word(t, 100.0 + 90 * i, 10, 180.0 + 90 * i, 22, 0.8)
             for i, t in enumerate(["FRO9", "428835239"])]
    found = find_tax_id(words)
    assert found is not None and found.repaired and found.value == "FR09 428835239"


def test_an_identifier_with_digits_set_close_after_it_may_be_cut_short():
    from extractors.invoice_fields import _cut_short

    number = Word("GS-2026", 1055, 79, 1126, 95, 0.85)
    assert _cut_short(number, [number, Word("31480", 1136, 79, 1187, 95, 0.85)])
    assert not _cut_short(number, [number, Word("31480", 1300, 79, 1351, 95, 0.85)])  # a column
    assert not _cut_short(number, [number, Word("Datum", 1136, 79, 1187, 95, 0.9)])


def test_a_scanned_tax_number_with_a_dot_inside_is_reviewed():
    """'GB 202 6850.32': the checksum ignores the dot, so it cannot tell a speck read for
    the space from a printed dot."""
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    def tax_page(*texts):
        words = _row(100, (40, "VAT"), (70, "Reg."), (100, "No."),
                     *((140 + 50 * i, t) for i, t in enumerate(texts)), conf=0.96)
        return Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)

    fields, _ = extract_invoice([tax_page("GB", "202", "6850.32")])
    assert fields["vendor_tax_id"].needs_review
    fields, _ = extract_invoice([tax_page("GB", "202", "6850", "32")])
    assert not fields["vendor_tax_id"].needs_review


@pytest.mark.parametrize("line, sure", [
    ("IBAN: DEO9 9981 1162 1731 5770 20", True),  # an O in a digit slot: a 0, no other
    ("IBAN: ES30 5819 1412.0935 6984 4140", True),  # a speck for a space
    ("IBAN DEI2 4O37 1350 7868 9439 70", True),  # I and O in digit slots
    ("BAN GB95 OWS! 3603 0267 6366 27", False),  # '!' in a letter slot: an I or an L?
])
def test_an_iban_repaired_only_by_look_alikes_of_one_reading_is_sure(line, sure):
    from extractors.invoice_identifiers import extract_iban, repaired_ibans
    from extractors.layout import page_lines
    from extractors.page_model import Page

    assert [s for _, s in repaired_ibans(line)] == [sure]
    words, x = [], 40.0
    for token in line.split():
        words.append(Word(token, x, 100, x + 8 * len(token), 112, 0.9))
        x += 8 * len(token) + 6
    doc = [page_lines(Page(number=1, width=800, height=1000, words=tuple(words), ocr=True,
                           dpi=200))]
    assert extract_iban(doc)["iban"].needs_review is not sure


@pytest.mark.parametrize("values, conf, sure", [
    (["PO-353634"], 0.91, True),  # its own 'PO' labels it
    (["PO-353634"], 0.7, False),  # tesseract unsure of the word
    (["PO-353634", "PO-353684"], 0.91, False),  # two of them: which one?
])
def test_a_scanned_po_number_whose_label_was_lost(values, conf, sure):
    from extractors.confidence import reading
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    words = _row(60, (40, "INVOICE"), conf=0.95) + _row(100, (40, "[inve"), (300, "miber"),
                                                        conf=0.3)
    for i, value in enumerate(values):
        words += _row(120 + 20 * i, (40, "A0089222"), (200, "Jul"), (240, "26,"),
                      (280, "2026"), (420, value), conf=conf)
    page = Page(number=1, width=600, height=800, words=tuple(words), ocr=True, dpi=200)
    with reading("invoice", True):
        fields, _ = extract_invoice([page])
    assert fields["po_number"].value == values[0]
    assert fields["po_number"].needs_review is not sure


@pytest.mark.parametrize("label", ["Tax ID", "Tax !D", "Tax 1D", "Tax ID!"])
def test_a_tax_id_label_with_an_ocr_look_alike_still_labels_the_number(label):
    from extractors.confidence import reading
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page

    cells = [(40, "Tax"), (72, label.split()[1]), (110, "12-0778390")]
    page = Page(number=1, width=600, height=800, words=tuple(_row(100, *cells, conf=0.9)),
                ocr=True, dpi=200)
    with reading("invoice", True):
        fields, _ = extract_invoice([page])
    assert fields["vendor_tax_id"].value == "12-0778390"
    assert not fields["vendor_tax_id"].needs_review
