"""What the CLI prints: batch summaries, the queue, the journal. Reads the database only."""
from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table
from sqlmodel import select

from ledgerline.db import session_scope
from ledgerline.settings import Settings
from schemas.records import ACTIVE_QUEUE_STATES, ExceptionItem, JournalEntry, JournalLine

ZERO = Decimal("0")


def print_summary(out: Console, summary, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    counts = summary.counts
    out.print(
        f"\n[bold]Batch {summary.batch_id}[/] for client [bold]{summary.client}[/]: "
        f"{len(summary.results)} documents — posted {counts.get('posted', 0)}, "
        f"sent to review {counts.get('in_review', 0)}, failed {counts.get('failed', 0)}, "
        f"already processed {counts.get('skipped', 0)}"
    )
    problems = [r for r in summary.results if r.status in ("failed", "in_review")]
    if problems:
        table = Table(title="Documents needing attention")
        for col in ("document", "type", "status", "reasons / error"):
            table.add_column(col)
        for r in problems:
            table.add_row(r.source, r.doc_type, r.status, r.error or ", ".join(r.reasons))
        out.print(table)
    _print_totals(out, summary.journal_totals, f"Journal totals by account (client {summary.client}, all batches)")
    out.print(
        f"\nDatabase: {settings.db_url}\n"
        f"Look at the queue:   ledgerline queue list --client {summary.client}\n"
        f"Look at the journal: ledgerline ledger show --client {summary.client}"
    )


def _print_totals(out: Console, totals: dict[str, tuple[Decimal, Decimal]], title: str) -> None:
    table = Table(title=title)
    table.add_column("account")
    table.add_column("debit", justify="right")
    table.add_column("credit", justify="right")
    all_d, all_c = ZERO, ZERO
    for account, (d, c) in totals.items():
        table.add_row(account, f"{d:,.2f}", f"{c:,.2f}")
        all_d, all_c = all_d + d, all_c + c
    table.add_row("[bold]total[/]", f"[bold]{all_d:,.2f}[/]", f"[bold]{all_c:,.2f}[/]")
    out.print(table)
    if all_d != all_c:
        out.print(f"[red bold]journal does not balance: {all_d} != {all_c}[/]")


def print_queue(out: Console, *, client: str | None, all_states: bool) -> None:
    now = datetime.now(UTC)
    with session_scope() as session:
        query = select(ExceptionItem)
        if client:
            query = query.where(ExceptionItem.client == client)
        if not all_states:
            query = query.where(ExceptionItem.state.in_(ACTIVE_QUEUE_STATES))  # type: ignore[attr-defined]
        items = session.exec(query.order_by(ExceptionItem.priority.desc(), ExceptionItem.sla_due_at)).all()  # type: ignore[attr-defined]
    table = Table(title=f"Exception queue ({len(items)} item(s))")
    for col in ("id", "client", "type", "state", "priority", "due in", "reasons"):
        table.add_column(col)
    for it in items:
        due = "" if it.sla_due_at is None else _due(it.sla_due_at - now)
        table.add_row(str(it.id), it.client, it.doc_type, it.state, str(it.priority), due, ", ".join(it.reason_codes))
    out.print(table)


def _due(delta) -> str:  # type: ignore[no-untyped-def]
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return f"[red]overdue {-minutes // 60}h{-minutes % 60:02d}m[/]"
    return f"{minutes // 60}h{minutes % 60:02d}m"


def _journal_rows(client: str | None) -> list[tuple]:
    with session_scope() as session:
        query = select(JournalEntry, JournalLine).join(JournalLine, JournalLine.entry_id == JournalEntry.id)
        if client:
            query = query.where(JournalEntry.client == client)
        return list(session.exec(query.order_by(JournalEntry.id, JournalLine.id)).all())  # type: ignore[arg-type]


def print_ledger(out: Console, *, client: str | None, limit: int) -> None:
    rows = _journal_rows(client)
    entries: dict[int, list] = {}
    totals: dict[str, tuple[Decimal, Decimal]] = {}
    for entry, line in rows:
        entries.setdefault(entry.id, []).append((entry, line))
        d, c = totals.get(line.account, (ZERO, ZERO))
        totals[line.account] = (d + line.debit, c + line.credit)
    table = Table(title=f"Journal entries (latest {min(limit, len(entries))} of {len(entries)})")
    for col in ("entry", "client", "date", "description", "account", "debit", "credit"):
        table.add_column(col, justify="right" if col in ("debit", "credit") else "left")
    for entry_id in list(entries)[-limit:]:
        for i, (entry, line) in enumerate(entries[entry_id]):
            first = i == 0
            table.add_row(
                str(entry.id) if first else "", entry.client if first else "", str(entry.entry_date) if first else "",
                entry.description if first else "", line.account,
                f"{line.debit:,.2f}" if line.debit else "", f"{line.credit:,.2f}" if line.credit else "",
            )
    out.print(table)
    _print_totals(out, dict(sorted(totals.items())), "Totals by account")


def export_journal_csv(path: Path, *, client: str | None) -> int:
    """All journal lines as CSV (amounts written as exact decimal strings)."""
    rows = [
        {
            "entry_id": e.id, "client": e.client, "document_id": e.document_id, "entry_date": e.entry_date.isoformat(),
            "description": e.description, "currency": e.currency, "account": ln.account,
            "debit": format(ln.debit, "f"), "credit": format(ln.credit, "f"), "memo": ln.memo or "",
        }
        for e, ln in _journal_rows(client)
    ]
    frame = pd.DataFrame(rows, columns=[
        "entry_id", "client", "document_id", "entry_date", "description", "currency", "account", "debit", "credit", "memo",
    ])
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return len(frame)
