"""The text-layer PDF prints the truth; the scan is pixels only."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pdfplumber
from PIL import Image

from corpus.claim_model import npi_check_digit
from schemas.document import DATE_FIELDS, LIST_FIELDS, MONEY_FIELDS
from corpus.invoice_locales import LOCALES, format_number

NUMBER = re.compile(r"-?\d(?:[\d.,]*\d)?")
SPACE_GROUPED = re.compile(r"-?\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?")  # fr-FR: 1 234,56
SIGN_BEFORE_SYMBOL = re.compile(r"-(\$|£|€|Rs\. ?|[A-Z]{3} )")
SPLIT_CENTS = re.compile(r"(?<![\d.,])(\d+) (\d{2})(?![\d.,])")  # CMS-1500: dollars | cents


def _amounts(text: str) -> set[Decimal]:
    """Every number in the text, read both as 1,234.56 and as 1.234,56."""
    text = SIGN_BEFORE_SYMBOL.sub(r"\1-", text)  # -$35.00 -> $-35.00
    found = set()
    for token in NUMBER.findall(text) + SPACE_GROUPED.findall(text):
        token = token.replace(" ", "").replace("\u00a0", "")
        for decimal_sep, group_sep in ((".", ","), (",", ".")):
            try:
                found.add(Decimal(token.replace(group_sep, "").replace(decimal_sep, ".")))
            except InvalidOperation:
                pass
    found |= {Decimal(f"{dollars}.{cents}") for dollars, cents in SPLIT_CENTS.findall(text)}
    return found


def test_text_pdf_prints_invoice_number_and_total(truths):
    checked = 0
    for path, truth in truths.items():
        if truth["doc_type"] != "invoice" or path.stem.endswith("-scan"):
            continue
        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
            pages = len(pdf.pages)
        assert truth["fields"]["invoice_number"] in text, path.name
        assert Decimal(truth["fields"]["total"]) in _amounts(text), path.name
        assert truth["fields"]["vendor_name"] in text, path.name
        if "multi-page" in truth["notes"]:
            assert pages > 1, path.name
        checked += 1
    assert checked >= 5


def _not_printed(truth: dict, text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    amounts = _amounts(text)
    missing = []
    cells = [(k, v) for k, v in truth["fields"].items()]
    cells += [(k, v) for rows in truth["tables"].values() for row in rows for k, v in row.items()]
    for name, value in cells:
        if name in DATE_FIELDS or name.endswith("address") or name == "currency":
            continue  # dates are printed in local formats; addresses over several lines
        if name in LIST_FIELDS:
            missing += [f"{name}={v}" for v in value if v not in flat]
        elif name in MONEY_FIELDS:
            if Decimal(value) not in amounts:
                missing.append(f"{name}={value}")
        elif value not in flat:
            missing.append(f"{name}={value}")
    return missing


def test_text_pdf_prints_every_truth_value(truths):
    """Names, identifiers, codes and amounts in the truth are all in the PDF's text layer."""
    for path, truth in truths.items():
        if path.stem.endswith("-scan"):
            continue
        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert _not_printed(truth, text) == [], path.name


def test_scans_have_no_text_layer(truths):
    scans = [p for p in truths if p.stem.endswith("-scan")]
    assert scans and {p.suffix for p in scans} <= {".png", ".jpg", ".tif", ".pdf"}
    for path in scans:
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                assert all(not page.chars for page in pdf.pages), path.name
                assert all(page.images for page in pdf.pages), path.name
        else:
            with Image.open(path) as image:
                assert min(image.width, image.height) > 300, path.name
                assert image.mode in ("L", "1"), path.name


def test_locale_number_formats():
    value = Decimal("1234567.5")
    assert format_number(value, LOCALES["en_US"]) == "1,234,567.50"
    assert format_number(value, LOCALES["de_DE"]) == "1.234.567,50"
    assert format_number(value, LOCALES["fr_FR"]) == "1 234 567,50"
    assert format_number(value, LOCALES["en_IN"]) == "12,34,567.50"
    assert format_number(Decimal("-35"), LOCALES["de_DE"]) == "-35,00"


def test_npi_check_digit_matches_the_cms_example():
    assert npi_check_digit("123456789") == "3"  # CMS: 1234567893 is a valid NPI
