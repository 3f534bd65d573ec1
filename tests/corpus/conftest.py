"""Shared fixtures: one small generated corpus per test session (generation is the slow part)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.generate import generate_corpus

CORPUS_N, CORPUS_SEED = 24, 11


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, CORPUS_N, CORPUS_SEED, defect_rate=0.3)
    return out


@pytest.fixture(scope="session")
def truths(corpus_dir) -> dict[Path, dict]:
    """Every truth file of the session corpus, by document path."""
    out = {}
    for path in sorted(corpus_dir.rglob("*.expected.json")):
        document = [p for p in path.parent.glob(path.name.replace(".expected.json", ".*"))
                    if not p.name.endswith(".expected.json")]
        assert len(document) == 1, path
        out[document[0]] = json.loads(path.read_text(encoding="utf-8"))
    return out
