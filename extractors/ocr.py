"""OCR: the only module that imports pytesseract.

`ocr_image(image, dpi)` runs tesseract once (`image_to_data`) on a cleaned-up greyscale image
(`extractors.page_image.preprocess`: resolution, fax streaks, deskew, dark bands, uneven
lighting) and returns a `Page` whose word boxes are pixels of the image tesseract saw (the
contract's bbox for images) and whose confidences are 0..1. Narrow pages (till receipts) are
read as one block, and the lines that mode drops are read again alone (`read_lost_lines`);
orientation detection (OSD) runs only when the first pass reads poorly; doubted employee IDs
are read again from their crops (`reread_doubted_ids`). The page is read with tesseract's
English model unless other installed language models are asked for (`languages`, a client's
`ocr_languages`; `check_languages` says which are missing). The measurements behind these choices
(and what did not help: colour drop-out, rescaling, global binarisation, denoising) are in
docs/ocr-preprocessing.md.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract threads fight: see stack notes

import numpy as np  # noqa: E402
import pytesseract  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

from extractors.page_image import (  # noqa: E402,F401  (re-exported: the page image steps)
    binarise_if_uneven, deskew, invert_dark_bands, median_glyph_height, normalise_resolution,
    preprocess, remove_fax_streaks, true_runs)
from extractors.page_model import Page, Word  # noqa: E402
from schemas.client_config import DEFAULT_OCR_LANGUAGES, language_codes_problem  # noqa: E402
from ledgerline.errors import LedgerlineError  # noqa: E402

# tesseract's own retry of each doubtful line as white-on-dark is off: `invert_dark_bands`
# already turns such bands (measured: 5.5% less tesseract time on 40 seed-11 scans; on 160
# scans of all five types and the real fixtures no right value changed)
TESSERACT_CONFIG = "--oem 1 --psm 3 -c tessedit_do_invert=0"
NARROW_PAGE_CONFIG = "--oem 1 --psm 6 -c tessedit_do_invert=0"  # till receipts: one uniform block reads better
NARROW_PAGE_INCHES = 5.0
# tesseract is told 96 dpi for pages of known resolution: what Pillow wrote into the BMP when
# the dpi was set in image.info (it ignores that on save), and what the review thresholds are
# calibrated on
BMP_KNOWN_DPI = 96
POOR_MEAN_CONF = 0.55  # below this mean word confidence, try OSD and a rotated re-read


# identifiers read again from their own crops (`reread_doubted_ids`): a currency glyph OCR put
# for the 'E' before the digits, or an 'E' read under this confidence
GLYPH_LED_ID = re.compile(r"[£€&§]\d{4,}")
E_LED_ID = re.compile(r"E\d{4,}")
DOUBTED_ID_CONF = 0.80
REREAD_MARGIN = 0.4  # of the word's height, around its box
REREAD_CONFIG = "--oem 1 --psm 7 -c tessedit_char_whitelist=E0123456789"

# lines a uniform-block read (psm 6) dropped: a row of ink no word covers, read again alone
LOST_LINE_MIN_HEIGHT = 0.7  # of the median word height
LOST_LINE_MAX_COVER = 0.25  # share of the row's ink inside word boxes
LOST_LINE_MIN_GLYPHS = 4  # components at least half the row's height: letters, not rules or dots
LOST_LINE_MIN_CONF = 0.5
LOST_LINE_CONFIG = "--oem 1 --psm 7"


class OcrUnavailable(LedgerlineError):
    exit_code = 2
    code = "OCR_UNAVAILABLE"


class OcrLanguageMissing(LedgerlineError):
    exit_code = 2
    code = "OCR_LANGUAGE_MISSING"


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Language models tesseract finds (its `--list-langs`), 'osd' aside."""
    try:
        return frozenset(pytesseract.get_languages(config="")) - {"osd"}
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed() from exc


