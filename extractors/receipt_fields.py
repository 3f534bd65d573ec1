"""Receipt fields: till slips, shop receipts and their photos.

A receipt shares the invoice's contract fields but not its layout: one narrow column, the
vendor in a centred header block, a date without a label (or "Date:"), a totals block with
rounding, tendered and change lines. `extract_receipt(pages)` starts from the invoice
reader (identifiers, subtotal, tax, currency, item lines) and replaces what a receipt
prints differently: vendor name and address (receipt_header), the paid total
(receipt_amounts) and the date (day-first unless the receipt shows otherwise).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal

from extractors.candidates import Candidate, best_of, to_field
from extractors.invoice_fields import DAY_FIRST_CURRENCIES, date_order_votes, extract_invoice
from extractors.layout import PageLines, page_lines
from extractors.normalize import date_is_ambiguous, field_amount, parse_date
from extractors.page_model import Page
from extractors.receipt_amount_lines import printed_values
from extractors.receipt_amounts import extract_receipt_total
from extractors.receipt_evidence import (MIN_SURE_DIGIT_PX, confirm_by_items_and_rate,
                                         confirm_printed_lines, confirm_sum,
                                         confirm_us_dollars, doubt_tax_against_rate,
                                         read_sum)
from extractors.receipt_header import extract_receipt_vendor
from extractors.receipt_number import confirm_clean_number, receipt_number
from schemas.document import DocType, FieldValue

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]

MONTH_FIRST_CURRENCIES = {"USD"}
EARLIEST_YEAR = 1990
RUN_ON_CAP = 0.5  # a date whose separator OCR lost: a guess
SURE_OCR_LINE = 0.8  # an OCR'd line whose weakest word is read at least this surely
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_TEXT = re.compile(
    rf"(?<![\w/.-])(\d{{1,2}}([/.-])\d{{1,2}}\2(\d{{4}}|\d{{2}}))(?![\d/])|"
    rf"(?<![\d/.-])(\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}})(?!\d)|"
    rf"\b(\d{{1,2}}\s?(?:{_MONTHS})[a-z]*\.?[\s,-]*\d{{4}})\b|"
    rf"\b((?:{_MONTHS})[a-z]*\.?\s?\d{{1,2}},?\s+\d{{4}})\b", re.IGNORECASE)
_RUN_ON_DATE = re.compile(r"(?<![\d/.-])(\d{2})(\d{2})([/.-])(\d{4})(?![\d/])")
_DATE_LABEL = re.compile(r"\b(date|dated|tarikh|datum|fecha|bill\s*date|txn\s*date)\b",
                         re.IGNORECASE)
_NOT_ISSUE_DATE = re.compile(r"\b(expir|valid|due|birth|exp\b|member\s*since)",
                             re.IGNORECASE)


def extract_receipt(pages: list[Page]) -> tuple[Fields, Tables]:
    fields, tables = extract_invoice(pages, DocType.RECEIPT)
    doc = [page_lines(p) for p in pages]
    if not any(pl.lines for pl in doc):
        return fields, tables
    vendor = extract_receipt_vendor(doc)
    if "vendor_address" in vendor and "vendor_name" not in vendor:
        fields.pop("vendor_name", None)  # a header without a name (a logo): no body line is it
    fields = _replace(fields, vendor, ("vendor_name", "vendor_address"))
    if "invoice_number" not in fields:
        fields |= receipt_number(doc)
    fields = confirm_clean_number(doc, fields, min_height=MIN_SURE_DIGIT_PX)
    total = extract_receipt_total(doc, field_amount(fields.get("subtotal")),
                                  field_amount(fields.get("tax_total")), _items_sum(tables))
    fields = _with_total(fields, total)
    printed = printed_values(doc)
    fields = confirm_printed_lines(doc, confirm_sum(read_sum(doc, fields), printed))
    fields = doubt_tax_against_rate(doc, fields)
    fields = confirm_by_items_and_rate(doc, fields, _item_amounts(tables), printed)
    fields = confirm_us_dollars(doc, fields, us_address_conf(doc))
    currency = fields.get("currency")
    date = receipt_date(doc, None if currency is None else str(currency.value),
                        currency_sure=currency is not None and currency.confidence >= 0.85)
    if not date:  # the invoice reader's guesses at unlabelled text are not receipt dates
        fields.pop("invoice_date", None)
    fields = _replace(fields, date, ("invoice_date",))
    return fields, tables


def _replace(fields: Fields, new: Fields, names: tuple[str, ...]) -> Fields:
    out = dict(fields)
    for name in names:
        if name in new:
            out[name] = new[name]
        elif name in out:  # the invoice reader's guess where the receipt reader found none
            out[name] = out[name].model_copy(update={
                "confidence": min(out[name].confidence, 0.5), "needs_review": True})
    return out


def _item_amounts(tables: Tables) -> list[Decimal]:
    rows = tables.get("line_items") or []
    try:
        return [Decimal(str(r["amount"].value)) for r in rows if "amount" in r]
    except ArithmeticError:
        return []


def _items_sum(tables: Tables) -> Decimal | None:
    amounts = _item_amounts(tables)
    return sum(amounts, Decimal(0)) if amounts else None


def _with_total(fields: Fields, total: Fields) -> Fields:
    """The receipt's total; subtotal and tax read by the invoice reader stay accepted only
    if they still add up to it."""
    out = _replace(fields, total, ("total",))
    if "total" not in total:
        return out
    new = Decimal(str(total["total"].value))
    old = field_amount(fields.get("total"))
    if old == new:
        return out
    sub, tax = field_amount(out.get("subtotal")), field_amount(out.get("tax_total"))
    adds_up = sub is not None and tax is not None and abs(sub + tax - new) <= Decimal("0.05")
    for name in ("subtotal", "tax_total", "amount_due"):
        f = out.get(name)
        if f is not None and not f.needs_review and not adds_up:
            out[name] = f.model_copy(update={"confidence": min(f.confidence, 0.85),
                                             "needs_review": True})
    return out


# ---- date ---------------------------------------------------------------------------

_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY "
    "PR GU VI AS MP MH FM PW AA AE AP".split())  # territories, free states, military mail
# the last line of a US address: 'MICHAELTON, DC 51950', 'Austin, TX 78701-1234', and as
# OCR reads it with specks around the state code or a space lost: 'BRETTVILLE, .OR 11534',
# 'ADAMBURGH, KS.16717', 'MUNOZSIDE, ‘AZ 26530', 'TAYLORFORT MT 56817'
_SPECKS = "\\.,'\"‘’“”`-"
_US_CITY_LINE = re.compile(
    rf"[A-Za-z][{_SPECKS}]{{0,3}}(?:\s+|(?<=[,.]))[{_SPECKS}]?([A-Z]{{2}})[{_SPECKS}]{{0,2}}"
    rf"(?:\s+|(?<=\.))(\d{{5}})(?:-\d{{4}})?[.,]?\s*$")


def us_address_conf(doc: list[PageLines]) -> float:
    """How surely the receipt prints a US 'City, ST 12345' address line: the OCR confidence
    of its state and ZIP code words (1.0 on a text layer, 0.0 when there is none)."""
    best = 0.0
    for pl in doc:
        for ln in pl.lines:
            m = _US_CITY_LINE.search(ln.text)
            if m is None or m[1] not in _US_STATES:
                continue
            # the words printing the state and ZIP code (the line's text is its words
            # joined by spaces)
            words, at = [], 0
            for w in ln.words:
                if at + len(w.text) > m.start(1) and at < m.end(2):
                    words.append(w)
                at += len(w.text) + 1
            best = max(best, min((w.conf for w in words), default=ln.conf))
    return best


def us_address(doc: list[PageLines]) -> bool:
    """True when the receipt prints a US 'City, ST 12345' address line, read surely."""
    return us_address_conf(doc) >= SURE_OCR_LINE


def day_order(doc: list[PageLines], currency: str | None, *, currency_sure: bool = False
              ) -> tuple[bool, bool]:
    """(day_first, known): the receipt's unambiguous numeric dates decide; else month-first
    for US dollars (known when the shop's address is a US one too: US dollars alone are
    also spent where the day comes first); else day-first (most of the world prints the
    day first; known when the currency of a day-first country is read surely: prices in
    pounds or euros are not printed under a month-first date, whatever the address)."""
    votes_day, votes_month = date_order_votes(doc)
    if votes_day != votes_month and not (votes_day and votes_month):
        return votes_day > 0, True
    if votes_day or votes_month:
        return currency not in MONTH_FIRST_CURRENCIES, False
    if currency in MONTH_FIRST_CURRENCIES and us_address(doc):
        return False, True
    if currency in DAY_FIRST_CURRENCIES and currency_sure:
        return True, True
    return currency not in MONTH_FIRST_CURRENCIES, False


def plausible(value: dt.date, today: dt.date | None = None) -> bool:
    """A receipt is not dated before EARLIEST_YEAR nor more than a year ahead."""
    today = today or dt.date.today()
    return value.year >= EARLIEST_YEAR and value <= today + dt.timedelta(days=366)


def receipt_date(doc: list[PageLines], currency: str | None, *, currency_sure: bool = False
                 ) -> Fields:
    day_first, known = day_order(doc, currency, currency_sure=currency_sure)
    cands: list[Candidate] = []
    seen: dict[dt.date, int] = {}
    for p, pl in enumerate(doc):
        for li, line in enumerate(pl.lines):
            text = line.text
            if _NOT_ISSUE_DATE.search(text):
                continue
            for m in _DATE_TEXT.finditer(text):
                found = m.group(0)
                value = parse_date(found, day_first=day_first)
                if value is None or not plausible(value):
                    continue
                seen[value] = seen.get(value, 0) + 1
                # the word printing the date; a date OCR split into words: its pieces
                words = [w for w in line.words if found in w.text] or \
                    [w for w in line.words if w.text in found]
                ocr = min((w.conf for w in words), default=line.conf)
                labelled = bool(_DATE_LABEL.search(text[:m.start()]))
                ambiguous = not known and date_is_ambiguous(found)
                position = 1.0 - 0.3 * min(1.0, li / max(len(pl.lines), 1)) - 0.2 * p
                label = 0.9 if labelled else 0.45
                cands.append(Candidate(
                    value=value.isoformat(), score=label * position, label=label,
                    shape=0.8 if ambiguous else 1.0, ocr=ocr, page=pl.page.number,
                    bbox=_bbox(words) or line.bbox, typed=value))
    if not cands:
        return _run_on_date(doc, day_first)
    cand, margin = best_of(cands)
    repeated = seen.get(cand.typed, 0) > 1
    cand = cand.with_consistency(1.0 if repeated and len(seen) == 1 else None)
    # an unlabelled date is a guess, unless it is the only date the receipt prints and its
    # day and month cannot be swapped; on a scan its words' OCR confidence then decides
    sole = len(seen) == 1 and cand.shape == 1.0 and not _small_print(cand)
    if cand.label < 0.9 and sole:
        cand = replace(cand, label=0.7)
    cap = 1.0 if (cand.label >= 0.9 or sole) and not _small_print(cand) else 0.85
    return {"invoice_date": to_field("invoice_date", cand, margin, cap=cap)}


def _run_on_date(doc: list[PageLines], day_first: bool) -> Fields:
    """No date found: a labelled one whose first separator OCR lost ('Date 1202/2018'),
    read as day and month run together; a guess, always reviewed."""
    for pl in doc:
        for line in pl.lines:
            for m in _RUN_ON_DATE.finditer(line.text):
                if not _DATE_LABEL.search(line.text[:m.start()]):
                    continue
                value = parse_date(f"{m[1]}{m[3]}{m[2]}{m[3]}{m[4]}", day_first=day_first)
                if value is None or not plausible(value):
                    continue
                words = [w for w in line.words if m[0] in w.text]
                cand = Candidate(value=value.isoformat(), score=0.3, label=0.9, shape=0.3,
                                 ocr=min((w.conf for w in words), default=line.conf),
                                 page=pl.page.number, bbox=_bbox(words) or line.bbox)
                return {"invoice_date": to_field("invoice_date", cand, 0.5, cap=RUN_ON_CAP)}
    return {}


def _small_print(cand: Candidate) -> bool:
    """An OCR'd value printed under MIN_SURE_DIGIT_PX pixels tall: at that size OCR swaps
    digits (1/2, 3/8) and still reports them as surely read."""
    return cand.ocr < 1.0 and cand.bbox is not None and \
        cand.bbox[3] - cand.bbox[1] < MIN_SURE_DIGIT_PX


def _bbox(words) -> tuple[float, float, float, float] | None:
    if not words:
        return None
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))
