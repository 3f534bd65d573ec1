"""The invoice layouts: named, declarative specs that `invoice_render` draws.

Each spec changes where the header, meta data and totals sit, how the table is ruled, which
columns are printed, how the invoice number is labelled and how the currency is shown.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InvoiceLayout:
    name: str
    locales: tuple[str, ...]
    page: str  # letter | a4
    font: str
    header: str  # vendor_left | band | title_center | din_window | vendor_right | minimal | customer_first
    meta: str  # right_block | row_cells | grid_box | left_lines
    rules: str  # horizontal | grid | none | zebra
    totals: str  # right | left | boxed | band
    columns: tuple[str, ...]  # pos, sku, description, quantity, unit_price, tax_rate, amount
    number_label: int  # index into INVOICE_NUMBER_LABELS[language]
    currency_display: str  # symbol | code | none
    bank_footer: bool = False
    shows_amount_due: bool = True
    shows_tax_id: bool = True
    accent: tuple[float, float, float] = (0.15, 0.25, 0.45)


LAYOUTS: dict[str, InvoiceLayout] = {layout.name: layout for layout in (
    InvoiceLayout("classic_us", ("en_US", "en_IN"), "letter", "Helvetica", "vendor_left",
                  "right_block", "horizontal", "right",
                  ("description", "quantity", "unit_price", "amount"), 0, "symbol"),
    InvoiceLayout("band_modern", ("en_US", "en_GB", "en_IN"), "letter", "DejaVuSans", "band",
                  "row_cells", "zebra", "boxed",
                  ("sku", "description", "quantity", "unit_price", "amount"), 1, "symbol",
                  accent=(0.05, 0.35, 0.35)),
    InvoiceLayout("grid_ledger", ("en_US", "en_GB", "en_IN"), "letter", "Courier",
                  "title_center", "grid_box", "grid", "right",
                  ("pos", "sku", "description", "quantity", "unit_price", "amount"), 2, "code",
                  shows_amount_due=False),
    InvoiceLayout("din_5008", ("de_DE",), "a4", "DejaVuSans", "din_window", "right_block",
                  "horizontal", "right",
                  ("pos", "description", "quantity", "unit_price", "tax_rate", "amount"), 0,
                  "symbol", bank_footer=True),
    InvoiceLayout("facture_fr", ("fr_FR",), "a4", "DejaVuSerif", "title_center", "left_lines",
                  "none", "right",
                  ("sku", "description", "quantity", "unit_price", "tax_rate", "amount"), 0,
                  "symbol", bank_footer=True),
    InvoiceLayout("factura_es", ("es_ES",), "a4", "Helvetica", "vendor_right", "grid_box",
                  "grid", "boxed", ("description", "quantity", "unit_price", "tax_rate", "amount"),
                  0, "symbol", bank_footer=True, accent=(0.55, 0.1, 0.1)),
    InvoiceLayout("minimal_left", ("en_GB", "en_US"), "a4", "Times", "minimal", "left_lines",
                  "none", "left", ("description", "quantity", "unit_price", "amount"), 0, "none",
                  shows_amount_due=False),
    InvoiceLayout("footer_vendor", ("en_US", "en_GB", "de_DE"), "letter", "DejaVuCond",
                  "customer_first", "row_cells", "horizontal", "band",
                  ("sku", "description", "quantity", "unit_price", "amount"), 2, "code",
                  accent=(0.3, 0.3, 0.3)),
)}


def layouts_for(locale_key: str) -> list[InvoiceLayout]:
    return [layout for layout in LAYOUTS.values() if locale_key in layout.locales]
