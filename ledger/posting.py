"""Write a journal entry to the accounting tables, exactly once per document."""
from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ledger.journal import DraftEntry, check_balanced
from schemas.records import JournalEntry, JournalLine


def existing_entry(session: Session, document_id: int) -> JournalEntry | None:
    return session.exec(select(JournalEntry).where(JournalEntry.document_id == document_id)).first()


def write_entry(
    session: Session,
    *,
    client: str,
    document_id: int,
    draft: DraftEntry,
    actor: str,
    pack_version: str | None,
) -> tuple[JournalEntry, bool]:
    """Insert the entry and its lines in the caller's transaction.

    Returns (entry, created). A document that already has an entry gets that entry back and
    nothing is written: the unique constraint on journal_entry.document_id is the last guard.
    """
    check_balanced(draft)
    found = existing_entry(session, document_id)
    if found is not None:
        return found, False
    entry = JournalEntry(
        client=client,
        document_id=document_id,
        entry_date=draft.entry_date,
        description=draft.description[:500],
        currency=draft.currency,
        rule_pack_version=pack_version,
        posted_by=actor,
    )
    session.add(entry)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        found = existing_entry(session, document_id)
        if found is None:
            raise
        return found, False
    session.execute(
        insert(JournalLine),
        [
            {"entry_id": entry.id, "account": ln.account, "debit": ln.debit, "credit": ln.credit, "memo": ln.memo}
            for ln in draft.lines
        ],
    )
    return entry, True
