"""Pay stub field extraction: labelled values, the earnings and deductions tables, totals.

Pay stubs are not box forms: values sit right of their label ("Pay Date  04/18/2026") or
under it ("Gross Pay / Current: 2,345.00"), and the tables have a header row whose column
titles (Rate, Hours, Current / This Period, YTD / Year to Date) place each number. The
arithmetic of a stub checks the reading: gross - deductions = net, hours x rate = the first
earnings line, the lines add up to the totals. A check that holds raises the confidence of
the fields it involves; one that fails lowers it, so a misread goes to review.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.form_anchors import Anchor
from extractors.forms import (
    calibrate, clean_ocr_name, clean_text, lines_of, min_conf, words_in, words_right_of,
)
from extractors.normalize import parse_date
from extractors.page_model import Line, Page, Word
from extractors.paystub_evidence import (
    NAME_WORD_CONF, READ_ONCE_CONF, check_arithmetic, check_dates, clean_name_shape,
    id_clean_level, name_words_conf, read_once_confidence, read_twice_alike,
)
from extractors.paystub_labels import (
    INFO_LABELS, best_label, closest_labels, info_labels, label_doubt, label_factor,
    label_letters, type_height, value_words, without_specks,
)
from extractors.paystub_parties import (
    ID_SHAPE, looks_like_person, ocr_name_doubt, pick_id_word, repair_employee_id, same_name,
    split_glued_words,
)
from extractors.paystub_parties import read_employer as find_employer
from extractors.paystub_positions import DATE, id_beside_name, info_column, row_above
from extractors.paystub_reading import Reading, is_amount, read_money
from extractors.paystub_tables import find_headers, read_table
from schemas.document import FieldValue

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]

TOTAL_LABELS: dict[str, tuple[str, ...]] = {
    "gross_pay": ("Gross Pay", "Gross Earnings", "Total Gross", "Total Earnings"),
    "total_deductions": ("Total Deductions", "Deductions Total"),
    "net_pay": ("Net Pay", "Net Amount", "Take Home Pay"),
    "ytd_gross": ("YTD Gross", "Gross YTD", "YTO Gross"),  # 'YTO': OCR's usual 'YTD'
    "ytd_net": ("YTD Net", "Net YTD", "YTO Net"),
}
TITLES = re.compile(r"STATEMENT|PAY ?STUB|PAYSLIP|PAY SLIP|EARNINGS|NON-NEGOTIABLE|ADVICE",
                    re.IGNORECASE)
# a garbled label word ('Empleysp' 62, 'Eniployee' 82) still this close to 'Employee'
GARBLED_LABEL_RATIO = 55
# a date OCR split in two at a gap between its digits: '08/1 1/2026'
_SPLIT_DATE = re.compile(r"\b(\d{1,2}/\d?)\s+(\d?/\d{4})\b")


# -- labelled values --------------------------------------------------------------------------

def read_info(page: Page, lines: Sequence[Line]) -> dict[str, Reading]:
    out: dict[str, Reading] = {}
    for key, names in INFO_LABELS.items():
        if key in ("employee_name", "employee_id"):  # read over every label they have
            got = (_employee_name if key == "employee_name" else _employee_id)(page, names, lines)
            if got is not None:
                out[key] = got
            continue
        a = best_label(page, names, lines)
        if a is None:
            continue
        words = without_specks(value_words(page, a)) if page.ocr else value_words(page, a)
        if not words:
            continue
        text = clean_text(" ".join(w.text for w in words))
        conf = min_conf(words) * label_factor(a)
        if key in ("pay_period", "pay_period_start", "pay_period_end", "pay_date"):
            text = _SPLIT_DATE.sub(r"\1\2", text) if page.ocr else text
            found = [parse_date(m.group(0), day_first=False) for m in DATE.finditer(text)]
            found = [d for d in found if d is not None]
            if key == "pay_period" and len(found) >= 2:
                out.setdefault("pay_period_start", Reading(found[0].isoformat(), words, conf))
                out.setdefault("pay_period_end", Reading(found[1].isoformat(), words, conf))
            elif key != "pay_period" and found:
                out[key] = Reading(found[0].isoformat(), words, conf)
        else:
            if page.ocr:
                text = clean_ocr_name(text)
                conf *= ocr_name_doubt(text, words)
            out[key] = Reading(text, words, conf)
    if "employee_id" not in out and "employee_name" in out:
        id_beside_name(page, out)
    if "pay_period_start" not in out:  # label unreadable: the one line holding two dates
        for line in lines:
            found = [parse_date(m.group(0), day_first=False) for m in DATE.finditer(line.text)]
            found = [d for d in found if d is not None]
            if len(found) == 2 and 0 < (found[1] - found[0]).days <= 31:
                conf = min_conf(line.words) * 0.6
                out["pay_period_start"] = Reading(found[0].isoformat(), list(line.words), conf)
                out["pay_period_end"] = Reading(found[1].isoformat(), list(line.words), conf)
                first = next(w for w in line.words if DATE.search(w.text))
                info_column(out, lines, first)
                break
    return out


def _name_reading(page: Page, a: Anchor) -> Reading | None:
    words = value_words(page, a)
    if page.ocr:  # specks: tiny words at the ends, or a run of nothing but them
        h = type_height(page, a)
        words = without_specks([w for w in words if w.height >= 0.4 * h])
    text = clean_text(" ".join(w.text for w in words))
    text = clean_ocr_name(split_glued_words(text)) if page.ocr else text
    if not re.search(r"[A-Za-z]{2}", text):
        return None  # an ID: the label matched was the employee ID's
    if page.ocr:  # a comma OCR glued to the last name: no person's name ends with one
        text = text.rstrip(",")
    got = Reading(text, words, min_conf(words) * label_factor(a))
    if page.ocr and looks_like_person(text) and clean_name_shape(text):
        got.confidence = read_once_confidence(name_words_conf(words), NAME_WORD_CONF)
        got.scale(label_doubt(a))
    if not looks_like_person(text):  # 'ID', a label OCR ran into
        got.scale(0.6)
    if page.ocr:
        got.scale(ocr_name_doubt(text, words))
    return got


def _employee_name(page: Page, names: Sequence[str], lines: Sequence[Line]) -> Reading | None:
    """The most confident reading beside any employee label; printed twice (on a check and
    its stub), the readings must agree or the name goes to review."""
    readings: dict[tuple[int, ...], Reading] = {}
    for name in names:
        for a, weight in info_labels(page, name, lines):
            got = _name_reading(page, a)
            if got is not None:
                got.scale(weight)
                readings.setdefault(tuple(id(w) for w in got.words), got)
    if not readings:
        return _name_above_id(page, lines) if page.ocr else None
    best = max(readings.values(), key=lambda r: r.confidence)
    # a reading OCR made debris of ('roy Torres' beside 'Troy Torres') contradicts nothing
    names = [r for r in readings.values() if looks_like_person(r.value)
             and (not page.ocr or clean_name_shape(r.value))] or [best]
    if any(not same_name(r.value, best.value) for r in names):
        best.scale(0.6)
    elif page.ocr and len(names) >= 2 and all(r.value == best.value for r in names) \
            and min(r.confidence for r in names) >= 0.5:
        # printed twice (a check and its stub), read twice alike: independent readings
        best.confidence = max(best.confidence, READ_ONCE_CONF)
    return best


def _name_above_id(page: Page, lines: Sequence[Line]) -> Reading | None:
    """The employee's row when OCR garbled its label past recognising ('Empleysp',
    'Eniployee'): the row just above a cleanly read 'Employee ID' label, in its label and
    value columns (`row_above`), whose label word still reads at least as much like
    'Employee' as like any other label. A person's name there, read cleanly, is the
    employee's as surely as beside a clean label; anything else is left unread."""
    for a, weight in info_labels(page, "Employee ID", lines):
        w = pick_id_word(value_words(page, a))
        got = row_above(page, a, w) if weight == 1.0 and a.score >= 0.93 and w else None
        if got is None:
            continue
        head, words = got
        if fuzz.ratio(label_letters(head.text), "EMPLOYEE") < GARBLED_LABEL_RATIO \
                or "EMPLOYEE" not in closest_labels(head.text):
            return None
        text = clean_ocr_name(split_glued_words(clean_text(" ".join(x.text for x in words))))
        text = text.rstrip(",")
        if not (looks_like_person(text) and clean_name_shape(text)):
            return None
        conf = read_once_confidence(name_words_conf(words), NAME_WORD_CONF)
        return Reading(text, words, conf * ocr_name_doubt(text, words))
    return None


