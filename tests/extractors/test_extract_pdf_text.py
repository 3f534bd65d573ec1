"""Text-layer reading on a PDF drawn in the test."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.pdf_text import read_pdf_pages
from ledgerline.errors import UnreadableDocument


def draw_pdf(path: Path, pages: list[list[tuple[float, float, str, str, int]]]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for items in pages:
        for x, top, text, font, size in items:
            c.setFont(font, size)
            c.drawString(x, A4[1] - top, text)
        c.showPage()
    c.save()
    return path


def test_words_boxes_fonts(tmp_path):
    pdf = draw_pdf(tmp_path / "a.pdf", [[
        (50, 60, "ACME Tools Inc.", "Helvetica-Bold", 18),
        (50, 120, "Invoice No. INV-2031", "Helvetica", 10),
        (400, 700, "Total 1,249.50", "Helvetica", 10),
    ]])
    [page] = read_pdf_pages(pdf)
    assert page.number == 1 and not page.ocr and not page.needs_ocr
    assert page.width == pytest.approx(A4[0]) and page.height == pytest.approx(A4[1])
    by_text = {w.text: w for w in page.words}
    acme = by_text["ACME"]
    assert acme.bold and acme.size == pytest.approx(18, abs=0.1)
    assert acme.x0 == pytest.approx(50, abs=0.5)
    assert acme.bottom == pytest.approx(60 + 18 * 0.22, abs=4)  # baseline at top=60
    assert not by_text["INV-2031"].bold
    assert by_text["1,249.50"].top > 680
    assert "Invoice No. INV-2031" in page.text


def test_page_without_text_needs_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.setFont("Helvetica", 12)
    c.drawString(50, 700, "This page has a real text layer with words")
    c.showPage()
    c.save()
    first, second = read_pdf_pages(path)
    assert first.needs_ocr and first.words == ()
    assert not second.needs_ocr and len(second.words) == 9


def test_encrypted_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(50, 700, "hidden")
    c.showPage()
    c.save()
    with pytest.raises(UnreadableDocument) as err:
        read_pdf_pages(path)
    assert err.value.code == "ENCRYPTED" and "locked.pdf" in str(err.value)


def test_too_many_pages(tmp_path):
    pdf = draw_pdf(tmp_path / "long.pdf", [[(50, 50, f"page {i}", "Helvetica", 10)]
                                           for i in range(3)])
    with pytest.raises(UnreadableDocument) as err:
        read_pdf_pages(pdf, max_pages=2)
    assert err.value.code == "TOO_LARGE"
