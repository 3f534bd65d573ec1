"""Dashboard figures, scoped to the clients the user serves.

Straight-through rate = documents posted without ever entering the queue / documents
processed (anything past `received`). The Pareto counts reason codes over every queue item,
most frequent first, with the cumulative share.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from schemas.records import DocumentRecord, DocumentStatus, ExceptionItem, User, utcnow
from review.queue import ACTIVE_STATES
from review.users import scope_to_user


@dataclass
class ClientFigures:
    client: str
    by_state: dict[str, int] = field(default_factory=dict)
    processed: int = 0
    straight_through: int = 0
    overdue: int = 0

    @property
    def straight_through_rate(self) -> float | None:
        return None if not self.processed else self.straight_through / self.processed

    @property
    def open_total(self) -> int:
        return sum(n for s, n in self.by_state.items() if s in ACTIVE_STATES)


@dataclass
class Dashboard:
    clients: list[ClientFigures]
    overdue_items: list[ExceptionItem]
    pareto: list[tuple[str, int, float]]  # code, count, cumulative share

    @property
    def processed(self) -> int:
        return sum(c.processed for c in self.clients)

    @property
    def straight_through_rate(self) -> float | None:
        processed = self.processed
        return None if not processed else sum(c.straight_through for c in self.clients) / processed


def build_dashboard(session: Session, *, user: User, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    figures: dict[str, ClientFigures] = {}

    def fig(client: str) -> ClientFigures:
        return figures.setdefault(client, ClientFigures(client))

    rows = session.exec(scope_to_user(
        select(ExceptionItem.client, ExceptionItem.state, func.count()).group_by(ExceptionItem.client, ExceptionItem.state),
        user, ExceptionItem.client)).all()
    for client, state, n in rows:
        fig(client).by_state[state] = n
    docs = session.exec(scope_to_user(
        select(DocumentRecord.client, DocumentRecord.status, func.count())
        .group_by(DocumentRecord.client, DocumentRecord.status), user, DocumentRecord.client)).all()
    for client, status, n in docs:
        f = fig(client)
        if status != DocumentStatus.RECEIVED:
            f.processed += n
        if status == DocumentStatus.POSTED:
            f.straight_through += n
    reviewed = session.exec(scope_to_user(
        select(DocumentRecord.client, func.count(func.distinct(DocumentRecord.id)))
        .where(DocumentRecord.status == DocumentStatus.POSTED,
               DocumentRecord.id.in_(select(ExceptionItem.document_id)))  # type: ignore[union-attr]
        .group_by(DocumentRecord.client), user, DocumentRecord.client)).all()
    for client, n in reviewed:  # posted, but only after a person looked
        fig(client).straight_through -= n
    overdue = list(session.exec(scope_to_user(select(ExceptionItem).where(
        ExceptionItem.state.in_([str(s) for s in ACTIVE_STATES]),  # type: ignore[attr-defined]
        ExceptionItem.sla_due_at < now), user, ExceptionItem.client)  # type: ignore[operator]
        .order_by(ExceptionItem.sla_due_at)).all())
    for item in overdue:
        fig(item.client).overdue += 1
    codes: Counter[str] = Counter()
    for reasons in session.exec(scope_to_user(select(ExceptionItem.reason_codes), user, ExceptionItem.client)).all():
        codes.update(reasons or [])
    total = sum(codes.values())
    pareto, running = [], 0
    for code, n in codes.most_common():
        running += n
        pareto.append((code, n, running / total))
    return Dashboard(sorted(figures.values(), key=lambda f: f.client), overdue, pareto)
