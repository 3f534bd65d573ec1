"""Who the invoice is from and to: vendor from the header block, customer from its label.

The vendor is the name heading an address block near the top of the first page: larger or
bolder than body text, often with a legal-form suffix (Inc., GmbH, B.V., SDN BHD, ...),
followed by street and postcode lines. A "sold by"/"from" label overrides the layout
guess. The customer block hangs under (or right of) a "Bill to"-style label.
"""
from __future__ import annotations

import re
from statistics import median

from extractors.candidates import Candidate, best_of, to_field
from extractors.layout import LabelHit, PageLines, norm_token, value_below, value_right
from extractors.page_model import Line
from schemas.document import DocType, FieldValue

LEGAL_FORM = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|"
    r"kg|ohg|ug|e\.k|b\.v|bv|n\.v|nv|s\.a|sa|sas|sarl|s\.a\.r\.l|s\.l|sl|s\.r\.l|srl|"
    r"s\.p\.a|spa|sdn|bhd|s/b|pvt|pte|pty|oy|ab|as|aps|enterprise|trading|services|"
    r"restaurant|restoran|store|mart|hardware|market)\b\.?", re.IGNORECASE)
TITLE_WORDS = {"invoice", "tax", "receipt", "rechnung", "facture", "factura", "factuur",
               "bill", "cash", "quittung", "recu", "recibo", "original", "copy", "kopie",
               "credit", "note", "statement", "simplified", "official", "payment", "proforma",
               "pro-forma", "duplicate"}
VENDOR_LABELS = ("sold by", "seller", "vendor", "supplier", "from", "issued by",
                 "verkaufer", "lieferant", "vendeur", "fournisseur", "proveedor", "vendedor",
                 "remit to", "payee")
_STOP_LINE = re.compile(r"(\btel\b|phone|\bfax\b|e-?mail|@|www\.|http|\bgst\b|\bvat\b|"
                        r"\breg\b|\bco\.? ?no\b|\bsst\b|\btin\b|\bein\b|\bust|\babn\b|"
                        r"invoice|receipt|\bdate\b|cashier|table|\bbill\b)", re.IGNORECASE)


def extract_vendor(doc: list[PageLines], hits: list[LabelHit], doc_type: DocType
                   ) -> dict[str, FieldValue]:
    if not doc or not doc[0].lines:
        return {}
    first = doc[0]
    customer_lines = _customer_line_ids(doc, hits)
    label_lines = {h.line for h in hits if h.page == 0 and h.field is not None}
    sizes = [w.size or w.height for line in first.lines for w in line.words]
    body = median(sizes) if sizes else 1.0
    page_h = first.page.height or 1.0
    cands: list[tuple[Candidate, int]] = []
    labelled = _vendor_by_label(first)
    if labelled is not None:
        cands.append(labelled)
    for li, line in enumerate(first.lines):
        top = line.bbox[1] / page_h
        if top > 0.4:
            break
        if li in customer_lines:
            continue
        for s, e in first.phrases[li]:
            words = line.words[s:e]
            while words and norm_token(words[0].text) in TITLE_WORDS:
                words = words[1:]
            text = " ".join(w.text for w in words).strip(" :-|,")
            letters = sum(c.isalpha() for c in text)
            if letters < 3 or letters < 0.6 * len(text.replace(" ", "")):
                continue
            if _STOP_LINE.search(text) or li in label_lines and len(first.phrases[li]) == 1:
                continue
            size = max(w.size or w.height for w in words) / body
            score = 0.0
            score += min(0.6, max(0.0, size - 1.0))  # larger than body text
            score += 0.25 if any(w.bold for w in words) else 0.0
            score += 0.35 * (1.0 - top / 0.4)  # the higher the better
            legal = bool(LEGAL_FORM.search(text))
            score += 0.5 if legal else 0.0
            address = _address_follows(first, li, words[0].x0)
            score += 0.3 if address else 0.0
            ocr = min(w.conf for w in words)
            bbox = (words[0].x0, min(w.top for w in words), words[-1].x1,
                    max(w.bottom for w in words))
            cand = Candidate(value=" ".join(text.split()), score=score,
                             label=0.3 + 0.3 * legal + 0.2 * address,
                             shape=0.6 + 0.2 * legal + 0.2 * (size > 1.15), ocr=ocr,
                             page=first.page.number, bbox=bbox)
            cands.append((cand, li))
    if not cands:
        return {}
    best, margin = best_of([c for c, _ in cands])
    fields = {"vendor_name": to_field("vendor_name", best, margin, cap=0.97)}
    li = next(li for c, li in cands if c is best)
    address = _address_block(first, li, best.bbox[0] if best.bbox else 0.0)
    if address is not None:
        fields["vendor_address"] = to_field("vendor_address", address, 0.5, cap=0.9)
    return fields


