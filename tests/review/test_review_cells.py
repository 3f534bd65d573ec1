"""Table cells (line_items[0].amount ...) corrected through POST /api/items/{id}/fields:
normalised by kind, audited with the cell label, all-or-nothing, re-validated on approve."""
from __future__ import annotations

import pytest
from review_seed import basic
from sqlmodel import select

from review.corrections import normalise_value, parse_cell_label
from review.queue import InvalidInput
from schemas.records import AuditRecord, DocumentRecord, ExceptionItem


def _fields(client, iid: int, changes: dict, user: str = "alice"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/items/{iid}/fields", json={"changes": changes}, headers=basic(user))


def _extraction(session, iid: int) -> dict:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.get(DocumentRecord, session.get(ExceptionItem, iid).document_id).extraction


def test_a_cell_is_corrected_and_audited_with_its_label(client, seeded, session) -> None:
    iid = seeded["acme"]
    res = _fields(client, iid, {"line_items[0].amount": "1,000.50", "line_items[0].description": "Widget  B"})
    assert res.status_code == 200, res.text
    assert res.json()["tables"]["line_items"][0]["amount"] == "1000.50"
    row = _extraction(session, iid)["tables"]["line_items"][0]
    assert row["amount"] == {"value": "1000.50", "confidence": 1.0, "needs_review": False}
    assert row["description"]["value"] == "Widget B" and row["quantity"]["value"] == "2"  # untouched
    audit = client.get(f"/api/items/{iid}/audit", headers=basic("alice")).json()
    assert [(a["field"], a["old"], a["new"]) for a in audit if a["action"] == "correct"] == [
        ("line_items[0].amount", "100.00", "1000.50"), ("line_items[0].description", "Widget A", "Widget B")]


def test_a_missing_cell_of_a_known_column_can_be_filled(client, seeded, session) -> None:
    res = _fields(client, seeded["acme"], {"line_items[0].sku": "W-1"})
    assert res.status_code == 200, res.text
    assert _extraction(session, seeded["acme"])["tables"]["line_items"][0]["sku"]["value"] == "W-1"


@pytest.mark.parametrize(("key", "value", "says"), [
    ("line_items[0].amount", "twenty", "line_items[0].amount: 'twenty' is not an amount"),
    ("line_items[0].unit_price", "NaN", "line_items[0].unit_price: 'NaN' is not an amount"),
    ("line_items[3].amount", "1.00", "line_items has 1 row(s)"),
    ("line_items[0].colour", "red", "line_items has no column 'colour'"),
    ("service_lines[0].charge", "1.00", "this document has no service_lines"),
    ("wages_table[0].amount", "1.00", "no table 'wages_table'"),
    ("line_items[x].amount", "1.00", "write table[row].column"),
])
def test_bad_cells_answer_422_naming_the_cell_and_store_nothing(client, seeded, session, key, value, says) -> None:
    iid = seeded["acme"]
    before = _extraction(session, iid)
    res = _fields(client, iid, {"total": "110.00", key: value})
    assert res.status_code == 422 and says in res.json()["detail"], res.text
    assert _extraction(session, iid) == before
    assert not session.exec(select(AuditRecord).where(AuditRecord.action == "correct")).all()


def test_cell_values_are_normalised_by_kind() -> None:
    assert normalise_value("amount", "1 249.5", label="line_items[0].amount") == "1249.5"
    assert normalise_value("charge", "0.1", label="service_lines[0].charge") == "0.1"  # Decimal: no 0.1000000001
    assert normalise_value("date_from", "2024-03-09", label="service_lines[0].date_from") == "2024-03-09"
    assert normalise_value("modifiers", "25; 59", label="service_lines[0].modifiers") == ["25", "59"]
    with pytest.raises(InvalidInput, match=r"service_lines\[1\]\.date_to: '03/09/2024' is not a date; use YYYY-MM-DD"):
        normalise_value("date_to", "03/09/2024", label="service_lines[1].date_to")


def test_cell_labels_are_checked_against_the_tables() -> None:
    tables = {"earnings": [{}, {}]}
    assert parse_cell_label("earnings[1].ytd", tables).label == "earnings[1].ytd"
    with pytest.raises(InvalidInput, match="rows 0 to 1"):
        parse_cell_label("earnings[2].ytd", tables)


def test_approve_revalidates_the_corrected_cells(client, seeded) -> None:
    iid = seeded["acme"]
    assert _fields(client, iid, {"total": "110.00", "line_items[0].amount": "90.00"}).status_code == 200
    body = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()
    assert body["status"] == "in_review" and "LINES_SUM_MISMATCH" in body["reasons"]
    assert _fields(client, iid, {"line_items[0].amount": "100.00"}).status_code == 200
    body = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()
    assert body["status"] == "posted", body


def test_the_review_page_shows_cells_as_inputs(client, seeded) -> None:
    client.post("/login", data={"username": "alice", "password": "correct-horse-battery"})
    html = client.get(f"/items/{seeded['acme']}").text
    assert 'data-field="line_items[0].amount" value="100.00" data-original="100.00"' in html
    assert 'class="cell-input"' in html


def test_cells_of_another_clients_item_are_not_found(client, seeded) -> None:
    assert _fields(client, seeded["acme"], {"line_items[0].amount": "1.00"}, user="bob").status_code == 404


def test_cell_keys_are_documented_in_the_openapi(client) -> None:
    spec = client.get("/openapi.json").json()
    assert "line_items[2].amount" in spec["paths"]["/api/items/{item_id}/fields"]["post"]["summary"]
    assert "table[row].column" in spec["components"]["schemas"]["FieldsUpdate"]["properties"]["changes"]["description"]
