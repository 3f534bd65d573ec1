"""Test data for the review tests: client rule packs, users, and a real queued invoice PDF."""
from __future__ import annotations

import base64
import hashlib
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlmodel import Session

from ledger.settlement import settle
from ledgerline.settings import Settings
from review.users import UserCreate, create_user
from schemas.document import ExtractedDocument
from schemas.records import DocumentRecord, UserRole
from validators.client_loader import load_client

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
PAGE_W, PAGE_H = A4  # points

# (field, label, value, x, baseline from top, confidence, needs_review)
INVOICE_LINES = [
    ("vendor_name", "Vendor", "Acme Tools Inc.", 300, 120, 0.97, False),
    ("invoice_number", "Invoice no.", "INV-{n}", 300, 150, 0.96, False),
    ("invoice_date", "Invoice date", "2026-11-02", 300, 180, 0.95, False),
    ("due_date", "Due date", "2026-12-02", 300, 210, 0.95, False),
    ("currency", "Currency", "USD", 300, 240, 0.99, False),
    ("subtotal", "Subtotal", "100.00", 300, 600, 0.93, False),
    ("tax_total", "Tax", "10.00", 300, 630, 0.92, False),
    ("total", "Total", "110.00", 300, 660, 0.41, True),
]
FONT_SIZE = 12


def write_clients(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    template = (REPO / "clients" / "default.yaml").read_text()
    for name in names:
        text = template.replace("name: default", f"name: {name}").replace(
            "display_name: Default client", f"display_name: {name.title()} Corp")
        (folder / f"{name}.yaml").write_text(text)
    return folder


Row = tuple[str, str, str, str]  # description, quantity, unit price, amount
WIDGET_A: Row = ("Widget A", "2", "50.00", "100.00")


def invoice_pdf(path: Path, number: int, *, total_printed: str = "110.00", pages: int = 1,
                line_items: list[Row] | None = None, printed_lines: list[Row] | None = None) -> dict:
    """A one- or two-page invoice; returns its extraction (contract dict) with real bboxes.

    `line_items` are the rows the extraction has (default: Widget A, 100.00); `printed_lines`
    are drawn on the page as the invoice's lines (default: none drawn).
    """
    c = canvas.Canvas(str(path), pagesize=A4)
    for i, line in enumerate(printed_lines or []):
        for text, x in zip(line, (80, 300, 360, 440), strict=True):
            c.setFont("Helvetica", FONT_SIZE)
            c.drawString(x, PAGE_H - 300 - 20 * i, text)
    fields = {}
    for name, label, value, x, top, conf, review in INVOICE_LINES:
        value = value.format(n=number)
        shown = total_printed if name == "total" else value
        c.setFont("Helvetica", FONT_SIZE)
        c.drawString(80, PAGE_H - top, label)
        c.drawString(x, PAGE_H - top, shown)
        width = c.stringWidth(shown, "Helvetica", FONT_SIZE)
        extracted = "11O.00" if name == "total" else value  # the OCR-ish misread to correct
        fields[name] = {"value": extracted, "confidence": conf, "needs_review": review, "page": 1,
                        "bbox": [float(x), top - FONT_SIZE * 0.8, round(x + width, 1), top + FONT_SIZE * 0.2]}
    c.showPage()
    for p in range(2, pages + 1):
        c.setFont("Helvetica", FONT_SIZE)
        c.drawString(80, PAGE_H - 100, f"Terms and conditions, page {p}")
        c.drawString(300, PAGE_H - 130, "Net 30")
        fields["payment_terms"] = {"value": "Net 30", "confidence": 0.9, "needs_review": False, "page": p,
                                   "bbox": [300.0, 120.4, 340.0, 132.4]}
        c.showPage()
    c.save()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    cell = {"confidence": 0.95, "needs_review": False}
    columns = ("description", "quantity", "unit_price", "amount")
    rows = [{col: {"value": v, **cell} for col, v in zip(columns, line, strict=True) if v}
            for line in (line_items if line_items is not None else [WIDGET_A])]
    tables = {"line_items": rows} if rows else {}
    return {"source": path.name, "sha256": sha, "doc_type": "invoice", "doc_type_confidence": 0.97,
            "pages": pages, "ocr": False, "fields": fields, "tables": tables}


def queue_invoice(session: Session, settings: Settings, client: str, number: int, *, pages: int = 1,
                  line_items: list[Row] | None = None, printed_lines: list[Row] | None = None) -> DocumentRecord:
    """Store a real PDF, record its extraction and let settle() queue it (total needs review)."""
    originals = settings.data_dir / "originals"
    originals.mkdir(parents=True, exist_ok=True)
    path = originals / f"{client}-inv-{number}.pdf"
    extraction = invoice_pdf(path, number, pages=pages, line_items=line_items, printed_lines=printed_lines)
    record = DocumentRecord(client=client, sha256=extraction["sha256"], source_name=path.name,
                            stored_path=str(path), doc_type="invoice", pages=pages, extraction=extraction)
    session.add(record)
    session.flush()
    doc = ExtractedDocument.model_validate(extraction)
    outcome = settle(session, record, doc, load_client(client, settings.clients_dir), today=date(2026, 11, 20))
    assert outcome.status == "in_review", outcome
    session.commit()
    return record


def add_user(session: Session, username: str, role: UserRole, clients: list[str]) -> None:
    create_user(session, user_in=UserCreate(username=username, password=PASSWORD, role=role, clients=clients))


def queue_w2(session: Session, settings: Settings, client: str) -> DocumentRecord:
    """A W-2 whose SSN the extractor is unsure of: queued, with personal data to mask."""
    originals = settings.data_dir / "originals"
    originals.mkdir(parents=True, exist_ok=True)
    path = originals / f"{client}-w2.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(80, PAGE_H - 100, "W-2 Wage and Tax Statement 2025")
    c.setFont("Helvetica", FONT_SIZE)
    c.drawString(80, PAGE_H - 130, "a Employee's SSN")
    c.drawString(200, PAGE_H - 130, "123-45-6789")
    ssn_right = round(200 + c.stringWidth("123-45-6789", "Helvetica", FONT_SIZE), 1)
    c.save()

    def f(value: str, conf: float = 0.97, review: bool = False) -> dict:
        return {"value": value, "confidence": conf, "needs_review": review, "page": 1}

    extraction = {
        "source": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "doc_type": "w2",
        "doc_type_confidence": 0.95, "pages": 1, "ocr": False, "tables": {},
        "fields": {
            "tax_year": f("2025"), "employee_ssn": {**f("123-45-6789", 0.5, True), "bbox": [200.0, 120.4, ssn_right, 132.4]},
            "employer_ein": f("12-3456789"), "employer_name": f("Globex Payroll LLC"), "employee_name": f("Jane Roe"),
            "wages": f("50000.00"), "federal_tax_withheld": f("5000.00"), "social_security_wages": f("50000.00"),
            "social_security_tax": f("3100.00"), "medicare_wages": f("50000.00"), "medicare_tax": f("725.00"),
        },
    }
    record = DocumentRecord(client=client, sha256=extraction["sha256"], source_name=path.name, stored_path=str(path),
                            doc_type="w2", pages=1, extraction=extraction)
    session.add(record)
    session.flush()
    outcome = settle(session, record, ExtractedDocument.model_validate(extraction),
                     load_client(client, settings.clients_dir), today=date(2026, 11, 20))
    assert outcome.status == "in_review", outcome
    session.commit()
    return record


def basic(user: str, password: str = PASSWORD) -> dict[str, str]:
    """HTTP Basic credentials header."""
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
