"""Cross-field evidence on a till receipt: values read apart that confirm each other.

- Subtotal + tax = total to the cent: three amounts read separately agree, so the
  subtotal and tax are as sure as the total they add up to (a misread digit would break
  the sum), whatever OCR said of their own words; only amounts the receipt prints count
  (one computed from the other two adds up by construction).
- The subtotal and tax lines' printed digits, read as cents, adding up to a sure total:
  the amounts are those digits even where OCR split them ('72 98') and the invoice reader
  could not read them.
- A subtotal and a tax that the receipt prints on one line each under those labels are
  those lines' amounts, whether or not they add up to the total (a slip that does not add
  up is the rules' business, not a misreading): sure on a text layer, on a scan as sure
  as OCR read the amounts' words.
- A tax that is neither its printed rate of the subtotal nor the total less the subtotal,
  on a scan: one of the amounts is misread; the rate and the total tell which.
- A subtotal the item lines add up to (two or more, to the cent) is confirmed by them: a
  misread digit would break the sum. A tax that is its line's printed rate of the
  subtotal, rounded half up to the cent, is confirmed by the rate and the subtotal (the
  tax is ten times more sensitive to a misread than the rate check is to the subtotal's
  last digit, so the rate confirms the tax, not the subtotal).
- A '$' amount on a slip that prints a US 'City, ST 12345' address: the dollars are US
  dollars, as sure as the '$' amount and the address line were read; a second currency
  sign or code anywhere on the slip leaves the currency as the invoice reader found it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from extractors.candidates import Candidate, to_field
from extractors.confidence import needs_review
from extractors.layout import PageLines
from extractors.normalize import field_amount, money_str
from extractors.receipt_amount_lines import (SUBTOTAL_LABEL, TAX_LABEL, amount_lines,
                                             normal_label, total_weight)
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

CENT = Decimal("0.01")
PRINTED_LINE_CONF = 0.95  # one labelled line each, read from a text layer
# OCR'd digits shorter than this (about 8 pt at 150 dpi) are swapped (1/2, 3/8) while OCR
# still reports them as surely read
MIN_SURE_DIGIT_PX = 14
SURE_TOTAL = 0.9  # the receipt review floor: a total at least this sure vouches for others
# the amount at a line's end: one or two digit groups ('14.60', '72 98'), not a percentage
_LINE_AMOUNT = re.compile(r"(?<![\d%.,])([$€£]?\d[\d.,]*(?:\s\d[\d.,]*)?)\W{0,2}$")
_DOLLAR_AMOUNT = re.compile(r"^(US)?\$\d[\d,]*[.,]\d{2}$")
_OTHER_CURRENCY = re.compile(r"[€£₹¥]|\b(EUR|GBP|INR|MYR|RM|CAD|AUD|NZD|SGD|HKD|MXN|JPY|CHF)\b")


def confirm_sum(fields: Fields, printed: frozenset[Decimal]) -> Fields:
    """Subtotal and tax that add up to the total exactly take the total's confidence when
    it is the higher one, both as printed on the receipt: one computed from the other two
    (total - subtotal for a tax OCR garbled) adds up by construction and confirms nothing."""
    sub, tax, total = (field_amount(fields.get(n)) for n in ("subtotal", "tax_total", "total"))
    if sub is None or tax is None or total is None or not {sub, tax} <= printed:
        return fields
    if not (0 < sub < total and 0 <= tax < sub) or sub + tax != total:
        return fields
    sure = fields["total"].confidence
    out = dict(fields)
    for name in ("subtotal", "tax_total"):
        f = out[name]
        if f.confidence < sure:
            out[name] = f.model_copy(update={
                "confidence": sure,
                "needs_review": needs_review(name, sure)})
    return out


@dataclass(frozen=True, slots=True)
class PrintedAmount:
    value: Decimal
    conf: float  # lowest OCR confidence of its words (1.0 on a text layer)
    height: float  # smallest height of its words (pixels on a scan)


def printed_amount(doc: list[PageLines], label: re.Pattern) -> PrintedAmount | None:
    """The amount at the end of the one line whose label matches, read from its digits as
    cents; None unless exactly one line matches."""
    found = []
    for pl in doc:
        for ln in pl.lines:
            m = _LINE_AMOUNT.search(ln.text)
            if m and label.search(normal_label(ln.text[:m.start()])):
                words, at = [], 0
                for w in ln.words:  # the line's text is its words joined by spaces
                    if at + len(w.text) > m.start(1) and at < m.end(1):
                        words.append(w)
                    at += len(w.text) + 1
                digits = re.sub(r"\D", "", m.group(1))
                if digits and words:
                    found.append(PrintedAmount(Decimal(digits) * CENT,
                                               min(w.conf for w in words),
                                               min(w.bottom - w.top for w in words)))
    return found[0] if len(found) == 1 else None


def printed_cents(doc: list[PageLines], label: re.Pattern) -> Decimal | None:
    found = printed_amount(doc, label)
    return None if found is None else found.value


def read_sum(doc: list[PageLines], fields: Fields) -> Fields:
    """Subtotal and tax from their lines' digits when, read as cents, they add up to a
    total at least SURE_TOTAL sure; both then take the total's confidence."""
    total_field = fields.get("total")
    total = field_amount(total_field)
    if total is None or total_field.confidence < SURE_TOTAL:
        return fields
    sub, tax = printed_cents(doc, SUBTOTAL_LABEL), printed_cents(doc, TAX_LABEL)
    if sub is None or tax is None or not (0 <= tax < sub) or sub + tax != total:
        return fields
    sure = total_field.confidence
    out = dict(fields)
    for name, value in (("subtotal", sub), ("tax_total", tax)):
        old = out.get(name)
        if old is not None and field_amount(old) == value and old.confidence >= sure:
            continue
        out[name] = FieldValue(value=money_str(value), confidence=sure,
                               needs_review=needs_review(name, sure),
                               page=None if old is None else old.page,
                               bbox=None if old is None else old.bbox)
    return out


