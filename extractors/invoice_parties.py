"""Who the invoice is from: the vendor from the header (or footer) block (the customer is
in extractors.invoice_customer, address blocks in extractors.invoice_addresses).

The vendor is the name heading an address block near the top of the first page (or in the
footer, where some layouts print it): larger or bolder than body text, often with a
legal-form suffix (Inc., GmbH, B.V., SDN BHD, ...), followed by street and postcode lines
and often a tax ID. A "sold by"/"from" label overrides the layout guess.
"""
from __future__ import annotations

import re
from dataclasses import replace
from statistics import median

from extractors.candidates import Candidate, best_of, to_field
from extractors.invoice_addresses import (
    PAGE_NO, STOP_LINE, address_candidate, aligned_block, sender_line,
)
from extractors.invoice_key_rows import key_rows
from extractors.invoice_vendor_cues import (cut_after_legal_form, footer_cue, label_phrase,
                                            legal_abbreviation, payee_agrees,
                                            registered_names, registration_below,
                                            street_line)
from extractors.layout import LabelHit, PageLines, norm_token
from schemas.document import DocType, FieldValue

LEGAL_FORM = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|"
    r"kg|kgaa|ohg|ug|e\.k|b\.v|bv|n\.v|nv|s\.a|sa|sas|sarl|s\.a\.r\.l|s\.l|sl|s\.r\.l|srl|"
    r"s\.p\.a|spa|sdn|bhd|s/b|pvt|pte|pty|oy|ab|aps|enterprise|trading|services|"
    r"restaurant|restoran|store|mart|hardware|market|group|holdings)\b\.?", re.IGNORECASE)
TITLE_WORDS = {"invoice", "tax", "receipt", "rechnung", "facture", "factura", "factuur",
               "bill", "cash", "quittung", "recu", "recibo", "original", "copy", "kopie",
               "credit", "note", "statement", "simplified", "official", "payment", "proforma",
               "pro-forma", "duplicate", "gutschrift", "avoir", "rectificativa"}
VENDOR_LABELS = ("sold by", "seller", "vendor", "supplier", "issued by", "verkaufer",
                 "lieferant", "vendeur", "fournisseur", "proveedor", "vendedor", "remit to")
_TAX_LINE = re.compile(r"\b(tax id|vat|ust|tva|nif|gst|btw|ein|abn|steuer)", re.IGNORECASE)


def extract_vendor(doc: list[PageLines], hits: list[LabelHit], doc_type: DocType, *,
                   customer: str | None = None) -> dict[str, FieldValue]:
    """Vendor name and address; `customer` (the customer name found) is never the vendor."""
    if not doc or not doc[0].lines:
        return {}
    first = doc[0]
    blocked = _blocked_phrases(doc, hits)
    table_line = _table_header_line(first)
    if first.page.ocr:  # OCR lost the table header: the first row of amounts starts the table
        starts = [x for x in (table_line, _first_amount_row(first)) if x is not None]
        table_line = min(starts, default=None)
    key_lines = {li for p, li in key_rows(doc, hits) if p == 0}  # 'Klant | Order | Datum'
    sizes = [w.size or w.height for line in first.lines for w in line.words]
    body = median(sizes) if sizes else 1.0
    page_h = first.page.height or 1.0
    cands: list[tuple[Candidate, int, tuple]] = []
    labelled = _vendor_by_label(first)
    if labelled is not None:
        cands.append(labelled)
    for li, line in enumerate(first.lines):
        top = line.bbox[1] / page_h
        in_header = top <= 0.4 and (table_line is None or li < table_line)
        in_footer = top >= 0.75 and (table_line is None or li > table_line)
        if not (in_header or in_footer) or li in key_lines:
            continue
        spans = _join_connected(line, [span for span in first.phrases[li]
                                        if (li, span[0]) not in blocked])
        if doc_type == DocType.RECEIPT and len(first.phrases[li]) > 1 and \
                len(spans) == len(first.phrases[li]):
            spans.append((0, len(line.words)))  # till slips are one column: a spaced-out name
        for s, e in spans:
            cand = _vendor_candidate(first, li, line.words[s:e], blocked, body, top, in_header)
            if cand is not None:
                cands.append(cand)
    sender = sender_line(first)
    if sender is not None:
        li, segments = sender
        name = segments[0]
        legal = bool(LEGAL_FORM.search(name))
        line = first.lines[li]
        cands.append((Candidate(value=name, score=0.9 + 0.5 * legal, label=0.4 + 0.2 * legal,
                                shape=0.8, ocr=line.conf, page=first.page.number,
                                bbox=line.bbox), li, tuple(line.words[:1])))
    registered = registered_names(first, LEGAL_FORM)
    cands = payee_agrees(doc, cands + registered, _same_name)
    if customer and first.page.ocr:  # an OCR'd 'Bill to' label lost: its name is no vendor
        cands = [c for c in cands if not _same_name(str(c[0].value), customer)]
    if not cands:
        return {}
    best, margin = best_of([c for c, _, _ in cands])
    _, li, words = next(c for c in cands if c[0] is best)
    if letterhead(first, li, words, body, table_line, blocked):
        # lines of the letterhead's own address, and the customer's name, are no rivals
        own = address_candidate(first, li, words, blocked, trusted=True)
        rivals = [c for c, _, _ in cands if c is best or not (
            _inside(c.bbox, own.bbox) or (customer and _same_name(str(c.value), customer)))]
        best, margin = best_of(rivals)
        best = replace(best, label=1.0)
    # a layout guess is trusted only with most cues agreeing and no close rival
    cap = 0.97 if best.label >= 0.8 and margin >= 0.25 else 0.85
    if footer_cue(first, li, words, best, registered):
        cap = 0.85  # footer cues no calibration corpus prints: a person confirms them
    fields = {"vendor_name": to_field("vendor_name", best, margin, cap=cap)}
    trusted = not fields["vendor_name"].needs_review or (
        first.page.ocr and fields["vendor_name"].confidence >= 0.8)
    address = address_candidate(first, li, words, blocked, trusted=trusted)
    if address is not None:
        fields["vendor_address"] = to_field("vendor_address", address, margin, cap=0.97)
        if first.page.ocr and address.label >= 0.95 and best.label < 1.0:
            # a scanned name heading an address block that ends by itself in a postcode:
            # the letterhead's shape, as letterhead() finds it on a text layer
            fields["vendor_name"] = to_field("vendor_name", replace(best, label=1.0),
                                             margin, cap=0.97)
    if first.page.ocr and doc_type == DocType.INVOICE and (
            (customer is None and (labelled is None or labelled[0].value != best.value))
            or _under_customer_word(first, li, words)):
        # no customer found on a scan: an unlabelled block may be the customer's, its
        # 'Bill to' label lost to OCR; a person checks
        fields = {k: v.model_copy(update={"confidence": min(v.confidence, 0.85),
                                          "needs_review": True}) for k, v in fields.items()}
    return fields


