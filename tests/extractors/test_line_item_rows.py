"""Line-item rows under a recognised header: what continues a row, what is a line of its
own, and what is only a note under it. Pages are drawn word by word here."""
from __future__ import annotations

from extractors.invoice_labels import find_invoice_labels
from extractors.layout import page_lines
from extractors.line_items import extract_line_items
from extractors.page_model import Page, Word


def _row(y: float, *cells: tuple[float, str], conf: float = 1.0) -> list[Word]:
    """Words of one printed row: (x, text) per word, 5 points per character, 9 high."""
    words, out = [], []
    for x, text in cells:
        for token in text.split():
            out.append(Word(token, x, y, x + 5 * len(token), y + 9, conf=conf))
            x += 5 * len(token) + 3
    words += out
    return words


def _items(*rows: list[Word]):
    words = [w for row in rows for w in row]
    scan = any(w.conf < 1.0 for w in words)
    doc = [page_lines(Page(number=1, width=595, height=842, words=tuple(words), ocr=scan))]
    return extract_line_items(doc, find_invoice_labels(doc, invoice=True))


HEADER = _row(100, (40, "Description"), (330, "Qty"), (380, "Unit Price"), (500, "Amount"))


def test_bundle_contents_under_a_row_do_not_end_the_table():
    rows = _items(
        HEADER,
        _row(115, (40, "Notebook 13 inch + Mouse"), (340, "1"), (390, "1,250.00"),
             (505, "1,250.00")),
        _row(127, (52, "Notebook 13 inch 512 GB"), (340, "1")),   # the bundle's parts,
        _row(139, (52, "Wireless mouse"), (340, "1")),            # indented, a count each
        _row(151, (40, "Laptop sleeve"), (340, "2"), (395, "24.50"), (510, "49.00")),
        _row(163, (40, "Docking station"), (340, "1"), (390, "159.99"), (505, "159.99")))
    assert [r["amount"].value for r in rows] == ["1250.00", "49.00", "159.99"]
    assert rows[0]["description"].value == "Notebook 13 inch + Mouse"


def test_an_indented_labelled_note_is_not_the_rest_of_the_description():
    rows = _items(
        HEADER,
        _row(115, (40, "Gaming laptop Pro"), (340, "1"), (390, "1,999.00"), (505, "1,999.00")),
        _row(127, (52, "Serial no: SN-7741-AX"), ),
        _row(139, (40, "Backpack 15 inch"), (340, "1"), (395, "79.99"), (510, "79.99")),
        _row(151, (40, "Extra large"), ))                           # a wrapped description
    assert [r["description"].value for r in rows] == ["Gaming laptop Pro",
                                                      "Backpack 15 inch Extra large"]


def test_a_count_at_the_description_edge_still_ends_the_table():
    """Not indented: a line with a count and no amount is not a bundle part, and the table
    stops there as before."""
    rows = _items(
        HEADER,
        _row(115, (40, "Widget"), (340, "1"), (395, "10.00"), (510, "10.00")),
        _row(127, (40, "Boxes shipped"), (340, "3")),
        _row(139, (40, "Other"), (340, "1"), (395, "99.00"), (510, "99.00")))
    assert [r["amount"].value for r in rows] == ["10.00"]


def test_rows_without_a_readable_header_are_found_by_their_amounts():
    """The header band is unreadable (OCR'd to nonsense): the rows still end in amounts at
    one right edge; a price column left of them and a count whose product is the amount
    name the columns, and only that arithmetic lets a cell pass without review."""
    rows = _items(
        _row(100, (40, "ed rer reat"), (330, "cola]"), (400, "LNs a datas"), (500, "Pte niig")),
        _row(115, (40, "D393-27"), (100, "Laptop docking station"), (340, "3"), (400, "208.08"),
             (505, "624.24")),
        _row(130, (40, "T492-40"), (100, "Toner cartridge, black"), (340, "2"), (400, "107.08"),
             (505, "214.16")),
        _row(145, (40, "A812-10"), (100, "Consulting services"), (340, "1"), (400, "140.16"),
             (505, "147.16")),                                     # a digit misread
        _row(175, (300, "Total"), (505, "985.56")))
    assert [r["amount"].value for r in rows] == ["624.24", "214.16", "147.16"]
    assert [r["sku"].value for r in rows] == ["D393-27", "T492-40", "A812-10"]
    assert rows[1]["description"].value == "Toner cartridge, black"
    assert rows[1]["description"].needs_review  # no header names the column
    assert [r["quantity"].value for r in rows] == ["3", "2", "1"]
    assert not rows[0]["amount"].needs_review and not rows[0]["unit_price"].needs_review
    assert rows[2]["amount"].needs_review and rows[2]["unit_price"].needs_review


