"""Builders for validator tests: documents from plain values, clients from dicts."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from schemas.client_config import ClientConfig
from schemas.document import DocType, ExtractedDocument, FieldValue
from validators.engine import RuleContext
from validators.history import InMemoryHistory
from validators.master_data import MasterData

TODAY = date(2026, 11, 24)


def _field(value: Any) -> FieldValue:
    if isinstance(value, FieldValue):
        return value
    if isinstance(value, tuple):  # (value, confidence, needs_review)
        v, conf, review = value
        return FieldValue(value=v, confidence=conf, needs_review=review)
    return FieldValue(value=value, confidence=0.99, needs_review=False)


def build_doc(doc_type: str, fields: dict[str, Any], tables: dict[str, list[dict[str, Any]]] | None = None,
              *, source: str | None = None) -> ExtractedDocument:
    body = repr((doc_type, sorted(fields.items(), key=str), tables, source)).encode()
    return ExtractedDocument(
        source=source or f"{doc_type}.pdf", sha256=hashlib.sha256(body).hexdigest(),
        doc_type=DocType(doc_type), doc_type_confidence=0.99, pages=1,
        fields={k: _field(v) for k, v in fields.items()},
        tables={t: [{c: _field(v) for c, v in row.items()} for row in rows] for t, rows in (tables or {}).items()},
    )


def build_client(**overrides: Any) -> ClientConfig:
    data: dict[str, Any] = {"name": "testco", "display_name": "Test Co"}
    data.update(overrides)
    return ClientConfig.model_validate(data)


def good_invoice(**changes: Any) -> ExtractedDocument:
    fields: dict[str, Any] = {
        "vendor_name": "ACME Tools, Inc.", "vendor_tax_id": "12-3456789", "invoice_number": "INV-1001",
        "invoice_date": "2026-11-01", "due_date": "2026-12-01", "currency": "USD", "po_number": "PO-77",
        "subtotal": "100.00", "tax_total": "8.00", "total": "108.00",
    }
    lines = [
        {"description": "Widget A", "sku": "W-A", "quantity": "2", "unit_price": "30.00", "amount": "60.00"},
        {"description": "Widget B", "sku": "W-B", "quantity": "1", "unit_price": "40.00", "amount": "40.00"},
    ]
    lines = changes.pop("line_items", lines)
    for k, v in changes.items():
        if v is None:
            fields.pop(k, None)
        else:
            fields[k] = v
    return build_doc("invoice", fields, {"line_items": lines} if lines else None)


@pytest.fixture
def client() -> ClientConfig:
    return build_client()


def make_ctx(client: ClientConfig | None = None, *, history: InMemoryHistory | None = None,
             master: MasterData | None = None, today: date = TODAY) -> RuleContext:
    return RuleContext(client=client or build_client(), today=today,
                       history=history or InMemoryHistory(), master=master or MasterData())


@pytest.fixture
def h():
    """The builders, for test modules (importlib mode cannot import conftest directly)."""

    class Helpers:
        doc = staticmethod(build_doc)
        client = staticmethod(build_client)
        invoice = staticmethod(good_invoice)
        ctx = staticmethod(make_ctx)
        today = TODAY

    return Helpers
