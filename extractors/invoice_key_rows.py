"""Key rows: a row of labels with their values in the row below ('Inv # | Invoice Date |
Due Date | PO Number' over 'INV-2026-0001 | 07/02/2026 | ...'), as many invoice layouts
print their header facts.

OCR often garbles one label of such a row ('Iny #', 'invo') while reading the others. A
column of a key row that holds no recognised label, whose header looks like an invoice
number label, and whose value is shaped like a document number, is a weak candidate for
the invoice number: always reviewed.
"""
from __future__ import annotations

import re

from extractors.layout import LabelHit, PageLines, norm_token

KEY_ROW_FIELDS = {"invoice_date", "due_date", "po_number", "invoice_number"}
# pieces of 'invoice no/number/#' that survive OCR ('Iny #', 'invo', 'oice', '[anv')
_INVOICE_HEAD = re.compile(r"(n[vy]|nvo|voi|oic|^[il1|\[]n|\bnu|\bno\b|\bnr\b|#)", re.IGNORECASE)


def key_rows(doc: list[PageLines], hits: list[LabelHit]) -> list[tuple[int, int]]:
    """(page, line) of lines holding two or more header-field labels, each starting its
    own phrase."""
    fields: dict[tuple[int, int], list[str]] = {}
    for h in hits:
        if h.field in KEY_ROW_FIELDS and h.strength >= 0.7:
            starts = {s for s, _ in doc[h.page].phrases[h.line]}
            if h.start in starts:
                fields.setdefault((h.page, h.line), []).append(h.field)
    return sorted(key for key, names in fields.items() if len(names) >= 2)


def unlabelled_invoice_columns(doc: list[PageLines], hits: list[LabelHit],
                               strength: float = 0.45) -> list[LabelHit]:
    """Pseudo-labels for the columns of key rows (or the row just above one, when OCR split
    a two-line header) whose header reads like a garbled invoice-number label."""
    labelled = {(h.page, h.line, s) for h in hits
                for s, e in doc[h.page].phrases[h.line] if s <= h.start < e}
    out = []
    for page, row in key_rows(doc, hits):
        pl = doc[page]
        for line in (row - 1, row) if row > 0 else (row,):
            words = pl.lines[line].words
            for s, e in pl.phrases[line]:
                if (page, line, s) in labelled:
                    continue
                head = " ".join(norm_token(w.text) or w.text for w in words[s:e])
                if not _INVOICE_HEAD.search(head) or len(head) > 24:
                    continue
                out.append(LabelHit("invoice_number", strength, page, line, s, e))
    return out



_DOC_NUMBER = re.compile(r"^(?=(?:.*\d){4})[A-Za-z0-9][A-Za-z0-9/_\-]*[A-Za-z0-9]$")


def value_row_first_id(doc: list[PageLines]):
    """The first value of a key row whose labels OCR lost altogether: on the upper part
    of page 1, a row of phrases that holds a date, starts with a document-number-shaped
    word (four digits or more, not a date or an amount) and either sits right under a row
    of two or more header phrases or holds two dates among three or more phrases. Returns
    (word, line) or None."""
    from extractors.normalize import parse_date

    pl = doc[0]
    height = pl.page.height or 1.0
    for li in range(1, len(pl.lines)):
        line = pl.lines[li]
        if line.bbox[1] > 0.45 * height:
            break
        spans = pl.phrases[li]
        if len(spans) < 2:
            continue
        texts = [" ".join(w.text for w in line.words[s:e]) for s, e in spans]
        first = line.words[spans[0][0]].text.strip(":;,'‘’\"“”«»|[]()*_")
        if not _DOC_NUMBER.match(first) or parse_date(first) is not None or \
                re.search(r"\d[.,]\d{2}$", first):
            continue
        dates = sum(parse_date(t) is not None for t in texts[1:])
        if not dates:
            continue
        if dates >= 2 and len(spans) >= 3 or _header_row_above(pl, li):
            return line.words[spans[0][0]], li
    return None


def _header_row_above(pl: PageLines, li: int) -> bool:
    """A row of two or more header phrases right above line `li` (one line of OCR drift
    allowed); its words over the values may be lost."""
    line = pl.lines[li]
    for above in range(li - 1, max(li - 3, -1), -1):
        gap = line.bbox[1] - pl.lines[above].bbox[3]
        if gap > 2.5 * max(line.words[0].height, 1.0):
            return False
        if len(pl.phrases[above]) >= 2:
            return True
    return False


def value_row_dates(doc: list[PageLines], day_first: bool | None):
    """The first two dates of that key row, in print order, with their words: in such rows
    the invoice date comes before the due date. None without such a row or two dates."""
    from extractors.normalize import parse_date

    found = value_row_first_id(doc)
    if found is None:
        return None
    li = found[1]
    pl = doc[0]
    line = pl.lines[li]
    dates = []
    for s, e in pl.phrases[li][1:]:
        words = line.words[s:e]
        value = parse_date(" ".join(w.text for w in words), day_first=day_first)
        if value is not None:
            dates.append((value, words))
    return tuple(dates[:2]) if len(dates) >= 2 else None


HEADER_SHARE = 0.3  # of the page's height: where a title block's '# 1042' stands


def number_sign_value(pl: PageLines) -> tuple[str, object] | None:
    """The value of a phrase that opens with a lone number sign in the title block of the
    page ('# 2026-118' under an 'INVOICE' title OCR lost): (text, word), or None. Weak
    evidence, for when no invoice-number label was read."""
    page_h = pl.page.height or 1.0
    for li, line in enumerate(pl.lines):
        if line.bbox[1] > HEADER_SHARE * page_h:
            break
        for s, e in pl.phrases[li]:
            words = line.words[s:e]
            if len(words) == 2 and words[0].text == "#" and \
                    re.fullmatch(r"[A-Za-z0-9][\w./-]*[A-Za-z0-9]", words[1].text) and \
                    any(c.isdigit() for c in words[1].text):
                return words[1].text, words[1]
    return None