def test_headerless_rows_with_credits_and_split_decimals():
    """Amounts a text layer split at the decimal point ('2,842 .80') and credits printed
    with a trailing minus, under a header no vocabulary knows."""
    rows = _items(
        _row(100, (40, "NUMBR"), (100, "BRND"), (400, "LSTPRC"), (500, "AMNT")),
        _row(115, (40, "70115"), (100, "BOX 20 FILTER"), (400, "118 .45"), (500, "2,842 .80")),
        _row(127, (100, "Less promo"), (500, "1,137 .12-")),
        _row(139, (40, "70135"), (100, "BOX 10 FILTER"), (400, "118 .45"), (505, "710 .70")))
    assert [r["amount"].value for r in rows] == ["2842.80", "-1137.12", "710.70"]
    assert [r.get("unit_price") and r["unit_price"].value for r in rows] == \
        ["118.45", None, "118.45"]
    assert rows[0]["description"].value == "BOX 20 FILTER"
    assert all(c.needs_review for r in rows for c in r.values())


def test_two_lines_ending_in_amounts_far_apart_are_not_a_table():
    rows = _items(_row(100, (40, "Shipping by courier"), (505, "12.00")),
                  _row(300, (40, "Prepaid by card"), (505, "40.00")))
    assert rows == []


def test_a_summary_of_texts_and_amounts_is_not_read_as_line_items():
    rows = _items(_row(100, (40, "Service fees"), (505, "7.25")),
                  _row(112, (40, "Refunds"), (505, "0.00")),
                  _row(124, (40, "Adjustments"), (505, "1.00")))
    assert rows == []


def test_a_zero_row_does_not_vouch_for_headerless_columns():
    """0 x 0.00 = 0.00 holds whatever the columns are: it names no quantity column and
    lets no cell pass."""
    rows = _items(
        _row(115, (40, "Monthly plan and extras"), (340, "17.49"), (400, "3.00"), (505, "20.49")),
        _row(130, (40, "Calls"), (340, "0"), (400, "0.00"), (505, "0.00")),
        _row(145, (40, "One-off services"), (340, "0"), (400, "0.00"), (505, "0.00")))
    assert len(rows) == 3
    assert not any("quantity" in r for r in rows)
    assert all(c.needs_review for r in rows for c in r.values())


def test_a_description_and_amount_header_names_a_two_column_run():
    rows = _items(_row(88, (40, "Description"), (500, "Amount")),
                  _row(100, (40, "Stainless bolts M8 (100)"), (505, "50.32")),
                  _row(112, (40, "Ergonomic office chair"), (500, "466.50")),
                  _row(124, (40, "Monitor 27 in"), (500, "407.67")))
    assert [(r["description"].value, r["amount"].value) for r in rows] == [
        ("Stainless bolts M8 (100)", "50.32"), ("Ergonomic office chair", "466.50"),
        ("Monitor 27 in", "407.67")]


def test_a_price_split_at_its_decimal_point_is_one_number():
    rows = _items(HEADER,
                  _row(115, (40, "Filter box"), (340, "24"), (390, "118 .45"), (500, "2,842.80")))
    assert rows[0]["unit_price"].value == "118.45"
    assert not rows[0]["unit_price"].needs_review  # 24 x 118.45 = 2,842.80


def test_an_ocr_row_with_its_decimal_point_read_as_a_dash_stays_in_the_table():
    """On a scan '6.61' comes out '6-61': the row is still a row (the table does not end
    there), and the dash is the decimal point the row's own arithmetic confirms."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.96)

    rows = _items(ocr(100, (40, "Description"), (330, "Qty"), (380, "Unit Price"), (500, "Amount")),
                  ocr(115, (40, "Safety gloves, pair"), (340, "1"), (395, "6.61"), (510, "6.61")),
                  ocr(130, (40, "Safety gloves, pair"), (340, "1"), (395, "6.61"), (510, "6-61")),
                  ocr(145, (40, "Freight and handling"), (340, "2"), (395, "73.12"),
                      (505, "146.24")))
    assert [r["amount"].value for r in rows] == ["6.61", "6.61", "146.24"]


def test_a_header_that_lost_its_qty_and_code_columns_still_reads_them():
    """OCR read only 'Description  Unit Price  Amount' of the header: the number left of
    the price heading is the quantity, and a line number and code before the description
    are not part of it."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.96)

    rows = _items(ocr(100, (120, "Description"), (390, "Unit Price"), (500, "Amount")),
                  ocr(115, (40, "2"), (60, "C350-14"), (120, "USB-C cable 2 m"), (345, "12"),
                      (400, "23.84"), (505, "286.08")),
                  ocr(130, (40, "3"), (60, "K195-33"), (120, "Copy paper A4"), (350, "1"),
                      (400, "11.08"), (510, "11.08")))
    assert [(r["quantity"].value, r["unit_price"].value) for r in rows] == [
        ("12", "23.84"), ("1", "11.08")]
    assert [(r["sku"].value, r["description"].value) for r in rows] == [
        ("C350-14", "USB-C cable 2 m"), ("K195-33", "Copy paper A4")]


