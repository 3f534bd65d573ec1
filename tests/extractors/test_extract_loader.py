"""Loading: content sniffing, limits and the errors bad files give."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

from extractors import loader
from extractors.loader import load_pages
from ledgerline.errors import UnreadableDocument


def text_pdf(path: Path, pages: int = 1) -> Path:
    c = canvas.Canvas(str(path))
    for i in range(pages):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, f"Invoice Number INV-{i} and some more words here")
        c.showPage()
    c.save()
    return path


def assert_unreadable(path: Path, code: str) -> UnreadableDocument:
    with pytest.raises(UnreadableDocument) as err:
        load_pages(path)
    assert err.value.code == code
    assert path.name in str(err.value)
    return err.value


def test_corrupt_pdf(tmp_path):
    good = text_pdf(tmp_path / "good.pdf").read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good[:400])
    assert_unreadable(bad, "CORRUPT")


def test_garbage_after_pdf_magic(tmp_path):
    bad = tmp_path / "noise.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    assert_unreadable(bad, "CORRUPT")


def test_encrypted_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("pw", ownerPassword="owner"))
    c.drawString(72, 700, "secret")
    c.showPage()
    c.save()
    err = assert_unreadable(path, "ENCRYPTED")
    assert "password" in err.problem


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert_unreadable(path, "EMPTY")


def test_text_file_renamed_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Invoice 123\nTotal 10.00\n")
    err = assert_unreadable(path, "UNSUPPORTED_TYPE")
    assert "plain text" in err.problem


def test_missing_file(tmp_path):
    assert_unreadable(tmp_path / "nowhere.pdf", "NOT_FOUND")


def test_too_large(tmp_path, monkeypatch):
    path = text_pdf(tmp_path / "big.pdf")
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    assert_unreadable(path, "TOO_LARGE")


def test_too_many_pages(tmp_path, monkeypatch):
    path = text_pdf(tmp_path / "long.pdf", pages=3)
    monkeypatch.setattr(loader, "MAX_PAGES", 2)
    assert_unreadable(path, "TOO_LARGE")


def test_corrupt_image(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    assert_unreadable(path, "CORRUPT")


def test_sniffs_content_not_extension(tmp_path):
    path = text_pdf(tmp_path / "invoice.png")  # a PDF with the wrong name
    [page] = load_pages(path)
    assert not page.ocr and "INV-0" in page.text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")
def test_multi_frame_tiff_is_ocrd_per_frame(tmp_path):
    frames = []
    for word in ("ALPHA 1111", "BRAVO 2222"):
        im = Image.new("L", (900, 300), 255)
        draw = ImageDraw.Draw(im)
        draw.text((40, 100), word, fill=0, font_size=60)
        frames.append(im)
    path = tmp_path / "fax.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(300, 300))
    pages = load_pages(path)
    assert [p.number for p in pages] == [1, 2]
    assert all(p.ocr for p in pages)
    assert "ALPHA" in pages[0].text and "BRAVO" in pages[1].text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")
def test_hybrid_pdf_ocrs_only_scanned_pages(tmp_path):
    img = Image.new("L", (1200, 400), 255)
    ImageDraw.Draw(img).text((60, 150), "SCANNED 4242", fill=0, font_size=80)
    img_path = tmp_path / "scan.png"
    img.save(img_path)
    path = tmp_path / "hybrid.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 700, "This page has a proper text layer in it")
    c.showPage()
    c.drawImage(str(img_path), 50, 400, width=500, height=166)
    c.showPage()
    c.save()
    first, second = load_pages(path)
    assert not first.ocr and second.ocr
    assert "SCANNED" in second.text and "4242" in second.text


def test_ocr_cache_reuses_pages_and_misses_on_other_content(tmp_path, monkeypatch):
    """LEDGERLINE_OCR_CACHE (evaluation work) stores OCR'd pages; a different file misses."""
    from extractors import ocr_cache

    monkeypatch.setenv(ocr_cache.ENV, str(tmp_path / "cache"))
    image = Image.new("L", (900, 300), 255)
    ImageDraw.Draw(image).text((40, 120), "TOTAL DUE 123.45", fill=0)
    first = tmp_path / "a.png"
    image.save(first, dpi=(300, 300))
    page = load_pages(first)[0]
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    calls = []
    monkeypatch.setattr(loader, "_ocr_page", lambda *a: calls.append(a))
    assert load_pages(first)[0] == page and calls == []  # served from the cache
    ImageDraw.Draw(image).text((40, 200), "more", fill=0)
    second = tmp_path / "b.png"
    image.save(second, dpi=(300, 300))
    assert load_pages(second) == [None]  # a miss reaches the (patched) OCR
    assert len(calls) == 1


def test_words_in_a_logo_picture_join_the_text_layer(tmp_path):
    """A letterhead pasted in as a picture is read; the text layer is not repeated."""
    from reportlab.lib.utils import ImageReader

    logo = Image.new("L", (900, 160), 255)
    from PIL import ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 90)
    ImageDraw.Draw(logo).text((20, 25), "NORTHWIND", fill=0, font=font)
    path = tmp_path / "logo.pdf"
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(logo), 72, 700, 270, 48)
    c.setFont("Helvetica", 12)
    c.drawString(72, 650, "Invoice Number INV-7 and some more words here")
    c.showPage()
    c.save()
    page = load_pages(path)[0]
    assert not page.ocr and len(page.image_boxes) == 1
    logo_words = [w for w in page.words if w.conf < 1.0]
    assert [w.text for w in logo_words] == ["NORTHWIND"]
    word = logo_words[0]
    assert 72 <= word.x0 < word.x1 <= 72 + 270
    assert page.height - 748 <= word.top < word.bottom <= page.height - 700
    assert sum(w.text == "INV-7" for w in page.words) == 1
