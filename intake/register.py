"""Register documents of a client in the database: one record per (client, sha256)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from intake.store import store_original
from ledgerline.errors import UnreadableDocument
from schemas.document import ExtractedDocument
from schemas.money import NotMoney, to_money
from schemas.records import DocumentRecord, DocumentStatus, utcnow

# a record in one of these states has been dealt with: the same file again is not re-run
SETTLED = frozenset({
    DocumentStatus.POSTED, DocumentStatus.IN_REVIEW, DocumentStatus.REJECTED,
    DocumentStatus.RETURNED, DocumentStatus.FAILED,
})


@dataclass(frozen=True)
class Registered:
    record_id: int | None
    source: str
    stored_path: str | None
    is_new: bool  # False: the same bytes were already processed for this client
    error: UnreadableDocument | None = None


def register_file(
    session: Session, *, client: str, source: Path, originals_dir: Path, max_bytes: int, batch_id: str
) -> Registered:
    """Store the original and create (or find) its record. Unreadable files get a failed
    record when their bytes can be hashed, so they show up in the batch report."""
    try:
        stored = store_original(source, originals_dir, max_bytes=max_bytes)
    except UnreadableDocument as exc:
        return Registered(None, str(source), None, is_new=True, error=exc)
    record = session.exec(
        select(DocumentRecord).where(DocumentRecord.client == client, DocumentRecord.sha256 == stored.sha256)
    ).first()
    if record is not None and record.status in SETTLED:
        return Registered(record.id, str(source), record.stored_path, is_new=False)
    if record is None:
        record = DocumentRecord(
            client=client, sha256=stored.sha256, source_name=str(source), stored_path=str(stored.path),
            batch_id=batch_id,
        )
        session.add(record)
        session.flush()
    return Registered(record.id, str(source), record.stored_path, is_new=True)


def _facts(doc: ExtractedDocument) -> dict[str, object]:
    def text(*names: str) -> str | None:
        for n in names:
            v = doc.value(n)
            if isinstance(v, str) and v:
                return v
        return None

    amount = None
    raw = text("total", "total_charge", "net_pay", "wages")
    if raw is not None:
        try:
            amount = to_money(raw)
        except NotMoney:
            amount = None
    when = None
    raw_date = text("invoice_date", "pay_date", "pay_period_end")
    if raw_date:
        try:
            when = date.fromisoformat(raw_date)
        except ValueError:
            when = None
    return {
        "party": text("vendor_name", "billing_provider_name", "employer_name"),
        "reference": text("invoice_number", "patient_account_number", "employee_id", "employee_ssn"),
        "amount": amount,
        "currency": text("currency"),
        "doc_date": when,
    }


def record_extraction(session: Session, record: DocumentRecord, doc: ExtractedDocument) -> None:
    record.extraction = doc.to_contract()
    record.doc_type = doc.doc_type.value
    record.pages = doc.pages
    record.ocr = doc.ocr
    for key, value in _facts(doc).items():
        setattr(record, key, value)
    record.updated_at = utcnow()
    session.add(record)


def record_failure(session: Session, record: DocumentRecord, code: str, message: str) -> None:
    record.status = DocumentStatus.FAILED
    record.error_code = code
    record.error_message = message
    record.updated_at = utcnow()
    session.add(record)
