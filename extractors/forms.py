"""Reading box forms (CMS-1500, W-2, pay stubs): the region under or beside a printed label,
and the FieldValues made from it.

Labels are found by extractors/form_anchors.py (fuzzy label matching and the template's
affine fit). Here, `box_words` reads the value region relative to an anchor: below (or right
of) the label, bounded by the neighbouring anchors. Distances are in label heights, never
absolute page coordinates.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from extractors.confidence import needs_review, rescored
from extractors.form_anchors import Anchor
from extractors.page_model import Line, Page, Word, group_lines
from schemas.document import FieldValue


# -- reading regions ------------------------------------------------------------------------

def words_in(page: Page, x0: float, top: float, x1: float, bottom: float,
             *, exclude: Iterable[Word] = ()) -> list[Word]:
    """Words whose centre lies inside the rectangle."""
    skip = {id(w) for w in exclude}
    out = []
    for w in page.words:
        cx = (w.x0 + w.x1) / 2
        cy = (w.top + w.bottom) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom and id(w) not in skip:
            out.append(w)
    return out


def label_words(anchors: Mapping[str, Anchor]) -> list[Word]:
    return [w for a in anchors.values() for w in a.words]


def box_words(page: Page, anchors: Mapping[str, Anchor], key: str, *,
              right: str | float | None = None, below: str | float | None = None,
              width: float = 30.0, depth: float = 3.0, left_pad: float = 0.8,
              same_line: bool = False) -> list[Word]:
    """Words of the box labelled `anchors[key]`.

    The box starts at the label's left edge and below the label (or, with `same_line`, right
    of it on the label's own line). It ends at the next label to the right (`right`: an
    anchor key or a page x) and at the next label below (`below`: key or page y); without
    them, after `width` and `depth` label heights.
    """
    a = anchors[key]
    h = a.height
    x1 = a.x0 + width * h
    if isinstance(right, str) and right in anchors:
        x1 = anchors[right].x0 - 0.2 * h
    elif isinstance(right, (int, float)):
        x1 = float(right)
    else:  # the next label on the same row closes the box
        row = [o.x0 for o in anchors.values()
               if o.x0 > a.x1 and abs(o.top - a.top) < 1.5 * h and not o.predicted]
        if row:
            x1 = min(x1, min(row) - 0.2 * h)
    if same_line:
        top, bottom = a.top - 0.6 * h, a.bottom + 0.6 * h
        x0 = a.x1 + 0.1 * h
    else:
        top = (a.top + a.bottom) / 2 + 0.6 * h
        bottom = a.bottom + depth * h
        if isinstance(below, str) and below in anchors:
            bottom = min(bottom, anchors[below].top + 0.2 * h)
        elif isinstance(below, (int, float)):
            bottom = min(bottom, float(below))
        x0 = a.x0 - left_pad * h
    return words_in(page, x0, top, x1, bottom, exclude=label_words(anchors))


def words_bbox(words: Sequence[Word]) -> tuple[float, float, float, float] | None:
    if not words:
        return None
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))


def lines_of(words: Sequence[Word]) -> list[Line]:
    return group_lines(list(words)) if words else []


def mean_conf(words: Sequence[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def min_conf(words: Sequence[Word]) -> float:
    return min((w.conf for w in words), default=0.0)


def make_field(name: str, value: str | list[str], confidence: float, *,
               page: Page | None = None, words: Sequence[Word] = (),
               bbox: tuple[float, float, float, float] | None = None) -> FieldValue:
    """A contract FieldValue; `needs_review` is the shared confidence policy's decision."""
    confidence = round(min(1.0, max(0.0, confidence)), 4)
    box = bbox if bbox is not None else words_bbox(words)
    return FieldValue(value=value, confidence=confidence,
                      needs_review=needs_review(name, confidence),
                      page=page.number if page is not None else None,
                      bbox=box)


def clean_text(text: str) -> str:
    """Whitespace collapsed; stray OCR rule fragments ('|', '_') removed at the ends."""
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" |_[]{}")


# -- label: value layouts (pay stubs, superbills) -------------------------------------------

