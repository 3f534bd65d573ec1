"""The JSON API: every action, and every authorisation boundary, on a temp SQLite DB."""
from __future__ import annotations

from datetime import timedelta

import pytest
from review_seed import basic, queue_w2
from sqlmodel import select

from schemas.records import AuditRecord, utcnow

ITEM_ENDPOINTS = [  # (method, path template, json body) — {id} is an item, {doc} its document
    ("GET", "/api/items/{id}", None),
    ("GET", "/api/items/{id}/audit", None),
    ("POST", "/api/items/{id}/fields", {"changes": {"total": "110.00"}}),
    ("POST", "/api/items/{id}/tables/line_items/rows", {"cells": {"amount": "1.00"}}),
    ("DELETE", "/api/items/{id}/tables/line_items/rows/0", None),
    ("POST", "/api/items/{id}/approve", None),
    ("POST", "/api/items/{id}/reject", {"note": "no"}),
    ("POST", "/api/items/{id}/return", {"note": "no"}),
    ("POST", "/api/items/{id}/postpone", {"until": "2099-01-01T00:00:00Z"}),
    ("POST", "/api/items/{id}/release", None),
    ("POST", "/api/items/{id}/heartbeat", {"idle_seconds": 0}),
    ("POST", "/api/items/{id}/reveal/total", None),
    ("GET", "/api/documents/{doc}/journal", None),
    ("GET", "/api/documents/{doc}/pages/1.png", None),
]


def _call(client, method, path, body, headers=None):  # type: ignore[no-untyped-def]
    return client.request(method, path, json=body, headers=headers or {})


def _doc_of(client, item_id: int) -> int:  # type: ignore[no-untyped-def]
    return client.get(f"/api/items/{item_id}", headers=basic("root")).json()["document_id"]


# --- authentication -----------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/queue", None), ("POST", "/api/queue/claim", None), ("GET", "/api/me", None),
    ("POST", "/api/items/{id}/reassign", {"to_user": "carol"}), *ITEM_ENDPOINTS,
])
def test_anonymous_callers_get_401(client, seeded, method, path, body) -> None:
    res = _call(client, method, path.format(id=seeded["acme"], doc=1), body)
    assert res.status_code == 401
    assert "Basic" in res.headers["www-authenticate"]


def test_wrong_password_and_forged_token_get_401(client, seeded) -> None:
    assert client.get("/api/queue", headers=basic("alice", "wrong-password")).status_code == 401
    assert client.get("/api/queue", headers={"Authorization": "Bearer forged.token.here"}).status_code == 401


def test_bearer_token_from_password(client, seeded) -> None:
    assert client.post("/api/token", data={"username": "alice", "password": "nope"}).status_code == 401
    token = client.post("/api/token", data={"username": "alice", "password": "correct-horse-battery"}).json()
    res = client.get("/api/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert res.status_code == 200 and res.json() == {"username": "alice", "role": "operator", "clients": ["acme"],
                                                     "active": True}


def test_cookie_session_writes_need_the_csrf_header(client, seeded) -> None:
    res = client.post("/login", data={"username": "alice", "password": "correct-horse-battery"}, follow_redirects=False)
    assert res.status_code == 303 and "ledgerline_session" in res.cookies
    assert client.get("/api/queue").status_code == 200
    assert client.post("/api/queue/claim").status_code == 403
    page = client.get("/").text
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post("/api/queue/claim", headers={"X-CSRF-Token": token}).status_code == 200


# --- authorisation: operator of client A vs items of client B ------------------------------

def test_operator_lists_only_his_clients(client, seeded) -> None:
    assert {i["client"] for i in client.get("/api/queue", headers=basic("alice")).json()} == {"acme"}
    assert {i["client"] for i in client.get("/api/queue", headers=basic("bob")).json()} == {"globex"}
    assert client.get("/api/queue?client=acme", headers=basic("bob")).json() == []
    assert len(client.get("/api/queue", headers=basic("root")).json()) == 3


@pytest.mark.parametrize(("method", "path", "body"), ITEM_ENDPOINTS)
def test_operator_of_another_client_gets_404_and_nothing_changes(client, seeded, method, path, body) -> None:
    doc = _doc_of(client, seeded["acme"])
    before = client.get(f"/api/items/{seeded['acme']}", headers=basic("root")).json()
    res = _call(client, method, path.format(id=seeded["acme"], doc=doc), body, basic("bob"))
    assert res.status_code == 404, res.text
    assert "belongs to a client you do not serve" in res.json()["detail"]
    assert client.get(f"/api/items/{seeded['acme']}", headers=basic("root")).json() == before


def test_operator_claims_only_items_of_his_clients(client, seeded) -> None:
    first = client.post("/api/queue/claim", headers=basic("bob")).json()
    assert first["client"] == "globex"
    client.post(f"/api/items/{first['id']}/reject", json={"note": "spam"}, headers=basic("bob"))
    assert client.post("/api/queue/claim", headers=basic("bob")).status_code == 204


