"""The exception queue over the database: one transition table, and the operators' actions.

State lives in the `exception_item` table, never in a paused flow. Each action is a
keyword-only function taking a Session and the acting User; it checks the user may act on
the item (queries are scoped by the user's clients: another client's item is "not found"),
moves the item through `transition`, writes an append-only AuditRecord for every change
and commits. Corrections of fields and table cells are in `review.corrections`.
"""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from ledger.settlement import Outcome, settle
from ledgerline.errors import IllegalTransition, LedgerlineError, NotFound
from ledgerline.settings import Settings, get_settings
from schemas.document import ExtractedDocument
from schemas.records import (
    ACTIVE_QUEUE_STATES,
    AuditRecord,
    DocumentRecord,
    DocumentStatus,
    ExceptionItem,
    QueueState,
    User,
    utcnow,
)
from review.masking import mask_value
from review.users import get_user, is_lead, scope_to_user, serves

Q = QueueState
ALLOWED: dict[QueueState, set[QueueState]] = {
    Q.OPEN: {Q.IN_REVIEW},
    Q.IN_REVIEW: {Q.RESOLVED, Q.REJECTED, Q.RETURNED, Q.POSTPONED, Q.OPEN},
    Q.POSTPONED: {Q.OPEN, Q.IN_REVIEW},
    Q.FAILED_POST: {Q.IN_REVIEW},
    Q.RESOLVED: set(),
    Q.REJECTED: set(),
    Q.RETURNED: set(),
}
ACTIVE_STATES = ACTIVE_QUEUE_STATES
CLAIMABLE_STATES = (Q.OPEN, Q.FAILED_POST)


class ItemLocked(LedgerlineError):
    exit_code = 4
    code = "ITEM_LOCKED"


class Forbidden(LedgerlineError):
    exit_code = 4
    code = "FORBIDDEN"


class InvalidInput(LedgerlineError):
    exit_code = 2
    code = "INVALID_INPUT"


def transition(item: ExceptionItem, to: QueueState, *, actor: str, note: str | None = None) -> AuditRecord:
    """Move `item` to `to` or raise IllegalTransition; the audit record joins the item's session."""
    current = Q(item.state)
    if to not in ALLOWED[current]:
        allowed = ", ".join(sorted(ALLOWED[current])) or "nothing (it is closed)"
        raise IllegalTransition(f"queue item {item.id} is {current}; it cannot become {to} "
                                f"(from {current} it can become: {allowed})")
    item.state = to
    item.updated_at = utcnow()
    audit = AuditRecord(actor=actor, action=f"state:{to}", document_id=item.document_id, item_id=item.id,
                        field="state", old=str(current), new=str(to), note=note)
    session = object_session(item)
    if session is not None:
        session.add(item)
        session.add(audit)
    return audit


# --- queries ----------------------------------------------------------------------------

def list_items(
    session: Session, *, user: User | None = None, client: str | None = None,
    states: tuple[QueueState, ...] = ACTIVE_STATES, doc_type: str | None = None,
    reason: str | None = None, overdue_only: bool = False, now: datetime | None = None,
) -> list[ExceptionItem]:
    """Queue items, most urgent first. `user=None` (the CLI) sees every client."""
    stmt = select(ExceptionItem).where(ExceptionItem.state.in_([str(s) for s in states]))  # type: ignore[attr-defined]
    if user is not None:
        stmt = scope_to_user(stmt, user, ExceptionItem.client)
    if client:
        stmt = stmt.where(ExceptionItem.client == client)
    if doc_type:
        stmt = stmt.where(ExceptionItem.doc_type == doc_type)
    if overdue_only:
        stmt = stmt.where(ExceptionItem.sla_due_at < (now or utcnow()))  # type: ignore[operator]
    stmt = stmt.order_by(ExceptionItem.priority.desc(), ExceptionItem.sla_due_at.is_(None),  # type: ignore[attr-defined]
                         ExceptionItem.sla_due_at, ExceptionItem.id)
    items = list(session.exec(stmt).all())
    if reason:  # reason codes are a JSON list: filter in Python, the scoped set is small
        items = [i for i in items if reason in (i.reason_codes or [])]
    return items


def get_item(session: Session, *, user: User, item_id: int) -> ExceptionItem:
    stmt = scope_to_user(select(ExceptionItem).where(ExceptionItem.id == item_id), user, ExceptionItem.client)
    item = session.exec(stmt).first()
    if item is None:
        raise NotFound(f"queue item {item_id} does not exist or belongs to a client you do not serve")
    return item