def check_languages(languages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The languages as a tuple, or OcrLanguageMissing naming those tesseract has no model
    for and the Debian package that brings each."""
    languages = tuple(languages)
    problem = language_codes_problem(languages)
    if problem:
        raise OcrLanguageMissing(problem)
    missing = [code for code in languages if code not in installed_languages()]
    if missing:
        packages = " ".join(_debian_package(code) for code in missing)
        have = ", ".join(sorted(installed_languages())) or "none"
        raise OcrLanguageMissing(f"no tesseract model for {', '.join(missing)} (installed: {have}); "
                                 f"install it with: apt-get install {packages}")
    return languages


def parse_languages(text: str) -> tuple[str, ...]:
    """'deu+eng' (tesseract's own form) or 'deu,eng' as checked languages."""
    codes = [code.strip() for code in re.split(r"[+,]", text)]
    if any(not code for code in codes) and any(codes):
        raise OcrLanguageMissing(f"{text!r}: an empty language code (allowed: codes joined by '+', e.g. deu+eng)")
    return check_languages(list(dict.fromkeys(code for code in codes if code)))


def _debian_package(code: str) -> str:
    if code[0].isupper() or code.startswith("script/"):
        return "tesseract-ocr-script-<four-letter script code>"  # Latin: tesseract-ocr-script-latn
    return "tesseract-ocr-" + code.replace("_", "-")


def ocr_image(image: Image.Image, dpi: float | None = None, *, number: int = 1,
              languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> Page:
    """OCR one page image. `dpi` is the image's resolution when known (rendered PDFs);
    `languages` are the tesseract models to read with, the first one preferred."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    lang = "+".join(languages)
    grey = ImageOps.exif_transpose(image) if image.format == "JPEG" else image
    grey, eff_dpi = preprocess(grey.convert("L"), dpi)
    known_dpi = eff_dpi if dpi else None
    config = NARROW_PAGE_CONFIG if grey.width / eff_dpi < NARROW_PAGE_INCHES else TESSERACT_CONFIG
    words = _read_words(grey, known_dpi, config, lang)
    if _mean_conf(words) < POOR_MEAN_CONF:
        angle = detect_rotation(grey)
        if angle:
            rotated = grey.rotate(-angle, expand=True, fillcolor=255)
            again = _read_words(rotated, known_dpi, config, lang)
            if _mean_conf(again) > _mean_conf(words):
                grey, words = rotated, again
    if config == NARROW_PAGE_CONFIG:
        words = read_lost_lines(grey, words, lang)
    words = reread_doubted_ids(grey, words)
    return Page(number=number, width=float(grey.width), height=float(grey.height),
                words=tuple(words), ocr=True, dpi=eff_dpi)


def detect_rotation(grey: Image.Image) -> int:
    """Clockwise rotation (0/90/180/270) tesseract's OSD finds, 0 when unsure or failing."""
    try:
        osd = pytesseract.image_to_osd(grey, output_type=pytesseract.Output.DICT,
                                       config="--psm 0")
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed() from exc
    except pytesseract.TesseractError:
        return 0
    if float(osd.get("orientation_conf", 0)) < 2.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


def _read_words(grey: Image.Image, dpi: float | None = None, config: str = TESSERACT_CONFIG,
                lang: str = "eng") -> list[Word]:
    """One tesseract pass, on an uncompressed BMP written here (pytesseract would write a PNG
    when the image has no format: 60-110 ms to compress a page). The BMP's resolution header
    says `BMP_KNOWN_DPI` when the dpi is known and 0 when not, so that tesseract estimates it
    from the text, as it did from a PNG without one (the same words on every page tried)."""
    header = BMP_KNOWN_DPI if dpi else 0
    fd, path = tempfile.mkstemp(prefix="ledgerline-ocr-", suffix=".bmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            grey.save(fh, format="BMP", dpi=(header, header))
        data = pytesseract.image_to_data(path, lang=lang, config=config,
                                         output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed() from exc
    finally:
        os.unlink(path)
    return [w for w in _words_of(data) if w is not None]


def _words_of(data: dict) -> list[Word | None]:
    """tesseract's image_to_data rows as words; None for rows that are not words."""
    words: list[Word | None] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            words.append(None)
            continue
        left, top = float(data["left"][i]), float(data["top"][i])
        width, height = float(data["width"][i]), float(data["height"][i])
        words.append(Word(
            text=text, x0=left, top=top, x1=left + width, bottom=top + height,
            conf=max(0.0, min(1.0, conf / 100.0)), size=height,
            block=int(data["block_num"][i]),
            line=int(data["par_num"][i]) * 1000 + int(data["line_num"][i]),
        ))
    return words


def reread_doubted_ids(grey: Image.Image, words: list[Word]) -> list[Word]:
    """Identifiers OCR read with a currency glyph for their leading 'E' ('£33983'), or with an
    'E' it doubted, read again from their own crops: the glyph alone drags the word's
    confidence down, and nothing else on the page tells right digits from misread ones. Each
    crop is read alone as one line of 'E' and digits, at its size and at twice it (one
    tesseract call for the page); the readings go on the word (`Word.rereads`) for the
    extractor to compare. Measured on the generated pay stubs of seven seeds (the page read
    against the truth): all 254 right IDs got both readings' digits equal to the word's, and
    none of the 3 misread ones did."""
    picked = [i for i, w in enumerate(words) if _doubted_id(w)]
    if not picked:
        return words
    crops = []
    for i in picked:
        w = words[i]
        margin = REREAD_MARGIN * w.height
        # inside the page: PIL fills what lies outside with black, which tesseract reads
        crop = grey.crop((max(0, int(w.x0 - margin)), max(0, int(w.top - margin)),
                          min(grey.width, int(w.x1 + margin)), min(grey.height, int(w.bottom + margin))))
        crops += [crop, crop.resize((crop.width * 2, crop.height * 2))]
    texts = _read_crops(crops)
    out = list(words)
    for k, i in enumerate(picked):
        out[i] = replace(words[i], rereads=tuple(texts[2 * k:2 * k + 2]))
    return out


def _doubted_id(w: Word) -> bool:
    text = w.text.strip(".,;:'\"()[]|")
    return bool(GLYPH_LED_ID.fullmatch(text)) or \
        (bool(E_LED_ID.fullmatch(text)) and w.conf < DOUBTED_ID_CONF)


@contextmanager
def _crop_listing(crops: list[Image.Image]) -> Iterator[str]:
    """A tesseract list file naming each crop, saved as BMP in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="ledgerline-reread-") as folder:
        paths = [os.path.join(folder, f"{n}.bmp") for n in range(len(crops))]
        for crop, path in zip(crops, paths):
            crop.save(path, format="BMP", dpi=(BMP_KNOWN_DPI, BMP_KNOWN_DPI))
        listing = os.path.join(folder, "crops.txt")
        with open(listing, "w", encoding="utf-8") as fh:
            fh.write("\n".join(paths) + "\n")
        yield listing


def _read_crops(crops: list[Image.Image]) -> list[str]:
    """One tesseract run over several small images (a list file): each one's single line."""
    with _crop_listing(crops) as listing:
        try:
            text = pytesseract.image_to_string(listing, lang="eng", config=REREAD_CONFIG)
        except pytesseract.TesseractNotFoundError as exc:
            raise _not_installed() from exc
    pages = [page.strip() for page in text.split("\f")]
    return (pages + [""] * len(crops))[:len(crops)]


def read_lost_lines(grey: Image.Image, words: list[Word], lang: str = "eng") -> list[Word]:
    """Words of the lines a uniform-block read left out, read again line by line.

    Tesseract's one-block mode (narrow till receipts) silently drops a line whose size is
    unlike the rest: a large bold shop name, or a 'Cash ... Change' row. A row of ink that no
    word box covers and that holds letter-sized shapes is read alone (one tesseract call for
    the page) and its words are added as their own lines, at the confidence tesseract gave."""
    boxes = lost_line_boxes(grey, words)
    if not boxes:
        return words
    crops = [grey.crop(box) for box in boxes]
    first_block = max((w.block for w in words), default=0) + 1
    found = []
    for k, crop_words in enumerate(_read_crop_words(crops, LOST_LINE_CONFIG, lang)):
        x, y = boxes[k][0], boxes[k][1]
        found += [replace(w, x0=w.x0 + x, x1=w.x1 + x, top=w.top + y, bottom=w.bottom + y,
                          block=first_block + k, line=1)
                  for w in crop_words if w.conf >= LOST_LINE_MIN_CONF]
    return list(words) + found


def lost_line_boxes(grey: Image.Image, words: list[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, top, x1, bottom) of ink rows no word covers that look like text."""
    import cv2

    heights = sorted(w.height for w in words if len(w.text) > 1)
    if len(heights) < 5:
        return []
    line_height = heights[len(heights) // 2]
    arr = np.asarray(grey)
    _, ink = cv2.threshold(arr, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    covered = np.zeros_like(ink)
    for w in words:
        covered[int(w.top):int(w.bottom) + 1, int(w.x0):int(w.x1) + 1] = 1
    boxes = []
    for top, bottom in _ink_rows(ink):
        band = ink[top:bottom]
        total = int(band.sum())
        if bottom - top < LOST_LINE_MIN_HEIGHT * line_height or total < 50:
            continue
        if (band & covered[top:bottom]).sum() >= LOST_LINE_MAX_COVER * total:
            continue
        _, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
        glyphs = (stats[1:, cv2.CC_STAT_HEIGHT] >= 0.5 * (bottom - top)) & (stats[1:, cv2.CC_STAT_AREA] >= 6)
        if glyphs.sum() < LOST_LINE_MIN_GLYPHS:
            continue
        cols = np.flatnonzero(band.any(axis=0))
        margin = int(0.3 * (bottom - top)) + 2
        boxes.append((max(0, int(cols[0]) - margin), max(0, top - margin),
                      min(grey.width, int(cols[-1]) + margin + 1), min(grey.height, bottom + margin)))
    return boxes


def _ink_rows(ink: np.ndarray) -> list[tuple[int, int]]:
    """(top, bottom) of each run of rows holding ink; a single blank row does not end a run."""
    rows = ink.any(axis=1)
    rows[1:-1] |= rows[:-2] & rows[2:]  # bridge one-row gaps
    return true_runs(rows)


def _read_crop_words(crops: list[Image.Image], config: str, lang: str = "eng") -> list[list[Word]]:
    """One tesseract run over several small images (a list file): each one's words, in the
    crop's own pixels."""
    with _crop_listing(crops) as listing:
        try:
            data = pytesseract.image_to_data(listing, lang=lang, config=config,
                                             output_type=pytesseract.Output.DICT)
        except pytesseract.TesseractNotFoundError as exc:
            raise _not_installed() from exc
    out: list[list[Word]] = [[] for _ in crops]
    for word, page in zip(_words_of(data), data["page_num"]):
        if word is not None and 1 <= int(page) <= len(crops):
            out[int(page) - 1].append(word)
    return out


def _mean_conf(words: list[Word]) -> float:
    real = [w.conf for w in words if len(w.text) > 1]
    return sum(real) / len(real) if len(real) >= 5 else 0.0


def _not_installed() -> OcrUnavailable:
    return OcrUnavailable("tesseract is not installed or not on PATH: install it "
                          "(Debian: apt-get install tesseract-ocr tesseract-ocr-eng "
                          "tesseract-ocr-osd) and try again")
