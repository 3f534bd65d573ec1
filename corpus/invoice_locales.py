"""How invoices look in each locale: labels, dates, number grouping, currencies, tax ids."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from corpus.money import cents

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "INVOICE", "credit_title": "CREDIT NOTE", "date": "Invoice Date",
        "due": "Due Date", "po": "PO Number", "bill_to": "Bill To", "desc": "Description",
        "qty": "Qty", "unit": "Unit Price", "amount": "Amount", "sku": "Item #",
        "tax_rate": "Tax %", "subtotal": "Subtotal", "tax": "Sales Tax", "total": "Total",
        "amount_due": "Amount Due", "terms": "Terms", "tax_id": "Tax ID", "iban": "IBAN",
        "page": "Page", "continued": "Continued on next page", "currency": "Currency",
        "thanks": "Thank you for your business.",
    },
    "de": {
        "title": "RECHNUNG", "credit_title": "GUTSCHRIFT", "date": "Rechnungsdatum",
        "due": "Fällig am", "po": "Bestellnummer", "bill_to": "Rechnungsempfänger",
        "desc": "Bezeichnung", "qty": "Menge", "unit": "Einzelpreis", "amount": "Gesamt",
        "sku": "Art.-Nr.", "tax_rate": "USt. %", "subtotal": "Nettobetrag", "tax": "MwSt.",
        "total": "Gesamtbetrag", "amount_due": "Zahlbetrag", "terms": "Zahlungsbedingungen",
        "tax_id": "USt-IdNr.", "iban": "IBAN", "page": "Seite",
        "continued": "Fortsetzung auf der nächsten Seite", "currency": "Währung",
        "thanks": "Vielen Dank für Ihren Auftrag.",
    },
    "fr": {
        "title": "FACTURE", "credit_title": "AVOIR", "date": "Date de facture",
        "due": "Date d'échéance", "po": "N° de commande", "bill_to": "Client",
        "desc": "Désignation", "qty": "Qté", "unit": "P.U. HT", "amount": "Montant HT",
        "sku": "Réf.", "tax_rate": "TVA %", "subtotal": "Total HT", "tax": "TVA",
        "total": "Total TTC", "amount_due": "Net à payer", "terms": "Conditions de paiement",
        "tax_id": "N° TVA intracom.", "iban": "IBAN", "page": "Page",
        "continued": "Suite page suivante", "currency": "Devise",
        "thanks": "Merci de votre confiance.",
    },
    "es": {
        "title": "FACTURA", "credit_title": "FACTURA RECTIFICATIVA", "date": "Fecha",
        "due": "Vencimiento", "po": "N.º de pedido", "bill_to": "Cliente",
        "desc": "Descripción", "qty": "Cant.", "unit": "Precio unit.", "amount": "Importe",
        "sku": "Ref.", "tax_rate": "IVA %", "subtotal": "Base imponible", "tax": "IVA",
        "total": "Total", "amount_due": "Total a pagar", "terms": "Condiciones de pago",
        "tax_id": "NIF", "iban": "IBAN", "page": "Página",
        "continued": "Continúa en la página siguiente", "currency": "Moneda",
        "thanks": "Gracias por su confianza.",
    },
}

INVOICE_NUMBER_LABELS = {
    "en": ("Invoice No.", "Inv #", "Invoice Number"),
    "de": ("Rechnung Nr.", "Rechnungsnummer"),
    "fr": ("Facture n°",),
    "es": ("Factura n.º",),
}

PAYMENT_TERMS = {  # (printed text, days until due)
    "en": (("Net 30", 30), ("Net 15", 15), ("Net 45", 45), ("Due within 30 days", 30)),
    "de": (("Zahlbar innerhalb von 14 Tagen ohne Abzug", 14), ("30 Tage netto", 30)),
    "fr": (("Paiement à 30 jours", 30), ("Paiement à 45 jours fin de mois", 45)),
    "es": (("Transferencia a 30 días", 30), ("Pago a 60 días", 60)),
}


@dataclass(frozen=True)
class LocaleProfile:
    key: str
    faker_locale: str
    language: str
    currency: str
    date_formats: tuple[str, ...]
    decimal_sep: str
    group_sep: str
    tax_rates: tuple[Decimal, ...]
    tax_label: str
    tax_id_label: str
    indian_grouping: bool = False


LOCALES: dict[str, LocaleProfile] = {
    "en_US": LocaleProfile("en_US", "en_US", "en", "USD", ("%m/%d/%Y", "MON_D_Y"), ".", ",",
                           (Decimal("0"), Decimal("6.25"), Decimal("7"), Decimal("8.875")),
                           "Sales Tax", "EIN"),
    "en_GB": LocaleProfile("en_GB", "en_GB", "en", "GBP", ("%d/%m/%Y", "D_MON_Y"), ".", ",",
                           (Decimal("20"),), "VAT", "VAT Reg. No."),
    "de_DE": LocaleProfile("de_DE", "de_DE", "de", "EUR", ("%d.%m.%Y",), ",", ".",
                           (Decimal("19"), Decimal("7")), "MwSt.", "USt-IdNr."),
    "fr_FR": LocaleProfile("fr_FR", "fr_FR", "fr", "EUR", ("%d/%m/%Y",), ",", " ",
                           (Decimal("20"), Decimal("10")), "TVA", "N° TVA intracom."),
    "es_ES": LocaleProfile("es_ES", "es_ES", "es", "EUR", ("%d/%m/%Y",), ",", ".",
                           (Decimal("21"), Decimal("10")), "IVA", "NIF"),
    "en_IN": LocaleProfile("en_IN", "en_IN", "en", "INR", ("%d-%m-%Y", "%d/%m/%Y"), ".", ",",
                           (Decimal("18"), Decimal("12")), "GST", "GSTIN", indian_grouping=True),
}

SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "INR": "Rs."}


def format_date(d: date, fmt: str) -> str:
    if fmt == "MON_D_Y":
        return f"{_MONTHS_EN[d.month - 1][:3]} {d.day}, {d.year}"
    if fmt == "D_MON_Y":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    return d.strftime(fmt)


def _group(digits: str, sep: str, indian: bool) -> str:
    if indian and len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        parts = []
        while len(head) > 2:
            parts.insert(0, head[-2:])
            head = head[:-2]
        if head:
            parts.insert(0, head)
        return sep.join(parts + [tail])
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def format_number(value: Decimal, profile: LocaleProfile, places: int = 2,
                  grouping: bool = True) -> str:
    """`1234.5` -> `1,234.50` (en), `1.234,50` (de), `1 234,50` (fr), `1,234.50` lakh style (IN)."""
    q = cents(value) if places == 2 else value
    sign = "-" if q < 0 else ""
    text = format(abs(q), "f")
    whole, _, frac = text.partition(".")
    if grouping:
        whole = _group(whole, profile.group_sep, profile.indian_grouping)
    return sign + whole + (profile.decimal_sep + frac if frac else "")


def format_quantity(value: Decimal, profile: LocaleProfile) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", profile.decimal_sep)


def format_money(value: Decimal, profile: LocaleProfile, display: str,
                 currency: str | None = None) -> str:
    """Amount with the currency shown as real invoices do: symbol, code, or nothing."""
    currency = currency or profile.currency
    number = format_number(abs(value), profile)
    sign = "-" if value < 0 else ""
    symbol = SYMBOLS[currency]
    if display == "none":
        return sign + number
    if display == "code":
        return f"{currency} {sign}{number}" if profile.decimal_sep == "." else \
            f"{sign}{number} {currency}"
    if profile.decimal_sep == ",":  # continental style: symbol after the number
        return f"{sign}{number} {symbol}"
    if currency == "INR":
        return f"{sign}{symbol} {number}"
    return f"{sign}{symbol}{number}"


def tax_id_for(profile: LocaleProfile, rng) -> str:
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    match profile.key:
        case "en_US":
            return f"{rng.choice((12, 20, 27, 35, 46, 52, 84, 94))}-{digits(7)}"
        case "en_GB":
            return f"GB {digits(3)} {digits(4)} {digits(2)}"
        case "de_DE":
            return "DE" + str(rng.randint(1, 9)) + digits(8)
        case "fr_FR":
            return "FR" + digits(2) + " " + digits(9)
        case "es_ES":
            return "ES" + rng.choice("ABG") + digits(8)
        case _:
            letters = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5))
            return f"{rng.randint(10, 36)}{letters}{digits(4)}{rng.choice('ABCDEFGHJK')}1Z{digits(1)}"
