"""OCR with the real tesseract on a rendered page of known text."""
from __future__ import annotations

import shutil

import pytest
from PIL import Image
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


def banner_page(tmp_path_factory, dark: float = 0.25):
    """A letterhead printed white on a dark band above ordinary black text."""
    path = tmp_path_factory.mktemp("banner") / "banner.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillGray(dark)
    c.rect(0, A4[1] - 110, A4[0], 110, stroke=0, fill=1)
    c.setFillGray(1.0)
    c.setFont("Helvetica-Bold", 22)
    c.drawString(50, A4[1] - 60, "Northwind Traders")
    c.setFont("Helvetica", 12)
    c.drawString(50, A4[1] - 85, "Tax ID 12-3456789")
    c.setFillGray(0.0)
    c.setFont("Helvetica-Bold", 26)
    c.drawString(50, A4[1] - 170, "INVOICE")  # a bold heading is not a band
    c.setFont("Helvetica", 14)
    c.drawString(50, A4[1] - 210, "Invoice Number INV-4821")
    c.showPage()
    c.save()
    return render_page(path, 0, dpi=200)


def test_white_on_dark_banner_is_read(tmp_path_factory):
    from extractors.page_image import invert_dark_bands

    image = banner_page(tmp_path_factory)
    inverted = invert_dark_bands(image)
    assert inverted is not image
    page = ocr_image(image, 200)
    assert "Northwind Traders" in page.text and "12-3456789" in page.text
    assert "INVOICE" in page.text and "INV-4821" in page.text  # the rest is untouched


def test_page_without_bands_is_left_alone(rendered):
    from extractors.page_image import invert_dark_bands

    assert invert_dark_bands(rendered) is rendered


