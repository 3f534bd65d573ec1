"""A client's world: the vendors, purchase orders, goods receipts, employees, providers and
payers that its documents mostly come from, deterministic from a seed.

    world = build_world(seed=1)

The generator draws a document's party from the world most of the time (the rest are fresh
faker names, so VENDOR_UNKNOWN, EMPLOYEE_UNKNOWN and PROVIDER_UNKNOWN stay exercised), and
`corpus.master_data_export` writes the world as the CSV files `validators.master_data` reads.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from corpus.catalog import ITEMS
from corpus.claim_model import PAYERS, make_ein, make_npi
from corpus.invoice_locales import LOCALES, tax_id_for
from corpus.money import cents, random_money
from corpus.people import address_lines, company_name, person_name, seeded_faker

# vendors per invoice locale (the plan's locales), so every invoice variant has known vendors
VENDOR_LOCALES = (("en_US", 4), ("en_GB", 2), ("de_DE", 3), ("fr_FR", 2), ("es_ES", 2), ("en_IN", 1))
ORDERS_PER_VENDOR = 6
SHORT_ORDER = ORDERS_PER_VENDOR - 1  # this PO of each vendor was short-received on one line
EMPLOYEES, PROVIDERS = 12, 4
# payer IDs and the other names payers go by (CMS-1500 box 11c / payer lists)
PAYER_IDS = {"AETNA": ("60054", ("Aetna Inc", "Aetna Health")),
             "UNITEDHEALTHCARE": ("87726", ("UHC", "United Healthcare")),
             "BLUE CROSS BLUE SHIELD OF TEXAS": ("84980", ("BCBS TX", "BCBSTX")),
             "CIGNA": ("62308", ("Cigna Healthcare",)),
             "HUMANA CLAIMS OFFICE": ("61101", ("Humana",)),
             "MEDICARE PART B": ("04412", ("Medicare",))}
KNOWN_PAYERS = 4  # the first four; claims of strangers may name the others (PAYER_UNKNOWN)


@dataclass(frozen=True)
class Vendor:
    name: str
    tax_id: str
    address: tuple[str, ...]
    locale: str

    @property
    def currency(self) -> str:
        return LOCALES[self.locale].currency


@dataclass(frozen=True)
class OrderLine:
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    received: Decimal  # quantity on the goods receipt


@dataclass(frozen=True)
class PurchaseOrder:
    po_number: str
    vendor_name: str
    currency: str
    lines: tuple[OrderLine, ...]
    receipt_number: str

    @property
    def short(self) -> bool:
        return any(line.received < line.quantity for line in self.lines)


@dataclass(frozen=True)
class Employee:
    employee_id: str
    first: str
    middle: str
    last: str
    address: tuple[str, ...]
    pay_type: str  # "hourly" or "salary"
    rate: Decimal  # hourly rate, or annual salary

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Provider:
    """A billing provider (the practice) and the clinicians who render its services."""

    name: str
    npi: str
    address: tuple[str, ...]
    phone: str
    tax_id: str
    rendering: tuple[tuple[str, str], ...]  # (name, NPI)


@dataclass(frozen=True)
class Payer:
    name: str
    payer_id: str
    aliases: tuple[str, ...]
    address: tuple[str, str]


@dataclass(frozen=True)
class World:
    seed: int
    company: str  # the client: invoices are billed to it, pay stubs and W-2s are its own
    company_address: tuple[str, ...]
    company_ein: str
    vendors: tuple[Vendor, ...]
    purchase_orders: tuple[PurchaseOrder, ...]
    employees: tuple[Employee, ...]
    providers: tuple[Provider, ...]
    payers: tuple[Payer, ...]

    def vendors_in(self, locale: str) -> tuple[Vendor, ...]:
        return tuple(v for v in self.vendors if v.locale == locale)

    def orders_of(self, vendor: Vendor) -> tuple[PurchaseOrder, ...]:
        return tuple(po for po in self.purchase_orders if po.vendor_name == vendor.name)


def _unique(rng: random.Random, make, taken: set[str]) -> str:
    while (value := make()) in taken:
        pass
    taken.add(value)
    return value


def _order(rng: random.Random, vendor: Vendor, prices: dict[str, tuple[str, Decimal]], number: str,
           receipt: str, short: bool) -> PurchaseOrder:
    """A PO of 1-6 distinct catalogue items at the vendor's list price, received in full
    unless `short` (then one line came in under the ordered quantity)."""
    items = sorted(prices)
    chosen = rng.sample(items, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)))
    lines = []
    for desc in chosen:
        sku, price = prices[desc]
        hourly = next(u for d, _lo, _hi, u in ITEMS[LOCALES[vendor.locale].language] if d == desc) == "h"
        if hourly:
            qty = Decimal(rng.choice((1, 2, 3, 4, 6, 8))) + rng.choice((Decimal(0), Decimal(0), Decimal("0.5")))
        else:
            qty = Decimal(rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 10)))
        lines.append(OrderLine(sku, desc, qty, price, qty))
    if short:
        i = max(range(len(lines)), key=lambda k: lines[k].quantity)
        line = lines[i]
        lines[i] = OrderLine(line.sku, line.description, line.quantity + rng.choice((1, 2, 3)), line.unit_price,
                             line.quantity)
    return PurchaseOrder(number, vendor.name, vendor.currency, tuple(lines), receipt)


def _vendors(rng: random.Random) -> tuple[list[Vendor], list[PurchaseOrder]]:
    vendors, orders, names, numbers = [], [], set(), set()
    for locale, count in VENDOR_LOCALES:
        for _ in range(count):
            fake = seeded_faker(LOCALES[locale].faker_locale, rng.getrandbits(32))
            name = _unique(rng, lambda: company_name(fake), names)
            vendor = Vendor(name, tax_id_for(LOCALES[locale], rng), tuple(address_lines(fake)), locale)
            vendors.append(vendor)
            catalog = ITEMS[LOCALES[locale].language]
            prices = {desc: (f"{rng.choice('ABCDEFHKLMPRSTW')}{rng.randint(100, 999)}-{rng.randint(10, 99)}",
                             random_money(rng, low, high)) for desc, low, high, _unit in catalog}
            for k in range(ORDERS_PER_VENDOR):
                number = _unique(rng, lambda: rng.choice((f"PO-{rng.randint(10000, 999999)}",
                                                         f"45{rng.randint(10**7, 10**8 - 1)}",
                                                         f"PO{rng.randint(1000, 9999)}")), numbers)
                orders.append(_order(rng, vendor, prices, number, f"GR-{rng.randint(10000, 99999)}",
                                     short=k == SHORT_ORDER))
    return vendors, orders


def _employees(rng: random.Random) -> list[Employee]:
    out, ids = [], set()
    for _ in range(EMPLOYEES):
        fake = seeded_faker("en_US", rng.getrandbits(32))
        first, middle, last = person_name(fake)
        emp_id = _unique(rng, lambda: f"E{rng.randint(10000, 99999)}", ids)
        if rng.random() < 0.55:
            pay_type, rate = "hourly", random_money(rng, 15, 65)
        else:
            pay_type, rate = "salary", cents(rng.randint(38, 185) * 1000)
        out.append(Employee(emp_id, first, middle, last, tuple(address_lines(fake)), pay_type, rate))
    return out


def _providers(rng: random.Random) -> list[Provider]:
    out = []
    practices = ("FAMILY MEDICINE", "INTERNAL MEDICINE ASSOC", "PRIMARY CARE GROUP", "ORTHOPEDIC CLINIC",
                 "PEDIATRICS", "HEALTH PARTNERS")
    for practice in rng.sample(practices, PROVIDERS):
        fake = seeded_faker("en_US", rng.getrandbits(32))
        name = f"{fake.last_name().upper()} {practice}" + rng.choice(("", " PC", " LLC", " PA"))
        clinicians = []
        for _ in range(rng.randint(1, 3)):
            first, middle, last = person_name(fake)
            clinicians.append((f"{first} {middle} {last} MD".upper(), make_npi(rng)))
        out.append(Provider(name, make_npi(rng), tuple(address_lines(fake, upper=True)),
                            f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                            make_ein(rng, dashed=rng.random() < 0.5), tuple(clinicians)))
    return out


def build_world(seed: int, company: str | None = None) -> World:
    """The world of seed `seed`; `company` names the client (default: a faker company)."""
    rng = random.Random(f"ledgerline-world:{seed}")
    fake = seeded_faker("en_US", rng.getrandbits(32))
    name = company or company_name(fake)
    address = tuple(address_lines(fake))
    ein = make_ein(rng)
    vendors, orders = _vendors(rng)
    employees = _employees(rng)
    providers = _providers(rng)
    payers = tuple(Payer(name, *PAYER_IDS[name], (line1, line2)) for name, line1, line2 in PAYERS[:KNOWN_PAYERS])
    return World(seed, name, address, ein, tuple(vendors), tuple(orders), tuple(employees), tuple(providers),
                 payers)
