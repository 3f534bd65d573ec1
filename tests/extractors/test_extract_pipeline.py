"""The pipeline never raises for bad input and keeps input order."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from extractors import pipeline
from extractors.pipeline import SUPPORTED_SUFFIXES, expand_paths, extract_document, extract_paths
from schemas.document import DocType


def invoice_pdf(path: Path, number: str, total: str) -> Path:
    c = canvas.Canvas(str(path))
    rows = [(72, 60, "Northwind Supplies LLC", "Helvetica-Bold", 16),
            (72, 80, "12 Harbor Road", "Helvetica", 10),
            (72, 93, "Boston, MA 02110", "Helvetica", 10),
            (380, 60, "INVOICE", "Helvetica-Bold", 20),
            (380, 110, f"Invoice No.: {number}", "Helvetica", 10),
            (380, 124, "Invoice Date: 03/15/2024", "Helvetica", 10),
            (380, 138, "Due Date: 04/14/2024", "Helvetica", 10),
            (380, 600, "Subtotal", "Helvetica", 10), (500, 600, total, "Helvetica", 10),
            (380, 615, "Tax", "Helvetica", 10), (500, 615, "0.00", "Helvetica", 10),
            (380, 630, "Total", "Helvetica-Bold", 10), (500, 630, f"${total}", "Helvetica", 10)]
    for x, top, text, font, size in rows:
        c.setFont(font, size)
        c.drawString(x, 842 - top, text)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("content, code", [
    (b"", "EMPTY"), (b"just text\n", "UNSUPPORTED_TYPE"), (b"%PDF-1.7\n\x00\x01garbage", "CORRUPT"),
])
def test_bad_input_is_data_not_exception(tmp_path, content, code):
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    doc = extract_document(path)
    assert doc.error is not None and doc.error.code == code
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert "fields" not in doc.to_contract()


def test_unexpected_bug_is_reported_not_raised(tmp_path, monkeypatch):
    path = invoice_pdf(tmp_path / "a.pdf", "A-1", "10.00")

    def boom(pages):
        raise RuntimeError("bug")

    monkeypatch.setitem(pipeline.EXTRACTORS, DocType.INVOICE, boom)
    doc = extract_document(path)
    assert doc.error is not None and doc.error.code == "EXTRACTION_FAILED"


def test_invoice_fields_from_generated_pdf(tmp_path):
    doc = extract_document(invoice_pdf(tmp_path / "inv.pdf", "NW-20417", "1249.50"),
                           source="inbox/inv.pdf")
    assert doc.error is None and doc.source == "inbox/inv.pdf"
    assert doc.doc_type == DocType.INVOICE and not doc.ocr and doc.pages == 1
    values = {k: v.value for k, v in doc.fields.items()}
    assert values["invoice_number"] == "NW-20417"
    assert values["invoice_date"] == "2024-03-15"
    assert values["due_date"] == "2024-04-14"
    assert values["total"] == "1249.50"
    assert values["subtotal"] == "1249.50"
    assert values["currency"] == "USD"
    assert values["vendor_name"] == "Northwind Supplies LLC"
    assert doc.fields["total"].page == 1 and doc.fields["total"].bbox is not None


def test_registry_covers_every_type():
    assert set(pipeline.EXTRACTORS) >= {DocType.INVOICE, DocType.RECEIPT, DocType.CLAIM,
                                        DocType.PAYSTUB, DocType.W2}


def test_extract_paths_order_and_folders(tmp_path):
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    invoice_pdf(folder / "b.pdf", "B-2", "20.00")
    invoice_pdf(folder / "sub" / "a.pdf", "A-1", "10.00")
    (folder / "b.expected.json").write_text("{}")
    (folder / "notes.txt").write_text("ignore me")
    (folder / "broken.pdf").write_bytes(b"")
    single = invoice_pdf(tmp_path / "c.pdf", "C-3", "30.00")
    files = expand_paths([single, folder])
    assert [f.name for f in files] == ["c.pdf", "b.pdf", "broken.pdf", "a.pdf"]
    docs = list(extract_paths([single, folder], workers=2))
    assert [Path(d.source).name for d in docs] == ["c.pdf", "b.pdf", "broken.pdf", "a.pdf"]
    assert [d.value("invoice_number") for d in docs] == ["C-3", "B-2", None, "A-1"]
    assert docs[2].error.code == "EMPTY"
    assert ".pdf" in SUPPORTED_SUFFIXES and ".tif" in SUPPORTED_SUFFIXES


def test_invoice_extractor_tolerates_empty_pages():
    from extractors.invoice_fields import extract_invoice
    from extractors.page_model import Page, Word

    assert extract_invoice([]) == ({}, {})
    assert extract_invoice([Page(1, 100, 100, ())]) == ({}, {})
    fields, _ = extract_invoice([Page(1, 100, 100, ()),
                                 Page(2, 100, 100, (Word("Total", 1, 1, 10, 5),
                                                    Word("5.00", 20, 1, 30, 5)))])
    assert fields["total"].value == "5.00" and fields["total"].page == 2
