"""Invoice, credit note and receipt content: what the document says, before any drawing."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from corpus.catalog import ITEMS, RECEIPT_ITEMS
from corpus.invoice_locales import LOCALES, PAYMENT_TERMS, LocaleProfile, tax_id_for
from corpus.money import cents, percent_of, random_money
from corpus.people import address_lines, company_name
from corpus.truth import Defect
from schemas.reasons import ReasonCode

FAR_FUTURE_YEAR = 2031


@dataclass(frozen=True)
class LineItem:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    sku: str
    tax_rate: Decimal


@dataclass
class Invoice:
    doc_type: str  # "invoice" or "receipt"
    locale: LocaleProfile
    layout: str
    vendor_name: str
    vendor_address: list[str]
    invoice_number: str
    invoice_date: date
    lines: list[LineItem]
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    amount_due: Decimal | None = None
    vendor_tax_id: str | None = None
    customer_name: str | None = None
    customer_address: list[str] = field(default_factory=list)
    due_date: date | None = None
    po_number: str | None = None
    payment_terms: str | None = None
    iban: str | None = None
    credit: bool = False
    date_format: str = "%m/%d/%Y"
    tax_label: str = "Tax"
    defects: list[Defect] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.locale.currency

    @property
    def tax_rates(self) -> list[Decimal]:
        return sorted({line.tax_rate for line in self.lines})


def _invoice_number(rng, locale: LocaleProfile, year: int, credit: bool) -> str:
    n = rng.randint(10, 99999)
    if credit:
        prefix = {"de": "GS", "fr": "AV", "es": "R"}.get(locale.language, "CN")
        return f"{prefix}-{year}-{n:05d}"
    patterns = {
        "de": (f"RE-{year}-{n:05d}", f"{year}{n:05d}"),
        "fr": (f"F{year}-{n:04d}", f"FA{n:06d}"),
        "es": (f"FAC-{n:05d}", f"A/{year}/{n:04d}"),
    }.get(locale.language, (f"INV-{year}-{n:05d}", f"{n:06d}", f"A{n:07d}", f"INV{n:05d}"))
    return rng.choice(patterns)


def _lines(rng, locale: LocaleProfile, count: int, credit: bool, sku: bool) -> list[LineItem]:
    catalog = ITEMS[locale.language]
    rates = locale.tax_rates
    out = []
    for i in range(count):
        desc, low, high, unit = catalog[rng.randrange(len(catalog))]
        if unit == "h":
            qty = Decimal(rng.choice((1, 2, 3, 4, 6, 8, 10, 12))) + rng.choice(
                (Decimal(0), Decimal("0.5"), Decimal("0.25")))
        else:
            qty = Decimal(rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 10, 12, 20)))
        if credit:
            qty = -qty
        price = random_money(rng, low, high)
        rate = rates[0] if len(rates) == 1 or rng.random() < 0.75 else rng.choice(rates)
        code = f"{rng.choice('ABCDEFHKLMPRSTW')}{rng.randint(100, 999)}-{rng.randint(10, 99)}" \
            if sku else ""
        out.append(LineItem(desc, qty, price, cents(qty * price), code, rate))
    return out


def _totals(lines: list[LineItem]) -> tuple[Decimal, Decimal, Decimal]:
    subtotal = cents(sum((li.amount for li in lines), Decimal(0)))
    tax = Decimal(0)
    for rate in sorted({li.tax_rate for li in lines}):
        tax += percent_of(sum((li.amount for li in lines if li.tax_rate == rate), Decimal(0)), rate)
    tax = cents(tax)
    return subtotal, tax, cents(subtotal + tax)


def make_invoice(rng, fake, *, locale_key: str, layout: str, reference: date, line_count: int,
                 credit: bool = False, sku: bool = False, iban: bool = False) -> Invoice:
    locale = LOCALES[locale_key]
    inv_date = reference - timedelta(days=rng.randint(3, 120))
    terms, days = rng.choice(PAYMENT_TERMS[locale.language])
    lines = _lines(rng, locale, line_count, credit, sku)
    subtotal, tax, total = _totals(lines)
    po = None
    if rng.random() < 0.7:
        po = rng.choice((f"PO-{rng.randint(10000, 999999)}", f"45{rng.randint(10**7, 10**8 - 1)}",
                         f"PO{rng.randint(1000, 9999)}"))
    return Invoice(
        doc_type="invoice", locale=locale, layout=layout,
        vendor_name=company_name(fake), vendor_address=address_lines(fake),
        vendor_tax_id=tax_id_for(locale, rng),
        customer_name=company_name(fake), customer_address=address_lines(fake),
        invoice_number=_invoice_number(rng, locale, inv_date.year, credit),
        invoice_date=inv_date, due_date=inv_date + timedelta(days=days), po_number=po,
        payment_terms=terms, iban=_iban(fake) if iban else None,
        lines=lines, subtotal=subtotal, tax_total=tax, total=total, amount_due=total,
        credit=credit, date_format=rng.choice(locale.date_formats), tax_label=locale.tax_label,
    )


def _iban(fake) -> str:
    raw = fake.iban()
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def make_receipt(rng, fake, *, reference: date) -> Invoice:
    locale = LOCALES[rng.choice(("en_US", "en_US", "en_US", "en_GB"))]
    lines = []
    for _ in range(rng.randint(1, 7)):
        desc, low, high = RECEIPT_ITEMS[rng.randrange(len(RECEIPT_ITEMS))]
        qty = Decimal(rng.choice((1, 1, 1, 2, 3)))
        price = random_money(rng, low, high)
        lines.append(LineItem(desc, qty, price, cents(qty * price), "", locale.tax_rates[0]))
    if locale.key == "en_US":
        rate = Decimal(rng.choice(("6.25", "7", "8.875", "9.5")))
        lines = [replace(li, tax_rate=rate) for li in lines]
    subtotal, tax, total = _totals(lines)
    return Invoice(
        doc_type="receipt", locale=locale, layout="till_receipt",
        vendor_name=company_name(fake).upper(), vendor_address=address_lines(fake, upper=True),
        invoice_number=f"{rng.randint(1, 99):02d}-{rng.randint(1000, 99999)}",
        invoice_date=reference - timedelta(days=rng.randint(1, 60)),
        lines=lines, subtotal=subtotal, tax_total=tax, total=total,
        date_format=locale.date_formats[0], tax_label="TAX" if locale.key == "en_US" else "VAT",
    )


INVOICE_DEFECTS = (
    ReasonCode.TOTAL_MISMATCH, ReasonCode.LINES_SUM_MISMATCH, ReasonCode.MISSING_FIELD,
    ReasonCode.FUTURE_DATE, ReasonCode.DUE_BEFORE_INVOICE_DATE, ReasonCode.DUPLICATE_INVOICE,
)
RECEIPT_DEFECTS = (ReasonCode.TOTAL_MISMATCH,)


def _wrong_by(rng, value: Decimal) -> Decimal:
    delta = rng.choice((Decimal("1.00"), Decimal("10.00"), Decimal("0.10"), Decimal("100.00")))
    return cents(value + delta if rng.random() < 0.5 or value - delta <= 0 else value - delta)


def apply_invoice_defect(inv: Invoice, code: ReasonCode, rng) -> None:
    """Change what is printed so that exactly the labelled rule fails."""
    if code is ReasonCode.TOTAL_MISMATCH:
        inv.total = _wrong_by(rng, inv.total)
        if inv.amount_due is not None:
            inv.amount_due = inv.total
        inv.defects.append(Defect(code, ("total",), "printed total != subtotal + tax"))
    elif code is ReasonCode.LINES_SUM_MISMATCH:
        inv.subtotal = _wrong_by(rng, inv.subtotal)
        inv.total = cents(inv.subtotal + inv.tax_total)
        if inv.amount_due is not None:
            inv.amount_due = inv.total
        inv.defects.append(Defect(code, ("subtotal",), "line amounts do not add up to subtotal"))
    elif code is ReasonCode.MISSING_FIELD:
        inv.due_date = None
        inv.defects.append(Defect(code, ("due_date",), "no due date printed"))
    elif code is ReasonCode.FUTURE_DATE:
        inv.invoice_date = date(FAR_FUTURE_YEAR, inv.invoice_date.month, min(inv.invoice_date.day, 28))
        if inv.due_date is not None:
            inv.due_date = inv.invoice_date + timedelta(days=30)
        inv.defects.append(Defect(code, ("invoice_date",), "invoice dated far in the future"))
    elif code is ReasonCode.DUE_BEFORE_INVOICE_DATE:
        inv.due_date = inv.invoice_date - timedelta(days=rng.randint(5, 40))
        inv.defects.append(Defect(code, ("due_date",), "due date before invoice date"))
    else:
        raise ValueError(f"not an invoice defect generated here: {code}")
