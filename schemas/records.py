"""Database tables (SQLModel). Every table ledgerline owns lives here.

Money columns use `MoneyType`: NUMERIC on PostgreSQL, TEXT on SQLite (SQLite has no decimal
type and would round-trip through float); either way Python sees `Decimal`.
Timestamps are timezone-aware UTC.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import JSON, Column, Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class MoneyType(TypeDecorator):
    impl = sa.String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.Numeric(20, 4))
        return dialect.type_descriptor(sa.String(40))

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must not be a float")
        value = Decimal(value)
        return value if dialect.name == "postgresql" else format(value, "f")

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        return None if value is None else Decimal(str(value))


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store UTC-aware values")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def money_column(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(MoneyType(), **kw))


def time_column(nullable: bool = True, **kw: Any) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, **kw))


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    POSTED = "posted"
    IN_REVIEW = "in_review"
    FAILED = "failed"  # unreadable: recorded with its error, the batch goes on
    REJECTED = "rejected"
    RETURNED = "returned_to_client"


class DocumentRecord(SQLModel, table=True):
    """One original document of one client, content-addressed by sha256."""

    __tablename__ = "document"
    __table_args__ = (sa.UniqueConstraint("client", "sha256", name="uq_document_client_sha"),)

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(index=True)
    sha256: str = Field(index=True)
    source_name: str
    stored_path: str
    batch_id: str | None = Field(default=None, index=True)
    doc_type: str = "unknown"
    status: str = Field(default=DocumentStatus.RECEIVED, index=True)
    pages: int = 0
    ocr: bool = False
    # none_as_null: a document without an extraction has SQL NULL here, not JSON 'null'
    extraction: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True)))
    error_code: str | None = None
    error_message: str | None = None
    # facts used by duplicate checks and reports, denormalised from the extraction
    party: str | None = Field(default=None, index=True)  # vendor, provider or employer
    reference: str | None = Field(default=None, index=True)  # invoice no., account no.
    amount: Decimal | None = money_column()
    currency: str | None = None
    doc_date: date | None = None
    rule_pack_version: str | None = None
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class JournalEntry(SQLModel, table=True):
    """A balanced double-entry journal entry; at most one per document (posted exactly once)."""

    __tablename__ = "journal_entry"

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(index=True)
    document_id: int = Field(foreign_key="document.id", unique=True)
    entry_date: date
    description: str
    currency: str
    rule_pack_version: str | None = None
    posted_by: str = "system"
    posted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class JournalLine(SQLModel, table=True):
    __tablename__ = "journal_line"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="journal_entry.id", index=True)
    account: str = Field(index=True)
    debit: Decimal = Field(default=Decimal("0"), sa_column=Column(MoneyType(), nullable=False))
    credit: Decimal = Field(default=Decimal("0"), sa_column=Column(MoneyType(), nullable=False))
    memo: str | None = None


class QueueState(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    RETURNED = "returned_to_client"
    POSTPONED = "postponed"
    FAILED_POST = "failed_post"


# an item in one of these states still waits for a person
ACTIVE_QUEUE_STATES = (QueueState.OPEN, QueueState.IN_REVIEW, QueueState.POSTPONED, QueueState.FAILED_POST)


class ExceptionItem(SQLModel, table=True):
    """One document waiting for a person, with why."""

    __tablename__ = "exception_item"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    client: str = Field(index=True)
    doc_type: str
    reason_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    issues: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    priority: int = 50  # higher first
    sla_due_at: datetime | None = time_column()
    state: str = Field(default=QueueState.OPEN, index=True)
    assignee: str | None = Field(default=None, index=True)
    lock_expires_at: datetime | None = time_column()
    postponed_until: datetime | None = time_column()
    note: str | None = None
    rule_pack_version: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class AuditRecord(SQLModel, table=True):
    """Append-only: who changed what, when, from what to what, and why."""

    __tablename__ = "audit_record"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    actor: str
    action: str
    document_id: int | None = Field(default=None, index=True)
    item_id: int | None = Field(default=None, index=True)
    field: str | None = None
    old: str | None = None
    new: str | None = None
    note: str | None = None


class UserRole(StrEnum):
    OPERATOR = "operator"
    LEAD = "lead"
    ADMIN = "admin"


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    password_hash: str
    role: str = UserRole.OPERATOR
    clients: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
