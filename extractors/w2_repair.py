"""OCR repair of W-2 values, each constrained by its box's shape.

Every repair here turns a reading that is certainly wrong as printed (a two-letter code
that is no USPS code, an SSN with '=' for a hyphen, an amount with two decimal points)
into the one value the box's shape allows. A repair is evidence of damage, so its
confidence factor is below 1; where several values fit, none is chosen.
"""
from __future__ import annotations

import re
from decimal import Decimal

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI".split())
# USPS codes of the territories: their employers file their own forms (W-2AS, W-2GU, W-2CM,
# W-2VI, Puerto Rico's 499R-2/W-2PR), so box 15 of a W-2 holding one is more likely a misread
# ('PR' read for PA at OCR 0.89 on a generated scan) than the code printed
TERRITORIES = frozenset("AS GU MP PR VI".split())
# letters printed the same shape in both cases, only smaller: OCR reading 'c' for 'C' misjudged
# a size, not a shape ('cA' is CA as printed; 'Ne' for NC is a shape misread)
CASE_BLIND = frozenset("cosuvwxz")


def read_as_printed(token: str, code: str) -> bool:
    """Whether OCR read box 15's `token` as the letters of `code` printed: the capitals, or
    a capital whose lowercase has the same shape."""
    text = token.strip(".,;:'\"|[](){}")
    return text.upper() == code and all(ch.isupper() or ch in CASE_BLIND for ch in text)

# what a printed capital may come out of OCR as, case kept: a lowercase 'o' or 'g' is a
# glyph with a low body or a descender (a 'J'), not a capital 'D' or 'O'
_READ_AS: dict[str, str] = {
    "A": "4", "B": "8", "C": "G(", "D": "O0", "E": "F", "F": "EP", "G": "C6", "H": "N",
    "I": "1l|L", "J": "ogUI]", "L": "I1", "M": "N", "N": "MH", "O": "0DQ", "P": "FR",
    "Q": "O", "R": "P", "S": "5$", "T": "7", "U": "VJ", "V": "UY", "Y": "V", "Z": "2",
}
_COULD_BE: dict[str, set[str]] = {}
for _letter, _reads in _READ_AS.items():
    for _c in _reads:
        _COULD_BE.setdefault(_c, set()).add(_letter)


def _letters_for(ch: str) -> dict[str, float]:
    """Capitals OCR may have read as `ch`, each with the cost of that misreading: 0 for
    the capital itself, 0.25 for a letter whose case OCR cannot tell ('o' for 'O'), 0.5
    for another lowercase letter, 1 for a confusion of shapes ('g' for 'J')."""
    out = {letter: 1.0 for letter in _COULD_BE.get(ch, ())}
    if ch.isupper():
        out[ch] = 0.0
    elif ch.isalpha() and ch.isascii():
        out.setdefault(ch.upper(), 0.25 if ch in "cosuvwxz" else 0.5)
    return out


def twin_codes(code: str) -> set[str]:
    """Other USPS codes one OCR confusion away ('NV' and 'NY')."""
    out = set()
    for i, ch in enumerate(code):
        for other in set(_READ_AS.get(ch, "")) | _COULD_BE.get(ch, set()):
            twin = code[:i] + other + code[i + 1:]
            if twin != code and twin in US_STATES:
                out.add(twin)
    return out


def repair_state(token: str) -> tuple[str, float] | None:
    """(USPS code, factor) for a box-15 token: 1.0 read as printed (0.93 when one OCR
    confusion away from another code: 'NV' / 'NY'), 0.9 the code its letters spell in
    capitals ('Nc' is NC), 0.7 the one code its OCR confusions allow at the least cost
    ('Ng' is NJ), None when no code or several fit equally."""
    text = token.strip(".,;:'\"|[](){}")
    if len(text) != 2:
        return None
    if text.upper() == text and text in US_STATES:
        return text, (0.93 if twin_codes(text) else 1.0)
    first, second = _letters_for(text[0]), _letters_for(text[1])
    fits = sorted((first[a] + second[b], a + b) for a in first for b in second
                  if a + b in US_STATES)
    if fits and (len(fits) == 1 or fits[0][0] < fits[1][0]):
        case_only = fits[0][1] == text.upper() and not text.islower()  # 'wy' for NY
        if case_only:
            return fits[0][1], CASE_ONLY
        return fits[0][1], (ONE_MISREAD if _one_misread_alone(fits, first, second) else 0.7)
    return None


CASE_ONLY = 0.9  # 'Nc' for NC: the letters as printed, OCR unsure of their case
# (not both: OCR read 'wy' for NY)
# one letter misread ('No': the J of NJ read as 'o'), where every other code needs both
# letters misread (MO: 'N' for M and 'o' for O): one misread is far likelier than two. On 300
# generated scans, 24 of 24 such repairs were right
ONE_MISREAD = 0.9


def _one_misread_alone(fits: list[tuple[float, str]], first: dict[str, float],
                       second: dict[str, float]) -> bool:
    def misreads(code: str) -> int:
        return (first[code[0]] > 0) + (second[code[1]] > 0)
    return misreads(fits[0][1]) == 1 and all(misreads(code) >= 2 for _, code in fits[1:])


