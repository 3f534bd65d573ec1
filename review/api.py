"""The JSON API under /api: the same actions as the web screens, for scripts and tests.

Authorisation is in the queries (review.queue scopes every select by the caller's clients),
so another client's item answers 404 exactly like a missing one.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response, status
from fastapi.responses import FileResponse
from sqlmodel import select

from ledgerline.errors import NotFound
from ledgerline.settings import Settings
from schemas.records import AuditRecord, DocumentRecord, JournalEntry, JournalLine
from review import corrections, queue
from review.auth import CurrentUser, SessionDep, issue_token
from review.login_throttle import client_ip, refuse_if_throttled, throttle_of
from review.models import (
    ApproveResult, AuditPublic, FieldsUpdate, HeartbeatBody, HeartbeatResult, ItemDetail, ItemPublic, JournalPublic, NoteBody, PostponeBody,
    ReassignBody, RevealResult, RowCells, TokenPublic, audit_public, item_detail, item_public, journal_public,
)
from review.pages import page_image, personal_boxes, redacted_page_image
from review.users import UserPublic, authenticate, to_public

router = APIRouter(prefix="/api", tags=["review"])


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def _detail(session, settings: Settings, item) -> ItemDetail:  # type: ignore[no-untyped-def]
    record = session.get(DocumentRecord, item.document_id)
    if record is None:  # pragma: no cover - foreign key
        raise NotFound(f"document {item.document_id} is missing")
    return item_detail(item, record, mask=settings.mask_personal_data)


@router.post("/token", response_model=TokenPublic, summary="Exchange username and password for a bearer token",
             responses={429: {"description": "too many failed logins for this username from this address "
                                              "(see Retry-After)"}})
def token(request: Request, session: SessionDep, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> TokenPublic:
    refuse_if_throttled(request, username)
    user = authenticate(session, username=username, password=password)
    if user is None:
        throttle_of(request).failed(username, client_ip(request))
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    throttle_of(request).succeeded(username, client_ip(request))
    return TokenPublic(access_token=issue_token(request, user))


@router.get("/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    return to_public(user)


@router.get("/queue", response_model=list[ItemPublic], summary="The caller's queue, most urgent first")
def get_queue(session: SessionDep, user: CurrentUser, client: str | None = None, doc_type: str | None = None,
              reason: str | None = None, overdue: bool = False) -> list[ItemPublic]:
    queue.release_expired_locks(session)
    items = queue.list_items(session, user=user, client=client, doc_type=doc_type, reason=reason, overdue_only=overdue)
    return [item_public(i) for i in items]


@router.post("/queue/claim", response_model=ItemDetail, responses={204: {"description": "nothing to claim"}})
def claim(session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemDetail | Response:
    item = queue.claim_next(session, user=user, settings=settings)
    if item is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return _detail(session, settings, item)


@router.get("/items/{item_id}", response_model=ItemDetail)
def get_item(item_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemDetail:
    return _detail(session, settings, queue.get_item(session, user=user, item_id=item_id))


@router.get("/items/{item_id}/audit", response_model=list[AuditPublic])
def get_audit(item_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> list[AuditPublic]:
    return [audit_public(a, mask=settings.mask_personal_data)
            for a in queue.audit_trail(session, user=user, item_id=item_id)]


@router.post("/items/{item_id}/fields", response_model=ItemDetail,
             summary="Correct fields and table cells (e.g. total, line_items[2].amount), add and delete table rows; "
                     "each change audited, all or nothing",
             responses={422: {"description": "unknown field, cell or row, or a value of the wrong kind"}})
def correct(item_id: int, body: FieldsUpdate, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemDetail:
    item = corrections.correct_fields(session, user=user, item_id=item_id, changes=body.changes,
                                      add_rows=[(r.table, r.cells) for r in body.add_rows],
                                      delete_rows=body.delete_rows, note=body.note, settings=settings)
    return _detail(session, settings, item)


@router.post("/items/{item_id}/tables/{table}/rows", response_model=ItemDetail, status_code=status.HTTP_201_CREATED,
             summary="Add a row the extractor missed (appended; audited as row_added)",
             responses={422: {"description": "a table the document type has not, an unknown column, a bad value, "
                                              "or no amount"}})
def add_row(item_id: int, table: str, body: RowCells, session: SessionDep, settings: SettingsDep,
            user: CurrentUser) -> ItemDetail:
    item = corrections.correct_fields(session, user=user, item_id=item_id, changes={}, add_rows=[(table, body.cells)],
                                      note=body.note, settings=settings)
    return _detail(session, settings, item)


@router.delete("/items/{item_id}/tables/{table}/rows/{row}", response_model=ItemDetail,
               summary="Delete a row the extractor made up (rows from 0; the rest are renumbered; audited as row_deleted)",
               responses={422: {"description": "no such table or row in this document"}})
def delete_row(item_id: int, table: str, row: int, session: SessionDep, settings: SettingsDep, user: CurrentUser,
               note: str | None = None) -> ItemDetail:
    item = corrections.correct_fields(session, user=user, item_id=item_id, changes={}, delete_rows=[f"{table}[{row}]"],
                                      note=note, settings=settings)
    return _detail(session, settings, item)


@router.post("/items/{item_id}/heartbeat", response_model=HeartbeatResult,
             summary="Keep the caller's lock while he works on the item",
             responses={409: {"description": "the item is no longer in review by the caller"}})
def heartbeat(item_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser,
              body: HeartbeatBody | None = None) -> HeartbeatResult:
    item = queue.heartbeat(session, user=user, item_id=item_id, idle_seconds=body.idle_seconds if body else 0,
                           settings=settings)
    return HeartbeatResult(item_id=item.id, lock_expires_at=item.lock_expires_at)  # type: ignore[arg-type]


@router.post("/items/{item_id}/approve", response_model=ApproveResult)
def approve(item_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ApproveResult:
    outcome = queue.approve(session, user=user, item_id=item_id, settings=settings)
    item = queue.get_item(session, user=user, item_id=item_id)
    return ApproveResult(status=outcome.status, reasons=list(outcome.reasons), entry_id=outcome.entry_id,
                         item=item_public(item))


@router.post("/items/{item_id}/reject", response_model=ItemPublic)
def reject(item_id: int, body: NoteBody, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemPublic:
    return item_public(queue.reject(session, user=user, item_id=item_id, note=body.note, settings=settings))


@router.post("/items/{item_id}/return", response_model=ItemPublic)
def return_to_client(item_id: int, body: NoteBody, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemPublic:
    return item_public(queue.return_to_client(session, user=user, item_id=item_id, note=body.note, settings=settings))


@router.post("/items/{item_id}/postpone", response_model=ItemPublic)
def postpone(item_id: int, body: PostponeBody, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemPublic:
    return item_public(queue.postpone(session, user=user, item_id=item_id, until=body.until, note=body.note,
                                      settings=settings))


@router.post("/items/{item_id}/release", response_model=ItemPublic)
def release(item_id: int, session: SessionDep, user: CurrentUser) -> ItemPublic:
    return item_public(queue.release(session, user=user, item_id=item_id))


@router.post("/items/{item_id}/reassign", response_model=ItemPublic, summary="Leads and admins only")
def reassign(item_id: int, body: ReassignBody, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> ItemPublic:
    return item_public(queue.reassign(session, user=user, item_id=item_id, to_user=body.to_user, note=body.note,
                                      settings=settings))


@router.post("/items/{item_id}/reveal/{field}", response_model=RevealResult, summary="Show one personal value (audited)")
def reveal(item_id: int, field: str, session: SessionDep, user: CurrentUser) -> RevealResult:
    return RevealResult(field=field, value=queue.reveal_field(session, user=user, item_id=item_id, field=field))


@router.get("/documents/{document_id}/journal", response_model=JournalPublic)
def journal(document_id: int, session: SessionDep, user: CurrentUser) -> JournalPublic:
    record = queue.get_document(session, user=user, document_id=document_id)
    entry = session.exec(select(JournalEntry).where(JournalEntry.document_id == record.id)).first()
    if entry is None:
        raise NotFound(f"document {document_id} has no journal entry (status: {record.status})")
    lines = list(session.exec(select(JournalLine).where(JournalLine.entry_id == entry.id).order_by(JournalLine.id)).all())
    return journal_public(entry, lines)


@router.get("/documents/{document_id}/pages/{page}.png", response_class=FileResponse,
            responses={200: {"content": {"image/png": {}}}})
def page_png(document_id: int, page: int, session: SessionDep, settings: SettingsDep, user: CurrentUser,
             unredacted: bool = False) -> FileResponse:
    """The page as PNG; personal values are blacked out unless `unredacted=true` (audited)."""
    record = queue.get_document(session, user=user, document_id=document_id)
    if unredacted or not settings.mask_personal_data:
        png, _ = page_image(settings, record, page)
        if settings.mask_personal_data and personal_boxes(record, page):
            session.add(AuditRecord(actor=user.username, action="reveal_page", document_id=record.id,
                                    note=f"page {page} shown without redaction"))
            session.commit()
    else:
        png = redacted_page_image(settings, record, page)
    return FileResponse(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})
