"""Loading a document file into pages: text layers where they exist, OCR where not.

`load_pages(path)` sniffs the content (not just the extension): PDFs get their text layer
page by page and OCR for pages without one (hybrid PDFs work per page); PNG, JPEG, TIFF
(multi-frame too), BMP, GIF and WebP images are OCR'd. Several pages needing OCR are read
in parallel processes. `languages` names the tesseract models OCR reads with (English unless
a client asks for others).
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extractors.page_model import Page, Word
from schemas.client_config import DEFAULT_OCR_LANGUAGES
from ledgerline.errors import LedgerlineError, UnreadableDocument

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
OCR_DPI = 300
OCR_WORKERS = 2
PICTURE_MIN_CONF = 0.5  # words OCR'd in a picture on a text page: below this, logo noise

PDF, IMAGE = "pdf", "image"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM",
                b"GIF87a", b"GIF89a")


def sniff_kind(path: Path, head: bytes) -> str:
    """PDF or IMAGE from the first bytes; UnreadableDocument(UNSUPPORTED_TYPE) otherwise."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return IMAGE
    looks = "plain text" if _is_text(head) else "an unknown binary format"
    return _raise(path, "UNSUPPORTED_TYPE",
                  f"not a PDF or image (the content is {looks}); supported are PDF, PNG, "
                  "JPEG, TIFF, BMP, GIF and WebP")


