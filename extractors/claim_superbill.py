"""Superbills and practice claim layouts: 'Label  value' lines, a diagnosis list and a
services table, for claims that are not printed on the CMS-1500 form."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from extractors.claim_boxes import (
    credential_read, mbi_as_printed, name_words_conf, put_field, read_npi, repair_insured_id,
)
from extractors.claim_consistency import rescored
from extractors.claim_diagnoses import SURE, ocr_diagnosis_codes, read_unambiguously
from extractors.claim_codes import (
    EIN_OR_SSN, ICD10, PERSON, SLASH_DATE, money_str, repair_identifier, repair_tax_id,
    two_digit_year,
)
from extractors.claim_line_rows import is_line
from extractors.claim_service_lines import parse_service_line
from extractors.form_anchors import Anchor, find_labels, label_candidates
from extractors.forms import (
    clean_ocr_name, clean_text, make_field, min_conf, top_heading, words_right_of,
)
from extractors.normalize import parse_amount
from extractors.page_model import Line, Page, Word
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

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
_IDENTIFIERS = {"insured_id": repair_insured_id, "insured_policy_group": repair_identifier,
                "patient_account_number": repair_identifier}
_NAMES = {"patient_name", "insured_name", "payer_name", "referring_provider_name",
          "service_facility_name"}
_SUPERBILL_TITLES = re.compile(r"SUPERBILL|CLAIM|STATEMENT|ENCOUNTER", re.IGNORECASE)


def _labelled(page: Page, names: Sequence[str], lines: Sequence[Line]) -> Anchor | None:
    found = _label_places(page, names, lines)
    return found[0] if found else None


def _label_places(page: Page, names: Sequence[str], lines: Sequence[Line]) -> list[Anchor]:
    """Where any of `names` is printed, best match first."""
    found: list[Anchor] = []
    if page.ocr:  # 'ID' as OCR reads it most ('Member 10', 'Tax 1D:'): 1 for I, 0 for D
        names = [*names, *(n[:-2] + alt for n in names if n.endswith(" ID") for alt in ("10", "1D"))]
    for name in names:
        floor = 0.93 if len(name) <= 10 else 0.82
        if page.ocr:  # one character OCR slips in a short label ('Member 1D', 'Group Ne.')
            floor = 0.85 if len(name) <= 10 else 0.8
        found += find_labels(page, name, lines=lines, limit=2, min_score=floor)
    return sorted(found, key=lambda a: -a.score)


def _superbill_value(name: str, page: Page, a: Anchor) -> FieldValue | None:
    words = words_right_of(page, a)
    if not words:
        return None
    if page.ocr and name == "referring_provider_name":
        words = [credential_read(w) for w in words]
    if page.ocr and name in ("patient_name", "insured_name"):
        words = words + initial_read_as_rule(page, words)
    text = clean_text(" ".join(w.text for w in words))
    conf = min_conf(words) * (0.55 + 0.42 * a.score)
    if page.ocr and name in _NAMES:
        conf = name_words_conf(words) * (0.55 + 0.42 * a.score)
    if name == "patient_dob":
        m = SLASH_DATE.match(text.split()[0].rstrip(".,;:") if page.ocr else text.split()[0])
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
        if page.ocr and not re.fullmatch(r"\$?\s?(\d{1,3}(,\d{3})+|\d+)\.\d{2}", text):
            conf *= 0.5  # printed with cents: OCR lost or moved the point, or misread a digit
        return make_field(name, money_str(amount), conf, page=page, words=words)
    if name.endswith("_npi"):
        return read_npi(name, page, words, a)
    if page.ocr and name in _IDENTIFIERS:
        text, factor = _IDENTIFIERS[name](text)
        conf *= factor
        if not re.search(r"\d", text):
            return None  # a name beside a label OCR garbled into 'Insured ID'
    elif page.ocr and name not in ("federal_tax_id",):
        text = clean_ocr_name(text).rstrip(".,;:")
    if page.ocr and name == "federal_tax_id":
        text = text.rstrip(".,;:'")  # a speck after the number
        text, factor = repair_tax_id(text)  # a dash misread, specks before it
        conf *= factor
    if name == "federal_tax_id" and not EIN_OR_SSN.match(text):
        conf *= 0.5
    if name in ("patient_name", "insured_name") and not PERSON.match(text):
        conf *= 0.5
    field = make_field(name, text, conf, page=page, words=words)
    return mbi_as_printed(field, page) if name == "insured_id" else field


# the glyphs OCR reads a lone capital I as: one stroke, like a rule
_STROKES = frozenset("|lI1!")


def initial_read_as_rule(page: Page, words: Sequence[Word]) -> list[Word]:
    """A person's middle initial I that OCR read as a rule ('HALL, RICHARD |'): one stroke
    as tall as the name's capitals, a word space after its first name. `words_right_of`
    drops it as a speck; a superbill prints nothing else beside the name (calib and seeds
    41/43/45: 8 of 8 such strokes were an I), so it is the I, at the stroke's own score."""
    if len(words) != 2 or not words[0].text.endswith(","):
        return []  # 'LAST, FIRST' with no initial read
    last = words[-1]
    h = last.height
    for w in page.words:
        if w.text in _STROKES and 0 <= w.x0 - last.x1 <= 1.0 * h and \
                w.x1 - w.x0 <= 0.35 * h and w.height >= 0.7 * h and \
                abs((w.top + w.bottom) / 2 - (last.top + last.bottom) / 2) <= 0.25 * h:
            return [replace(w, text="I")]
    return []


