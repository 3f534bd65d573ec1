"""Names on a W-2 (box c, the employer; box e, the employee) as OCR reads them.

A name has no check digit, so the evidence is OCR's own: its weakest word, specks and rules
dropped first, and the marks of a misread (a lowercase initial, letter pairs OCR makes of
one letter).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.form_anchors import Anchor
from extractors.forms import box_words, clean_ocr_name, clean_text, lines_of, make_field, min_conf
from extractors.page_model import Page, Word
from extractors.paystub_parties import ocr_name_doubt
from schemas.document import FieldValue


def read_name(name: str, page: Page, a: dict[str, Anchor], key: str, *, anchor_factor: float,
              right: str | None = None, below: str | None = None) -> FieldValue | None:
    """The first line of text in box `key` (c: employer, e: employee) read as a name, its
    confidence the weakest word's times `anchor_factor` (how surely the box was found)."""
    if key not in a:
        return None
    words = box_words(page, a, key, right=right, below=below, depth=3.0, width=22)
    for line in lines_of(words):
        labels = [w for an in a.values() if an.score >= 0.8 for w in an.words]
        ws = _with_ocr_line_mates(page, list(line.words), words, labels) if page.ocr \
            else line.words
        if page.ocr:  # specks ('.', ',', '~', '|') are no part of a name, nor their doubt
            ws = [w for w in ws if not _SPECK.fullmatch(w.text)] or ws
            ws = _without_cell_rules(page, a[key], ws)
        text = clean_text(" ".join(w.text for w in ws))
        if page.ocr:
            text = clean_ocr_name(text)
        if re.search(r"[A-Za-z]{2}", text):
            # box e prints a middle initial between the first and last names
            initial = page.ocr and key == "e"
            conf = (_weakest_name_word(ws) if initial else min_conf(ws)) * anchor_factor
            if page.ocr:
                conf = max(0.0, 1 - _OCR_NAME_DOUBT * (1 - conf)) * ocr_name_doubt(text)
                if _LOWER_INITIAL.search(text) and not text.islower():
                    conf *= 0.8  # 'dose Patrick': printed names are capitalised
            if _LEGAL_FORM_ONLY.fullmatch(text):  # 'LLC': the name itself was not read
                conf *= 0.5
            return make_field(name, text, conf, page=page, words=ws)
    return None


def _weakest_name_word(ws: Sequence[Word]) -> float:
    """OCR's confidence in a name's weakest word, a middle initial's doubt halved: Tesseract
    scores a lone letter low for want of a word around it (as it does two-letter codes),
    and one capital alone between two names is the initial's shape (on 300 generated scans,
    52 of 52 initials read so were right, at OCR 0.76-0.92)."""
    def conf(i: int, w: Word) -> float:
        if 0 < i < len(ws) - 1 and _INITIAL.fullmatch(w.text):
            return 1 - (1 - w.conf) / 2
        return w.conf
    return min((conf(i, w) for i, w in enumerate(ws)), default=0.0)


_INITIAL = re.compile(r"[A-Z]\.?")


# A name has no check digit: OCR's own word confidence is all there is, and it is too sure
# of names. On 100 generated scans, names whose weakest word OCR scored 0.75-0.85 were
# wrong 3 times in 18 ('Hartison-Le', 'Jetfery'); their doubt counts twice.
_OCR_NAME_DOUBT = 2.0
_LOWER_INITIAL = re.compile(r"^[a-z][a-z]")  # the first word: mid-name "and", "van" are lowercase
# punctuation only ('&' is part of 'Smith & Sons'), a lone digit or lowercase letter: the
# box's rules and specks, no part of a name ('Jackson 7', 'Whitehead Ltd a')
_SPECK = re.compile(r"[^\w&]+|\d|[a-z]")
# box e is three cells, 'first name and initial', 'Last name', 'Suff.': OCR reads the rule
# between two cells as 'I' ('Gregory I Jackson', 'Amy Morgan I')
_CELL_LABEL = re.compile(r"\W?(last|su[ft])", re.IGNORECASE)
_RULE = re.compile(r"[Il|!\[\]]")


def _without_cell_rules(page: Page, anchor: Anchor, ws: list[Word]) -> list[Word]:
    """`ws` less the lone strokes standing where a cell of the box begins: just left of a
    cell's label on the box's label row."""
    h = anchor.height
    edges = [w.x0 for w in page.words
             if abs(w.top - anchor.top) < 1.5 * h and _CELL_LABEL.match(w.text)]
    kept = [w for w in ws if not (_RULE.fullmatch(w.text) and any(
        abs((w.x0 + w.x1) / 2 - edge) < 1.2 * h for edge in edges))]
    return kept or ws


_LEGAL_FORM_ONLY = re.compile(r"(LLC|LLP|INC|CORP|LTD|PLC|CO|COMPANY)\.?", re.IGNORECASE)


def _with_ocr_line_mates(page: Page, line: list[Word], box: Sequence[Word],
                         labels: Sequence[Word]) -> list[Word]:
    """The words OCR put on the same line as `line` within the box's columns: a name word
    drawn taller than its box's top ('Potter' of 'Potter LLC') is not lost."""
    ids = {(w.block, w.line) for w in line if w.block}
    if not ids or not box:
        return line
    h = max(sorted(w.height for w in line)[len(line) // 2], 1.0)
    x0, x1 = min(w.x0 for w in box) - 2 * h, max(w.x1 for w in box) + h
    skip = {id(w) for w in labels}
    mates = [w for w in page.words if (w.block, w.line) in ids and w not in line
             and id(w) not in skip and x0 <= w.x0 and w.x1 <= x1]
    return sorted([*line, *mates], key=lambda w: w.x0)
