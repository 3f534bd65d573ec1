"""The eval command end to end: on a hand-written extraction file, and on real extraction."""
from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from evaluation.cli import eval_app, register
from evaluation.matching import values_match

runner = CliRunner()
REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"


def _folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, truth in {
        "a.pdf": {"doc_type": "invoice", "fields": {"total": "10.00", "invoice_number": "A-1"}},
        "b.png": {"doc_type": "receipt", "fields": {"total": "5.00", "vendor_name": "Shop Sdn Bhd"}},
    }.items():
        (docs / name).write_bytes(b"not really a document")
        (docs / name).with_suffix(".expected.json").write_text(json.dumps(truth))
    (docs / "no-truth.pdf").write_bytes(b"x")  # not scored
    return docs


def test_register_adds_eval_bench_and_calibrate():
    app = typer.Typer()
    register(app)
    names = {c.name for c in app.registered_commands}
    assert names == {"eval", "bench", "calibrate"}


def test_eval_scores_an_extraction_file(tmp_path):
    docs = _folder(tmp_path)
    lines = [
        {"source": str(docs / "a.pdf"), "sha256": "a", "doc_type": "invoice", "pages": 1, "ocr": False,
         "fields": {"total": {"value": "10", "confidence": 0.9, "needs_review": False},
                    "invoice_number": {"value": "A-7", "confidence": 0.9, "needs_review": False}}},
        {"source": str(docs / "b.png"), "sha256": "b", "doc_type": "receipt", "pages": 1, "ocr": True,
         "fields": {"vendor_name": {"value": "SHOP", "confidence": 0.4, "needs_review": True}}},
    ]
    extracted = tmp_path / "x.jsonl"
    extracted.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    out, md = tmp_path / "r.json", tmp_path / "r.md"
    result = runner.invoke(eval_app, ["eval", str(docs), "--extracted", str(extracted), "--json", str(out),
                                      "--markdown", str(md)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    o = data["overall"]
    assert o["documents"] == 2 and o["fields"]["count"] == 4 and o["fields"]["correct"] == 2
    assert o["fields"]["silent_errors"] == 1  # invoice_number A-7, accepted
    assert o["straight_through"] == 1
    assert set(data["by_mode"]) == {"text", "ocr"}
    assert data["per_field"]["receipt"]["total"]["present"] == 0
    assert "silent-error rate: 50.0%" in md.read_text()


def test_low_accuracy_is_not_a_failure(tmp_path):
    docs = _folder(tmp_path)
    extracted = tmp_path / "empty.jsonl"
    extracted.write_text("")
    result = runner.invoke(eval_app, ["eval", str(docs), "--extracted", str(extracted)])
    assert result.exit_code == 0, result.output
    assert "field accuracy: 0.0%" in result.output


@pytest.mark.skipif(importlib.util.find_spec("extractors.pipeline") is None, reason="extractors.pipeline missing")
def test_eval_runs_the_real_extraction_end_to_end(tmp_path):
    if not REAL.is_dir():
        pytest.skip("shared fixtures absent")
    docs = tmp_path / "real"
    docs.mkdir()
    for name in ("AzureInterior", "oyo"):
        for suffix in (".pdf", ".expected.json"):
            shutil.copy(REAL / "invoice2data" / f"{name}{suffix}", docs / f"{name}{suffix}")
    out = tmp_path / "r.json"
    result = runner.invoke(eval_app, ["eval", str(docs), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["overall"]["documents"] == 2 and data["overall"]["failed"] == 0
    assert data["overall"]["docs_per_second"] > 0
    truth = json.loads((docs / "AzureInterior.expected.json").read_text())
    azure = next(d for d in data["documents"] if d["source"].endswith("AzureInterior.pdf"))
    assert set(azure["fields"]) == set(truth["fields"])
    for name, r in azure["fields"].items():  # the report's verdicts are the matcher's
        assert r["correct"] == values_match(name, truth["fields"][name], r["extracted"])
    assert azure["tables"]["line_items"]["cells"] == sum(len(row) for row in truth["tables"]["line_items"])
