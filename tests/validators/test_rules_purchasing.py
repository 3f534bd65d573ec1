"""Vendor master data and PO matching, against the brightmart-retail demo client's CSVs."""
from __future__ import annotations

from pathlib import Path

import pytest

from schemas.reasons import ReasonCode
from validators import purchasing_rules as pr
from validators.client_loader import load_client
from validators.engine import validate
from validators.master_data import load_master_data

R = ReasonCode
CLIENTS = Path(__file__).resolve().parents[2] / "clients"


@pytest.fixture(scope="module")
def brightmart():
    return load_client("brightmart-retail", CLIENTS)


@pytest.fixture
def ctx(h, brightmart):
    return h.ctx(brightmart, master=load_master_data(brightmart))


def codes(issues):
    return [i.code for i in issues]


def test_good_invoice_passes_the_whole_pack(h, ctx):
    assert validate(h.invoice(), ctx) == []


def test_vendor_exact_alias_and_fuzzy(h, ctx):
    assert pr.check_vendor_known(h.invoice(vendor_name="ACME TOOLS"), ctx) == []  # alias
    assert pr.check_vendor_known(h.invoice(vendor_name="Acme Tools Inc"), ctx) == []  # fuzzy
    unknown = pr.check_vendor_known(h.invoice(vendor_name="Umbrella Corp"), ctx)
    assert [(i.code, i.fields) for i in unknown] == [(R.VENDOR_UNKNOWN, ("vendor_name",))]


def test_vendor_tax_id_must_agree(h, ctx):
    assert pr.check_vendor_known(h.invoice(vendor_tax_id="123456789"), ctx) == []  # same digits
    issues = pr.check_vendor_known(h.invoice(vendor_tax_id="98-7654321"), ctx)
    assert codes(issues) == [R.VENDOR_TAX_ID_MISMATCH]
    fuzzy = pr.check_vendor_known(h.invoice(vendor_name="Acme Tools Inc", vendor_tax_id="98-7654321"), ctx)
    assert codes(fuzzy) == [R.VENDOR_TAX_ID_MISMATCH]


def test_vendor_check_off_without_master_data(h):
    assert pr.check_vendor_known(h.invoice(vendor_name="Umbrella Corp"), h.ctx()) == []


def test_po_two_and_three_way_pass(h, ctx):
    assert pr.check_po_match(h.invoice(), ctx) == []


def test_po_missing_or_unknown(h, ctx):
    assert codes(pr.check_po_match(h.invoice(po_number=None), ctx)) == [R.PO_NOT_FOUND]
    assert codes(pr.check_po_match(h.invoice(po_number="PO-404"), ctx)) == [R.PO_NOT_FOUND]


def test_po_price_outside_tolerance(h, ctx):
    within = [{"sku": "W-A", "quantity": "2", "unit_price": "30.60", "amount": "61.20"},
              {"sku": "W-B", "quantity": "1", "unit_price": "40.00", "amount": "40.00"}]
    assert pr.check_po_match(h.invoice(line_items=within), ctx) == []  # 2% of 30.00 = 0.60
    over = [dict(within[0], unit_price="30.61", amount="61.22"), within[1]]
    issues = pr.check_po_match(h.invoice(line_items=over), ctx)
    assert [(i.code, i.fields) for i in issues] == [(R.PO_MISMATCH, ("line_items[0].unit_price",))]


def test_po_quantity_and_unknown_line(h, ctx):
    lines = [{"sku": "W-A", "quantity": "3", "unit_price": "30.00", "amount": "90.00"},
             {"description": "Gadget Z", "quantity": "1", "unit_price": "5.00", "amount": "5.00"}]
    issues = pr.check_po_match(h.invoice(line_items=lines), ctx)
    assert (R.PO_MISMATCH, ("line_items[0].quantity",)) in [(i.code, i.fields) for i in issues]
    assert (R.PO_MISMATCH, ("line_items[1]",)) in [(i.code, i.fields) for i in issues]


def test_po_vendor_and_currency(h, ctx):
    doc = h.invoice(vendor_name="Northwind Foods", currency="EUR")
    assert codes(pr.check_po_match(doc, ctx)) == [R.PO_MISMATCH, R.PO_MISMATCH]


def test_three_way_receipt_short(h, ctx):
    # PO-78 ordered 40 cases, 30 received: billing 40 passes two-way, fails three-way
    lines = [{"sku": "NF-100", "description": "Canned tomatoes case", "quantity": "40", "unit_price": "18.25",
              "amount": "730.00"}]
    doc = h.invoice(vendor_name="Northwind Foods", vendor_tax_id="45-1234567", po_number="PO-78",
                    subtotal="730.00", tax_total="0.00", total="730.00", line_items=lines)
    issues = pr.check_po_match(doc, ctx)
    assert [(i.code, i.fields) for i in issues] == [(R.RECEIPT_MISMATCH, ("line_items[0].quantity",))]
    two_way = ctx.client.model_copy(deep=True)
    two_way.rules.po_match.mode = "two_way"
    assert pr.check_po_match(doc, h.ctx(two_way, master=ctx.master)) == []


def test_po_without_lines_compares_value(h, ctx):
    assert pr.check_po_match(h.invoice(line_items=[]), ctx) == []  # 100.00 = PO value
    doc = h.invoice(line_items=[], subtotal="150.00", total="158.00")
    assert codes(pr.check_po_match(doc, ctx)) == [R.PO_MISMATCH]


def test_po_matching_off(h, ctx):
    off = ctx.client.model_copy(deep=True)
    off.rules.po_match.mode = "off"
    assert pr.check_po_match(h.invoice(po_number="PO-404"), h.ctx(off, master=ctx.master)) == []


def test_po_line_found_by_noisy_description(h, ctx):
    lines = [{"description": "Widgit A", "quantity": "2", "unit_price": "30.00", "amount": "60.00"},
             {"description": "Widget B", "quantity": "1", "unit_price": "40.00", "amount": "40.00"}]
    assert pr.check_po_match(h.invoice(line_items=lines), ctx) == []
