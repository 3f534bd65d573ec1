"""Duplicate checks against the document table (DatabaseHistory)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from schemas.reasons import ReasonCode
from schemas.records import DocumentRecord, DocumentStatus
from validators.claim_rules import check_duplicate_claim
from validators.history_db import DatabaseHistory
from validators.invoice_rules import check_duplicate

R = ReasonCode


@pytest.fixture
def session():
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        yield s


def store(session, doc, *, client="acme", status=DocumentStatus.POSTED, columns=True):
    rec = DocumentRecord(client=client, sha256=doc.sha256, source_name=doc.source, stored_path="x",
                         doc_type=doc.doc_type.value, status=status, extraction=doc.to_contract())
    if columns and doc.doc_type.value == "invoice":
        rec.party, rec.reference = doc.value("vendor_name"), doc.value("invoice_number")
        rec.amount = Decimal(doc.value("total"))
    session.add(rec)
    session.commit()
    return rec


@pytest.mark.parametrize("columns", [True, False])
def test_invoice_duplicate_found_in_db(session, h, columns):
    store(session, h.invoice(), columns=columns)
    copy = h.invoice(source="rescan.pdf")
    history = DatabaseHistory(session, "acme", exclude_sha256=copy.sha256)
    assert [i.code for i in check_duplicate(copy, h.ctx(history=history))] == [R.DUPLICATE_INVOICE]
    near = h.invoice(invoice_number="INV-9", invoice_date="2026-11-05")
    assert [i.code for i in check_duplicate(near, h.ctx(history=DatabaseHistory(session, "acme")))] == [R.DUPLICATE_INVOICE]
    far = h.invoice(invoice_number="INV-9", invoice_date="2026-12-05")
    assert check_duplicate(far, h.ctx(history=DatabaseHistory(session, "acme"))) == []


def test_only_this_client_posted_or_in_review_and_not_itself(session, h):
    doc = h.invoice()
    store(session, doc, client="other")
    store(session, h.invoice(source="rejected.pdf"), status=DocumentStatus.REJECTED)
    history = DatabaseHistory(session, "acme", exclude_sha256=doc.sha256)
    assert check_duplicate(doc, h.ctx(history=history)) == []
    store(session, doc)  # the document itself, already stored
    assert check_duplicate(doc, h.ctx(history=history)) == []
    store(session, h.invoice(source="in-review.pdf"), status=DocumentStatus.IN_REVIEW)
    assert [i.code for i in check_duplicate(doc, h.ctx(history=history))] == [R.DUPLICATE_INVOICE]


def test_claim_duplicate_found_in_db(session, h):
    lines = [{"date_from": "2026-11-02", "charge": "250.00"}]
    claim = h.doc("claim", {"patient_account_number": "ACC-1", "total_charge": "250.00"}, {"service_lines": lines})
    store(session, claim)
    copy = h.doc("claim", {"patient_account_number": "ACC-1", "total_charge": "250.00", "payer_name": "X"},
                 {"service_lines": lines})
    history = DatabaseHistory(session, "acme", exclude_sha256=copy.sha256)
    assert [i.code for i in check_duplicate_claim(copy, h.ctx(history=history))] == [R.DUPLICATE_CLAIM]
    other = h.doc("claim", {"patient_account_number": "ACC-2", "total_charge": "250.00"}, {"service_lines": lines})
    assert check_duplicate_claim(other, h.ctx(history=history)) == []


def test_settlement_posts_clean_and_queues_duplicate(session, h):
    """The colleague's settlement path runs end to end on our engine, routing and history."""
    from ledger.settlement import settle
    from validators.client_loader import load_client
    from pathlib import Path

    client = load_client("default", Path(__file__).resolve().parents[2] / "clients")
    first = h.invoice(source="a.pdf")
    rec = store(session, first, client="default", status=DocumentStatus.RECEIVED)
    outcome = settle(session, rec, first, client, today=h.today)
    session.commit()
    assert outcome.status == DocumentStatus.POSTED and rec.rule_pack_version == client.pack_version
    copy = h.invoice(source="b.pdf")
    rec2 = store(session, copy, client="default", status=DocumentStatus.RECEIVED)
    outcome = settle(session, rec2, copy, client, today=h.today)
    assert outcome.status == DocumentStatus.IN_REVIEW and outcome.reasons == (R.DUPLICATE_INVOICE,)