_CUSTOMER_WORDS = {"bill", "billed", "sold", "ship"}


def _under_customer_word(pl: PageLines, li: int, words) -> bool:
    """An OCR'd block right under a 'Bill'/'Sold'/'Ship' word (a 'Bill to' label garbled
    past matching, 'Bi-ll Te'): the block may be the customer's."""
    if li == 0 or not words:
        return False
    reach = 2 * max(words[0].height, 1.0)
    return any(abs(w.x0 - words[0].x0) <= reach and
               re.sub(r"[^a-z]", "", w.text.lower()) in _CUSTOMER_WORDS
               for w in pl.lines[li - 1].words)


def letterhead(pl: PageLines, li: int, words, body: float, table_line: int | None,
               blocked) -> bool:
    """A text-layer letterhead: the name is printed larger than body text and larger than
    any other header text (document titles aside), and an address block ending in a
    postcode sits right under it. OCR'd sizes and words are too rough for this."""
    if pl.page.ocr or not words:
        return False
    size = max(w.size or w.height for w in words)
    if size < 1.15 * body:
        return False
    page_h = pl.page.height or 1.0
    ids = {id(w) for w in words}
    for j, line in enumerate(pl.lines):
        if line.bbox[1] / page_h > 0.4 or (table_line is not None and j >= table_line):
            break
        for w in line.words:
            if id(w) not in ids and _name_like(w.text) and (w.size or w.height) >= size - 0.5:
                return False  # another header text as large: which one is the vendor?
    address = address_candidate(pl, li, words, blocked, trusted=True)
    return address is not None and address.label >= 0.95


_NUMBER_WORDS = {"no", "nr", "n", "nº", "n°", "num", "number", "nummer", "numero", "#"}


def _name_like(text: str) -> bool:
    """Could be part of a name: not a title word ('RECHNUNG'), a document number
    ('RE-2026-07286') or its label ('Nr.')."""
    token = norm_token(text)
    return not any(c.isdigit() for c in text) and any(c.isalpha() for c in text) and \
        token not in TITLE_WORDS and token not in _NUMBER_WORDS


def _inside(box, outer) -> bool:
    if box is None or outer is None:
        return False
    return box[0] >= outer[0] - 1 and box[1] >= outer[1] - 1 and \
        box[2] <= outer[2] + 1 and box[3] <= outer[3] + 1


