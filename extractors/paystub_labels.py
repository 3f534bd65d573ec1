"""Where a pay stub's info labels are printed, and the words beside them.

The info block pairs a label ('Employee', 'Employee ID', 'Pay Period', 'Pay Date') with a
value right of it, or under it. On a scan OCR damages labels ('Empioyee', 'Employer:' for
'Employee' at 0.58), draws a label's box too tall when a speck touches it, and reads specks
as tiny words beside a value: these helpers find the labels for what they most read like,
and the value's words without that debris.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.form_anchors import Anchor, find_labels
from extractors.forms import lines_of, min_conf, words_in, words_right_of
from extractors.page_model import Line, Page, Word

INFO_LABELS: dict[str, tuple[str, ...]] = {
    "employer_name": ("Employer", "Company", "Employer Name"),
    "employee_name": ("Employee", "Employee Name", "Pay to the order of", "Pay to the"),
    "employee_id": ("Employee ID", "Employee No.", "Emp ID", "Employee #", "Employee Number"),
    "pay_period": ("Pay Period", "Period"),
    "pay_period_start": ("Period Start", "Period Beginning", "Period Begin"),
    "pay_period_end": ("Period End", "Period Ending"),
    "pay_date": ("Pay Date", "Check Date", "Payment Date", "Date Paid"),
}
DOUBTED_LABEL_CONF = 0.8  # printed labels read at 0.93-0.96; below this OCR doubted letters
_CONFUSABLE = {"EMPLOYER", "EMPLOYEE", "COMPANY", "PERIOD", "EMPLOYEE NAME", "EMPLOYER NAME",
               "PERIOD START", "PERIOD END", "PERIOD ENDING", "PERIOD BEGIN", "PERIOD BEGINNING"}


def info_labels(page: Page, name: str, lines: Sequence[Line], limit: int = 2
                ) -> list[tuple[Anchor, float]]:
    """Where `name` is printed, each with a weight. A short label that OCR damaged
    ('Employse') counts only when it reads at least as close to this label as to its
    look-alike ('Employer' is not 'Employee'), at a lower weight when as close to both or
    when OCR doubted the letters of an employer label (an 'Employee' label read 'Employer:'
    at 0.58; a company name read under an employee label does not look like a person)."""
    found = find_labels(page, name, lines=lines, limit=limit, min_score=0.84)
    if name.upper() not in _CONFUSABLE:
        return [(a, 1.0) for a in found]
    out = []
    for a in found:
        closest = closest_labels(" ".join(w.text for w in a.words))
        if page.ocr and min_conf(a.words) < DOUBTED_LABEL_CONF and label_letters(name) in closest \
                and label_letters(name).startswith("EMPLOYER"):
            out.append((a, 0.8))
        elif a.score >= 0.93 or closest == {label_letters(name)}:
            out.append((a, 1.0))
        elif label_letters(name) in closest:
            out.append((a, 0.8))
    return out


def label_letters(label: str) -> str:
    return re.sub(r"[^A-Z]", "", label.upper())


def closest_labels(text: str) -> set[str]:
    """The info labels (as capital letters only) that `text` reads most like."""
    scores = {label_letters(n): fuzz.ratio(label_letters(text), label_letters(n))
              for names in INFO_LABELS.values() for n in names}
    top = max(scores.values())
    return {n for n, v in scores.items() if v == top}


def best_label(page: Page, names: Sequence[str], lines: Sequence[Line]) -> Anchor | None:
    best = None
    for name in names:
        for a, weight in info_labels(page, name, lines):
            if weight == 1.0 and (best is None or a.score > best.score):
                best = a
    return best


def same_ocr_line(page: Page, a: Anchor) -> list[Word]:
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


def value_words(page: Page, a: Anchor) -> list[Word]:
    run = words_right_of(page, a)
    mates = same_ocr_line(page, a)
    if mates and (not run or all(w is not run[0] for w in mates)):
        return mates
    if run:
        return run
    h = a.height
    below = words_in(page, a.x0 - 0.5 * h, a.bottom + 0.1 * h, a.x0 + 25 * h, a.bottom + 2.2 * h)
    ls = lines_of(below)
    return list(ls[0].words) if ls else []


def without_specks(words: list[Word]) -> list[Word]:
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


def label_factor(a: Anchor) -> float:
    return 0.6 + 0.37 * a.score


def label_doubt(a: Anchor) -> float:
    """1.0 for a label read cleanly or with one letter slipped ('Empioyee', 0.875: which
    label it is, `_labels` settles); lower, as `_factor`, for one OCR damaged more."""
    return 1.0 if a.score >= 0.85 else label_factor(a) / 0.97


def type_height(page: Page, a: Anchor) -> float:
    """The height of the type a scanned label is printed in: its box, or the middle height
    of the words OCR put on its line when that is less (a speck merged into the label's box
    drew 'Employee' 38 px tall beside a name 15 px tall)."""
    last = a.words[-1]
    mates = sorted(w.height for w in page.words if (w.block, w.line) == (last.block, last.line))
    return min(a.height, mates[len(mates) // 2]) if page.ocr and last.block and mates \
        else a.height
