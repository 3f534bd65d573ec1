"""PDF page rendering for OCR: the only module that imports pypdfium2."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ledgerline.errors import UnreadableDocument


def render_page(path: Path | str, page_index: int, dpi: float = 300) -> Image.Image:
    """Page `page_index` (0-based) of a PDF as a greyscale PIL image at `dpi`."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(path, "CORRUPT", f"the PDF cannot be rendered ({exc}); ask "
                                 "the sender to re-export it") from exc
    try:
        page = pdf[page_index]
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        image = bitmap.to_pil().convert("L")
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
