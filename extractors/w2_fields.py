"""W-2 (Wage and Tax Statement) field extraction from box anchors.

Each box is read below its printed label ("1 Wages, tips, other compensation"), bounded by
the neighbouring boxes (`extractors.forms`). The amounts are then checked against each
other (`extractors.w2_evidence`): wages printed in several boxes, and the statutory rates
of social security and Medicare tax.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from extractors.form_anchors import Anchor, locate_anchors
from extractors.forms import (
    box_words, calibrate, clean_text, lines_of, make_field, min_conf, segments, words_in,
)
from extractors.normalize import money_str, parse_amount
from extractors.page_model import Page, Word
from extractors.w2_copies import merge_copies, split_copies
from extractors.w2_evidence import (
    check_flat_withholding, check_statutory_rates, check_wage_agreement, set_conf,
)
from extractors.w2_names import read_name
from extractors.w2_repair import (
    ONE_MISREAD, TERRITORIES, read_amount, read_as_printed, repair_identifier, repair_state,
    twin_codes,
)
from schemas.document import FieldValue

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]

W2_LABELS: dict[str, str] = {
    "a": "a Employee's social security number",
    "b": "b Employer identification number (EIN)",
    "c": "c Employer's name, address, and ZIP code",
    "d": "d Control number",
    "e": "e Employee's first name and initial",
    "f": "f Employee's address and ZIP code",
    "1": "1 Wages, tips, other compensation",
    "2": "2 Federal income tax withheld",
    "3": "3 Social security wages",
    "4": "4 Social security tax withheld",
    "5": "5 Medicare wages and tips",
    "6": "6 Medicare tax withheld",
    "7": "7 Social security tips",
    "8": "8 Allocated tips",
    "10": "10 Dependent care benefits",
    "11": "11 Nonqualified plans",
    "12": "12a See instructions for box 12",
    "13": "13 Statutory employee",
    "14": "14 Other",
    "15": "15 State",
    "15id": "Employer's state ID number",
    "16": "16 State wages, tips, etc.",
    "17": "17 State income tax",
    "18": "18 Local wages, tips, etc.",
    "title": "Wage and Tax Statement",
}
# labels the form prints left to right on one line (box 15's row)
W2_ROWS = (("15", "15id", "16", "17", "18"),)

SSN = re.compile(r"^\d{3}-?\d{2}-?\d{4}$")
MASKED_SSN = re.compile(r"^(X{3}|\*{3})-?(X{2}|\*{2})-?\d{4}$", re.IGNORECASE)
EIN = re.compile(r"^\d{2}-?\d{7}$")
STATE = re.compile(r"^[A-Z]{2}$")
YEAR = re.compile(r"^(19|20)\d{2}$")

# (field, box key, box to the right, box below)
_MONEY_BOXES = (
    ("wages", "1", "2", "3"),
    ("federal_tax_withheld", "2", None, "4"),
    ("social_security_wages", "3", "4", "5"),
    ("social_security_tax", "4", None, "6"),
    ("medicare_wages", "5", "6", "7"),
    ("medicare_tax", "6", None, "8"),
    ("state_wages", "16", "17", None),
    ("state_tax", "17", "18", None),
)


def _anchor_factor(a: Anchor) -> float:
    return 0.55 + 0.45 * a.score if not a.predicted else 0.5


def _amount(name: str, page: Page, a: dict[str, Anchor], key: str, right: str | None,
            below: str | None) -> tuple[FieldValue, Decimal] | None:
    if key not in a:
        return None
    depth = 4.5 if key in ("16", "17") else 3.0
    # boxes 16 and 17 are deep: past `depth` label heights only a clean amount is theirs
    # (scans drawn larger put it there; the form's year '2024' sits just below)
    reach = a[key].bottom + depth * a[key].height
    edge: str | float | None = right
    left = _LEFT_OF.get(key)
    if right is None and left in a and a[left].x0 < a[key].x0:
        # the right-hand column is as wide as its neighbour's: an amount printed flush
        # right sits past the label's own width
        edge = a[key].x0 + (a[key].x0 - a[left].x0)
    words = box_words(page, a, key, right=edge, below=below, width=24,
                      depth=depth + 1.0 if key in ("16", "17") else depth)
    for line in lines_of(words):
        ws = [w for w in line.words if re.search(r"\d", w.text)]
        if not ws:
            continue
        text = clean_text(" ".join(w.text for w in ws))
        got = read_amount(text)  # separators OCR damaged or lost, shape-checked
        if (ws[0].top + ws[0].bottom) / 2 > reach and (got is None or got[1] < 0.9):
            continue
        if got is not None:
            amount, shape = got
        else:
            parsed = parse_amount(text.lstrip("$ "), decimal_comma=False)
            if parsed is None:
                continue
            amount, shape = parsed.quantize(Decimal("0.01")), 0.6
        conf = min_conf(ws) * _anchor_factor(a[key]) * shape
        return make_field(name, money_str(amount), conf, page=page, words=ws), amount
    return None


_LEFT_OF = {"2": "1", "4": "3", "6": "5", "17": "16"}


def _amount_beside(name: str, page: Page, a: dict[str, Anchor], left: str
                   ) -> tuple[FieldValue, Decimal] | None:
    """A right-hand box whose label OCR lost: the second amount on its neighbour's row."""
    depth = 4.5 if left == "16" else 3.0
    words = box_words(page, a, left, right=page.width, depth=depth, width=60)
    for line in lines_of(words):
        runs = [seg for seg in segments([w for w in line.words if re.search(r"\d", w.text)],
                                        gap=3.0)]
        if len(runs) < 2:
            continue
        text = clean_text(" ".join(w.text for w in runs[1])).lstrip("$ ")
        amount = parse_amount(text, decimal_comma=False)
        if amount is None:
            return None
        amount = amount.quantize(Decimal("0.01"))
        shape = 1.0 if re.fullmatch(r"[\d,]*\d\.\d{2}", text) else 0.6
        conf = min_conf(runs[1]) * 0.6 * shape
        return make_field(name, money_str(amount), conf, page=page, words=runs[1]), amount
    return None


