"""Invoice layouts seen on real documents, drawn here: totals under money columns, a
subtotal stated without its label, a column header's tax word, and vendor cues in the
footer (legal identification, account holder)."""
from __future__ import annotations

import pytest

from extractors.confidence import reading
from extractors.invoice_fields import extract_invoice
from extractors.invoice_vendor_cues import label_phrase, street_line
from extractors.page_model import Page, Word
from tests.extractors.test_extract_invoice_parties import page


def extract(rows):
    p = page(rows)
    with reading("invoice", p.ocr):
        fields, tables = extract_invoice([p])
    return fields, tables


HEADER = [(42, 43, "Kestrel Optics GmbH", 13.0, True), (42, 58, "Lindenweg 12", 8.5, False),
          (42, 69, "10115 Berlin", 8.5, False), (42, 102, "INVOICE", 15.0, True),
          (42, 130, "Invoice No. : KO-55120", 9.0, False),
          (42, 143, "Invoice Date : 2026-03-14", 9.0, False)]


def test_a_totals_row_is_read_by_its_money_column_headers():
    rows = HEADER + [
        (300, 374, "Base HT (EUR)", 8.0, False), (400, 374, "TVA (EUR)", 8.0, False),
        (500, 374, "TTC (EUR)", 8.0, False),
        (40, 390, "Abonnement mensuel", 9.0, False), (305, 390, "80.00", 9.0, False),
        (405, 390, "16.00", 9.0, False), (505, 390, "96.00", 9.0, False),
        (40, 420, "Total facture", 9.0, False), (305, 420, "80.00", 9.0, False),
        (405, 420, "16.00", 9.0, False), (505, 420, "96.00", 9.0, False)]
    fields, _ = extract(rows)
    assert fields["subtotal"].value == "80.00"
    assert fields["tax_total"].value == "16.00"
    assert fields["total"].value == "96.00"


def test_a_zero_tax_without_a_subtotal_label_implies_the_subtotal_for_review():
    rows = HEADER + [(60, 300, "Service charges", 9.0, False), (520, 300, "$7.20", 9.0, False),
                     (60, 315, "Tax", 9.0, False), (520, 315, "$0.00", 9.0, False),
                     (40, 330, "Total", 9.0, True), (520, 330, "$7.20", 9.0, True)]
    fields, _ = extract(rows)
    assert fields["tax_total"].value == "0.00"
    assert fields["subtotal"].value == "7.20" and fields["subtotal"].needs_review


def test_a_tax_word_in_a_column_header_reads_no_item_amount_as_the_tax():
    rows = HEADER + [
        (46, 300, "Description", 8.0, True), (300, 300, "Qty", 8.0, True),
        (380, 300, "Price", 8.0, True), (480, 300, "Amount", 8.0, True),
        (380, 310, "ohne", 8.0, False), (480, 310, "ohne", 8.0, False),
        (380, 320, "MwSt.", 8.0, False), (480, 320, "MwSt.", 8.0, False),
        (46, 340, "Hosting plan", 8.5, False), (300, 340, "1", 8.5, False),
        (380, 340, "12,50", 8.5, False), (480, 340, "12,50", 8.5, False),
        (46, 355, "Mail box", 8.5, False), (300, 355, "2", 8.5, False),
        (380, 355, "4,25", 8.5, False), (480, 355, "8,50", 8.5, False),
        (400, 390, "Total EUR", 9.0, True), (480, 390, "21,00", 9.0, True)]
    fields, tables = extract(rows)
    assert len(tables["line_items"]) == 2
    assert "tax_total" not in fields
    assert fields["total"].value == "21.00"
    # no tax printed and the lines sum to the total: the subtotal is the total, reviewed
    assert fields["subtotal"].value == "21.00" and fields["subtotal"].needs_review


RECIPIENT = [(386, 115, "BRAMBLEWICK", 9.0, False), (386, 128, "Mme Odile Ferrand", 9.0, False),
             (386, 140, "14 avenue des Tilleuls", 9.0, False), (386, 153, "33000 Bordeaux", 9.0, False),
             (244, 178, "Facture n° 7781203", 9.0, True), (56, 190, "Date : 03/02/2026", 9.0, False),
             (376, 365, "Total HT :", 9.0, False), (511, 365, "40,00 €", 9.0, False),
             (376, 390, "TVA 20% :", 9.0, False), (516, 390, "8,00 €", 9.0, False),
             (376, 415, "Total TTC :", 9.0, False), (511, 415, "48,00 €", 9.0, False)]


