"""Line items when no header row can be read: rows found by their amounts.

A table whose header is unreadable (a dark band OCR lost, a garbled text layer) still shows
itself: consecutive lines that end in a money amount at one right edge. The other words of
those lines fall into columns, separated by gaps no row prints into. The rightmost value is
the amount; a money column left of it is the unit price; a count column whose product with
the price gives the amount is the quantity; a column of percentages the tax rate; the column
with the most letters the description, and a column of codes left of it the SKU.

No header names these columns, so a cell is never accepted on its position alone: only a
row's own arithmetic (quantity x unit price = amount) vouches for its numbers
(`line_items._to_fields` with `headerless=True`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from statistics import median

from extractors.layout import LabelHit, PageLines
from extractors.normalize import parse_amount
from extractors.page_model import Line, Word

Cells = dict[str, list[Word]]

_MONEY = re.compile(r"^[(\-]?[$€£]?\d{1,3}(?:[,.' ]?\d{3})*[.,]\d{2}\)?-?$")
_DECIMALS_PIECE = re.compile(r"^[.,]\d{2}-?$")  # '.45' of '118 .45', a space read into it
_INTEGER_PIECE = re.compile(r"^[(\-]?[$€£]?\d{1,3}(?:[,.']\d{3})*$")
_COUNT = re.compile(r"^\d{1,5}(?:[.,]\d{1,3})?$")
_PERCENT = re.compile(r"^\d{1,2}(?:[.,]\d{1,2})?\s?%$")
_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_\-/.]{3,}$")
MIN_ROWS = 2


def join_split_decimals(words: list[Word] | tuple[Word, ...]) -> list[Word]:
    """'2,841' '.60' printed as one amount but read as two words: one word again."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and _DECIMALS_PIECE.match(w.text) and \
                _INTEGER_PIECE.match(prev.text) and w.x0 - prev.x1 <= max(w.height, 1.0):
            out[-1] = Word(prev.text + w.text, prev.x0, min(prev.top, w.top), w.x1,
                           max(prev.bottom, w.bottom), min(prev.conf, w.conf))
        else:
            out.append(w)
    return out


def headerless_rows(doc: list[PageLines], hits: list[LabelHit], end_fields: set[str],
                    names_two_columns: Callable[[Line], bool]) -> list[Cells]:
    """The rows of the first page that shows a run of amount lines (none: []).
    `names_two_columns(line)`: the line names a description and an amount column."""
    for p, pl in enumerate(doc):
        ends = {h.line for h in hits if h.page == p and h.field in end_fields}
        run = _amount_run(pl, ends)
        if len(run) >= MIN_ROWS:
            named = run[0] > 0 and names_two_columns(pl.lines[run[0] - 1])
            return _read_run(pl, run, named=named)
    return []


def _amount_line(line: Line) -> list[Word] | None:
    """The line's words when it ends in a money amount after some text (else None)."""
    words = join_split_decimals(line.words)
    if len(words) < 2 or not _MONEY.match(words[-1].text):
        return None
    if not any(sum(c.isalpha() for c in w.text) >= 2 for w in words[:-1]):
        return None
    return words


def _amount_run(pl: PageLines, ends: set[int]) -> list[int]:
    """The longest run of amount lines ending at one right edge, a line between two of them
    at most (a wrapped description), above any totals label."""
    best: list[int] = []
    run: list[int] = []
    gap = 0
    for li, line in enumerate(pl.lines):
        if li in ends:
            best, run = max(best, run, key=len), []
            continue
        words = _amount_line(line)
        if words is None:
            gap += 1
            if gap > 1:
                best, run = max(best, run, key=len), []
            continue
        gap = 0
        if run and not _continues(pl, run, li, words[-1]):
            best, run = max(best, run, key=len), []
        run.append(li)
    return max(best, run, key=len)


def _continues(pl: PageLines, run: list[int], li: int, amount: Word) -> bool:
    edge = median(join_split_decimals(pl.lines[i].words)[-1].x1 for i in run)
    height = max(amount.height, 1.0)
    gaps = [pl.lines[b].bbox[1] - pl.lines[a].bbox[3] for a, b in zip(run, run[1:])]
    limit = max([4 * height] + [2 * g for g in gaps])  # rows spaced as the run's rows are
    return abs(amount.x1 - edge) <= 1.5 * height and \
        pl.lines[li].bbox[1] - pl.lines[run[-1]].bbox[3] <= limit