def test_lead_of_client_a_cannot_see_client_b(client, seeded) -> None:
    assert {i["client"] for i in client.get("/api/queue", headers=basic("lena")).json()} == {"acme"}
    assert client.get(f"/api/items/{seeded['globex']}", headers=basic("lena")).status_code == 404
    res = client.post(f"/api/items/{seeded['globex']}/reassign", json={"to_user": "bob"}, headers=basic("lena"))
    assert res.status_code == 404


def test_operator_cannot_reassign_but_lead_can(client, seeded) -> None:
    res = client.post(f"/api/items/{seeded['acme']}/reassign", json={"to_user": "carol"}, headers=basic("alice"))
    assert res.status_code == 403 and "lead" in res.json()["detail"]
    res = client.post(f"/api/items/{seeded['acme']}/reassign", json={"to_user": "carol"}, headers=basic("lena"))
    assert res.status_code == 200 and res.json()["assignee"] == "carol" and res.json()["state"] == "in_review"
    res = client.post(f"/api/items/{seeded['acme']}/reassign", json={"to_user": "bob"}, headers=basic("lena"))
    assert res.status_code == 422  # bob does not serve acme


def test_admin_acts_on_every_client(client, seeded) -> None:
    res = client.post(f"/api/items/{seeded['globex']}/return", json={"note": "wrong company"}, headers=basic("root"))
    assert res.status_code == 200 and res.json()["state"] == "returned_to_client"


def test_item_locked_by_another_operator_is_409(client, seeded) -> None:
    claimed = client.post("/api/queue/claim", headers=basic("alice")).json()
    res = client.post(f"/api/items/{claimed['id']}/fields", json={"changes": {"total": "1.00"}}, headers=basic("carol"))
    assert res.status_code == 409 and "alice" in res.json()["detail"]


# --- the actions ------------------------------------------------------------------------------

def test_claim_correct_approve_and_read_the_journal(client, seeded) -> None:
    item = client.post("/api/queue/claim", headers=basic("alice")).json()
    assert item["state"] == "in_review" and item["assignee"] == "alice"
    assert item["fields"][0]["name"] == "total" and item["fields"][0]["codes"] == ["INVALID_VALUE", "LOW_CONFIDENCE"]
    res = client.post(f"/api/items/{item['id']}/fields", json={"changes": {"total": "110.00"}, "note": "from the scan"},
                      headers=basic("alice"))
    total = next(f for f in res.json()["fields"] if f["name"] == "total")
    assert (total["value"], total["confidence"], total["needs_review"]) == ("110.00", 1.0, False)
    assert total["bbox"] == [300.0, 650.4, 336.7, 662.4]
    res = client.post(f"/api/items/{item['id']}/approve", headers=basic("alice"))
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "posted" and body["item"]["state"] == "resolved" and body["entry_id"]
    journal = client.get(f"/api/documents/{item['document_id']}/journal", headers=basic("alice")).json()
    assert journal["total_debit"] == journal["total_credit"] == "110.00"
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in journal["lines"]] == [
        ("6000 General Expense", "100.00", "0"), ("1400 Input Tax Receivable", "10.00", "0"),
        ("2000 Accounts Payable", "0", "110.00")]
    assert client.post(f"/api/items/{item['id']}/approve", headers=basic("alice")).status_code == 409
    audit = client.get(f"/api/items/{item['id']}/audit", headers=basic("alice")).json()
    assert [a["action"] for a in audit] == ["claim", "correct", "post", "approve"]
    assert (audit[1]["field"], audit[1]["old"], audit[1]["new"], audit[1]["note"]) == ("total", "11O.00", "110.00", "from the scan")


def test_approve_with_errors_left_stays_in_review_with_new_reasons(client, seeded) -> None:
    iid = seeded["acme"]
    client.post(f"/api/items/{iid}/fields", json={"changes": {"total": "999.00"}}, headers=basic("alice"))
    body = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()
    assert body["status"] == "in_review" and body["reasons"] == ["TOTAL_MISMATCH"] and body["entry_id"] is None
    assert body["item"]["reason_codes"] == ["TOTAL_MISMATCH"]
    assert client.get(f"/api/documents/{body['item']['document_id']}/journal", headers=basic("alice")).status_code == 404


def test_reject_needs_a_note(client, seeded) -> None:
    iid = seeded["acme"]
    res = client.post(f"/api/items/{iid}/reject", json={}, headers=basic("alice"))
    assert res.status_code == 422 and "note" in res.json()["detail"]
    res = client.post(f"/api/items/{iid}/reject", json={"note": "duplicate of INV-9"}, headers=basic("alice"))
    assert res.status_code == 200 and res.json()["state"] == "rejected" and res.json()["note"] == "duplicate of INV-9"


def test_return_to_client(client, seeded) -> None:
    res = client.post(f"/api/items/{seeded['globex']}/return", json={"note": "illegible"}, headers=basic("bob"))
    assert res.status_code == 200 and res.json()["state"] == "returned_to_client"


