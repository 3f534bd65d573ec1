"""Every truth file speaks the extraction contract: names, tables and value formats."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from schemas.document import DATE_FIELDS, FIELD_NAMES, LIST_FIELDS, MONEY_FIELDS, TABLE_COLUMNS, DocType
from schemas.reasons import ReasonCode

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TABLES_BY_TYPE = {"invoice": {"line_items"}, "receipt": {"line_items"}, "claim": {"service_lines"},
                  "paystub": {"earnings", "deductions"}, "w2": set()}


def _check_value(name: str, value, where: str) -> None:
    if name in LIST_FIELDS:
        assert isinstance(value, list) and value and all(isinstance(v, str) and v for v in value), where
        return
    assert isinstance(value, str) and value == value.strip() and value, where
    assert "  " not in value and "\n" not in value, f"{where}: whitespace not collapsed"
    if name in DATE_FIELDS:
        assert ISO_DATE.match(value), where
        date.fromisoformat(value)
    elif name in MONEY_FIELDS:
        assert DECIMAL.match(value), f"{where}: {value!r} is not a decimal string"
        Decimal(value)
    if name == "currency":
        assert value in {"USD", "EUR", "GBP", "INR"}, where


def test_truth_uses_contract_names_and_formats(truths):
    assert truths
    for path, truth in truths.items():
        assert set(truth) == {"doc_type", "fields", "tables", "defects", "notes"}, path
        doc_type = DocType(truth["doc_type"])
        allowed = set(FIELD_NAMES[doc_type])
        assert set(truth["fields"]) <= allowed, (path, set(truth["fields"]) - allowed)
        for name, value in truth["fields"].items():
            _check_value(name, value, f"{path.name}:{name}")
        assert set(truth["tables"]) == TABLES_BY_TYPE[truth["doc_type"]], path
        for table, rows in truth["tables"].items():
            assert rows, f"{path.name}: empty table {table}"
            for row in rows:
                assert set(row) <= set(TABLE_COLUMNS[table]), (path, table, row)
                for name, value in row.items():
                    _check_value(name, value, f"{path.name}:{table}.{name}")
        assert isinstance(truth["notes"], str) and truth["notes"]


def test_defects_are_reason_codes_on_known_fields(truths):
    codes = set()
    for path, truth in truths.items():
        assert isinstance(truth["defects"], list)
        for defect in truth["defects"]:
            assert set(defect) == {"code", "fields"}, path
            ReasonCode(defect["code"])
            assert defect["fields"] and set(defect["fields"]) <= set(FIELD_NAMES[DocType(truth["doc_type"])])
            codes.add(defect["code"])
    assert len(codes) >= 3  # defect_rate=0.3 over 30 documents: several kinds appear


def test_each_document_has_a_text_pdf_and_a_scan_with_the_same_truth(truths):
    by_stem = {}
    for path, truth in truths.items():
        stem = path.stem.removesuffix("-scan")
        by_stem.setdefault(stem, {})["scan" if path.stem.endswith("-scan") else "pdf"] = (path, truth)
    for stem, pair in by_stem.items():
        assert set(pair) == {"pdf", "scan"}, stem
        assert pair["pdf"][0].suffix == ".pdf"
        assert pair["pdf"][1]["fields"] == pair["scan"][1]["fields"]
        assert pair["pdf"][1]["tables"] == pair["scan"][1]["tables"]
        assert pair["pdf"][1]["defects"] == pair["scan"][1]["defects"]


def test_documents_sit_in_folders_by_type(truths):
    folders = {"invoice": "invoices", "receipt": "receipts", "claim": "claims", "paystub": "paystubs",
               "w2": "w2"}
    for path, truth in truths.items():
        assert path.parent.name == folders[truth["doc_type"]], path
