"""Which OCR lines of box 24 are service lines, and what one line tells about another:
a printed line OCR read twice is one row; an NPI a digit off one that another line's
check digit confirms is that NPI."""
from __future__ import annotations

import re

from extractors.forms import make_field
from extractors.page_model import Page
from schemas.document import FieldValue

# an undated OCR line counts as a service line with this many of these cells read
LINE_CELLS = ("charge", "units", "diagnosis_pointer", "rendering_provider_npi")


def is_line(row: dict[str, FieldValue] | None) -> bool:
    """A parsed line with a date or place of service, or else three of its other cells."""
    if not row:
        return False
    dated = any(c in row for c in ("date_from", "date_to", "place_of_service"))
    return dated or sum(c in row for c in LINE_CELLS) >= 3


def one_row_per_reading(rows: list[dict[str, FieldValue]], raw: list[str | None]
                        ) -> tuple[list[dict[str, FieldValue]], list[str | None]]:
    """A skewed scan splits one printed line into OCR lines that each join the words of
    the others: rows that took their charge or NPI from the same word are one line, and
    the one that read the most cells stays (the first of equals)."""
    keep = list(range(len(rows)))
    for i in range(len(rows)):
        for j in range(len(rows)):
            if i == j or i not in keep or j not in keep:
                continue
            shared = any(c in rows[i] and c in rows[j] and rows[i][c].bbox == rows[j][c].bbox
                         for c in ("charge", "rendering_provider_npi"))
            if shared and (len(rows[j]), -j) < (len(rows[i]), -i):
                keep.remove(j)
    return [rows[k] for k in keep], [raw[k] for k in keep]


def npis_from_other_lines(rows: list[dict[str, FieldValue]], raw: list[str | None],
                          page: Page) -> None:
    """An OCR'd rendering NPI that fails its check digit, one digit away from the NPI another
    line of the claim read with its check digit passing, is that NPI (a wrong digit always
    fails the check; one provider usually renders several lines). Still reviewed: 0.6."""
    confirmed = {row["rendering_provider_npi"].value: row["rendering_provider_npi"].confidence
                 for row, r in zip(rows, raw, strict=True)
                 if r is None and "rendering_provider_npi" in row}
    for row, r in zip(rows, raw, strict=True):
        if r is None or not re.fullmatch(r"\d{10}", r):
            continue
        near = [n for n in confirmed if sum(x != y for x, y in zip(n, r, strict=True)) == 1]
        if len(near) == 1:
            old = row["rendering_provider_npi"]
            row["rendering_provider_npi"] = make_field(
                "rendering_provider_npi", near[0], min(confirmed[near[0]], 1.0) * 0.6,
                page=page, bbox=old.bbox)