# -- identifiers ------------------------------------------------------------------------------

_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1",
                            "|": "1", "i": "1", "Z": "2", "S": "5", "s": "5", "B": "8",
                            "G": "6", "b": "6", "g": "9", "q": "9"})
_SEPARATOR = re.compile(r"[\s=~+_.,:;—–−'`-]+")


def repair_identifier(text: str, groups: tuple[int, ...]) -> tuple[str, float] | None:
    """An SSN (3-2-4) or EIN (2-7) whose hyphen OCR read as '=', '~', '+' or a gap, or
    whose digits came out as look-alike letters: (hyphenated value, factor)."""
    core = text.strip(".,;:'\"|[](){}“”‘’")
    parts = [p for p in _SEPARATOR.split(core) if p]
    if not parts:
        return None
    digits = "".join(p.translate(_DIGIT_FOR) for p in parts)
    if not digits.isdigit() or len(digits) != sum(groups):
        return None
    if len(parts) > 1 and [len(p) for p in parts] != list(groups):
        return None  # a separator where the form prints none: not this shape
    out, at = [], 0
    for n in groups:
        out.append(digits[at:at + n])
        at += n
    value = "-".join(out)
    return value, (1.0 if core == value else 0.85)


# -- amounts ----------------------------------------------------------------------------------

CENT = Decimal("0.01")
_CLEAN_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$|^\d+\.\d{2}$")


def read_amount(text: str) -> tuple[Decimal, float] | None:
    """(amount, shape factor) of a W-2 money box, which prints dollars and cents.

    1.0 for a clean amount; 0.7 when OCR damaged the separators ('2,090.:32',
    '63920..00', "39'73'..85", '133480:00') or read a leading '5' as '$' ('$,335.40');
    0.6 for a bare digit run, read as cents ('6433694' is 64336.94: the point was lost);
    0.4 with a leading zero ('073.95'), which no amount prints: a digit before it was lost."""
    s = text.strip()
    if re.match(r"\$\s*(,|0\d)", s):  # '$073.95', '$,335.40': a '5' read as '$'
        got = read_amount("5" + s[1:].lstrip())
        return (got[0], min(got[1], 0.7)) if got else None
    point = re.fullmatch(r"(\d[\d,]*)\s*[-–—~]\s*(\d{2})", s)  # '151635 -29': the point
    if point:
        return Decimal(point[1].replace(",", "") + "." + point[2]), 0.7
    if re.match(r"[-–—~_]+\s*\d", s):  # a W-2 box holds no negative amount: a rule's speck
        got = read_amount(s.lstrip("-–—~_ "))
        return (got[0], min(got[1], 0.9)) if got else None
    s = s.lstrip("$").strip()
    s = re.sub(r"[.,:;'`]+$", "", s)
    if re.match(r"0[\d,]", s):  # '073.95': a leading digit was lost
        got = read_amount(s.lstrip("0,"))
        return (got[0], min(got[1], 0.4)) if got else None
    if _CLEAN_AMOUNT.match(s):
        return Decimal(s.replace(",", "")).quantize(CENT), 1.0
    if re.search(r"[^\d.,:;'` ]", s):
        return None
    s = re.sub(r"\s*([.,:;'`]+)\s*(?=\d)", r"\1", s)  # '147445 .99': a gap beside the point
    if _CLEAN_AMOUNT.match(s):
        return Decimal(s.replace(",", "")).quantize(CENT), 0.9
    tokens = s.split()
    gap = re.fullmatch(r"(\d[\d,]*)[.,]? (\d{2})", s)  # the point read as a gap
    if gap:
        return Decimal(gap[1].replace(",", "") + "." + gap[2]), 0.7
    if len(tokens) > 1:  # two amounts side by side: the first is this box's
        first = read_amount(tokens[0])
        return (first[0], first[1] * 0.9) if first and first[1] > 0.6 else None
    m = re.fullmatch(r"(\d[\d.,:;'`]*?)[.,:;'`]+(\d{2})", s)
    if m:
        return Decimal(re.sub(r"\D", "", m[1]) + "." + m[2]), 0.7
    if re.fullmatch(r"\d{3,}", s):
        return Decimal(s[:-2] + "." + s[-2:]), 0.6
    return None


def damaged_reading_of(read: Decimal, expected: Decimal) -> bool:
    """Whether `read` is what OCR makes of `expected`: the decimal point lost
    (397385.00 for 3973.85), one or two leading digits lost (275.76 for 8275.76), or the
    cents lost (2090.00 for 2090.32). A cleanly different amount is not."""
    if read < 0 or expected <= 0:  # a sign is no digit OCR could lose
        return False
    r, e = f"{read:.2f}", f"{expected:.2f}"
    rd, ed = r.replace(".", ""), e.replace(".", "")
    if read == expected:
        return False
    if r.endswith(".00") and rd[:-2] == ed:  # point lost: digits all there
        return True
    if len(rd) >= 5 and 1 <= len(ed) - len(rd) <= 2 and ed.endswith(rd):
        return True  # leading digits lost
    return r.endswith(".00") and r.split(".")[0] == e.split(".")[0]
