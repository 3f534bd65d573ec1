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
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

from extractors.forms import (
    Anchor, calibrate, clean_ocr_name, clean_text, find_labels, lines_of, make_field, min_conf,
    segments, words_in, words_right_of,
)
from extractors.normalize import money_str, parse_amount, parse_date
from extractors.page_model import Line, Page, Word
from extractors.paystub_parties import (
    looks_like_person, ocr_name_doubt, pick_id_word, repair_employee_id, same_name,
)
from extractors.paystub_parties import read_employer as find_employer
from schemas.document import FieldValue

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]

INFO_LABELS: dict[str, tuple[str, ...]] = {
    "employer_name": ("Employer", "Company", "Employer Name"),
    "employee_name": ("Employee", "Employee Name", "Pay to the order of", "Pay to the"),
    "employee_id": ("Employee ID", "Employee No.", "Emp ID", "Employee #", "Employee Number"),
    "pay_period": ("Pay Period", "Period"),
    "pay_period_start": ("Period Start", "Period Beginning", "Period Begin"),
    "pay_period_end": ("Period End", "Period Ending"),
    "pay_date": ("Pay Date", "Check Date", "Payment Date", "Date Paid"),
}
TOTAL_LABELS: dict[str, tuple[str, ...]] = {
    "gross_pay": ("Gross Pay", "Gross Earnings", "Total Gross", "Total Earnings"),
    "total_deductions": ("Total Deductions", "Deductions Total"),
    "net_pay": ("Net Pay", "Net Amount", "Take Home Pay"),
    "ytd_gross": ("YTD Gross", "Gross YTD"),
    "ytd_net": ("YTD Net", "Net YTD"),
}
TITLES = re.compile(r"STATEMENT|PAY ?STUB|PAYSLIP|PAY SLIP|EARNINGS|NON-NEGOTIABLE|ADVICE",
                    re.IGNORECASE)
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "type": ("Description", "Type", "Earnings", "Deduction"),
    "rate": ("Rate",),
    "hours": ("Hours", "Hrs"),
    "amount": ("This Period", "Current", "Amount"),
    "ytd": ("Year to Date", "YTD"),
}
_CONFUSABLE = {"EMPLOYER", "EMPLOYEE", "COMPANY", "PERIOD", "EMPLOYEE NAME", "EMPLOYER NAME",
               "PERIOD START", "PERIOD END", "PERIOD ENDING", "PERIOD BEGIN", "PERIOD BEGINNING"}
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{4}")
_AMOUNT_TEXT = re.compile(r"^\(?-?\$?\*{0,6}[\d,]*\d\.\d{2}\)?-?$")
CENT = Decimal("0.01")


@dataclass
class _Reading:
    """A value before it becomes a FieldValue: consistency checks still adjust it."""

    value: str
    words: list[Word]
    confidence: float
    amount: Decimal | None = None
    checks: list[bool] = field(default_factory=list)

    def to_field(self, name: str, page: Page) -> FieldValue:
        conf = self.confidence
        if self.checks and all(self.checks):
            conf = max(conf, min(0.99, conf + 0.1))
        elif self.checks:
            conf *= 0.7
        return make_field(name, self.value, conf, page=page, words=self.words)


def is_amount(text: str) -> bool:
    return bool(_AMOUNT_TEXT.match(text.replace(" ", "")))


def _money(words: Sequence[Word], factor: float) -> _Reading | None:
    text = clean_text(" ".join(w.text for w in words))
    text = re.sub(r"^(Current|YT[DO0]|Year to Date)\s*:?\s*", "", text, flags=re.IGNORECASE)
    shape = 1.0 if is_amount(text) else 0.6
    # OCR turned the grouping or the decimal point into '.', ',' or a gap: '54.581.22',
    # '39 789 72', '148087 26' -- the last two digits are the cents
    odd = re.fullmatch(r"\$?(\d{1,3}(?:[., ]\d{3})*|\d+)[., ]+(\d{2})", text)
    if shape < 1.0 and odd:
        amount: Decimal | None = Decimal(re.sub(r"\D", "", odd[1]) + "." + odd[2])
        shape = 0.7
    else:
        amount = parse_amount(text, decimal_comma=False)
    if amount is None:
        return None
    amount = amount.quantize(CENT)
    return _Reading(money_str(amount), list(words), min_conf(words) * factor * shape, amount)


