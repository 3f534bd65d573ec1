"""Document type from text cues."""
from __future__ import annotations

import pytest

from extractors.classify import classify
from extractors.page_model import Page, Word
from schemas.document import DocType


def page_of(text: str, width: float = 612, height: float = 792) -> Page:
    words, y = [], 20.0
    for line in text.splitlines():
        x = 20.0
        for token in line.split():
            words.append(Word(token, x, y, x + 6 * len(token), y + 10))
            x += 6 * len(token) + 5
        y += 14
    return Page(1, width, height, tuple(words))


@pytest.mark.parametrize("text, expected", [
    ("ACME Tools Inc.\nINVOICE\nInvoice No. INV-1\nBill To: Foo\nDue Date 2024-01-01\n"
     "Subtotal 10.00\nTotal 12.00", DocType.INVOICE),
    ("Rechnung\nRechnungsnummer 123\nRechnungsdatum 01.02.2024\nGesamtbetrag 12,00 €",
     DocType.INVOICE),
    ("CORNER SHOP\nRECEIPT\nCASH 20.00\nCHANGE 8.00\nTHANK YOU COME AGAIN", DocType.RECEIPT),
    ("HEALTH INSURANCE CLAIM FORM\nPICA\n1a. INSURED'S I.D. NUMBER\n"
     "21. DIAGNOSIS OR NATURE OF ILLNESS", DocType.CLAIM),
    ("Earnings Statement\nPay Period 01/01-01/15\nGross Pay 1000.00\nNet Pay 800.00\n"
     "Deductions YTD", DocType.PAYSTUB),
    ("Form W-2 Wage and Tax Statement\nEmployer identification number\n"
     "Social security wages\nMedicare wages", DocType.W2),
])
def test_classify_types(text, expected):
    doc_type, conf = classify([page_of(text)])
    assert doc_type == expected
    assert 0.5 <= conf <= 1.0


def test_classify_unknown_and_empty():
    assert classify([]) == (DocType.UNKNOWN, 0.0)
    doc_type, conf = classify([page_of("The quick brown fox jumps over the lazy dog")])
    assert doc_type == DocType.UNKNOWN and conf < 0.5


def test_till_slip_titled_tax_invoice_is_a_receipt():
    """A cash sale slip printed as "TAX INVOICE" / "Invoice #" is still a receipt: the
    customer tendered cash and got change back."""
    text = ("UNIHAKKA TRADING SDN BHD\nTAX INVOICE\nInvoice # OR18030302170430\n"
            "Item Qty Total\nVege 1 5.50\nTotal Amount 8.20\nCASH 10.00\nChange 1.80")
    assert classify([page_of(text)])[0] == DocType.RECEIPT


def test_invoice_without_change_stays_an_invoice():
    text = ("ACME Tools Inc.\nINVOICE\nInvoice No. INV-1\nBill To: Foo\nDue Date 2024-01-01\n"
            "Subtotal 10.00\nTotal 12.00\nPayment by bank transfer, no cash")
    assert classify([page_of(text)])[0] == DocType.INVOICE


@pytest.mark.parametrize("text, paid", [
    ("CASH 50.00\nCHANGE 16.10", True),
    ("Cash Tendered 90.00\nChange 73,40", True),
    ("CASH 50.00", False),
    ("Subject to change without notice\nCash discount 2.00", False),
])
def test_paid_at_till(text, paid):
    from extractors.classify import paid_at_till

    assert paid_at_till(text) is paid


def test_w2_whose_ocr_garbled_the_title_is_still_a_w2():
    """Words as tesseract read a faxed W-2 (seed-7 w2-0415 scan): the title and most box
    captions are misspelt; the form's OMB number and box 1's caption are not."""
    text = ("Employee's social secunty number Sate, accurate, FAST! Use\nOMB No. 1545-0008\n"
            "Employer identiication number (EIN) 1 Wages, tps, other compensation\n"
            "Employers name, address, and ZiP code 3 Social secunty wages\n"
            "fom WY-2 Wage.and Tax 'Statement 2025 Deparment of the Treasury")
    doc_type, conf = classify([page_of(text)])
    assert doc_type == DocType.W2 and conf >= 0.5