def get_document(session: Session, *, user: User, document_id: int) -> DocumentRecord:
    stmt = scope_to_user(select(DocumentRecord).where(DocumentRecord.id == document_id), user, DocumentRecord.client)
    record = session.exec(stmt).first()
    if record is None:
        raise NotFound(f"document {document_id} does not exist or belongs to a client you do not serve")
    return record


def audit_trail(session: Session, *, user: User, item_id: int) -> list[AuditRecord]:
    item = get_item(session, user=user, item_id=item_id)
    stmt = select(AuditRecord).where(or_(AuditRecord.item_id == item.id, AuditRecord.document_id == item.document_id))
    return list(session.exec(stmt.order_by(AuditRecord.at, AuditRecord.id)).all())  # type: ignore[arg-type]


# --- locks ------------------------------------------------------------------------------

def _lock_until(now: datetime, settings: Settings | None) -> datetime:
    return now + timedelta(minutes=(settings or get_settings()).review_idle_minutes)


def release_expired_locks(session: Session, now: datetime | None = None) -> int:
    """Items left in review past their lock return to open. Returns how many."""
    now = now or utcnow()
    stale = session.exec(select(ExceptionItem).where(
        ExceptionItem.state == Q.IN_REVIEW, ExceptionItem.lock_expires_at < now)).all()  # type: ignore[operator]
    for item in stale:
        transition(item, Q.OPEN, actor="system", note=f"idle lock of {item.assignee} expired")
        item.assignee, item.lock_expires_at = None, None
    if stale:
        session.commit()
    return len(stale)


def claim_next(session: Session, *, user: User, now: datetime | None = None,
               settings: Settings | None = None) -> ExceptionItem | None:
    """Lock the most urgent item the user may take: highest priority, earliest SLA due.

    A user who already holds a live lock gets that item back (its lock refreshed).
    """
    now = now or utcnow()
    release_expired_locks(session, now)
    held = session.exec(scope_to_user(select(ExceptionItem).where(
        ExceptionItem.state == Q.IN_REVIEW, ExceptionItem.assignee == user.username), user, ExceptionItem.client)
        .order_by(ExceptionItem.priority.desc(), ExceptionItem.id)).first()  # type: ignore[attr-defined]
    if held is not None:
        held.lock_expires_at = _lock_until(now, settings)
        session.add(held)
        session.commit()
        return held
    for attempt in range(5):
        try:
            return _claim_free_item(session, user, now, settings)
        except OperationalError:  # SQLite: a concurrent claim invalidated our snapshot; look again
            session.rollback()
            time.sleep(0.05 * (attempt + 1))
    return _claim_free_item(session, user, now, settings)


def _claim_free_item(session: Session, user: User, now: datetime, settings: Settings | None) -> ExceptionItem | None:
    due = or_(ExceptionItem.state.in_([str(s) for s in CLAIMABLE_STATES]),  # type: ignore[attr-defined]
              (ExceptionItem.state == Q.POSTPONED) & (ExceptionItem.postponed_until <= now))  # type: ignore[operator]
    stmt = scope_to_user(select(ExceptionItem).where(due), user, ExceptionItem.client).order_by(
        ExceptionItem.priority.desc(), ExceptionItem.sla_due_at.is_(None), ExceptionItem.sla_due_at,  # type: ignore[attr-defined]
        ExceptionItem.created_at, ExceptionItem.id).execution_options(populate_existing=True)
    for candidate in session.exec(stmt).all():
        before = Q(candidate.state)
        # optimistic lock: only one claimer wins the row
        won = session.execute(update(ExceptionItem).where(
            ExceptionItem.id == candidate.id, ExceptionItem.state == before,
            ExceptionItem.updated_at == candidate.updated_at,
        ).values(state=Q.IN_REVIEW, assignee=user.username, lock_expires_at=_lock_until(now, settings),
                 updated_at=now)).rowcount  # type: ignore[attr-defined]
        if not won:
            continue
        session.add(AuditRecord(actor=user.username, action="claim", document_id=candidate.document_id,
                                item_id=candidate.id, field="state", old=str(before), new=str(Q.IN_REVIEW)))
        session.commit()
        session.refresh(candidate)
        return candidate
    session.rollback()
    return None


