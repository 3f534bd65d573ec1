"""Web screens, the session secret, masking helpers, page geometry and the CLI."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest
from review_seed import basic
from typer.testing import CliRunner

from ledgerline.errors import ConfigError
from ledgerline.settings import Settings
from review.auth import session_secret
from review.masking import mask_value
from review.pages import page_image
from schemas.records import DocumentRecord

PASSWORD = "correct-horse-battery"


def _login(client, user: str = "alice") -> None:  # type: ignore[no-untyped-def]
    res = client.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
    assert res.status_code == 303


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("employee_ssn", "123-45-6789", "***-**-6789"), ("insured_id", "XYZ123456789", "********6789"),
    ("federal_tax_id", "12-3456789", "**-***6789"), ("patient_dob", "1980-04-12", "****-04-12"),
    ("insured_id", "1234", "****"), ("total", "110.00", "110.00"), ("service_lines[0].insured_id", "AB123456", "****3456"),
])
def test_mask_value(field: str, value: str, shown: str) -> None:
    assert mask_value(field, value) == shown
    assert mask_value(field, value, enabled=False) == value


def test_generated_secret_is_kept_private_and_reused(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = session_secret(settings)
    path = tmp_path / "session_secret"
    assert len(first) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert session_secret(settings) == first


@pytest.mark.parametrize("weak", ["changethis", "secret", "short-but-not-default"])
def test_default_or_short_secrets_are_refused(tmp_path, weak: str) -> None:
    with pytest.raises(ConfigError, match="LEDGERLINE_SESSION_SECRET"):
        session_secret(Settings(data_dir=tmp_path, session_secret=weak))


def test_pages_need_login(client, seeded) -> None:
    for path in ("/", "/dashboard", f"/items/{seeded['acme']}", "/documents/1/journal"):
        res = client.get(path, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login?next=")
    res = client.post("/login", data={"username": "alice", "password": "nope"})
    assert "Wrong username or password" in res.text


def test_queue_page_shows_only_own_clients_and_filters(client, seeded) -> None:
    _login(client, "bob")
    page = client.get("/").text
    assert f'data-item="{seeded["globex"]}"' in page and f'data-item="{seeded["acme"]}"' not in page
    assert "Globex Corp" in page and "data-due=" in page
    assert f'data-item="{seeded["globex"]}"' not in client.get("/?reason=TOTAL_MISMATCH").text
    assert f'data-item="{seeded["globex"]}"' in client.get("/?reason=LOW_CONFIDENCE&doc_type=invoice").text


def test_overdue_items_are_highlighted(client, seeded, session) -> None:
    from datetime import timedelta

    from schemas.records import ExceptionItem, utcnow

    item = session.get(ExceptionItem, seeded["globex"])
    item.sla_due_at = utcnow() - timedelta(hours=2)
    session.add(item)
    session.commit()
    _login(client, "bob")
    assert 'class="overdue state-open"' in client.get("/").text
    assert f'data-item="{seeded["globex"]}"' in client.get("/?due=overdue").text
    dash = client.get("/dashboard").text
    assert "overdue items" in dash and f'href="/items/{seeded["globex"]}"' in dash


def test_review_page_shows_image_boxes_and_failing_fields_first(client, seeded) -> None:
    _login(client)
    page = client.get(f"/items/{seeded['acme2']}").text
    assert '/api/documents/' in page and 'pages/2.png' in page
    assert page.index('name="total"') < page.index('name="vendor_name"')
    assert 'class="bbox" data-field="total"' in page and 'class="bbox" data-field="payment_terms"' in page
    assert "INVALID_VALUE" in page and "the extractor asks for review" in page
    assert "Widget A" in page and "unit price" in page  # line items, read-only
    assert client.get(f"/items/{seeded['globex']}").status_code == 404


def test_dashboard_counts_straight_through_and_pareto(client, seeded, settings, session) -> None:
    from datetime import date

    from ledger.settlement import settle
    from schemas.document import ExtractedDocument
    from review_seed import invoice_pdf
    from validators.client_loader import load_client

    path = settings.data_dir / "originals" / "clean.pdf"
    extraction = invoice_pdf(path, 42)
    extraction["fields"]["total"].update(value="110.00", confidence=0.99, needs_review=False)
    record = DocumentRecord(client="acme", sha256=extraction["sha256"], source_name="clean.pdf", stored_path=str(path),
                            doc_type="invoice", pages=1, extraction=extraction)
    session.add(record)
    session.flush()
    outcome = settle(session, record, ExtractedDocument.model_validate(extraction), load_client("acme", settings.clients_dir),
                     today=date(2026, 11, 20))
    session.commit()
    assert outcome.status == "posted"
    _login(client, "lena")
    page = client.get("/dashboard").text
    assert "33%" in page and "(1/3)" in page  # 1 posted straight through of 3 acme documents
    assert page.index("INVALID_VALUE") < page.index("</table>", page.index("Pareto"))


def test_journal_page_after_approval(client, seeded) -> None:
    iid = seeded["acme"]
    client.post(f"/api/items/{iid}/fields", json={"changes": {"total": "110.00"}}, headers=basic("alice"))
    doc = client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()["item"]["document_id"]
    _login(client)
    page = client.get(f"/documents/{doc}/journal").text
    assert "2000 Accounts Payable" in page and "110.00" in page


def test_page_geometry_for_text_and_ocr_pages(seeded, session, settings) -> None:
    record = session.get(DocumentRecord, 1)
    _, text_geo = page_image(settings, record, 1)
    assert text_geo.unit_width == pytest.approx(595.3, abs=1) and text_geo.scale == pytest.approx(110 / 72, rel=0.01)
    ocr = DocumentRecord(**{**record.model_dump(exclude={"id"}), "ocr": True, "sha256": "f" * 64})
    ocr.id = 99
    _, ocr_geo = page_image(settings, ocr, 1)
    assert ocr_geo.unit_width == pytest.approx(595.3 * 300 / 72, rel=0.01)
    assert ocr_geo.relative([0, 0, ocr_geo.unit_width / 2, ocr_geo.unit_height / 4]) == [0, 0, 0.5, 0.25]


def test_users_cli_add_and_list(settings, monkeypatch) -> None:
    from ledgerline import settings as settings_module
    from review.cli import users_app

    monkeypatch.setenv("LEDGERLINE_DATA_DIR", str(settings.data_dir))
    settings_module.get_settings.cache_clear()
    try:
        runner = CliRunner()
        res = runner.invoke(users_app, ["add", "dora", "--role", "lead", "--clients", "acme,globex",
                                        "--password", "a-long-password"])
        assert res.exit_code == 0, res.output
        res = runner.invoke(users_app, ["add", "eve", "--clients", "acme"], input="pw-long-enough\npw-long-enough\n")
        assert res.exit_code == 0, res.output
        listing = runner.invoke(users_app, ["list"]).output
        assert "dora" in listing and "lead" in listing and "acme, globex" in listing and "eve" in listing
    finally:
        settings_module.get_settings.cache_clear()


@pytest.mark.parametrize(("next_url", "landing"), [("/dashboard", "/dashboard"), ("//evil.example/x", "/"),
                                                   ("https://evil.example/", "/")])
def test_login_redirects_only_inside_the_app(client, seeded, next_url: str, landing: str) -> None:
    res = client.post("/login", data={"username": "alice", "password": PASSWORD, "next": next_url},
                      follow_redirects=False)
    assert res.headers["location"] == landing


def test_logout_ends_the_session(client, seeded) -> None:
    _login(client)
    token = client.get("/").text.split('name="csrf-token" content="')[1].split('"')[0]
    client.post("/logout", data={"csrf": token})
    assert client.get("/api/queue").status_code == 401


def test_unreadable_original_shows_the_screen_without_an_image(client, seeded, session) -> None:
    from schemas.records import ExceptionItem

    item = session.get(ExceptionItem, seeded["acme"])
    record = session.get(DocumentRecord, item.document_id)
    Path(record.stored_path).write_bytes(b"not a pdf nor an image")
    record.sha256 = "0" * 64  # no cached render
    session.add(record)
    session.commit()
    _login(client)
    assert client.get(f"/items/{item.id}").status_code == 200
    assert client.get(f"/api/documents/{record.id}/pages/1.png").status_code == 404