FOOTER_VENDORS = {
    # a footer name over the legal identification is the vendor
    "footer name over legal identification": ([
        (278, 794, "ORVANDE", 8.0, False),
        (137, 802, "Siège social : 8 rue Pasteur - 69002 Lyon", 6.5, False),
        (153, 810, "Sarl au capital de 8 000€ - RCS Lyon B 612 334 908", 6.5, False)], "ORVANDE"),
    # the account holder names the vendor
    "account holder": ([(124, 520, "Virement Titulaire du compte : ORVANDE", 8.0, False),
                        (278, 794, "ORVANDE", 8.0, False),
                        (137, 802, "16 rue Pasteur 69002 Lyon", 6.5, False)], "ORVANDE"),
    # a legal identification line gives the name it opens with
    "legal identification line": ([(45, 774, "Orvande SAS au capital de 120.000 Euros - B 612 334 908 "
                                              "RCS Lyon - N° de TVA FR 12 612334908", 6.5, False)], "Orvande SAS"),
    # a footer company name may begin in lower case
    "lower-case footer name": ([
        (42, 723, "e-Prism Benelux B.V. iov prism.example", 8.0, False),
        (43, 739, "Kanaalweg 7, 3526 KL, Utrecht", 8.0, False),
        (43, 772, "BTW-nr : NL001234567B01", 8.0, False)], "e-Prism Benelux B.V."),
}


@pytest.mark.parametrize("footer, vendor", FOOTER_VENDORS.values(), ids=FOOTER_VENDORS.keys())
def test_the_vendor_named_in_the_footer(footer, vendor):
    fields, _ = extract(RECIPIENT + footer)
    assert fields["vendor_name"].value == vendor


def test_labels_and_street_lines_are_no_names():
    assert label_phrase("Numéro de ligne") and label_phrase("Id.client")
    assert label_phrase("Adresse de l'installation")
    assert not label_phrase("Nomad Outfitters") and not label_phrase("Orvande SAS")
    assert street_line("35 RUE du Port") and street_line("Kanaalweg 7, 3526 KL, Utrecht")
    assert not street_line("Studio Nine Ltd") and not street_line("7-Eleven")


def ocr_row(y: float, *cells: tuple[float, str], width: float = 9, gap: float = 8) -> list[Word]:
    """OCR words of one line: each (x, text) cell's tokens from x on."""
    out = []
    for x, text in cells:
        for token in text.split():
            out.append(Word(token, x, y, x + width * len(token), y + 14, 0.9))
            x += width * len(token) + gap
    return out


def extract_scan(words: list[Word]):  # type: ignore[no-untyped-def]
    with reading("invoice", True):
        return extract_invoice([Page(1, 600, 800, tuple(words), ocr=True, dpi=200)])


def test_a_scanned_vat_number_whose_checksum_holds_loses_the_dots_inside_it():
    fields, _ = extract_scan(ocr_row(700, (40, "BTW-nr : NL0044.95.445.B01"), width=7, gap=6))
    tax_id = fields["vendor_tax_id"]
    assert tax_id.value == "NL004495445B01" and tax_id.needs_review


def test_a_number_sign_in_the_title_block_is_the_invoice_number_when_no_label_was_read():
    words = (ocr_row(60, (40, "Brightwater Studio"), (460, "N VV FE")) + ocr_row(90, (460, "# 2026-118"))
             + ocr_row(300, (40, "Bill To"), (400, "Date"), (470, "Mar 3, 2026"))
             + ocr_row(330, (40, "Quinn Abara"), (400, "Total"), (470, "$80.00")))
    fields, _ = extract_scan(words)
    number = fields["invoice_number"]
    assert number.value == "2026-118" and number.needs_review


def test_a_customer_label_printed_down_the_margin_heads_the_customer_block():
    letters = [(50, 200 + 7 * i + (6 if i >= 4 else 0), c, 5.0, False)
               for i, c in enumerate("BILLTO")]
    rows = HEADER + letters + [(66, 207, "Corvid Mechanical LLC", 7.0, False),
                               (66, 221, "410 Ferry Lane", 7.0, False),
                               (66, 235, "Bangor, ME 04401", 7.0, False),
                               (300, 400, "Total 75.00", 9.0, True)]
    fields, _ = extract(rows)
    assert fields["customer_name"].value == "Corvid Mechanical LLC"
    assert fields["customer_name"].needs_review
    assert fields["customer_address"].value == "410 Ferry Lane Bangor, ME 04401"