# an amount as a superbill prints it: dollars with grouping commas, a point and the cents
_PRINTED_AMOUNT = re.compile(r"\$?\s?(\d{1,3}(,\d{3})+|\d+)\.\d{2}")


def read_balance_due(page: Page) -> Decimal | None:
    """The 'Balance due' a superbill prints under its total and the amount paid, when it is
    read as a whole amount with its cents."""
    a = _labelled(page, ("Balance due",), page.lines())
    words = words_right_of(page, a) if a is not None else []
    text = clean_text(" ".join(w.text for w in words)).rstrip(".,;:")
    if not _PRINTED_AMOUNT.fullmatch(text):
        return None
    return parse_amount(text, decimal_comma=False)


def confirm_by_balance(fields: Fields, balance: Decimal | None) -> None:
    """A superbill's total less the amount paid is its balance due, each printed apart: when
    the three amounts as read agree, a misread of one would have to be matched by a misread
    of another, so the total and the paid amount stand (whatever the service lines' charges
    add up to). With nothing paid, the balance is the total read a second time."""
    total, paid = fields.get("total_charge"), fields.get("amount_paid")
    if balance is None or total is None or paid is None:
        return
    t, p = Decimal(str(total.value)), Decimal(str(paid.value))
    if t - p != balance or balance <= 0:
        return
    floor = 0.95 if p > 0 else 0.9  # arithmetic, or the same digits read twice
    fields["total_charge"] = rescored(total, "total_charge", max(total.confidence, floor))
    fields["amount_paid"] = rescored(paid, "amount_paid", max(paid.confidence, floor))


def _superbill_diagnoses(page: Page, lines: Sequence[Line]) -> FieldValue | None:
    heads = label_candidates(page, "DIAGNOSES (ICD-10-CM)", min_score=0.75, lines=lines)
    if not heads:
        return None
    head = heads[0].words
    bottom = max(w.bottom for w in head)
    codes: list[str] = []
    used: list[Word] = []
    factor = 1.0
    if page.ocr:
        return _ocr_superbill_diagnoses(page, lines, head)
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
            if ICD10.match(text):
                codes.append(text)
            else:
                codes.append(text)
                factor *= 0.4  # printed but not a valid ICD-10-CM code: a person decides
            used.append(w)
    if not codes:
        return None
    return make_field("diagnosis_codes", codes, min_conf(used) * 0.97 * factor, page=page,
                      words=used)


