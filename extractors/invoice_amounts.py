"""Money fields of invoices and receipts, chosen together so that they agree.

Candidates for subtotal, tax_total, total and amount_due come from labels (the rightmost
amount after the label on its line, else the amount under it). The combination that
maximises label evidence plus arithmetic agreement (subtotal + tax = total; line amounts
sum to the subtotal) wins; agreement raises confidence, contradiction lowers it.
"""
from __future__ import annotations

import itertools
from dataclasses import replace
import re
from collections import Counter
from decimal import Decimal

from extractors.candidates import Candidate, best_of, to_field
from extractors.invoice_money_reading import (  # noqa: F401 (ocr_money_text: re-exported)
    CENT, MONEY_FIELDS, column_value, money_words, ocr_money_text, part_of_date, part_of_term,
)
from extractors.layout import PageLines, value_below, value_right
from extractors.normalize import money_str, parse_currency
from schemas.document import FieldValue
from schemas.money import quantize_cents


def _amount_candidates(doc: list[PageLines], hits, stops, name: str,
                       headers: set[tuple[int, int]] = frozenset(),
                       far: set | None = None) -> list[Candidate]:
    """Amounts after or under each label of the field; `far` collects the (page, bbox) of
    those read from a column header's farther row (`invoice_money_reading.column_value`)."""
    out = []
    n_pages = len(doc)
    for h in hits:
        if h.field != name:
            continue
        pl = doc[h.page]
        places = ((lambda: value_right(doc, h, stops, whole_line=True), 1.0),
                  (lambda: value_below(doc, h), 0.8), (lambda: column_value(doc, h), 0.7))
        for read, where in places:  # read lazily: the first place with an amount wins
            if where < 1.0 and (h.page, h.line) in headers:
                continue  # a column header's label ('MwSt.') over an item row's amount
            words = read()
            amounts = [a for a in money_words(words)
                       if not part_of_date(words, a[0]) and not part_of_term(words, a[0])]
            if not amounts:
                continue
            w, value, decimals = amounts[-1]
            # several amounts after a bare label: a summary table row, the column unclear
            crowded = 0.15 if len(amounts) > 1 and h.strength < 0.9 else 0.0
            # totals sit low on the last page; a 'total' high up is often a column header
            y = w.top / max(pl.page.height, 1)
            position = 0.85 + 0.15 * y if name in ("total", "amount_due", "subtotal") else 1.0
            if h.page == n_pages - 1 and name in ("total", "amount_due"):
                position += 0.05
            value = quantize_cents(value)
            out.append(Candidate(
                value=money_str(value), score=h.strength * where * position
                + (0.05 if decimals else 0.0) - crowded, label=h.strength * where - crowded,
                shape=1.0 if decimals else 0.75, ocr=w.conf, page=pl.page.number,
                bbox=w.bbox, typed=value))
            if where < 0.8 and far is not None:
                far.add((pl.page.number, w.bbox))
            break
    if any(c.shape == 1.0 for c in out):  # counts ('Total items 3') beside real amounts
        out = [c for c in out if c.shape == 1.0]
    if name == "total" and out:  # the total is the largest of the amounts called total
        top = max(c.typed for c in out)
        out = [replace(c, score=c.score + 0.1) if c.typed == top else c for c in out]
    return out


