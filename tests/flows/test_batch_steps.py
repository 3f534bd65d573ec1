"""The batch's step functions without Prefect, and the CLI's reports over what they wrote."""
from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import batch_steps as steps
from ledgerline.settings import get_settings
from validators.client_loader import load_client


@pytest.fixture()
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LEDGERLINE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def test_steps_register_extract_settle_and_report(tmp_path: Path, settings, write_invoice) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_invoice(inbox / "a.pdf", number="INV-1", subtotal="100.00", tax="8.00", total="108.00")
    write_invoice(inbox / "b.pdf", number="INV-2", subtotal="100.00", tax="8.00", total="180.00")
    (inbox / "c.pdf").write_bytes(b"not a pdf at all")

    registered = steps.register_batch(settings, "default", [inbox], "b1")
    assert [Path(r.source).name for r in registered] == ["a.pdf", "b.pdf", "c.pdf"]
    assert all(r.is_new and r.error is None for r in registered)
    assert all(Path(r.stored_path).is_relative_to(settings.originals_dir) for r in registered)

    extracted = steps.extract_chunk(registered, workers=1)
    assert [Path(e["source"]).name for e in extracted] == ["a.pdf", "b.pdf", "c.pdf"]
    assert extracted[2]["error"]["code"]
    assert str(inbox / "c.pdf") in extracted[2]["error"]["message"]  # the file by its own name
    assert "originals" not in extracted[2]["error"]["message"]

    results = steps.settle_chunk(load_client("default"), registered, extracted, date(2026, 11, 24))
    status = {Path(r.source).name: r for r in results}
    assert status["c.pdf"].status == "failed"
    assert status["b.pdf"].status == "in_review" and "TOTAL_MISMATCH" in status["b.pdf"].reasons

    again = steps.register_batch(settings, "default", [inbox], "b2")
    assert [r.is_new for r in again] == [status["a.pdf"].status not in ("posted", "in_review"), False, False]

    runner = CliRunner()
    from ledgerline.cli import app

    queue = runner.invoke(app, ["queue", "list", "--client", "default"])
    assert queue.exit_code == 0, queue.output
    assert "TOTAL_MISMATCH" in queue.output

    out_csv = tmp_path / "journal.csv"
    exported = runner.invoke(app, ["ledger", "show", "--csv", str(out_csv)])
    assert exported.exit_code == 0, exported.output
    with out_csv.open() as fh:
        rows = list(csv.DictReader(fh))
    assert sum(Decimal(r["debit"]) for r in rows) == sum(Decimal(r["credit"]) for r in rows)
    if status["a.pdf"].status == "posted":
        assert {r["account"] for r in rows} >= {"2000 Accounts Payable"}
        assert Decimal("108.00") in {Decimal(r["credit"]) for r in rows}
