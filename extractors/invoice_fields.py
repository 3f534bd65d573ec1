"""Invoice and receipt fields: labels found word by word, values paired by geometry,
candidates ranked, amounts checked against each other, confidence calibrated.

`extract_invoice(pages, doc_type)` returns (fields, tables) in the contract's form.
"""
from __future__ import annotations

import re
from datetime import date

from extractors.candidates import Candidate, best_of, to_field
from extractors.confidence import failed_check_doubts, rescored
from extractors.invoice_amounts import derive_missing_amount, extract_amounts, extract_currency, items_total
from extractors.invoice_evidence import (check_amounts, check_dates_and_terms, check_read_twice,
                                         is_credit_note)
from extractors.invoice_identifiers import (CLEAN_ID_CONF, extract_iban, reads_as_identifier,
                                            repair_document_number, repair_po_number)
from extractors.invoice_key_rows import (number_sign_value, unlabelled_invoice_columns,
                                        value_row_dates, value_row_first_id)
from extractors.invoice_labels import LEXICON, find_invoice_labels  # noqa: F401 (tests)
from extractors.invoice_ocr_text import cap_ocr_text
from extractors.invoice_customer import extract_customer
from extractors.invoice_parties import extract_vendor
from extractors.invoice_tax_ids import extract_tax_id
from extractors.invoice_totals_row import implied_subtotal, money_layout
from extractors.layout import (PageLines, bbox_of,
                               min_conf, page_lines, text_of, value_below, value_right,
                               value_stops)
from extractors.line_items import extract_line_items
from extractors.normalize import date_is_ambiguous, parse_date
from extractors.page_model import Line, Page, Word
from schemas.document import DocType, FieldValue

ID_FIELDS = ("invoice_number", "po_number")
DATE_FIELDS = ("invoice_date", "due_date")
_ID_TOKEN = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]$|^[A-Za-z]+_[\w]+$")
_DATEISH = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def extract_invoice(pages: list[Page], doc_type: DocType = DocType.INVOICE
                    ) -> tuple[dict[str, FieldValue], dict[str, list[dict[str, FieldValue]]]]:
    doc = [page_lines(p) for p in pages]
    if not any(pl.lines for pl in doc):
        return {}, {}
    hits = find_invoice_labels(doc, invoice=doc_type == DocType.INVOICE)
    stops = value_stops(doc, hits)
    fields: dict[str, FieldValue] = {}
    currency = extract_currency(doc)
    day_first, order_known = _day_order(doc, None if currency is None else str(currency.value))

    for name in ID_FIELDS:
        cands = _id_candidates(doc, hits, stops, name)
        if name == "invoice_number" and not cands:  # a key row's garbled column header
            cands = _id_candidates(doc, unlabelled_invoice_columns(doc, hits), stops, name,
                                   below_only=True) or _value_row_candidate(doc) \
                or _number_sign_candidate(doc)
        if name == "po_number" and not cands:
            cands = _po_shaped(doc) or _value_row_po(doc, hits)
        cand, margin = best_of(cands)
        if cand is not None:
            # an OCR'd identifier that was repaired or is short of digits: a person checks
            weak = cand.ocr < 1.0 and cand.shape <= 0.7
            fields[name] = to_field(name, cand, margin, cap=0.85 if weak else 1.0)
            if doc_type == DocType.INVOICE and _clean_id_read(cand, margin, name) and \
                    fields[name].confidence < CLEAN_ID_CONF:
                fields[name] = rescored(fields[name], name, CLEAN_ID_CONF)
    printed_plainly = set()  # dates a text layer prints under their label, day/month order sure
    for name in ("due_date", "invoice_date"):
        cands = _date_candidates(doc, hits, stops, name, day_first, order_known)
        if name == "invoice_date" and not cands:
            taken = {f.value for f in fields.values()}
            cands = [c for c in _lone_date(doc, day_first, order_known) if c.value not in taken]
        cand, margin = best_of(cands)
        if cand is not None:  # an unlabelled date is a guess: always reviewed
            # a generic 'Date' on a scan may head a neighbouring column: reviewed too
            weak = cand.label <= 0.35 or (cand.ocr < 1.0 and cand.label < 0.8)
            fields[name] = to_field(name, cand, margin, cap=0.85 if weak else 1.0)
            if not failed_check_doubts(cand.ocr < 1.0) and cand.shape >= 1.0 and cand.label >= 0.8:
                printed_plainly.add(name)
    key_row = _key_row_dates(doc, fields, day_first)
    fields |= key_row
    if "due_date" in fields and "invoice_date" in fields and \
            fields["due_date"].value < fields["invoice_date"].value and \
            not (printed_plainly >= set(DATE_FIELDS) and not key_row):
        # a due date before the invoice date: on a scan or with the day/month order guessed,
        # one of them is misread; two dates a text layer prints plainly under their labels
        # are the invoice's own defect, which the rules report (DUE_BEFORE_INVOICE_DATE)
        for name in DATE_FIELDS:
            fields[name] = fields[name].model_copy(update={"needs_review": True})

    fields |= _simple_text_field(doc, hits, stops, "payment_terms")
    fields |= extract_tax_id(doc, hits, stops)
    fields |= extract_iban(doc)
    customer = extract_customer(doc, hits, stops)
    name = customer.get("customer_name")
    fields |= extract_vendor(doc, hits, doc_type, customer=None if name is None else name.value)
    fields |= customer
    items = extract_line_items(doc, hits, receipt=doc_type == DocType.RECEIPT)
    invoice = doc_type == DocType.INVOICE  # receipts read through here keep their own rules
    # an invoice's computed amount joins after the sum is checked: it adds up by construction
    fields |= extract_amounts(doc, hits, stops, items, derive=not invoice,
                              **(money_layout(doc, hits) if invoice else {}))
    if currency is not None:
        fields["currency"] = currency
    if invoice:  # a name read twice is sure before its address is judged under it
        fields = check_read_twice(fields, doc)
    fields = cap_ocr_text(fields, pages, trust_clean=invoice, doc=doc if invoice else None)
    if invoice:
        scan = any(p.ocr for p in pages)
        fields = check_amounts(fields, items_total(items), ocr=scan,
                               credit_note=is_credit_note(" ".join(p.text for p in pages)))
        fields |= derive_missing_amount(fields, doc, hits)
        fields |= implied_subtotal(fields, items_total(items))
        fields = check_dates_and_terms(fields, ocr=scan, doc=doc)
    tables = {"line_items": items} if items else {}
    return fields, tables


