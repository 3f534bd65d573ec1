"""The batch flow end to end through a real (test-harness) Prefect server and SQLite."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from ledgerline.settings import get_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prefect():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture()
def inbox(tmp_path: Path, write_invoice) -> Path:
    box = tmp_path / "inbox"
    box.mkdir()
    write_invoice(box / "good.pdf", number="INV-7001", subtotal="200.00", tax="16.00", total="216.00")
    write_invoice(box / "wrong-total.pdf", number="INV-7002", subtotal="200.00", tax="16.00", total="261.00")
    (box / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (box / "empty.png").write_bytes(b"")
    return box


@pytest.fixture()
def fresh_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LEDGERLINE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_batch_posts_queues_fails_and_never_posts_twice(prefect, inbox: Path, fresh_data) -> None:
    from flows.process_batch import process_batch
    from ledgerline.db import session_scope
    from schemas.records import DocumentRecord, ExceptionItem, JournalEntry, JournalLine

    first = process_batch("default", [str(inbox)])
    by_name = {Path(r.source).name: r for r in first.results}
    assert set(by_name) == {"good.pdf", "wrong-total.pdf", "truncated.pdf", "empty.png"}
    assert by_name["truncated.pdf"].status == "failed" and by_name["truncated.pdf"].error
    assert by_name["empty.png"].status == "failed" and "EMPTY" in by_name["empty.png"].error
    assert by_name["wrong-total.pdf"].status == "in_review"
    assert "TOTAL_MISMATCH" in by_name["wrong-total.pdf"].reasons

    with session_scope() as s:
        entries = s.exec(select(JournalEntry)).all()
        lines = s.exec(select(JournalLine)).all()
        items = s.exec(select(ExceptionItem)).all()
        failed = s.exec(select(DocumentRecord).where(DocumentRecord.status == "failed")).all()
    assert sum(ln.debit for ln in lines) == sum(ln.credit for ln in lines)
    assert all(isinstance(ln.debit, Decimal) for ln in lines)
    posted = [r for r in first.results if r.status == "posted"]
    assert len(entries) == len(posted)
    assert any(it.reason_codes and "TOTAL_MISMATCH" in it.reason_codes for it in items)
    assert [f.error_code for f in failed] and all(f.error_message for f in failed)

    second = process_batch("default", [str(inbox)])
    by_name2 = {Path(r.source).name: r for r in second.results}
    assert by_name2["good.pdf"].status == "skipped"
    assert by_name2["wrong-total.pdf"].status == "skipped"
    with session_scope() as s:
        assert len(s.exec(select(JournalEntry)).all()) == len(entries)
        assert len(s.exec(select(ExceptionItem)).all()) == len(items)


def test_unknown_client_fails_before_any_work(prefect, inbox: Path, fresh_data) -> None:
    from flows.process_batch import process_batch
    from ledgerline.errors import ConfigError

    with pytest.raises(ConfigError, match="no-such-client"):
        process_batch("no-such-client", [str(inbox)])


def test_scans_are_read_with_the_clients_ocr_languages(prefect, tmp_path: Path, monkeypatch, fresh_data) -> None:
    from extractors.ocr import installed_languages
    from flows.process_batch import process_batch
    from ledgerline.db import session_scope
    from schemas.records import DocumentRecord
    from tests.extractors.test_ocr_languages import draw_lines

    if "deu" not in installed_languages():
        pytest.skip("tesseract-ocr-deu not installed (make installs it)")
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "koeln.yaml").write_text("name: koeln\ndisplay_name: Köln GmbH\nocr_languages: [deu, eng]\n")
    monkeypatch.setenv("LEDGERLINE_CLIENTS_DIR", str(clients))
    get_settings.cache_clear()
    box = tmp_path / "scans"
    box.mkdir()
    draw_lines(box / "rechnung.png", ["Müller Bürobedarf GmbH", "Rechnung Nr. R-1001",
                                      "Datum: 03.03.2026", "Gesamtbetrag 119,00 EUR"])
    process_batch("koeln", [str(box)])
    with session_scope() as s:
        [record] = s.exec(select(DocumentRecord)).all()
    assert record.extraction["fields"]["vendor_name"]["value"] == "Müller Bürobedarf GmbH"
