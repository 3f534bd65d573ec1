"""The API's request and response models (XPublic style). Personal values leave masked."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.document import FIELD_NAMES, DocType
from schemas.records import AuditRecord, DocumentRecord, ExceptionItem, JournalEntry, JournalLine, utcnow
from review.masking import is_personal, mask_value
from review.table_rows import ROW_ACTIONS, mask_row_json


class FieldPublic(BaseModel):
    name: str
    value: str | list[str] | None
    masked: bool = False
    personal: bool = False
    confidence: float | None = None
    needs_review: bool = False
    page: int | None = None
    bbox: list[float] | None = None
    issues: list[str] = Field(default_factory=list, description="messages of the rules that name this field")
    codes: list[str] = Field(default_factory=list)


class IssuePublic(BaseModel):
    code: str
    fields: list[str] = Field(default_factory=list)
    message: str
    severity: str = "error"


class ItemPublic(BaseModel):
    id: int
    document_id: int
    client: str
    doc_type: str
    state: str
    reason_codes: list[str]
    priority: int
    sla_due_at: datetime | None
    overdue: bool
    assignee: str | None
    lock_expires_at: datetime | None
    postponed_until: datetime | None
    note: str | None
    created_at: datetime


class ItemDetail(ItemPublic):
    source_name: str
    pages: int
    ocr: bool
    document_status: str
    issues: list[IssuePublic]
    fields: list[FieldPublic] = Field(description="failing and low-confidence fields first")
    tables: dict[str, list[dict[str, str | list[str] | None]]] = Field(
        default_factory=dict, description="extracted table rows (values only); correct a cell through /fields as "
        "line_items[0].amount, add or delete rows there with add_rows / delete_rows")


class AuditPublic(BaseModel):
    at: datetime
    actor: str
    action: str
    field: str | None
    old: str | None
    new: str | None
    note: str | None


class JournalLinePublic(BaseModel):
    account: str
    debit: Decimal
    credit: Decimal
    memo: str | None


class JournalPublic(BaseModel):
    id: int
    document_id: int
    client: str
    entry_date: date
    description: str
    currency: str
    posted_by: str
    posted_at: datetime
    lines: list[JournalLinePublic]
    total_debit: Decimal
    total_credit: Decimal


class ApproveResult(BaseModel):
    status: str
    reasons: list[str]
    entry_id: int | None
    item: ItemPublic


class RevealResult(BaseModel):
    field: str
    value: str | list[str]


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"


class RowAdd(BaseModel):
    model_config = ConfigDict(extra="forbid")
    table: str = Field(description="line_items, service_lines, earnings or deductions (a table of the document's type)")
    cells: dict[str, str] = Field(description=(
        "column -> value as typed, normalised like a cell correction; the amount column (`amount`, for "
        "service lines `charge`) is required"))


class RowCells(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"cells": {"description": "Freight", "quantity": "1", "unit_price": "20.00", "amount": "20.00"}}]})
    cells: dict[str, str] = Field(description="column -> value as typed; the amount column is required")
    note: str | None = None


class FieldsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"changes": {"total": "110.00", "line_items[0].amount": "100.00"}, "note": "read from the scan"},
        {"delete_rows": ["line_items[2]"], "add_rows": [{"table": "line_items", "cells": {
            "description": "Freight", "amount": "20.00"}}], "note": "row 3 was the page footer; freight line missed"}]})
    changes: dict[str, str] = Field(default_factory=dict, description=(
        "field name or table cell label -> new value as typed. A cell is `table[row].column` with rows "
        "counted from 0 (tables: line_items, service_lines, earnings, deductions). Money must be a decimal "
        "number ('1249.50', never a float), dates YYYY-MM-DD; anything else answers 422 naming the key."))
    add_rows: list[RowAdd] = Field(default_factory=list, description=(
        "rows the extractor missed, appended to their table in order; a bad cell answers 422 naming "
        "`add_rows[i].cells.column`"))
    delete_rows: list[str] = Field(default_factory=list, description=(
        "rows the extractor made up, as `table[row]` (e.g. line_items[3]). Every row index in one request "
        "refers to the table as it was before it; the rows are renumbered afterwards."))
    note: str | None = None

    @model_validator(mode="after")
    def _something_to_do(self) -> FieldsUpdate:
        if not (self.changes or self.add_rows or self.delete_rows):
            raise ValueError("nothing to change: give changes, add_rows or delete_rows")
        return self


class HeartbeatBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    idle_seconds: int = Field(default=0, ge=0, le=86400,
                              description="seconds since the operator's last keypress or click on the page")


class HeartbeatResult(BaseModel):
    item_id: int
    lock_expires_at: datetime | None


class NoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None


class PostponeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    until: datetime
    note: str | None = None


class ReassignBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_user: str
    note: str | None = None


def item_public(item: ExceptionItem, now: datetime | None = None) -> ItemPublic:
    now = now or utcnow()
    return ItemPublic(
        id=item.id, document_id=item.document_id, client=item.client, doc_type=item.doc_type,  # type: ignore[arg-type]
        state=item.state, reason_codes=list(item.reason_codes or []), priority=item.priority,
        sla_due_at=item.sla_due_at, overdue=bool(item.sla_due_at and item.sla_due_at < now
                                                  and item.state not in ("resolved", "rejected", "returned_to_client")),
        assignee=item.assignee, lock_expires_at=item.lock_expires_at, postponed_until=item.postponed_until,
        note=item.note, created_at=item.created_at,
    )


def ordered_fields(item: ExceptionItem, record: DocumentRecord, *, mask: bool) -> list[FieldPublic]:
    """Every extracted field plus any a rule names as missing; failing ones first."""
    extracted: dict[str, Any] = (record.extraction or {}).get("fields") or {}
    named: dict[str, list[tuple[str, str]]] = {}
    for issue in item.issues or []:
        for name in issue.get("fields") or []:
            named.setdefault(name, []).append((issue.get("code", ""), issue.get("message", "")))
    try:
        order = list(FIELD_NAMES[DocType(record.doc_type)])
    except ValueError:
        order = []
    names = list(dict.fromkeys([*order, *extracted]))
    names = [n for n in names if n in extracted or n in named]
    names += [n for n in named if n not in names and "[" not in n and n in order]
    out = []
    for name in names:
        f = extracted.get(name) or {}
        personal = is_personal(name)
        value = f.get("value")
        shown = mask_value(name, value, enabled=mask)
        out.append(FieldPublic(
            name=name, value=shown, masked=shown != value, personal=personal, confidence=f.get("confidence"),
            needs_review=bool(f.get("needs_review")), page=f.get("page"), bbox=f.get("bbox"),
            issues=[m for _, m in named.get(name, [])], codes=list(dict.fromkeys(c for c, _ in named.get(name, []))),
        ))
    rank = {n: i for i, n in enumerate(names)}
    return sorted(out, key=lambda f: (not f.issues, not f.needs_review, f.confidence if f.confidence is not None else 0,
                                      rank[f.name]))


def item_detail(item: ExceptionItem, record: DocumentRecord, *, mask: bool, now: datetime | None = None) -> ItemDetail:
    base = item_public(item, now).model_dump()
    return ItemDetail(
        **base, source_name=record.source_name, pages=max(1, record.pages or 1), ocr=record.ocr,
        document_status=record.status,
        issues=[IssuePublic(code=i.get("code", ""), fields=list(i.get("fields") or []), message=i.get("message", ""),
                            severity=i.get("severity", "error")) for i in item.issues or []],
        fields=ordered_fields(item, record, mask=mask),
        tables={name: [{col: mask_value(col, (cell or {}).get("value"), enabled=mask) for col, cell in row.items()}
                       for row in rows]
                for name, rows in ((record.extraction or {}).get("tables") or {}).items() if rows},
    )


def audit_public(a: AuditRecord, *, mask: bool) -> AuditPublic:
    field = a.field or ""
    if a.action in ROW_ACTIONS:  # old/new are whole rows: mask their personal columns
        return AuditPublic(at=a.at, actor=a.actor, action=a.action, field=a.field, note=a.note,
                           old=mask_row_json(a.old, mask=mask), new=mask_row_json(a.new, mask=mask))
    return AuditPublic(at=a.at, actor=a.actor, action=a.action, field=a.field,
                       old=mask_value(field, a.old, enabled=mask), new=mask_value(field, a.new, enabled=mask),  # type: ignore[arg-type]
                       note=a.note)


def journal_public(entry: JournalEntry, lines: list[JournalLine]) -> JournalPublic:
    return JournalPublic(
        id=entry.id, document_id=entry.document_id, client=entry.client, entry_date=entry.entry_date,  # type: ignore[arg-type]
        description=entry.description, currency=entry.currency, posted_by=entry.posted_by, posted_at=entry.posted_at,
        lines=[JournalLinePublic(account=ln.account, debit=ln.debit, credit=ln.credit, memo=ln.memo) for ln in lines],
        total_debit=sum((ln.debit for ln in lines), Decimal("0")),
        total_credit=sum((ln.credit for ln in lines), Decimal("0")),
    )
