"""Pay stub values read by their place alone, when OCR garbled the labels beside them.

The info block's values stand in one column, in the order employee, employee ID, pay
period, pay date: a value found there by position is the field its row holds. Such a
reading is always reviewed (capped at PLACED_CAP): nothing on the page says which field it
is but where it sits.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.form_anchors import Anchor
from extractors.forms import clean_ocr_name, clean_text, min_conf, segments
from extractors.normalize import parse_date
from extractors.page_model import Line, Page, Word
from extractors.paystub_parties import pick_id_word, repair_employee_id
from extractors.paystub_reading import PLACED_CAP, Reading

DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{4}")


def id_beside_name(page: Page, out: dict[str, Reading]) -> None:
    """An ID label OCR garbled ('Er cals) E20705'): the info block's values stand in one
    column, so an ID-shaped value on the line next to the employee's name, in the name's
    column, is the employee ID. Read by position, always for review."""
    first = out["employee_name"].words[0]
    h = max(first.height, 1.0)
    near = [w for w in page.words if abs(w.x0 - first.x0) <= 1.5 * h
            and 0.5 * h < abs(w.top - first.top) <= 2.5 * h]
    w = pick_id_word(sorted(near, key=lambda w: abs(w.top - first.top)))
    if w is not None and len(re.sub(r"\D", "", w.text)) >= 4:
        token, _ = repair_employee_id(clean_text(w.text))
        out["employee_id"] = Reading(token, [w], w.conf * 0.5, cap=PLACED_CAP)


def row_above(page: Page, label: Anchor, value: Word) -> tuple[Word, list[Word]] | None:
    """The info block row just above a label and its value: (the row's label word, the run
    of words that starts in the value's column). The block prints its labels in one column
    and its values in another, one row apart ('Employee' above 'Employee ID'), so the row
    above is found by those two columns, whatever OCR made of its label."""
    h = max(min(label.height, value.height), 1.0)
    above = [w for w in page.words if 0.6 * h <= label.top - w.top <= 2.6 * h]
    first = [w for w in above if abs(w.x0 - label.x0) <= 1.0 * h]
    if not first:
        return None
    head = min(first, key=lambda w: label.top - w.top)  # the nearest row up
    mid = (head.top + head.bottom) / 2
    row = sorted((w for w in above if abs((w.top + w.bottom) / 2 - mid) <= 0.5 * h
                  and w.x0 >= value.x0 - 1.5 * h and re.search(r"[A-Za-z]", w.text)),
                 key=lambda w: w.x0)
    if not row or abs(row[0].x0 - value.x0) > 1.5 * h:
        return None
    run = row[:1]
    for w in row[1:]:
        if w.x0 - run[-1].x1 > 2.5 * h:
            break
        run.append(w)
    return head, run


def info_column(out: dict[str, Reading], lines: Sequence[Line], period: Word) -> None:
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
                 for m in DATE.finditer(" ".join(w.text for w in below[0]))]
        if len(dates) == 1 and dates[0] is not None:
            out["pay_date"] = Reading(dates[0].isoformat(), below[0], min_conf(below[0]) * 0.5,
                                     cap=PLACED_CAP)
    rest = list(above)
    if rest and re.search(r"\d{4}", rest[0][0].text) and "employee_id" not in out:
        token = re.sub(r"^[£€&]", "E", clean_text(rest[0][0].text)).strip(".,;:'")
        if re.fullmatch(r"[A-Z]{0,3}-?\d{4,}", token):
            out["employee_id"] = Reading(token, rest[0][:1], min_conf(rest[0]) * 0.5,
                                         cap=PLACED_CAP)
        rest = rest[1:]
    if rest and "employee_name" not in out:
        text = clean_ocr_name(clean_text(" ".join(w.text for w in rest[0]))).strip(".,;:")
        if re.fullmatch(r"[A-Za-z][A-Za-z'. -]+ [A-Za-z][A-Za-z'.-]+", text):
            out["employee_name"] = Reading(text, rest[0], min_conf(rest[0]) * 0.5,
                                           cap=PLACED_CAP)