def _employee_id(page: Page, names: Sequence[str], lines: Sequence[Line]) -> Reading | None:
    """The best identifier-shaped value right of any employee-ID label ('£13521' read as
    'E13521': a currency glyph is no ID character)."""
    best = None
    # an 'Employee' label whose 'ID' OCR lost ('Employee (0 £39870'): an ID value is still
    # the employee ID's, at a lower weight
    tried = [(name, 1.0) for name in names] + [(n, 0.85) for n in INFO_LABELS["employee_name"]]
    for name, weight in tried:
        for a, label_weight in info_labels(page, name, lines):
            w = (pick_id_word(value_words(page, a))
                 or pick_id_word(words_right_of(page, a, max_gap=4.0)))  # past a speck
            if w is None:
                continue
            token, _ = repair_employee_id(clean_text(w.text))
            conf = w.conf * label_factor(a)
            if page.ocr and ID_SHAPE.fullmatch(token):  # a clean ID under a clean label
                conf = read_once_confidence(w.conf, id_clean_level(clean_text(w.text))) \
                    * label_doubt(a)
                if read_twice_alike(w):  # its own crop, read again, gave the same digits
                    conf = READ_ONCE_CONF * label_doubt(a)
            reading = Reading(token, [w], conf * weight * label_weight)
            if best is None or reading.confidence > best.confidence:
                best = reading
    return best