def _ocr_superbill_diagnoses(page: Page, lines: Sequence[Line], head: Sequence[Word]
                             ) -> FieldValue | None:
    """The code rows under an OCR'd diagnoses heading, read by geometry: every code-shaped
    word until the next section's heading (OCR loses row letters and splits rows)."""
    h = max(max(w.height for w in head), 1.0)
    bottom = max(w.bottom for w in head)
    codes: list[str] = []
    used: list[Word] = []
    factor = 1.0
    sure = True  # see claim_diagnoses.read_diagnoses
    for line in lines:
        if line.bbox[1] < bottom - 0.3 * h or any(w in head for w in line.words):
            continue
        if line.bbox[1] > bottom + 6 * h or (re.search(r"[A-Za-z]{5}", line.text)
                                             and not re.search(r"\d", line.text)):
            break  # the next section ('SERVICES') has begun
        ws = [w for w in line.words if not re.fullmatch(r"\W*[A-L][.,)]\W*", w.text)]
        found, unread = ocr_diagnosis_codes(ws)
        sure &= not unread
        for code, f, ws_used in found:
            if code not in codes:
                codes.append(code)
                used.extend(ws_used)
                factor *= f
                sure &= read_unambiguously(code, ws_used)
    if not codes:
        return None
    conf = min_conf(used) * 0.97 * factor
    if sure:
        conf = max(conf, SURE)
    return make_field("diagnosis_codes", codes, conf, page=page, words=used)


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
            if page.ocr:  # OCR stretches word boxes to the right: the left edge is the cell's
                units_x = (units[0].x0 - 1.0 * h, units[0].x1 + 1.0 * h)
    rows = []
    for line in lines:
        if line.bbox[1] < bottom:
            continue
        row = parse_service_line(line.words, page, 0.97, units_x, undated=True)
        if not is_line(row):
            row = None
        if row is None:
            # the table has ended ('Total charges ...'); specks ('+ td en 5') do not end it,
            # nor a line that starts with a service date OCR garbled the rest of
            dated = any(re.search(r"/20\d\d|\d/\d{1,2}/|^\W*(19|20)\d\d\W*$", w.text)
                        for w in line.words[:3])
            if rows and re.search(r"[A-Za-z]{4}", line.text) and not dated:
                break
            continue
        rows.append(row)
    return rows


# the title a superbill prints on its practice name's line ('SUPERBILL / PROFESSIONAL CLAIM');
# a CMS-1500's 'HEALTH INSURANCE CLAIM FORM' is no such title
_SUPERBILL_TITLE = re.compile(r"SUPERBILL|ENCOUNTER|STATEMENT", re.IGNORECASE)


def beside_title(words: Sequence[Word], lines: Sequence[Line]) -> bool:
    """Whether a heading is printed left of the superbill's title, on its line and in its
    size: the practice's name where the form puts it, however much larger than the body
    text OCR measured it."""
    line = next((ln for ln in lines if words[0] in ln.words), None)
    if line is None:
        return False
    title = [w for w in line.words if _SUPERBILL_TITLE.search(w.text) and w.x0 > words[-1].x1]
    h = sorted(w.height for w in words)[len(words) // 2]
    return any(abs(w.height - h) <= 0.25 * h for w in title)


def extract_superbill(page: Page) -> tuple[Fields, list[dict[str, FieldValue]]]:
    """A practice's superbill: 'Label  value' lines, a diagnosis list, a services table."""
    lines = page.lines()
    fields: Fields = {}
    heading = top_heading(page, _SUPERBILL_TITLES, lines=lines, top_fraction=0.15)
    if heading is not None:
        words, text, conf = heading
        if beside_title(words, lines):
            conf = max(conf, min_conf(words) * 0.95)
        if re.match(r"\d", text):
            conf *= 0.5  # a street number: the practice's address line, its name unread
        fields["billing_provider_name"] = make_field("billing_provider_name", text, conf,
                                                     page=page, words=words)
    for name, labels in SUPERBILL_LABELS.items():
        places = _label_places(page, labels, lines)
        if name in _IDENTIFIERS:
            # an identifier's label that matched beside a name ('Insured' for 'Insured ID')
            # gives no value: the next place the labels match is tried
            value = next((v for a in places if (v := _superbill_value(name, page, a))), None)
            put_field(fields, value, name)
        elif places:
            put_field(fields, _superbill_value(name, page, places[0]), name)
    put_field(fields, _superbill_diagnoses(page, lines), "diagnosis_codes")
    return fields, _superbill_lines(page, lines)

