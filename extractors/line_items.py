"""Line-item tables by word-column clustering (works for text layers and OCR alike).

The header row is the line naming at least two value columns (`line_item_headers`:
Description, Qty, Unit Price, Amount, ... in five languages). Each header phrase anchors a
column; words below are assigned to the column they overlap (numbers right-aligned, text
left-aligned). A row ends where the amount column has a value; short lines without amounts
continue the previous description, while an indented bundle part (a count, no price) or an
indented 'Label: value' note does not (`line_item_lines` tells such lines apart). The table
ends at the totals (a money label) or a wide vertical gap.

An invoice whose header no one can read falls back to `line_item_columns`: rows found by
their right-aligned amounts, every cell in review unless the row's arithmetic holds.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from extractors.confidence import Signals, combine, needs_review
from extractors.line_item_columns import headerless_rows
from extractors.layout import LabelHit, PageLines
from extractors.line_item_headers import header_columns, names_two_columns
from extractors.line_item_lines import (attribute_note, component_line, is_number,
                                        row_with_numbers_lost, row_with_unreadable_amount,
                                        section_heading, stray_ink,
                                        unnamed_quantity, without_far_specks)
from extractors.normalize import parse_amount
from extractors.page_model import Word
from schemas.document import FieldValue

__all__ = ["END_FIELDS", "extract_line_items", "header_columns", "receipt_rows"]

END_FIELDS = {"subtotal", "total", "tax_total", "amount_due"}
SKIP_FIELDS = {"subtotal", "tax_total"}  # group subtotals inside a table: skip, go on


def extract_line_items(doc: list[PageLines], hits: list[LabelHit], *, receipt: bool = False
                       ) -> list[dict[str, FieldValue]]:
    rows = _table_rows(doc, hits)
    if not rows and receipt:
        rows = receipt_rows(doc, hits)
    elif not rows:  # no header read: rows by their amounts, all in review but arithmetic
        rows = [_to_fields(cells, headerless=True)
                for cells in headerless_rows(doc, hits, END_FIELDS, names_two_columns)]
    return rows


_RECEIPT_AMOUNT = re.compile(r"^[-(]?[$€£]?-?\d{1,3}(?:[,.]\d{3})*[.,]\d{2}\)?-?$")
_MULTIPLE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*[@xX×]\s*[$€£]?(\d+[.,]\d{2})$")


def receipt_rows(doc: list[PageLines], hits: list[LabelHit]) -> list[dict[str, FieldValue]]:
    """Till receipts print no column header: an item is a line of text ending in an
    amount, above the first subtotal/total line; a following 'N @ price' line gives its
    quantity and unit price. An OCR'd till amount keeps its own confidence; an OCR'd item
    text is always looked at ('NOTEBOOK AS' for 'A5': letters no arithmetic checks)."""
    pl = doc[0]
    end = min((h.line for h in hits if h.page == 0 and h.field in END_FIELDS),
              default=len(pl.lines))
    labelled = {h.line for h in hits if h.page == 0 and h.field is not None}
    rows: list[dict[str, list[Word]]] = []
    for li in range(end):
        line = pl.lines[li]
        words = list(line.words)
        text = " ".join(w.text for w in words)
        m = _MULTIPLE.match(text)
        if m and rows:
            first, at = words[0], words[-1]
            rows[-1]["quantity"] = [first]
            rows[-1]["unit_price"] = [at]
            continue
        if li in labelled or len(words) < 2 or not _RECEIPT_AMOUNT.match(words[-1].text):
            continue
        desc = words[:-1]
        if sum(c.isalpha() for c in " ".join(w.text for w in desc)) < 2:
            continue
        rows.append({"description": desc, "amount": [words[-1]]})
    return [_to_fields(r, ocr_cap=False) for r in rows]


def _table_rows(doc: list[PageLines], hits: list[LabelHit]) -> list[dict[str, FieldValue]]:
    rows: list[dict[str, FieldValue]] = []
    for p, pl in enumerate(doc):
        ends = {h.line for h in hits if h.page == p and h.field in END_FIELDS}
        skips = {h.line for h in hits if h.page == p and h.field in SKIP_FIELDS}
        for li, line in enumerate(pl.lines):
            columns = header_columns(line)
            if columns is None:
                continue
            rows += _read_rows(pl, li, columns, ends - skips, skips)
            break
    return rows


def _assign(word: Word, columns: list[tuple[str, float, float]]) -> str:
    centre = (word.x0 + word.x1) / 2
    numeric = is_number(word)
    best, best_d = columns[0][0], float("inf")
    for i, (col, x0, x1) in enumerate(columns):
        nxt = columns[i + 1][1] if i + 1 < len(columns) else float("inf")
        if col == "description" and not numeric and x0 - 5 <= word.x0 < nxt:
            return col
        if numeric or col != "description":
            d = 0.0 if x0 - 8 <= centre <= x1 + 8 else min(abs(centre - x0), abs(centre - x1),
                                                           abs(word.x1 - x1))
        else:
            d = abs(word.x0 - x0)
        if d < best_d:
            best, best_d = col, d
    return best


def _read_rows(pl: PageLines, header_li: int, columns, ends: set[int], skips: set[int]
               ) -> list[dict[str, FieldValue]]:
    rows: list[dict[str, list[Word]]] = []
    prev_bottom = pl.lines[header_li].bbox[3]
    garbled = 0  # unreadable lines in a row since the last row
    header_box = pl.lines[header_li].bbox
    for li in range(header_li + 1, len(pl.lines)):
        line = pl.lines[li]
        # a speck's own height is no measure of the gap above it: the header's is
        height = max(line.bbox[3] - line.bbox[1], header_box[3] - header_box[1], 1.0)
        if li in ends or line.bbox[1] - prev_bottom > 4 * height:
            break
        if li in skips:
            prev_bottom = line.bbox[3]
            continue
        cells: dict[str, list[Word]] = {}
        for w in line.words:
            cells.setdefault(_assign(w, columns), []).append(w)
        unnamed_quantity(cells, columns)
        if pl.page.ocr and "description" in cells:
            cells["description"] = without_far_specks(cells["description"], height)
        if "amount" in cells and any(is_number(w) for w in cells["amount"]):
            rows.append(cells)
        elif pl.page.ocr and (row_with_unreadable_amount(cells) or row_with_numbers_lost(cells)):
            rows.append(cells)  # '6-61' for 6.61, or no numbers read: a row, not the end
        elif rows and "description" in cells and len(line.words) <= 4 and \
                set(cells) == {"description"} and not section_heading(line, rows[-1]) and \
                not attribute_note(line, columns) and \
                not (pl.page.ocr and stray_ink(line, columns, header_box)):
            rows[-1].setdefault("description", []).extend(cells["description"])
        elif rows and not cells.keys() - {"description"}:
            pass  # a long note under a row: not part of the description
        elif rows and component_line(line, cells, columns):
            pass  # a part of the bundle above, with its own count: not a row, go on
        elif rows and pl.page.ocr and (len(line.words) <= 3 or
                                       all(len(w.text) <= 2 for w in line.words)):
            pass  # a fragment OCR split off a row (a rate, a drifted price, specks): go on
        elif rows and pl.page.ocr and garbled < MAX_GARBLED_LINES:
            garbled += 1  # a row OCR could not read: the rows below it still count
        else:
            if rows:
                break
        if rows and rows[-1] is cells:
            garbled = 0
        prev_bottom = line.bbox[3]
    return [_to_fields(cells) for cells in rows]


_CODE_PREFIX = re.compile(r"^(?:\[([^\]]{2,})\]|\*([^*]{2,})\*|((?=[A-Z0-9_\-]*\d)[A-Z0-9][A-Z0-9_\-]{3,}))$")


def _split_sku(cells: dict[str, list[Word]]) -> None:
    """A code printed at the start of the description ('[FURN_7777] Office Chair',
    'E103184 Onderhoudsset') is the SKU when the table has no SKU column; a line number
    before a code, in either cell, belongs to neither."""
    sku = cells.get("sku", [])
    if any(w.conf < 1.0 for w in sku):  # OCR specks on a code's edges ('_E772-15')
        sku = [Word(w.text.strip("_|'\"‘’“”~-—.,:;"), *w.bbox, w.conf) for w in sku]
        sku = [w for w in sku if w.text]
        codes = [w for w in sku if _CODE_PREFIX.match(w.text)]
        ink = [w for w in sku if w not in codes and not any(c.isdigit() for c in w.text)]
        # 'le S607-60': one code and letters of ink ('C47 3-89' is one code split in two)
        cells["sku"] = codes if len(codes) == 1 and len(ink) == len(sku) - 1 else sku
    if len(sku) >= 2 and re.fullmatch(r"\d{1,3}\.?", sku[0].text) and \
            _CODE_PREFIX.match(sku[1].text):
        cells["sku"] = sku[1:]  # '32 S916-14': a line number no column heading claimed
    if not cells.get("sku", True):
        del cells["sku"]
    desc = cells.get("description")
    if "sku" in cells or not desc or len(desc) < 2:
        return
    if len(desc) >= 3 and re.fullmatch(r"\d{1,3}\.?", desc[0].text) and \
            _CODE_PREFIX.match(desc[1].text):
        desc = desc[1:]  # '2 C350-14 Cable': the line number before the code, no column named
    m = _CODE_PREFIX.match(desc[0].text)
    if m and any(c.isalpha() for c in " ".join(w.text for w in desc[1:])):
        code = next(g for g in m.groups() if g)
        cells["sku"] = [Word(code, *desc[0].bbox, desc[0].conf)]
        cells["description"] = desc[1:]


def _to_fields(cells: dict[str, list[Word]], *, ocr_cap: bool = True, headerless: bool = False
               ) -> dict[str, FieldValue]:
    out: dict[str, FieldValue] = {}
    values: dict[str, Decimal] = {}
    cells = dict(cells)
    cells.pop("discount", None)
    position = cells.pop("position", [])
    codes = [w for w in position if _CODE_PREFIX.match(w.text) and not w.text.isdigit()]
    if "sku" not in cells and len(codes) == 1:
        cells["sku"] = codes  # under a lone '#' heading: the item's code, not a line number
    _split_sku(cells)
    for col, words in cells.items():
        text = " ".join(w.text for w in words)
        value: str | None
        if col == "description":
            value = " ".join(text.split())
        elif col == "sku":
            value = text.strip("[]")
        else:
            text = re.sub(r"(\d) ([.,]\d{2}\b)", r"\1\2", text)  # '118 .45': one number
            if min(w.conf for w in words) < 1.0:  # OCR read the decimal point as a dash
                text = re.sub(r"^(\d{1,3}(?:,\d{3})*)[-–](\d{2})$", r"\1.\2", text.strip())
            num = parse_amount(re.sub(r"[^\d.,()\-]", " ", text).split()[0]
                               if re.search(r"\d", text) else "",
                               decimal_comma=True if re.search(r",\d{1,2}\b", text) else None)
            if num is None:
                continue
            values[col] = num
            value = _number_str(num) if col in ("quantity", "tax_rate") else \
                format(num.quantize(Decimal("0.01")), "f")
        if not value:
            continue
        out[col] = (col, value, words)
    lost = _lost_decimal_point(values, out) if any(
        w.conf < 1.0 for words in cells.values() for w in words) else None
    if lost is not None:  # '65' for 6.5: the row's arithmetic puts the point back
        col, fixed = lost
        values[col] = fixed
        out[col] = (col, _number_str(fixed) if col == "quantity" else
                    format(fixed.quantize(CENT), "f"), out[col][2])
    check = None
    if {"quantity", "unit_price", "amount"} <= values.keys():
        product = values["quantity"] * values["unit_price"]
        gap = min(abs(product.quantize(CENT, rounding=r) - values["amount"])
                  for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))
        scanned = any(w.conf < 1.0 for words in cells.values() for w in words)
        # a cent off is rounding in a text layer, but may be a misread digit on a scan
        check = 1.0 if gap == 0 or (gap <= Decimal("0.01") and not scanned) else \
            (None if gap <= Decimal("0.01") else 0.0)
        if (headerless and values["amount"] == 0) or lost is not None:
            check = None  # 0 x 0.00 = 0.00 confirms nothing; nor does a repaired point
    fields = {}
    for col, (_, value, words) in out.items():
        arithmetic = col in ("quantity", "unit_price", "amount")
        ocr = min(w.conf for w in words)
        conf = combine(Signals(label=0.7, margin=1.0, shape=0.8 if col == "description" else 1.0,
                               ocr=ocr, consistency=check if arithmetic else None))
        if (ocr_cap or col == "description") and ocr < 1.0 and not (arithmetic and check == 1.0):
            conf = min(conf, OCR_CELL_CAP)  # an OCR'd cell no row arithmetic confirms
        if headerless and not (arithmetic and check == 1.0):
            conf = min(conf, HEADERLESS_CELL_CAP)  # a column named by its position only
        fields[col] = FieldValue(value=value, confidence=conf,
                                 needs_review=needs_review(col, conf))
    # guessed columns (headerless) imply nothing more
    implied = None if headerless else _implied_quantity(values)
    if implied is not None:
        fields["quantity"] = FieldValue(value=implied, confidence=IMPLIED_QTY_CONF,
                                        needs_review=True)
    return fields


def _lost_decimal_point(values: dict[str, Decimal], out) -> tuple[str, Decimal] | None:
    """The one number of quantity x price = amount that holds only with a decimal point OCR
    lost ('65' for 6.5, '24168' for 241.68), read at the point that makes the row add up."""
    if not {"quantity", "unit_price", "amount"} <= values.keys() or \
            (values["quantity"] * values["unit_price"]).quantize(CENT) == values["amount"]:
        return None
    found = []
    for col in ("quantity", "unit_price", "amount"):
        read = next((w.text for w in out[col][2] if re.search(r"\d", w.text)), "")
        if re.search(r"[.,]\d{1,2}\W*$", read):
            continue  # its decimals are printed: not the one that lost its point
        for div in (10, 100):
            trial = dict(values, **{col: values[col] / div})
            if trial["amount"] != 0 and \
                    (trial["quantity"] * trial["unit_price"]).quantize(CENT) == trial["amount"]:
                found.append((col, trial[col]))
    return found[0] if len(found) == 1 else None


def _implied_quantity(values: dict[str, Decimal]) -> str | None:
    """The count a row's price and amount imply when its own quantity cell could not be
    read (OCR lost it, or a '1' came out 'i'): amount / price, when that is a whole number
    of hundredths. Never posted unseen: a person confirms it."""
    if "quantity" in values or not {"unit_price", "amount"} <= values.keys() or \
            values["unit_price"] <= 0 or values["amount"] == 0:
        return None
    qty = values["amount"] / values["unit_price"]
    if qty != qty.quantize(CENT) or not 0 < abs(qty) <= 10000 or \
            (qty * values["unit_price"]).quantize(CENT) != values["amount"]:
        return None
    return _number_str(qty.quantize(CENT))


OCR_CELL_CAP = 0.85
IMPLIED_QTY_CONF = 0.5
MAX_GARBLED_LINES = 2
HEADERLESS_CELL_CAP = 0.6
CENT = Decimal("0.01")


def _number_str(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