def _take(session: Session, item: ExceptionItem, user: User, now: datetime, settings: Settings | None) -> None:
    """Make sure `user` holds the item in review (claiming it when it is free)."""
    state = Q(item.state)
    if state == Q.IN_REVIEW:
        locked = item.lock_expires_at is not None and item.lock_expires_at > now
        if item.assignee != user.username and locked:
            raise ItemLocked(f"queue item {item.id} is being reviewed by {item.assignee} until "
                             f"{item.lock_expires_at:%H:%M} UTC; a lead can reassign it")
        if item.assignee != user.username:
            session.add(AuditRecord(actor=user.username, action="claim", document_id=item.document_id,
                                    item_id=item.id, field="assignee", old=item.assignee, new=user.username,
                                    note="previous lock had expired"))
    else:
        if Q.IN_REVIEW not in ALLOWED[state]:
            raise IllegalTransition(f"queue item {item.id} is {state}: it is closed, nothing more can be done to it")
        transition(item, Q.IN_REVIEW, actor=user.username, note="claimed by acting on it")
    item.assignee = user.username
    item.lock_expires_at = _lock_until(now, settings)
    item.updated_at = now
    session.add(item)


def heartbeat(session: Session, *, user: User, item_id: int, idle_seconds: int = 0, now: datetime | None = None,
              settings: Settings | None = None) -> ExceptionItem:
    """Extend the caller's lock to `review_idle_minutes` after his last activity (`idle_seconds` ago).

    The review page sends this while the operator is active, so a working operator keeps the
    item and an idle tab lets the lock lapse. Never shortens a lock; not audited (it changes
    no data — a lapse is audited when `release_expired_locks` returns the item to open).
    """
    now = now or utcnow()
    item = get_item(session, user=user, item_id=item_id)
    if item.state != Q.IN_REVIEW or item.assignee != user.username:
        holder = f"with {item.assignee}" if item.state == Q.IN_REVIEW else str(item.state)
        raise ItemLocked(f"queue item {item.id} is no longer yours (it is {holder}); "
                         "reload the page to claim it again")
    last_active = now - timedelta(seconds=max(0, idle_seconds))
    until = _lock_until(last_active, settings)
    if item.lock_expires_at is None or until > item.lock_expires_at:
        item.lock_expires_at = until
        session.add(item)
        session.commit()
    return item


def _close(item: ExceptionItem, record: DocumentRecord | None, to: QueueState, status: DocumentStatus,
           *, user: User, note: str) -> None:
    transition(item, to, actor=user.username, note=note)
    item.note = note
    item.lock_expires_at = None
    if record is not None:
        record.status = status
        record.updated_at = utcnow()
        object_session(item).add(record)  # type: ignore[union-attr]


def _required_note(note: str | None, action: str) -> str:
    if not note or not note.strip():
        raise InvalidInput(f"{action} needs a note saying why (it is kept in the audit trail)")
    return note.strip()


# --- actions ----------------------------------------------------------------------------

def _as_text(value: object) -> str | None:
    if value is None:
        return None
    return ", ".join(value) if isinstance(value, list) else str(value)


def approve(session: Session, *, user: User, item_id: int, today: date | None = None,
            now: datetime | None = None, settings: Settings | None = None) -> Outcome:
    """Validate again with the client's rules and post (settle with approved=True).

    If error-severity issues remain the item stays with the operator with the new reasons.
    """
    from validators.client_loader import load_client

    settings = settings or get_settings()
    now = now or utcnow()
    item = get_item(session, user=user, item_id=item_id)
    record = session.get(DocumentRecord, item.document_id)
    if record is None or not record.extraction or "fields" not in record.extraction:
        raise InvalidInput(f"queue item {item_id}: nothing was extracted, so there is nothing to post; "
                           "reject it or return it to the client")
    _take(session, item, user, now, settings)
    session.flush()
    doc = ExtractedDocument.model_validate(record.extraction)
    client = load_client(item.client, settings.clients_dir)
    outcome = settle(session, record, doc, client, today=today, actor=user.username, approved=True)
    session.add(AuditRecord(
        actor=user.username, action="approve", document_id=record.id, item_id=item.id,
        field="state", old=str(Q.IN_REVIEW), new=str(item.state),
        note=f"posted entry {outcome.entry_id}" if outcome.status == DocumentStatus.POSTED
        else "still failing: " + ", ".join(outcome.reasons)))
    session.commit()
    session.refresh(item)
    return outcome