# -- labelled values --------------------------------------------------------------------------

def _label(page: Page, names: Sequence[str], lines: Sequence[Line]) -> Anchor | None:
    best = None
    for name in names:
        # short labels must match closely: 'Employer' is not 'Employee'
        floor = 0.93 if name.upper() in _CONFUSABLE else 0.84
        for a in find_labels(page, name, lines=lines, limit=2, min_score=floor):
            if best is None or a.score > best.score:
                best = a
    return best


def _same_ocr_line(page: Page, a: Anchor) -> list[Word]:
    """On a scan, the run right of a label among the words OCR put on the label's own line:
    a label box OCR drew too tall reaches the next line's words otherwise."""
    last = a.words[-1]
    if not page.ocr or not last.block:
        return []
    h = max(a.height, 1.0)
    mates = sorted((w for w in page.words if (w.block, w.line) == (last.block, last.line)
                    and w.x0 >= a.x1 - 0.2 * h and w not in a.words
                    and re.search(r"[A-Za-z0-9]", w.text)), key=lambda w: w.x0)
    run: list[Word] = []
    for w in mates:
        if not run and w.x0 - a.x1 > 16 * h:
            break
        if run and w.x0 - run[-1].x1 > 2.5 * max(min(w.height, run[-1].height), 1.0):
            break
        run.append(w)
    return run


def _value_words(page: Page, a: Anchor) -> list[Word]:
    run = words_right_of(page, a)
    mates = _same_ocr_line(page, a)
    if mates and (not run or all(w is not run[0] for w in mates)):
        return mates
    if run:
        return run
    h = a.height
    below = words_in(page, a.x0 - 0.5 * h, a.bottom + 0.1 * h, a.x0 + 25 * h, a.bottom + 2.2 * h)
    ls = lines_of(below)
    return list(ls[0].words) if ls else []