def extract_amounts(doc, hits, stops, items, *, derive: bool = True,
                    extra: dict[str, list[Candidate]] | None = None,
                    headers: set[tuple[int, int]] = frozenset()) -> dict[str, FieldValue]:
    """Subtotal, tax, total and amount due; with `derive`, a missing one of the first three
    computed from the other two (see `derive_missing_amount`). `extra` candidates join the
    labelled ones; a label in a table header (`headers`, see `table_header_lines`) heads a
    column, and the amount under it is an item's, no candidate."""
    far: set = set()
    cands = {name: _amount_candidates(doc, hits, stops, name, headers, far)
             + (extra or {}).get(name, []) for name in MONEY_FIELDS}
    line_sum = items_total(items)
    chosen = _best_combination(cands, line_sum)
    fields: dict[str, FieldValue] = {}
    for name in MONEY_FIELDS:
        cand = chosen.get(name)
        if cand is None:
            continue
        others = [c for c in cands[name] if c.value != cand.value]
        _, margin = best_of([cand] + others)
        # OCR'd amount under a generic label and confirmed by no sum: a person looks
        unconfirmed_ocr = cand.ocr < 1.0 and cand.consistency != 1.0 and \
            (cand.label < 0.9 or cand.shape < 1.0)
        # a whole number among amounts printed with cents, confirmed by no sum: a count,
        # a day or a number cut from its cents, as often as an amount
        whole_among_cents = cand.shape < 1.0 and cand.consistency != 1.0 and any(
            c is not None and c.shape >= 1.0 for c in chosen.values())
        # read from a column's farther row, confirmed by no sum: a person looks
        far_unconfirmed = (cand.page, cand.bbox) in far and cand.consistency != 1.0
        fields[name] = to_field(name, cand, margin, cap=0.88 if unconfirmed_ocr or
                                whole_among_cents or far_unconfirmed else 1.0)
    fields = reconcile_credit_signs(fields, line_sum, {pl.page.number for pl in doc
                                                       if pl.page.ocr})
    return fields | derive_missing_amount(fields, doc, hits) if derive else fields


def reconcile_credit_signs(fields: dict[str, FieldValue], line_sum: Decimal | None,
                           ocr_pages: set[int]) -> dict[str, FieldValue]:
    """A credit note's minus signs that OCR lost: when the line amounts sum to minus the
    subtotal, or a negative subtotal or tax adds up to the total only as a negative, the
    unsigned amounts take the sign (and go to review). Text layers are left alone."""
    values = {n: Decimal(f.value) for n, f in fields.items() if n in MONEY_FIELDS}
    if not values or not any(fields[n].page in ocr_pages for n in values):
        return fields
    flip = set()
    sub, tax, total = values.get("subtotal"), values.get("tax_total"), values.get("total")
    if sub is not None and sub > 0 and line_sum is not None and line_sum < 0 and \
            abs(line_sum + sub) <= CENT:
        flip.add("subtotal")
        sub = -sub
    parts = [v for v in (sub, tax) if v is not None]
    if total is not None and total > 0 and any(v < 0 for v in parts) and \
            abs(sum(abs(v) for v in parts) - total) <= CENT and \
            (sub is not None or (tax is not None and tax < 0)):
        flip |= {"total"} | {n for n in ("subtotal", "tax_total") if values.get(n, -1) > 0}
        if values.get("amount_due") == total:
            flip.add("amount_due")
    out = dict(fields)
    for name in flip:
        f = out[name]
        out[name] = f.model_copy(update={"value": money_str(-Decimal(f.value)),
                                         "confidence": min(f.confidence, 0.85),
                                         "needs_review": True})
    return out


def _near_amounts(doc, hit, found: list[FieldValue]) -> bool:
    """An OCR'd label in the totals block: on the page of the amounts read, within a few
    lines of them (a text layer that lost an amount has no label for it either)."""
    pl = doc[hit.page]
    words = hit.words(doc)
    if not pl.page.ocr or not words:
        return False
    height = max(w.height for w in words)
    return all(f.page == pl.page.number and f.bbox is not None
               and abs(f.bbox[1] - words[0].top) < 6 * height for f in found)


DERIVED_CAP = 0.6  # computed, not read: a person confirms it


