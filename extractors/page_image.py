"""The page image as tesseract gets it: greyscale steps run before OCR, cheapest first.

Resolution normalised to about 300 dpi (from the text height when the dpi is unknown), fax
streaks removed, deskewed, white-on-dark bands inverted, and binarised only when the lighting
is uneven. Pure image work (OpenCV, numpy, Pillow); `extractors.ocr` runs tesseract on it.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

TARGET_DPI = 300.0
MIN_TEXT_HEIGHT, SMALL_TEXT_TARGET = 8.0, 14.0  # median glyph px: upscale tiny text
MAX_TEXT_HEIGHT, LARGE_TEXT_TARGET = 60.0, 32.0  # downscale huge text
STREAK_COLUMN_SHARE = 0.90  # a pixel column dark in >= 90% of its rows: fax streak or copier edge
STREAK_LEVEL = 127  # at or under: print-dark ink (a dark streak, a glyph)
STREAK_GREY_LEVEL = 199  # at or under: a faint grey streak's ink too
STREAK_TEST_ROW_STEP = 4  # rows sampled to test a page for streaks
STREAK_MAX_WIDTH = 8  # px, with its pixel of margin each side: wider is an edge shadow
DESKEW_MAX_POINTS = 30_000  # ink pixels sampled for the skew search
BAND_WORK_PX, BAND_DARK_LEVEL = 600.0, 100  # white-on-dark bands: working size, grey level
BAND_MIN_WIDTH, BAND_MIN_FILL = 0.08, 0.75  # share of page width; share of the box that is dark
DESKEW_WORK_PX = 800.0  # the skew search's copy of the page, also used for the cheap tests
DARK_SHARE_MIN, DARK_SHARE_CERTAIN = 0.004, 0.002  # solid dark share: band search; cheap test
SPREAD_MIN, SPREAD_CERTAIN = 60.0, 30.0  # lighting spread: binarise; cheap test


def preprocess(grey: Image.Image, dpi: float | None) -> tuple[Image.Image, float]:
    """The greyscale page as tesseract gets it, and its dpi: resolution normalised, fax
    streaks removed, deskewed, dark bands inverted, binarised when unevenly lit.

    Same pixels as running those steps one after the other, for less: one ~800 px copy of
    the page serves the skew search and the cheap tests for the rarer steps, which then run
    in full only when that test is not clearly negative (margins: a dark share of half the
    band step's threshold, a lighting spread of half the binarisation's)."""
    import cv2

    grey, eff_dpi = normalise_resolution(grey, dpi)
    grey = remove_fax_streaks(grey)
    arr = np.asarray(grey)
    small = _work_copy(arr, DESKEW_WORK_PX)
    angle = skew_angle(small)
    if angle:
        grey = _rotate(arr, angle)
    if _dark_share(small) >= DARK_SHARE_CERTAIN:
        banded = invert_dark_bands(grey)
        if banded is not grey:
            return binarise_if_uneven(banded), eff_dpi
    if _lighting_spread(cv2.resize(small, (64, 64), interpolation=cv2.INTER_AREA)) >= SPREAD_CERTAIN:
        grey = binarise_if_uneven(grey)
    return grey, eff_dpi


def _work_copy(arr: np.ndarray, size: float) -> np.ndarray:
    import cv2

    scale = min(1.0, size / max(arr.shape))
    return cv2.resize(arr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def normalise_resolution(grey: Image.Image, dpi: float | None) -> tuple[Image.Image, float]:
    """Rescale only when text is far from the size tesseract reads well; (image, new dpi).

    Measured on scans, faxes and receipt photos: upscaling text that is already legible
    (glyphs >= ~8 px) costs time and loses words, so the band left alone is wide.
    """
    scale = 1.0
    text_height = median_glyph_height(grey)
    if text_height is not None:
        if text_height < MIN_TEXT_HEIGHT:
            scale = min(2.0, SMALL_TEXT_TARGET / text_height)
        elif text_height > MAX_TEXT_HEIGHT:
            scale = LARGE_TEXT_TARGET / text_height
    elif dpi and dpi > 2 * TARGET_DPI:
        scale = TARGET_DPI / dpi
    base_dpi = float(dpi) if dpi else TARGET_DPI
    if scale == 1.0:
        return grey, base_dpi
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    resample = Image.Resampling.LANCZOS if scale > 1 else Image.Resampling.BOX
    return grey.resize(size, resample), base_dpi * scale


def median_glyph_height(grey: Image.Image) -> float | None:
    """Median height of character-sized connected components, or None when unclear.

    A component's box is its outer contour's (8-connected, as the components are): the same
    boxes as cv2.connectedComponentsWithStats, in half its time."""
    import cv2

    arr = np.asarray(grey)
    step = 2 if max(arr.shape) > 1200 else 1
    small = arr[::step, ::step]
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = cv2.copyMakeBorder(ink, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)  # contours skip the edge
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return None
    outer = [c for c, parent in zip(contours, hierarchy[0][:, 3]) if parent < 0]  # not holes
    if len(outer) < 29:
        return None
    starts = np.cumsum([0] + [len(c) for c in outer[:-1]])
    points = np.concatenate(outer)[:, 0, :]
    xs, ys = points[:, 0], points[:, 1]
    w = (np.maximum.reduceat(xs, starts) - np.minimum.reduceat(xs, starts) + 1).astype(float)
    h = (np.maximum.reduceat(ys, starts) - np.minimum.reduceat(ys, starts) + 1).astype(float)
    keep = (h >= 4) & (h <= 150) & (w <= 2.5 * h)
    if keep.sum() < 20:
        return None
    return float(np.median(h[keep])) * step


def deskew(grey: Image.Image, max_angle: float = 4.0) -> Image.Image:
    """Straighten small skews (scans, faxes): see `skew_angle`."""
    arr = np.asarray(grey)
    angle = skew_angle(_work_copy(arr, DESKEW_WORK_PX), max_angle)
    return _rotate(arr, angle) if angle else grey


def skew_angle(small: np.ndarray, max_angle: float = 4.0) -> float:
    """Counter-clockwise degrees that straighten the page (0.0 when under 0.3 or unclear):
    the angle whose row profile of ink pixels is sharpest, searched coarse then fine on a
    ~800 px copy of the page (a few ms)."""
    import cv2

    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(ys) < 200 or len(ys) > 0.5 * ink.size:
        return 0.0
    if len(ys) > DESKEW_MAX_POINTS:  # an even sample of the ink is as sharp a profile
        step = len(ys) // DESKEW_MAX_POINTS + 1
        ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float32) - ink.shape[0] / 2
    xs = xs.astype(np.float32) - ink.shape[1] / 2
    size = int(np.hypot(*ink.shape)) + 2

    def sharpness(angle: float) -> float:
        t = np.deg2rad(angle)
        rows = (ys * np.cos(t) - xs * np.sin(t) + size / 2).astype(np.int32)
        return float(np.var(np.bincount(rows, minlength=size)))

    coarse = max(np.arange(-max_angle, max_angle + 0.01, 0.5), key=sharpness)
    best = float(max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness))
    return 0.0 if abs(best) < 0.3 else best


def _rotate(arr: np.ndarray, angle: float) -> Image.Image:
    """Rotate counter-clockwise by `angle` degrees about the centre, same size, white fill
    (a positive angle undoes a clockwise tilt; OpenCV's warp is ~4x faster than PIL's)."""
    import cv2

    h, w = arr.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return Image.fromarray(cv2.warpAffine(arr, matrix, (w, h), flags=cv2.INTER_CUBIC,
                                          borderMode=cv2.BORDER_CONSTANT, borderValue=255))


def invert_dark_bands(grey: Image.Image) -> Image.Image:
    """Turn white-on-dark bands (letterhead banners, shaded table headers) into dark text
    on white: tesseract reads inverted text poorly or not at all. A band is a solid dark
    region at least 8% of the page wide and a line high, found on a ~600 px copy; bold
    headings are not bands (their ink does not fill their box). Pages without one are
    returned untouched."""
    import cv2

    arr = np.asarray(grey)
    scale = min(1.0, BAND_WORK_PX / max(arr.shape))
    small = cv2.resize(arr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    dark = _dark_mask(small)
    if dark.mean() < DARK_SHARE_MIN:
        return grey
    filled = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(filled, connectivity=8)
    out = None
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < BAND_MIN_WIDTH * small.shape[1] or h < 5:
            continue
        if dark[y:y + h, x:x + w].mean() < BAND_MIN_FILL:  # ink with gaps: a bold heading
            continue
        if w * h > 0.6 * dark.size:  # a dark photo background, not a band
            continue
        x0, y0 = int(x / scale), int(y / scale)
        x1, y1 = min(arr.shape[1], int((x + w) / scale)), min(arr.shape[0], int((y + h) / scale))
        region = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        mask = cv2.resize(region, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST) > 0
        out = arr.copy() if out is None else out
        band = 255 - out[y0:y1, x0:x1].astype(np.float32)
        paper = float(np.percentile(band[mask][::7], 90)) or 255.0
        stretched = np.clip(band * (255.0 / paper), 0, 255).astype(np.uint8)
        out[y0:y1, x0:x1][mask] = stretched[mask]
    return grey if out is None else Image.fromarray(out)


def binarise_if_uneven(grey: Image.Image) -> Image.Image:
    """Adaptive threshold for photos with uneven lighting; clean scans are left alone."""
    import cv2

    arr = np.asarray(grey)
    if _lighting_spread(cv2.resize(arr, (64, 64), interpolation=cv2.INTER_AREA)) < SPREAD_MIN:
        return grey
    block = max(31, (min(arr.shape) // 40) | 1)
    out = cv2.adaptiveThreshold(arr, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                block, 15)
    return Image.fromarray(out)


def _dark_mask(small: np.ndarray) -> np.ndarray:
    """Solid dark regions of a ~600 px copy (text strokes vanish in the median)."""
    import cv2

    return (cv2.medianBlur(small, 5) < BAND_DARK_LEVEL).astype(np.uint8)


def _dark_share(small: np.ndarray) -> float:
    """Share of the page in solid dark regions, from the ~800 px work copy."""
    return float(_dark_mask(_work_copy(small, BAND_WORK_PX)).mean())


def _lighting_spread(tiny: np.ndarray) -> float:
    """Paper brightness range over a 64 x 64 copy: brightest pixel per zone, 95th - 5th
    percentile (a clean scan ~0-10, a photo lit from one side 60 and more)."""
    import cv2

    background = cv2.dilate(tiny, np.ones((7, 7), np.uint8))
    return float(np.percentile(background, 95) - np.percentile(background, 5))


def remove_fax_streaks(grey: Image.Image) -> Image.Image:
    """Remove thin vertical lines longer than a third of the page, only when some pixel
    column is inked almost top to bottom (fax streaks, copier edge shadows). Measured on the
    real faxed CMS-1500s: tesseract read 69 words of the left half with the streaks, 439
    without; pages without streaks are returned untouched.

    A streak is a run of print-dark pixels (when some column is dark top to bottom) or of
    faint grey ones (lighter than print) running 90% of the page's height. A thin streak is
    painted over at its own pixels from the pixels beside it (OpenCV's inpainting): white
    across the background, dark where a glyph's stroke crosses, so that no letter is cut in
    two. Real faxes: 'IM533|927715' was read 'IM533' with the streak, 'IM5333927715' with it
    whitened, right with it painted over. A group of streak columns wider than
    STREAK_MAX_WIDTH (a copier's edge shadow) is whitened: its dark pixels, grown by one."""
    import cv2

    arr = np.asarray(grey)
    if arr.size == 0:
        return grey
    rows = np.ascontiguousarray(arr[::STREAK_TEST_ROW_STEP])  # the cheap test: every 4th row
    _, inked = cv2.threshold(rows, STREAK_GREY_LEVEL, 1, cv2.THRESH_BINARY_INV)
    if cv2.reduce(inked, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).max() / rows.shape[0] < STREAK_COLUMN_SHARE:
        return grey
    _, inked = cv2.threshold(arr, STREAK_GREY_LEVEL, 1, cv2.THRESH_BINARY_INV)
    column_ink = cv2.reduce(inked, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)
    length = max(50, arr.shape[0] // 3)
    # only columns this inked can keep ink through the opening (half a run suffices at the
    # top and bottom edges, where the erosion sees ink beyond the page)
    cols = np.flatnonzero(column_ink[0] >= length // 2)
    if cols.size == 0:
        return grey
    dark = np.zeros_like(arr)
    if (arr[:, cols] <= STREAK_LEVEL).mean(axis=0).max() >= STREAK_COLUMN_SHARE:  # a dark streak
        dark = _long_vertical_runs(arr, cols, STREAK_LEVEL, length)
    faint = _long_vertical_runs(arr, cols, STREAK_GREY_LEVEL, int(STREAK_COLUMN_SHARE * arr.shape[0]))
    near = np.ones((3, 3), np.uint8)
    wide = _wide_column_groups(cv2.dilate(dark | faint, near))
    out = arr.copy()
    out[(cv2.dilate(dark, near) > 0) & wide] = 255
    thin = np.where(wide, 0, dark | faint).astype(np.uint8)
    if thin.any():
        out = cv2.inpaint(out, thin, 2, cv2.INPAINT_TELEA)
    return Image.fromarray(out)


def _wide_column_groups(mask: np.ndarray) -> np.ndarray:
    """Per pixel column (a row vector of bools): whether it belongs to a run of masked
    columns wider than a streak (a copier's edge shadow, whitened whole)."""
    wide = np.zeros(mask.shape[1], dtype=bool)
    for a, b in true_runs(mask.any(axis=0)):
        wide[a:b] = b - a > STREAK_MAX_WIDTH
    return wide[np.newaxis, :]


def true_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D array, end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def _long_vertical_runs(arr: np.ndarray, cols: np.ndarray, level: int, length: int) -> np.ndarray:
    """Mask (255) of the runs at or under `level` at least `length` tall in columns `cols`."""
    import cv2

    _, ink = cv2.threshold(np.ascontiguousarray(arr[:, cols]), level, 255, cv2.THRESH_BINARY_INV)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))  # columns are independent
    mask = np.zeros_like(arr)
    mask[:, cols] = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    return mask
