"""The one module that sets up reportlab: fonts, deterministic canvases, small drawing verbs.

Coordinates in the drawing verbs are measured from the page's top-left corner (like the
contract's bboxes), which keeps layout code readable; reportlab's own origin is bottom-left.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_SIZES = {"letter": LETTER, "a4": A4}
_DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_TTF_FAMILIES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "DejaVuMono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
    "DejaVuCond": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
}
_STANDARD = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
}


@dataclass(frozen=True)
class FontPair:
    regular: str
    bold: str
    unicode: bool  # True when the font can print characters outside WinAnsi (e.g. the rupee sign)


@cache
def font_pair(family: str) -> FontPair:
    """A registered regular/bold pair; DejaVu families fall back to Helvetica when absent."""
    if family in _STANDARD:
        regular, bold = _STANDARD[family]
        return FontPair(regular, bold, unicode=False)
    files = _TTF_FAMILIES.get(family)
    if files and all((_DEJAVU_DIR / f).exists() for f in files):
        pdfmetrics.registerFont(TTFont(family, str(_DEJAVU_DIR / files[0])))
        pdfmetrics.registerFont(TTFont(family + "-Bold", str(_DEJAVU_DIR / files[1])))
        return FontPair(family, family + "-Bold", unicode=True)
    return font_pair("Helvetica")


def new_canvas(path: Path, page: str = "letter") -> Canvas:
    """A canvas whose output depends only on what is drawn (reportlab `invariant=1`) and on the
    file name, kept as the PDF title: a document sent again is a new file, not the same bytes."""
    canvas = Canvas(str(path), pagesize=PAGE_SIZES[page], invariant=1, pageCompression=1)
    canvas.setAuthor("ledgerline corpus generator")
    canvas.setCreator("ledgerline corpus")
    canvas.setTitle(Path(path).stem)
    return canvas


class Page:
    """Drawing verbs over one canvas with a top-left origin."""

    def __init__(self, canvas: Canvas, fonts: FontPair):
        self.canvas = canvas
        self.fonts = fonts
        self.width, self.height = canvas._pagesize

    def text(self, x: float, top: float, s: str, size: float = 9, bold: bool = False,
             align: str = "left", color=(0, 0, 0), font: str | None = None) -> None:
        c = self.canvas
        c.setFillColorRGB(*color)
        c.setFont(font or (self.fonts.bold if bold else self.fonts.regular), size)
        y = self.height - top - size
        if align == "right":
            c.drawRightString(x, y, s)
        elif align == "center":
            c.drawCentredString(x, y, s)
        else:
            c.drawString(x, y, s)

    def lines(self, x: float, top: float, rows: list[str], size: float = 9, leading: float = 1.25,
              bold_first: bool = False, align: str = "left", color=(0, 0, 0)) -> float:
        """Draw rows one under another; return the top of the next free line."""
        for i, row in enumerate(rows):
            self.text(x, top, row, size, bold=bold_first and i == 0, align=align, color=color)
            top += size * leading
        return top

    def rule(self, x0: float, top: float, x1: float, width: float = 0.6, color=(0, 0, 0)) -> None:
        c = self.canvas
        c.setStrokeColorRGB(*color)
        c.setLineWidth(width)
        c.line(x0, self.height - top, x1, self.height - top)

    def vrule(self, x: float, top: float, bottom: float, width: float = 0.6,
              color=(0, 0, 0)) -> None:
        c = self.canvas
        c.setStrokeColorRGB(*color)
        c.setLineWidth(width)
        c.line(x, self.height - top, x, self.height - bottom)

    def box(self, x: float, top: float, w: float, h: float, width: float = 0.6,
            stroke=(0, 0, 0), fill=None) -> None:
        c = self.canvas
        c.setLineWidth(width)
        if stroke is not None:
            c.setStrokeColorRGB(*stroke)
        if fill is not None:
            c.setFillColorRGB(*fill)
        c.rect(x, self.height - top - h, w, h, stroke=1 if stroke else 0,
               fill=1 if fill is not None else 0)

    def width_of(self, s: str, size: float, bold: bool = False) -> float:
        return pdfmetrics.stringWidth(s, self.fonts.bold if bold else self.fonts.regular, size)

    def fit(self, s: str, max_width: float, size: float, bold: bool = False) -> str:
        """Truncate `s` with an ellipsis-free cut so it fits `max_width` (what cheap software does)."""
        while s and self.width_of(s, size, bold) > max_width:
            s = s[:-1]
        return s.rstrip()
