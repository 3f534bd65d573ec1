"""The committed sample_docs set: small, complete, and what the generator writes today."""
from __future__ import annotations

import json
from pathlib import Path

from corpus.regenerate_samples import SAMPLE_DIR, SAMPLE_N, SAMPLE_SEED, sample_world
from corpus.generate import generate_corpus


def _truths(root: Path) -> dict[Path, dict]:
    return {p: json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.expected.json"))}


def test_sample_docs_cover_the_brief():
    truths = _truths(SAMPLE_DIR)
    size = sum(p.stat().st_size for p in SAMPLE_DIR.rglob("*") if p.is_file())
    assert size <= 30 * 1024 * 1024
    text = {p: t for p, t in truths.items() if not p.name.endswith("-scan.expected.json")}
    kinds = [t["doc_type"] for t in text.values()]
    assert kinds.count("invoice") >= 5 and kinds.count("receipt") >= 1
    assert kinds.count("claim") >= 2 and kinds.count("paystub") >= 2 and kinds.count("w2") >= 2
    codes = [(t["doc_type"], d["code"]) for t in text.values() for d in t["defects"]]
    assert ("invoice", "TOTAL_MISMATCH") in codes and ("invoice", "DUPLICATE_INVOICE") in codes
    assert len(codes) >= 3
    notes = " ".join(t["notes"] for t in text.values())
    assert "multi-page" in notes and "credit note" in notes and "de_DE" in notes
    images = [p for p in SAMPLE_DIR.rglob("*-scan.*") if p.suffix in (".png", ".jpg", ".tif")]
    assert len(images) >= 3
    assert (SAMPLE_DIR / "PROVENANCE.md").exists()
    assert "not in the client's master data" in notes  # strangers: unknown vendor, employee, provider
    bad = {p.name for p in (SAMPLE_DIR / "bad").iterdir()}
    assert {"empty-scan.png", "truncated-invoice.pdf", "vendor-list.xlsx"} <= bad


def test_sample_docs_truth_is_current(tmp_path):
    """Fails when the generator changed and sample_docs was not regenerated."""
    generate_corpus(tmp_path, SAMPLE_N, SAMPLE_SEED, showcase=True, scans=False, world=sample_world())
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.expected.json")}
    committed = {p.relative_to(SAMPLE_DIR): p.read_bytes() for p in SAMPLE_DIR.rglob("*.expected.json")
                 if not p.name.endswith("-scan.expected.json")}
    assert fresh.keys() == committed.keys()
    stale = sorted(str(k) for k in fresh if fresh[k] != committed[k])
    assert stale == [], "run: .venv/bin/python -m corpus.regenerate_samples"
