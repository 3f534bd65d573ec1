from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from ledger.journal import DraftEntry, DraftLine, PostingError
from ledger.posting import write_entry
from schemas.records import DocumentRecord, JournalEntry, JournalLine


@pytest.fixture()
def session(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        yield s


def _doc(session: Session) -> int:
    rec = DocumentRecord(client="c", sha256="a" * 64, source_name="x.pdf", stored_path="/x.pdf")
    session.add(rec)
    session.commit()
    return rec.id  # type: ignore[return-value]


DRAFT = DraftEntry(
    date(2026, 11, 1), "invoice 1", "USD",
    (DraftLine("6000", debit=Decimal("100.10")), DraftLine("1400", debit=Decimal("0.01")), DraftLine("2000", credit=Decimal("100.11"))),
)


def test_posting_twice_writes_one_entry_with_exact_decimals(session: Session) -> None:
    doc_id = _doc(session)
    first, created = write_entry(session, client="c", document_id=doc_id, draft=DRAFT, actor="system", pack_version="v1")
    session.commit()
    again, created_again = write_entry(session, client="c", document_id=doc_id, draft=DRAFT, actor="bob", pack_version="v1")
    session.commit()
    assert created and not created_again and first.id == again.id
    assert len(session.exec(select(JournalEntry)).all()) == 1
    lines = session.exec(select(JournalLine)).all()
    assert sorted(ln.debit for ln in lines) == [Decimal("0"), Decimal("0.01"), Decimal("100.10")]
    assert sum(ln.debit for ln in lines) == sum(ln.credit for ln in lines) == Decimal("100.11")
    assert all(isinstance(ln.credit, Decimal) for ln in lines)


def test_unbalanced_draft_writes_nothing(session: Session) -> None:
    doc_id = _doc(session)
    bad = DraftEntry(date(2026, 11, 1), "x", "USD", (DraftLine("6000", debit=Decimal("1")), DraftLine("2000", credit=Decimal("2"))))
    with pytest.raises(PostingError):
        write_entry(session, client="c", document_id=doc_id, draft=bad, actor="system", pack_version=None)
    assert session.exec(select(JournalEntry)).all() == []
