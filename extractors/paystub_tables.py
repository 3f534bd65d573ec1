"""Pay stub earnings and deductions tables: a header row whose column titles (Rate, Hours,
Current / This Period, YTD / Year to Date) place each number of the rows under it."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.forms import clean_text, lines_of, min_conf, words_in
from extractors.page_model import Line, Page, Word
from extractors.paystub_reading import Reading, is_amount, read_money

COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "type": ("Description", "Type", "Earnings", "Deduction"),
    "rate": ("Rate",),
    "hours": ("Hours", "Hrs"),
    "amount": ("This Period", "Current", "Amount"),
    "ytd": ("Year to Date", "YTD"),
}


@dataclass
class TableHeader:
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


def find_headers(lines: Sequence[Line]) -> list[TableHeader]:
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
            hd = TableHeader(kind, cols, x0 if x0 is not None else -1.0,
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


def read_table(page: Page, hd: TableHeader) -> list[dict[str, Reading]]:
    """Rows under a header until the numbers stop; total rows (read as totals) skipped."""
    region = words_in(page, hd.x0, hd.bottom + 0.2 * hd.height, hd.x1, page.height)
    rows: list[dict[str, Reading]] = []
    last_bottom = hd.bottom
    first_col_x = min((w.x0 for c, w in hd.columns.items() if c != "type"), default=hd.x1)
    for line in lines_of(region):
        if not any(re.search(r"[A-Za-z0-9]", w.text) for w in line.words):
            continue  # an OCR speck between rows ends nothing
        top = line.bbox[1]
        if top - last_bottom > 3.0 * max(line.bbox[3] - top, hd.height):
            break
        numeric = [w for w in line.words if is_amount(w.text, page.ocr)]
        label_words = [w for w in line.words if w not in numeric and w.x1 < first_col_x]
        if not numeric:
            break
        last_bottom = line.bbox[3]
        label = clean_text(" ".join(w.text for w in label_words))
        if re.match(r"^(Gross|Total|Net|YTD)\b", label, re.IGNORECASE):
            break  # a total row closes the table
        row: dict[str, Reading] = {}
        if page.ocr:
            label = label.rstrip(".,;:'")
        if label:
            row["type"] = Reading(label, label_words, min_conf(label_words) * 0.97)
        for w in numeric:
            col = min(hd.columns, key=lambda c: abs(hd.columns[c].x1 - w.x1))
            if abs(hd.columns[col].x1 - w.x1) > 3.0 * hd.height or col == "type":
                amount_col, rate_col = hd.columns.get("amount"), hd.columns.get("rate")
                hours_col = hd.columns.get("hours")
                if amount_col is None:
                    continue
                if "ytd" not in hd.columns and w.x1 > amount_col.x1:
                    col = "ytd"  # an unreadable YTD title: the numbers right of 'Current'
                elif ("hours" not in hd.columns and rate_col is not None
                      and rate_col.x1 < w.x1 < amount_col.x1):
                    col = "hours"  # an unreadable Hours title between Rate and Current
                elif ("rate" not in hd.columns and hours_col is not None
                      and w.x1 < hours_col.x0 and hd.kind == "earnings"):
                    col = "rate"  # an unreadable Rate title left of Hours
                else:
                    continue
                if col in row:
                    continue
                got = read_money([w], 0.8, page.ocr)
                if got is not None:
                    row[col] = got
                continue
            got = read_money([w], 0.97, page.ocr)
            if got is not None and col not in row:
                row[col] = got
        if row:
            rows.append(row)
    return rows
