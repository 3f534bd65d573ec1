"""Value shapes of CMS-1500 boxes and their OCR repairs: NPI (Luhn check digit on 80840),
ICD-10-CM diagnosis codes, CPT/HCPCS procedure codes, MMDDYY dates and split-cents money.

Every repair returns a factor below 1 for the guesswork it took, so a repaired value is
scored lower than one read as printed unless an independent check (a check digit, a sum)
confirms it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from extractors.confidence import failed_check_doubts
from extractors.page_model import Word

ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
PROCEDURE = re.compile(r"^([0-9]{4}[0-9A-Z]|[A-V][0-9]{4})$")
NPI = re.compile(r"(?<!\d)\d{10}(?!\d)")
NPI_FIRST_DIGITS = "12"  # NPPES issues NPIs beginning with 1 or 2 only
EIN_OR_SSN = re.compile(r"^(\d{2}-?\d{7}|\d{3}-?\d{2}-?\d{4})$")
POINTER = re.compile(r"^[A-L]{1,4}$")
PERSON = re.compile(r"^[A-Z][A-Z' .-]*, [A-Z]")
MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
JUNK = "|}{)([]!\\'`\"_~°"
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B", "|": "I", "l": "I"}
TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "Z": "2",
             "S": "5", "G": "6", "B": "8", "T": "7"}


# -- value shapes -----------------------------------------------------------------------------

def npi_check_ok(npi: str) -> bool:
    """NPI check digit: Luhn over '80840' + the 10 digits."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# glyphs OCR puts where a code's letter was printed ('£11.9' is E11.9, '§93.401A' S93.401A)
_CODE_GLYPHS = {"£": "E", "€": "E", "§": "S", "$": "S"}
# a digit read for the leading letter of a diagnosis code: the letter it resembles, and 'J'
# for '3' or '7' ('345.909', '706.9'), slips OCR makes on the form's typewriter-like fonts
ICD_FIRST = {**TO_LETTER, "3": "J", "7": "J"}


def _luhn_lead_digit(npi: str) -> str:
    """The one leading digit that makes the NPI check digit pass (Luhn catches every single
    wrong digit, so exactly one value fits a given position)."""
    return next(d for d in "0123456789" if npi_check_ok(d + npi[1:]))


def _drop_spurious_one(eleven: str) -> tuple[str, float, bool] | None:
    """Eleven digits where an NPI was printed: OCR added a character at an edge (a speck,
    the box's rule) or a '1' for a rule inside. The one such reading that passes the check
    digit is a guess (a random number passes one time in ten), never confirmed."""
    for drops in ([0, 10], [i for i, c in enumerate(eleven) if c == "1"]):
        fits = {n for i in drops if npi_check_ok(n := eleven[:i] + eleven[i + 1:])}
        if len(fits) == 1:
            return fits.pop(), 0.4, False
    return None


def repair_npi(token: str, *, ocr: bool) -> tuple[str, float, bool] | None:
    """An NPI from one word: (npi, repair factor, whether its check digit confirms it).

    On OCR words letters inside a run of digits are read as the digits they resemble
    (O/0, S/5, I/1, B/8): the check digit then confirms or rejects the reading, because
    one wrong digit always fails it. A number that fails its check digit gets its leading
    digit re-derived from the check digit (the digit next to the box's rule is the one OCR
    damages most); that reading is a guess, never confirmed.
    """
    text = token.replace(" ", "")
    m = NPI.search(text)
    if m is None and ocr:
        core = text.strip(JUNK + ".,:;*-")
        mapped = "".join(TO_DIGIT.get(c, c) for c in core.upper())
        if len(core) == 10 and len(digits(core)) >= 8 and mapped.isdigit():
            m = NPI.search(mapped)
            if m is not None:
                npi = m.group(0)
                return (npi, 0.9, True) if npi_check_ok(npi) else (npi, 0.4, False)
    if m is None and ocr and re.fullmatch(r"\d{11}", text.strip(JUNK + ".,:;*-")):
        return _drop_spurious_one(text.strip(JUNK + ".,:;*-"))
    if m is None:
        return None
    npi = m.group(0)
    if npi_check_ok(npi):
        return npi, 1.0, True
    if failed_check_doubts(ocr):
        return _luhn_lead_digit(npi) + npi[1:], 0.4, False
    # a text layer's ten digits are the form's own: a check digit that fails is the claim's
    # defect, which the rules report (INVALID_NPI), not a doubt about the reading
    return npi, 1.0, False


