"""Label and value shapes seen on real invoices, drawn here: labels whose spaces a text
layer lost, cents printed in a column of their own, dates written with a month's name
after an amount label, an attention line under 'Bill to', a delivery block beside the
billing one."""
from __future__ import annotations

from extractors.confidence import reading
from extractors.invoice_amounts import money_words
from extractors.invoice_fields import extract_invoice
from extractors.invoice_labels import LABELS, with_glued
from extractors.page_model import Page
from tests.extractors.test_extract_invoice_parties import page as drawn_page


def page(rows: list[tuple[float, float, str, float]]) -> Page:
    """rows of (x, y, text, font size) on an A4-sized text-layer page, none bold."""
    return drawn_page([(x, y, text, size, False) for x, y, text, size in rows])


def extract(rows):
    p = page(rows)
    with reading("invoice", False):
        fields, _ = extract_invoice([p])
    return fields


HEADER = [(42, 43, "Tallow Ridge Supply Co", 13.0), (42, 58, "88 Quarry Road", 8.5),
          (42, 69, "Dayton, OH 45402", 8.5), (42, 102, "INVOICE", 15.0),
          (42, 130, "Invoice No. : TR-40417", 9.0)]


def test_glued_labels_join_the_invoice_lexicon_but_not_one_letter_ones():
    glued = {label for label, _ in with_glued(LABELS)["total"]}
    assert "grossamount" in glued and "grandtotal" in glued
    assert "facturen" not in {label for label, _ in with_glued(LABELS)["invoice_number"]}


def test_cents_in_a_column_of_their_own_join_their_amount():
    words = page([(100, 300, "GROSSAMOUNT", 6.0), (480, 300, "2,318", 6.0),
                  (516, 300, ".40", 6.0)]).words
    assert [(w.text, str(v)) for w, v, _ in money_words(words)] == [("2,318", "2318.40")]


def test_a_run_together_label_with_cents_apart_beats_a_count_called_total():
    fields = extract(HEADER + [(100, 660, "TOTAL CARTONS 12,000", 6.0),
                               (390, 672, "GROSSAMOUNT", 6.0), (480, 672, "2,318", 6.0),
                               (516, 672, ".40", 6.0)])
    assert fields["total"].value == "2318.40"


def test_a_date_after_an_amount_label_is_no_amount():
    fields = extract(HEADER + [(300, 400, "Total 48.50", 9.0),
                               (45, 560, "Montant du prélèvement : voir ci-dessous "
                                         "Prélèvement à partir du : 05 Mars 2026", 8.0)])
    assert fields["total"].value == "48.50"
    assert "amount_due" not in fields


def test_a_whole_number_among_amounts_with_cents_is_reviewed():
    fields = extract(HEADER + [(300, 400, "Total 48.50", 9.0),
                               (45, 560, "Balance due 9", 8.0)])
    assert fields["amount_due"].value == "9.00" and fields["amount_due"].needs_review


def test_an_attention_line_under_a_billing_address_label_gives_the_name():
    fields = extract(HEADER + [(36, 160, "Bill to Address :", 9.0),
                               (36, 172, "ATTN : Larkspur Analytics Ltd", 9.0),
                               (36, 184, "12 Harbour Street", 9.0),
                               (36, 196, "Portsmouth PO1 2AB", 9.0)])
    assert fields["customer_name"].value == "Larkspur Analytics Ltd"


def test_a_delivery_label_beside_the_billing_label_is_no_customer_name():
    fields = extract(HEADER + [(80, 160, "Factuuradres", 9.0), (360, 160, "Afleveradres", 9.0),
                               (80, 175, "Veldhoven Design BV", 9.0), (360, 175, "Magazijn 3", 9.0),
                               (80, 187, "Dorpsstraat 9", 9.0), (360, 187, "Dorpsstraat 11", 9.0),
                               (80, 199, "5504 AB Veldhoven", 9.0)])
    assert fields["customer_name"].value == "Veldhoven Design BV"


def test_an_amount_a_few_lines_under_its_column_header_is_read_for_review():
    fields = extract(HEADER + [(300, 400, "Total 500.00", 9.0),
                               (300, 600, "Due date", 6.0), (380, 600, "Discount", 6.0),
                               (440, 600, "Amount after discount", 6.0),
                               (60, 611, "Terms :", 6.0),
                               (300, 625, "03/01/26", 6.0), (380, 625, "12.50", 6.0),
                               (470, 625, "487.50", 6.0)])
    assert fields["amount_due"].value == "487.50" and fields["amount_due"].needs_review
