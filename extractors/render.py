"""PDF page rendering for OCR: the only module that imports pypdfium2."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ledgerline.errors import UnreadableDocument


def _open(path: Path | str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(path, "CORRUPT", f"the PDF cannot be rendered ({exc}); ask "
                                 "the sender to re-export it") from exc


def render_page(path: Path | str, page_index: int, dpi: float = 300) -> Image.Image:
    """Page `page_index` (0-based) of a PDF as a greyscale PIL image at `dpi`."""
    pdf = _open(path)
    try:
        page = pdf[page_index]
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        image = bitmap.to_pil().convert("L")
        image.info["dpi"] = (dpi, dpi)
        return image
    finally:
        pdf.close()


def render_region(path: Path | str, page_index: int, box: tuple[float, float, float, float],
                  dpi: float = 300) -> Image.Image:
    """Part of a page (`box` in PDF points from the top-left) as a greyscale image."""
    pdf = _open(path)
    try:
        page = pdf[page_index]
        width, height = page.get_size()
        x0, top, x1, bottom = box
        crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
        image = page.render(scale=dpi / 72.0, crop=crop, grayscale=True).to_pil().convert("L")
        image.info["dpi"] = (dpi, dpi)
        return image
    finally:
        pdf.close()


def page_count(path: Path | str) -> int:
    """Number of pages pdfium sees (used when pdfplumber cannot parse the file)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def embedded_scan(path: Path | str, page_index: int) -> tuple[Image.Image, float] | None:
    """The page's scan at its own resolution, when the page is one image covering it.

    Scanners and fax gateways write image-only PDFs: one picture per page. Reading that
    picture's pixels directly (with the dpi its placement implies) gives tesseract exactly
    what a PNG or TIFF of the same scan would, where re-rendering at a fixed 300 dpi
    resamples it (and a 150 dpi fax gets blurred). None for anything else: pages with
    several images, vector content or a rotated/partial placement are rendered instead.
    """
    import pypdfium2.raw as pdfium_c

    pdf = _open(path)
    try:
        page = pdf[page_index]
        width, height = page.get_size()
        if page.get_rotation() or not width or not height:
            return None
        images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
        if len(images) != 1:
            return None
        left, bottom, right, top = images[0].get_bounds()
        if (right - left) * (top - bottom) < 0.9 * width * height:
            return None
        px_width, px_height = images[0].get_px_size()
        dpi = px_width / ((right - left) / 72.0)
        if not 72 <= dpi <= 1200 or abs(px_height / ((top - bottom) / 72.0) - dpi) > 0.05 * dpi:
            return None
        try:
            image = images[0].get_bitmap(render=False).to_pil().convert("L")
        except (pdfium.PdfiumError, ValueError, OSError):
            return None
        image.info["dpi"] = (dpi, dpi)
        return image, dpi
    finally:
        pdf.close()