def confirm_printed_lines(doc: list[PageLines], fields: Fields) -> Fields:
    """A subtotal and a tax the invoice reader read that equal the amounts on the one
    SUBTOTAL line and the one TAX line: PRINTED_LINE_CONF on a text layer; on a scan, as
    sure as the amounts' words were read, unless printed too small to trust OCR's word."""
    sub, tax = printed_amount(doc, SUBTOTAL_LABEL), printed_amount(doc, TAX_LABEL)
    if sub is None or tax is None or field_amount(fields.get("subtotal")) != sub.value or \
            field_amount(fields.get("tax_total")) != tax.value:
        return fields
    out = dict(fields)
    for name, printed in (("subtotal", sub), ("tax_total", tax)):
        sure = PRINTED_LINE_CONF
        if printed.conf < 1.0:
            if printed.height < MIN_SURE_DIGIT_PX:
                continue
            cand = Candidate(value=out[name].value, score=1.0, label=0.9, shape=1.0,
                             ocr=printed.conf)
            sure = min(sure, to_field(name, cand, 1.0).confidence)
        f = out[name]
        if f.confidence < sure:
            out[name] = f.model_copy(update={"confidence": sure,
                                             "needs_review": needs_review(name, sure)})
    return out


def confirm_us_dollars(doc: list[PageLines], fields: Fields, us_address_conf: float
                       ) -> Fields:
    """USD read from a bare '$' is confirmed by a US address on the same slip, as surely
    as the '$' amount and the address's state and ZIP code were read."""
    currency = fields.get("currency")
    if currency is None or currency.value != "USD" or us_address_conf <= 0:
        return fields
    lines = [ln for pl in doc for ln in pl.lines]
    if any(_OTHER_CURRENCY.search(ln.text) for ln in lines):
        return fields
    dollars = [w.conf for ln in lines for w in ln.words if _DOLLAR_AMOUNT.match(w.text)]
    if not dollars:
        return fields
    cand = Candidate(value="USD", score=1.0, label=0.9, shape=1.0,
                     ocr=min(max(dollars), us_address_conf), consistency=1.0)
    found = to_field("currency", cand, 1.0)
    if found.confidence <= currency.confidence:
        return fields
    return {**fields, "currency": currency.model_copy(update={
        "confidence": found.confidence, "needs_review": found.needs_review})}


