"""A world as a client's master data: the CSV files `validators.master_data` reads.

    write_master_data(build_world(1), Path("clients/data/acme"))

Columns are exactly `validators.master_data.COLUMNS` (required, then optional). With
`merge=True`, rows already in a file are kept first and world rows with the same key are
not added again, so hand-written fixture rows survive a re-export.
"""
from __future__ import annotations

import csv
from pathlib import Path

from corpus.money import money_str, number_str
from corpus.world import World

# file kind -> (header, key columns: a row whose key is already present is not written twice)
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "vendors": (("name", "tax_id", "aliases"), ("name",)),
    "purchase_orders": (("po_number", "vendor_name", "sku", "description", "quantity", "unit_price", "currency"),
                        ("po_number", "sku")),
    "goods_receipts": (("receipt_number", "po_number", "sku", "description", "quantity_received"),
                       ("receipt_number", "po_number", "sku")),
    "employees": (("employee_id", "name", "employer"), ("employee_id",)),
    "providers": (("npi", "name"), ("npi",)),
    "payers": (("name", "payer_id", "aliases"), ("name",)),
}


def master_rows(world: World) -> dict[str, list[dict[str, str]]]:
    """Every master-data row of the world, by file kind."""
    orders = world.purchase_orders
    return {
        "vendors": [{"name": v.name, "tax_id": v.tax_id, "aliases": ""} for v in world.vendors],
        "purchase_orders": [{"po_number": po.po_number, "vendor_name": po.vendor_name, "sku": ln.sku,
                             "description": ln.description, "quantity": number_str(ln.quantity),
                             "unit_price": money_str(ln.unit_price), "currency": po.currency}
                            for po in orders for ln in po.lines],
        "goods_receipts": [{"receipt_number": po.receipt_number, "po_number": po.po_number, "sku": ln.sku,
                            "description": ln.description, "quantity_received": number_str(ln.received)}
                           for po in orders for ln in po.lines],
        "employees": [{"employee_id": e.employee_id, "name": e.name, "employer": world.company}
                      for e in world.employees],
        "providers": [row for p in world.providers
                      for row in ({"npi": p.npi, "name": p.name},
                                  *({"npi": npi, "name": name} for name, npi in p.rendering))],
        "payers": [{"name": p.name, "payer_id": p.payer_id, "aliases": ";".join(p.aliases)} for p in world.payers],
    }


def _existing(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def write_master_data(world: World, out_dir: Path, kinds: tuple[str, ...] = tuple(FILES),
                      merge: bool = False) -> list[Path]:
    """Write `<kind>.csv` for each kind into out_dir (created if missing); returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, written = master_rows(world), []
    for kind in kinds:
        header, key = FILES[kind]
        path = out_dir / f"{kind}.csv"
        kept = _existing(path) if merge else []
        seen = {tuple(r.get(k, "") for k in key) for r in kept}
        new = [r for r in rows[kind] if tuple(r[k] for k in key) not in seen]
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows({c: r.get(c, "") for c in header} for r in kept + new)
        written.append(path)
    return written
