"""What duplicate checks ask about the documents a client has already sent.

`DocumentHistory` is the contract; `InMemoryHistory` serves tests and replays, and
`validators.history_db.DatabaseHistory` serves the pipeline. Both compare vendors by
`normalise_name` and money as Decimal.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from schemas.document import DocType, ExtractedDocument
from validators.fields import cell_date, date_of, money_of
from validators.master_data import normalise_name

INVOICE_FAMILY = frozenset({DocType.INVOICE.value, DocType.RECEIPT.value})
_PARTY = {"invoice": "vendor_name", "receipt": "vendor_name", "claim": "billing_provider_name",
          "paystub": "employer_name", "w2": "employer_name"}
_REFERENCE = {"invoice": "invoice_number", "receipt": "invoice_number", "claim": "patient_account_number",
              "paystub": "employee_id", "w2": "employee_ssn"}
_AMOUNT = {"invoice": "total", "receipt": "total", "claim": "total_charge", "paystub": "net_pay", "w2": "wages"}
_DATE = {"invoice": "invoice_date", "receipt": "invoice_date", "paystub": "pay_date"}


@dataclass(frozen=True)
class PriorDocument:
    """The facts of one earlier document that duplicate checks compare."""

    sha256: str
    doc_type: str
    party: str | None = None
    reference: str | None = None
    amount: Decimal | None = None
    doc_date: date | None = None
    service_dates: frozenset[date] = frozenset()
    source: str | None = None
    status: str | None = None


def prior_from_contract(data: dict[str, Any], *, status: str | None = None) -> PriorDocument:
    """Facts from a contract JSON dict (what `DocumentRecord.extraction` stores)."""
    doc_type = str(data.get("doc_type") or "unknown")
    fields = data.get("fields") or {}

    def val(name: str | None) -> Any:
        f = fields.get(name) if name else None
        return f.get("value") if isinstance(f, dict) else None

    lines = (data.get("tables") or {}).get("service_lines") or []
    dates = set()
    for row in lines:
        d = date_of((row.get("date_from") or {}).get("value")) if isinstance(row, dict) else None
        if d:
            dates.add(d)
    doc_date = date_of(val(_DATE.get(doc_type)))
    if doc_date is None and dates:
        doc_date = min(dates)
    party, reference = val(_PARTY.get(doc_type)), val(_REFERENCE.get(doc_type))
    return PriorDocument(
        sha256=str(data.get("sha256") or ""), doc_type=doc_type,
        party=party if isinstance(party, str) else None,
        reference=reference.strip() if isinstance(reference, str) else None,
        amount=money_of(val(_AMOUNT.get(doc_type))), doc_date=doc_date,
        service_dates=frozenset(dates), source=data.get("source"), status=status,
    )


def prior_from_document(doc: ExtractedDocument, *, status: str | None = None) -> PriorDocument:
    return prior_from_contract(doc.to_contract(), status=status)


def service_dates(doc: ExtractedDocument) -> frozenset[date]:
    return frozenset(d for row in doc.tables.get("service_lines", []) if (d := cell_date(row, "date_from")))


def same_party(a: str | None, b: str | None) -> bool:
    return bool(a and b) and normalise_name(a) == normalise_name(b)  # type: ignore[arg-type]


def is_invoice_match(p: PriorDocument, vendor: str, number: str) -> bool:
    return p.doc_type in INVOICE_FAMILY and same_party(p.party, vendor) and \
        (p.reference or "").casefold() == number.strip().casefold()


def is_similar_invoice(p: PriorDocument, vendor: str, amount: Decimal, on: date, window_days: int) -> bool:
    return (p.doc_type in INVOICE_FAMILY and same_party(p.party, vendor) and p.amount == amount
            and p.doc_date is not None and abs((p.doc_date - on).days) <= window_days)


def is_claim_match(p: PriorDocument, account: str, dates: frozenset[date], total: Decimal) -> bool:
    if p.doc_type != DocType.CLAIM.value or (p.reference or "") != account.strip() or p.amount != total:
        return False
    return not dates or not p.service_dates or p.service_dates == dates


class DocumentHistory(Protocol):
    def find_invoices(self, vendor: str, number: str) -> list[PriorDocument]: ...

    def find_similar_invoices(self, vendor: str, amount: Decimal, on: date, window_days: int) -> list[PriorDocument]: ...

    def find_claims(self, account: str, dates: Iterable[date], total: Decimal) -> list[PriorDocument]: ...


@dataclass
class InMemoryHistory:
    """A list of earlier documents; `add` takes an ExtractedDocument or a PriorDocument."""

    documents: list[PriorDocument] = field(default_factory=list)
    exclude_sha256: str | None = None

    def add(self, doc: ExtractedDocument | PriorDocument, *, status: str = "posted") -> None:
        self.documents.append(doc if isinstance(doc, PriorDocument) else prior_from_document(doc, status=status))

    def _others(self) -> list[PriorDocument]:
        return [p for p in self.documents if p.sha256 != self.exclude_sha256]

    def find_invoices(self, vendor: str, number: str) -> list[PriorDocument]:
        return [p for p in self._others() if is_invoice_match(p, vendor, number)]

    def find_similar_invoices(self, vendor: str, amount: Decimal, on: date, window_days: int) -> list[PriorDocument]:
        return [p for p in self._others() if is_similar_invoice(p, vendor, amount, on, window_days)]

    def find_claims(self, account: str, dates: Iterable[date], total: Decimal) -> list[PriorDocument]:
        wanted = frozenset(dates)
        return [p for p in self._others() if is_claim_match(p, account, wanted, total)]
