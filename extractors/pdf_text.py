"""Text-layer reading: the only module that imports pdfplumber.

`read_pdf_pages(path)` gives one `Page` per PDF page with words, boxes in PDF points from
the page's top-left, font size and boldness. A page without a usable text layer comes back
with `words=()` and `needs_ocr=True`, so the caller (extractors.loader) OCRs it.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extractors.page_model import Page, Word
from ledgerline.errors import UnreadableDocument

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 12  # fewer printable characters than this on a page: treat it as a scan
PICTURE_MIN_PT = (40.0, 12.0)  # width, height of a picture worth reading (points)
MAX_PICTURES = 4  # per page, largest first


def read_pdf_pages(path: Path | str, *, max_pages: int | None = None) -> list[Page]:
    """Words of every page of a PDF; pages without a text layer have `needs_ocr=True`.

    Raises UnreadableDocument (ENCRYPTED, CORRUPT, EMPTY, TOO_LARGE) for PDFs that cannot
    be read at all.
    """
    path = Path(path)
    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect, ValueError,
            TypeError, KeyError, AttributeError, AssertionError) as exc:
        raise _unreadable(path, exc) from exc
    with pdf:
        try:
            plumber_pages = pdf.pages
        except Exception as exc:  # pdfminer raises many types on broken page trees
            raise _unreadable(path, exc) from exc
        if not plumber_pages:
            raise UnreadableDocument(path, "EMPTY", "the PDF has no pages; ask the sender "
                                     "for a complete copy")
        if max_pages is not None and len(plumber_pages) > max_pages:
            raise UnreadableDocument(
                path, "TOO_LARGE", f"the PDF has {len(plumber_pages)} pages, more than the "
                f"limit of {max_pages}; split it into smaller documents")
        pages = []
        for index, pp in enumerate(plumber_pages):
            try:
                pages.append(_read_page(pp, index + 1))
            except Exception as exc:  # one broken page: let OCR try it
                log.warning("%s page %d: text layer unreadable (%s); will OCR", path,
                            index + 1, exc)
                pages.append(Page(index + 1, float(pp.width), float(pp.height), (),
                                  needs_ocr=True))
        return pages


def _read_page(pp, number: int) -> Page:
    raw = pp.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False,
                           use_text_flow=False, x_tolerance=1.5)
    words = []
    for w in raw:
        text = w["text"].strip()
        if not text:
            continue
        fontname = str(w.get("fontname", ""))
        words.append(Word(
            text=text, x0=float(w["x0"]), top=float(w["top"]), x1=float(w["x1"]),
            bottom=float(w["bottom"]), conf=1.0,
            bold=any(k in fontname for k in ("Bold", "bold", "Black", "Heavy", "Semibold")),
            size=float(w.get("size", 0.0) or 0.0),
        ))
    n_chars = sum(len(w.text) for w in words)
    if n_chars < MIN_TEXT_CHARS:
        return Page(number, float(pp.width), float(pp.height), (), needs_ocr=True)
    return Page(number, float(pp.width), float(pp.height), tuple(words),
                image_boxes=_picture_boxes(pp))


def _picture_boxes(pp) -> tuple[tuple[float, float, float, float], ...]:
    """Boxes (PDF points, top-left origin) of pictures big enough to hold words: letterhead
    logos and pasted-in company blocks that the text layer does not carry. Icons, and
    pictures covering most of the page (a scan under its own OCR text layer), are left out."""
    page_area = float(pp.width) * float(pp.height)
    boxes = []
    for im in pp.images:
        x0, top, x1, bottom = (float(im[k]) for k in ("x0", "top", "x1", "bottom"))
        x0, top = max(0.0, x0), max(0.0, top)
        x1, bottom = min(float(pp.width), x1), min(float(pp.height), bottom)
        width, height = x1 - x0, bottom - top
        src_w, src_h = (im.get("srcsize") or (0, 0))[:2]
        if width < PICTURE_MIN_PT[0] or height < PICTURE_MIN_PT[1] or min(src_w, src_h) < 16:
            continue
        if width * height > 0.5 * page_area:
            continue
        boxes.append((round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)))
    return tuple(sorted(boxes, key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))[:MAX_PICTURES])


def _unreadable(path: Path, exc: BaseException) -> UnreadableDocument:
    chain = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        e = e.__cause__ or e.__context__
    text = " ".join(f"{type(x).__name__} {x}" for x in chain).lower()
    if "password" in text or "encrypt" in text:
        return UnreadableDocument(path, "ENCRYPTED", "the PDF is password-protected; ask "
                                  "the sender for an unprotected copy")
    return UnreadableDocument(path, "CORRUPT", f"the PDF is damaged and cannot be parsed "
                              f"({type(exc).__name__}); ask the sender to re-export it")
