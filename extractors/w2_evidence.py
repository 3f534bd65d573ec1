"""Cross-box evidence on a W-2: values read apart that the form says must agree.

Each check looks at amounts read from different boxes (different words, different places on
the page). OCR damage rarely makes two readings wrong the same way, so values that satisfy
a check are confirmed and rise above the review line; a check that fails the way OCR fails
(one digit apart, a lost point or lost leading digits) lowers the values it cannot tell
apart. Repaired values stay below the line: a repair is a guess the check itself made.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from extractors.forms import make_field
from extractors.normalize import money_str
from extractors.w2_repair import damaged_reading_of
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

SS_RATE, MEDICARE_RATE = Decimal("0.062"), Decimal("0.0145")
WAGE_BOXES = ("wages", "social_security_wages", "medicare_wages", "state_wages")
# a value rebuilt from OCR damage goes to review: 0.6, 0.75 once spread by forms.calibrate,
# under the 0.8 floor of W-2 thresholds (0.85 was under the old 0.9 review line only; a
# rebuilt tax is wrong where the form itself misprints it)
REPAIRED_CAP = 0.6
# Confirmed values all sit at one level, at the top: on 100 generated W-2 scans (seeds 11
# and 41) 323 of 323 pairs of wage boxes read apart to the same amount, digit for digit,
# were both right; so were 87 of 87 pairs of wages and tax at the statutory rate to the
# cent (50 scans). Spread over 0.93-0.99 instead, a confirmed value on another set fell
# under a threshold fitted where every confirmed value happened to be 0.98 or more.
CONFIRMED = 0.99
EXACT_RATE_FLOOR = AGREEMENT_FLOOR = CONFIRMED
_DISAGREEMENT_FACTOR = 0.6


def set_conf(fields: Fields, name: str, value: object, conf: float) -> None:
    """Replace a field's value and confidence, keeping its page and box."""
    fv = fields[name]
    fields[name] = make_field(name, str(value), conf, bbox=fv.bbox).model_copy(
        update={"page": fv.page})


def _amounts(fields: Fields, names: Iterable[str]) -> dict[str, Decimal]:
    return {n: Decimal(str(fields[n].value)) for n in names if n in fields}


# -- wages printed in several boxes --------------------------------------------------------

def ocr_apart(a: Decimal, b: Decimal) -> bool:
    """Whether two amounts differ the way OCR misreadings make them differ: one or two
    digits changed ('31817.82' and '32817.81' for 31817.81 twice, each box misread once),
    a point lost, or leading digits lost."""
    da, db = f"{a:.2f}".replace(".", ""), f"{b:.2f}".replace(".", "")
    if a == b:
        return False
    if len(da) == len(db) and sum(x != y for x, y in zip(da, db)) <= 2:
        return True
    return damaged_reading_of(a, b) or damaged_reading_of(b, a)


def _apart(a: FieldValue, b: FieldValue) -> bool:
    """Whether two values were read from different places (not the same words twice)."""
    if a.bbox is None or b.bbox is None or a.page != b.page:
        return True
    return (a.bbox[2] <= b.bbox[0] or b.bbox[2] <= a.bbox[0]
            or a.bbox[3] <= b.bbox[1] or b.bbox[3] <= a.bbox[1])


def check_wage_agreement(fields: Fields, *, ocr: bool = True) -> set[str]:
    """Box 1 (wages), 3, 5 and 16 (state wages) often print the same amount. Two of them
    read to the same amount confirm each other; two that differ by one OCR misreading
    (and are confirmed by nothing else) lose confidence, since either may be the misread
    one. Returns the names confirmed."""
    amounts = _amounts(fields, WAGE_BOXES)
    confirmed = {a for a in amounts for b in amounts if a != b and amounts[a] == amounts[b]
                 and _apart(fields[a], fields[b])}
    if ocr:
        confirmed -= _misread_twice(fields, amounts, confirmed)
    for name in confirmed:
        fv = fields[name]
        set_conf(fields, name, fv.value, max(fv.confidence, AGREEMENT_FLOOR))
    doubted = {x for a in amounts for b in amounts if ocr_apart(amounts[a], amounts[b])
               for x in (a, b)} - confirmed
    for name in doubted:
        fv = fields[name]
        set_conf(fields, name, fv.value, fv.confidence * _DISAGREEMENT_FACTOR)
    return confirmed


_RATE_BASES = {"social_security_wages": ("social_security_tax", SS_RATE),
               "medicare_wages": ("medicare_tax", MEDICARE_RATE)}


def _misread_twice(fields: Fields, amounts: dict[str, Decimal], confirmed: set[str]
                   ) -> set[str]:
    """Boxes that agree with each other but are one OCR misreading from another agreeing
    pair, and whose statutory rate fails where the other pair's holds: one misreading made
    twice (boxes 1 and 5 both read '108592.82' for 108591.81 on a generated scan: box 6,
    1574.58, is 1.45 % of boxes 3 and 16's 108591.81, not of 108592.82). Without a rate to
    tell them apart both pairs stand: box 1 often differs from boxes 3 and 5 by a deferral,
    a digit apart ('93733.38' and '98733.38')."""
    def rate(name: str) -> bool | None:
        tax = _RATE_BASES.get(name)
        if tax is None or tax[0] not in fields:
            return None
        got = Decimal(str(fields[tax[0]].value))
        return abs(amounts[name] * tax[1] - got) <= Decimal("0.005")
    out = set()
    for a in confirmed:
        rival = [b for b in confirmed if ocr_apart(amounts[a], amounts[b])]
        mine = [rate(n) for n in confirmed if amounts[n] == amounts[a]]
        theirs = [rate(n) for n in rival]
        if rival and False in mine and True in theirs and False not in theirs:
            out.add(a)
    return out


