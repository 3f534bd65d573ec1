from __future__ import annotations

import json
from pathlib import Path

from corpus.generate import generate_corpus


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(tmp_path):
    first = generate_corpus(tmp_path / "a", 6, seed=5)
    generate_corpus(tmp_path / "b", 6, seed=5)
    assert {p.suffix for p in first} - {".pdf"}, "the scans are part of the comparison"
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert len(first) == 12  # each document twice: text PDF and scan
    assert a.keys() == b.keys()
    differing = [name for name in a if a[name] != b[name]]
    assert differing == []


def test_other_seed_gives_other_truth(tmp_path):
    generate_corpus(tmp_path / "a", 4, seed=5, scans=False)
    generate_corpus(tmp_path / "b", 4, seed=6, scans=False)
    a = {k: v for k, v in _snapshot(tmp_path / "a").items() if k.endswith(".json")}
    b = {k: v for k, v in _snapshot(tmp_path / "b").items() if k.endswith(".json")}
    assert a != b


def test_mix_is_respected(tmp_path):
    paths = generate_corpus(tmp_path, 4, seed=1, mix={"w2": 1, "receipt": 1}, scans=False)
    folders = {p.parent.name for p in paths}
    assert folders == {"w2", "receipts"}


def test_plan_truths_match_the_written_truth(tmp_path):
    from corpus.generate import plan_truths

    generate_corpus(tmp_path, 5, seed=9, scans=False)
    written = {p.name.removesuffix(".expected.json"): json.loads(p.read_text(encoding="utf-8"))
               for p in tmp_path.rglob("*.expected.json")}
    assert dict(plan_truths(5, seed=9)) == written
