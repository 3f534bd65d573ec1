"""The amount a till receipt was paid with: its total, read from the totals block and
checked against the receipt's own arithmetic.

Totals blocks print several "total" lines: the total before rounding, a rounding
adjustment, the rounded total actually paid, the amount tendered (cash or card) and the
change, sometimes a tax summary table with its own "Total" row. The paid total is, in
order of label strength: a rounded/grand/payable total, a total including tax, a plain
total. Each candidate gains support from independent checks: tendered - change, a card
payment of the same amount, subtotal + tax (+ rounding), the item lines' sum, and the
pre-rounding total +/- the rounding adjustment landing on a whole 5-cent step. The
largest amount on the lower part of the receipt is the fallback, always reviewed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.candidates import Candidate, to_field
from extractors.layout import PageLines
from extractors.normalize import money_str
from extractors.receipt_amount_lines import (CARD, CHANGE, ROUNDING, SUBTOTAL_LABEL,
                                             TAX_LABEL, TENDERED, AmountLine, amount_lines,
                                             printed_values, total_weight)
from schemas.document import FieldValue
from schemas.money import quantize_cents

CENT = Decimal("0.01")
STEP = Decimal("0.05")  # the smallest coin a rounding adjustment rounds to
UNCONFIRMED_OCR_CAP = 0.88
PARTIAL_READ_CAP = 0.6
RECOUNT_CAP = 0.5  # a total recounted from other lines, not read: a person checks
SURE_SUBTOTAL_WORD = 0.5  # a subtotal read at least this surely contradicts a total below it
SURE_SUM_WORD = 0.9  # subtotal and tax read this surely outweigh a total's second read


@dataclass
class Support:
    label: float = 0.0
    line: AmountLine | None = None
    checks: set[str] | None = None

    def __post_init__(self):
        self.checks = set() if self.checks is None else self.checks


def extract_receipt_total(doc: list[PageLines], subtotal: Decimal | None,
                          tax: Decimal | None, items_sum: Decimal | None
                          ) -> dict[str, FieldValue]:
    lines = amount_lines(doc)
    support: dict[Decimal, Support] = {}
    totals = []
    for al in lines:
        weight = total_weight(al.label)
        if weight == 0.0 or al.value <= 0:
            continue
        weight *= 0.6 if al.crowded else 1.0
        weight *= 1.0 if al.decimals else 0.7
        totals.append((al, weight))
    last = max((al.order for al, _ in totals if not al.crowded), default=None)
    for al, weight in totals:
        weight += 0.1 if al.order == last else 0.0
        s = support.setdefault(al.value, Support())
        if weight > s.label:
            s.label, s.line = weight, al
    if not totals:
        return _unlabelled_total(lines)
    first_total = min([al.order for al, _ in totals] +
                      [al.order for al in lines if SUBTOTAL_LABEL.search(al.label)
                       or TAX_LABEL.search(al.label) or ROUNDING.search(al.label)])
    derived: dict[Decimal, set[str]] = {}
    own = (_first(lines, SUBTOTAL_LABEL), _first(lines, TAX_LABEL))
    printed = printed_values(doc)
    # the invoice reader's pair only as printed: one it computed from a total (total -
    # subtotal) would confirm that total by construction
    read = (subtotal, tax) if {subtotal, tax} <= printed else (None, None)
    for sub, tx in {read, own}:  # the invoice reader's and the totals block's
        for name, value in _derived(lines, totals, first_total, sub, tx, items_sum):
            derived.setdefault(value, set()).add(name)
    for value, checks in derived.items():
        if value in support:
            support[value].checks |= checks
        elif len(checks) >= 2:  # two independent sums agree on an amount printed unlabelled
            printed = [al for al in lines if al.value == value and al.order >= first_total]
            if printed:
                support[value] = Support(0.0, printed[0], set(checks))
    ranked = sorted(support.items(), key=lambda kv: _score(kv[1]), reverse=True)
    value, best = ranked[0]
    runner = _score(ranked[1][1]) if len(ranked) > 1 else 0.0
    margin = max(0.0, min(1.0, (_score(best) - runner) / max(_score(best), 1e-6)))
    contradicted = _contradicted(lines, first_total, value)
    contradicted = contradicted or _below_subtotal(value, lines) or \
        _off_rounding_step(lines, best.line)
    consistency = 1.0 if best.checks else (0.0 if contradicted else None)
    al = best.line
    if not best.checks and (contradicted or not al.decimals):
        recount = _recounted_total(lines, first_total, al)
        if recount is not None:
            return recount
    # the amount read twice: on its total line and as the payment (or tendered - change);
    # two reads agreeing are misread together far less often than either alone
    second = _payment_read_conf(lines, first_total, value)
    # ... but the payment line prints the same digits in the same type, so OCR can misread
    # both alike ('188.48' twice as '168.48'): when a surely read subtotal + tax do not
    # reach the total, the total is as sure as its own word (a slip that does not add up
    # may also be printed so: then the rules flag it, and a total read surely stands)
    if al.conf < 1.0 and "subtotal+tax" not in best.checks and _sum_disagrees(lines, al):
        second = 0.0
    ocr = 1.0 - (1.0 - al.conf) * (1.0 - second)
    cand = Candidate(value=money_str(value), score=_score(best), label=min(1.0, best.label),
                     shape=1.0 if al.decimals else 0.75, ocr=ocr, page=al.page,
                     bbox=al.bbox, consistency=consistency, typed=value)
    cap = UNCONFIRMED_OCR_CAP if al.conf < 1.0 and not best.checks else 1.0
    if not al.decimals and al.conf < 1.0:  # OCR of an amount without cents: the point
        cap = min(cap, PARTIAL_READ_CAP)    # and cents may have been lost
    return {"total": to_field("total", cand, margin, cap=cap)}


def _recounted_total(lines: list[AmountLine], first_total: int, printed: AmountLine
                     ) -> dict[str, FieldValue] | None:
    """A scanned total that nothing confirms and something contradicts (or read without its
    cents) gives way to the receipt's own arithmetic read more surely than it: tendered -
    change, or the totals block's subtotal + tax (+ the rounding adjustment). A recount,
    always reviewed; never on a text layer, where a printed total that does not add up is
    the rules' finding, not a misreading."""
    if printed.conf >= 1.0:
        return None
    recounts: list[tuple[float, Decimal, AmountLine]] = []
    tendered, change = _payment(lines, first_total)
    if tendered and change and tendered.order < change.order and tendered.value > change.value:
        recounts.append((min(tendered.conf, change.conf), tendered.value - change.value,
                         tendered))
    sub = _first_line(lines, SUBTOTAL_LABEL)
    tax = _first_line(lines, TAX_LABEL)
    if sub is not None and tax is not None and sub.order < tax.order:
        rounding = [al for al in lines if ROUNDING.search(al.label) and al.decimals
                    and total_weight(al.label) == 0 and al.order > tax.order]
        value = sub.value + tax.value
        steps = _rounded(value, rounding[0].value) if rounding else []
        if len(steps) == 1:
            value = steps[0]
        recounts.append((min(sub.conf, tax.conf), quantize_cents(value), sub))
    if _off_rounding_step(lines, printed):  # '112.46' under 'ROUNDING -0.02': '112.45'
        recounts.append((printed.conf, (printed.value / STEP).quantize(Decimal(1)) * STEP,
                         printed))
    sure = [r for r in recounts if r[1] > 0 and (r[0] >= printed.conf or not printed.decimals)
            and r[1] != printed.value]
    if not sure:
        return None
    conf, value, al = max(sure, key=lambda r: r[0])
    cand = Candidate(value=money_str(value), score=0.3, label=0.3, shape=0.8, ocr=conf,
                     page=al.page, bbox=al.bbox, typed=value)
    return {"total": to_field("total", cand, 0.3, cap=RECOUNT_CAP)}


