"""OCR with the real tesseract on a rendered page of known text."""
from __future__ import annotations

import shutil

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.ocr import ocr_image
from extractors.render import render_page

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")]

LINES = ["INVOICE", "Invoice Number INV-4821", "Invoice Date 2024-03-09",
         "Total Amount Due 1,249.50"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    path = tmp_path_factory.mktemp("ocr") / "known.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 14)
    for i, line in enumerate(LINES):
        c.drawString(72, A4[1] - 100 - 30 * i, line)
    c.showPage()
    c.save()
    return render_page(path, 0, dpi=200)


def test_ocr_reads_known_text(rendered):
    page = ocr_image(rendered, 200)
    assert page.ocr
    text = page.text
    for line in LINES:
        assert line in text
    assert all(0.0 <= w.conf <= 1.0 for w in page.words)
    assert min(w.conf for w in page.words) > 0.5
    inv = next(w for w in page.words if w.text == "INV-4821")
    assert 0 < inv.x0 < inv.x1 <= page.width and 0 < inv.top < inv.bottom <= page.height


def test_ocr_straightens_skewed_scan(rendered):
    skewed = rendered.rotate(2.0, expand=True, fillcolor=255)
    page = ocr_image(skewed, 200)
    assert "INV-4821" in page.text and "1,249.50" in page.text


def test_ocr_upright_from_upside_down(rendered):
    page = ocr_image(rendered.rotate(180, expand=True), 200)
    assert "INV-4821" in page.text
