"""Names and addresses read through OCR: two misreadings put back by shape.

- German letters misread inside a word: 'ß' as 'B' ('WalterstraBe', 'SuBebier'), 'ö' as
  'é' ('Dérr'), 'ü' as 'ii' ('Liibs'); only on a German document (its labels say so).
- UK postcodes with a look-alike in a digit or letter slot ('FY6 SPD', 'W9 ODY',
  'TF60 ISB'): the inward code is a digit and two letters, the outward code one or two
  letters, a digit and an optional letter or digit.

Both only change text that fails its shape and fits it after the change.
"""
from __future__ import annotations

import re

from extractors.invoice_identifiers import TO_DIGIT, TO_LETTER

_GERMAN_WORDS = re.compile(r"\b(rechnung\w*|mwst|ust-?id\w*|umsatzsteuer|zahlbetrag|"
                           r"nettobetrag|gesamtbetrag|f[äa]llig|zahlungsbedingungen|seite)\b",
                           re.IGNORECASE)
_ESZETT = re.compile(r"(?<=[aeiouäöüAEIOU])B(?=[a-zäöü])")


def is_german(text: str) -> bool:
    """Two or more German invoice words on the page."""
    return len(set(m.lower() for m in _GERMAN_WORDS.findall(text))) >= 2


_O_UMLAUT = re.compile(r"(?<=[A-Za-z])[o6]?é(?=[a-z])")  # 'Dérr', 'Hoéfig': German has no é
_U_UMLAUT = re.compile(r"(?<=[A-Za-z])ii(?=[a-z])")  # 'Liibs': ü read as two i's


def repair_eszett(text: str) -> str:
    """German letters tesseract misreads: ß as B, ö as é, ü as ii."""
    return _U_UMLAUT.sub("ü", _O_UMLAUT.sub("ö", _ESZETT.sub("ß", text)))


_OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_INWARD = re.compile(r"^\d[A-Z]{2}$")


def repair_uk_postcode(text: str) -> str:
    """The address with its closing UK postcode put back by shape, else unchanged."""
    tokens = text.split(" ")
    if len(tokens) < 2:
        return text
    outward, inward = tokens[-2], tokens[-1]
    if _OUTWARD.match(outward) and _INWARD.match(inward):
        return text
    if not (2 <= len(outward) <= 4 and len(inward) == 3 and outward[:1].isalpha()):
        return text
    fixed_in = TO_DIGIT.get(inward[0], inward[0]) + "".join(
        TO_LETTER.get(c, c) for c in inward[1:])
    fixed_out = _repair_outward(outward)
    if fixed_out and _OUTWARD.match(fixed_out) and _INWARD.match(fixed_in):
        return " ".join(tokens[:-2] + [fixed_out, fixed_in])
    return text


def _repair_outward(code: str) -> str | None:
    """Letters, then the first digit slot: 'SMSW' -> 'SM5W', 'W9' stays."""
    if _OUTWARD.match(code):
        return code
    for letters in (2, 1):
        head, rest = code[:letters], code[letters:]
        if not head.isalpha() or not rest:
            continue
        digit = TO_DIGIT.get(rest[0], rest[0])
        candidate = head + digit + rest[1:]
        if _OUTWARD.match(candidate):
            return candidate
    return None


_DIGIT_IN_NAME = re.compile(r"(?<=[a-z])[1l|]{1,2}(?=[a-z-])|(?<=[a-z])0(?=[a-z])")


def repair_name_digits(text: str) -> str:
    """A name with look-alike digits inside a word ('Mcdowe11-Cook'): '1' after a
    lower-case letter is an 'l', '0' between letters an 'o'. Words of digits are kept."""
    return _DIGIT_IN_NAME.sub(lambda m: "o" if m.group(0) == "0" else "l" * len(m.group(0)),
                              text)


# ---- does an OCR'd name or address read as one? ---------------------------------------

_CONNECTORS = {"and", "und", "et", "y", "e", "of", "the", "de", "del", "la", "le", "les",
               "des", "du", "van", "von", "der", "den", "di", "da", "do", "dos", "zu"}
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?,?$")
_CAPITALISED = re.compile(r"^[^\W\d_][^\W\d_]*(?:[-'’.][^\W\d_]+)*\.?,?$")
_INNER_CAPITAL = re.compile(r"[a-zß-ÿ][A-ZÀ-Þ]")
_NUMBER_WORD = re.compile(r"^\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?[,.]?$")  # 12, 12a, 84/38, 34-80
_POSTCODE_WORD = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{2,4}$")  # 'SW1A', '0UN', 'K1A'


def _word_reads(token: str, connectors_ok: bool) -> bool:
    if token in ("&", "-"):
        return True
    if not _NAME_WORD.match(token) or _INNER_CAPITAL.search(token.rstrip(".,")):
        return False
    bare = token.rstrip(".,")
    if bare[:1].islower():
        return connectors_ok and bare in _CONNECTORS
    return True


def name_reads_cleanly(text: str) -> bool:
    """Every word of the name is a word: letters of one kind (no digit, symbol or capital
    inside a word, as OCR leaves for a misread letter), capitalised unless a joining word
    ('and', 'y', 'von'), and the name does not end on a joining word or comma (cut off)."""
    tokens = text.split()
    if not tokens or text.rstrip().endswith((",", "&", "-")):
        return False
    if tokens[-1] in _CONNECTORS:
        return False
    return all(_word_reads(t, connectors_ok=i > 0) for i, t in enumerate(tokens))


_PLACE_CODE = re.compile(r"^[^\W\d_]{3,}-\d{4,6}[,.]?$")  # 'Mehsana-866480'


def _address_word(token: str) -> bool:
    """A word of an address: as in a name, or lower case of three letters or more ('rue',
    'avenue', 'piso'; OCR specks make one- and two-letter bits)."""
    if _word_reads(token, connectors_ok=True):
        return True
    bare = token.rstrip(".,")
    return len(bare) >= 3 and bare.islower() and bool(_NAME_WORD.match(token))


def address_reads_cleanly(text: str) -> bool:
    """Every word of the address is a word, a house or postcode number, or a postcode
    group; it holds a number and at least two words of letters (a street and a place)."""
    tokens = text.split()
    words = [t for t in tokens if _address_word(t)]
    numbers = [t for t in tokens if _NUMBER_WORD.match(t) or _POSTCODE_WORD.match(t)
               or _PLACE_CODE.match(t)]
    if len(words) + len(numbers) != len(tokens):
        return False
    return bool(numbers) and len(words) >= 2
