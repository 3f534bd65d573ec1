"""Table rows added (the extractor missed them) and deleted (it made them up) by operators:
through POST /api/items/{id}/fields (with cell corrections, all or nothing) and the row
endpoints; normalised like cells, audited per row, scoped and locked like fields, and
re-validated on approve."""
from __future__ import annotations

import json

import pytest
from review_seed import WIDGET_A, basic, queue_invoice, queue_w2
from sqlmodel import select

from review.corrections import normalise_value
from review.queue import InvalidInput
from review.table_rows import apply_rows, mask_row_json, plan_rows
from schemas.records import AuditRecord, DocumentRecord, ExceptionItem

FREIGHT = {"description": "Freight  charge", "quantity": "1", "unit_price": "1,000.5", "amount": "1,000.50"}


def _fields(client, iid: int, body: dict, user: str = "alice"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/items/{iid}/fields", json=body, headers=basic(user))


def _extraction(session, iid: int) -> dict:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.get(DocumentRecord, session.get(ExceptionItem, iid).document_id).extraction


def _row_audit(client, iid: int) -> list[tuple[str, str, dict | None, dict | None]]:  # type: ignore[no-untyped-def]
    audit = client.get(f"/api/items/{iid}/audit", headers=basic("alice")).json()
    return [(a["action"], a["field"], a["old"] and json.loads(a["old"]), a["new"] and json.loads(a["new"]))
            for a in audit if a["action"].startswith("row_")]


def test_a_row_is_added_normalised_by_kind_and_audited(client, seeded, session) -> None:
    iid = seeded["acme"]
    res = _fields(client, iid, {"add_rows": [{"table": "line_items", "cells": FREIGHT}], "note": "missed line"})
    assert res.status_code == 200, res.text
    assert res.json()["tables"]["line_items"][1] == {"description": "Freight charge", "quantity": "1",
                                                     "unit_price": "1000.5", "amount": "1000.50"}
    rows = _extraction(session, iid)["tables"]["line_items"]
    assert len(rows) == 2 and rows[0]["description"]["value"] == "Widget A"  # the extracted row is untouched
    assert rows[1]["amount"] == {"value": "1000.50", "confidence": 1.0, "needs_review": False}
    assert _row_audit(client, iid) == [("row_added", "line_items[1]", None, {
        "description": "Freight charge", "quantity": "1", "unit_price": "1000.5", "amount": "1000.50"})]
    audit = session.exec(select(AuditRecord).where(AuditRecord.action == "row_added")).one()
    assert (audit.actor, audit.note, audit.item_id) == ("alice", "missed line", iid)


def test_a_row_is_deleted_and_audited_with_its_values(client, seeded, session) -> None:
    iid = seeded["acme"]
    res = _fields(client, iid, {"delete_rows": ["line_items[0]"]})
    assert res.status_code == 200, res.text
    assert "line_items" not in res.json()["tables"]
    assert "line_items" not in _extraction(session, iid)["tables"]  # no empty tables, as the extractors write
    assert _row_audit(client, iid) == [("row_deleted", "line_items[0]", dict(zip(
        ("description", "quantity", "unit_price", "amount"), WIDGET_A, strict=True)), None)]


def test_cells_deletions_and_additions_in_one_call_are_renumbered(client, settings, session, seeded) -> None:
    record = queue_invoice(session, settings, "acme", 7, line_items=[
        ("Widget A", "1", "40.00", "40.00"), ("Page 1 of 1", "", "", "1.00"), ("Widget C", "1", "60.00", "6O.00")])
    iid = session.exec(select(ExceptionItem).where(ExceptionItem.document_id == record.id)).one().id
    res = _fields(client, iid, {"changes": {"line_items[2].amount": "60.00"}, "delete_rows": ["line_items[1]"],
                                "add_rows": [{"table": "line_items", "cells": {"description": "Widget D",
                                                                               "amount": "5"}}]})
    assert res.status_code == 200, res.text
    assert [(r["description"], r["amount"]) for r in res.json()["tables"]["line_items"]] == [
        ("Widget A", "40.00"), ("Widget C", "60.00"), ("Widget D", "5")]
    assert [(a, f) for a, f, _, _ in _row_audit(client, iid)] == [("row_deleted", "line_items[1]"),
                                                                    ("row_added", "line_items[2]")]


def test_the_row_endpoints_add_and_delete(client, seeded, session) -> None:
    iid = seeded["acme"]
    res = client.post(f"/api/items/{iid}/tables/line_items/rows", json={"cells": {"amount": "20.00"}},
                      headers=basic("alice"))
    assert res.status_code == 201 and res.json()["tables"]["line_items"][1] == {"amount": "20.00"}, res.text
    res = client.delete(f"/api/items/{iid}/tables/line_items/rows/0?note=footer", headers=basic("alice"))
    assert res.status_code == 200 and res.json()["tables"]["line_items"] == [{"amount": "20.00"}], res.text
    assert [(a, f) for a, f, _, _ in _row_audit(client, iid)] == [("row_added", "line_items[1]"),
                                                                    ("row_deleted", "line_items[0]")]
    assert session.exec(select(AuditRecord.note).where(AuditRecord.action == "row_deleted")).one() == "footer"


@pytest.mark.parametrize(("body", "says"), [
    ({"add_rows": [{"table": "line_items", "cells": {"amount": "twenty"}}]},
     "add_rows[0].cells.amount: 'twenty' is not an amount"),
    ({"add_rows": [{"table": "line_items", "cells": {"amount": "1.00"}},
                   {"table": "line_items", "cells": {"description": "Freight"}}]},
     "add_rows[1].cells.amount: a new line_items row needs its amount"),
    ({"add_rows": [{"table": "line_items", "cells": {"amount": "1.00", "colour": "red"}}]},
     "add_rows[0].cells: line_items has no column 'colour'"),
    ({"add_rows": [{"table": "service_lines", "cells": {"charge": "1.00"}}]},
     "add_rows[0].table: an invoice has no table 'service_lines' (its tables: line_items)"),
    ({"delete_rows": ["line_items[1]"]}, "line_items[1]: line_items has 1 row(s)"),
    ({"delete_rows": ["line_items"]}, "write table[row], e.g. line_items[0]"),
    ({"delete_rows": ["earnings[0]"]}, "earnings[0]: this document has no earnings"),
    ({"changes": {"line_items[0].amount": "5.00"}, "delete_rows": ["line_items[0]"]},
     "line_items[0].amount: row line_items[0] is deleted in the same request"),
])
def test_bad_rows_answer_422_naming_the_key_and_store_nothing(client, seeded, session, body, says) -> None:
    iid = seeded["acme"]
    before = _extraction(session, iid)
    res = _fields(client, iid, {"changes": {"total": "110.00"}, **body} if "changes" not in body else body)
    assert res.status_code == 422 and says in res.json()["detail"], res.text
    assert _extraction(session, iid) == before
    assert not session.exec(select(AuditRecord).where(AuditRecord.action.in_(  # type: ignore[attr-defined]
        ["correct", "row_added", "row_deleted"]))).all()
    assert client.get(f"/api/items/{iid}", headers=basic("alice")).json()["state"] == "open"  # not even claimed


def test_an_empty_request_is_422(client, seeded) -> None:
    res = _fields(client, seeded["acme"], {"add_rows": [], "delete_rows": []})
    assert res.status_code == 422 and "nothing to change" in res.text


def test_a_w2_has_no_table_to_add_rows_to(client, seeded, session, settings) -> None:
    record = queue_w2(session, settings, "acme")
    iid = session.exec(select(ExceptionItem).where(ExceptionItem.document_id == record.id)).one().id
    res = client.post(f"/api/items/{iid}/tables/line_items/rows", json={"cells": {"amount": "1"}}, headers=basic("alice"))
    assert res.status_code == 422 and "a w2 has no table 'line_items' (its tables: none)" in res.json()["detail"]


def test_rows_of_another_clients_item_are_not_found(client, seeded, session) -> None:
    before = _extraction(session, seeded["acme"])
    res = _fields(client, seeded["acme"], {"add_rows": [{"table": "line_items", "cells": {"amount": "1"}}]}, user="bob")
    assert res.status_code == 404
    assert _fields(client, seeded["acme"], {"delete_rows": ["line_items[0]"]}, user="bob").status_code == 404
    assert _extraction(session, seeded["acme"]) == before


def test_rows_of_an_item_locked_by_another_operator_are_409(client, seeded, session) -> None:
    claimed = client.post("/api/queue/claim", headers=basic("alice")).json()
    res = _fields(client, claimed["id"], {"delete_rows": ["line_items[0]"]}, user="carol")
    assert res.status_code == 409 and "alice" in res.json()["detail"]
    assert "line_items" in _extraction(session, claimed["id"])["tables"]


def test_cookie_session_row_changes_need_the_csrf_header(client, seeded, session) -> None:
    client.post("/login", data={"username": "alice", "password": "correct-horse-battery"})
    body = {"delete_rows": ["line_items[0]"]}
    assert client.post(f"/api/items/{seeded['acme']}/fields", json=body).status_code == 403
    token = client.get("/").text.split('name="csrf-token" content="')[1].split('"')[0]
    res = client.post(f"/api/items/{seeded['acme']}/fields", json=body, headers={"X-CSRF-Token": token})
    assert res.status_code == 200, res.text


def test_a_missed_row_added_clears_the_lines_sum_reason_on_approve(client, settings, session, seeded) -> None:
    record = queue_invoice(session, settings, "acme", 8, line_items=[("Widget A", "1", "60.00", "60.00")])
    iid = session.exec(select(ExceptionItem).where(ExceptionItem.document_id == record.id)).one().id
    assert "LINES_SUM_MISMATCH" in session.get(ExceptionItem, iid).reason_codes  # 60 of a 100.00 subtotal
    assert _fields(client, iid, {"changes": {"total": "110.00"}}).status_code == 200
    body = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()
    assert body["status"] == "in_review" and body["reasons"] == ["LINES_SUM_MISMATCH"], body
    row = {"description": "Widget B", "quantity": "1", "unit_price": "40.00", "amount": "40.00"}
    assert _fields(client, iid, {"add_rows": [{"table": "line_items", "cells": row}]}).status_code == 200
    body = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()
    assert body["status"] == "posted" and body["reasons"] == [] and body["entry_id"], body


def test_a_made_up_row_deleted_clears_the_lines_sum_reason_on_approve(client, settings, session, seeded) -> None:
    record = queue_invoice(session, settings, "acme", 9, line_items=[WIDGET_A, ("Page 1 of 2", "", "", "2.00")])
    iid = session.exec(select(ExceptionItem).where(ExceptionItem.document_id == record.id)).one().id
    assert _fields(client, iid, {"changes": {"total": "110.00"}, "delete_rows": ["line_items[1]"]}).status_code == 200
    body = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()
    assert body["status"] == "posted", body


# --- the other tables, without the web layer --------------------------------------------------

def test_claim_and_paystub_rows_are_planned_by_their_columns() -> None:
    plan = plan_rows("claim", {}, delete=[], normalise=normalise_value, add=[("service_lines", {
        "date_from": "2026-03-09", "modifiers": "25; 59", "procedure_code": " 99213 ", "charge": "125"})])
    assert plan.added[0].cells == {"date_from": "2026-03-09", "procedure_code": "99213", "modifiers": ["25", "59"],
                                   "charge": "125"}
    with pytest.raises(InvalidInput, match=r"add_rows\[0\]\.cells\.date_to: '03/09/2026' is not a date"):
        plan_rows("claim", {}, delete=[], normalise=normalise_value,
                  add=[("service_lines", {"date_to": "03/09/2026", "charge": "1"})])
    with pytest.raises(InvalidInput, match=r"needs its charge"):
        plan_rows("claim", {}, delete=[], normalise=normalise_value, add=[("service_lines", {"units": "1"})])
    tables = {"earnings": [{"type": {"value": "Regular"}, "amount": {"value": "100"}}]}
    plan = plan_rows("paystub", tables, delete=["earnings[0]"], normalise=normalise_value,
                     add=[("deductions", {"type": "Federal tax", "amount": "12.5"})])
    assert apply_rows(tables, plan) == [("row_deleted", "earnings[0]", '{"type": "Regular", "amount": "100"}'),
                                        ("row_added", "deductions[0]", '{"type": "Federal tax", "amount": "12.5"}')]
    assert tables == {"deductions": [{"type": {"value": "Federal tax", "confidence": 1.0, "needs_review": False},
                                      "amount": {"value": "12.5", "confidence": 1.0, "needs_review": False}}]}


def test_personal_columns_of_an_audited_row_are_masked_for_display() -> None:
    stored = json.dumps({"insured_id": "XK123456789", "charge": "10.00"})
    assert json.loads(mask_row_json(stored, mask=True)) == {"insured_id": "*******6789", "charge": "10.00"}
    assert mask_row_json(stored, mask=False) == stored
    assert mask_row_json("not a row", mask=True) == "not a row"


# --- the review screen ------------------------------------------------------------------------

def _page(client, iid: int) -> str:  # type: ignore[no-untyped-def]
    client.post("/login", data={"username": "alice", "password": "correct-horse-battery"})
    return client.get(f"/items/{iid}").text


def test_the_screen_has_add_and_delete_controls_for_each_table(client, seeded) -> None:
    html = _page(client, seeded["acme"])
    assert '<button type="button" class="add-row" data-table="line_items">Add line items row</button>' in html
    assert 'aria-label="Delete line items row 1"' in html
    assert '<template class="new-row-template"><tr class="table-row new-row" data-table="line_items">' in html
    assert 'data-field="line_items[0].sku" value="" data-original=""' in html  # every column, so a cell can be typed


def test_the_screen_offers_a_table_the_document_has_no_rows_of(client, settings, session, seeded) -> None:
    record = queue_invoice(session, settings, "acme", 10, line_items=[])
    iid = session.exec(select(ExceptionItem).where(ExceptionItem.document_id == record.id)).one().id
    html = _page(client, iid)
    assert 'data-table="line_items">Add line items row</button>' in html
    assert '(<span class="row-count">0</span>)' in html and "row-delete\" title=\"delete" not in html


def test_a_w2_screen_has_no_tables(client, settings, session, seeded) -> None:
    record = queue_w2(session, settings, "acme")
    iid = session.exec(select(ExceptionItem).where(ExceptionItem.document_id == record.id)).one().id
    assert "add-row" not in _page(client, iid).split('<details class="audit">')[0]



def test_a_paystub_screen_offers_both_of_its_tables_with_every_column() -> None:
    from review.web import table_views

    views = table_views("paystub", {"earnings": [{"type": "Regular", "amount": "100.00"}]})
    assert [(name, cols, len(rows)) for name, cols, rows in views] == [
        ("earnings", ["type", "hours", "rate", "amount", "ytd"], 1), ("deductions", ["type", "amount", "ytd"], 0)]
    assert [name for name, _, _ in table_views("claim", {})] == ["service_lines"]