def repair_icd10(token: str) -> tuple[str, float] | None:
    """An ICD-10-CM code from an OCR token, with a penalty factor for repairs made (only
    for OCR words: a text layer's code is taken as printed)."""
    text = "".join(_CODE_GLYPHS.get(c, c) for c in token.strip())
    text = re.sub(r"^[^A-Za-z0-9]+", "", text)  # quotes and specks before the code
    text = re.sub(r"^[A-La-l][.|,*°-]+(?=\S{3})", "", text)  # 'A-R05.9': row letter glued on
    raw = re.sub(r"[^A-Za-z0-9.|]", "", text).upper().strip(".")
    raw = re.sub(r"^[A-L][.|]+(?=[A-Z0-9]{3})", "", raw)  # 'A.J02.9': row letter glued on
    if not digits(raw) or len(raw) < 3:
        return None
    stripped = raw.lstrip("|")
    if stripped != raw and ICD10.match(stripped):
        return stripped, 0.8
    factor = 1.0
    first = raw[0]
    if not first.isalpha():
        if first not in ICD_FIRST:
            return None
        first, factor = ICD_FIRST[first], 0.6
    second = raw[1]
    if not second.isdigit():
        if second not in TO_DIGIT:
            return None
        second, factor = TO_DIGIT[second], factor * 0.6
    rest = raw[2:].replace("|", "1")
    if "." not in rest and len(rest) > 1:  # dropped dot: restore after the third character
        rest = rest[0] + "." + rest[1:]
    code = first + second + rest
    if not ICD10.match(code):
        return None
    if not rest[0].isdigit() and rest[0] in TO_DIGIT:
        # the category's third character is a digit almost always ('ROS.9' is R05.9)
        code, factor = first + second + TO_DIGIT[rest[0]] + rest[1:], factor * 0.6
    if any(c in _CODE_GLYPHS for c in token):
        factor *= 0.8
    return code, factor


def repair_icd10_words(texts: Sequence[str]) -> list[tuple[str, float, int]]:
    """ICD-10-CM codes from the OCR words of one row of box 21, left to right: (code, repair
    factor, number of words used). A code OCR split in two ('ROS' '9.') is joined, and one
    stray letter before a code ('BMS4.50') is dropped, each with a further penalty."""
    out = []
    i = 0
    while i < len(texts):
        got, used = repair_icd10(texts[i]), 1
        if got is None and i + 1 < len(texts) and not re.search(r"[a-z]", texts[i] + texts[i + 1]):
            joined = repair_icd10(texts[i] + texts[i + 1])
            if joined is not None and repair_icd10(texts[i + 1]) is None:
                got, used = (joined[0], joined[1] * 0.7), 2
        alnum = re.sub(r"[^A-Za-z0-9]", "", texts[i])
        if got is None and len(alnum) >= 5 and alnum[:2].isalpha() and alnum.isupper():
            trimmed = repair_icd10(alnum[1:] + texts[i][len(texts[i].rstrip()):])
            if trimmed is not None:
                got = (trimmed[0], trimmed[1] * 0.5)
        if got is not None:
            out.append((got[0], got[1], used))
        i += used
    return out


def two_digit_year(yy: int, *, past: bool, today: date | None = None) -> int:
    today = today or date.today()
    century = 2000 + yy
    if past and century > today.year:
        return 1900 + yy
    return century


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def date_from_digits(ds: str, *, past: bool) -> date | None:
    """MMDDYY or MMDDYYYY digits as a date (2-digit years: birth dates in the past)."""
    try:
        if len(ds) == 6:
            return date(two_digit_year(int(ds[4:]), past=past), int(ds[:2]), int(ds[2:4]))
        if len(ds) == 8:
            return date(int(ds[4:]), int(ds[:2]), int(ds[2:4]))
    except ValueError:
        return None
    return None


