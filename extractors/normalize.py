"""Value normalisation at the noisy boundary: dates, amounts, currencies (never float).

These names and signatures are shared with the claim and payroll extractors:
`parse_date`, `parse_amount`, `parse_currency`, `money_str`.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from schemas.money import money_str as _money_str

if TYPE_CHECKING:
    from schemas.document import FieldValue

MONTHS: dict[str, int] = {}
for _num, _names in enumerate([
    "january jan janvier janv januar jän enero ene",
    "february feb feb. fevrier février févr fevr februar febrero",
    "march mar mars märz marz marzo",
    "april apr avril avr abril abr",
    "may mai mayo",
    "june jun juin juni junio",
    "july jul juillet juil juli julio",
    "august aug aout août agosto ago",
    "september sep sept septembre setiembre septiembre",
    "october oct octobre oktober okt octubre",
    "november nov novembre noviembre",
    "december dec décembre decembre dezember dez diciembre dic",
], start=1):
    for _n in _names.split():
        MONTHS[_n.rstrip(".")] = _num

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?(?:\s+de)?[\s\-/.]*({_MONTH_RE})\.?"
    rf"(?:\s+de)?[\s\-/.,]*(\d{{4}}|\d{{2}})(?!\d)", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w])({_MONTH_RE})\.?[\s\-/.]*(\d{{1,2}})(?:st|nd|rd|th)?[\s,\-/.]+(\d{{4}})(?!\d)",
    re.IGNORECASE)


def parse_date(text: str, *, day_first: bool | None = None) -> dt.date | None:
    """The first date in `text`, or None.

    Numeric dates like 03/04/2024 are read day-first when `day_first` is True (a locale
    hint, e.g. an EUR invoice), month-first when False; when None, a part > 12 decides and
    otherwise dotted dates are read day-first and slashed ones month-first.
    Use `date_is_ambiguous` to learn whether the order mattered.
    """
    if not text:
        return None
    s = text.strip()
    m = _ISO.search(s)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    found = _first_match(s)
    if found is not None:
        return found[0](found[1], day_first)
    return _parse_with_dateparser(s, day_first)


def date_is_ambiguous(text: str) -> bool:
    """True when `text` holds a numeric date whose day/month order cannot be told apart."""
    if not text or _ISO.search(text):
        return False
    found = _first_match(text.strip())
    if found is None or found[0] is not _from_numeric:
        return False
    a, b = int(found[1][1]), int(found[1][3])
    return a <= 12 and b <= 12 and a != b


def _first_match(s: str):
    best = None
    for pattern, builder in ((_NUMERIC, _from_numeric), (_DAY_MONTH_YEAR, _from_dmy),
                             (_MONTH_DAY_YEAR, _from_mdy)):
        m = pattern.search(s)
        if m and (best is None or m.start() < best[1].start()):
            best = (builder, m)
    return best


def _from_numeric(m: re.Match, day_first: bool | None) -> dt.date | None:
    a, sep, b, year = int(m[1]), m[2], int(m[3]), _year(m[4])
    if day_first is None:
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            day_first = False
        else:
            day_first = sep in ".-"
    day, month = (a, b) if day_first else (b, a)
    return _safe_date(year, month, day) or _safe_date(year, day, month)


def _from_dmy(m: re.Match, day_first: bool | None) -> dt.date | None:
    return _safe_date(_year(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1]))


def _from_mdy(m: re.Match, day_first: bool | None) -> dt.date | None:
    return _safe_date(_year(m[3]), MONTHS[m[1].lower().rstrip(".")], int(m[2]))


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 and len(text) == 2 and y < 70 else (y + 1900 if y < 100 else y)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (1900 <= year <= 2100):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_with_dateparser(s: str, day_first: bool | None) -> dt.date | None:
    if not re.search(r"\d", s) or len(s) > 40 or re.fullmatch(r"[\d\s]+", s):
        return None  # bare digit runs are numbers, not dates (dateparser reads timestamps)
    import dateparser  # slow to import; only for shapes the fast path does not know

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
    if day_first is not None:
        settings["DATE_ORDER"] = "DMY" if day_first else "MDY"
    try:
        value = dateparser.parse(s, languages=["en", "de", "fr", "es", "nl"],
                                 settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return value.date() if value is not None and 1900 <= value.year <= 2100 else None


# ---- amounts -----------------------------------------------------------------------

_AMOUNT = re.compile(r"[-−–(]?\s*\d[\d\s.,'’]*\d(?:\s*-)?|[-−–(]?\s*\d(?:\s*-)?")


def parse_amount(text: str, *, decimal_comma: bool | None = None) -> Decimal | None:
    """The amount in `text` as a Decimal, or None.

    Handles "1.234,56", "1,234.56", "1 234,56", "(35.00)", "-35.00", "35.00-", "35.00 CR",
    currency symbols and codes. `decimal_comma` is a locale hint for ambiguous forms such
    as "1,234" (True: 1.234; False/None: 1234).
    """
    if not text:
        return None
    s = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    negative = False
    if re.search(r"^\(.*\)$", s) or re.search(r"(^|\s)-\s*\D{0,4}\d", s) or \
            re.search(r"^(?:[$€£¥₹]|[A-Z]{2}\$|USD|EUR|GBP|CHF|INR|MYR|CAD|AUD|Rs\.?|RM)?\s?[-−–]\s?\d", s) or re.search(r"\d\s*-$", s) or \
            re.search(r"\b(CR|Cr)\b\.?$", s):
        negative = True
    m = _AMOUNT.search(s)
    if not m:
        return None
    raw = re.sub(r"[()\-−–\s'’]", "", m.group(0))
    raw = raw.rstrip(".,")
    if not raw or not raw[0].isdigit():
        return None
    number = _digits_to_decimal(raw, decimal_comma)
    if number is None:
        return None
    return -number if negative and number != 0 else number


def _digits_to_decimal(raw: str, decimal_comma: bool | None) -> Decimal | None:
    last_dot, last_comma = raw.rfind("."), raw.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        pos = max(last_dot, last_comma)
        decimals = len(raw) - pos - 1
        count = raw.count(sep)
        if count > 1:
            decimal_sep = None  # 1.234.567 or 1,234,567: grouping only
        elif decimals == 3:
            # "1,234" is a thousand in en, "1,234" is 1.234 in de: the hint decides
            if sep == ",":
                decimal_sep = "," if decimal_comma else None
            else:
                decimal_sep = "." if decimal_comma is False else None
                if decimal_comma is None:
                    decimal_sep = None
        else:
            decimal_sep = sep
    else:
        decimal_sep = None
    if decimal_sep is None:
        digits = raw.replace(".", "").replace(",", "")
    else:
        whole, _, frac = raw.rpartition(decimal_sep)
        whole = whole.replace(".", "").replace(",", "")
        if not frac.isdigit():
            return None
        digits = f"{whole or '0'}.{frac}"
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def money_str(amount: Decimal) -> str:
    """The contract's decimal string: '.' separator, no grouping, '-' for credits."""
    return _money_str(amount)