# ---- identifiers --------------------------------------------------------------------

def _id_candidates(doc, hits, stops, name, *, below_only: bool = False) -> list[Candidate]:
    out = []
    for h in hits:
        if h.field != name:
            continue
        places = [] if below_only else [(value_right(doc, h, stops), 1.0)]
        if h.strength >= 0.8 or below_only or (h.strength >= 0.6 and _whole_phrase(doc, h)):
            places.append((value_below(doc, h), 0.85))
        for words, where in places:
            # a value under its label stands alone: it starts the phrase ('Jul 18, 2026'
            # under a title holds no identifier)
            token = _first_id(words, lead=1 if where < 1.0 else 3)
            if token is None:
                continue
            value, shape = token.text, _id_shape(token.text)
            if token.conf < 1.0:
                value = repair_document_number(token.text) if name == "invoice_number" \
                    else repair_po_number(token.text)
                shape = shape if value == token.text else 0.7  # repaired: a person checks
                shape = 0.7 if _cut_short(token, words) else shape
            out.append(Candidate(
                value=value, score=h.strength * where, label=h.strength * where,
                shape=shape, ocr=token.conf, page=doc[h.page].page.number,
                bbox=token.bbox))
    return out


_PO_SHAPED = re.compile(r"^P[O0]-?\d{3,}$", re.IGNORECASE)


def _po_shaped(doc) -> list[Candidate]:
    """An OCR'd purchase-order number whose label was lost, known by its own 'PO-123456'
    shape, in the upper half of page 1: a guess, reviewed, unless it is the only one there
    and reads cleanly as a PO number (reads_as_identifier): its own 'PO' then labels it."""
    pl = doc[0]
    if not pl.page.ocr:
        return []
    found = []
    for line in pl.lines:
        if line.bbox[1] > 0.5 * (pl.page.height or 1.0):
            break
        for i in range(len(line.words)):
            token = _first_id(line.words[i:i + 2])  # 'PO- 285476' re-joined
            if token is not None and _PO_SHAPED.match(token.text):
                found.append(token)
    if not found:
        return []
    token = found[0]
    if len({t.text for t in found}) == 1 and reads_as_identifier(token.text, token.conf, po=True):
        return [Candidate(value=token.text, score=0.8, label=0.8, shape=1.0, ocr=token.conf,
                          page=pl.page.number, bbox=token.bbox)]
    return [Candidate(value=token.text, score=0.3, label=0.25, shape=0.7,
                      ocr=min(token.conf, 0.8), page=pl.page.number, bbox=token.bbox)]


