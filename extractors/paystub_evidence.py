"""What confirms or refutes a pay stub value beyond the reading of its own words.

A stub states most of its facts twice: gross pay is the sum of the earnings lines, total
deductions the sum of the deduction lines, net pay is gross less deductions, hours x rate is
the first earnings line, and the pay period's two dates and the pay date follow the shape
of a payroll calendar. A check that holds confirms the values it involves; one that fails
is charged only to the values no other check confirms, so a stub whose net pay does not add
up sends its net pay to review, not the gross pay its lines confirm.

A value no check reaches (a name, an ID) has only its own reading: the OCR confidence of
its words, whether it fits its field's shape, whether its label was read cleanly.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from extractors.page_model import Line, Word
from extractors.paystub_lexicon import known_parts
from extractors.paystub_reading import CENT, Reading, is_amount, read_money
from extractors.w2_repair import damaged_reading_of

# -- a value read once, by OCR ----------------------------------------------------------------

# OCR word confidence from which an ID of clean shape under a cleanly read label is as
# likely right as a checked value: on 330 scanned IDs (seeds 11, 41, 43, 47) the 7 misread
# ones were read at 0.73 or less (a digit swapped, the 'E' lost), right ones mostly 0.83-0.96
CLEAN_WORD_CONF = 0.88
READ_ONCE_CONF = 0.96
# an ID read as a capital then digits ('E51045', no glyph repaired, no speck): Tesseract
# rates a word by its least certain glyph, here the capital, so right ones read 0.77-0.92
# where all-digit IDs read 0.91-0.96. Of 184 IDs of this shape (seeds 11, 41, 43, 47, 53,
# 67, 71) none was misread; the misread ones were led by a glyph repaired to 'E' ('£82361',
# 0.73), carried specks ('..E82352', 0.45), a letter among the digits ('E1615S', 0.41), or
# were all digits, the 'E' read as a 6 ('636120', 0.65)
LETTER_LED_CLEAN_CONF = 0.80
_LETTER_LED_ID = re.compile(r"[A-Z]\d{4,}")


def id_clean_level(text: str) -> float:
    """The word confidence from which an ID read as `text` counts as cleanly read."""
    return LETTER_LED_CLEAN_CONF if _LETTER_LED_ID.fullmatch(text) else CLEAN_WORD_CONF

# a name has no shape to check beyond its capitals, and one letter misread makes another
# name: 'Gowan' for 'Cowan' (0.89), 'Rich-Oison' (0.91), 'Marshatt' (0.91), 'Bail' for
# 'Ball' (0.92), whatever else the page shows (two of them on pages whose every digit
# checked out). Right names read mostly at 0.95-0.96; a name's words must read this well
NAME_WORD_CONF = 0.96


# a company's legal form is a closed vocabulary: of 207 scanned ones on pay stubs (seeds 11
# to 71, against each stub's text-layer twin) OCR made no other word of any, only its case
# slipped ('inc' for 'Inc', 3 times). Read as one of them, the word is what was printed,
# however Tesseract rated its glyphs ('Shelton Inc' with 'Inc' at 0.81 or 0.91)
LEGAL_FORMS = {"INC": "Inc", "LLC": "LLC", "LLP": "LLP", "LTD": "Ltd", "PLC": "PLC",
               "CORP": "Corp", "GROUP": "Group", "SONS": "Sons"}
LEGAL_FORM_CONF = 0.80


def legal_form_case(text: str) -> str:
    """A legal form OCR read in small letters ('Shelton inc') in its printed case."""
    head, _, last = text.rpartition(" ")
    if head and last.islower() and last.upper() in LEGAL_FORMS:
        return f"{head} {LEGAL_FORMS[last.upper()]}"
    return text


def company_words_conf(words: Sequence[Word]) -> float:
    """The weakest word's OCR confidence, leaving out a legal form read as one at
    LEGAL_FORM_CONF or better: the name's own words decide how cleanly it was read."""
    def legal(w: Word) -> bool:
        return w.text.upper() in LEGAL_FORMS and w.conf >= LEGAL_FORM_CONF
    rest = [w.conf for w in words if not legal(w)]
    return min(rest) if rest else min((w.conf for w in words), default=0.0)