def _vendor_by_label(first: PageLines) -> tuple[Candidate, int] | None:
    for li, line in enumerate(first.lines):
        low = " ".join(norm_token(w.text) for w in line.words)
        for label in VENDOR_LABELS:
            if low.startswith(label + " ") or f" {label} " in f" {low} " and \
                    low.index(label) < 3:
                n = len(label.split())
                idx = [norm_token(w.text) for w in line.words]
                start = next(i for i in range(len(idx)) if " ".join(idx[i:i + n]) == label)
                words = [w for w in line.words[start + n:] if w.text not in (":", "-")]
                if not words:
                    if li + 1 >= len(first.lines):
                        continue
                    words = list(first.lines[li + 1].words)
                    li = li + 1
                text = " ".join(w.text for w in words).strip(" :")
                if sum(c.isalpha() for c in text) < 3:
                    continue
                legal = bool(LEGAL_FORM.search(text))
                return (Candidate(value=text, score=1.5, label=0.8, shape=0.8 + 0.2 * legal,
                                  ocr=min(w.conf for w in words), page=first.page.number,
                                  bbox=(words[0].x0, words[0].top, words[-1].x1,
                                        words[-1].bottom)), li)
    return None


def _address_follows(pl: PageLines, li: int, x0: float) -> bool:
    block = _block_below(pl, li, x0, 2)
    return any(re.search(r"\d", line.text) for line in block)


def _block_below(pl: PageLines, li: int, x0: float, limit: int) -> list[Line]:
    out = []
    prev = pl.lines[li]
    for line in pl.lines[li + 1:]:
        height = max(prev.bbox[3] - prev.bbox[1], 1.0)
        if line.bbox[1] - prev.bbox[3] > 1.2 * height:
            break
        same_col = [w for w in line.words if abs(w.x0 - x0) < 2.5 * height or
                    (w.x0 >= x0 - height and w.x0 < x0 + 15 * height)]
        if not same_col or abs(same_col[0].x0 - x0) > 2.5 * height:
            if out:
                break
            continue
        out.append(Line(tuple(same_col)))
        prev = line
        if len(out) >= limit:
            break
    return out


def _address_block(pl: PageLines, li: int, x0: float) -> Candidate | None:
    lines = []
    for line in _block_below(pl, li, x0, 5):
        if _STOP_LINE.search(line.text) and lines:
            break
        if _STOP_LINE.search(line.text):
            break
        lines.append(line)
    if not lines or not any(re.search(r"\d", ln.text) for ln in lines):
        return None
    text = " ".join(" ".join(ln.text for ln in lines).split())
    return Candidate(value=text, score=1.0, label=0.3, shape=0.6,
                     ocr=min(ln.conf for ln in lines), page=pl.page.number,
                     bbox=(min(ln.bbox[0] for ln in lines), lines[0].bbox[1],
                           max(ln.bbox[2] for ln in lines), lines[-1].bbox[3]))


# ---- customer -----------------------------------------------------------------------

def _customer_line_ids(doc, hits) -> set[int]:
    ids: set[int] = set()
    for h in hits:
        if h.field == "customer" and h.page == 0 and h.strength >= 0.7:
            ids |= set(range(h.line, h.line + 6))
    return ids


def extract_customer(doc, hits, stops) -> dict[str, FieldValue]:
    cands = []
    for h in hits:
        if h.field != "customer" or h.strength < 0.7:
            continue
        pl = doc[h.page]
        right = value_right(doc, h, stops)
        label_x = pl.lines[h.line].words[h.start].x0
        if right:
            name_words, li, x0 = right, h.line, right[0].x0
        else:
            below = value_below(doc, h)
            if not below:
                continue
            li = next(i for i in range(h.line + 1, len(pl.lines))
                      if below[0] in pl.lines[i].words)
            name_words, x0 = below, min(below[0].x0, label_x)
        name = " ".join(" ".join(w.text for w in name_words).split())
        if sum(c.isalpha() for c in name) < 3:
            continue
        cands.append((Candidate(value=name, score=h.strength, label=0.6 * h.strength,
                                shape=0.7, ocr=min(w.conf for w in name_words),
                                page=pl.page.number,
                                bbox=(name_words[0].x0, name_words[0].top, name_words[-1].x1,
                                      name_words[-1].bottom)), pl, li, x0))
    if not cands:
        return {}
    best, margin = best_of([c[0] for c in cands])
    _, pl, li, x0 = next(c for c in cands if c[0] is best)
    out = {"customer_name": to_field("customer_name", best, margin, cap=0.93)}
    address = _address_block(pl, li, x0)
    if address is not None:
        out["customer_address"] = to_field("customer_address", address, 0.5, cap=0.9)
    return out
