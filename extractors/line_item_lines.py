"""What a line under a line-item header is, besides a row with an amount.

A wrapped description goes on at the description column's left edge; an indented line is a
bundle's part (a count, no price) or an attribute note ('Serial no: ...'); a heading between
groups is set off by rules or bold type. On a scan a row may keep its text but lose its
amount to OCR, a header may lose its 'Qty', and specks turn up as letters: these functions
tell such lines apart so that `line_items._read_rows` neither ends a table early nor pads
a description.
"""
from __future__ import annotations

import re

from extractors.line_item_headers import OCR_SPECKS
from extractors.page_model import Line, Word

_NUMBER = re.compile(r"^[(\-]?[$€£₹]?\d[\d.,' ]*%?[)\-]?$")


def is_number(word: Word) -> bool:
    text = word.text if word.conf >= 1.0 else word.text.strip(OCR_SPECKS + "\"'|.,;:*")
    return bool(text) and bool(_NUMBER.match(text))


def stray_ink(line: Line, columns, header_box) -> bool:
    """OCR'd ink under a row that is no wrapped description: it starts far right of where
    the description column starts, or is a fraction of a text line high."""
    row_height = header_box[3] - header_box[1]
    desc_x0 = next(x0 for col, x0, _ in columns if col == "description")
    return line.words[0].x0 > desc_x0 + 4 * row_height or \
        all(w.height < 0.4 * row_height for w in line.words)


def without_far_specks(words: list[Word], height: float) -> list[Word]:
    """A description without the specks OCR read as letters out in the gap before the
    number columns ('black  ...  ROA'): short or doubtful words far from the text."""
    kept = words[:1]
    for w in words[1:]:
        far = w.x0 - kept[-1].x1 > 3 * height
        if not (far and (w.conf < 0.6 or len(w.text) <= 3)):
            kept.append(w)
    return kept


def unnamed_quantity(cells: dict[str, list[Word]], columns) -> None:
    """A header that names no quantity (OCR lost 'Qty'): a number standing left of the
    price column's heading, before the price itself, is the row's quantity."""
    price = next((c for c in columns if c[0] == "unit_price"), None)
    if price is None or any(c[0] == "quantity" for c in columns):
        return
    words = cells.get("unit_price", [])
    if len(words) >= 2 and is_number(words[0]) and words[0].x1 < price[1] and \
            any(is_number(w) and w.x1 >= price[1] for w in words[1:]):
        cells["quantity"] = [words[0]]
        cells["unit_price"] = words[1:]


def row_with_unreadable_amount(cells: dict[str, list[Word]]) -> bool:
    """An OCR'd row whose amount cell is ink but no number, under a description and a
    readable price: the row is there, only its amount is in doubt."""
    return "description" in cells and "amount" in cells and \
        any(is_number(w) for w in cells.get("unit_price", [])) and \
        any(c.isdigit() for w in cells["amount"] for c in w.text)


_ITEM_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9][A-Z0-9_\-/.]{3,}$")


def row_with_numbers_lost(cells: dict[str, list[Word]]) -> bool:
    """An OCR'd row with its item code and description but none of its numbers (a
    scan whose number columns OCR did not read): still a row of the table."""
    desc = cells.get("description", [])
    if re.fullmatch(r"\d{1,3}\.?", desc[0].text if desc else ""):
        desc = desc[1:]  # a line number before the code
    code = cells.get("sku") or desc[:1]  # a code column, or a code the description opens
    text = desc[1:] if code == desc[:1] else desc
    return len(code) == 1 and bool(_ITEM_CODE.match(code[0].text)) and \
        any(sum(c.isalpha() for c in w.text) >= 3 for w in text) and \
        not any(c.isdigit() for col in cells if col not in ("sku", "description", "position")
                for w in cells[col] for c in w.text)


def component_line(line: Line, cells: dict[str, list[Word]], columns) -> bool:
    """A bundle's contents listed under its row ('  Laptop 13"  1', '  Mouse  1'): indented
    past the description column, a count in the quantity column and no price or amount."""
    if set(cells) != {"description", "quantity"} or \
            not all(is_number(w) for w in cells["quantity"]):
        return False
    return _indented(line, columns)


def attribute_note(line: Line, columns) -> bool:
    """'Serial no: X123' indented under a row: an attribute of the item, not the rest of its
    description (a wrapped description starts where the description column starts)."""
    texts = [w.text for w in line.words]
    colon = next((i for i, t in enumerate(texts[:4]) if t.endswith(":")), None)
    labelled = colon is not None and colon < len(texts) - 1 and texts[0] != ":"
    return labelled and _indented(line, columns)


def _indented(line: Line, columns) -> bool:
    desc_x0 = next(x0 for col, x0, _ in columns if col == "description")
    return line.words[0].x0 >= desc_x0 + max(line.bbox[3] - line.bbox[1], 1.0)


def section_heading(line: Line, row: dict[str, list[Word]]) -> bool:
    """A group heading between rows ('--- Food Products ---', a bold line under plain
    rows) rather than the second line of the previous description."""
    text = line.text.strip()
    if re.match(r"^[-=*_#]{2,}|[-=*_#]{2,}$", text):
        return True
    row_bold = any(w.bold for w in row.get("description", []))
    return all(w.bold for w in line.words) and not row_bold