def derive_missing_amount(fields: dict[str, FieldValue], doc, hits) -> dict[str, FieldValue]:
    """The one amount of subtotal + tax = total that was labelled in an OCR'd totals block
    but not read (OCR garbled its digits), computed from the other two and always left for
    review. No negative part of positive amounts, no tax over half the total."""
    names = ("subtotal", "tax_total", "total")
    have = {n: Decimal(fields[n].value) for n in names if n in fields}
    missing = [n for n in names if n not in fields]
    if len(missing) != 1 or len(have) != 2:
        return {}
    name = missing[0]
    label = next((h for h in hits if h.field == name and h.strength >= 0.75
                  and _near_amounts(doc, h, [fields[n] for n in have])), None)
    if label is None:
        return {}
    sub, tax, total = have.get("subtotal"), have.get("tax_total"), have.get("total")
    value = {"subtotal": lambda: total - tax, "tax_total": lambda: total - sub,
             "total": lambda: sub + tax}[name]()
    others = [have[n] for n in have]
    if value < 0 <= min(others) or (name == "tax_total" and abs(value) > abs(total) / 2):
        return {}  # a negative part of positive amounts, or a tax over half the total
    words = label.words(doc)
    cand = Candidate(value=money_str(quantize_cents(value)), score=0.5, label=0.3, shape=0.8,
                     ocr=min(w.conf for w in words), page=doc[label.page].page.number,
                     bbox=words[0].bbox, typed=value)
    return {name: to_field(name, cand, 0.5, cap=DERIVED_CAP)}


def items_total(items) -> Decimal | None:
    if not items:
        return None
    try:
        return sum((Decimal(row["amount"].value) for row in items if "amount" in row),
                   Decimal(0))
    except (ArithmeticError, ValueError):
        return None


def _best_combination(cands: dict[str, list[Candidate]], line_sum: Decimal | None
                      ) -> dict[str, Candidate]:
    def top(name, k=3):
        seen, out = set(), []
        for c in sorted(cands[name], key=lambda c: c.score, reverse=True):
            if c.value not in seen:
                seen.add(c.value)
                out.append(c)
        return out[:k]

    options = {name: top(name) + [None] for name in MONEY_FIELDS}
    best, best_score = {}, float("-inf")
    for combo in itertools.product(*(options[n] for n in MONEY_FIELDS)):
        picked = dict(zip(MONEY_FIELDS, combo))
        score = sum(c.score for c in combo if c is not None)
        checks = _checks(picked, line_sum)
        score += sum(_check_weight(key, ok) for key, ok in checks.items())
        if score > best_score:
            best, best_score = picked, score
    checks = _checks(best, line_sum)
    result = {}
    for name, cand in best.items():
        if cand is None:
            continue
        related = [ok for key, ok in checks.items() if name in key
                   and not ("size" in key and ok)]
        arithmetic = [ok for key, ok in checks.items() if name in key
                      and "lines" not in key and "size" not in key]
        if arithmetic and all(arithmetic):
            consistency = 1.0  # sums hold; a table read only in part does not contradict
        else:
            consistency = None if not related else (1.0 if all(related) else 0.0)
        result[name] = cand.with_consistency(consistency)
    return result


def _check_weight(key: tuple[str, ...], ok: bool) -> float:
    if "size" in key:  # a sanity bound: breaking it costs, keeping it earns nothing
        return 0.0 if ok else -0.5
    if ok:
        return 0.3 if "lines" in key else 0.6
    return -0.5


def _checks(picked: dict[str, Candidate | None], line_sum: Decimal | None
            ) -> dict[tuple[str, ...], bool]:
    def v(name):
        c = picked.get(name)
        return None if c is None else c.typed

    sub, tax, total, due = v("subtotal"), v("tax_total"), v("total"), v("amount_due")
    out: dict[tuple[str, ...], bool] = {}
    if sub is not None and tax is not None and total is not None:
        out[("subtotal", "tax_total", "total")] = abs(sub + tax - total) <= CENT
    elif sub is not None and total is not None and tax is None:
        if sub == total:
            out[("subtotal", "total")] = True
    if line_sum is not None and line_sum != 0:
        if sub is not None:
            out[("subtotal", "lines")] = abs(line_sum - sub) <= CENT
        elif total is not None:
            out[("total", "lines")] = abs(line_sum - total) <= CENT
    if tax is not None and total is not None and total != 0:
        out[("tax_total", "total", "size")] = tax != total  # one amount read twice
    if due is not None and total is not None:  # less is possible (a part paid): no proof
        if due < total:
            out[("amount_due", "total", "size")] = True
        else:
            out[("amount_due", "total")] = due == total
    return out