def _column_spans(rows: list[list[Word]]) -> list[tuple[float, float]]:
    """x spans that some row prints into, split where no row does (a gap wider than a
    space)."""
    words = sorted((w for row in rows for w in row), key=lambda w: w.x0)
    if not words:
        return []
    space = 0.8 * median(max(w.height, 1.0) for w in words)
    spans = [[words[0].x0, words[0].x1]]
    for w in words[1:]:
        if w.x0 <= spans[-1][1] + space:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    return [(a, b) for a, b in spans]


def _share(cells: list[list[Word]], pattern: re.Pattern) -> float:
    filled = [c for c in cells if c]
    if not filled:
        return 0.0
    return sum(bool(pattern.match("".join(w.text for w in c))) for c in filled) / len(filled)


def _read_run(pl: PageLines, run: list[int], *, named: bool = False) -> list[Cells]:
    lines = [_amount_line(pl.lines[li]) or [] for li in run]
    bodies = [ws[:-1] for ws in lines]
    spans = _column_spans(bodies)
    grid = [[[w for w in body if a <= (w.x0 + w.x1) / 2 <= b] for a, b in spans]
            for body in bodies]
    columns = list(zip(*grid)) if grid else []
    roles: dict[int, str] = {}
    letters = [sum(c.isalpha() for cell in col for w in cell for c in w.text) for col in columns]
    if not letters or max(letters) == 0:
        return []
    desc = max(range(len(columns)), key=lambda i: letters[i])
    roles[desc] = "description"
    right = range(desc + 1, len(columns))
    price = next((i for i in reversed(right) if _share(columns[i], _MONEY) >= 0.8), None)
    if price is not None:
        roles[price] = "unit_price"
        qty = _quantity_column(columns, lines, price, desc)
        if qty is not None:
            roles[qty] = "quantity"
    rate = next((i for i in right if i not in roles and _share(columns[i], _PERCENT) >= 0.8),
                None)
    if rate is not None:
        roles[rate] = "tax_rate"
    if desc > 0 and _share(columns[desc - 1], _CODE) >= 0.5 and \
            sum(bool(c) for c in columns[desc - 1]) * 2 >= len(run):
        roles[desc - 1] = "sku"
    rows: list[Cells] = []
    for r, ws in enumerate(lines):
        cells: Cells = {"amount": [ws[-1]]}
        for i, role in roles.items():
            if grid[r][i]:
                cells[role] = grid[r][i]
        if _kept_row(cells):
            rows.append(cells)
    # a text and an amount per line is a summary ('Fees 7.25', 'Refunds 0.00') as often
    # as a table: half the rows show another column, or a header names the two
    if not named and sum(bool(set(r) - {"description", "amount"}) for r in rows) * 2 < len(rows):
        return []
    return rows


def _kept_row(cells: Cells) -> bool:
    """Whether the row has a description (a bare amount is no item), once anything in the
    SKU column that is not one code token is dropped from it."""
    sku = cells.get("sku")
    if sku is not None and (len(sku) != 1 or not _CODE.match(sku[0].text)):
        del cells["sku"]
    return "description" in cells


def _quantity_column(columns, lines, price: int, desc: int) -> int | None:
    """The count column left of the price whose product with it is the amount in most rows
    that print both."""
    for i in range(price - 1, desc, -1):
        if _share(columns[i], _COUNT) < 0.8:
            continue
        agree = total = 0
        for r, ws in enumerate(lines):
            q, p = columns[i][r], columns[price][r]
            if not q or not p:
                continue
            total += 1
            values = [parse_amount("".join(w.text for w in c)) for c in (q, p, [ws[-1]])]
            if None not in values and values[2] != 0:  # 0 x 0.00 = 0.00 proves nothing
                qty, unit, amount = values
                agree += abs(qty * unit - amount) <= Decimal("0.01")
        if total and agree * 2 > total:
            return i
    return None
