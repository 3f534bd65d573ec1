"""Claim (CMS-1500 / HCFA, NUCC 02/12) field extraction from box anchors.

Every field is read from the box its printed label opens (`extractors.forms`), checked
against the value's shape (NPI check digit, ICD-10-CM, CPT/HCPCS, dates, split-cents money)
and scored: OCR word confidence x anchor strength x shape, raised when the service-line
charges add up to box 28.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from extractors.forms import (
    Anchor, box_words, calibrate, clean_text, find_labels, label_candidates, lines_of,
    locate_anchors, clean_ocr_name, make_field, min_conf, segments, top_heading, words_in,
    words_right_of,
)
from extractors.normalize import parse_amount
from extractors.confidence import needs_review
from extractors.page_model import Line, Page, Word
from schemas.document import FieldValue

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]

CLAIM_LABELS: dict[str, str] = {
    "title": "HEALTH INSURANCE CLAIM FORM",
    "pica": "PICA",
    "b1": "1. MEDICARE MEDICAID TRICARE",
    "b1a": "1a. INSURED'S I.D. NUMBER",
    "b2": "2. PATIENT'S NAME (Last Name,",
    "b3": "3. PATIENT'S BIRTH DATE",
    "b4": "4. INSURED'S NAME (Last Name,",
    "b5": "5. PATIENT'S ADDRESS (No., Street)",
    "b6": "6. PATIENT RELATIONSHIP TO INSURED",
    "b7": "7. INSURED'S ADDRESS (No., Street)",
    "b9": "9. OTHER INSURED'S NAME",
    "b10": "10. IS PATIENT'S CONDITION RELATED TO:",
    "b11": "11. INSURED'S POLICY GROUP OR FECA NUMBER",
    "b11a": "a. INSURED'S DATE OF BIRTH",
    "b12": "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE",
    "b14": "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY",
    "b17": "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE",
    "b17a": "17a.",
    "b17b": "17b. NPI",
    "b18": "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES",
    "b19": "19. ADDITIONAL CLAIM INFORMATION",
    "b21": "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY",
    "b22": "22. RESUBMISSION",
    "b23": "23. PRIOR AUTHORIZATION NUMBER",
    "b24": "24. A. DATE(S) OF SERVICE",
    "b24d": "D. PROCEDURES, SERVICES, OR SUPPLIES",
    "b25": "25. FEDERAL TAX I.D. NUMBER",
    "b26": "26. PATIENT'S ACCOUNT NO.",
    "b27": "27. ACCEPT ASSIGNMENT?",
    "b28": "28. TOTAL CHARGE",
    "b29": "29. AMOUNT PAID",
    "b30": "30. Rsvd for NUCC Use",
    "b31": "31. SIGNATURE OF PHYSICIAN OR SUPPLIER",
    "b32": "32. SERVICE FACILITY LOCATION INFORMATION",
    "b33": "33. BILLING PROVIDER INFO & PH #",
}

# Top-left of each label as a fraction of the page, on the NUCC 02/12 form printed on
# letter paper. Only used to fit a page-wide affine map and predict labels OCR lost.
CLAIM_TEMPLATE: dict[str, tuple[float, float]] = {
    "title": (0.0329, 0.0736), "b1": (0.0365, 0.1250), "b1a": (0.6106, 0.1250),
    "b2": (0.0365, 0.1550), "b3": (0.3741, 0.1550), "b4": (0.6094, 0.1555),
    "b5": (0.0353, 0.1818), "b6": (0.3741, 0.1823), "b7": (0.6100, 0.1836),
    "b9": (0.0365, 0.2764), "b10": (0.3741, 0.2764), "b11": (0.6106, 0.2764),
    "b11a": (0.6106, 0.3045), "b12": (0.0365, 0.4355), "b14": (0.0371, 0.4882),
    "b17": (0.0371, 0.5182), "b17a": (0.3529, 0.5164), "b17b": (0.3529, 0.5336),
    "b18": (0.6100, 0.5182), "b19": (0.0371, 0.5477), "b21": (0.0371, 0.5782),
    "b22": (0.6106, 0.5795), "b23": (0.6106, 0.6095), "b24": (0.0365, 0.6395),
    "b24d": (0.3200, 0.6400), "b25": (0.0371, 0.8491), "b26": (0.2947, 0.8518),
    "b27": (0.4659, 0.8509), "b28": (0.6106, 0.8509), "b29": (0.7429, 0.8518),
    "b30": (0.8559, 0.8518), "b31": (0.0371, 0.8818), "b32": (0.2947, 0.8823),
    "b33": (0.6106, 0.8823),
}

ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
PROCEDURE = re.compile(r"^([0-9]{4}[0-9A-Z]|[A-V][0-9]{4})$")
NPI = re.compile(r"(?<!\d)\d{10}(?!\d)")
EIN_OR_SSN = re.compile(r"^(\d{2}-?\d{7}|\d{3}-?\d{2}-?\d{4})$")
POINTER = re.compile(r"^[A-L]{1,4}$")
PERSON = re.compile(r"^[A-Z][A-Z' .-]*, [A-Z]")
MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
_JUNK = "|}{)([]!\\'`\"_~°"
_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B", "|": "I", "l": "I"}
_TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "Z": "2",
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


def repair_icd10(token: str) -> tuple[str, float] | None:
    """An ICD-10-CM code from an OCR token, with a penalty factor for repairs made (only
    for OCR words: a text layer's code is taken as printed)."""
    raw = re.sub(r"[^A-Za-z0-9.|]", "", token).upper()
    raw = re.sub(r"^[A-L][.|]+(?=[A-Z0-9]{3})", "", raw)  # 'A.M54.50': row letter glued on
    if len(digits(raw)) < 2 or len(raw) < 3:
        return None
    stripped = raw.lstrip("|")
    if stripped != raw and ICD10.match(stripped):
        return stripped, 0.8
    factor = 1.0
    first = raw[0]
    if not first.isalpha():
        if first not in _TO_LETTER:
            return None
        first, factor = _TO_LETTER[first], 0.6
    second = raw[1]
    if not second.isdigit():
        if second not in _TO_DIGIT:
            return None
        second, factor = _TO_DIGIT[second], factor * 0.6
    rest = raw[2:].replace("|", "1")
    if "." not in rest and len(rest) > 1:  # dropped dot: restore after the third character
        rest = rest[0] + "." + rest[1:]
    code = first + second + rest
    if not ICD10.match(code):
        return None
    if not rest[0].isdigit() and rest[0] in _TO_DIGIT:
        # the category's third character is a digit almost always ('ROS.9' is R05.9)
        code, factor = first + second + _TO_DIGIT[rest[0]] + rest[1:], factor * 0.6
    return code, factor


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


def money_from_tokens(words: Sequence[Word]) -> tuple[Decimal, list[Word], float] | None:
    """Box 24F / 28 / 29 money: '428.83', '1,928.06' or split-cents columns '765 62'.

    Returns (amount, words used, shape factor); the factor drops below 1 when the reading
    needed guesswork (stray characters, a cents digit OCR split off, no cents at all).
    """
    toks = [w for w in sorted(words, key=lambda w: w.x0) if digits(w.text)]
    if not toks:
        return None
    first = toks[0]
    raw = re.sub(r"[$\s,]", "", first.text)
    text = raw.strip(_JUNK)
    close = (len(toks) > 1 and toks[1].x0 - first.x1 < 4.0 * max(first.height, 1.0))
    nxt = toks[1].text.strip(_JUNK + " ") if close else ""
    if re.fullmatch(r"\d+\.\d{2}", text):
        return Decimal(text), [first], 1.0 if text == raw else 0.85
    ruled = re.fullmatch(r"(\d+)[/|!\]\[](\d{2})", text)
    if ruled:  # the rule between the dollar and cent cells read as a character
        return Decimal(f"{ruled[1]}.{ruled[2]}"), [first], 0.7
    if re.fullmatch(r"\d+", text) and re.fullmatch(r"\d{2}", nxt):
        return Decimal(f"{text}.{nxt}"), [first, toks[1]], 1.0  # split-cents columns
    if re.fullmatch(r"\d+\.\d", text) and re.fullmatch(r"\d", nxt):
        return Decimal(f"{text}{nxt}"), [first, toks[1]], 0.7  # a cents digit split off
    if re.fullmatch(r"\d+", text):
        return Decimal(text), [first], 0.6
    return None


def _money_str(amount: Decimal) -> str:
    return format(amount.quantize(Decimal("0.01")), "f")


# -- page-level helpers -----------------------------------------------------------------------

def _anchor_factor(*anchors: Anchor | None) -> float:
    """How much an anchor's match strength should cap a field's confidence."""
    worst = min((a.score for a in anchors if a is not None), default=0.0)
    return 0.55 + 0.45 * worst if worst >= 0.4 else 0.5


def _text_field(name: str, page: Page, words: list[Word], anchor: Anchor, *,
                first_line: bool = True, join: str = " ",
                shape: re.Pattern[str] | None = None) -> FieldValue | None:
    words = [w for w in words if not re.fullmatch(r"[|!il\[\]{}()_~'`.,:;-]", w.text.strip())]
    runs = [seg for line in lines_of(words) for seg in segments(line.words, gap=6.0)
            if len(re.sub(r"[^A-Za-z0-9]", "", " ".join(w.text for w in seg))) >= 2]
    if not runs:
        return None
    used = runs[0] if first_line else words
    text = clean_text(join.join(w.text for w in used))
    if not text:
        return None
    conf = min_conf(used) * _anchor_factor(anchor)
    if page.ocr:
        text = text.rstrip(".,;:'")  # specks OCR reads after a name or an ID
        text = clean_ocr_name(text) if join == " " else text.strip("'\"`‘’")
        if shape is PERSON and not PERSON.match(text) and PERSON.match(text.replace(";", ",")):
            text, conf = text.replace(";", ","), conf * 0.7
    if shape is not None and not shape.match(text):
        conf *= 0.5
    return make_field(name, text, conf, page=page, words=used)


def _best_page(pages: Sequence[Page]) -> tuple[float, Page, dict[str, Anchor]] | None:
    """The page whose CMS-1500 box labels match best, with the summed match strength."""
    best = None
    for page in pages:
        anchors = locate_anchors(page, CLAIM_LABELS, template=CLAIM_TEMPLATE)
        strength = sum(a.score for a in anchors.values() if not a.predicted)
        if best is None or strength > best[0]:
            best = (strength, page, anchors)
    return best


# -- boxes ------------------------------------------------------------------------------------

def read_payer(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    """The carrier block above box 1, right of the form title: its first line."""
    title, b1a = a.get("title"), a.get("b1a")
    if title is None or b1a is None:
        return None
    h = title.height
    x0 = title.x1 + 2 * h
    limit = a["b1"].top - 0.5 * h if "b1" in a else b1a.top - 2.5 * h
    words = [w for w in words_in(page, x0, 0, page.width * 0.93, limit)
             if not re.fullmatch(r"PICA|[|\[\]_]+", w.text.strip().upper())]
    lines = [ln for ln in lines_of(words) if re.search(r"[A-Za-z]{2}", ln.text)]
    if not lines:
        return None
    line = lines[0]
    text = clean_text(line.text)
    conf = min_conf(line.words) * _anchor_factor(title, b1a)
    return make_field("payer_name", text, conf, page=page, words=line.words)


def read_dob(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    b3 = a.get("b3")
    if b3 is None:
        return None
    h = b3.height
    right = min(b3.x1 + 1.0 * h, a["b4"].x0 if "b4" in a else page.width)
    words = [w for w in box_words(page, a, "b3", right=right, below="b6", depth=4)
             if digits(w.text)]
    if not words:
        return None
    ds = "".join(digits(w.text) for w in sorted(words, key=lambda w: w.x0))
    when = date_from_digits(ds, past=True)
    if when is None:
        return None
    conf = min_conf(words) * _anchor_factor(b3)
    if when > date.today():
        conf *= 0.3
    return make_field("patient_dob", when.isoformat(), conf, page=page, words=words)


def read_npi(name: str, page: Page, words: list[Word], *anchors: Anchor | None
             ) -> FieldValue | None:
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        m = NPI.search(w.text.replace(" ", ""))
        if m:
            npi = m.group(0)
            conf = w.conf * _anchor_factor(*anchors)
            if not npi_check_ok(npi):
                conf *= 0.4
            return make_field(name, npi, conf, page=page, words=[w])
    return None


def read_diagnoses(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    b21 = a.get("b21")
    if b21 is None:
        return None
    words = box_words(page, a, "b21", right="b22", below="b24", depth=8)
    codes: list[str] = []
    used: list[Word] = []
    factor = 1.0
    for line in lines_of(words):
        for w in line.words:
            text = w.text.strip()
            if re.fullmatch(r"[A-L][.)]", text):
                continue  # the row letter printed before each code
            got = repair_icd10(text) if page.ocr else (text, 1.0) if ICD10.match(text) else None
            if got is None and not page.ocr and len(text) >= 3 and re.search(r"\d", text):
                got = (text, 0.4)  # printed but not ICD-10-CM: keep it, a person decides
            if got is None:
                if re.search(r"\d", text) and len(digits(text)) >= 2:
                    factor *= 0.5  # something code-like we could not read
                continue
            code, f = got
            if code not in codes:
                codes.append(code)
                used.append(w)
                factor *= f
    if not codes:
        return None
    conf = min_conf(used) * _anchor_factor(b21) * factor
    return make_field("diagnosis_codes", codes, conf, page=page, words=used)


def read_money_box(name: str, page: Page, a: dict[str, Anchor], key: str, right: str
                   ) -> tuple[FieldValue, Decimal] | None:
    if key not in a:
        return None
    words = box_words(page, a, key, right=right, below="b31", depth=3.5)
    got = money_from_tokens(words)
    if got is None:
        return None
    amount, used, factor = got
    conf = min_conf(used) * _anchor_factor(a[key]) * factor
    return make_field(name, _money_str(amount), conf, page=page, words=used), amount


# -- box 24: service lines --------------------------------------------------------------------

def _cell(name: str, value: str | list[str], words: Sequence[Word], factor: float,
          page: Page) -> FieldValue:
    return make_field(name, value, min_conf(words) * factor, page=page, words=words)


def _tok(w: Word) -> str:
    return w.text.strip(_JUNK + " ,;:.").upper()


def repair_procedure(text: str) -> tuple[str, float]:
    """CPT (5 digits) / HCPCS (letter + 4 digits), fixing O/0-style OCR slips."""
    if PROCEDURE.match(text):
        return text, 1.0
    if len(text) == 5:
        fixed = text[0] + "".join(_TO_DIGIT.get(c, c) for c in text[1:])
        if PROCEDURE.match(fixed):
            return fixed, 0.7
    return text, 0.3


_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def _read_dates(ws: Sequence[Word]) -> tuple[int, list[Word], date | None, date | None,
                                             str | None, float] | None:
    """Leading service dates and place of service: 'MM DD YY MM DD YY POS' (box 24A/B) or
    'MM/DD/YYYY MM/DD/YYYY POS'. Returns (tokens used, their words, from, to, POS, factor)."""
    slash = [_SLASH_DATE.match(_tok(w)) for w in ws[:2]]
    if slash and slash[0]:
        dates = []
        for m in slash:
            if not m:
                break
            yy = int(m[3])
            year = yy if len(m[3]) == 4 else two_digit_year(yy, past=False)
            try:
                dates.append(date(year, int(m[1]), int(m[2])))
            except ValueError:
                dates.append(None)
        i = len(dates)
        pos = _tok(ws[i]) if i < len(ws) and re.fullmatch(r"\d{2}", _tok(ws[i])) else None
        used = list(ws[:i + (1 if pos else 0)])
        return (len(used), used, dates[0], dates[1] if len(dates) > 1 else None, pos,
                1.0 if pos and len(dates) == 2 else 0.6)
    parts: list[str] = []
    used: list[Word] = []
    factor = 1.0
    i = 0
    while i < len(ws) and sum(map(len, parts)) < 14:
        t = _tok(ws[i])
        if len(t) == 1 and not t.isdigit() and parts:  # a cell rule read as 'i' or 'l'
            i += 1
            continue
        if re.fullmatch(r"\d{2}[./|-]\d{2}", t):  # two cells and the rule between them
            t, factor = digits(t), factor * 0.7
        if not t.isdigit():
            break
        if len(t) == 3 and t[0] == "1":  # a cell rule read as '1'
            t, factor = t[1:], factor * 0.6
        elif len(t) == 1:
            factor *= 0.5
        parts.append(t)
        used.append(ws[i])
        i += 1
    joined = "".join(parts)
    if len(joined) < 12:
        return None
    pos = joined[12:14] if len(joined) == 14 else None
    if pos is None:
        factor *= 0.5
    return (i, used, date_from_digits(joined[:6], past=False),
            date_from_digits(joined[6:12], past=False), pos, factor)


def parse_service_line(words: Sequence[Word], page: Page, factor: float,
                       units_x: tuple[float, float] | None = None
                       ) -> dict[str, FieldValue] | None:
    """One service line, read by value shape left to right:
    FROM TO POS [EMG] CPT [MOD...] POINTER, then CHARGE and UNITS in either order, NPI."""
    ws = [w for w in sorted(words, key=lambda w: w.x0) if re.search(r"[A-Za-z0-9]", _tok(w))]
    got_dates = _read_dates(ws)
    if got_dates is None:
        return None
    i, date_words, d_from, d_to, pos, f_dates = got_dates
    if i < len(ws) and len(_tok(ws[i])) == 1 and _tok(ws[i]).isalpha():
        i += 1  # 24C EMG
    if i >= len(ws):
        return None
    row: dict[str, FieldValue] = {}
    if d_from is not None:
        row["date_from"] = _cell("date_from", d_from.isoformat(), date_words[:3] or date_words,
                                 factor * f_dates, page)
    if d_to is not None:
        row["date_to"] = _cell("date_to", d_to.isoformat(), date_words[3:6] or date_words,
                               factor * f_dates, page)
    if pos is not None:
        row["place_of_service"] = _cell("place_of_service", pos, date_words[-1:],
                                        factor * f_dates, page)
    cpt = ws[i]
    code, f_cpt = repair_procedure(_tok(cpt))
    row["procedure_code"] = _cell("procedure_code", code, [cpt], factor * f_cpt, page)
    rest = ws[i + 1:]
    npi_at = next((j for j in range(len(rest) - 1, -1, -1) if NPI.search(rest[j].text)), None)
    if npi_at is not None:
        npi_word = rest[npi_at]
        npi = NPI.search(npi_word.text).group(0)  # type: ignore[union-attr]
        ok = npi_check_ok(npi)
        row["rendering_provider_npi"] = _cell("rendering_provider_npi", npi, [npi_word],
                                              factor * (1.0 if ok else 0.4), page)
        rest = rest[:npi_at]
    rest = [w for w in rest if not re.fullmatch(r"N[A-Z0-9]{2}", _tok(w))]
    if units_x is not None:  # a units cell OCR read as a letter ('1' as 'J'): repair it
        for j, w in enumerate(rest):
            if units_x[0] <= w.x1 <= units_x[1] and _tok(w) in {"J", "I", "L", "T", "|"}:
                rest[j] = Word("1", w.x0, w.top, w.x1, w.bottom, w.conf * 0.5, w.bold, w.size)
    first_num = len(rest)  # charge and units: the run of numbers ending the line
    while first_num > 0 and digits(rest[first_num - 1].text):
        first_num -= 1
    # the pointer is the last letters-only token before them (modifiers precede it)
    head = rest[:first_num]
    pointer_at = next((j for j in range(len(head) - 1, -1, -1) if POINTER.match(_tok(head[j]))),
                      None)
    mods_words = [w for w in (head if pointer_at is None else head[:pointer_at])
                  if MODIFIER.match(_tok(w))]
    if mods_words:
        row["modifiers"] = _cell("modifiers", [_tok(w) for w in mods_words], mods_words,
                                 factor, page)
    if pointer_at is not None:
        pw = head[pointer_at]
        row["diagnosis_pointer"] = _cell("diagnosis_pointer", _tok(pw), [pw], factor, page)
    tail = rest[first_num:]
    j = 0
    while j < len(tail):
        t = _tok(tail[j])
        money_like = bool(re.search(r"[$.,/|]", tail[j].text)) or len(digits(t)) >= 3
        split_cents = (j + 1 < len(tail) and re.fullmatch(r"\d{2}", _tok(tail[j + 1]))
                       and "charge" not in row and t.isdigit()
                       and tail[j + 1].x0 - tail[j].x1 < 4.0 * max(tail[j].height, 1.0))
        glued = re.fullmatch(r"(\d+)[/|!\]\[)](\d{2})[/|!\]\[)}.]*(\d{1,2})", t)
        if "charge" not in row and glued:  # charge cells and units read as one word
            amount = Decimal(f"{glued[1]}.{glued[2]}")
            row["charge"] = _cell("charge", _money_str(amount), [tail[j]], factor * 0.6, page)
            if "units" not in row:
                row["units"] = _cell("units", glued[3], [tail[j]], factor * 0.5, page)
            j += 1
            continue
        if "charge" not in row and (money_like or split_cents):
            got = money_from_tokens(tail[j:j + 2])
            if got is not None:
                amount, used, f_money = got
                row["charge"] = _cell("charge", _money_str(amount), used, factor * f_money, page)
                j += len(used)
                continue
        in_units = units_x is None or units_x[0] <= tail[j].x1 <= units_x[1]
        if "units" not in row and re.fullmatch(r"\d+(\.\d+)?", t) and in_units:
            row["units"] = _cell("units", t, [tail[j]], factor, page)
        j += 1
    return row


def read_service_lines(page: Page, a: dict[str, Anchor]) -> list[dict[str, FieldValue]]:
    b24 = a.get("b24")
    if b24 is None:
        return []
    h = b24.height
    bottom = a["b25"].top - 0.3 * h if "b25" in a else b24.bottom + 30 * h
    words = words_in(page, b24.x0 - 1.5 * h, b24.bottom + 0.5 * h, page.width, bottom)
    factor = _anchor_factor(b24)
    rows = []
    for line in lines_of(words):
        if parse_service_line(line.words, page, factor) is None:
            continue
        # values printed a little above or below the row (charges, units) join it
        hs = sorted(w.height for w in line.words)
        rh = hs[len(hs) // 2]
        centre = sum((w.top + w.bottom) / 2 for w in line.words) / len(line.words)
        extra = [w for w in words if w not in line.words
                 and abs((w.top + w.bottom) / 2 - centre) <= 0.9 * rh
                 and len(_tok(w)) >= 2 and re.search(r"\d", w.text)
                 and not re.search(r"[-—~_]{2,}", w.text)]
        row = parse_service_line([*line.words, *extra], page, factor)
        if row:
            rows.append(row)
    return rows


# -- the claim --------------------------------------------------------------------------------

def _put(fields: Fields, value: FieldValue | None, name: str) -> None:
    if value is not None:
        fields[name] = value


def _reconcile_total(fields: Fields, rows: list[dict[str, FieldValue]],
                     total: Decimal | None) -> None:
    """Box 28 must equal the sum of box 24F: agreement raises both, disagreement flags both."""
    charges = [r["charge"] for r in rows if "charge" in r]
    if not charges or len(charges) != len(rows):
        return
    if total is None:  # box 28 unreadable: the lines' sum is a good guess, never a sure one
        line_sum = sum((Decimal(c.value) for c in charges), Decimal(0))  # type: ignore[arg-type]
        conf = min(0.75, 0.8 * min(c.confidence for c in charges))
        boxes = [c.bbox for c in charges if c.bbox is not None]
        union = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                 max(b[3] for b in boxes)) if boxes else None
        fields["total_charge"] = make_field("total_charge", _money_str(line_sum), conf,
                                            bbox=union).model_copy(
                                                update={"page": charges[0].page})
        return
    line_sum = sum((Decimal(c.value) for c in charges), Decimal(0))  # type: ignore[arg-type]
    tc = fields["total_charge"]
    if line_sum == total:  # independent readings agree: an OCR slip would have to cancel out
        fields["total_charge"] = _rescored(tc, "total_charge", max(tc.confidence, 0.95))
        for r in rows:
            r["charge"] = _rescored(r["charge"], "charge", max(r["charge"].confidence, 0.93))
    else:
        fields["total_charge"] = _rescored(tc, "total_charge", tc.confidence * 0.5)
        for r in rows:
            r["charge"] = _rescored(r["charge"], "charge", r["charge"].confidence * 0.7)


def _check_pointers(fields: Fields, rows: list[dict[str, FieldValue]]) -> None:
    """A diagnosis pointer names a letter of box 21: one past the listed codes is misread."""
    dx = fields.get("diagnosis_codes")
    if dx is None:
        return
    letters = "ABCDEFGHIJKL"[:len(dx.value)]
    for r in rows:
        p = r.get("diagnosis_pointer")
        if p is not None and any(ch not in letters for ch in str(p.value)):
            r["diagnosis_pointer"] = _rescored(p, "diagnosis_pointer", p.confidence * 0.5)


def _rescored(value: FieldValue, name: str, confidence: float) -> FieldValue:
    confidence = round(min(1.0, max(0.0, confidence)), 4)
    return value.model_copy(update={"confidence": confidence,
                                    "needs_review": needs_review(name, confidence)})


# -- superbill / practice claim layouts (label: value lines) ---------------------------------

SUPERBILL_LABELS: dict[str, tuple[str, ...]] = {
    "patient_name": ("Patient", "Patient name"),
    "patient_dob": ("Date of birth", "DOB", "Birth date"),
    "payer_name": ("Insurance", "Payer", "Insurance company"),
    "insured_id": ("Member ID", "Subscriber ID", "Insured ID"),
    "insured_policy_group": ("Group No.", "Group number"),
    "insured_name": ("Insured", "Subscriber", "Insured name"),
    "referring_provider_name": ("Referring provider", "Referred by"),
    "referring_provider_npi": ("Referring NPI",),
    "service_facility_name": ("Service facility", "Facility"),
    "billing_provider_npi": ("Billing NPI", "Provider NPI"),
    "federal_tax_id": ("Tax ID", "Federal tax ID", "TIN"),
    "patient_account_number": ("Account No.", "Account number", "Patient account"),
    "total_charge": ("Total charges", "Total charge"),
    "amount_paid": ("Amount paid", "Paid"),
}
_SUPERBILL_TITLES = re.compile(r"SUPERBILL|CLAIM|STATEMENT|ENCOUNTER", re.IGNORECASE)


def _labelled(page: Page, names: Sequence[str], lines: Sequence[Line]) -> Anchor | None:
    best = None
    for name in names:
        floor = 0.93 if len(name) <= 10 else 0.82
        for a in find_labels(page, name, lines=lines, limit=2, min_score=floor):
            if best is None or a.score > best.score:
                best = a
    return best


def _superbill_value(name: str, page: Page, a: Anchor) -> FieldValue | None:
    words = words_right_of(page, a)
    if not words:
        return None
    text = clean_text(" ".join(w.text for w in words))
    conf = min_conf(words) * (0.55 + 0.42 * a.score)
    if name == "patient_dob":
        m = _SLASH_DATE.match(text.split()[0])
        if not m:
            return None
        yy = int(m[3])
        try:
            when = date(yy if len(m[3]) == 4 else two_digit_year(yy, past=True), int(m[1]),
                        int(m[2]))
        except ValueError:
            return None
        return make_field(name, when.isoformat(), conf, page=page, words=words[:1])
    if name in ("total_charge", "amount_paid"):
        amount = parse_amount(text, decimal_comma=False)
        if amount is None:
            return None
        return make_field(name, _money_str(amount), conf, page=page, words=words)
    if name.endswith("_npi"):
        return read_npi(name, page, words, a)
    if page.ocr and name not in ("federal_tax_id",):
        text = clean_ocr_name(text).rstrip(".,;:")
    if name == "federal_tax_id" and not EIN_OR_SSN.match(text):
        conf *= 0.5
    if name in ("patient_name", "insured_name") and not PERSON.match(text):
        conf *= 0.5
    return make_field(name, text, conf, page=page, words=words)


def _superbill_diagnoses(page: Page, lines: Sequence[Line]) -> FieldValue | None:
    heads = label_candidates(page, "DIAGNOSES (ICD-10-CM)", min_score=0.75, lines=lines)
    if not heads:
        return None
    head = heads[0].words
    bottom = max(w.bottom for w in head)
    codes: list[str] = []
    used: list[Word] = []
    factor = 1.0
    for line in lines:
        if line.bbox[1] < bottom:
            continue
        letters = [w for w in line.words if re.fullmatch(r"[A-L][.)]", w.text)]
        if not letters:
            break
        for w in line.words:
            if w in letters:
                continue
            text = w.text.strip()
            if page.ocr and not re.search(r"\d", text):
                continue  # a row letter OCR garbled ('Cc.'), not a code
            fixed = repair_icd10(text) if page.ocr else None
            if ICD10.match(text):
                codes.append(text)
            elif fixed is not None:
                codes.append(fixed[0])
                factor *= fixed[1]
            else:
                codes.append(text)
                factor *= 0.4  # printed but not a valid ICD-10-CM code: a person decides
            used.append(w)
    if not codes:
        return None
    return make_field("diagnosis_codes", codes, min_conf(used) * 0.97 * factor, page=page,
                      words=used)


def _superbill_lines(page: Page, lines: Sequence[Line]) -> list[dict[str, FieldValue]]:
    heads = label_candidates(page, "CPT/HCPCS", min_score=0.8, lines=lines)
    if not heads:
        return []
    bottom = max(w.bottom for w in heads[0].words)
    header = next((ln for ln in lines if heads[0].words[0] in ln.words), None)
    units_x = None
    if header is not None:
        units = [w for w in header.words if re.sub(r"[^A-Z]", "", w.text.upper()) == "UNITS"]
        if units:
            h = units[0].height
            units_x = (units[0].x1 - 2.5 * h, units[0].x1 + 1.0 * h)
    rows = []
    for line in lines:
        if line.bbox[1] < bottom:
            continue
        row = parse_service_line(line.words, page, 0.97, units_x)
        if row is None:
            if rows and len(re.sub(r"[^A-Za-z0-9]", "", line.text)) >= 4:
                break  # the table has ended ('Total charges ...'); specks do not end it
            continue
        rows.append(row)
    return rows


def extract_superbill(page: Page) -> tuple[Fields, list[dict[str, FieldValue]]]:
    """A practice's superbill: 'Label  value' lines, a diagnosis list, a services table."""
    lines = page.lines()
    fields: Fields = {}
    heading = top_heading(page, _SUPERBILL_TITLES, lines=lines, top_fraction=0.15)
    if heading is not None:
        words, text, conf = heading
        fields["billing_provider_name"] = make_field("billing_provider_name", text, conf,
                                                     page=page, words=words)
    for name, labels in SUPERBILL_LABELS.items():
        a = _labelled(page, labels, lines)
        if a is not None:
            _put(fields, _superbill_value(name, page, a), name)
    _put(fields, _superbill_diagnoses(page, lines), "diagnosis_codes")
    return fields, _superbill_lines(page, lines)


def extract_claim(pages: list[Page]) -> tuple[Fields, Tables]:
    """Contract claim fields and the `service_lines` table from a CMS-1500's pages."""
    found = _best_page(pages)
    if found is None:
        return {}, {}
    strength, page, a = found
    if strength < 8.0:  # a CMS-1500 prints dozens of box labels: maybe a superbill instead
        for sb_page in pages:
            fields, rows = extract_superbill(sb_page)
            if len(fields) >= 8:
                total = fields.get("total_charge")
                _reconcile_total(fields, rows, Decimal(str(total.value)) if total else None)
                _check_pointers(fields, rows)
                tables = {"service_lines": rows} if rows else {}
                calibrate(fields, tables)
                return fields, tables
        if strength < 2.0:
            return {}, {}
    fields: Fields = {}
    _put(fields, read_payer(page, a), "payer_name")

    def box_text(name: str, key: str, *, right: str | float | None = None,
                 below: str | None = None,
                 depth: float = 3.0, join: str = " ",
                 shape: re.Pattern[str] | None = None) -> None:
        if key not in a:
            return
        words = box_words(page, a, key, right=right, below=below, depth=depth)
        _put(fields, _text_field(name, page, words, a[key], join=join, shape=shape), name)

    box_text("insured_id", "b1a", below="b4", right=page.width, join="",
             shape=re.compile(r"^[A-Z0-9-]{4,}$"))
    box_text("patient_name", "b2", right="b3", below="b5", shape=PERSON)
    _put(fields, read_dob(page, a), "patient_dob")
    box_text("insured_name", "b4", below="b7", right=page.width, shape=PERSON)
    box_text("insured_policy_group", "b11", below="b11a", right=page.width, join="",
             shape=re.compile(r"^[A-Z0-9-]{2,}$"))
    if "b17" in a:
        words = box_words(page, a, "b17", right="b17a", below="b19", depth=4)
        words = [w for w in words if not re.fullmatch(r"D[NKQ]", w.text.strip())]
        _put(fields, _text_field("referring_provider_name", page, words, a["b17"]),
             "referring_provider_name")
    if "b17b" in a:
        words = box_words(page, a, "b17b", right="b18", same_line=True)
        _put(fields, read_npi("referring_provider_npi", page, words, a["b17b"]),
             "referring_provider_npi")
    _put(fields, read_diagnoses(page, a), "diagnosis_codes")
    if "b25" in a:
        words = box_words(page, a, "b25", right="b26", below="b31", depth=3.5)
        words = [w for w in words if digits(w.text)]
        _put(fields, _text_field("federal_tax_id", page, words, a["b25"], join="",
                                 shape=EIN_OR_SSN), "federal_tax_id")
    box_text("patient_account_number", "b26", right="b27", below="b32", join="",
             depth=3.5)
    total = read_money_box("total_charge", page, a, "b28", "b29")
    if total is not None:
        fields["total_charge"] = total[0]
    paid = read_money_box("amount_paid", page, a, "b29", "b30")
    if paid is not None:
        fields["amount_paid"] = paid[0]
    box_text("service_facility_name", "b32", right="b33", depth=3.0)
    box_text("billing_provider_name", "b33", right=page.width, depth=3.0)
    if "b33" in a:
        words = box_words(page, a, "b33", depth=12, width=22)
        _put(fields, read_npi("billing_provider_npi", page, words, a["b33"]),
             "billing_provider_npi")
    rows = read_service_lines(page, a)
    _reconcile_total(fields, rows, total[1] if total else None)
    _check_pointers(fields, rows)
    tables = {"service_lines": rows} if rows else {}
    calibrate(fields, tables)
    return fields, tables