def segments(words: Sequence[Word], gap: float = 1.8) -> list[list[Word]]:
    """Split one visual line into runs of words separated by less than `gap` word heights,
    so side-by-side columns on the same line come apart."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out:
            prev = out[-1][-1]
            h = max(min(prev.height, w.height), 1.0)
            if w.x0 - prev.x1 <= gap * h:
                out[-1].append(w)
                continue
        out.append([w])
    return out




def words_right_of(page: Page, anchor: Anchor, *, max_gap: float = 2.5,
                   max_start: float = 16.0, exclude: Iterable[Word] = ()) -> list[Word]:
    """The run of words right of a label on its line: starting within `max_start` label
    heights, continuing while gaps stay under `max_gap` heights."""
    h = anchor.height
    mid = (anchor.top + anchor.bottom) / 2
    skip = {id(w) for w in anchor.words} | {id(w) for w in exclude}
    cands = sorted((w for w in page.words
                    if id(w) not in skip and w.x0 >= anchor.x1 - 0.2 * h
                    and re.search(r"[A-Za-z0-9]", w.text)  # OCR specks are not values
                    and abs((w.top + w.bottom) / 2 - mid) <= 0.6 * max(h, w.height)),
                   key=lambda w: w.x0)
    run: list[Word] = []
    for w in cands:
        if not run:
            if w.x0 - anchor.x1 > max_start * h:
                break
            run.append(w)
        elif w.x0 - run[-1].x1 <= max_gap * max(min(w.height, run[-1].height), 1.0):
            run.append(w)
        else:
            break
    return run


_HEADING_SKIP = re.compile(r"^(Date|Pay|Page|Phone|Tel)\b|\d{1,2}/\d{1,2}/\d{2,4}", re.IGNORECASE)


def top_heading(page: Page, titles: re.Pattern[str], *, lines: Sequence[Line] | None = None,
                top_fraction: float = 0.3) -> tuple[list[Word], str, float] | None:
    """The largest run of text in the top part of the page that is not a document title
    (`titles`): the issuer's name on pay stubs and practice letterheads. Returns (words,
    text, confidence); confidence is low when the run is not clearly larger than body text."""
    heights = sorted(w.height for w in page.words) or [1.0]
    median = heights[len(heights) // 2]
    cands = []
    for line in lines if lines is not None else page.lines():
        if line.bbox[1] > page.height * top_fraction:
            break
        for seg in segments(line.words, gap=1.5):
            cut = next((i for i, w in enumerate(seg) if titles.search(w.text)), None)
            glued = False
            if cut is not None:  # a title printed close to the name on the same line
                w = seg[cut]
                start = titles.search(w.text).start()  # type: ignore[union-attr]
                # words overlapping the title in the name's own size still belong to it
                overlap = [o for o in seg[cut + 1:] if o.x0 < w.x1
                           and abs(o.height - seg[0].height) < 0.5 and not titles.search(o.text)]
                seg = seg[:cut]
                if start > 0:  # the title touches the name: 'ASSOCPASUPERBILL'
                    x1 = w.x0 + (w.x1 - w.x0) * start / len(w.text)
                    seg.append(Word(w.text[:start], w.x0, w.top, x1, w.bottom, w.conf,
                                    w.bold, w.size))
                seg += overlap
                glued = start > 0 or bool(overlap)
            if not seg:
                continue
            text = clean_text(" ".join(w.text for w in seg))
            if not re.search(r"[A-Za-z]{3}", text) or titles.search(text):
                continue
            if _HEADING_SKIP.search(text):
                continue
            h = sorted(w.height for w in seg)[len(seg) // 2]
            cands.append((-round(h, 0), seg[0].top, seg, text, h, glued))
    if not cands:
        return None
    cands.sort(key=lambda c: (c[0], c[1]))
    _, _, seg, text, h, glued = cands[0]
    factor = 0.95 if h >= 1.3 * median and not glued else 0.6
    return seg, text, min_conf(seg) * factor


_ABBREVIATIONS = {"DR", "JR", "SR", "ST", "APT", "INC", "CO", "MR", "MRS", "MS", "LTD", "CORP",
                  "MT", "FT", "AVE", "RD", "BLVD", "STE", "NO", "ASSOC"}


def clean_ocr_name(text: str) -> str:
    """Specks OCR adds to printed names: ':' or ';' glued to a word, a leading '.' or quote,
    a '.' where no abbreviation ends ('ADAM.N', 'CROSS.'). Commas are kept."""
    out = []
    for word in text.split():
        word = word.strip("'\"`‘’“”").lstrip(".")
        word = re.sub(r"[:;]+$", "", word)
        if re.fullmatch(r"[A-Za-z]+\.[A-Za-z]", word):  # 'ADAM.N': an initial glued on
            out.extend(word.split("."))
            continue
        if word.endswith(".") and word[:-1].upper() not in _ABBREVIATIONS \
                and len(word) > 2:
            word = word[:-1]
        if word:
            out.append(word)
    return " ".join(out)


def calibrate(fields: dict[str, FieldValue], tables: dict[str, list[dict[str, FieldValue]]]
              ) -> None:
    """Spread the scores under the review line so they read as probabilities.

    Measured on generated scans: values scored 0.0-0.3 were right about 55-70 % of the
    time, 0.5-0.8 about 87-95 %; the raw products of OCR, anchor and shape factors are too
    pessimistic there. 0.45 + 0.5 c maps [0, 0.9) onto [0.45, 0.9): the order and the
    review decision stay as they were; scores at or above 0.9 are left alone.
    """
    def fix(name: str, fv: FieldValue) -> FieldValue:
        if fv.confidence >= 0.9:
            return fv
        # the thresholds are fitted on the spread score: review is re-decided from it
        return rescored(fv, name, round(0.45 + 0.5 * fv.confidence, 4))

    for name in list(fields):
        fields[name] = fix(name, fields[name])
    for rows in tables.values():
        for row in rows:
            for col in list(row):
                row[col] = fix(col, row[col])
