"""Replay a candidate pack over stored extractions in an in-memory SQLite database."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, func, select

from ledgerline.errors import ConfigError
from schemas.reasons import ReasonCode
from schemas.records import DocumentRecord, DocumentStatus, ExceptionItem
from validators.client_loader import load_client
from validators.replay import replay

R = ReasonCode


@pytest.fixture
def session():
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        yield s


@pytest.fixture
def clients(tmp_path):
    (tmp_path / "acme.yaml").write_text("name: acme\ndisplay_name: Acme\n")
    return tmp_path


def store(session, doc, *, client="acme", status=DocumentStatus.POSTED):
    rec = DocumentRecord(client=client, sha256=doc.sha256, source_name=doc.source, stored_path="x",
                         doc_type=doc.doc_type.value, status=status, extraction=doc.to_contract())
    session.add(rec)
    session.commit()
    return rec


def seed(session, h):
    store(session, h.invoice(), status=DocumentStatus.POSTED)  # 108.00
    big = h.invoice(invoice_number="INV-2000", subtotal="6000.00", tax_total="0.00", total="6000.00",
                    line_items=[], invoice_date="2026-10-01", due_date="2026-10-31")
    store(session, big)
    euro = h.invoice(invoice_number="INV-3000", currency="JPY", invoice_date="2026-09-01", due_date="2026-10-01")
    store(session, euro)
    bad = h.invoice(invoice_number="INV-4000", total="999.00", invoice_date="2026-08-01", due_date="2026-09-01")
    store(session, bad, status=DocumentStatus.IN_REVIEW)
    store(session, h.invoice(vendor_name="Other Client Co"), client="someone-else")


def test_replay_reports_newly_failing_and_rates(session, clients, h):
    seed(session, h)
    pack = clients / "candidate.yaml"
    pack.write_text("name: acme\ndisplay_name: Acme\nrules:\n  approval_limit: 5000\n"
                    "  allowed_currencies: [USD, EUR]\n")
    report = replay("acme", pack, session, today=h.today, clients_dir=clients)
    assert report.documents == 4  # the other client's document is not replayed
    assert report.posted_before == 3 and report.posted_after == 1
    assert report.straight_through_before == 0.75 and report.straight_through_after == 0.25
    failing = {c.document_id: c.after_reasons for c in report.newly_failing}
    assert len(failing) == 2
    assert [R.APPROVAL_REQUIRED] in failing.values() and [R.CURRENCY_NOT_ALLOWED] in failing.values()
    assert report.newly_passing == []
    assert report.old_version != report.new_version


def test_replay_reports_newly_passing(session, clients, h):
    seed(session, h)
    pack = clients / "loose.yaml"
    pack.write_text("name: acme\ndisplay_name: Acme\nrules:\n  disabled: [invoice.total]\n")
    report = replay("acme", pack, session, today=h.today, clients_dir=clients)
    assert [(c.before_reasons, c.after) for c in report.newly_passing] == [([R.TOTAL_MISMATCH], "post")]
    assert report.posted_after == 4


def test_replay_touches_nothing(session, clients, h):
    seed(session, h)
    before = [(r.id, r.status, r.rule_pack_version) for r in session.exec(select(DocumentRecord))]
    pack = clients / "candidate.yaml"
    pack.write_text("name: acme\ndisplay_name: Acme\nautomation: {invoice: never}\n")
    report = replay("acme", pack, session, today=h.today, clients_dir=clients)
    assert report.posted_after == 0
    assert not session.new and not session.dirty and not session.deleted
    session.expire_all()
    assert [(r.id, r.status, r.rule_pack_version) for r in session.exec(select(DocumentRecord))] == before
    assert session.exec(select(func.count()).select_from(ExceptionItem)).one() == 0


def test_replay_judges_duplicates_by_arrival_order(session, clients, h):
    store(session, h.invoice(source="first.pdf"))
    copy = h.invoice(source="copy.pdf")  # same vendor and number, different file
    store(session, copy, status=DocumentStatus.IN_REVIEW)
    pack = clients / "same.yaml"
    pack.write_text("name: acme\ndisplay_name: Acme\nrules:\n  tolerance: 0.02\n")
    report = replay("acme", pack, session, today=h.today, clients_dir=clients)
    assert report.posted_before == 1 and report.posted_after == 1  # the original still posts
    assert report.changes == []


def test_candidate_pack_for_another_client_is_refused(session, clients, h):
    pack = clients / "candidate.yaml"
    pack.write_text("name: other\ndisplay_name: Other\n")
    with pytest.raises(ConfigError, match=r"line 1, name: 'other' must match the client being replayed"):
        replay("acme", pack, session, today=h.today, clients_dir=clients)


def test_candidate_pack_master_data_is_relative_to_it(session, tmp_path, h):
    repo_clients = Path(__file__).resolve().parents[2] / "clients"
    for folder in ("live", "candidate"):
        shutil.copytree(repo_clients / "data", tmp_path / folder / "data")
        shutil.copy(repo_clients / "brightmart-retail.yaml", tmp_path / folder / "brightmart-retail.yaml")
    (tmp_path / "candidate" / "data" / "brightmart-retail" / "vendors.csv").write_text("name,tax_id\nSomeone Else,1\n")
    current = load_client("brightmart-retail", tmp_path / "live")
    store(session, h.invoice(), client="brightmart-retail")
    report = replay(current, tmp_path / "candidate" / "brightmart-retail.yaml", session, today=h.today)
    assert [c.after_reasons for c in report.newly_failing] == [[R.VENDOR_UNKNOWN]]


def test_unreadable_documents_are_skipped_not_a_crash(session, clients, h):
    seed(session, h)
    session.add(DocumentRecord(client="acme", sha256="f" * 64, source_name="broken.pdf", stored_path="x",
                               status=DocumentStatus.FAILED, extraction=None, error_code="CORRUPT"))
    session.commit()
    raw = session.exec(select(func.count()).where(DocumentRecord.extraction.is_(None))).one()  # type: ignore[union-attr]
    assert raw == 1  # stored as SQL NULL, not JSON 'null'
    pack = clients / "candidate.yaml"
    pack.write_text("name: acme\ndisplay_name: Acme\n")
    report = replay("acme", pack, session, clients_dir=clients)
    assert "broken.pdf" not in {c.source for c in report.changes}