def _without_specks(words: list[Word]) -> list[Word]:
    """A scan's value run without the specks OCR read as tiny words at its ends ('ay:')."""
    if len(words) < 2:
        return words
    h = sorted(w.height for w in words)[len(words) // 2]
    keep = [w.height >= 0.5 * h for w in words]
    while words and not keep[0]:
        words, keep = words[1:], keep[1:]
    while words and not keep[-1]:
        words, keep = words[:-1], keep[:-1]
    return words


def _factor(a: Anchor) -> float:
    return 0.6 + 0.37 * a.score


def read_info(page: Page, lines: Sequence[Line]) -> dict[str, _Reading]:
    out: dict[str, _Reading] = {}
    for key, names in INFO_LABELS.items():
        a = _label(page, names, lines)
        if a is None:
            continue
        words = _without_specks(_value_words(page, a)) if page.ocr else _value_words(page, a)
        if not words:
            continue
        text = clean_text(" ".join(w.text for w in words))
        conf = min_conf(words) * _factor(a)
        if key in ("pay_period", "pay_period_start", "pay_period_end", "pay_date"):
            found = [parse_date(m.group(0), day_first=False) for m in _DATE.finditer(text)]
            found = [d for d in found if d is not None]
            if key == "pay_period" and len(found) >= 2:
                out.setdefault("pay_period_start", _Reading(found[0].isoformat(), words, conf))
                out.setdefault("pay_period_end", _Reading(found[1].isoformat(), words, conf))
            elif key != "pay_period" and found:
                out[key] = _Reading(found[0].isoformat(), words, conf)
        elif key == "employee_id":
            got = _employee_id(page, names, lines)
            if got is not None:
                out[key] = got
        elif key == "employee_name":
            got = _employee_name(page, names, lines)
            if got is not None:
                out[key] = got
        else:
            if page.ocr:
                text = clean_ocr_name(text)
                conf *= ocr_name_doubt(text)
            out[key] = _Reading(text, words, conf)
    if "pay_period_start" not in out:  # label unreadable: the one line holding two dates
        for line in lines:
            found = [parse_date(m.group(0), day_first=False) for m in _DATE.finditer(line.text)]
            found = [d for d in found if d is not None]
            if len(found) == 2 and 0 < (found[1] - found[0]).days <= 31:
                conf = min_conf(line.words) * 0.6
                out["pay_period_start"] = _Reading(found[0].isoformat(), list(line.words), conf)
                out["pay_period_end"] = _Reading(found[1].isoformat(), list(line.words), conf)
                first = next(w for w in line.words if _DATE.search(w.text))
                _info_column(out, lines, first)
                break
    return out


def _name_reading(page: Page, a: Anchor) -> _Reading | None:
    words = _value_words(page, a)
    words = _without_specks(words) if page.ocr else words
    text = clean_text(" ".join(w.text for w in words))
    text = clean_ocr_name(text) if page.ocr else text
    if not re.search(r"[A-Za-z]{2}", text):
        return None  # an ID: the label matched was the employee ID's
    conf = min_conf(words) * _factor(a)
    if not looks_like_person(text):  # 'ID', a label OCR ran into
        conf *= 0.6
    if page.ocr:
        conf *= ocr_name_doubt(text)
    return _Reading(text, words, conf)


def _employee_name(page: Page, names: Sequence[str], lines: Sequence[Line]) -> _Reading | None:
    """The most confident reading beside any employee label; printed twice (on a check and
    its stub), the readings must agree or the name goes to review."""
    readings: dict[tuple[int, ...], _Reading] = {}
    for name in names:
        floor = 0.93 if name.upper() in _CONFUSABLE else 0.84
        for a in find_labels(page, name, lines=lines, limit=2, min_score=floor):
            got = _name_reading(page, a)
            if got is not None:
                readings.setdefault(tuple(id(w) for w in got.words), got)
    if not readings:
        return None
    best = max(readings.values(), key=lambda r: r.confidence)
    if any(not same_name(r.value, best.value) for r in readings.values()):
        best.confidence *= 0.6
    return best


def _employee_id(page: Page, names: Sequence[str], lines: Sequence[Line]) -> _Reading | None:
    """The best identifier-shaped value right of any employee-ID label ('£13521' read as
    'E13521': a currency glyph is no ID character)."""
    best = None
    for name in names:
        for a in find_labels(page, name, lines=lines, limit=2, min_score=0.84):
            w = pick_id_word(_value_words(page, a))
            if w is None:
                continue
            token, _ = repair_employee_id(clean_text(w.text))
            reading = _Reading(token, [w], w.conf * _factor(a))
            if best is None or reading.confidence > best.confidence:
                best = reading
    return best


def _info_column(out: dict[str, _Reading], lines: Sequence[Line], period: Word) -> None:
    """Labels OCR lost entirely: the info block's values stand in one column, in the order
    employee, employee ID, pay period, pay date. Read by position, always for review."""
    h = max(period.height, 1.0)
    column = sorted((seg for line in lines for seg in segments(line.words, gap=2.0)
                     if abs(seg[0].x0 - period.x0) <= 2 * h), key=lambda seg: seg[0].top)
    at = next((i for i, seg in enumerate(column) if period in seg), None)
    if at is None:
        return
    near = [seg for seg in column if abs(seg[0].top - period.top) <= 4.5 * h * 2]
    below = [seg for seg in near if seg[0].top > period.bottom]
    above = [seg for seg in near if seg[0].bottom < period.top][::-1]
    if "pay_date" not in out and below:
        dates = [parse_date(m.group(0), day_first=False)
                 for m in _DATE.finditer(" ".join(w.text for w in below[0]))]
        if len(dates) == 1 and dates[0] is not None:
            out["pay_date"] = _Reading(dates[0].isoformat(), below[0], min_conf(below[0]) * 0.5)
    rest = list(above)
    if rest and re.search(r"\d{4}", rest[0][0].text) and "employee_id" not in out:
        token = re.sub(r"^[£€&]", "E", clean_text(rest[0][0].text)).strip(".,;:'")
        if re.fullmatch(r"[A-Z]{0,3}-?\d{4,}", token):
            out["employee_id"] = _Reading(token, rest[0][:1], min_conf(rest[0]) * 0.5)
        rest = rest[1:]
    if rest and "employee_name" not in out:
        text = clean_ocr_name(clean_text(" ".join(w.text for w in rest[0]))).strip(".,;:")
        if re.fullmatch(r"[A-Za-z][A-Za-z'. -]+ [A-Za-z][A-Za-z'.-]+", text):
            out["employee_name"] = _Reading(text, rest[0], min_conf(rest[0]) * 0.5)


def read_employer(page: Page, lines: Sequence[Line], info: dict[str, _Reading]
                  ) -> _Reading | None:
    """The company block at the top of the page (`extractors.paystub_parties`); the words
    already read as labelled values are not candidates."""
    employee = info.get("employee_name")
    got = find_employer(page, lines, TITLES,
                        value_words=[w for r in info.values() for w in r.words],
                        employee=employee.value if employee else None)
    if got is None:
        return None
    text, words, conf = got
    return _Reading(text, words, conf)


# -- tables -----------------------------------------------------------------------------------

@dataclass
class _Header:
    kind: str  # earnings | deductions
    columns: dict[str, Word]  # column -> header word whose right edge aligns the values
    x0: float
    x1: float
    bottom: float
    height: float


def _column_of(words: Sequence[Word], i: int) -> tuple[str, int] | None:
    """The column title starting at words[i] and how many words it spans (OCR-tolerant:
    'Rata.' is Rate, 'YTD.' is YTD)."""
    for col, names in COLUMN_WORDS.items():
        for name in names:
            parts = name.upper().split()
            chunk = [re.sub(r"[^A-Z]", "", w.text.upper()) for w in words[i:i + len(parts)]]
            if chunk == parts:
                return col, len(parts)
            if len(chunk) == len(parts) and len("".join(parts)) >= 5 and \
                    fuzz.ratio("".join(chunk), "".join(parts)) >= 80:
                return col, len(parts)
    return None


def _section_title(lines: Sequence[Line], first: Word) -> str | None:
    """'earnings' or 'deductions' when a section title sits just above a header word."""
    h = max(first.height, 1.0)
    found: list[tuple[float, str]] = []
    for line in lines:
        if 0 < first.top - line.bbox[3] <= 3.5 * h:
            for w in line.words:
                t = w.text.upper()
                kind = ("deductions" if "DEDUCTION" in t or "TAXES" in t
                        else "earnings" if "EARNING" in t else None)
                if kind and abs(w.x0 - first.x0) <= 80 * h:
                    found.append((abs(w.x0 - first.x0), kind))
    return min(found)[1] if found else None


def find_headers(lines: Sequence[Line]) -> list[_Header]:
    headers = []
    seen: set[tuple[int, ...]] = set()
    all_words = [w for line in lines for w in line.words]
    for line in lines:
        if not any(_column_of(line.words, i) for i in range(len(line.words))):
            continue
        # column titles OCR put on a slightly different line still belong to this header
        mid = sum((w.top + w.bottom) / 2 for w in line.words) / len(line.words)
        h = sorted(w.height for w in line.words)[len(line.words) // 2]
        ws = sorted((w for w in all_words if abs((w.top + w.bottom) / 2 - mid) <= 0.8 * h),
                    key=lambda w: w.x0)
        key = tuple(id(w) for w in ws)
        if key in seen or any(is_amount(w.text) for w in ws):
            continue  # a header row holds titles, never amounts ('Current 2,345.00' is a row)
        seen.add(key)
        found: list[tuple[str, Word, Word]] = []
        i = 0
        while i < len(ws):
            got = _column_of(ws, i)
            if got is None:
                i += 1
                continue
            col, n = got
            found.append((col, ws[i], ws[i + n - 1]))
            i += n
        groups: list[list[tuple[str, Word, Word]]] = []
        for item in found:  # a repeated column or a new 'Description' starts another table
            if not groups or item[0] == "type" or item[0] in {c for c, _, _ in groups[-1]}:
                groups.append([item])
            else:
                groups[-1].append(item)
        for g in groups:
            cols = {c: last for c, _, last in g}
            title = _section_title(lines, g[0][1])
            if "amount" not in cols or not ({"ytd", "hours", "rate"} & set(cols) or title):
                continue
            kind = "earnings" if {"hours", "rate"} & set(cols) else "deductions"
            if title and not {"hours", "rate"} & set(cols):
                kind = title
            h = g[0][1].height
            x0 = g[0][1].x0 - 1.0 * h if g[0][0] == "type" else None
            bottoms = sorted(w.bottom for _, w, _ in g)
            hd = _Header(kind, cols, x0 if x0 is not None else -1.0,
                         max(last.x1 for _, _, last in g) + 1.0 * h,
                         bottoms[len(bottoms) // 2], h)
            if not any(o.kind == hd.kind and abs(o.bottom - hd.bottom) < 2 * h
                       and abs(o.x1 - hd.x1) < 3 * h for o in headers):
                headers.append(hd)
    for hd in headers:  # a table runs right until the next table or section on its row
        if "ytd" not in hd.columns:
            nxt = [o.x0 for o in headers if o is not hd and o.x0 > hd.x1 - hd.height
                   and abs(o.bottom - hd.bottom) < 2 * hd.height]
            nxt += [w.x0 for line in lines for w in line.words
                    if w.x0 > hd.x1 and 0 < hd.bottom - line.bbox[3] <= 5 * hd.height
                    and re.search(r"DEDUCTION|TAXES|EARNING", w.text.upper())]
            hd.x1 = (min(nxt) - 0.5 * hd.height) if nxt else max(hd.x1, 1e9)
    for hd in headers:  # a table without a type column starts where its section does
        if hd.x0 < 0:
            left = [o.x1 for o in headers if o is not hd and o.x1 < min(
                w.x0 for w in hd.columns.values()) and abs(o.bottom - hd.bottom) < 2 * hd.height]
            hd.x0 = max(left) + 0.5 * hd.height if left else 0.0
    return headers


def read_table(page: Page, hd: _Header) -> list[dict[str, _Reading]]:
    """Rows under a header until the numbers stop; total rows (read as totals) skipped."""
    region = words_in(page, hd.x0, hd.bottom + 0.2 * hd.height, hd.x1, page.height)
    rows: list[dict[str, _Reading]] = []
    last_bottom = hd.bottom
    first_col_x = min((w.x0 for c, w in hd.columns.items() if c != "type"), default=hd.x1)
    for line in lines_of(region):
        top = line.bbox[1]
        if top - last_bottom > 3.0 * max(line.bbox[3] - top, hd.height):
            break
        numeric = [w for w in line.words if is_amount(w.text)]
        label_words = [w for w in line.words if w not in numeric and w.x1 < first_col_x]
        if not numeric:
            break
        last_bottom = line.bbox[3]
        label = clean_text(" ".join(w.text for w in label_words))
        if re.match(r"^(Gross|Total|Net|YTD)\b", label, re.IGNORECASE):
            break  # a total row closes the table
        row: dict[str, _Reading] = {}
        if page.ocr:
            label = label.rstrip(".,;:'")
        if label:
            row["type"] = _Reading(label, label_words, min_conf(label_words) * 0.97)
        for w in numeric:
            col = min(hd.columns, key=lambda c: abs(hd.columns[c].x1 - w.x1))
            if abs(hd.columns[col].x1 - w.x1) > 3.0 * hd.height or col == "type":
                amount_col, rate_col = hd.columns.get("amount"), hd.columns.get("rate")
                if amount_col is None:
                    continue
                if "ytd" not in hd.columns and w.x1 > amount_col.x1:
                    col = "ytd"  # an unreadable YTD title: the numbers right of 'Current'
                elif ("hours" not in hd.columns and rate_col is not None
                      and rate_col.x1 < w.x1 < amount_col.x1):
                    col = "hours"  # an unreadable Hours title between Rate and Current
                else:
                    continue
                if col in row:
                    continue
                got = _money([w], 0.8)
                if got is not None:
                    row[col] = got
                continue
            got = _money([w], 0.97)
            if got is not None and col not in row:
                row[col] = got
        if row:
            rows.append(row)
    return rows


# -- totals -----------------------------------------------------------------------------------

def read_total(page: Page, a: Anchor) -> tuple[_Reading | None, _Reading | None]:
    """(current, year to date) for a total's label: right of it on its line, else under it."""
    h = a.height
    mid = (a.top + a.bottom) / 2
    same = sorted((w for w in page.words if w.x0 > a.x1 and w not in a.words
                   and abs((w.top + w.bottom) / 2 - mid) <= 0.6 * max(h, w.height)),
                  key=lambda w: w.x0)
    nums: list[Word] = []
    for w in same:
        if is_amount(w.text):
            nums.append(w)
        else:
            break
    if nums:
        cur = _money(nums[:1], _factor(a))
        ytd = _money(nums[1:2], _factor(a)) if len(nums) > 1 else None
        return cur, ytd
    right_label = [w.x0 for w in same if re.search(r"[A-Za-z]{3}", w.text)]
    x1 = min(right_label) - 0.5 * h if right_label else a.x1 + 12 * h
    below = words_in(page, a.x0 - 6 * h, a.bottom + 0.1 * h, x1, a.bottom + 3.6 * h)
    cur = ytd = None
    for line in lines_of(below):
        text = clean_text(line.text)
        got = _money(line.words, _factor(a))
        if got is None:
            continue
        if re.match(r"^(YTD|Year)", text, re.IGNORECASE) or cur is not None:
            ytd = ytd or got
        else:
            cur = got
    return cur, ytd


# -- the pay stub -----------------------------------------------------------------------------

def _check(readings: Sequence[_Reading | None], holds: bool) -> None:
    for r in readings:
        if r is not None:
            r.checks.append(holds)


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
    r: dict[str, _Reading] = read_info(page, lines)
    if "employer_name" not in r:
        employer = read_employer(page, lines, r)
        if employer is not None:
            r["employer_name"] = employer
    earnings: list[dict[str, _Reading]] = []
    deductions: list[dict[str, _Reading]] = []
    for hd in find_headers(lines):
        rows = read_table(page, hd)
        (earnings if hd.kind == "earnings" else deductions).extend(rows)
    for key, names in TOTAL_LABELS.items():
        a = _label(page, names, lines)
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
    _consistency(r, earnings, deductions)
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


def _amount(r: _Reading | None) -> Decimal | None:
    return None if r is None else r.amount


def _consistency(r: dict[str, _Reading], earnings: list[dict[str, _Reading]],
                 deductions: list[dict[str, _Reading]]) -> None:
    gross, ded, net = (_amount(r.get(k)) for k in ("gross_pay", "total_deductions", "net_pay"))
    if gross is not None and ded is not None and net is not None:
        _check([r["gross_pay"], r["total_deductions"], r["net_pay"]], gross - ded == net)
    hours, rate = _amount(r.get("hours")), _amount(r.get("rate"))
    if hours is not None and rate is not None and earnings and "amount" in earnings[0]:
        first = earnings[0]["amount"]
        _check([r["hours"], r["rate"], first], (hours * rate).quantize(CENT) == first.amount)
    amounts = [row["amount"] for row in earnings if "amount" in row]
    if gross is not None and amounts and len(amounts) == len(earnings):
        _check([r["gross_pay"], *amounts], sum(a.amount for a in amounts) == gross)
    amounts = [row["amount"] for row in deductions if "amount" in row]
    if ded is not None and amounts and len(amounts) == len(deductions):
        _check([r["total_deductions"], *amounts], sum(a.amount for a in amounts) == ded)
    ytds = [row["ytd"] for row in earnings if "ytd" in row]
    ytd_gross = _amount(r.get("ytd_gross"))
    if ytd_gross is not None and ytds and len(ytds) == len(earnings):
        _check([r["ytd_gross"], *ytds], sum(a.amount for a in ytds) == ytd_gross)
    dytds = [row["ytd"] for row in deductions if "ytd" in row]
    ytd_net = _amount(r.get("ytd_net"))
    if ytd_net is not None and ytd_gross is not None and dytds and len(dytds) == len(deductions):
        _check([r["ytd_net"], *dytds], ytd_gross - sum(a.amount for a in dytds) == ytd_net)

