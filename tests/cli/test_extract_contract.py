"""`ledgerline extract --json` over the real fixtures: one valid contract object per file.

Shape, not accuracy: accuracy is what `ledgerline eval` measures.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from schemas.document import DATE_FIELDS, FIELD_NAMES, LIST_FIELDS, MONEY_FIELDS, TABLE_COLUMNS, DocType

pytestmark = pytest.mark.slow
DOC_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MONEY = re.compile(r"^-?\d+(\.\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
TOP_KEYS = {"source", "sha256", "doc_type", "doc_type_confidence", "pages", "ocr", "fields", "tables"}


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ledgerline", "extract", *args, "--json"],
        capture_output=True, text=True, timeout=1500,
    )


def check_value(name: str, value: object) -> None:
    if name in LIST_FIELDS:
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), (name, value)
        return
    assert isinstance(value, str) and value == value.strip() and value, (name, value)
    if name in MONEY_FIELDS:
        assert MONEY.match(value), (name, value)
        Decimal(value)
    if name in DATE_FIELDS:
        assert ISO_DATE.match(value), (name, value)
    if name == "currency":
        assert CURRENCY.match(value), value


def check_field(name: str, field: dict) -> None:
    assert set(field) <= {"value", "confidence", "needs_review", "page", "bbox"}, field
    assert {"value", "confidence", "needs_review"} <= set(field)
    assert 0.0 <= field["confidence"] <= 1.0
    assert isinstance(field["needs_review"], bool)
    if "page" in field:
        assert isinstance(field["page"], int) and field["page"] >= 1
    if "bbox" in field:
        x0, top, x1, bottom = field["bbox"]
        assert x0 <= x1 and top <= bottom
    check_value(name, field["value"])


def check_document(obj: dict) -> None:
    if "error" in obj:
        assert "fields" not in obj
        assert obj["error"]["code"] and obj["error"]["message"]
        return
    assert set(obj) == TOP_KEYS, set(obj) ^ TOP_KEYS
    doc_type = DocType(obj["doc_type"])
    assert re.fullmatch(r"[0-9a-f]{64}", obj["sha256"])
    assert 0.0 <= obj["doc_type_confidence"] <= 1.0
    assert obj["pages"] >= 1 and isinstance(obj["ocr"], bool)
    for name, field in obj["fields"].items():
        assert name in FIELD_NAMES[doc_type], f"{name} is not a {doc_type} field"
        check_field(name, field)
    for table, rows in obj["tables"].items():
        assert table in TABLE_COLUMNS, table
        for row in rows:
            for col, cell in row.items():
                assert col in TABLE_COLUMNS[table], (table, col)
                check_field(col, cell)


def test_real_fixtures_give_one_valid_object_per_file(real_fixtures: Path) -> None:
    files = sorted(p for p in real_fixtures.rglob("*") if p.suffix.lower() in DOC_SUFFIXES)
    result = run_extract(str(real_fixtures))
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == len(files), result.stderr[-2000:]
    assert [Path(o["source"]).resolve() for o in lines] == [f.resolve() for f in files]
    for obj in lines:
        check_document(obj)
    assert result.returncode == (1 if any("error" in o for o in lines) else 0)
    assert sum(o.get("doc_type") == "invoice" for o in lines) >= 8  # most invoices are recognised


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-empty.pdf").write_bytes(b"")
    (tmp_path / "b-corrupt.pdf").write_bytes(b"%PDF-1.7\n%garbage that is no PDF")
    (tmp_path / "c-not-an-image.png").write_text("hello")
    result = run_extract(str(tmp_path))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["source"]).name for o in lines] == ["a-empty.pdf", "b-corrupt.pdf", "c-not-an-image.png"]
    for obj in lines:
        check_document(obj)
        assert "error" in obj and Path(obj["source"]).name in obj["source"]
    assert result.returncode == 1
