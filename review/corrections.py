"""Operators' corrections: header fields and table cells, normalised by kind and audited.

A change is keyed by a field name (`total`) or a table cell label (`line_items[2].amount`:
table, 0-based row, column). Values are normalised by kind before anything is stored —
money as a Decimal string (never float), dates as ISO `YYYY-MM-DD`, lists split on `,` —
and bad input raises InvalidInput (422) naming the field or cell. Each changed value is one
append-only AuditRecord (field = the name or cell label, old → new). Rows added to or
deleted from a table travel in the same call (`review.table_rows`), so one request is all or
nothing. `queue.approve` re-validates the whole document, tables included, with the client's rules.
"""
from __future__ import annotations

import copy
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from ledgerline.settings import Settings
from schemas.document import DATE_FIELDS, FIELD_NAMES, LIST_FIELDS, MONEY_FIELDS, TABLE_COLUMNS, DocType
from schemas.records import AuditRecord, DocumentRecord, ExceptionItem, User, utcnow
from review.queue import InvalidInput, _take, get_item
from review.table_rows import apply_rows, plan_rows

CELL_LABEL = re.compile(r"^(?P<table>[a-z_]+)\[(?P<row>\d+)\]\.(?P<column>[a-z_]+)$")


class CellRef(NamedTuple):
    table: str
    row: int
    column: str

    @property
    def label(self) -> str:
        return f"{self.table}[{self.row}].{self.column}"


def normalise_value(field: str, value: str, *, label: str | None = None) -> str | list[str]:
    """An operator's input in the contract's normal form, or InvalidInput saying what is wrong.

    `field` decides the kind (a cell's column name for cells); `label` names it in messages.
    """
    label = label or field
    text = " ".join(str(value).split())
    if field in LIST_FIELDS:
        return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if field in MONEY_FIELDS and text:
        cleaned = text.replace(",", "").replace(" ", "")
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput(f"{label}: {value!r} is not an amount; type digits with '.' as "
                               "decimal separator, e.g. 1249.50") from None
        if not amount.is_finite():
            raise InvalidInput(f"{label}: {value!r} is not an amount")
        return format(amount, "f")
    if field in DATE_FIELDS and text:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise InvalidInput(f"{label}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-09") from None
    return text


def parse_cell_label(label: str, tables: dict[str, list[dict[str, Any]]]) -> CellRef:
    """`line_items[2].amount` → CellRef, checked against the table's columns and rows."""
    m = CELL_LABEL.match(label.strip())
    if m is None:
        raise InvalidInput(f"{label!r} is not a table cell; write table[row].column, e.g. line_items[0].amount "
                           "(rows count from 0)")
    ref = CellRef(m["table"], int(m["row"]), m["column"])
    if ref.table not in TABLE_COLUMNS:
        raise InvalidInput(f"{label}: no table {ref.table!r} (tables: {', '.join(TABLE_COLUMNS)})")
    if ref.column not in TABLE_COLUMNS[ref.table]:
        raise InvalidInput(f"{label}: {ref.table} has no column {ref.column!r} "
                           f"(columns: {', '.join(TABLE_COLUMNS[ref.table])})")
    rows = tables.get(ref.table) or []
    if ref.row >= len(rows):
        raise InvalidInput(f"{label}: {ref.table} has {len(rows)} row(s) in this document "
                           f"(rows 0 to {len(rows) - 1})" if rows else f"{label}: this document has no {ref.table}")
    return ref


def _field_names(doc_type: str) -> tuple[str, ...]:
    try:
        return FIELD_NAMES[DocType(doc_type)]
    except ValueError:
        return ()


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    return ", ".join(value) if isinstance(value, list) else str(value)


def _set(entry: dict[str, Any] | None, new: str | list[str]) -> dict[str, Any] | None:
    """The corrected entry (confidence 1.0, needs_review false, page and bbox kept), or None if unchanged."""
    if entry is not None and entry.get("value") == new and entry.get("confidence") == 1.0:
        return None
    out = dict(entry or {})
    out.update(value=new, confidence=1.0, needs_review=False)
    return out


def correct_fields(session: Session, *, user: User, item_id: int, changes: dict[str, str],
                   add_rows: list[tuple[str, dict[str, str]]] | None = None, delete_rows: list[str] | None = None,
                   note: str | None = None, now: datetime | None = None,
                   settings: Settings | None = None) -> ExceptionItem:
    """Set field and table-cell values, delete table rows (`line_items[3]`) and add rows
    ((table, {column: value})); one audit record per changed value or row. All or nothing:
    one bad key or value and nothing is stored. Row indices refer to the rows before the call."""
    now = now or utcnow()
    item = get_item(session, user=user, item_id=item_id)
    record = session.get(DocumentRecord, item.document_id)
    if record is None or record.extraction is None or "fields" not in record.extraction:
        raise InvalidInput(f"queue item {item_id}: the document has no extracted fields to correct; "
                           "reject it or return it to the client")
    extraction = copy.deepcopy(record.extraction)
    fields = extraction.setdefault("fields", {})
    tables = extraction.setdefault("tables", {})
    known = _field_names(record.doc_type)
    unknown = [f for f in changes if "[" not in f and f not in known]
    if unknown:
        raise InvalidInput(f"not fields of a {record.doc_type}: {', '.join(unknown)} (known: {', '.join(known)}; "
                           "table cells as line_items[0].amount)")
    planned: list[tuple[str, str | list[str], CellRef | None]] = []
    for key, value in changes.items():
        if "[" in key:
            ref = parse_cell_label(key, tables)
            planned.append((ref.label, normalise_value(ref.column, value, label=ref.label), ref))
        else:
            planned.append((key, normalise_value(key, value), None))
    rows_plan = plan_rows(record.doc_type, tables, delete=list(delete_rows or []), add=list(add_rows or []),
                          normalise=normalise_value)
    for _, _, ref in planned:
        if ref is not None and rows_plan.deletes(ref.table, ref.row):
            raise InvalidInput(f"{ref.label}: row {ref.table}[{ref.row}] is deleted in the same request; "
                               "correct a cell or delete its row, not both")
    _take(session, item, user, now, settings)
    for label, new, ref in planned:
        if ref is None:
            old = fields.get(label)
            entry = _set(old, new)
            if entry is not None:
                fields[label] = entry
        else:
            row = tables[ref.table][ref.row]
            old = row.get(ref.column)
            entry = _set(old, new)
            if entry is not None:
                row[ref.column] = entry
        if entry is not None:
            session.add(AuditRecord(actor=user.username, action="correct", document_id=record.id, item_id=item.id,
                                    field=label, old=_as_text(None if old is None else old.get("value")),
                                    new=_as_text(new), note=note))
    for action, label, row in apply_rows(tables, rows_plan):
        session.add(AuditRecord(actor=user.username, action=action, document_id=record.id, item_id=item.id,
                                field=label, old=row if action == "row_deleted" else None,
                                new=row if action == "row_added" else None, note=note))
    record.extraction = extraction
    flag_modified(record, "extraction")
    record.updated_at = now
    session.add(record)
    session.commit()
    return item