# ---- currencies --------------------------------------------------------------------

CURRENCY_SYMBOLS: dict[str, str] = {
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY",
    "₪": "ILS", "₫": "VND", "₱": "PHP", "฿": "THB", "zł": "PLN", "Kč": "CZK",
    "US$": "USD", "U$S": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "$": "USD", "Rs.": "INR",
    "Rs": "INR", "INR": "INR", "RM": "MYR", "Fr.": "CHF", "SFr.": "CHF",
}
CURRENCY_WORDS: dict[str, str] = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "rupees": "INR",
    "pounds": "GBP", "ringgit": "MYR",
}


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


COMMON_CODES = frozenset({"USD", "EUR", "GBP", "CHF", "INR", "MYR", "CAD", "AUD", "JPY",
                          "CNY", "SEK", "NOK", "DKK", "PLN", "CZK", "SGD", "HKD", "NZD",
                          "MXN", "BRL", "ZAR"})


def parse_currency(text: str) -> str | None:
    """An ISO 4217 code from a code, symbol or word in `text` ("€", "US$", "EUR"), or None.

    Bare "$" maps to USD (the most frequent reading); callers should treat that as weaker.
    """
    if not text:
        return None
    for m in re.finditer(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])", text):
        code = m.group(1)
        if code in COMMON_CODES or code in _iso_codes() and code not in _CODE_LOOKALIKES:
            return code
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if symbol.isalpha() or symbol.endswith("."):
            pattern = rf"(?<![A-Za-z]){re.escape(symbol)}(?![A-Za-z])"
            if re.search(pattern, text):
                return CURRENCY_SYMBOLS[symbol]
        elif symbol in text:
            return CURRENCY_SYMBOLS[symbol]
    for word in re.findall(r"[A-Za-z]+", text.lower()):
        if word in CURRENCY_WORDS:
            return CURRENCY_WORDS[word]
    return None


# ISO codes that are also common English/German/French/Spanish abbreviations on documents
_CODE_LOOKALIKES = frozenset({"ALL", "TOP", "CUP", "MOP", "BOB", "PEN", "SOS", "TRY",
                              "GEL", "MAD", "AED", "ANG", "BAM", "LAK", "MGA", "SAR",
                              "STD", "TND", "VES", "XXX", "XTS", "XAU", "XAG", "KES",
                              "NAD", "CVE", "BND", "GIP", "SHP", "LSL", "MRU", "AFN",
                              "AMD", "SVC", "GMD", "ERN", "FKP", "BOV", "MUR", "PGK"})


def field_amount(field: FieldValue | None) -> Decimal | None:
    """An extracted money field's value as Decimal (None when absent or not a number)."""
    try:
        return None if field is None else Decimal(str(field.value))
    except ArithmeticError:
        return None