def _value_row_po(doc, hits) -> list[Candidate]:
    """The last value of a key row whose header (a line or two above) names a PO column
    ('PO | Numbe'), when it is a long number: a guess, always reviewed."""
    found = value_row_first_id(doc)
    if found is None:
        return []
    li = found[1]
    if not any(h.field == "po_number" and h.page == 0 and li - 3 <= h.line < li for h in hits):
        return []
    pl = doc[0]
    s, e = pl.phrases[li][-1]
    token = _first_id(pl.lines[li].words[s:e], lead=1)
    if token is None or token is found[0] or sum(c.isdigit() for c in token.text) < 4:
        return []
    return [Candidate(value=repair_po_number(token.text), score=0.3, label=0.3, shape=0.7,
                      ocr=min(token.conf, 0.8), page=pl.page.number, bbox=token.bbox)]


def _cut_short(token: Word, words) -> bool:
    """An OCR'd identifier with a piece of digits set close after it ('GS-2026' '31480'):
    OCR split it where a hyphen was lost, so the value read may be cut short."""
    gap = 1.5 * max(token.height, 1.0)  # closer than a column: the same value
    return any(token.x1 <= w.x0 < token.x1 + gap and w.text[:1] in "0123456789-/"
               for w in words)


def _clean_id_read(cand: Candidate, margin: float, name: str) -> bool:
    """A scanned identifier after a strong label, unrepaired, with no rival value, that
    reads cleanly (invoice_identifiers.reads_as_identifier)."""
    return cand.ocr < 1.0 and cand.label >= 0.8 and cand.shape >= 1.0 and margin >= 0.5 \
        and reads_as_identifier(str(cand.value), cand.ocr, po=name == "po_number")


def _whole_phrase(doc, h) -> bool:
    """A label that is its phrase's only text: a column header ('Factuur', 'Booking ID')."""
    return (h.start, h.end) in doc[h.page].phrases[h.line]


def _value_row_candidate(doc) -> list[Candidate]:
    """An unlabelled key-row value shaped like a document number: a guess, reviewed."""
    found = value_row_first_id(doc)
    if found is None:
        return []
    word, _ = found
    token = _first_id((word,))
    if token is None:
        return []
    return [Candidate(value=repair_document_number(token.text), score=0.3, label=0.25,
                      shape=0.6, ocr=min(token.conf, 0.8), page=doc[0].page.number,
                      bbox=token.bbox)]


def _number_sign_candidate(doc) -> list[Candidate]:
    """'# 2026-118' in the title block, its title lost: a guess, reviewed."""
    found = number_sign_value(doc[0])
    if found is None:
        return []
    value, word = found
    return [Candidate(value=value, score=0.3, label=0.3, shape=_id_shape(value),
                      ocr=min(word.conf, 0.8), page=doc[0].page.number, bbox=word.bbox)]


def _first_id(words: tuple[Word, ...], lead: int = 3) -> Word | None:
    """The identifier among the first `lead` words (after re-joining an OCR split)."""
    words = _join_split_id(words)
    for w in words[:lead]:
        text = w.text.strip(":;,'‘’\"“”«»|[]()*_")
        if w.conf < 1.0:  # OCR: a '~' for a hyphen, a speck of a full stop after the value
            text = text.replace("~", "-").rstrip(".—–")
        if _DATEISH.match(text) or parse_date(text) is not None:
            return None
        if _ID_TOKEN.match(text) and len(text) >= 3:
            return w if text == w.text else Word(text, *w.bbox, w.conf)
    return None


_ID_HEAD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]*(?:[-/]|\d)$")
SPLIT_ID_CONF = 0.5  # OCR word confidence given to an identifier re-joined from two words


def _join_split_id(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """OCR cuts an identifier in two at a hyphen or inside its digits ('CN-2026- 78706',
    'CN-2026-79 114'): a first OCR word ending in a hyphen or digit, then a word of digits
    only, closely set, ending the value, are one identifier. The join is a guess, so the
    joined word carries a low OCR confidence (the value goes to review)."""
    if len(words) < 2 or words[0].conf >= 1.0:
        return words
    a, b = words[0], words[1]
    tail = b.text.rstrip(".,;:)")
    close = b.x0 - a.x1 < 0.6 * max(a.height, 1.0)
    if not (_ID_HEAD.match(a.text) and tail.isdigit() and close) or \
            (len(words) > 2 and words[2].text[:1].isdigit()):
        return words
    if not a.text.endswith(("-", "/")) and sum(c.isdigit() for c in a.text) < 2:
        return words
    joined = Word(a.text + tail, a.x0, min(a.top, b.top), b.x1, max(a.bottom, b.bottom),
                  min(a.conf, b.conf, SPLIT_ID_CONF))
    return (joined,) + tuple(words[2:])


def _id_shape(text: str) -> float:
    digits = sum(c.isdigit() for c in text)
    if digits >= 3:
        return 1.0
    return 0.7 if digits else 0.5


# ---- dates --------------------------------------------------------------------------

MONTH_FIRST_CURRENCIES = {"USD"}
DAY_FIRST_CURRENCIES = {"EUR", "GBP", "INR", "MYR", "AUD", "NZD", "CHF", "SGD", "ZAR"}


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})(?!\d)")