def _vendor_candidate(pl: PageLines, li: int, words, blocked, body: float, top: float,
                      in_header: bool):
    words = list(words)
    while words and norm_token(words[0].text) in TITLE_WORDS:
        words = words[1:]
    labelled = _strip_vendor_label(words)
    if labelled is not None:
        words = labelled
    words = cut_after_legal_form(words, LEGAL_FORM)
    if not words or (not in_header and words[0].text[:1].islower()
                     and not legal_abbreviation(" ".join(w.text for w in words), LEGAL_FORM)):
        return None  # running text in a footer, unless a company ('e-Shop B.V.')
    text = " ".join(w.text for w in words).strip(" :-|,")
    if label_phrase(text) or street_line(text):
        return None
    letters = sum(c.isalpha() for c in text)
    if letters < 2 or letters < 0.6 * len(text.replace(" ", "")):
        return None
    if STOP_LINE.search(text) or PAGE_NO.search(text) or \
            " ".join(w.text for w in words).rstrip().endswith(":"):
        return None  # ... or a label ('Reference :')
    if pl.page.ocr and (_NOT_A_NAME.search(text) or _AMOUNT_WORD.search(pl.lines[li].text)
                        or _ocr_junk(text)):
        return None  # body text or specks where OCR could not read the header
    words = _continue_name(pl, li, words)
    text = " ".join(w.text for w in words).strip(" :-|,")
    size = max(w.size or w.height for w in words) / body
    bold = any(w.bold for w in words)
    legal = bool(LEGAL_FORM.search(text))
    block = aligned_block(pl, li, words, 5, blocked)
    address = any(re.search(r"\d", ln.text) for ln in block[:3])
    tax_near = any(_TAX_LINE.search(pl.lines[j].text)
                   for j in range(li, min(li + 6, len(pl.lines))))
    score = min(0.6, max(0.0, size - 1.0)) + (0.25 if bold else 0.0)
    score += 0.5 * legal + 0.3 * address + 0.2 * tax_near
    score += 0.35 * (1.0 - top / 0.4) if in_header else 0.1
    registered = not in_header and registration_below(pl, li)
    score += 0.3 * registered  # a footer name over the company's legal identification
    score += 1.0 if labelled is not None else 0.0
    score -= 0.5 if not any(c.isupper() for c in text) else 0.0  # handwriting, notes
    evidence = legal + address + (size > 1.15 or bold) + tax_near + 2 * (labelled is not None) \
        + registered
    bbox = (words[0].x0, min(w.top for w in words), words[-1].x1,
            max(w.bottom for w in words))
    # a name ending in a comma goes on in the next phrase ('Chatterjee, | Dixit and Prasad')
    line_words = pl.lines[li].words
    cut = words[-1].text.endswith(",") and words[-1] in line_words and \
        line_words.index(words[-1]) + 1 < len(line_words)
    cand = Candidate(value=" ".join(text.split()), score=score,
                     label=min(1.0, 0.2 + 0.2 * evidence),
                     shape=0.3 if cut else 0.6 + 0.2 * legal + 0.2 * (size > 1.15 or bold),
                     ocr=min(w.conf for w in words), page=pl.page.number, bbox=bbox)
    return cand, li, tuple(words)


# a street number, a table's column word, the closing courtesy line, a page footer
_NOT_A_NAME = re.compile(r"^\W*(\d{3,}\b|(amount|description|item|qty|quantity|price|total|"
                         r"subtotal|thank|page\w?|seite|pagina)\b)", re.IGNORECASE)
_AMOUNT_WORD = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?![\w.,])")