def test_image_only_pdf_is_read_at_its_own_resolution(tmp_path, rendered):
    """A scanner's PDF (one picture per page) gives back the picture, not a re-render."""
    from reportlab.lib.utils import ImageReader

    from extractors.render import embedded_scan

    scan = rendered.resize((rendered.width * 150 // 200, rendered.height * 150 // 200))
    path = tmp_path / "scan.pdf"
    width, height = scan.width * 72 / 150, scan.height * 72 / 150
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.drawImage(ImageReader(scan), 0, 0, width, height)
    c.showPage()
    c.save()
    image, dpi = embedded_scan(path, 0)
    assert image.size == scan.size and abs(dpi - 150) < 1
    text_pdf = tmp_path / "text.pdf"
    c = canvas.Canvas(str(text_pdf), pagesize=A4)
    c.drawString(72, 700, "Invoice Number INV-4821")
    c.showPage()
    c.save()
    assert embedded_scan(text_pdf, 0) is None


def _stepwise(image):
    """The preprocessing steps one after the other, each in full (the reference)."""
    from extractors.page_image import (binarise_if_uneven, deskew, invert_dark_bands,
                                       normalise_resolution, remove_fax_streaks)

    grey, dpi = normalise_resolution(image.convert("L"), 200)
    return binarise_if_uneven(invert_dark_bands(deskew(remove_fax_streaks(grey)))), dpi


def test_preprocess_gives_the_stepwise_pixels(tmp_path_factory, rendered):
    """The shared work copy and cheap tests change the cost, not the pixels: a skewed page
    with a dark banner, an unevenly lit one (binarised) and one with a fax streak."""
    import numpy as np
    from PIL import Image

    from extractors.page_image import preprocess

    banner = banner_page(tmp_path_factory).convert("L").rotate(1.5, expand=True, fillcolor=255)
    arr = np.asarray(rendered.convert("L")).astype(np.float32)
    shade = np.linspace(0.35, 1.0, arr.shape[1], dtype=np.float32)[None, :]
    uneven = Image.fromarray((arr * shade).astype(np.uint8))
    streaked = np.asarray(rendered.convert("L")).copy()
    streaked[:, 300:302] = 0
    pages = {"banner": banner, "uneven": uneven, "streak": Image.fromarray(streaked)}
    for name, page in pages.items():
        want, want_dpi = _stepwise(page)
        got, got_dpi = preprocess(page.convert("L"), 200)
        assert got_dpi == want_dpi, name
        assert np.array_equal(np.asarray(got), np.asarray(want)), name
        assert not np.array_equal(np.asarray(got), np.asarray(page.convert("L"))), name  # a step ran


def _glyph_height_by_components(grey):
    """The reference: boxes from cv2.connectedComponentsWithStats."""
    import cv2
    import numpy as np

    arr = np.asarray(grey)
    step = 2 if max(arr.shape) > 1200 else 1
    _, ink = cv2.threshold(arr[::step, ::step], 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h = stats[1:, cv2.CC_STAT_HEIGHT].astype(float)
    w = stats[1:, cv2.CC_STAT_WIDTH].astype(float)
    keep = (h >= 4) & (h <= 150) & (w <= 2.5 * h)
    return float(np.median(h[keep])) * step


def test_glyph_height_counts_text_inside_boxes_and_at_the_edge(rendered):
    """Glyphs inside a ruled box (holes of the box's component) and cut by the page edge are
    measured as the connected components are."""
    import numpy as np
    from PIL import Image, ImageDraw

    from extractors.page_image import median_glyph_height

    page = rendered.convert("L")
    draw = ImageDraw.Draw(page)
    draw.rectangle((150, 230, 1100, 420), outline=0, width=3)  # around the first lines
    arr = np.asarray(page).copy()
    arr[:, :12] = np.asarray(page)[:, 190:202]  # glyph pieces on the left edge
    for image in (page, Image.fromarray(arr), Image.fromarray(arr[:1100, :1100])):
        assert median_glyph_height(image) == _glyph_height_by_components(image)


def test_streak_removal_matches_the_whole_page_opening(rendered):
    """Only the darkest columns are opened, yet the pixels are those of opening the whole
    page: a full-height streak, and ink runs from the top and bottom edges half a kernel
    long (which the erosion keeps, as it sees ink beyond the page)."""
    import cv2
    import numpy as np
    from PIL import Image

    from extractors.page_image import remove_fax_streaks

    arr = np.asarray(rendered.convert("L")).copy()
    h = arr.shape[0]
    length = max(50, h // 3)
    arr[:, 40] = 0  # a streak top to bottom
    arr[: length // 2 + 2, 700] = 0  # from the top edge
    arr[h - length // 2 - 2:, 900] = 0  # to the bottom edge
    arr[100: 100 + length // 2 + 2, 1000] = 0  # mid-page: too short to be a streak
    dark = (arr < 128).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))
    mask = cv2.dilate(cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel), np.ones((3, 3), np.uint8))
    want = arr.copy()
    want[mask > 0] = 255
    got = np.asarray(remove_fax_streaks(Image.fromarray(arr)))
    assert np.array_equal(got, want)
    assert (got[:, 40] == 255).all() and (got[:5, 700] == 255).all() and (got[-5:, 900] == 255).all()
    assert (got[100:110, 1000] == 0).all()


def test_a_faint_streak_is_painted_over_without_cutting_the_print_it_crosses():
    """A grey fax streak top to bottom is removed; where it crosses a printed stroke the
    stroke stays whole (painted from beside it, not whitened); a grey rule half the page
    tall is a form's line and stays; a dark edge shadow is whitened as before."""
    import numpy as np

    from extractors.page_image import remove_fax_streaks

    arr = np.full((1200, 900), 255, np.uint8)
    arr[600:608, 100:500] = 0  # a printed stroke
    arr[:, 300:302] = 170  # a faint streak, top to bottom, across the stroke
    arr[300:900, 700:702] = 170  # a grey rule over half the page
    arr[:, 880:895] = 40  # a copier's edge shadow
    got = np.asarray(remove_fax_streaks(Image.fromarray(arr)))
    assert (got[:590, 300:302] > 240).all() and (got[620:, 300:302] > 240).all()
    assert (got[601:607, 296:306] < 80).all()  # the stroke is not cut
    assert (got[300:900, 700:702] == 170).all()
    assert (got[:, 880:895] == 255).all()
    assert np.array_equal(got[:, :280], arr[:, :280])


def test_an_id_read_with_a_glyph_for_its_e_is_read_again_from_its_own_crop(tmp_path):
    """The page's reading of an ID is replaced by the misread tesseract makes of the
    generator's font ('£' for 'E', doubted); its crop, read again alone, gives the printed
    digits, and a reading whose digits differ from them is not confirmed."""
    from dataclasses import replace

    from extractors.ocr import reread_doubted_ids
    from extractors.page_image import preprocess
    from extractors.paystub_evidence import read_twice_alike

    path = tmp_path / "stub.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, A4[1] - 100, "Employee ID E33983")
    c.showPage()
    c.save()
    image = render_page(path, 0, dpi=200)
    page = ocr_image(image, 200)
    printed = next(w for w in page.words if w.text.endswith("33983"))
    grey, _ = preprocess(image.convert("L"), 200)  # the pixels the page's boxes refer to
    glyph_led = replace(printed, text="£33983", conf=0.5)
    misread = replace(printed, text="£38983", conf=0.5)
    clean = replace(printed, text="E33983", conf=0.95)  # an E read surely: nothing to re-read
    again = reread_doubted_ids(grey, [glyph_led, misread, clean])
    assert all("33983" in text for text in again[0].rereads) and len(again[0].rereads) == 2
    assert read_twice_alike(again[0])
    assert not read_twice_alike(again[1])
    assert again[2].rereads == () and not read_twice_alike(again[2])


def _till_receipt(header_px: int, rules: bool = False):
    """A narrow till-receipt page: a shop name in large bold type over small monospaced lines."""
    from PIL import ImageDraw, ImageFont

    fonts = "/usr/share/fonts/truetype/dejavu/"
    page = Image.new("L", (900, 900), 255)
    draw = ImageDraw.Draw(page)
    draw.text((40, 40), "GOLDEN LOTUS CAFE", font=ImageFont.truetype(fonts + "DejaVuSans-Bold.ttf", header_px), fill=0)
    small = ImageFont.truetype(fonts + "DejaVuSansMono.ttf", 26)
    y = 60 + header_px * 1.3
    for text in ["NO. 12, JALAN MAWAR 3", "43000 KAJANG, SELANGOR", "-" * 30 if rules else "TEL: 03-8736 1122",
                 "INVOICE NO: 100234", "DATE: 12/03/2018 14:02", "*" * 30 if rules else "COFFEE  2  7.00",
                 "TOAST        1   3.50", "TOTAL           10.50"]:
        draw.text((40, y), text, font=small, fill=0)
        y += 36
    return page


def test_a_line_the_one_block_read_drops_is_read_again():
    """Tesseract's uniform-block mode (narrow pages) leaves out a line much larger than the
    rest; the shop name must still come back, on its own line above the address."""
    from extractors.ocr import NARROW_PAGE_CONFIG, _read_words

    page = _till_receipt(header_px=72)
    first = [w.text for w in _read_words(page, None, NARROW_PAGE_CONFIG)]
    assert "LOTUS" not in first  # what makes this page a test of the re-read
    words = ocr_image(page).words
    header = [w for w in words if w.text in ("GOLDEN", "LOTUS", "CAFE")]
    assert [w.text for w in sorted(header, key=lambda w: w.x0)] == ["GOLDEN", "LOTUS", "CAFE"]
    address = next(w for w in words if w.text == "JALAN")
    assert all(w.bottom < address.top for w in header)
    assert len({(w.block, w.line) for w in header}) == 1


def test_no_line_is_read_again_when_every_line_was_read():
    """Rows of dashes and stars, and lines the first read already covers, are not re-read."""
    from extractors.ocr import NARROW_PAGE_CONFIG, _read_words, lost_line_boxes

    page = _till_receipt(header_px=40, rules=True)
    words = _read_words(page, None, NARROW_PAGE_CONFIG)
    assert lost_line_boxes(page, words) == []
    missing_total = [w for w in words if w.text not in ("TOTAL", "10.50")]
    (box,) = lost_line_boxes(page, missing_total)
    total = next(w for w in words if w.text == "TOTAL")
    assert box[1] <= total.top and box[3] >= total.bottom