def _state_wages_left_of_17(page: Page, a: dict[str, Anchor]
                            ) -> tuple[FieldValue, Decimal] | None:
    """Box 16 where OCR lost its label ('16 State wages' read as '18 Local wages' or not
    at all): the amount printed flush right against box 17, on box 17's row. Only a clean
    amount shape counts here: box 15's ID number ('966-7220-1') and the form's year sit
    near."""
    b17 = a.get("17")
    if b17 is None or b17.predicted or ("16" in a and a["16"].x0 < b17.x0
                                        and not a["16"].predicted):
        return None
    h = b17.height
    words = words_in(page, b17.x0 - 12 * h, b17.bottom, b17.x0 - 0.2 * h, b17.bottom + 4.5 * h,
                     exclude=[w for an in a.values() for w in an.words])
    for line in lines_of(words):
        digits = [w for w in line.words if re.search(r"\d", w.text)]
        for ws in (digits[-2:], digits[-1:]):  # flush right: the last words on the line
            got = read_amount(clean_text(" ".join(w.text for w in ws))) if ws else None
            if got is not None and got[1] >= 0.9:
                conf = min_conf(ws) * _anchor_factor(b17) * got[1] * 0.9
                return (make_field("state_wages", money_str(got[0]), conf, page=page, words=ws),
                        got[0])
    return None


def _identifier(name: str, page: Page, a: dict[str, Anchor], key: str, *,
                shapes: Sequence[re.Pattern[str]], groups: tuple[int, ...],
                right: str | None = None,
                below: str | None = None) -> FieldValue | None:
    if key not in a:
        return None
    words = box_words(page, a, key, right=right, below=below, depth=3.0, width=18)
    for line in lines_of(words):
        for w in line.words:
            text = clean_text(w.text)
            if any(s.match(text) for s in shapes):
                conf = w.conf * _anchor_factor(a[key])
                if "-" in text and text[0].isdigit():  # '13912-8100': a hyphen misplaced
                    value = _hyphenated(re.sub(r"\D", "", text), groups)
                    conf *= 1.0 if value == text else 0.7
                    text = value
                return make_field(name, text, conf, page=page, words=[w])
    for line in lines_of(words):  # a hyphen read as '=' or a gap, a digit as a letter
        for i in range(len(line.words)):
            for n in (1, 2, 3):
                run = line.words[i:i + n]
                got = repair_identifier(clean_text(" ".join(w.text for w in run)), groups)
                if got is not None and len(run) == n:
                    conf = min_conf(run) * _anchor_factor(a[key]) * got[1] * (0.95 ** (n - 1))
                    return make_field(name, got[0], conf, page=page, words=run)
    return None


