"""`DocumentHistory` over the document table: what one client has already sent.

Only documents of that client whose status is posted or in review count (a rejected or
failed document is not a duplicate of anything), and never the document being validated
(`exclude_sha256`). Facts come from the denormalised columns (party, reference, amount,
doc_date) and fall back to the stored extraction when a column is empty.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, or_
from sqlmodel import Session, select

from schemas.records import DocumentRecord, DocumentStatus
from validators.history import (
    INVOICE_FAMILY,
    PriorDocument,
    is_claim_match,
    is_invoice_match,
    is_similar_invoice,
    prior_from_contract,
)

COUNTED = (DocumentStatus.POSTED.value, DocumentStatus.IN_REVIEW.value)


def prior_from_record(record: DocumentRecord) -> PriorDocument:
    base = prior_from_contract(record.extraction or {}, status=record.status)
    return PriorDocument(
        sha256=record.sha256, doc_type=record.doc_type, party=record.party or base.party,
        reference=record.reference or base.reference,
        amount=record.amount if record.amount is not None else base.amount,
        doc_date=record.doc_date or base.doc_date, service_dates=base.service_dates,
        source=record.source_name, status=record.status,
    )


class DatabaseHistory:
    def __init__(self, session: Session, client: str, *, exclude_sha256: str | None = None,
                 before_id: int | None = None) -> None:
        """`before_id`: only documents stored before that one (replays judge each document
        against what had arrived by then, so an original is not the duplicate of its copy)."""
        self.session = session
        self.client = client
        self.exclude_sha256 = exclude_sha256
        self.before_id = before_id

    def _records(self, doc_types: Iterable[str], *, reference: str | None = None,
                 dated: tuple[date, date] | None = None) -> list[PriorDocument]:
        query = select(DocumentRecord).where(
            DocumentRecord.client == self.client,
            DocumentRecord.doc_type.in_(list(doc_types)),  # type: ignore[attr-defined]
            DocumentRecord.status.in_(COUNTED),  # type: ignore[attr-defined]
        )
        if self.exclude_sha256:
            query = query.where(DocumentRecord.sha256 != self.exclude_sha256)
        if self.before_id is not None:
            query = query.where(DocumentRecord.id < self.before_id)  # type: ignore[operator]
        if reference is not None:
            # the column when filled; otherwise the row is read and checked from its extraction
            query = query.where(or_(func.lower(DocumentRecord.reference) == reference.strip().lower(),
                                    DocumentRecord.reference.is_(None)))  # type: ignore[union-attr]
        if dated is not None:
            query = query.where(or_(DocumentRecord.doc_date.between(*dated),  # type: ignore[union-attr]
                                    DocumentRecord.doc_date.is_(None)))  # type: ignore[union-attr]
        return [prior_from_record(r) for r in self.session.exec(query)]

    def find_invoices(self, vendor: str, number: str) -> list[PriorDocument]:
        return [p for p in self._records(INVOICE_FAMILY, reference=number) if is_invoice_match(p, vendor, number)]

    def find_similar_invoices(self, vendor: str, amount: Decimal, on: date, window_days: int) -> list[PriorDocument]:
        window = (on - timedelta(days=window_days), on + timedelta(days=window_days))
        return [p for p in self._records(INVOICE_FAMILY, dated=window)
                if is_similar_invoice(p, vendor, amount, on, window_days)]

    def find_claims(self, account: str, dates: Iterable[date], total: Decimal) -> list[PriorDocument]:
        wanted = frozenset(dates)
        return [p for p in self._records(["claim"], reference=account) if is_claim_match(p, account, wanted, total)]
