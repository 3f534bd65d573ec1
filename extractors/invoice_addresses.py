"""Address blocks on invoices: the lines under a party's name, and the one-line sender
address over a window-envelope recipient block. Shared by the vendor (invoice_parties) and
the customer (invoice_customer).
"""
from __future__ import annotations

import re

from extractors.candidates import Candidate
from extractors.layout import PageLines
from extractors.page_model import Line

STOP_LINE = re.compile(r"(\btel\b|phone|\bfax\b|e-?mail|@|www\.|http|\bgst\b|\bvat\b|"
                       r"\breg\b|\bco\.? ?no\b|\bsst\b|\btin\b|\bein\b|\bust|\babn\b|"
                       r"\btax id\b|\bnif\b|\btva\b|\biban\b|"
                       r"invoice|receipt|\bdate\b|cashier|table|\bbill\b)", re.IGNORECASE)
PAGE_NO = re.compile(r"\b(page|seite|p[aá]gina)\s*\d", re.IGNORECASE)


def aligned_block(pl: PageLines, li: int, anchor, limit: int,
                  blocked: set[tuple[int, int]] | frozenset = frozenset()) -> list[Line]:
    """Phrases under `anchor` (a run of words) aligned with it left, centre or right, on
    consecutive lines without a wide vertical gap."""
    ax0, ax1 = anchor[0].x0, anchor[-1].x1
    centre = (ax0 + ax1) / 2
    out: list[Line] = []
    prev_bottom = max(w.bottom for w in anchor)
    height = max(max(w.height for w in anchor), 1.0)
    from extractors.line_items import header_columns

    for j in range(li + 1, len(pl.lines)):
        line = pl.lines[j]
        h = max(line.bbox[3] - line.bbox[1], 1.0)
        if line.bbox[1] - prev_bottom > 1.2 * min(h, height) + 2 or header_columns(line):
            break  # a wide gap, or the line-items table starts
        tol = 1.5 * h
        found = None
        for k, (s, e) in enumerate(pl.phrases[j]):
            ws = line.words[s:e]
            x0, x1 = ws[0].x0, ws[-1].x1
            if abs(x0 - ax0) < tol or abs((x0 + x1) / 2 - centre) < tol or abs(x1 - ax1) < tol:
                if pl.page.ocr:  # OCR split the line at a wider space: 'East Juanville, | IN'
                    ws = _rejoin_pieces(line, pl.phrases[j][k:], h)
                found = (s, ws)
                break
        if found is None:
            continue  # another column's line between ours (OCR lines drift with skew)
        if (j, found[0]) in blocked:
            break
        out.append(Line(tuple(found[1])))
        prev_bottom = line.bbox[3]
        height = h
        if len(out) >= limit:
            break
    return out


def _rejoin_pieces(line: Line, spans, height: float):
    """The first phrase and the ones after it within ~2.5 text heights (not a column)."""
    s, e = spans[0]
    words = list(line.words[s:e])
    for s2, e2 in spans[1:]:
        if line.words[s2].x0 - words[-1].x1 > 2.5 * height:
            break
        words += line.words[s2:e2]
    return tuple(words)


def address_candidate(pl: PageLines, li: int, anchor, blocked, *, trusted: bool = False
                       ) -> Candidate | None:
    """The address lines under a name. Trusted (enough to skip review) only under a trusted
    name, when the block ends by itself (a gap or a contact line, not the line limit) and
    its last line holds a postcode-like number."""
    limit = 5
    lines, block = [], aligned_block(pl, li, anchor, limit + 1, blocked)
    ended = len(block) <= limit
    for line in block[:limit]:
        if STOP_LINE.search(line.text) or PAGE_NO.search(line.text):
            ended = True
            break
        lines.append(line)
    if not lines or not any(re.search(r"\d", ln.text) for ln in lines):
        return None
    text = " ".join(" ".join(ln.text for ln in lines).split())
    # a UK postcode OCR read in its shape counts too (one it misread out of shape does not)
    postcode = re.search(r"\d{3,}", lines[-1].text) or _UK_POSTCODE.search(lines[-1].text)
    sure = trusted and ended and bool(postcode)
    return Candidate(value=text, score=1.0, label=0.95 if sure else 0.4,
                     shape=0.95 if sure else 0.8,
                     ocr=min(ln.conf for ln in lines), page=pl.page.number,
                     bbox=(min(ln.bbox[0] for ln in lines), lines[0].bbox[1],
                           max(ln.bbox[2] for ln in lines), lines[-1].bbox[3]))


# 'S6K 9FY', 'G0 8FW', 'SW1A 1AA' (UK), 'K1A 0B1' (Canada), ending the address's last line
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\s*$|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\s*$")
_SENDER_SPLIT = re.compile(r"\s+[·•|]\s+|\s+[-–]\s+")


def sender_line(pl: PageLines) -> tuple[int, list[str]] | None:
    """The one-line sender address over a window-envelope recipient block (DIN 5008 and
    similar): 'ACME GmbH · Hauptstr. 1 · 12345 Berlin'."""
    for li, line in enumerate(pl.lines):
        if line.bbox[1] > 0.45 * (pl.page.height or 1.0):
            break
        segments = [x.strip() for x in _SENDER_SPLIT.split(line.text) if x.strip()]
        if len(segments) >= 3 and re.search(r"\d{4,5}", line.text) and \
                sum(c.isalpha() for c in segments[0]) >= 2 and len(pl.phrases[li]) == 1:
            return li, segments
    return None