DOUBTED = 0.6  # a subtotal and tax the receipt's own arithmetic contradicts: a person checks
_RATE = re.compile(r"^(\d{1,2}(?:[.,]\d{1,3})?)%$")


def doubt_tax_against_rate(doc: list[PageLines], fields: Fields) -> Fields:
    """On a scan, a tax that is not its line's printed rate of the subtotal (to the cent)
    while subtotal + tax miss the total: one of them is misread ('22.61' read as '22.62'
    under 'TAX 8.875%'). The tax goes to review when the total less the subtotal is that
    rate of it, the subtotal when the total less the tax is the amount the tax is the rate
    of, both otherwise."""
    sub, tax, total = (field_amount(fields.get(n)) for n in ("subtotal", "tax_total", "total"))
    if sub is None or tax is None or total is None or sub + tax == total:
        return fields
    rate = _printed_rate(doc)
    if rate is None or not any(pl.page.ocr for pl in doc):
        return fields
    if _rate_of(sub, rate, tax):
        return fields
    # the one that the total and the rate both agree without is the misread one
    doubted = ("tax_total",) if _rate_of(sub, rate, total - sub) else \
        ("subtotal",) if _rate_of(total - tax, rate, tax) else ("subtotal", "tax_total")
    out = dict(fields)
    for name in doubted:
        f = out[name]
        if f.confidence > DOUBTED:
            out[name] = f.model_copy(update={"confidence": DOUBTED,
                                             "needs_review": needs_review(name, DOUBTED)})
    return out


def _rate_of(sub: Decimal, rate: Decimal, tax: Decimal) -> bool:
    """True when `tax` is `rate` percent of `sub`, rounded, cut or raised to the cent."""
    exact = sub * rate / 100
    return tax in {exact.quantize(CENT, rounding=r) for r in (ROUND_HALF_UP, ROUND_DOWN,
                                                               ROUND_UP)}


def _printed_rate(doc: list[PageLines]) -> Decimal | None:
    """The percentage on the one tax line ('TAX 8.875% 22.62'), else None."""
    rates = []
    for pl in doc:
        for ln in pl.lines:
            if not TAX_LABEL.search(normal_label(ln.text)):
                continue
            for w in ln.words:
                m = _RATE.match(w.text)
                if m:
                    rates.append(Decimal(m[1].replace(",", ".")))
    return rates[0] if len(rates) == 1 else None


CHECKED_CONF = 0.95  # a value other readings on the slip add up to, as a printed line's


def confirm_by_items_and_rate(doc: list[PageLines], fields: Fields, items: list[Decimal],
                              printed: frozenset[Decimal]) -> Fields:
    """A printed subtotal that two or more item amounts add up to exactly, and a printed
    tax that is its line's rate of the printed subtotal rounded half up, stand at
    CHECKED_CONF (never lowered): each was read apart from the values that confirm it. So
    does a total read on a total line that the two, both confirmed, add up to."""
    sub, tax = field_amount(fields.get("subtotal")), field_amount(fields.get("tax_total"))
    if sub is None or sub not in printed:
        return fields
    out = dict(fields)
    sub_checked = len(items) >= 2 and sum(items, Decimal(0)) == sub
    if sub_checked:
        out["subtotal"] = _raised(out["subtotal"], "subtotal")
    rate = _printed_rate(doc)
    tax_checked = tax is not None and tax > 0 and tax in printed and rate is not None and \
        (sub * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP) == tax
    if tax_checked:
        out["tax_total"] = _raised(out["tax_total"], "tax_total")
    # both confirmed and adding up to a total read on a TOTAL line (not recounted from
    # them): the total is confirmed too
    total = field_amount(out.get("total"))
    if sub_checked and tax_checked and total == sub + tax and \
            any(al.value == total and total_weight(al.label) > 0 for al in amount_lines(doc)):
        out["total"] = _raised(out["total"], "total")
    return out


def _raised(field: FieldValue, name: str) -> FieldValue:
    if field.confidence >= CHECKED_CONF:
        return field
    return field.model_copy(update={"confidence": CHECKED_CONF,
                                    "needs_review": needs_review(name, CHECKED_CONF)})
