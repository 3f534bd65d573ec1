"""The batch's steps as plain functions over chunks of documents (no Prefect here).

Each function commits per document, so one bad document never undoes or stops the others.
"""
from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from extractors.pipeline import extract_paths
from intake.inbox import list_inbox
from intake.register import Registered, record_extraction, record_failure, register_file
from ledger.settlement import settle
from ledgerline.db import session_scope
from ledgerline.settings import Settings
from schemas.client_config import DEFAULT_OCR_LANGUAGES, ClientConfig
from schemas.document import ExtractedDocument
from schemas.records import DocumentRecord, DocumentStatus, JournalEntry, JournalLine

log = logging.getLogger("ledgerline.batch")

# Progress of the running batch, for a terminal progress bar. The CLI sets a callback; the
# flow's tasks run in threads of the same process and call it after each step.
_progress: Callable[[str, int], None] | None = None


def set_progress(callback: Callable[[str, int], None] | None) -> None:
    """`callback(stage, n)`: stage "total" announces how many documents, "done" counts them."""
    global _progress
    _progress = callback


def report_progress(stage: str, n: int = 1) -> None:
    if _progress is not None:
        _progress(stage, n)


@dataclass
class DocumentResult:
    source: str
    status: str  # posted | in_review | failed | skipped
    doc_type: str = "unknown"
    reasons: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class BatchSummary:
    client: str
    batch_id: str
    results: list[DocumentResult] = field(default_factory=list)
    journal_totals: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.status for r in self.results))


def new_batch_id() -> str:
    return uuid.uuid4().hex[:12]


def register_batch(settings: Settings, client: str, inbox: list[Path], batch_id: str) -> list[Registered]:
    files = list_inbox(inbox)
    out: list[Registered] = []
    with session_scope() as session:
        for path in files:
            reg = register_file(
                session, client=client, source=path, originals_dir=settings.originals_dir,
                max_bytes=settings.max_file_mb * 1_000_000, batch_id=batch_id,
            )
            session.commit()
            out.append(reg)
    return out


def extract_chunk(chunk: list[Registered], workers: int,
                  ocr_languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> list[dict]:
    """Extraction of stored originals, scans read with the client's OCR languages; returns
    contract dicts (picklable, JSON-able)."""
    paths = [Path(r.stored_path) for r in chunk if r.stored_path]
    docs = list(extract_paths(paths, workers=workers, ocr_languages=ocr_languages))
    out = []
    for reg, doc in zip(chunk, docs, strict=True):
        update: dict[str, object] = {"source": reg.source}
        if doc.error is not None and reg.stored_path:
            # the extractor read the stored copy; the operator knows the file by its own name
            message = doc.error.message.replace(reg.stored_path, reg.source)
            update["error"] = doc.error.model_copy(update={"message": message})
        out.append(doc.model_copy(update=update).model_dump(mode="json"))
    return out


def settle_chunk(client: ClientConfig, chunk: list[Registered], extracted: list[dict], today: date) -> list[DocumentResult]:
    results: list[DocumentResult] = []
    with session_scope() as session:
        for reg, data in zip(chunk, extracted, strict=True):
            doc = ExtractedDocument.model_validate(data)
            record = session.get(DocumentRecord, reg.record_id)
            if record is None:  # pragma: no cover - registered in this batch
                continue
            try:
                if doc.error is not None:
                    record_failure(session, record, doc.error.code, doc.error.message)
                    session.commit()
                    results.append(DocumentResult(reg.source, "failed", error=f"{doc.error.code}: {doc.error.message}"))
                    report_progress("done")
                    continue
                record_extraction(session, record, doc)
                outcome = settle(session, record, doc, client, today=today)
                session.commit()
                results.append(DocumentResult(reg.source, outcome.status.value, doc.doc_type.value, list(outcome.reasons)))
                report_progress("done")
            except Exception as exc:  # one document's bug must not stop the batch
                session.rollback()
                log.exception("settling %s failed", reg.source)
                record = session.get(DocumentRecord, reg.record_id)
                if record is not None:
                    record_failure(session, record, "INTERNAL_ERROR", f"{type(exc).__name__}: {exc}")
                    session.commit()
                results.append(DocumentResult(reg.source, "failed", doc.doc_type.value, error=f"INTERNAL_ERROR: {exc}"))
                report_progress("done")
    return results


def journal_totals(client: str) -> dict[str, tuple[Decimal, Decimal]]:
    """Debit and credit totals by account over all of the client's entries."""
    totals: dict[str, tuple[Decimal, Decimal]] = {}
    with session_scope() as session:
        rows = session.exec(
            select(JournalLine.account, JournalLine.debit, JournalLine.credit)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .where(JournalEntry.client == client)
        ).all()
    for account, debit, credit in rows:
        d, c = totals.get(account, (Decimal("0"), Decimal("0")))
        totals[account] = (d + debit, c + credit)
    return dict(sorted(totals.items()))


def status_counts(client: str) -> dict[str, int]:
    with session_scope() as session:
        rows = session.exec(
            select(DocumentRecord.status, func.count()).where(DocumentRecord.client == client).group_by(DocumentRecord.status)
        ).all()
    return {str(s): n for s, n in rows}


def unreadable_result(reg: Registered) -> DocumentResult:
    assert reg.error is not None
    return DocumentResult(reg.source, "failed", error=f"{reg.error.code}: {reg.error.problem}")


def skipped_result(reg: Registered) -> DocumentResult:
    return DocumentResult(reg.source, "skipped", reasons=["already processed"])


def chunked(items: list[Registered], size: int) -> list[list[Registered]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


__all__ = ["BatchSummary", "DocumentResult", "DocumentStatus"]
