"""Where a receipt header's lines sit: a till slip centres its header lines on one axis,
and the name and address are boxed by the lines they come from."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.page_model import Line

if TYPE_CHECKING:
    from extractors.receipt_header import HeaderLine

AXIS_TOLERANCE = 0.06  # centred header lines: centres this close (share of page width)


def shared_axis(lines: list[HeaderLine], page_width: float) -> bool:
    """True when at least two lines are centred on one vertical axis (a till slip's
    header), within AXIS_TOLERANCE of the page width."""
    if len(lines) < 2:
        return False
    centres = sorted(_centre(h.line) for h in lines)
    return centres[-1] - centres[0] <= AXIS_TOLERANCE * max(page_width, 1.0)


def _centre(line: Line) -> float:
    """The middle of a line's printed words: specks OCR read beside them ('-', '°', a
    two-pixel '7') do not move it."""
    words = [w for w in line.words if re.search(r"[\w&]", w.text)]
    tall = max((w.bottom - w.top for w in words), default=0.0)
    words = [w for w in words if w.bottom - w.top >= tall / 3] or line.words
    return (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2


def header_bbox(lines: list[HeaderLine]) -> tuple[float, float, float, float]:
    boxes = [h.line.bbox for h in lines]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))
