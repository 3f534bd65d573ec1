"""Settle one document: validate with the client's rules, then post it or queue it.

This is the one code path for straight-through documents (called by the batch flow) and for
documents an operator approves in the review screen.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from ledger.journal import PostingError, build_entry
from ledger.posting import write_entry
from schemas.client_config import ClientConfig
from schemas.document import ExtractedDocument
from schemas.reasons import ReasonCode
from schemas.records import (
    ACTIVE_QUEUE_STATES,
    AuditRecord,
    DocumentRecord,
    DocumentStatus,
    ExceptionItem,
    QueueState,
    utcnow,
)
from validators.engine import RuleContext, validate
from validators.history_db import DatabaseHistory
from validators.issue import Issue
from validators.master_data import load_master_data
from validators.routing import decide

# What an operator's approval settles: a person has looked at the fields and approves the
# amount. Rule errors on the data itself (arithmetic, duplicates, codes) still hold.
CLEARED_BY_APPROVAL = frozenset({ReasonCode.LOW_CONFIDENCE, ReasonCode.APPROVAL_REQUIRED})


@dataclass(frozen=True)
class Outcome:
    status: DocumentStatus
    reasons: tuple[str, ...] = ()
    entry_id: int | None = None
    posted_now: bool = False


def open_item(session: Session, document_id: int) -> ExceptionItem | None:
    return session.exec(
        select(ExceptionItem).where(
            ExceptionItem.document_id == document_id, ExceptionItem.state.in_(ACTIVE_QUEUE_STATES)  # type: ignore[attr-defined]
        )
    ).first()


def settle(
    session: Session,
    record: DocumentRecord,
    doc: ExtractedDocument,
    client: ClientConfig,
    *,
    today: date | None = None,
    actor: str = "system",
    approved: bool = False,
) -> Outcome:
    """Validate, decide and act, in the caller's transaction (the caller commits)."""
    today = today or date.today()
    ctx = RuleContext(
        client=client,
        today=today,
        history=DatabaseHistory(session, client.name, exclude_sha256=record.sha256),
        master=load_master_data(client),
    )
    issues: list[Issue] = validate(doc, ctx)
    if approved:
        issues = [i for i in issues if i.code not in CLEARED_BY_APPROVAL]
    decision = decide(doc, issues, client)
    record.rule_pack_version = decision.pack_version
    record.updated_at = utcnow()
    # An operator's approval overrides the automation level, never an error-severity rule.
    if decision.action == "post" or (approved and not any(i.is_error for i in issues)):
        return _post(session, record, doc, client, actor=actor, today=today, pack_version=decision.pack_version)
    item = queue_document(
        session, record, client, issues=issues, reasons=[str(r) for r in decision.reasons],
        priority=decision.priority, sla_hours=decision.sla_hours, pack_version=decision.pack_version,
    )
    record.status = DocumentStatus.IN_REVIEW
    session.add(record)
    return Outcome(DocumentStatus.IN_REVIEW, reasons=tuple(item.reason_codes))


def _post(
    session: Session, record: DocumentRecord, doc: ExtractedDocument, client: ClientConfig,
    *, actor: str, today: date, pack_version: str,
) -> Outcome:
    item = open_item(session, record.id)  # type: ignore[arg-type]
    try:
        draft = build_entry(doc, client.accounts, today)
    except PostingError as exc:
        failed = queue_document(
            session, record, client,
            issues=[Issue(code=ReasonCode.POSTING_FAILED, message=str(exc), rule_id="ledger.post")],
            reasons=[ReasonCode.POSTING_FAILED], priority=90, sla_hours=4, pack_version=pack_version,
            state=QueueState.FAILED_POST,
        )
        record.status = DocumentStatus.IN_REVIEW
        session.add(record)
        return Outcome(DocumentStatus.IN_REVIEW, reasons=tuple(failed.reason_codes))
    entry_id, created = None, False
    if draft is not None:
        entry, created = write_entry(
            session, client=client.name, document_id=record.id, draft=draft,  # type: ignore[arg-type]
            actor=actor, pack_version=pack_version,
        )
        entry_id = entry.id
    record.status = DocumentStatus.POSTED
    session.add(record)
    if item is not None:
        item.state = QueueState.RESOLVED
        item.assignee = item.assignee or actor
        item.lock_expires_at = None
        item.updated_at = utcnow()
        session.add(item)
    session.add(AuditRecord(actor=actor, action="post" if created else "post_skipped_existing",
                            document_id=record.id, item_id=item.id if item else None,
                            note=f"entry {entry_id}" if entry_id else "no entry for this document type"))
    return Outcome(DocumentStatus.POSTED, entry_id=entry_id, posted_now=created)


def queue_document(
    session: Session,
    record: DocumentRecord,
    client: ClientConfig,
    *,
    issues: list[Issue],
    reasons: list[str],
    priority: int,
    sla_hours: int,
    pack_version: str | None,
    state: QueueState = QueueState.OPEN,
) -> ExceptionItem:
    """Open an exception item for the document, or refresh the one already open."""
    item = open_item(session, record.id)  # type: ignore[arg-type]
    now = utcnow()
    if item is None:
        item = ExceptionItem(
            document_id=record.id, client=client.name, doc_type=record.doc_type,  # type: ignore[arg-type]
            sla_due_at=now + timedelta(hours=sla_hours), created_at=now,
        )
    elif item.state == QueueState.IN_REVIEW and state == QueueState.OPEN:
        state = QueueState.IN_REVIEW  # the operator keeps the lock while fixing it
    item.state = state
    item.reason_codes = list(dict.fromkeys(reasons))
    item.issues = [i.model_dump(mode="json") for i in issues]
    item.priority = priority
    item.rule_pack_version = pack_version
    item.updated_at = now
    session.add(item)
    session.flush()
    return item
