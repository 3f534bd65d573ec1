"""The client world: deterministic, exported as master data the validators load, and the
documents drawn from it pass the master-data rules (strangers fail them, as labelled)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from corpus.claim_model import npi_check_digit
from corpus.generate import plan_truths
from corpus.master_data_export import FILES, write_master_data
from corpus.plan import REFERENCE_DATE
from corpus.world import build_world
from schemas.document import DocType, ExtractedDocument, FieldValue
from schemas.reasons import ReasonCode
from validators.claim_rules import npi_is_valid
from validators.client_loader import load_client
from validators.engine import RuleContext, validate
from validators.history import InMemoryHistory
from validators.master_data import COLUMNS, load_master_data

R = ReasonCode
SEED = 7
STRANGER = "not in the client's master data"
UNKNOWN = {"invoice": R.VENDOR_UNKNOWN, "paystub": R.EMPLOYEE_UNKNOWN, "w2": R.EMPLOYEE_UNKNOWN,
           "claim": R.PROVIDER_UNKNOWN}
MASTER_CODES = {R.VENDOR_UNKNOWN, R.VENDOR_TAX_ID_MISMATCH, R.PO_NOT_FOUND, R.PO_MISMATCH, R.RECEIPT_MISMATCH,
                R.EMPLOYEE_UNKNOWN, R.PROVIDER_UNKNOWN, R.PAYER_UNKNOWN}
CLIENT_YAML = """\
name: acme
display_name: Acme Holdings LLC
doc_types: [invoice, receipt, claim, paystub, w2]
rules:
  tolerance: 0.01
  max_age_days: 365
  po_match:
    mode: three_way
    price_tolerance: 0.02
    qty_tolerance: 0
master_data:
{paths}
"""


@pytest.fixture(scope="module")
def world():
    return build_world(SEED, "Acme Holdings LLC")


@pytest.fixture(scope="module")
def client(world, tmp_path_factory):
    """A client whose master data is the exported world."""
    root = tmp_path_factory.mktemp("clients")
    write_master_data(world, root / "data" / "acme")
    paths = "\n".join(f"  {kind}: data/acme/{kind}.csv" for kind in FILES)
    (root / "acme.yaml").write_text(CLIENT_YAML.format(paths=paths), encoding="utf-8")
    return load_client("acme", root)


def test_world_is_deterministic_and_seeded(world):
    assert build_world(SEED, "Acme Holdings LLC") == world
    assert build_world(SEED + 1, "Acme Holdings LLC").vendors != world.vendors
    assert plan_truths(30, SEED, world=world) == plan_truths(30, SEED, world=build_world(SEED, "Acme Holdings LLC"))


def test_world_is_consistent(world):
    names = {v.name for v in world.vendors}
    assert len(names) == len(world.vendors)
    assert {po.vendor_name for po in world.purchase_orders} == names
    assert len({po.po_number for po in world.purchase_orders}) == len(world.purchase_orders)
    for vendor in world.vendors:  # every vendor has a short-received PO (for RECEIPT_MISMATCH)
        assert any(po.short for po in world.orders_of(vendor))
        assert all(po.currency == vendor.currency for po in world.orders_of(vendor))
    npis = [p.npi for p in world.providers] + [npi for p in world.providers for _, npi in p.rendering]
    assert all(npi_is_valid(n) and n[9] == npi_check_digit(n[:9]) for n in npis)
    assert len({e.employee_id for e in world.employees}) == len(world.employees)


def test_exported_master_data_has_the_validators_columns_and_loads(world, client):
    for kind in FILES:
        path = client.master_path(kind)
        with path.open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        required, optional = COLUMNS[kind]
        assert set(required) <= set(header) and set(header) <= set(required) | set(optional) | {"receipt_number"}
    master = load_master_data(client)
    assert len(master.vendors) == len(world.vendors)
    assert set(master.purchase_orders) == {po.po_number for po in world.purchase_orders}
    assert set(master.goods_receipts) == set(master.purchase_orders)
    assert {e.employee_id for e in master.employees} == {e.employee_id for e in world.employees}
    assert {p.npi for p in world.providers} <= set(master.providers)
    assert {p.name for p in world.payers} <= set(master.payers)


def test_merge_keeps_hand_written_rows(world, tmp_path):
    (tmp_path / "vendors.csv").write_text('name,tax_id\n"ACME Tools, Inc.",12-3456789\n', encoding="utf-8")
    write_master_data(world, tmp_path, kinds=("vendors",), merge=True)
    write_master_data(world, tmp_path, kinds=("vendors",), merge=True)  # idempotent
    rows = list(csv.DictReader((tmp_path / "vendors.csv").open(encoding="utf-8")))
    assert rows[0]["name"] == "ACME Tools, Inc." and len(rows) == 1 + len(world.vendors)


def _document(truth: dict, name: str) -> ExtractedDocument:
    def fv(v):
        return FieldValue(value=v, confidence=1.0, needs_review=False)

    return ExtractedDocument(
        source=name, sha256=name, doc_type=DocType(truth["doc_type"]), doc_type_confidence=1.0, pages=1,
        fields={k: fv(v) for k, v in truth["fields"].items()},
        tables={t: [{c: fv(v) for c, v in row.items()} for row in rows] for t, rows in truth["tables"].items()})


def test_known_parties_pass_the_master_data_rules_and_strangers_fail(world, client):
    master = load_master_data(client)
    truths = plan_truths(160, SEED, world=world, master_data_defects=True)
    seen = {"known": 0, "stranger": 0, "po_defects": 0}
    for stem, truth in truths:
        doc = _document(truth, stem)
        codes = {i.code for i in validate(doc, RuleContext(client=client, today=REFERENCE_DATE,
                                                           history=InMemoryHistory(), master=master))}
        labelled = {d["code"] for d in truth["defects"]}
        kind = truth["doc_type"]
        if kind == "receipt":
            continue
        if STRANGER in truth["notes"]:
            seen["stranger"] += 1
            if R.INVALID_NPI not in labelled:  # an invalid NPI is not looked up
                assert UNKNOWN[kind] in codes, (stem, codes)
            continue
        seen["known"] += 1
        assert codes & MASTER_CODES == labelled & MASTER_CODES, (stem, codes, labelled)
        seen["po_defects"] += len(labelled & {R.PO_MISMATCH, R.RECEIPT_MISMATCH})
    assert seen["known"] > 4 * seen["stranger"] > 0
    assert seen["po_defects"] >= 1