def _hyphenated(digits: str, groups: tuple[int, ...]) -> str:
    out, at = [], 0
    for n in groups:
        out.append(digits[at:at + n])
        at += n
    return "-".join(out)


def _name(name: str, page: Page, a: dict[str, Anchor], key: str, *, right: str,
          below: str) -> FieldValue | None:
    if key not in a:
        return None
    return read_name(name, page, a, key, anchor_factor=_anchor_factor(a[key]), right=right,
                     below=below)


def _median_height(page: Page) -> float:
    hs = sorted(w.height for w in page.words) or [1.0]
    return hs[len(hs) // 2]


def _tax_year(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    """The form year: a 4-digit year near 'Wage and Tax Statement', else the largest one."""
    years = [w for w in page.words if YEAR.match(_year_text(w))]
    if not years:
        return None
    years = [w for w in years if w.height > 1.5 * _median_height(page)] or years
    title = a.get("title")
    if title is not None:
        h = title.height
        near = [w for w in years if abs(w.top - title.top) < 4 * h]
        if near:
            w = min(near, key=lambda w: abs(w.x0 - title.x1))
            return make_field("tax_year", _year_text(w), w.conf * _anchor_factor(title),
                              page=page, words=[w])
    w = max(years, key=lambda w: w.height)
    return make_field("tax_year", _year_text(w), w.conf * 0.6, page=page, words=[w])


def _year_text(w: Word) -> str:
    return w.text.strip(" .,:;'\"|[](){}")


def _tax_year_split(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    """Large year digits OCR split apart ('2 02 5') right of 'Wage and Tax Statement'."""
    title = a.get("title")
    if title is None:
        return None
    h = title.height
    # the year is printed larger than the title: an amount in the row above is not part of it
    ws = sorted((w for w in page.words if w.x0 > title.x1 and w.text.strip().isdigit()
                 and w.height > title.height
                 and abs((w.top + w.bottom) / 2 - (title.top + title.bottom) / 2) < 2.5 * h
                 and w.x0 - title.x1 < 30 * h), key=lambda w: w.x0)
    text = "".join(w.text.strip() for w in ws[:4])
    if YEAR.match(text):
        # the same digits, read well but in pieces: on 150 generated scans, 11 of 11 right
        conf = min_conf(ws[:4]) * _anchor_factor(title) * 0.9
        return make_field("tax_year", text, conf, page=page, words=ws[:4])
    return None


_VALID_CODE_DOUBT, _TWIN_CODE_DOUBT = 1 / 3, 2.0


def _box_15(a: dict[str, Anchor]) -> dict[str, Anchor]:
    """Anchors with box 15's label placed where the form prints it when OCR lost the label
    itself ('15 State' unread; W2_ROWS keeps a damaged one from matching '16 State' or
    '17 State' instead): just left of 'Employer's state ID number'."""
    sid = a.get("15id")
    if "15" in a or sid is None or sid.predicted:
        return a
    h = sid.height
    return {**a, "15": Anchor("15", sid.score, sid.x0 - 6 * h, sid.top, sid.x0 - 0.5 * h,
                              sid.bottom)}


def _state(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    a = _box_15(a)
    if "15" not in a:
        return None
    right = "15id" if "15id" in a and a["15id"].x0 > a["15"].x0 else "16"
    words = box_words(page, a, "15", right=right, depth=3.0, width=12)
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        text = clean_text(w.text)
        got = repair_state(text)  # a USPS code, or the one its OCR confusions allow
        if got is not None:
            factor = got[1] if page.ocr or got[0] != text else 1.0  # no confusions in text
            if not page.ocr and got[1] == ONE_MISREAD:
                factor = 0.7  # a text layer misreads nothing: 'Ng' is what it prints
            conf = w.conf * _anchor_factor(a["15"]) * factor
            if page.ocr and got[0] in TERRITORIES:
                conf *= 0.5  # a territory files no W-2 box 15: likely a state misread
            elif page.ocr and read_as_printed(text, got[0]):
                # a state's code read as printed: a misread that still spells a code is
                # rare (on 300 generated scans, 386 of 387 codes read so were right, the
                # other a territory; 122 of 122 twins, CA, GA and NY, among them), so its
                # doubt shrinks
                conf = 1 - (1 - conf) * _VALID_CODE_DOUBT
            elif page.ocr and got[0] == text.upper():
                # its case misread in a letter of another shape ('Ne', 'wy'): a shape
                # misread that may spell another code ('wy' read for NY, 'Ne' for NC)
                twin = bool(twin_codes(got[0]))
                conf = 1 - (1 - conf) * (_TWIN_CODE_DOUBT if twin else _VALID_CODE_DOUBT)
            return make_field("state", got[0], conf, page=page, words=[w])
        if STATE.match(text.upper()):
            conf = w.conf * _anchor_factor(a["15"]) * 0.5
            return make_field("state", text.upper(), conf, page=page, words=[w])
    return None


def _best_page(pages: Sequence[Page]) -> Page | None:
    best = None
    for page in pages:
        anchors = locate_anchors(page, W2_LABELS, min_score=0.7, rows=W2_ROWS)
        strength = sum(x.score for x in anchors.values())
        if best is None or strength > best[0]:
            best = (strength, page)
    if best is None or best[0] < 3.0:
        return None
    return best[1]


def _read_copy(page: Page) -> Fields:
    a = locate_anchors(page, W2_LABELS, min_score=0.6, rows=W2_ROWS)
    fields: Fields = {}

    def put(name: str, value: FieldValue | None) -> None:
        if value is not None:
            fields[name] = value

    put("tax_year", _tax_year(page, a) or _tax_year_split(page, a))
    put("employee_ssn", _identifier("employee_ssn", page, a, "a", shapes=(SSN, MASKED_SSN),
                                    groups=(3, 2, 4), right="1", below="b"))
    put("employer_ein", _identifier("employer_ein", page, a, "b", shapes=(EIN,), groups=(2, 7),
                                    right="1", below="c"))
    put("employer_name", _name("employer_name", page, a, "c", right="3", below="d"))
    name = _name("employee_name", page, a, "e", right="13", below="f")
    if name is not None and re.search(r"(^|\s)\S$", str(name.value)):
        # 'first name and initial' without a last name: the last-name cell was not read
        name = name.model_copy(update={"confidence": round(name.confidence * 0.6, 4),
                                       "needs_review": True})
    put("employee_name", name)
    for name, key, right, below in _MONEY_BOXES:
        got = _amount(name, page, a, key, right, below)
        if got is None and key in _LEFT_OF and _LEFT_OF[key] in a:
            got = _amount_beside(name, page, a, _LEFT_OF[key])
        if got is None and key == "16":
            got = _state_wages_left_of_17(page, a)
        if got is not None:
            fields[name] = got[0]
    put("state", _state(page, a))
    return fields


def extract_w2(pages: list[Page]) -> tuple[Fields, Tables]:
    """Contract W-2 fields from the page whose box labels match best; a page with two
    copies is read twice and the readings compared."""
    page = _best_page(pages)
    if page is None:
        return {}, {}
    copies = [_read_copy(copy) for copy in split_copies(page, W2_LABELS)]
    fields = merge_copies(copies)
    state = fields.get("state")
    if page.ocr and state is not None and twin_codes(str(state.value)):
        # copies agreeing on 'NY' are one font misread twice as easily as once: the
        # agreement adds nothing to the best single reading of a code with a twin
        single = max(c["state"].confidence for c in copies if "state" in c)
        set_conf(fields, "state", state.value, min(state.confidence, single))
    confirmed = check_wage_agreement(fields, ocr=page.ocr)
    check_statutory_rates(fields, confirmed)
    check_flat_withholding(fields)
    calibrate(fields, {})
    return dict(sorted(fields.items(), key=lambda kv: _ORDER.get(kv[0], 99))), {}


_ORDER = {name: i for i, name in enumerate((
    "tax_year", "employee_ssn", "employer_ein", "employer_name", "employee_name", "wages",
    "federal_tax_withheld", "social_security_wages", "social_security_tax", "medicare_wages",
    "medicare_tax", "state", "state_wages", "state_tax"))}