NEARLY_CLEAN_CONF = 0.93  # a weakest word within NEAR of `clean`
NEAR = 0.03

# Tesseract rates no hyphenated word above 0.92: over 215 scanned company names such as
# 'Green-Hunt' or 'Williamson-Koch' (seeds 11 to 71) none read higher, where plain words
# reach 0.96, so the hyphen hides the letters' own confidence. A compound read at that top
# is as clean as a compound reads and takes the lower clean step (57 of 57 right); under it
# sat the one misread compound ('Rich-Oison' for 'Rich-Olson', 0.91), so nothing lower does
HYPHENATED_TOP_CONF = 0.92
_COMPOUND_NAME = re.compile(r"[A-Z][a-z]+-[A-Z][a-z]+")


# a compound both of whose parts are words of Tesseract's own list (`paystub_lexicon`) is
# as clean as one read at the top from this word confidence: right compounds read 0.89-0.92
# (seeds 11 to 67), the misread ones had a part no list knows ('Rich-Oison' 0.91,
# 'Williamson-Kach' 0.53)
KNOWN_COMPOUND_CONF = 0.88


def top_compound(text: str, word_conf: float) -> bool:
    """`text` is one hyphenated compound of two capitalised names read at the top
    confidence a hyphenated word gets, or read nearly as well with both its parts words
    Tesseract's English word list knows."""
    if not _COMPOUND_NAME.fullmatch(text):
        return False
    return word_conf >= HYPHENATED_TOP_CONF or \
        (word_conf >= KNOWN_COMPOUND_CONF and known_parts(text))


def read_twice_alike(word: Word) -> bool:
    """An ID word OCR read again from its own crop (`ocr.reread_doubted_ids`) whose every
    reading gives its digits: the reading a glyph before them ('£33983') or a doubted 'E' had
    left in doubt is confirmed. A reading may carry one more digit in front, the glyph read as
    a 6 ('633983'); any other difference is a disagreement."""
    digits = re.sub(r"\D", "", word.text)
    if len(digits) < 4 or not word.rereads:
        return False
    for again in word.rereads:
        got = re.sub(r"\D", "", again)
        if not got.endswith(digits) or len(got) - len(digits) > 1:
            return False
    return True


def read_once_confidence(word_conf: float, clean: float = CLEAN_WORD_CONF) -> float:
    """Confidence of a clean-shaped OCR value under a clean label, from its weakest word, in
    steps a calibrated threshold can sit between: READ_ONCE_CONF at `clean` and above,
    NEARLY_CLEAN_CONF within NEAR under it, then under the review line, falling twice as
    fast as the word (at the default 0.88: 0.86 -> 0.93, 0.84 -> 0.88, 0.80 -> 0.80)."""
    if word_conf >= clean:
        return READ_ONCE_CONF
    if word_conf >= clean - NEAR:
        return NEARLY_CLEAN_CONF
    return max(0.0, 0.9 - 2.0 * (clean - NEAR - word_conf))


_NAME_WORD = re.compile(
    r"[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:[-'][A-Z]?[a-z]+)*,?|[A-Z]{2,5}\.?,?|[A-Z]\.|and|&|of")


def clean_name_shape(text: str) -> bool:
    """Every word reads like part of a printed name: capitalised words, initials, legal
    suffixes ('LLC'), 'and' / '&' / 'of'. OCR debris ('oe', 'ren ©', 'Benjamin:Costa') fails."""
    words = text.split()
    return bool(words) and len(words) <= 6 and all(_NAME_WORD.fullmatch(w) for w in words) \
        and sum(len(w) >= 3 for w in words) >= 1


def name_words_conf(words: Sequence[Word]) -> float:
    """The weakest word's OCR confidence, where a word that carried a speck OCR glued to it
    ('Wang.', "'Jeffery"; removed from the value) counts as read like the name's other
    words, less 0.05: Tesseract's doubt was the speck, not the letters."""
    def speck(w: Word) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", w.text)
        return bool(letters) and re.fullmatch(r"[.,:;'`\u2018\u2019\"]*[A-Za-z][A-Za-z'-]*"
                                              r"[.,:;'`\u2018\u2019\"]+|[.,:;'`\u2018\u2019\"]+"
                                              r"[A-Za-z][A-Za-z'-]*", w.text) is not None
    clean = [w.conf for w in words if not speck(w)]
    if not clean:
        return min((w.conf for w in words), default=0.0)
    return min([*clean, *(max(w.conf, min(clean) - 0.05) for w in words if speck(w))])


