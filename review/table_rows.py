"""Rows an operator adds to a table (the extractor missed them) or deletes (it made them up).

A deletion names the row as the operator saw it, `line_items[3]` (0-based). An addition gives
the table and its cells by column, each normalised by kind exactly like a cell correction
(money a Decimal string, dates ISO, code lists split on `,`); a new row must carry the table's
amount column (`amount`, or `charge` for service lines), since a row without one would let the
lines-sum rules skip the table. Row indices in one request all refer to the table as it was
before the request; deleted rows go, added rows are appended, and the rows are renumbered.

Each deleted or added row is one append-only AuditRecord (action `row_deleted` / `row_added`,
field the row label, old / new the row's values as a JSON object); `row_json` masks personal
columns for display as `review.masking` does everywhere else.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from schemas.document import DOC_TABLES, TABLE_COLUMNS
from review.masking import mask_value
from review.queue import InvalidInput

ROW_LABEL = re.compile(r"^(?P<table>[a-z_]+)\[(?P<row>\d+)\]$")
ROW_ACTIONS = frozenset({"row_added", "row_deleted"})

# The money column a table's rules add up; an added row must have it.
AMOUNT_COLUMN = {"line_items": "amount", "service_lines": "charge", "earnings": "amount", "deductions": "amount"}


@dataclass(frozen=True)
class NewRow:
    """One row to append: `table`, its cells normalised, and `key` naming it in the request."""

    table: str
    cells: dict[str, str | list[str]]
    key: str


@dataclass
class RowPlan:
    """Checked row changes of one request: deletions by original index, additions in order."""

    deleted: dict[str, set[int]] = field(default_factory=dict)
    added: list[NewRow] = field(default_factory=list)

    def deletes(self, table: str, row: int) -> bool:
        return row in self.deleted.get(table, set())


def tables_of(doc_type: str) -> tuple[str, ...]:
    """The tables a document of `doc_type` can have (none for an unknown type)."""
    return DOC_TABLES.get(doc_type, ())


def parse_row_label(label: str, tables: dict[str, list[dict[str, Any]]]) -> tuple[str, int]:
    """`line_items[3]` → ("line_items", 3), checked against the document's rows."""
    m = ROW_LABEL.match(str(label).strip())
    if m is None:
        raise InvalidInput(f"{label!r} is not a table row; write table[row], e.g. line_items[0] (rows count from 0)")
    table, row = m["table"], int(m["row"])
    if table not in TABLE_COLUMNS:
        raise InvalidInput(f"{label}: no table {table!r} (tables: {', '.join(TABLE_COLUMNS)})")
    rows = tables.get(table) or []
    if row >= len(rows):
        raise InvalidInput(f"{label}: {table} has {len(rows)} row(s) in this document (rows 0 to {len(rows) - 1})"
                           if rows else f"{label}: this document has no {table}")
    return table, row


def plan_rows(doc_type: str, tables: dict[str, list[dict[str, Any]]], *, delete: list[str],
              add: list[tuple[str, dict[str, str]]], normalise: Callable[..., str | list[str]]) -> RowPlan:
    """Check every deletion and addition (InvalidInput naming the key on the first bad one).

    `add` holds (table, {column: value as typed}); `normalise(column, value, label=...)` is the
    cell normaliser of `review.corrections`.
    """
    plan = RowPlan()
    for label in delete:
        table, row = parse_row_label(label, tables)
        plan.deleted.setdefault(table, set()).add(row)
    allowed = tables_of(doc_type)
    for i, (table, cells) in enumerate(add):
        key = f"add_rows[{i}]"
        if table not in allowed:
            kinds = ", ".join(allowed) if allowed else "none"
            article = "an" if doc_type[:1] in tuple("aeiou") else "a"
            raise InvalidInput(f"{key}.table: {article} {doc_type} has no table {table!r} (its tables: {kinds})")
        columns = TABLE_COLUMNS[table]
        unknown = [c for c in cells if c not in columns]
        if unknown:
            raise InvalidInput(f"{key}.cells: {table} has no column {unknown[0]!r} (columns: {', '.join(columns)})")
        normal: dict[str, str | list[str]] = {}
        for column in columns:  # contract order
            if column in cells:
                value = normalise(column, cells[column], label=f"{key}.cells.{column}")
                if value not in ("", []):
                    normal[column] = value
        amount = AMOUNT_COLUMN[table]
        if amount not in normal:
            raise InvalidInput(f"{key}.cells.{amount}: a new {table} row needs its {amount} "
                               f"(the rules add up the {amount} column)")
        plan.added.append(NewRow(table=table, cells=normal, key=key))
    return plan


def row_values(row: dict[str, Any]) -> dict[str, str | list[str]]:
    """A stored row's values by column, in contract order where the columns are known."""
    return {c: cell["value"] for c, cell in row.items() if isinstance(cell, dict) and "value" in cell}


def row_json(values: dict[str, Any], *, mask: bool = False) -> str:
    """The row as the audit record keeps it (JSON); personal columns masked when `mask`."""
    shown = {c: mask_value(c, v, enabled=mask) for c, v in values.items()}
    return json.dumps(shown, ensure_ascii=False, separators=(", ", ": "))


def mask_row_json(text: str | None, *, mask: bool) -> str | None:
    """An audit record's row JSON with personal columns masked (text that is not a row is kept)."""
    if text is None or not mask:
        return text
    try:
        values = json.loads(text)
    except ValueError:
        return text
    return row_json(values, mask=True) if isinstance(values, dict) else text


def apply_rows(tables: dict[str, list[dict[str, Any]]], plan: RowPlan) -> list[tuple[str, str, str]]:
    """Delete and append rows in `tables` (in place); returns (action, row label, row JSON) to audit.

    Deleted rows are labelled by their index before the change, added rows by their index after it.
    """
    events: list[tuple[str, str, str]] = []
    for table, doomed in plan.deleted.items():
        rows = tables.get(table) or []
        for r in sorted(doomed):
            events.append(("row_deleted", f"{table}[{r}]", row_json(row_values(rows[r]))))
        tables[table] = [row for r, row in enumerate(rows) if r not in doomed]
    for new in plan.added:
        rows = tables.setdefault(new.table, [])
        rows.append({c: {"value": v, "confidence": 1.0, "needs_review": False} for c, v in new.cells.items()})
        events.append(("row_added", f"{new.table}[{len(rows) - 1}]", row_json(new.cells)))
    for table in [t for t, rows in tables.items() if not rows]:
        del tables[table]  # as the extractors write it: no empty tables
    return events