def _sum_disagrees(lines: list[AmountLine], total: AmountLine) -> bool:
    """The subtotal and tax lines printed just above the total, both read surely, add up to
    another amount (more than a rounding step away), with nothing else between them."""
    sub, tax = _first_line(lines, SUBTOTAL_LABEL), _first_line(lines, TAX_LABEL)
    if sub is None or tax is None or not sub.order < tax.order < total.order or \
            min(sub.conf, tax.conf) < SURE_SUM_WORD:
        return False
    between = [al for al in lines if sub.order < al.order < total.order and al is not tax
               and not ROUNDING.search(al.label)]
    return not between and abs(sub.value + tax.value - total.value) > STEP


def _off_rounding_step(lines: list[AmountLine], total: AmountLine) -> bool:
    """A total printed under a rounding adjustment is a whole number of 5-cent steps; one a
    cent or two off a step is misread (a 5 read as 6)."""
    rounded = any(ROUNDING.search(al.label) and al.decimals and 0 < abs(al.value) < STEP
                  and total_weight(al.label) == 0 and al.order < total.order for al in lines)
    off = total.value % STEP
    return rounded and total.decimals and off != 0 and min(off, STEP - off) <= 2 * CENT


def _first_line(lines: list[AmountLine], label: re.Pattern) -> AmountLine | None:
    return next((al for al in lines if al.decimals and not al.crowded
                 and label.search(al.label)), None)


def _first(lines: list[AmountLine], label: re.Pattern) -> Decimal | None:
    """The first amount of the totals block under a subtotal or tax label."""
    return next((al.value for al in lines if al.decimals and not al.crowded
                 and label.search(al.label)), None)