def test_a_row_ocr_garbled_does_not_end_the_table_on_a_scan():
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.9)

    header = ocr(100, (40, "Description"), (330, "Qty"), (380, "Unit Price"), (500, "Amount"))
    rows = [ocr(115, (40, "Cloud hosting, monthly"), (340, "20"), (395, "134.64"),
                (500, "2,692.80")),
            ocr(130, (40, "_P356-98_ __Ergonomic officechair_"), (340, "EAs"), (500, "AD")),
            ocr(145, (40, "Freight and handling"), (340, "20"), (400, "50.16"), (500, "1,003.20"))]
    assert [r["amount"].value for r in _items(header, *rows)] == ["2692.80", "1003.20"]
    text = [[Word(w.text, w.x0, w.top, w.x1, w.bottom) for w in row] for row in rows]
    text_header = [Word(w.text, w.x0, w.top, w.x1, w.bottom) for w in header]
    # a text layer prints what it means: a line that is no row ends the table there
    assert [r["amount"].value for r in _items(text_header, *text)] == ["2692.80"]


def test_a_speck_between_two_rows_is_no_gap_that_ends_the_table():
    """A 2-unit speck OCR kept between two rows: the gap above it is measured against a
    row's height, not the speck's."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.95)

    speck = [Word("/", 300, 132, 301, 134, conf=0.5)]
    rows = _items(ocr(100, (40, "Description"), (330, "Qty"), (380, "Unit Price"), (500, "Amount")),
                  ocr(112, (40, "Office chair"), (340, "1"), (395, "198.58"), (505, "198.58")),
                  speck,
                  ocr(140, (40, "Office chair"), (340, "2"), (395, "198.58"), (505, "397.16")))
    assert [r["amount"].value for r in rows] == ["198.58", "397.16"]


def test_an_ocr_header_word_with_its_tax_basis_run_in_and_a_line_number_in_the_sku():
    """'P.U. HT' read as 'P.U.HT' still heads the unit price (so the price does not land in
    the rate column); '32 S916-14' under an 'Item #' heading is a line number and a code."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.95)

    rows = _items(ocr(100, (40, "Item #"), (120, "Désignation"), (330, "Qté"), (380, "P.U.HT"),
                       (440, "TVA%"), (500, "Montant HT")),
                  ocr(115, (40, "32 S916-14"), (120, "Installation sur site"), (340, "8"),
                      (385, "85,25"), (445, "20 %"), (505, "682,00")))
    assert rows[0]["unit_price"].value == "85.25"
    assert rows[0]["tax_rate"].value == "20"
    assert rows[0]["sku"].value == "S916-14"


def test_an_ocr_rate_heading_whose_space_before_the_percent_sign_was_lost():
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.95)

    rows = _items(ocr(100, (40, "Bezeichnung"), (300, "Menge"), (350, "Einzelpreis"),
                       (430, "USt.%"), (500, "Gesamt")),
                  ocr(115, (40, "Tonerkartusche schwarz"), (310, "2"), (360, "131,10"),
                      (435, "19%"), (505, "262,20")))
    assert rows[0]["tax_rate"].value == "19"
    assert rows[0]["unit_price"].value == "131.10"