def _same_name(text: str, name: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(text.lower(), name.lower()) >= 85


def _ocr_junk(text: str) -> bool:
    """OCR specks or a garbled label rather than a name: no word of three letters, mostly
    one- and two-letter bits ('TF Unit ae'), a place and postcode line, a word with a
    capital inside after lower case ('woNunsee'), or a field label OCR glued together
    ('PONumber')."""
    from rapidfuzz import fuzz

    from extractors.invoice_labels import LABELS

    tokens = [t for t in re.split(r"\s+", text) if t]
    lengths = [sum(c.isalpha() for c in t) for t in tokens]
    if max(lengths, default=0) < 3 or sum(n <= 2 for n in lengths) > len(tokens) / 2:
        return True
    if re.search(r"\d{4,}\W*$", text):
        return True
    if re.search(r"\b[a-z]+[A-Z]\w*[a-z]", text) and not LEGAL_FORM.search(text):
        return True  # 'woNunsee': a capital inside a word begun in lower case
    squeezed = re.sub(r"[^a-z]", "", text.lower())
    return len(squeezed) >= 5 and any(
        fuzz.ratio(squeezed, re.sub(r"[^a-z]", "", label)) >= 85
        for entries in LABELS.values() for label, _ in entries)


def _first_amount_row(pl: PageLines) -> int | None:
    """The first line with two or more amounts: an item row."""
    for li, line in enumerate(pl.lines):
        if len(_AMOUNT_WORD.findall(line.text)) >= 2:
            return li
    return None


_NAME_CONTINUES = re.compile(r"(&|\band|\bund|\bet|\by|[-,])$", re.IGNORECASE)
_LEGAL_ONLY = re.compile(r"^(\(?[A-Z]\)?\s*)?((sdn\.?|bhd\.?|s/b|co\.?|ltd\.?|inc\.?|llc|"
                         r"gmbh|ag|b\.?v\.?|s\.?a\.?|plc|limited|pvt\.?)\s*)+$", re.IGNORECASE)


_JOINING = {"and", "und", "et", "y", "e", "&", "of", "the", "de", "van", "von"}


def _join_connected(line, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Phrases a wide space split inside a name ('Woods' | 'and Sons'): a phrase that opens
    with a joining word, close after the one before, goes on with it."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and out[-1][1] == s and line.words[s].text.lower() in _JOINING and \
                line.words[s].x0 - line.words[s - 1].x1 < 2 * max(line.words[s].height, 1.0):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _continue_name(pl: PageLines, li: int, words: list) -> list:
    """A name printed over two lines: 'NORTH STAR TOOLS &' + 'SUPPLIES', or a legal form on
    its own line ('KESTREL OPTICS' + 'SDN BHD')."""
    text = " ".join(w.text for w in words)
    below = aligned_block(pl, li, words, 1)
    if not below:
        return words
    nxt = below[0]
    if sum(c.isdigit() for c in nxt.text) > 0 or STOP_LINE.search(nxt.text):
        return words
    if _NAME_CONTINUES.search(text) or _LEGAL_ONLY.match(nxt.text.strip()):
        return list(words) + list(nxt.words)
    return words


def _strip_vendor_label(words) -> list | None:
    """Words after a leading 'Sold by:'-style label, or None when there is none."""
    norms = [norm_token(w.text) for w in words]
    for label in VENDOR_LABELS:
        n = len(label.split())
        if " ".join(norms[:n]) == label:
            rest = [w for w in words[n:] if norm_token(w.text)]
            return rest or None
    return None


def _table_header_line(pl: PageLines) -> int | None:
    from extractors.line_items import header_columns

    for li, line in enumerate(pl.lines):
        if header_columns(line) is not None:
            return li
    return None


def _blocked_phrases(doc: list[PageLines], hits: list[LabelHit]) -> set[tuple[int, int]]:
    """(line, phrase start) on page 1 that hold a label or the customer block."""
    first = doc[0]
    blocked: set[tuple[int, int]] = set()
    for h in hits:
        if h.page != 0:
            continue
        for s, e in first.phrases[h.line]:
            if s <= h.start < e:
                blocked.add((h.line, s))
        if h.field == "customer":  # ship-to blocks too, though it is not the customer
            label = first.lines[h.line].words[h.start:h.end]
            x0, x1 = label[0].x0, label[-1].x1
            height = max(label[0].height, 1.0)
            for li in range(h.line, min(h.line + 7, len(first.lines))):
                for s, e in first.phrases[li]:
                    ws = first.lines[li].words[s:e]
                    if abs(ws[0].x0 - x0) < 2 * height or (li == h.line and ws[0].x0 >= x1):
                        blocked.add((li, s))
    return blocked


def _vendor_by_label(first: PageLines):
    for li, line in enumerate(first.lines):
        if line.bbox[1] > 0.4 * (first.page.height or 1.0):
            break
        idx = [norm_token(w.text) for w in line.words]
        for label in VENDOR_LABELS:
            n = len(label.split())
            start = next((i for i in range(min(3, len(idx)))
                          if " ".join(idx[i:i + n]) == label), None)
            if start is None:
                continue
            words = [w for w in line.words[start + n:] if w.text not in (":", "-")]
            row = li
            if not words:
                if li + 1 >= len(first.lines):
                    continue
                words, row = list(first.lines[li + 1].words), li + 1
            text = " ".join(w.text for w in words).strip(" :")
            if sum(c.isalpha() for c in text) < 3:
                continue
            legal = bool(LEGAL_FORM.search(text))
            return (Candidate(value=text, score=1.5, label=0.8, shape=0.8 + 0.2 * legal,
                              ocr=min(w.conf for w in words), page=first.page.number,
                              bbox=(words[0].x0, words[0].top, words[-1].x1,
                                    words[-1].bottom)), row, tuple(words))
    return None