def load_pages(path: Path | str, *, ocr_workers: int = OCR_WORKERS,
               languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> list[Page]:
    """All pages of a document, numbered from 1. Raises UnreadableDocument."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        _raise(path, "NOT_FOUND", "no such file; check the path")
    except OSError as exc:
        _raise(path, "UNREADABLE", f"cannot read the file ({exc.strerror})")
    if size == 0:
        _raise(path, "EMPTY", "the file is empty (0 bytes); ask the sender to resend it")
    if size > MAX_FILE_BYTES:
        _raise(path, "TOO_LARGE", f"the file is {size / 1e6:.0f} MB, more than the limit of "
               f"{MAX_FILE_BYTES / 1e6:.0f} MB; split it or reduce its resolution")
    with path.open("rb") as fh:
        head = fh.read(2048)
    kind = sniff_kind(path, head)
    if kind == PDF:
        return _load_pdf(path, ocr_workers, languages)
    return _load_image(path, ocr_workers, languages)


def _load_pdf(path: Path, ocr_workers: int, languages: tuple[str, ...]) -> list[Page]:
    from extractors.pdf_text import read_pdf_pages

    pages = read_pdf_pages(path, max_pages=MAX_PAGES)
    pages = [with_picture_words(path, p, languages) if p.image_boxes else p for p in pages]
    todo = [p.number for p in pages if p.needs_ocr]
    if not todo:
        return pages
    jobs = [(str(path), PDF, n - 1, languages) for n in todo]
    ocr_pages = dict(zip(todo, _run_ocr(path, jobs, ocr_workers)))
    return [ocr_pages.get(p.number, p) for p in pages]


def with_picture_words(path: Path, page: Page, languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> Page:
    """A text-layer page plus the words OCR reads in its pictures (a letterhead logo, a
    company block pasted in as an image), in PDF points, keeping their OCR confidence so
    that a value read from them is reviewed like any scanned value. Words the text layer
    already has at the same place are not repeated; a picture that cannot be read adds
    nothing."""
    from dataclasses import replace

    from extractors.ocr import ocr_image
    from extractors.render import render_region

    added: list[Word] = []
    for box in page.image_boxes:
        try:
            region = ocr_image(render_region(path, page.number - 1, box, dpi=OCR_DPI), OCR_DPI,
                               number=page.number, languages=languages)
        except LedgerlineError:
            raise
        except Exception as exc:  # noqa: BLE001 - a picture is a bonus, never a failure
            log.warning("%s page %d: picture at %s not read (%s)", path, page.number, box, exc)
            continue
        scale = 72.0 / region.dpi
        for w in region.words:
            if w.conf < PICTURE_MIN_CONF or not any(ch.isalnum() for ch in w.text):
                continue
            moved = replace(w, x0=box[0] + w.x0 * scale, x1=box[0] + w.x1 * scale,
                            top=box[1] + w.top * scale, bottom=box[1] + w.bottom * scale,
                            size=w.size * scale, block=0, line=0)
            if not _covered(moved, page.words):
                added.append(moved)
    return replace(page, words=page.words + tuple(added)) if added else page


def _covered(word: Word, words: tuple[Word, ...]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return any(w.x0 - 1 <= cx <= w.x1 + 1 and w.top - 1 <= cy <= w.bottom + 1 for w in words)


def _load_image(path: Path, ocr_workers: int, languages: tuple[str, ...]) -> list[Page]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            frames = getattr(im, "n_frames", 1)
            im.verify() if frames == 1 else None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        _raise(path, "CORRUPT", f"the image is damaged and cannot be decoded ({exc}); ask "
               "the sender for a new scan")
    if frames > MAX_PAGES:
        _raise(path, "TOO_LARGE", f"the image has {frames} frames, more than the limit of "
               f"{MAX_PAGES}; split it into smaller documents")
    jobs = [(str(path), IMAGE, i, languages) for i in range(frames)]
    return _run_ocr(path, jobs, ocr_workers)


OcrJob = tuple[str, str, int, tuple[str, ...]]  # path, PDF or IMAGE, page index, languages


def _run_ocr(path: Path, jobs: list[OcrJob], workers: int) -> list[Page]:
    try:
        if len(jobs) > 1 and workers > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
                return list(pool.map(ocr_job, jobs))
        return [ocr_job(job) for job in jobs]
    except UnreadableDocument:
        raise
    except LedgerlineError as exc:  # tesseract missing
        raise UnreadableDocument(path, getattr(exc, "code", "OCR_UNAVAILABLE"),
                                 exc.message) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise UnreadableDocument(path, "CORRUPT", f"a page cannot be decoded ({exc}); ask "
                                 "the sender for a new copy") from exc


def ocr_job(job: OcrJob) -> Page:
    """Render or decode one page and OCR it (runs in a worker process); pages come from
    extractors.ocr_cache when LEDGERLINE_OCR_CACHE is set (evaluation work only)."""
    from extractors import ocr_cache

    path, kind, index, languages = job
    cached = ocr_cache.load(path, kind, index, languages)
    if cached is not None:
        return cached
    page = _ocr_page(path, kind, index, languages)
    ocr_cache.store(path, kind, index, page, languages)
    return page


def _ocr_page(path: str, kind: str, index: int, languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> Page:
    from extractors.ocr import ocr_image

    os.environ["OMP_THREAD_LIMIT"] = "1"
    if kind == PDF:
        from extractors.render import embedded_scan, render_page

        scan = embedded_scan(path, index)  # an image-only page: its own pixels
        if scan is not None:
            return ocr_image(scan[0], scan[1], number=index + 1, languages=languages)
        image = render_page(path, index, dpi=OCR_DPI)
        return ocr_image(image, OCR_DPI, number=index + 1, languages=languages)
    from PIL import Image

    with Image.open(path) as im:
        if index:
            im.seek(index)
        dpi = im.info.get("dpi", (None,))[0]
        dpi = float(dpi) if dpi and float(dpi) >= 72 else None
        frame = im.convert("L") if im.mode not in ("L",) else im.copy()
        if im.format == "JPEG":
            from PIL import ImageOps

            frame = ImageOps.exif_transpose(im).convert("L")
    return ocr_image(frame, dpi, number=index + 1, languages=languages)


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _raise(path: Path, code: str, problem: str):
    raise UnreadableDocument(path, code, problem)