def read_employer(page: Page, lines: Sequence[Line], info: dict[str, Reading]
                  ) -> Reading | None:
    """The company block at the top of the page (`extractors.paystub_parties`); the words
    already read as labelled values are not candidates."""
    employee = info.get("employee_name")
    taken = [w for r in info.values() for w in r.words]
    got = find_employer(page, lines, TITLES, value_words=taken,
                        employee=employee.value if employee else None)
    if got is None:
        return None
    text, words, conf = got
    return Reading(text, words, conf)


# -- totals -----------------------------------------------------------------------------------

def read_total(page: Page, a: Anchor) -> tuple[Reading | None, Reading | None]:
    """(current, year to date) for a total's label: right of it on its line, else under it."""
    h = a.height
    mid = (a.top + a.bottom) / 2
    same = sorted((w for w in page.words if w.x0 > a.x1 and w not in a.words
                   and re.search(r"[A-Za-z0-9]", w.text)  # an OCR speck ends nothing
                   and not (page.ocr and w.conf < 0.3 and len(w.text) <= 2)  # nor does 'i.'
                   and abs((w.top + w.bottom) / 2 - mid) <= 0.6 * max(h, w.height)),
                  key=lambda w: w.x0)
    nums: list[Word] = []
    for w in same:
        if is_amount(w.text, page.ocr):
            nums.append(w)
        else:
            break
    if nums:
        cur = read_money(nums[:1], label_factor(a), page.ocr)
        ytd = read_money(nums[1:2], label_factor(a), page.ocr) if len(nums) > 1 else None
        return cur, ytd
    right_label = [w.x0 for w in same if re.search(r"[A-Za-z]{3}", w.text)]
    x1 = min(right_label) - 0.5 * h if right_label else a.x1 + 12 * h
    below = words_in(page, a.x0 - 6 * h, a.bottom + 0.1 * h, x1, a.bottom + 3.6 * h)
    cur = ytd = None
    for line in lines_of(below):
        text = clean_text(line.text)
        got = read_money(line.words, label_factor(a), page.ocr)
        if got is None:
            continue
        if re.match(r"^(YTD|Year)", text, re.IGNORECASE) or cur is not None:
            ytd = ytd or got
        else:
            cur = got
    return cur, ytd


# -- the pay stub -----------------------------------------------------------------------------

def extract_paystub(pages: list[Page]) -> tuple[Fields, Tables]:
    """Contract pay stub fields and the `earnings` / `deductions` tables (first page that
    has an earnings table, else the first page)."""
    if not pages:
        return {}, {}
    page = pages[0]
    for p in pages:
        if any(h.kind == "earnings" for h in find_headers(p.lines())):
            page = p
            break
    lines = page.lines()
    r: dict[str, Reading] = read_info(page, lines)
    if "employer_name" not in r:
        employer = read_employer(page, lines, r)
        if employer is not None:
            r["employer_name"] = employer
    earnings: list[dict[str, Reading]] = []
    deductions: list[dict[str, Reading]] = []
    for hd in find_headers(lines):
        rows = read_table(page, hd)
        (earnings if hd.kind == "earnings" else deductions).extend(rows)
    for key, names in TOTAL_LABELS.items():
        a = best_label(page, names, lines)
        if a is None:
            continue
        cur, ytd = read_total(page, a)
        if cur is not None and key not in r:
            r[key] = cur
        if ytd is not None:
            target = {"gross_pay": "ytd_gross", "net_pay": "ytd_net"}.get(key)
            if target and target not in r:
                r[target] = ytd
    if earnings and "hours" in earnings[0] and "rate" in earnings[0]:
        r["hours"] = earnings[0]["hours"]
        r["rate"] = earnings[0]["rate"]
    check_arithmetic(r, earnings, deductions, lines, page.ocr)
    check_dates(r)
    if page.ocr:  # on a scan, a table cell no sum confirms may sit in the wrong row
        for row in [*earnings, *deductions]:
            for reading in row.values():
                if not (reading.checks and all(reading.checks)):
                    reading.confidence *= 0.9
    fields = {name: reading.to_field(name, page) for name, reading in r.items()}
    tables: Tables = {}
    if earnings:
        tables["earnings"] = [{c: v.to_field(c, page) for c, v in row.items()} for row in earnings]
    if deductions:
        tables["deductions"] = [{c: v.to_field(c, page) for c, v in row.items()}
                                for row in deductions]
    calibrate(fields, tables)
    return fields, tables