# -- identifiers ------------------------------------------------------------------------------

_ID_GLYPHS = str.maketrans({"¥": "Y", "§": "S", "£": "E", "€": "E"})
# Medicare Beneficiary Identifier (CMS): 11 characters, C A AN N A AN N A A N N, where
# letters never include S, L, O, I, B or Z (so OCR's digit look-alikes can be put back)
_MBI_SHAPE = "CAXNAXNAANN"
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
MBI = re.compile("^" + "".join({"C": "[1-9]", "N": "[0-9]", "A": _MBI_LETTER,
                                 "X": "[0-9AC-HJKMNP-RT-Y]"}[k] for k in _MBI_SHAPE) + "$")
_MBI_DIGIT = {"S": "5", "L": "1", "O": "0", "I": "1", "B": "8", "Z": "2", "Q": "0",
              "D": "0", "G": "6", "T": "7"}


def repair_identifier(text: str) -> tuple[str, float]:
    """An OCR'd identifier without the specks around it: glyphs for letters ('¥B95…' is
    YB95…), quotes and dots at the ends, and a tail after a stray quote ('GRP52497“Hoye').
    Returns (identifier, factor); the factor is below 1 when anything was changed."""
    fixed = text.replace("Y¥", "Y").translate(_ID_GLYPHS).replace(" ", "")  # one Y read twice
    fixed = re.sub(r"^([a-z])(?=\1)", "", fixed, flags=re.I) if fixed[:1].islower() else fixed
    fixed = re.sub(r"^(?:No|NO)[.:]+(?=[A-Za-z0-9])", "", fixed)  # the label's 'No.:'
    fixed = re.sub(r"^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "", fixed)
    fixed = re.sub(r"(?<=[A-Za-z0-9])[:;~=—–](?=[A-Za-z0-9])", "-", fixed)  # a dash misread
    tail = re.match(r"^([A-Za-z0-9-]{4,})[^A-Za-z0-9-]", fixed)
    if tail:
        fixed = tail[1]
    # a '¥' is a Y with OCR's bars through it: no other glyph reads so, nothing was guessed
    return fixed, 1.0 if fixed in (text, text.replace("¥", "Y")) else 0.8


def repair_tax_id(text: str) -> tuple[str, float]:
    """Box 25 on a scan: specks OCR read before or after the number ('-62-4048389',
    ':750266851') are no part of an EIN or SSN, which start and end with digits; a dash
    OCR read as '~' or '=' where an EIN or SSN prints it ('62~2635182') is a dash."""
    fixed = re.sub(r"^[^0-9]+|[^0-9]+$", "", text)
    fixed = re.sub(r"^(\d{2})[~=:;—–_](\d{7})$", r"\1-\2", fixed)
    fixed = re.sub(r"^(\d{3})[~=:;—–_](\d{2})[~=:;—–_-](\d{4})$", r"\1-\2-\3", fixed)
    return fixed, 1.0 if fixed == text else 0.9


# glyphs OCR reads for a name's capitals: digits, and the yen sign for a Y (its bars are
# the scan's noise across the letter)
_NAME_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B", "\u00a5": "Y"}
_NOT_IN_NAME = re.compile("[0-9\u00a5]")


def repair_person_name(text: str) -> tuple[str, float]:
    """A person's name OCR read with a digit or a yen sign for a letter ('GARCIA, PATRICIA
    0' is ... PATRICIA O, 'KOCH, THOMAS \u00a5' is ... THOMAS Y): a name holds neither, so
    in a word otherwise of letters (or a lone initial) each is put back as the letter it
    resembles, at a cost; a digit with no one look-alike ('7': J or T) is left for
    review."""
    if not _NOT_IN_NAME.search(text):
        return text, 1.0
    words = []
    for word in text.split(" "):
        core = word.rstrip(",.")
        if _NOT_IN_NAME.search(core) and re.fullmatch(r"[A-Z0-9\u00a5'-]+", core) and \
                all(c in _NAME_LETTER or not _NOT_IN_NAME.match(c) for c in core):
            word = "".join(_NAME_LETTER.get(c, c) for c in core) + word[len(core):]
        words.append(word)
    fixed = " ".join(words)
    return fixed, 0.5 if _NOT_IN_NAME.search(fixed) else 0.8


def repair_mbi(text: str) -> tuple[str, float] | None:
    """A Medicare Beneficiary Identifier from an OCR'd one: digit positions get the digits
    letters resemble, and one character OCR added is dropped when that alone makes the
    shape fit. None when no reading fits. MBIs carry no check digit: a repair is a guess."""
    upper = text.upper()
    if MBI.match(upper):
        return upper, 1.0
    if len(upper) == 11:
        fixed = _mbi_mapped(upper)
        return (fixed, 0.7) if fixed is not None else None
    if len(upper) == 12:
        shorter = {upper[:i] + upper[i + 1:] for i in range(12)}
        fits = {f for f in shorter if MBI.match(f)}
        if not fits:
            fits = {f for t in shorter if (f := _mbi_mapped(t))}
        return (fits.pop(), 0.5) if len(fits) == 1 else None
    return None


def mbi_misfits(text: str) -> int:
    """How many of an eleven-character ID's places break the Medicare identifier's shape."""
    kinds = {"C": "[1-9]", "N": "[0-9]", "A": _MBI_LETTER, "X": "[0-9AC-HJKMNP-RT-Y]"}
    return sum(not re.fullmatch(kinds[k], c) for c, k in zip(text, _MBI_SHAPE))


def _mbi_mapped(text: str) -> str | None:
    out = "".join(_MBI_DIGIT.get(c, c) if kind in "CN" or (kind == "X" and c in "SLOIBZ")
                  else c for c, kind in zip(text, _MBI_SHAPE))
    return out if MBI.match(out) else None


LONE_DIGITS = 0.25  # factor of one or two digits alone in a split-cents box


def money_from_tokens(words: Sequence[Word], *, split_cents: bool = False,
                      cell_width: float | None = None
                      ) -> tuple[Decimal, list[Word], float] | None:
    """Box 24F / 28 / 29 money: '428.83', '1,928.06' or split-cents columns '765 62'.

    Returns (amount, words used, shape factor); the factor drops below 1 when the reading
    needed guesswork (stray characters, a cents digit OCR split off, no cents at all).
    `split_cents` (OCR of a box printed as 'dollars | cents' cells): the cents are always
    there, so a run of bare digits ends with them ('49776' is 497.76, the rule lost; and
    '25100' is 25.00, the rule read as '1'). On such boxes a speck that reads as no amount
    ('4S' left of the box) is skipped for the next word. `cell_width`: the width of one
    glyph of the form's typewriter font on this page (see `rule_read_as_digit`).
    """
    if split_cents:
        words = [_digits_for_letters(w) for w in words]
    toks = [w for w in sorted(words, key=lambda w: w.x0) if digits(w.text)]
    lone = None
    for k in range(len(toks) if split_cents else min(len(toks), 1)):
        got = rule_read_as_digit(toks[k], cell_width) if split_cents else None
        got = got or _money_at(toks[k:], split_cents)
        if got is not None and got[2] > LONE_DIGITS:
            return got
        # one or two digits alone may be the printed '$' OCR read as '8' left of the
        # amount: an amount read right of them comes first
        lone = lone or got
    return lone


def rule_read_as_digit(w: Word, cell_width: float | None
                       ) -> tuple[Decimal, list[Word], float] | None:
    """A split-cents box read as one run of digits whose third glyph from the right is a
    '1' or '7' ('25100', '0700'): when the run is as wide as that many glyphs of the form's
    typewriter font, that glyph filled a cell of its own, so it is the cell rule and the two
    digits right of it the cents (25.00, 0.00). Had OCR lost the rule, the run would be a
    glyph wider than its digits (calib and seeds 41/43/45: a rule read so 0.95-1.11 glyph
    widths a character, one lost 1.27-1.35)."""
    if cell_width is None or not re.fullmatch(r"\d{4,}", w.text) or w.text[-3] not in "17":
        return None
    if not 0.9 <= (w.x1 - w.x0) / len(w.text) / cell_width <= 1.15:
        return None
    return Decimal(f"{w.text[:-3]}.{w.text[-2:]}"), [w], 1.0


def typewriter_cell(words: Sequence[Word]) -> float | None:
    """The width of one glyph of the form's typewriter font: the median of its ten-digit
    NPIs' widths over ten (None without one)."""
    widths = sorted((w.x1 - w.x0) / 10 for w in words if re.fullmatch(r"\d{10}", w.text))
    return widths[len(widths) // 2] if widths else None


def _digits_for_letters(w: Word) -> Word:
    """'oloo' in a money cell is 0|00: letters OCR reads for 0 and 1 when a word holds
    nothing else (at least three characters, so words are not turned into amounts)."""
    core = w.text.strip(JUNK + "-.,:;")
    if len(core) >= 3 and re.fullmatch(r"[0-9oOlI|/.]+", core) and not core.isdigit():
        text = core.translate(str.maketrans("oOlI", "0011"))
        return Word(text, w.x0, w.top, w.x1, w.bottom, w.conf * 0.8, w.bold, w.size)
    return w


def _money_at(toks: Sequence[Word], split_cents: bool) -> tuple[Decimal, list[Word], float] | None:
    first = toks[0]
    raw = re.sub(r"[$\s,]", "", first.text)
    text = raw.strip(JUNK + (".'" if split_cents else ""))
    close = (len(toks) > 1 and toks[1].x0 - first.x1 < 4.0 * max(first.height, 1.0))
    nxt = toks[1].text.strip(JUNK + " ") if close else ""
    if re.fullmatch(r"\d+\.\d{2}", text):
        return Decimal(text), [first], 1.0 if text == raw else 0.85
    rules = r"[/|!\]\['][.]?" if split_cents else r"[/|!\]\[]"
    ruled = re.fullmatch(r"(\d+)[.]?" + rules + r"(\d{2})" if split_cents
                         else r"(\d+)" + rules + r"(\d{2})", text)
    if ruled:  # the rule between the dollar and cent cells read as a character
        # on a split-cents box the rule read where the cells meet confirms the split
        return Decimal(f"{ruled[1]}.{ruled[2]}"), [first], (
            (1.0 if text == raw and re.fullmatch(r"\d+[/|!\]\[]\d{2}", text) else 0.9)
            if split_cents else 0.7)
    if re.fullmatch(r"\d+", text) and re.fullmatch(r"\d{2}", nxt):
        return Decimal(f"{text}.{nxt}"), [first, toks[1]], 1.0  # split-cents columns
    if re.fullmatch(r"\d+\.\d", text) and re.fullmatch(r"\d", nxt):
        return Decimal(f"{text}{nxt}"), [first, toks[1]], 0.7  # a cents digit split off
    if split_cents and re.fullmatch(r"\d+", text) and re.fullmatch(r"\d\.\d{2}", nxt):
        return Decimal(f"{text}{nxt}"), [first, toks[1]], 0.6  # '101 4.64': a space OCR added
    if split_cents:
        glued = re.fullmatch(r"(\d+?)\.?1?\.?(\d{2})", text)
        if glued and len(digits(text)) >= 4 and digits(text)[-3] == "1":
            return Decimal(f"{digits(text)[:-3]}.{digits(text)[-2:]}"), [first], 0.5
        if glued and len(text) >= 3:
            return Decimal(f"{text[:-2]}.{text[-2:]}"), [first], 0.5
    if re.fullmatch(r"\d+", text) and (not split_cents or len(text) <= 2):
        # two digits alone in a split-cents box are as likely its cents as its dollars
        return Decimal(text), [first], LONE_DIGITS if split_cents else 0.6
    return None


def money_str(amount: Decimal) -> str:
    return format(amount.quantize(Decimal("0.01")), "f")

def repair_procedure(text: str) -> tuple[str, float]:
    """CPT (5 digits) / HCPCS (letter + 4 digits), fixing O/0-style OCR slips."""
    if PROCEDURE.match(text):
        return text, 1.0
    if len(text) == 5:
        fixed = text[0] + "".join(TO_DIGIT.get(c, c) for c in text[1:])
        if PROCEDURE.match(fixed):
            return fixed, 0.7
    return text, 0.3


SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
