"""Cross-field evidence on a till receipt: values read apart that confirm each other.

- Subtotal + tax = total to the cent: three amounts read separately agree, so the
  subtotal and tax are as sure as the total they add up to (a misread digit would break
  the sum), whatever OCR said of their own words.
- A '$' amount on a slip that prints a US 'City, ST 12345' address: the dollars are US
  dollars, as sure as the '$' amount and the address line were read; a second currency
  sign or code anywhere on the slip leaves the currency as the invoice reader found it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.candidates import Candidate, to_field
from extractors.confidence import needs_review
from extractors.layout import PageLines
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

CENT = Decimal("0.01")
_DOLLAR_AMOUNT = re.compile(r"^(US)?\$\d[\d,]*[.,]\d{2}$")
_OTHER_CURRENCY = re.compile(r"[€£₹¥]|\b(EUR|GBP|INR|MYR|RM|CAD|AUD|NZD|SGD|HKD|MXN|JPY|CHF)\b")


def money(field: FieldValue | None) -> Decimal | None:
    try:
        return None if field is None else Decimal(str(field.value))
    except ArithmeticError:
        return None


def confirm_sum(fields: Fields) -> Fields:
    """Subtotal and tax that add up to the total exactly take the total's confidence when
    it is the higher one."""
    sub, tax, total = (money(fields.get(n)) for n in ("subtotal", "tax_total", "total"))
    if sub is None or tax is None or total is None:
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


def confirm_us_dollars(doc: list[PageLines], fields: Fields,
                       us_city_line: re.Pattern, us_states: frozenset[str]) -> Fields:
    """USD read from a bare '$' is confirmed by a US address line on the same slip."""
    currency = fields.get("currency")
    if currency is None or currency.value != "USD":
        return fields
    lines = [ln for pl in doc for ln in pl.lines]
    if any(_OTHER_CURRENCY.search(ln.text) for ln in lines):
        return fields
    dollars = [w.conf for ln in lines for w in ln.words if _DOLLAR_AMOUNT.match(w.text)]
    address = [ln.conf for ln in lines
               if (m := us_city_line.search(ln.text)) is not None and m[1] in us_states]
    if not dollars or not address:
        return fields
    cand = Candidate(value="USD", score=1.0, label=0.9, shape=1.0,
                     ocr=min(max(dollars), max(address)), consistency=1.0)
    found = to_field("currency", cand, 1.0)
    if found.confidence <= currency.confidence:
        return fields
    return {**fields, "currency": currency.model_copy(update={
        "confidence": found.confidence, "needs_review": found.needs_review})}
