"""Rule-defect scoring with the real validators on the committed samples, the truth standing
in for a perfect extraction: every labelled defect is found and clean documents stay clean.
This checks the history (in order, twins excluded) and the per-document reference date."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from evaluation.dataset import load_truth, scored_documents
from evaluation.rules import reference_date, score_rules, truth_as_contract, twin_key

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def test_twins_and_reference_dates():
    assert twin_key("x/inv-0001-scan.png") == twin_key("x/inv-0001.pdf") != twin_key("x/inv-0002.pdf")
    assert str(reference_date({"notes": "seed 3; reference date 2026-10-01). Scanned"})) == "2026-10-01"
    assert reference_date({"notes": "from a real repo"}) is None


@pytest.mark.skipif(importlib.util.find_spec("validators.engine") is None, reason="validators missing")
def test_perfect_extraction_finds_every_labelled_defect_and_no_false_error():
    docs = scored_documents(SAMPLES)
    pairs = [(load_truth(p), truth_as_contract(load_truth(p), str(p))) for p in docs]
    pairs = [(e, x) for e, x in pairs if isinstance(e.get("defects"), list)]
    if not any(e["defects"] for e, _ in pairs):
        pytest.skip("no labelled defects in sample_docs")
    scores = score_rules(pairs)
    assert scores is not None
    run = scores.on_extraction
    labelled = {c.code: c for c in run.codes if c.with_defect}
    assert labelled, json.dumps(run.as_json())
    for code in labelled.values():
        assert code.recall == 1.0, code
    assert "DUPLICATE_INVOICE" in labelled  # the history saw the earlier invoice, not the twin
    assert all(c.false_flags == 0 for c in run.codes), [c for c in run.codes if c.false_flags]
    assert run.clean > 0 and run.clean_flagged == 0