# ---- currency -----------------------------------------------------------------------

_SYMBOLISH = re.compile(r"[$€£₹¥]|\b[A-Z]{3}\b|\bRs\.?|\bRM\b")


_CURRENCY_LABEL = re.compile(r"\b(currency|w[äa]hrung|devise|moneda|valuta)\b", re.IGNORECASE)
# when no amount carries a currency: the country of the vendor's tax ID, then the tax word
_TAX_ID_CURRENCY = (
    (re.compile(r"\b\d{2}-\d{7}\b"), "USD"), (re.compile(r"\bGB ?\d{3}"), "GBP"),
    (re.compile(r"\b\d{2}[A-Z]{5}\d{4}[A-Z]\dZ[A-Z\d]\b"), "INR"),
    (re.compile(r"\b(DE|FR|ES|NL|IT|BE|AT|IE|PT|FI)[ A-Z]?\d"), "EUR"),
)
_TAX_WORD_CURRENCY = ((re.compile(r"\bsales tax\b", re.IGNORECASE), "USD"),
                      (re.compile(r"\b(mwst|ust|tva|iva|btw)\b", re.IGNORECASE), "EUR"),
                      (re.compile(r"\bgst\b", re.IGNORECASE), "INR"))


_MONEY_AFTER = re.compile(r"\s?\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?![\d-])")


def extract_currency(doc: list[PageLines]) -> FieldValue | None:
    """The currency most amounts are printed with; an ISO code beats a bare '$'. A
    "Currency: USD" line is decisive. With no currency printed at all, a guess from the
    tax ID's country or the tax's name (always left for review)."""
    votes: Counter[str] = Counter()
    explicit: Counter[str] = Counter()  # weights may be halves: Counter holds floats
    best_conf = 1.0
    for pl in doc:
        for line in pl.lines:
            text = line.text
            labelled = bool(_CURRENCY_LABEL.search(text))
            if not _SYMBOLISH.search(text) or not (labelled or re.search(r"\d", text)):
                continue
            for m in re.finditer(r"[$€£₹¥]|\b[A-Z]{3}\b|\bRs\.?|\bRM\b|[A-Z]{1,2}\$", text):
                token = m.group(0)
                code = parse_currency(token)
                if code is None:
                    continue
                weight = 5 if labelled else 1
                if pl.page.ocr and token == "$":  # OCR reads S, £ and specks as '$'
                    if not _MONEY_AFTER.match(text, m.end()):
                        continue
                    weight = 0.5
                votes[code] += weight
                if token not in ("$",):
                    explicit[code] += weight
                best_conf = min(best_conf, line.conf)
    if not votes:
        return _guess_currency(doc)
    code, count = votes.most_common(1)[0]
    share = count / sum(votes.values())
    strong = explicit[code] > 0
    if len(votes) == 1 and explicit[code] >= 2:
        best_conf = 1.0  # a code or symbol read on two lines or more, nothing else read
    elif len(votes) == 1 and count >= 1.5 and _cue_currency(doc) == code:
        # '$' read before three amounts or more, and the tax ID's country or the tax's
        # name says the same: two sources agree ('£' misread as '$' gets no US cue)
        best_conf, strong = 1.0, True
    cand = Candidate(value=code, score=1.0, label=0.9 if strong else 0.5,
                     shape=1.0 if strong else 0.7, ocr=best_conf)
    return to_field("currency", cand, share if len(votes) > 1 else 1.0)


def _cue_currency(doc: list[PageLines]) -> str | None:
    """The currency the tax ID's country, else the tax's name, points to."""
    text = "\n".join(line.text for pl in doc for line in pl.lines)
    for table in (_TAX_ID_CURRENCY, _TAX_WORD_CURRENCY):
        for rx, code in table:
            if rx.search(text):
                return code
    return None


def _guess_currency(doc: list[PageLines]) -> FieldValue | None:
    code = _cue_currency(doc)
    if code is None:
        return None
    cand = Candidate(value=code, score=0.5, label=0.2, shape=0.5)
    return to_field("currency", cand, 0.5, cap=0.6)
