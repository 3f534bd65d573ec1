"""`ledgerline bench` end to end on a tiny generated batch: the real Prefect flow on a fresh
data dir, the same steps without Prefect, and the raw-tool floor. About 30 s on a quiet 2-core machine."""
from __future__ import annotations

import importlib.util
import json

import pytest
from typer.testing import CliRunner

from evaluation.cli import eval_app

needs = [m for m in ("corpus.cli", "extractors.pipeline", "flows.process_batch") if importlib.util.find_spec(m) is None]


@pytest.mark.slow
@pytest.mark.skipif(bool(needs), reason=f"missing {needs}")
def test_bench_runs_the_flow_and_the_floor(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(eval_app, ["bench", "--n", "2", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    # one corpus document, written as a text-layer PDF and as a scan
    assert (data["documents"], data["text_docs"], data["scan_docs"]) == (2, 1, 1)
    assert sum(data["flow"]["counts"].values()) == 2  # every document went through the flow
    assert sum(data["plain"]["counts"].values()) == 2
    fig = data["figures"]
    assert 0 < fig["prefect_share"] < 1
    assert fig["flow_steps_seconds"] < fig["flow_wall_seconds"]
    assert fig["floor_seconds_per_text_page"] > 0 and fig["floor_seconds_per_scanned_page"] > 0
    assert fig["ratio_per_text_page"] > 0 and fig["ratio_per_scanned_page"] > 0
    assert fig["peak_flow_tree_rss_mib"] > 100
    assert "Prefect share" in result.output
