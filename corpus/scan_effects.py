"""Turn a text-layer PDF into a 'scanned' image-only rendering: skew, noise, blur, JPEG, fax.

The one module that touches pypdfium2 and OpenCV. Everything is driven by a seeded numpy
generator, so the same seed gives the same pixels.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

SCAN_FORMATS = ("png", "jpg", "tif", "pdf")
MULTIPAGE_FORMATS = ("tif", "pdf")


@dataclass(frozen=True)
class ScanProfile:
    name: str  # office | photocopy | fax
    dpi: int
    angle: float
    noise: float
    blur: bool
    jpeg_quality: int | None  # JPEG artefacts baked into the pixels

    def describe(self) -> str:
        return f"{self.name} scan, {self.dpi} dpi, rotated {self.angle:+.2f} deg"


def pick_profile(rng: np.random.Generator, allow_fax: bool = True) -> ScanProfile:
    kind = rng.choice(["office", "office", "photocopy", "fax"] if allow_fax else ["office", "photocopy"])
    angle = float(np.round(rng.uniform(-3.0, 3.0), 2))
    if kind == "fax":
        return ScanProfile("fax", 150, angle, 0.0, False, None)
    dpi = int(rng.choice([150, 200, 200, 300]))
    return ScanProfile(str(kind), dpi, angle, float(rng.uniform(2.0, 7.0)), bool(rng.random() < 0.7),
                       int(rng.integers(35, 75)) if rng.random() < 0.6 else None)


def rasterise(pdf_path: Path, dpi: int) -> list[np.ndarray]:
    """Grey pages of a PDF as uint8 arrays."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = []
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            pages.append(np.array(bitmap.to_pil().convert("L")))
        return pages
    finally:
        document.close()


def _rotate(img: np.ndarray, angle: float) -> np.ndarray:
    h, w = img.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _speckle(img: np.ndarray, rng: np.random.Generator, amount: float, value: int) -> np.ndarray:
    mask = rng.random(img.shape) < amount
    out = img.copy()
    out[mask] = value
    return out


def degrade(img: np.ndarray, profile: ScanProfile, rng: np.random.Generator) -> np.ndarray:
    """Apply the profile's effects to one grey page."""
    out = img
    if profile.name == "photocopy":  # darker, contrasty, grey edge shadow
        out = np.clip((out.astype(np.int16) - 128) * 1.25 + 118, 0, 255).astype(np.uint8)
        out[:, : max(4, out.shape[1] // 80)] = 90
    out = _rotate(out, profile.angle)
    if profile.blur:
        out = cv2.GaussianBlur(out, (3, 3), float(rng.uniform(0.5, 1.0)))
    if profile.noise:
        noise = rng.normal(0.0, profile.noise, out.shape)
        out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
        out = _speckle(out, rng, 0.0004, 40)
    if profile.jpeg_quality:
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, profile.jpeg_quality])
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if ok else out
    if profile.name != "fax":  # the scanner's white-point clip: paper reads as clean white
        out = np.where(out > int(rng.integers(205, 225)), 255, out).astype(np.uint8)
    else:
        out = np.where(out < int(rng.integers(150, 190)), 0, 255).astype(np.uint8)
        out = _speckle(out, rng, 0.0015, 0)
        out = _speckle(out, rng, 0.002, 255)
    return out


def _pil(page: np.ndarray, profile: ScanProfile) -> Image.Image:
    image = Image.fromarray(page, mode="L")
    return image.convert("1", dither=Image.Dither.NONE) if profile.name == "fax" else image


def save_scan(pages: list[np.ndarray], out_path: Path, profile: ScanProfile) -> None:
    """Write pages as PNG/JPG (one page) or TIFF/PDF (any number of pages)."""
    fmt = out_path.suffix.lstrip(".").lower()
    images = [_pil(p, profile) for p in pages]
    dpi = (profile.dpi, profile.dpi)
    if fmt in ("png", "jpg") and len(images) != 1:
        raise ValueError(f"{fmt} holds one page; {out_path.name} has {len(images)}")
    if fmt == "png":
        images[0].save(out_path, "PNG", dpi=dpi, optimize=True)
    elif fmt == "jpg":
        images[0].convert("L").save(out_path, "JPEG", quality=60, dpi=dpi)
    elif fmt == "tif":
        compression = "group4" if profile.name == "fax" else "tiff_adobe_deflate"
        images[0].save(out_path, "TIFF", dpi=dpi, compression=compression, save_all=True,
                       append_images=images[1:])
    elif fmt == "pdf":
        _image_pdf(images, out_path, profile.dpi)
    else:
        raise ValueError(f"unknown scan format {fmt!r}; use one of {SCAN_FORMATS}")


def _image_pdf(images: list[Image.Image], out_path: Path, dpi: int) -> None:
    """An image-only PDF (no text layer), one JPEG per page, deterministic bytes."""
    first = images[0]
    canvas = Canvas(str(out_path), pagesize=(first.width * 72 / dpi, first.height * 72 / dpi),
                    invariant=1)
    for image in images:
        width, height = image.width * 72 / dpi, image.height * 72 / dpi
        canvas.setPageSize((width, height))
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "JPEG", quality=55)
        buffer.seek(0)
        canvas.drawImage(ImageReader(buffer), 0, 0, width, height)
        canvas.showPage()
    canvas.save()


def make_scan(pdf_path: Path, out_path: Path, seed: int, allow_fax: bool = True) -> ScanProfile:
    """Rasterise `pdf_path`, degrade every page, and write `out_path`; return the profile used."""
    rng = np.random.default_rng(seed)
    profile = pick_profile(rng, allow_fax)
    pages = [degrade(page, profile, rng) for page in rasterise(pdf_path, profile.dpi)]
    save_scan(pages, out_path, profile)
    return profile