# -- dates ------------------------------------------------------------------------------------

PAY_LAG_DAYS = 7  # a pay date up to a week after the period's end is the usual calendar
PAY_LAG_LIMIT = 14  # beyond two weeks, or before the period starts, a date is doubted


def _month_end(d: date) -> int:
    return calendar.monthrange(d.year, d.month)[1]


def is_pay_period(start: date, end: date) -> bool:
    """A payroll calendar's period: weekly or biweekly (7 or 14 days, both ends counted),
    semimonthly (the 1st to the 15th, the 16th to the month's end) or monthly."""
    days = (end - start).days + 1
    if days in (7, 14):
        return True
    same_month = (start.year, start.month) == (end.year, end.month)
    if same_month and start.day == 1 and end.day in (15, _month_end(end)):
        return True
    return same_month and start.day == 16 and end.day == _month_end(end)


def check_dates(r: dict[str, Reading]) -> None:
    """Period start and end that make a payroll period confirm each other; a pay date on
    or shortly after the period's end is confirmed with them; one far from it is doubted."""
    start, end, paid = (r.get(k) for k in ("pay_period_start", "pay_period_end", "pay_date"))
    if start is None or end is None:
        return
    s, e = date.fromisoformat(start.value), date.fromisoformat(end.value)
    period = is_pay_period(s, e)
    if s > e or not 0 < (e - s).days <= 31:
        start.checks.append(False)
        end.checks.append(False)
        return
    if period:
        start.checks.append(True)
        end.checks.append(True)
    if paid is None:
        return
    lag = (date.fromisoformat(paid.value) - e).days
    if period and 0 <= lag <= PAY_LAG_DAYS:
        paid.checks.append(True)
    elif lag > PAY_LAG_LIMIT or date.fromisoformat(paid.value) < s:
        paid.checks.append(False)


E_GLYPHS = "£€&₤§"  # what OCR reads for an ID's leading 'E' in some type: no ID holds one


# -- the stub's arithmetic --------------------------------------------------------------------

Check = tuple[list[Reading], bool]  # the readings one equation involves, and whether it held


def _amount(r: Reading | None) -> Decimal | None:
    return None if r is None else r.amount


def _sum(total: Reading, parts: Sequence[Reading], implied: Decimal) -> list[Check]:
    """total = implied; a total that is what OCR makes of the implied value (a digit or
    the point lost) is rebuilt from its parts, for review, and takes no check."""
    if total.amount == implied:
        return [([total, *parts], True)]
    if total.amount is not None and damaged_reading_of(total.amount, implied):
        total.rebuild(implied)
        return []
    return [([total, *parts], False)]


def settle(checks: Sequence[Check]) -> None:
    """Every reading in a holding check is confirmed by it. A failed check is charged to
    its readings no holding equation of three or more values confirms (a gross pay its
    lines add up to stands when net pay does not follow from it); when every one of them
    is confirmed elsewhere, to all. A total equal to its one line is the same digits read
    twice, which OCR can misread alike: that clears no one by itself, but a total equal to
    a line that hours x rate confirms is confirmed with it."""
    confirmed = {id(x) for readings, holds in checks if holds and len(readings) >= 3
                 for x in readings}
    for readings, holds in checks:
        if holds and len(readings) == 2 and any(id(x) in confirmed for x in readings):
            confirmed |= {id(x) for x in readings}
    for readings, holds in checks:
        if holds:
            for x in readings:
                x.checks.append(True)
            continue
        doubted = [x for x in readings if id(x) not in confirmed] or readings
        for x in doubted:
            x.checks.append(False)


