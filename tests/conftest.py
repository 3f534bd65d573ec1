"""Test-wide set-up: every test session gets its own data directory and Prefect home, so the
suite never touches ./data and parallel workers never share a database."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_ROOT = Path(tempfile.mkdtemp(prefix="ledgerline-tests-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
os.environ["LEDGERLINE_DATA_DIR"] = str(_ROOT / "data")
os.environ["PREFECT_HOME"] = str(_ROOT / "prefect")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED_REAL = REPO.parent / "shared" / "fixtures" / "real"
SAMPLE_DOCS = REPO / "sample_docs"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def real_fixtures() -> Path:
    if not SHARED_REAL.is_dir():
        pytest.skip(f"{SHARED_REAL} is absent")
    return SHARED_REAL


def _write_invoice(path: Path, *, number: str, subtotal: str, tax: str, total: str) -> None:
    """A one-page text-layer invoice drawn with reportlab (no truth file: tests assert)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    w, h = A4
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, h - 60, "Harbor Office Supply LLC")
    c.setFont("Helvetica", 10)
    c.drawString(50, h - 76, "12 Quay Street, Portland, OR 97201")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(400, h - 60, "INVOICE")
    c.setFont("Helvetica", 10)
    rows = [("Invoice No.:", number), ("Invoice Date:", "11/02/2026"), ("Due Date:", "12/02/2026")]
    for i, (label, value) in enumerate(rows):
        c.drawString(380, h - 90 - 14 * i, label)
        c.drawString(470, h - 90 - 14 * i, value)
    c.drawString(50, h - 140, "Bill To: Brightmart Retail Inc., 400 Market St, Springfield, IL 62701")
    c.drawString(50, h - 190, "Description")
    c.drawString(300, h - 190, "Qty")
    c.drawString(360, h - 190, "Unit Price")
    c.drawString(470, h - 190, "Amount")
    c.drawString(50, h - 206, "Printer paper A4, box")
    c.drawString(300, h - 206, "1")
    c.drawString(360, h - 206, subtotal)
    c.drawString(470, h - 206, subtotal)
    for i, (label, value) in enumerate([("Subtotal", subtotal), ("Tax", tax), ("Total USD", total)]):
        c.drawString(380, h - 260 - 14 * i, label)
        c.drawString(470, h - 260 - 14 * i, value)
    c.save()




@pytest.fixture(scope="session")
def write_invoice():
    return _write_invoice
