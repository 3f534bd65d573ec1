"""Server-rendered screens: login, the queue, the review screen, the dashboard, a journal entry.

The pages only read; every change goes through the JSON API (review/static/review.js), so the
web and the API share one set of checks.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import select

from ledgerline.errors import LedgerlineError, NotFound
from schemas.document import PERSONAL_FIELDS, TABLE_COLUMNS, DocType
from schemas.reasons import ReasonCode
from schemas.records import DocumentRecord, JournalEntry, JournalLine, utcnow
from review import queue
from review.auth import SessionDep, WebUser, csrf_token, start_web_session
from review.dashboard import build_dashboard
from review.login_throttle import client_ip, throttle_of, too_many_message
from review.models import audit_public, item_detail, item_public, journal_public
from review.pages import page_count, page_image
from review.table_rows import tables_of
from review.users import authenticate, is_lead

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=256)
def _display_name(clients_dir: Path, name: str) -> str:
    try:
        from validators.client_loader import load_client

        return load_client(name, clients_dir).display_name
    except (LedgerlineError, ImportError, OSError):
        return name


def _page(request: Request, template: str, user, **context) -> Response:  # type: ignore[no-untyped-def]
    settings = request.app.state.settings
    return templates.TemplateResponse(request, template, {
        "user": user, "csrf": csrf_token(request), "is_lead": bool(user and is_lead(user)),
        "client_name": lambda c: _display_name(settings.clients_dir, c), **context})


def _safe_next(url: str | None) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return _page(request, "login.html", None, next=_safe_next(next), error=None)


@router.post("/login")
def login(request: Request, session: SessionDep, username: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:
    throttle, ip = throttle_of(request), client_ip(request)
    wait = throttle.retry_after(username, ip)
    if wait:
        response = _page(request, "login.html", None, next=_safe_next(next), error=too_many_message(wait).capitalize() + ".")
        response.status_code, response.headers["Retry-After"] = 429, str(wait)
        return response
    user = authenticate(session, username=username, password=password)
    if user is None:
        throttle.failed(username, ip)
        return _page(request, "login.html", None, next=_safe_next(next), error="Wrong username or password.")
    throttle.succeeded(username, ip)
    start_web_session(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    if csrf == request.session.get("csrf"):
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, session: SessionDep, user: WebUser, client: str = "", doc_type: str = "",
               reason: str = "", due: str = "") -> Response:
    now = utcnow()
    queue.release_expired_locks(session, now)
    items = queue.list_items(session, user=user, client=client or None, doc_type=doc_type or None,
                             reason=reason or None, overdue_only=due == "overdue", now=now)
    if due == "24h":
        items = [i for i in items if i.sla_due_at and i.sla_due_at < now + timedelta(hours=24)]
    clients = sorted(set(user.clients or []) | {i.client for i in items})
    return _page(request, "queue.html", user, items=[item_public(i, now) for i in items], clients=clients,
                 doc_types=[t.value for t in DocType], reasons=[r.value for r in ReasonCode],
                 filters={"client": client, "doc_type": doc_type, "reason": reason, "due": due}, now=now)


def table_views(doc_type: str, tables: dict[str, list[dict]]) -> list[tuple[str, list[str], list[dict]]]:
    """(table, columns, rows) for the review screen: every table the document type can have, even
    one the extractor found no rows of (so the operator can add them), then any other table present;
    columns in contract order, all of them, so a missing cell can be typed."""
    names = list(dict.fromkeys([*tables_of(doc_type), *tables]))
    out = []
    for name in names:
        rows = tables.get(name) or []
        present = [c for row in rows for c in row]
        out.append((name, list(dict.fromkeys([*TABLE_COLUMNS.get(name, ()), *present])), rows))
    return out


@router.get("/items/{item_id}", response_class=HTMLResponse)
def review_page(request: Request, item_id: int, session: SessionDep, user: WebUser) -> Response:
    settings = request.app.state.settings
    item = queue.get_item(session, user=user, item_id=item_id)
    record = session.get(DocumentRecord, item.document_id)
    if record is None:  # pragma: no cover - foreign key
        raise NotFound(f"document {item.document_id} is missing")
    detail = item_detail(item, record, mask=settings.mask_personal_data)
    pages = page_count(record)
    geometry = {}
    for n in range(1, pages + 1):
        try:
            geometry[n] = page_image(settings, record, n)[1]
        except NotFound:
            geometry[n] = None
    boxes = {}
    for f in detail.fields:
        g = geometry.get(f.page or 1)
        rel = g.relative(f.bbox) if g else None
        if rel:
            boxes[f.name] = {"page": f.page or 1, "rel": rel}
    audit = [audit_public(a, mask=settings.mask_personal_data)
             for a in queue.audit_trail(session, user=user, item_id=item_id)]
    return _page(request, "item.html", user, item=detail, pages=pages, geometry=geometry, boxes=boxes, audit=audit,
                 table_views=table_views(item.doc_type, detail.tables),
                 mine=item.assignee == user.username and item.state == "in_review", now=utcnow(),
                 personal_columns=PERSONAL_FIELDS if settings.mask_personal_data else frozenset())


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    return _page(request, "dashboard.html", user, dash=build_dashboard(session, user=user), now=utcnow())


@router.get("/documents/{document_id}/journal", response_class=HTMLResponse)
def journal_page(request: Request, document_id: int, session: SessionDep, user: WebUser) -> Response:
    record = queue.get_document(session, user=user, document_id=document_id)
    entry = session.exec(select(JournalEntry).where(JournalEntry.document_id == record.id)).first()
    journal = None
    if entry is not None:
        lines = list(session.exec(select(JournalLine).where(JournalLine.entry_id == entry.id).order_by(JournalLine.id)).all())
        journal = journal_public(entry, lines)
    return _page(request, "journal.html", user, record=record, journal=journal)