def test_a_code_under_a_lone_number_heading_and_a_quantity_ocr_lost():
    """'[tem #' read as '#': the codes under it are SKUs, not line numbers; a quantity OCR
    lost ('i' for 1, or nothing) is the one the price and amount imply, left for review."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.95)

    rows = _items(ocr(100, (30, "[tem #"), (120, "Description"), (330, "Qty"),
                       (380, "Unit Price"), (500, "Amount")),
                  ocr(115, (30, "M251-43"), (120, "Ergonomic office chair"), (340, "i"),
                      (395, "302.05"), (505, "302.05")),
                  ocr(130, (30, "A528-16"), (120, "Consulting hours"),
                      (400, "95.80"), (505, "311.35")))
    assert [r["sku"].value for r in rows] == ["M251-43", "A528-16"]
    assert [(r["quantity"].value, r["quantity"].needs_review) for r in rows] == [
        ("1", True), ("3.25", True)]


def test_specks_ocr_read_as_letters_stay_out_of_a_description():
    """'black ... ROA': a doubtful short word far out in the gap before the numbers, and a
    line of specks far right under a row, are not part of the description."""
    rows = _items(_row(100, (40, "Description"), (330, "Qty"), (380, "Unit Price"), (500, "Amount"),
                       conf=0.95),
                  _row(115, (40, "Toner cartridge, black"), conf=0.95)
                  + [Word("ROA", 300, 115, 315, 124, conf=0.44)]
                  + _row(115, (395, "98.78"), (510, "98.78"), conf=0.95),
                  [Word("a", 250, 127, 255, 128, conf=0.17),
                   Word("sm", 300, 127, 340, 128, conf=0.38)],
                  _row(131, (40, "Hydraulic hose"), (400, "8.02"), (510, "36.09"), conf=0.95),
                  _row(143, (40, "1/2 in"), conf=0.95))                   # wrapped: kept
    assert [r["description"].value for r in rows] == ["Toner cartridge, black",
                                                      "Hydraulic hose 1/2 in"]


def test_rows_whose_numbers_ocr_did_not_read_are_still_rows():
    """A scan whose number columns OCR lost after the first rows: the lines that keep an
    item code and a description are rows (their numbers missing), not the table's end."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.95)

    rows = _items(ocr(100, (120, "Description"), (330, "Qty"), (380, "Unit Price"),
                      (500, "Amount")),
                  ocr(115, (30, "1"), (60, "T883-52"), (120, "Ergonomic office chair"), (340, "2"),
                      (395, "250.94"), (505, "501.88")),
                  ocr(130, (30, "2"), (60, "A135-88"), (120, "Cleaning service")),
                  ocr(145, (30, "3"), (60, "T883-52"), (120, "Ergonomic office chair")),
                  ocr(160, (30, "Thank you for your business")))
    assert [(r["sku"].value, r["description"].value) for r in rows] == [
        ("T883-52", "Ergonomic office chair"), ("A135-88", "Cleaning service"),
        ("T883-52", "Ergonomic office chair")]
    assert "amount" not in rows[1]


def test_a_decimal_point_ocr_lost_is_put_back_where_the_row_adds_up():
    """'65' for 6.5 hours: only 6.5 x 35.24 = 229.06, so that is the quantity - read, not
    confirmed, so left for review; a price whose decimals are printed is never moved."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.93)

    rows = _items(ocr(100, (40, "Description"), (330, "Qty"), (380, "Unit Price"), (500, "Amount")),
                  ocr(115, (40, "Cleaning service"), (340, "65"), (395, "35,24"), (505, "229,06")),
                  ocr(130, (40, "Network cable"), (340, "1"), (395, "13.35"), (505, "1335")))
    assert (rows[0]["quantity"].value, rows[0]["quantity"].needs_review) == ("6.5", True)
    assert rows[1]["amount"].value == "13.35" and rows[1]["amount"].needs_review


def test_ocr_ink_around_a_code_in_the_sku_column():
    """'_E772-15' and 'le S607-60' are codes with ink beside them; 'C47 3-89' is one code
    OCR split in two, kept whole."""
    def ocr(y, *cells):
        return _row(y, *cells, conf=0.93)

    rows = _items(ocr(100, (30, "Item #"), (120, "Description"), (330, "Qty"), (380, "Unit Price"),
                       (500, "Amount")),
                  ocr(115, (30, "_E772-15"), (120, "Toner"), (340, "1"), (395, "9.50"),
                      (510, "9.50")),
                  ocr(130, (25, "le S607-60"), (120, "Cable"), (340, "2"), (395, "4.00"),
                      (510, "8.00")),
                  ocr(145, (30, "C47 3-89"), (120, "Hose"), (340, "1"), (395, "5.00"),
                      (510, "5.00")))
    assert [r["sku"].value for r in rows] == ["E772-15", "S607-60", "C47 3-89"]


def test_a_scanned_till_receipt_item_text_is_always_looked_at():
    from extractors.line_items import receipt_rows

    words = (_row(100, (40, "NOTEBOOK AS"), (200, "3.50"), conf=0.97)
             + _row(112, (40, "PEN BLUE"), (200, "1.20"), conf=0.97))
    doc = [page_lines(Page(number=1, width=300, height=400, words=tuple(words), ocr=True))]
    rows = receipt_rows(doc, [])
    assert [r["amount"].value for r in rows] == ["3.50", "1.20"]
    assert all(r["description"].needs_review for r in rows)
