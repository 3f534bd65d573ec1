"""End to end in headless Chromium: log in, claim, correct a field, approve, see the journal entry.

The app runs with uvicorn in a thread on a free localhost port over a temp data dir seeded
with real PDFs (reportlab) queued through ledger.settlement.settle. Screenshots go to
test-artifacts/.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from review_seed import PASSWORD, add_user, queue_invoice, queue_w2
from sqlmodel import Session, select

from ledgerline.db import engine_for
from schemas.records import AuditRecord, DocumentRecord, UserRole

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VISIBLE_IMAGES_LOADED = ("Array.from(document.querySelectorAll('.page:not([hidden]) img'))"
                         ".every(i => i.complete && i.naturalWidth > 0)")
PRINTED_LINES = [("Widget A", "2", "25.00", "50.00"), ("Widget B", "1", "50.00", "50.00")]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: install Debian's chromium to run this test"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(settings, app):  # type: ignore[no-untyped-def]
    import uvicorn

    with Session(engine_for(settings.db_url), expire_on_commit=False) as session:
        add_user(session, "alice", UserRole.OPERATOR, ["acme"])
        # printed: two lines of 50.00; read: the first, and the page footer as a made-up line
        queue_invoice(session, settings, "acme", 1, printed_lines=PRINTED_LINES,
                      line_items=[PRINTED_LINES[0], ("Page 1 of 1", "", "", "1.00")])
        queue_invoice(session, settings, "acme", 2, pages=2)
        queue_w2(session, settings, "acme")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture()
def page():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        pg = context.new_page()
        pg.set_default_timeout(15000)
        yield pg
        browser.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def _box_center_inside_image(page, field: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator(f'.page:not([hidden]) .bbox[data-field="{field}"]').bounding_box()
    img = page.locator(".page:not([hidden]) img").bounding_box()
    assert box and img and box["width"] > 5 and box["height"] > 3
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert img["x"] < cx < img["x"] + img["width"] and img["y"] < cy < img["y"] + img["height"]


def test_operator_claims_corrects_approves_and_sees_the_journal(server, page, settings) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(server + "/")
    assert "/login" in page.url
    page.fill('input[name="username"]', "alice")
    page.fill('input[name="password"]', PASSWORD)
    _shot(page, "01-login")
    page.click('button[type="submit"]')
    page.wait_for_url(server + "/")
    assert page.locator("tr[data-item]").count() == 3
    assert re.search(r"\d+h \d+m left", page.locator("td.sla").first.inner_text())
    _shot(page, "02-queue")

    page.keyboard.press("c")  # claim next
    page.wait_for_url(re.compile(r"/items/\d+$"))
    page.wait_for_function(VISIBLE_IMAGES_LOADED)
    total = page.locator("#f-total")
    assert total.evaluate("el => el === document.activeElement")  # keyboard-first: the failing field has focus
    assert page.locator(".bbox.active").get_attribute("data-field") == "total"
    _box_center_inside_image(page, "total")
    assert page.locator(".field").first.get_attribute("data-field") == "total"  # failing fields first
    _shot(page, "03-review")

    total.fill("110.00")
    page.keyboard.press("Tab")
    assert page.locator(".bbox.active").get_attribute("data-field") != "total"
    page.keyboard.press("Shift+Tab")
    assert page.locator(".bbox.active").get_attribute("data-field") == "total"
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    _shot(page, "04-shortcuts")
    page.keyboard.press("?")
    assert not page.locator("#help").is_visible()

    # a table cell is corrected with the fields; the lock heartbeat answers
    cell = page.locator('input[data-field="line_items[0].description"]')
    cell.fill("Widget A (blue)")
    assert "changed" in (cell.get_attribute("class") or "")
    page.evaluate("window.ledgerlineHeartbeat()")
    assert page.locator("#flash").is_hidden()
    _shot(page, "04b-cell")

    # table rows, by keyboard: delete the made-up footer row (Space toggles, so undo works),
    # add the missed line; the rows renumber and are saved with the corrections on approve
    rows = page.locator('table.rows[data-table="line_items"] tbody tr')
    count = page.locator('details[data-table="line_items"] .row-count')
    footer_delete = rows.nth(1).locator(".row-delete")
    footer_delete.focus()
    page.keyboard.press("Space")
    assert "deleted" in (rows.nth(1).get_attribute("class") or "") and count.inner_text() == "1"
    assert rows.nth(1).locator('input[data-column="amount"]').is_disabled()
    page.keyboard.press("Space")  # undo
    assert "deleted" not in (rows.nth(1).get_attribute("class") or "") and count.inner_text() == "2"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "add-row"
    page.keyboard.press("Enter")
    new_row = page.locator('table.rows[data-table="line_items"] tr.new-row')
    assert new_row.count() == 1 and count.inner_text() == "2"
    assert [rows.nth(i).locator(".row-no").inner_text() for i in range(3)] == ["1", "–", "2"]
    assert page.evaluate("document.activeElement.dataset.column") == "description"
    page.keyboard.type("Widget B")
    page.keyboard.press("Enter")  # approve without the new row's amount: refused, nothing stored
    page.wait_for_function("document.getElementById('flash').textContent.includes('needs its amount')")
    assert page.locator("#flash").inner_text().startswith("new line items row 2 amount: ")
    assert "bad" in (new_row.get_attribute("class") or "")
    assert page.evaluate("document.activeElement.dataset.column") == "amount"  # the cell to fix has focus
    page.keyboard.type("50")
    new_row.locator('input[data-column="quantity"]').fill("1")
    new_row.locator('input[data-column="unit_price"]').fill("50.00")
    _shot(page, "04c-rows")
    new_row.locator('input[data-column="amount"]').press("Enter")  # save the corrections and approve
    page.wait_for_url(re.compile(r"/documents/\d+/journal"))
    journal = page.locator("#journal")
    assert "2000 Accounts Payable" in journal.inner_text()
    assert "110.00" in journal.inner_text() and "posted by alice" in journal.inner_text()
    _shot(page, "05-journal")
    with Session(engine_for(settings.db_url)) as session:
        cells = session.exec(select(AuditRecord).where(AuditRecord.field == "line_items[0].description")).all()
        row_audit = session.exec(select(AuditRecord).where(AuditRecord.action.in_(  # type: ignore[attr-defined]
            ["row_added", "row_deleted"])).order_by(AuditRecord.id)).all()
        record = session.get(DocumentRecord, row_audit[0].document_id)
        stored = [{c: v["value"] for c, v in row.items()} for row in record.extraction["tables"]["line_items"]]
        status = record.status
    assert [(a.actor, a.old, a.new) for a in cells] == [("alice", "Widget A", "Widget A (blue)")]
    assert [(a.action, a.field, a.old, a.new) for a in row_audit] == [
        ("row_deleted", "line_items[1]", '{"description": "Page 1 of 1", "amount": "1.00"}', None),
        ("row_added", "line_items[1]", None, '{"description": "Widget B", "quantity": "1", "unit_price": "50.00", '
                                             '"amount": "50"}')]
    assert stored == [{"description": "Widget A (blue)", "quantity": "2", "unit_price": "25.00", "amount": "50.00"},
                      {"description": "Widget B", "quantity": "1", "unit_price": "50.00", "amount": "50"}]
    assert status == "posted"

    # the two-page invoice: page navigation, then reject with a note
    page.goto(server + "/")
    page.keyboard.press("c")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert page.locator("#page-no").inner_text() == "1"
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    assert page.locator("#page-no").inner_text() == "2"
    page.wait_for_function(VISIBLE_IMAGES_LOADED)
    _box_center_inside_image(page, "payment_terms")
    _shot(page, "06-page-2")
    page.once("dialog", lambda d: d.accept("duplicate of INV-1"))
    page.keyboard.press("r")
    page.wait_for_url(server + "/")
    assert page.locator("tr[data-item]").count() == 1

    # the W-2: the SSN is masked until revealed
    page.keyboard.press("c")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    ssn = page.locator("#f-employee_ssn")
    assert ssn.input_value() == "***-**-6789" and ssn.get_attribute("readonly") is not None
    _shot(page, "07-masked")
    page.click('button.reveal[data-field="employee_ssn"]')
    page.wait_for_function("document.getElementById('f-employee_ssn').value === '123-45-6789'")
    page.wait_for_function("Array.from(document.querySelectorAll('.page img'))"
                           ".every(i => i.src.includes('unredacted'))")
    page.wait_for_function(VISIBLE_IMAGES_LOADED)
    _shot(page, "08-revealed")

    page.goto(server + "/dashboard")
    assert "Pareto" in page.content()
    _shot(page, "09-dashboard")
    assert errors == []