def _score(s: Support) -> float:
    return s.label + 0.5 * len(s.checks)


def _payment(lines: list[AmountLine], first_total: int
             ) -> tuple[AmountLine | None, AmountLine | None]:
    """The first amount tendered (cash, card) and the first change line of the totals block,
    both with cents."""
    after = [al for al in lines if al.order >= first_total and al.decimals]
    tendered = next((al for al in after if TENDERED.search(al.label)
                     and not CHANGE.search(al.label) and total_weight(al.label) == 0.0), None)
    change = next((al for al in after if CHANGE.search(al.label)), None)
    return tendered, change


def _derived(lines, totals, first_total, subtotal, tax, items_sum):
    """(check name, value) pairs the receipt's arithmetic says the total should be."""
    tendered, change = _payment(lines, first_total)
    if tendered and change and tendered.value >= change.value:
        yield "tendered-change", tendered.value - change.value
    elif tendered and not change:
        yield "card" if CARD.search(tendered.label) else "tendered", tendered.value
    rounding = [al for al in lines if ROUNDING.search(al.label) and total_weight(al.label) == 0]
    for r in rounding:
        above = [al for al, _ in totals if al.order < r.order]
        if not above:
            continue
        base = above[-1].value
        below = [al for al, _ in totals if al.order > r.order and al.value != base]
        for value in _rounded(base, r.value):
            if value != base or not below:  # no adjustment: the total stands, unless
                yield "rounding", value     # a total printed after it says otherwise
    if subtotal is not None and tax is not None:
        yield "subtotal+tax", quantize_cents(subtotal + tax)
        for r in rounding:
            for value in _rounded(subtotal + tax, r.value):
                yield "subtotal+tax", value
    if items_sum:
        yield "items", quantize_cents(items_sum)


def _rounded(base: Decimal, adjustment: Decimal) -> list[Decimal]:
    """base +/- the adjustment, keeping a sum on a 5-cent step (OCR drops minus signs)."""
    adj = abs(adjustment)
    if adj == 0:
        return [base]
    if adj >= Decimal("0.05"):
        return []  # not a rounding adjustment (or a misread one)
    steps = [v for v in (base + adj, base - adj) if v > 0 and (v / STEP) % 1 == 0]
    return steps


def _below_subtotal(value: Decimal, lines: list[AmountLine]) -> bool:
    """A paid total under a subtotal printed above it (by more than a rounding step): the
    'total' is another amount (a tax, a quantity) or one of them is misread. Counts only
    against a total no payment or sum confirms (a confirmed total outweighs a subtotal
    that OCR may have misread)."""
    return any(al.decimals and not al.crowded and al.conf >= SURE_SUBTOTAL_WORD
               and SUBTOTAL_LABEL.search(al.label) and value < al.value - STEP
               for al in lines)


def _payment_read_conf(lines: list[AmountLine], first_total: int, value: Decimal) -> float:
    """How surely the payment lines read `value` a second time (0.0 when they do not)."""
    tendered, change = _payment(lines, first_total)
    if tendered is None:
        return 0.0
    if change is None:
        return tendered.conf if tendered.value == value else 0.0
    if tendered.value - change.value == value and tendered.order < change.order:
        return min(tendered.conf, change.conf)
    return 0.0


def _contradicted(lines, first_total, value: Decimal) -> bool:
    tendered, change = _payment(lines, first_total)
    return bool(tendered and change and tendered.value - change.value != value)


def _unlabelled_total(lines: list[AmountLine]) -> dict[str, FieldValue]:
    """No total label at all: tendered - change, else the largest amount with decimals in
    the lower part of the receipt; a guess, always reviewed."""
    tendered = [al for al in lines if TENDERED.search(al.label) and not CHANGE.search(al.label)]
    change = [al for al in lines if CHANGE.search(al.label) and al.order > tendered[0].order] \
        if tendered else []
    if tendered and change and tendered[0].value > change[0].value:
        value = tendered[0].value - change[0].value
        al = tendered[0]
        cand = Candidate(value=money_str(value), score=0.3, label=0.3, shape=0.8,
                         ocr=min(al.conf, change[0].conf), page=al.page, bbox=al.bbox,
                         typed=value)
        return {"total": to_field("total", cand, 0.3, cap=0.5)}
    pool = [al for al in lines if al.decimals and al.y > 0.3 and al.value > 0]
    if not pool:
        return {}
    al = max(pool, key=lambda a: a.value)
    cand = Candidate(value=money_str(al.value), score=0.2, label=0.1, shape=0.8, ocr=al.conf,
                     page=al.page, bbox=al.bbox, typed=al.value)
    return {"total": to_field("total", cand, 0.2, cap=0.5)}
