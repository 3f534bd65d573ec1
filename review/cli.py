"""`ledgerline users ...` and `ledgerline review serve` (mounted by ledgerline/cli.py)."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ledgerline.db import session_scope
from schemas.records import UserRole, utcnow

users_app = typer.Typer(no_args_is_help=True, help="Review-app users.")
review_app = typer.Typer(no_args_is_help=True, help="The operators' review web app.")
out = Console()


@users_app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="login name")],
    role: Annotated[UserRole, typer.Option(help="operator, lead or admin")] = UserRole.OPERATOR,
    clients: Annotated[str, typer.Option(help="comma-separated client names this user serves")] = "",
    password: Annotated[str | None, typer.Option(help="prompted (hidden) when omitted")] = None,
    if_missing: Annotated[bool, typer.Option("--if-missing", help="do nothing when the user exists already")] = False,
) -> None:
    """Create a user with an argon2-hashed password."""
    from pydantic import ValidationError

    from review.users import UserCreate, UserError, create_user, get_user

    if if_missing:
        with session_scope() as session:
            if get_user(session, username=username) is not None:
                out.print(f"user {username} exists already; left as it is")
                return
    if password is None:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        user_in = UserCreate(username=username, password=password, role=role,
                             clients=[c for c in clients.split(",") if c.strip()])
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise UserError(f"user {username!r} not created: {problems}") from None
    _warn_unknown_clients(user_in.clients)
    with session_scope() as session:
        user = create_user(session, user_in=user_in)
    out.print(f"created {user.username} ({user.role}) serving {', '.join(user.clients) or 'no clients'}")


def _warn_unknown_clients(clients: list[str]) -> None:
    from ledgerline.errors import LedgerlineError
    from ledgerline.settings import get_settings

    try:
        from validators.client_loader import client_files
    except ImportError:  # pragma: no cover - rule packs not installed
        return
    try:
        known = {p.stem for p in client_files(get_settings().clients_dir)}
    except (LedgerlineError, OSError):
        return
    unknown = [c for c in clients if c not in known]
    if unknown:
        out.print(f"[yellow]note:[/] no rule pack yet for {', '.join(unknown)} "
                  f"(known: {', '.join(sorted(known)) or 'none'}); the user is created anyway")


@users_app.command("list")
def list_users_cmd() -> None:
    """List the users, their roles and clients."""
    from review.users import list_users

    table = Table("username", "role", "clients", "active")
    with session_scope() as session:
        for u in list_users(session):
            table.add_row(u.username, u.role, ", ".join(u.clients or []) or ("all" if u.role == "admin" else "—"),
                          "yes" if u.active else "no")
    out.print(table)


def queue_list(client: str | None = None) -> None:
    """Print the open exception queue (used by `ledgerline queue list`). Personal data never appears here."""
    from review.queue import list_items

    now = utcnow()
    table = Table("#", "client", "type", "reasons", "priority", "state", "assignee", "SLA due")
    with session_scope() as session:
        items = list_items(session, client=client, now=now)
    for i in items:
        due = i.sla_due_at.strftime("%Y-%m-%d %H:%M") if i.sla_due_at else "—"
        if i.sla_due_at and i.sla_due_at < now:
            due = f"[red]{due} overdue[/]"
        table.add_row(str(i.id), i.client, i.doc_type, ", ".join(i.reason_codes or []), str(i.priority),
                      i.state, i.assignee or "", due)
    out.print(table)
    out.print(f"{len(items)} item(s)")


@review_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Run the review web app (uvicorn)."""
    import uvicorn

    from review.app import create_app

    app = create_app()
    out.print(f"review app on http://{host}:{port}/  (API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="info")
