"""A client's master data (vendors, purchase orders, goods receipts, employees, providers,
payers), read from the CSV files its rule pack names.

Each file has a header row; the columns each kind needs are in `COLUMNS` (extra columns are
ignored). A missing file, a missing column or a bad number raises `ConfigError` naming the
file and the line. Loaded data is cached by path and modification time.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ledgerline.errors import ConfigError
from schemas.client_config import ClientConfig
from schemas.money import NotMoney, to_money

# kind -> (required columns, optional columns)
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "vendors": (("name",), ("tax_id", "aliases")),
    "purchase_orders": (("po_number", "vendor_name", "quantity", "unit_price"), ("sku", "description", "currency")),
    "goods_receipts": (("po_number", "quantity_received"), ("sku", "description", "receipt_number")),
    "employees": (("employee_id", "name"), ("employer",)),
    "providers": (("npi", "name"), ()),
    "payers": (("name",), ("payer_id", "aliases")),
}


def normalise_name(name: str) -> str:
    """Case- and whitespace-insensitive form of a party name, for exact look-ups."""
    return " ".join(name.casefold().replace(",", " ").replace(".", " ").split())


@dataclass(frozen=True)
class Vendor:
    name: str
    tax_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PoLine:
    po_number: str
    vendor_name: str
    quantity: Decimal
    unit_price: Decimal
    sku: str | None = None
    description: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class ReceiptLine:
    po_number: str
    quantity_received: Decimal
    sku: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Employee:
    employee_id: str
    name: str
    employer: str | None = None


@dataclass(frozen=True)
class MasterData:
    """Everything a rule may look up. Empty tuples/dicts where the client has no file;
    `has(kind)` says whether the client keeps that kind of master data at all."""

    vendors: tuple[Vendor, ...] = ()
    purchase_orders: dict[str, tuple[PoLine, ...]] = field(default_factory=dict)
    goods_receipts: dict[str, tuple[ReceiptLine, ...]] = field(default_factory=dict)
    employees: tuple[Employee, ...] = ()
    providers: dict[str, str] = field(default_factory=dict)  # npi -> name
    payers: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()

    def has(self, kind: str) -> bool:
        return kind in self.kinds


_cache: dict[tuple[str, int, int], list[tuple[int, dict[str, str]]]] = {}


def read_rows(path: Path, kind: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs with stripped values; checks the header."""
    if not path.is_file():
        raise ConfigError(f"{path}: master data file for {kind} not found (set master_data.{kind} relative to the YAML)")
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _cache:
        return _cache[key]
    required, _optional = COLUMNS[kind]
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in required if c not in header]
        if missing:
            raise ConfigError(f"{path}: line 1, missing column(s) {', '.join(missing)} (required: {', '.join(required)})")
        rows = []
        for row in reader:
            clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if not any(clean.values()):
                continue
            for col in required:
                if not clean.get(col):
                    raise ConfigError(f"{path}: line {reader.line_num}, column {col} is empty (required)")
            rows.append((reader.line_num, clean))
    _cache[key] = rows
    return rows


def _money(path: Path, line: int, row: dict[str, str], col: str) -> Decimal:
    try:
        return to_money(row[col])
    except NotMoney:
        raise ConfigError(f"{path}: line {line}, column {col}: {row[col]!r} is not a number (allowed: like 12.50)") from None


def _opt(row: dict[str, str], col: str) -> str | None:
    return row.get(col) or None


def _aliases(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())


_built: dict[tuple[tuple[str, str, int, int], ...], MasterData] = {}


def load_master_data(client: ClientConfig) -> MasterData:
    """The client's master data; rebuilt only when one of its files changes."""
    key = []
    for kind in COLUMNS:
        path = client.master_path(kind)
        if path is not None:
            stat = path.stat() if path.is_file() else None
            key.append((kind, str(path), stat.st_mtime_ns if stat else -1, stat.st_size if stat else -1))
    if tuple(key) not in _built:
        _built[tuple(key)] = _build_master_data(client)
    return _built[tuple(key)]


def _build_master_data(client: ClientConfig) -> MasterData:
    data: dict[str, object] = {}
    kinds = set()
    for kind in COLUMNS:
        path = client.master_path(kind)
        if path is None:
            continue
        kinds.add(kind)
        rows = read_rows(path, kind)
        if kind == "vendors":
            data[kind] = tuple(Vendor(r["name"], _opt(r, "tax_id"), _aliases(r)) for _, r in rows)
        elif kind == "purchase_orders":
            pos: dict[str, list[PoLine]] = {}
            for line, r in rows:
                pos.setdefault(r["po_number"], []).append(PoLine(
                    r["po_number"], r["vendor_name"], _money(path, line, r, "quantity"),
                    _money(path, line, r, "unit_price"), _opt(r, "sku"), _opt(r, "description"), _opt(r, "currency"),
                ))
            data[kind] = {k: tuple(v) for k, v in pos.items()}
        elif kind == "goods_receipts":
            grs: dict[str, list[ReceiptLine]] = {}
            for line, r in rows:
                grs.setdefault(r["po_number"], []).append(ReceiptLine(
                    r["po_number"], _money(path, line, r, "quantity_received"), _opt(r, "sku"), _opt(r, "description"),
                ))
            data[kind] = {k: tuple(v) for k, v in grs.items()}
        elif kind == "employees":
            data[kind] = tuple(Employee(r["employee_id"], r["name"], _opt(r, "employer")) for _, r in rows)
        elif kind == "providers":
            data[kind] = {r["npi"]: r["name"] for _, r in rows}
        elif kind == "payers":
            data[kind] = tuple(n for _, r in rows for n in (r["name"], *_aliases(r)))
    return MasterData(kinds=frozenset(kinds), **data)  # type: ignore[arg-type]
