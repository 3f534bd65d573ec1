"""Page images for the review screen, rendered from the stored original and cached.

A bbox in the extraction is in PDF points for text-layer pages and in OCR pixels for OCR'd
pages (300 dpi renders of PDFs; images at the resolution OCR normalised them to). Each
cached render records the page size in those bbox units, so the screen can place a box as
fractions of the page, whatever size the image is shown at.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ledgerline.errors import NotFound, UnreadableDocument
from ledgerline.settings import Settings
from schemas.records import DocumentRecord

RENDER_DPI = 110  # screen resolution for PDF pages
MAX_IMAGE_WIDTH = 1400  # image originals are shrunk to this for the screen
OCR_DPI = 300.0  # what extractors.loader renders PDFs at for OCR


@dataclass(frozen=True)
class PageGeometry:
    width: int  # PNG pixels
    height: int
    unit_width: float  # page size in bbox units (points or OCR pixels)
    unit_height: float
    scale: float  # PNG pixels per bbox unit

    def relative(self, bbox: list[float] | tuple[float, ...] | None) -> list[float] | None:
        """bbox as [left, top, width, height] fractions of the page (for CSS percentages)."""
        if not bbox or len(bbox) != 4 or not self.unit_width or not self.unit_height:
            return None
        x0, y0, x1, y1 = bbox
        return [round(x0 / self.unit_width, 5), round(y0 / self.unit_height, 5),
                round((x1 - x0) / self.unit_width, 5), round((y1 - y0) / self.unit_height, 5)]


def is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"%PDF-"


def _cache_paths(settings: Settings, record: DocumentRecord, page: int) -> tuple[Path, Path]:
    folder = settings.data_dir / "review_cache" / record.sha256
    return folder / f"p{page}.png", folder / f"p{page}.json"


def _ocr_scale(image: Image.Image) -> float:
    """How much OCR rescaled this image before reading it (1.0 when unknown)."""
    try:
        from extractors.page_image import normalise_resolution
    except ImportError:  # pragma: no cover - extractor not installed
        return 1.0
    dpi = image.info.get("dpi", (None,))[0]
    dpi = float(dpi) if dpi and float(dpi) >= 72 else None
    grey = image.convert("L")
    resized, _ = normalise_resolution(grey, dpi)
    return resized.width / grey.width


def _render(record: DocumentRecord, page: int) -> tuple[Image.Image, PageGeometry]:
    path = Path(record.stored_path)
    if not path.is_file():
        raise NotFound(f"the original of document {record.id} is missing from the store ({path})")
    if is_pdf(path):
        from extractors.render import render_page

        image = render_page(path, page - 1, dpi=RENDER_DPI)
        width_pt, height_pt = image.width * 72.0 / RENDER_DPI, image.height * 72.0 / RENDER_DPI
        units = OCR_DPI / 72.0 if record.ocr else 1.0
        geometry = PageGeometry(image.width, image.height, width_pt * units, height_pt * units,
                                image.width / (width_pt * units))
        return image, geometry
    try:
        source = Image.open(path)
    except (OSError, Image.DecompressionBombError) as exc:
        raise NotFound(f"the original of document {record.id} cannot be shown as an image ({exc})") from exc
    with source:
        try:
            source.seek(page - 1)
        except EOFError:
            raise NotFound(f"document {record.id} has no page {page}") from None
        image = source.copy()
        image.info = dict(source.info)
    ocr_scale = _ocr_scale(image) if record.ocr else 1.0
    unit_w, unit_h = image.width * ocr_scale, image.height * ocr_scale
    if image.width > MAX_IMAGE_WIDTH:
        image = image.resize((MAX_IMAGE_WIDTH, round(image.height * MAX_IMAGE_WIDTH / image.width)))
    image = image.convert("RGB") if image.mode not in ("L", "RGB") else image
    return image, PageGeometry(image.width, image.height, unit_w, unit_h, image.width / unit_w)


def page_count(record: DocumentRecord) -> int:
    return max(1, record.pages or int((record.extraction or {}).get("pages") or 1))


def page_image(settings: Settings, record: DocumentRecord, page: int) -> tuple[Path, PageGeometry]:
    """The cached PNG of one page (1-based) and its geometry; rendered on first use."""
    if page < 1 or page > page_count(record):
        raise NotFound(f"document {record.id} has {page_count(record)} page(s); there is no page {page}")
    png, meta = _cache_paths(settings, record, page)
    if png.is_file() and meta.is_file():
        return png, PageGeometry(**json.loads(meta.read_text()))
    try:
        image, geometry = _render(record, page)
    except UnreadableDocument as exc:
        raise NotFound(f"page {page} of document {record.id} cannot be shown: {exc.problem}") from exc
    png.parent.mkdir(parents=True, exist_ok=True)
    tmp = png.with_suffix(f".{os.getpid()}.tmp")
    image.save(tmp, format="PNG", optimize=False)
    os.replace(tmp, png)
    meta.write_text(json.dumps(asdict(geometry)))
    return png, geometry


def personal_boxes(record: DocumentRecord, page: int) -> list[list[float]]:
    """bboxes (in bbox units) of personal fields found on `page`."""
    from review.masking import is_personal

    fields = (record.extraction or {}).get("fields") or {}
    return [list(f["bbox"]) for name, f in sorted(fields.items())
            if is_personal(name) and f.get("bbox") and (f.get("page") or 1) == page]


def redacted_page_image(settings: Settings, record: DocumentRecord, page: int) -> Path:
    """The page with personal values blacked out where extraction found them (cached)."""
    png, geometry = page_image(settings, record, page)
    boxes = personal_boxes(record, page)
    if not boxes:
        return png
    key = hashlib.sha1(json.dumps(boxes).encode()).hexdigest()[:12]
    out = png.with_name(f"p{page}.redacted-{key}.png")
    if out.is_file():
        return out
    with Image.open(png) as source:
        image = source.convert("RGB")
    draw = ImageDraw.Draw(image)
    pad = 2
    for x0, y0, x1, y1 in boxes:
        s = geometry.scale
        draw.rectangle([x0 * s - pad, y0 * s - pad, x1 * s + pad, y1 * s + pad], fill=(40, 44, 52))
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    image.save(tmp, format="PNG")
    os.replace(tmp, out)
    return out