def ytd_row_checks(r: dict[str, Reading], lines: Sequence[Line], ocr: bool) -> list[Check]:
    """A summary row that prints YTD gross, YTD deductions and YTD net side by side ('Year
    to Date 48,212.00 13,475.22 34,736.78'): gross - deductions = net, read off one line,
    confirms both totals whatever the deduction lines' YTD column made of itself."""
    gross, net = r.get("ytd_gross"), r.get("ytd_net")
    if gross is None or net is None or gross.amount is None or net.amount is None:
        return []
    line = next((ln for ln in lines if net.words and net.words[0] in ln.words), None)
    if line is None or not any(w in line.words for w in gross.words):
        return []
    taken = {id(w) for w in [*gross.words, *net.words]}
    for w in line.words:
        if id(w) in taken or not is_amount(w.text, ocr):
            continue
        between = read_money([w], 1.0, ocr)
        if between is not None and gross.amount - between.amount == net.amount:
            return [([gross, net, between], True)]
    return []


MAX_PAY_PERIODS = 53  # weekly pay, a long year


def ytd_multiple_checks(r: dict[str, Reading]) -> list[Check]:
    """Pay unchanged since the year began prints YTD totals that are one whole number of
    periods times the current ones: YTD gross = k x gross and YTD net = k x net with the same
    k, to the cent, confirms all four (a misread digit breaks it). Pay that changed this year
    fails nothing: the check is only taken when it holds."""
    got = [_amount(r.get(k)) for k in ("gross_pay", "net_pay", "ytd_gross", "ytd_net")]
    if any(x is None for x in got):
        return []
    gross, net, ytd_gross, ytd_net = got
    if gross <= 0 or net <= 0:
        return []
    k = ytd_gross / gross
    if k != k.to_integral_value() or not 1 <= k <= MAX_PAY_PERIODS or ytd_net != net * k:
        return []
    return [([r["gross_pay"], r["net_pay"], r["ytd_gross"], r["ytd_net"]], True)]


def line_pays(hours: Decimal, rate: Decimal, amount: Decimal) -> bool:
    """hours x rate is the line's amount, rounded half up to the cent as payroll does (a
    cent either way: half-even or truncating payroll software)."""
    return abs((hours * rate).quantize(CENT, rounding=ROUND_HALF_UP) - amount) <= CENT


def check_arithmetic(r: dict[str, Reading], earnings: list[dict[str, Reading]],
                     deductions: list[dict[str, Reading]],
                     lines: Sequence[Line] = (), ocr: bool = False) -> None:
    """The stub's equations, settled together (`settle`): lines add up to their totals,
    gross - deductions = net, hours x rate = the first line, YTD gross - YTD deductions =
    YTD net."""
    checks: list[Check] = []

    def column(rows: list[dict[str, Reading]], col: str) -> list[Reading]:
        cells = [row[col] for row in rows if col in row]
        return cells if cells and len(cells) == len(rows) else []

    for key, rows, col in (("gross_pay", earnings, "amount"), ("total_deductions", deductions,
                           "amount"), ("ytd_gross", earnings, "ytd")):
        cells = column(rows, col)
        if r.get(key) and cells:
            checks += _sum(r[key], cells, sum((c.amount for c in cells), Decimal(0)))
    gross, ded = _amount(r.get("gross_pay")), _amount(r.get("total_deductions"))
    if gross is not None and ded is not None and _amount(r.get("net_pay")) is not None:
        checks += _sum(r["net_pay"], [r["gross_pay"], r["total_deductions"]], gross - ded)
    hours, rate = _amount(r.get("hours")), _amount(r.get("rate"))
    if hours is not None and rate is not None and earnings and "amount" in earnings[0]:
        first = earnings[0]["amount"]
        checks.append(([r["hours"], r["rate"], first], line_pays(hours, rate, first.amount)))
    ytds, ytd_gross = column(deductions, "ytd"), _amount(r.get("ytd_gross"))
    if r.get("ytd_net") and ytd_gross is not None and ytds:
        checks += _sum(r["ytd_net"], [r["ytd_gross"], *ytds],
                       ytd_gross - sum((c.amount for c in ytds), Decimal(0)))
    checks += ytd_row_checks(r, lines, ocr)
    checks += ytd_multiple_checks(r)
    settle(checks)