def reject(session: Session, *, user: User, item_id: int, note: str | None, now: datetime | None = None,
           settings: Settings | None = None) -> ExceptionItem:
    note = _required_note(note, "rejecting")
    item = get_item(session, user=user, item_id=item_id)
    _take(session, item, user, now or utcnow(), settings)
    _close(item, session.get(DocumentRecord, item.document_id), Q.REJECTED, DocumentStatus.REJECTED, user=user, note=note)
    session.commit()
    return item


def return_to_client(session: Session, *, user: User, item_id: int, note: str | None,
                     now: datetime | None = None, settings: Settings | None = None) -> ExceptionItem:
    note = _required_note(note, "returning to the client")
    item = get_item(session, user=user, item_id=item_id)
    _take(session, item, user, now or utcnow(), settings)
    _close(item, session.get(DocumentRecord, item.document_id), Q.RETURNED, DocumentStatus.RETURNED, user=user, note=note)
    session.commit()
    return item


def postpone(session: Session, *, user: User, item_id: int, until: datetime, note: str | None = None,
             now: datetime | None = None, settings: Settings | None = None) -> ExceptionItem:
    now = now or utcnow()
    if until.tzinfo is None:
        raise InvalidInput("postpone: give the time with its zone, e.g. 2026-11-25T09:00:00Z")
    if until <= now:
        raise InvalidInput(f"postpone: {until.isoformat()} is not in the future")
    item = get_item(session, user=user, item_id=item_id)
    _take(session, item, user, now, settings)
    transition(item, Q.POSTPONED, actor=user.username, note=note or f"until {until.isoformat()}")
    session.add(AuditRecord(actor=user.username, action="postpone", document_id=item.document_id, item_id=item.id,
                            field="postponed_until", old=_as_text(item.postponed_until), new=until.isoformat(), note=note))
    item.postponed_until, item.assignee, item.lock_expires_at = until, None, None
    session.commit()
    return item


def release(session: Session, *, user: User, item_id: int) -> ExceptionItem:
    """Give an item back to the queue without deciding it."""
    item = get_item(session, user=user, item_id=item_id)
    if item.state != Q.IN_REVIEW or (item.assignee != user.username and not is_lead(user)):
        raise IllegalTransition(f"queue item {item.id} is not in review by you; nothing to release")
    transition(item, Q.OPEN, actor=user.username, note="released")
    item.assignee, item.lock_expires_at = None, None
    session.commit()
    return item


def reassign(session: Session, *, user: User, item_id: int, to_user: str, note: str | None = None,
             now: datetime | None = None, settings: Settings | None = None) -> ExceptionItem:
    """Leads and admins hand an item to another user who serves its client."""
    if not is_lead(user):
        raise Forbidden("only a lead or an admin can reassign queue items")
    now = now or utcnow()
    item = get_item(session, user=user, item_id=item_id)
    target = get_user(session, username=to_user)
    if target is None or not target.active or not serves(target, item.client):
        raise InvalidInput(f"cannot reassign to {to_user!r}: no active user of that name serves client {item.client!r}")
    old = item.assignee
    if item.state != Q.IN_REVIEW:
        transition(item, Q.IN_REVIEW, actor=user.username, note=f"reassigned to {to_user}")
    item.assignee, item.lock_expires_at, item.updated_at = to_user, _lock_until(now, settings), now
    session.add(item)
    session.add(AuditRecord(actor=user.username, action="reassign", document_id=item.document_id, item_id=item.id,
                            field="assignee", old=old, new=to_user, note=note))
    session.commit()
    return item


def reveal_field(session: Session, *, user: User, item_id: int, field: str) -> str | list[str]:
    """The unmasked value of one field; the reveal itself is audited."""
    item = get_item(session, user=user, item_id=item_id)
    record = session.get(DocumentRecord, item.document_id)
    found = ((record.extraction or {}).get("fields") or {}).get(field) if record else None
    if found is None:
        raise NotFound(f"queue item {item_id} has no field {field!r}")
    value = found.get("value")
    session.add(AuditRecord(actor=user.username, action="reveal", document_id=item.document_id, item_id=item.id,
                            field=field, note=f"revealed {mask_value(field, value)}"))
    session.commit()
    return value