# -- statutory rates: social security and Medicare --------------------------------------------

def _holds(base: Decimal, tax: Decimal, rate: Decimal) -> bool:
    return abs((base * rate).quantize(Decimal("0.01")) - tax) <= Decimal("0.02")


def rate_check(fields: Fields, amounts: dict[str, Decimal], base: str, tax: str,
               rate: Decimal, wages: Sequence[Decimal] = (),
               confirmed: frozenset[str] = frozenset()) -> None:
    """Tax = rate x base within two cents: both confirmed. Otherwise, a reading that is OCR
    damage of what the other implies (a lost point or digit, lost cents; for the base, of
    the same wages read in another box, `wages`) is repaired from it, for review; failing
    that, both lose confidence (the base not when another box `confirmed` it)."""
    if base not in amounts or tax not in amounts:
        return
    b, t = amounts[base], amounts[tax]
    expected = (b * rate).quantize(Decimal("0.01"))
    if abs(b * rate - t) <= Decimal("0.005"):  # to the cent, a half cent rounded either way
        # to the cent, two amounts read apart agree as the statute says: the tax is
        # confirmed (87 of 87 such taxes right on 50 generated W-2 scans). The wages only to
        # the dollar: at 6.2 %, wages 16 cents apart give the same tax
        fv = fields[tax]
        set_conf(fields, tax, fv.value, max(fv.confidence, EXACT_RATE_FLOOR))
        return
    # within the two cents allowed (withholding summed per paycheck) a one-cent misread
    # hides ('2771.62' read for 2771.61 had passed at 0.94): both stay in doubt below
    if b == b.to_integral_value() and _holds(b / 100, t, rate):  # base lost its point
        set_conf(fields, base, money_str(b / 100), min(fields[base].confidence, REPAIRED_CAP))
        return
    for other in wages:  # the same wages printed in another box ('107.42' of 47107.42)
        if damaged_reading_of(b, other) and _holds(other, t, rate):
            set_conf(fields, base, money_str(other), min(fields[base].confidence, REPAIRED_CAP))
            return
    if damaged_reading_of(t, expected):
        set_conf(fields, tax, money_str(expected), min(fields[tax].confidence, REPAIRED_CAP))
        return
    for name in (base, tax):
        if name not in confirmed:
            set_conf(fields, name, fields[name].value, fields[name].confidence * 0.75)


def check_statutory_rates(fields: Fields, confirmed: Iterable[str] = ()) -> None:
    """Box 4 = 6.2 % of box 3 and box 6 = 1.45 % of box 5; `confirmed`: wage boxes other
    boxes agreed with."""
    amounts = _amounts(fields, ("social_security_wages", "social_security_tax",
                                "medicare_wages", "medicare_tax"))
    wages = list(_amounts(fields, WAGE_BOXES).values())
    sure = frozenset(confirmed)
    rate_check(fields, amounts, "social_security_wages", "social_security_tax", SS_RATE, wages,
               sure)
    rate_check(fields, amounts, "medicare_wages", "medicare_tax", MEDICARE_RATE, wages, sure)


# -- withholding at a flat rate: federal (box 2) and state (box 17) income tax --------------

BASIS_POINT = Decimal("0.0001")
_MAX_RATE_BP = {"federal_tax_withheld": 3700, "state_tax": 1330}  # top marginal rates
_MIN_BASE = Decimal(20000)  # taxes one basis point apart differ by $2 or more


def flat_rate_bp(base: Decimal, tax: Decimal, max_bp: int) -> int | None:
    """The whole number of basis points (0.01 %) of `base` that comes to `tax` to the cent,
    if any. Withholding at a flat rate (as Pennsylvania's 3.07 %, or a flat supplemental
    rate) lands on that grid; a misread tax or base lands on it by chance at most once in
    200 times (the grid is $2 or more apart, a hit is a cent wide)."""
    if base < _MIN_BASE or tax <= 0:
        return None
    bp = int((tax / base / BASIS_POINT).to_integral_value())
    if not 0 < bp <= max_bp:
        return None
    return bp if abs(base * bp * BASIS_POINT - tax) <= Decimal("0.005") else None


def check_flat_withholding(fields: Fields) -> None:
    """Box 2 a flat rate of box 1, box 17 a flat rate of box 16 (or of box 1, which box 16
    usually repeats): the tax is confirmed, to the cent. The wages are not: at a rate of
    5 %, wages 10 cents off land on the same grid point ('112070.42' read for 112070.41
    had passed at 0.99). Nothing is lowered when the rate is not flat: most withholding
    is not."""
    for tax, bases in (("federal_tax_withheld", ("wages",)),
                       ("state_tax", ("state_wages", "wages"))):
        amounts = _amounts(fields, (tax, *bases))
        if tax not in amounts:
            continue
        base = next((b for b in bases if b in amounts
                     and flat_rate_bp(amounts[b], amounts[tax], _MAX_RATE_BP[tax])), None)
        if base is None:
            continue
        fv = fields[tax]
        set_conf(fields, tax, fv.value, max(fv.confidence, CONFIRMED))