def date_order_votes(doc: list[PageLines]) -> tuple[int, int]:
    """(day-first, month-first) votes of the document's numeric dates that only read one way
    (25/03/2026 is day-first, 03/25/2026 month-first)."""
    votes_day = votes_month = 0
    for pl in doc:
        for line in pl.lines:
            for m in _NUMERIC_DATE.finditer(line.text):
                a, b = int(m[1]), int(m[2])
                votes_day += a > 12 >= b
                votes_month += b > 12 >= a
    return votes_day, votes_month


def _day_order(doc: list[PageLines], currency: str | None) -> tuple[bool | None, bool]:
    """Day-first or month-first for the document: from its unambiguous numeric dates, else
    from its currency (USD: month first; EUR, GBP, INR, ...: day first)."""
    votes_day, votes_month = date_order_votes(doc)
    if votes_day and not votes_month:
        return True, True
    if votes_month and not votes_day:
        return False, True
    if votes_day or votes_month:
        return None, False
    if currency in MONTH_FIRST_CURRENCIES:
        return False, False
    if currency in DAY_FIRST_CURRENCIES:
        return True, False
    return None, False


def _date_candidates(doc, hits, stops, name, day_first, order_known) -> list[Candidate]:
    out = []
    for h in hits:
        if h.field != name:
            continue
        for words, where in ((value_right(doc, h, stops, whole_line=True), 1.0),
                             (value_below(doc, h), 0.9)):
            if not words:
                continue
            text = text_of(words[:5])
            value = parse_date(text, day_first=day_first)
            if value is None:
                continue
            ambiguous = not order_known and date_is_ambiguous(text)
            out.append(Candidate(
                value=value.isoformat(), score=h.strength * where, label=h.strength * where,
                shape=(0.55 if day_first is None else 0.8) if ambiguous else 1.0, ocr=min_conf(words[:5]),
                page=doc[h.page].page.number, bbox=bbox_of(words[:5]), typed=value))
    return out


def _key_row_dates(doc, fields, day_first) -> dict[str, FieldValue]:
    """Dates of a key row whose labels OCR lost: the first is the invoice date, the second
    the due date. They fill a missing date, or replace an invoice date a generic label
    took from the due-date column. Always reviewed."""
    found = value_row_dates(doc, day_first)
    if found is None or found[1][0] < found[0][0]:
        return {}
    (issued, issued_words), (due, due_words) = found
    out = {}
    invoice = fields.get("invoice_date")
    if invoice is None or (invoice.needs_review and invoice.value == due.isoformat()):
        out["invoice_date"] = _guessed_date(doc, "invoice_date", issued, issued_words)
    if "due_date" not in fields:
        out["due_date"] = _guessed_date(doc, "due_date", due, due_words)
    return out


def _guessed_date(doc, name: str, value: date, words) -> FieldValue:
    cand = Candidate(value=value.isoformat(), score=0.3, label=0.3, shape=0.8,
                     ocr=min(min_conf(words), 0.8), page=doc[0].page.number,
                     bbox=bbox_of(words), typed=value)
    return to_field(name, cand, 0.5, cap=0.6)


def _lone_date(doc, day_first, order_known) -> list[Candidate]:
    """No labelled invoice date: the first date on the first page (receipts print it bare)."""
    found: list[tuple[date, Line, float]] = []
    for line in doc[0].lines:
        value = parse_date(line.text, day_first=day_first)
        if value is not None:
            found.append((value, line, line.conf))
    if not found:
        return []
    value, line, conf = found[0]
    distinct = {v for v, _, _ in found}
    ambiguous = not order_known and date_is_ambiguous(line.text)
    return [Candidate(value=value.isoformat(), score=0.5, label=0.35,
                      shape=(0.55 if ambiguous else 0.9) * (1.0 if len(distinct) == 1 else 0.8),
                      ocr=conf, page=doc[0].page.number, bbox=line.bbox, typed=value)]




# ---- other labelled values ----------------------------------------------------------

def _simple_text_field(doc, hits, stops, name) -> dict[str, FieldValue]:
    cands = []
    for h in hits:
        if h.field == name:
            words = value_right(doc, h, set(), whole_line=True) or value_below(doc, h)
            if words:
                cands.append(Candidate(value=" ".join(text_of(words).split()),
                                       score=h.strength, label=h.strength * 0.9, shape=0.9,
                                       ocr=min_conf(words), page=doc[h.page].page.number,
                                       bbox=bbox_of(words)))
    cand, margin = best_of(cands)
    return {} if cand is None else {name: to_field(name, cand, margin)}
