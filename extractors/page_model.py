"""The page model every field extractor reads: words with boxes and confidences, per page.

Built either from a PDF's text layer (pdfplumber) or from OCR (tesseract). Coordinates are
`x0, top, x1, bottom` from the page's top-left: PDF points for text-layer pages, pixels at
the OCR resolution for OCR pages (the contract's `bbox`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0  # 0..1; 1.0 for text-layer words
    bold: bool = False
    size: float = 0.0  # font size (text layer) or box height (OCR)
    block: int = 0  # OCR block/line grouping, 0 for text layer
    line: int = 0
    # OCR only: what a second reading of this word's own crop gave (`ocr.reread_doubted_ids`),
    # empty when it was not read again
    rereads: tuple[str, ...] = ()

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one visual line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            min(w.x0 for w in self.words),
            min(w.top for w in self.words),
            max(w.x1 for w in self.words),
            max(w.bottom for w in self.words),
        )

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    ocr: bool = False
    dpi: float = 72.0  # 72 for text-layer pages (PDF points)
    needs_ocr: bool = False  # a PDF page without a usable text layer (words empty)
    image_boxes: tuple[tuple[float, float, float, float], ...] = ()  # pictures on a text page

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in group_lines(self.words))

    def lines(self) -> list[Line]:
        return group_lines(self.words)


def group_lines(words: tuple[Word, ...] | list[Word], tolerance: float = 0.5) -> list[Line]:
    """Group words into visual lines: words whose vertical centres are within `tolerance`
    times the word height of the line's centre belong to it."""
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    lines: list[list[Word]] = []
    centres: list[float] = []
    for word in ordered:
        centre = (word.top + word.bottom) / 2
        if lines and abs(centre - centres[-1]) <= max(word.height, 1.0) * tolerance:
            lines[-1].append(word)
            n = len(lines[-1])
            centres[-1] = centres[-1] + (centre - centres[-1]) / n
        else:
            lines.append([word])
            centres.append(centre)
    return [Line(tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]