def test_postpone_and_release(client, seeded) -> None:
    until = (utcnow() + timedelta(hours=3)).isoformat()
    res = client.post(f"/api/items/{seeded['acme']}/postpone", json={"until": until, "note": "PO on its way"},
                      headers=basic("alice"))
    assert res.status_code == 200 and res.json()["state"] == "postponed" and res.json()["postponed_until"]
    past = client.post(f"/api/items/{seeded['acme2']}/postpone", json={"until": "2020-01-01T00:00:00Z"}, headers=basic("alice"))
    assert past.status_code == 422
    claimed = client.post("/api/queue/claim", headers=basic("alice")).json()
    assert claimed["id"] == seeded["acme2"]  # the postponed one is not due
    res = client.post(f"/api/items/{claimed['id']}/release", headers=basic("alice"))
    assert res.status_code == 200 and res.json()["state"] == "open" and res.json()["assignee"] is None


def test_field_corrections_are_validated(client, seeded) -> None:
    iid = seeded["acme"]
    for changes in ({"total": "lots"}, {"invoice_date": "yesterday"}, {"patient_dob": "1980-01-01"}):
        res = client.post(f"/api/items/{iid}/fields", json={"changes": changes}, headers=basic("alice"))
        assert res.status_code == 422, changes
    assert client.post(f"/api/items/{iid}/fields", json={"changes": {}}, headers=basic("alice")).status_code == 422


def test_page_image_is_a_png_of_the_stored_original(client, seeded) -> None:
    doc = _doc_of(client, seeded["acme2"])
    res = client.get(f"/api/documents/{doc}/pages/2.png", headers=basic("alice"))
    assert res.status_code == 200 and res.headers["content-type"] == "image/png" and res.content[:4] == b"\x89PNG"
    assert client.get(f"/api/documents/{doc}/pages/3.png", headers=basic("alice")).status_code == 404


# --- personal data ----------------------------------------------------------------------------

def test_personal_fields_are_masked_and_reveal_is_audited(client, seeded, session, settings) -> None:
    record = queue_w2(session, settings, "globex")
    item = next(i for i in client.get("/api/queue", headers=basic("bob")).json() if i["document_id"] == record.id)
    detail = client.get(f"/api/items/{item['id']}", headers=basic("bob")).json()
    ssn = next(f for f in detail["fields"] if f["name"] == "employee_ssn")
    assert (ssn["value"], ssn["masked"], ssn["personal"]) == ("***-**-6789", True, True)
    assert "123-45-6789" not in client.get(f"/api/items/{item['id']}", headers=basic("bob")).text
    assert client.post(f"/api/items/{item['id']}/reveal/employee_ssn", headers=basic("alice")).status_code == 404
    res = client.post(f"/api/items/{item['id']}/reveal/employee_ssn", headers=basic("bob"))
    assert res.json() == {"field": "employee_ssn", "value": "123-45-6789"}
    audit = session.exec(select(AuditRecord).where(AuditRecord.action == "reveal")).one()
    assert (audit.actor, audit.field) == ("bob", "employee_ssn") and "123-45-6789" not in (audit.note or "")
    # a correction of a personal field is masked in the audit trail the API shows
    client.post(f"/api/items/{item['id']}/fields", json={"changes": {"employee_ssn": "123-45-6780"}}, headers=basic("bob"))
    trail = client.get(f"/api/items/{item['id']}/audit", headers=basic("bob")).text
    assert "123-45-678" not in trail and "***-**-6780" in trail


def test_openapi_docs_are_served(client) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/queue", "/api/queue/claim", "/api/items/{item_id}/approve", "/api/items/{item_id}/reveal/{field}",
              "/api/documents/{document_id}/journal"):
        assert p in paths


def test_page_image_hides_personal_values_unless_asked_and_audited(client, seeded, session, settings) -> None:
    import io

    from PIL import Image

    record = queue_w2(session, settings, "globex")
    url = f"/api/documents/{record.id}/pages/1.png"
    x0, y0, x1, y1 = record.extraction["fields"]["employee_ssn"]["bbox"]
    scale = 110 / 72

    def dark_share(content: bytes) -> float:
        img = Image.open(io.BytesIO(content)).convert("L")
        crop = img.crop((round(x0 * scale), round(y0 * scale), round(x1 * scale), round(y1 * scale)))
        pixels = list(crop.get_flattened_data())
        return sum(p < 100 for p in pixels) / len(pixels)

    redacted = client.get(url, headers=basic("bob"))
    assert dark_share(redacted.content) > 0.95
    assert session.exec(select(AuditRecord).where(AuditRecord.action == "reveal_page")).all() == []
    original = client.get(url + "?unredacted=true", headers=basic("bob"))
    assert dark_share(original.content) < 0.5
    audit = session.exec(select(AuditRecord).where(AuditRecord.action == "reveal_page")).one()
    assert (audit.actor, audit.document_id) == ("bob", record.id)
    assert client.get(url + "?unredacted=true", headers=basic("alice")).status_code == 404
