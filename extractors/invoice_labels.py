"""Label lexicons for invoice and receipt fields in English, German, French, Spanish and
Dutch. Each entry is (label, strength): 1.0 names the field unambiguously, lower values
are generic labels ("Date", "Total") that need other evidence.

Labels are compared after `layout.norm_token` (lower case, accents and edge punctuation
removed), word by word; the longest label at a position wins, so "Sub Total" is never read
as "Total". Entries mapped to None are known look-alikes that must not match any field.
"""
from __future__ import annotations

from extractors.layout import LabelHit, PageLines, find_labels, flatten_lexicon

LABELS: dict[str | None, tuple[tuple[str, float], ...]] = {
    "invoice_number": (
        ("invoice no", 1), ("invoice number", 1), ("invoice #", 1), ("invoice nr", 1),
        ("invoice num", 1), ("inv no", 1), ("inv #", 1), ("inv", 0.6), ("invoice id", 1),
        ("invoice", 0.75), ("tax invoice no", 1), ("bill no", 0.9), ("bill number", 0.9),
        ("receipt no", 0.9), ("receipt number", 0.9), ("receipt #", 0.9),
        ("document no", 0.7), ("doc no", 0.7), ("reference no", 0.6),
        ("rechnung nr", 1), ("rechnungsnummer", 1), ("rechnungsnr", 1), ("rechnung", 0.75),
        ("rechnungs nr", 1), ("beleg nr", 0.8), ("belegnummer", 0.8),
        ("facture n", 1), ("facture no", 1), ("n de facture", 1), ("numero de facture", 1),
        ("facture", 0.75), ("no facture", 1),
        ("factura n", 1), ("factura no", 1), ("factura n.o", 1), ("n de factura", 1),
        ("numero de factura", 1), ("factura", 0.75), ("factuurnummer", 1), ("factuur nr", 1),
        ("factuur", 0.7), ("booking id", 0.6),
    ),
    "invoice_date": (
        ("invoice date", 1), ("date of invoice", 1), ("invoice dated", 1), ("date", 0.7),
        ("dated", 0.7), ("issue date", 0.95), ("date of issue", 0.95), ("billing date", 0.9),
        ("bill date", 0.9), ("receipt date", 0.9), ("rechnungsdatum", 1), ("datum", 0.7),
        ("date de facture", 1), ("date de facturation", 1), ("date d emission", 0.95),
        ("fecha de factura", 1), ("fecha de emision", 0.95), ("fecha", 0.7),
        ("factuurdatum", 1), ("factuur datum", 1), ("invoice date :", 1),
    ),
    "due_date": (
        ("due date", 1), ("payment due", 0.95), ("due by", 0.95), ("due on", 0.95),
        ("payment due date", 1), ("pay by", 0.9), ("date due", 1), ("due", 0.7),
        ("falligkeitsdatum", 1), ("fallig am", 1), ("fallig bis", 1), ("zahlbar bis", 1),
        ("echeance", 1), ("date d echeance", 1), ("date d'echeance", 1), ("date limite de paiement", 1),
        ("a payer avant le", 1), ("fecha de vencimiento", 1), ("vencimiento", 1),
        ("vervaldatum", 1), ("uiterste betaaldatum", 1),
    ),
    "po_number": (
        ("po number", 1), ("po no", 1), ("po #", 1), ("p.o. number", 1), ("p.o. no", 1),
        ("p.o.", 0.9), ("po", 0.8), ("purchase order", 1), ("purchase order no", 1),
        ("purchase order number", 1), ("order no", 0.8), ("order number", 0.8),
        ("order #", 0.8), ("your order", 0.8), ("bestellnummer", 1), ("bestell nr", 1),
        ("bon de commande", 1), ("n de commande", 0.8), ("numero de pedido", 1),
        ("pedido", 0.8), ("orden de compra", 1), ("n.o de pedido", 1), ("ordernummer", 0.8), ("po ref", 1),
    ),
    "payment_terms": (
        ("payment terms", 1), ("terms", 0.8), ("terms of payment", 1),
        ("zahlungsbedingungen", 1), ("zahlungsziel", 1), ("conditions de paiement", 1),
        ("conditions de reglement", 1), ("condiciones de pago", 1), ("forma de pago", 0.8),
        ("betalingsvoorwaarden", 1),
    ),
    "subtotal": (
        ("subtotal", 1), ("sub total", 1), ("sub-total", 1), ("net amount", 0.9),
        ("net total", 0.9), ("total net", 0.9), ("total excl vat", 1), ("total excl. vat", 1),
        ("total before tax", 1), ("amount before tax", 1), ("total ht", 1),
        ("total hors taxes", 1), ("montant ht", 1), ("sous-total", 1), ("sous total", 1),
        ("total h.t.", 1), ("zwischensumme", 1), ("nettobetrag", 1), ("summe netto", 1),
        ("netto", 0.8), ("gesamt netto", 1), ("base imponible", 1), ("subtotal sin iva", 1),
        ("exclusief btw", 1), ("excl. btw", 1), ("subtotaal", 0.9), ("totaal excl. btw", 1), ("grondslag", 0.8),
        ("untaxed amount", 1), ("total excluding tax", 1), ("total excl. tax", 1),
        ("excl. vat", 0.9), ("excl vat", 0.9), ("ohne mwst", 0.9), ("total netto", 1),
        ("excluding gst", 0.95), ("excl. gst", 0.95), ("excluding tax", 0.95),
        ("excluding vat", 0.95), ("total sales excluding gst", 1), ("total excluding gst", 1),
        ("total sales (excluding gst)", 1), ("total excl. gst", 1), ("sub-total (ex)", 1),
    ),
    "tax_total": (
        ("tax", 0.8), ("vat", 0.8), ("sales tax", 1), ("total tax", 1), ("tax amount", 1),
        ("vat amount", 1), ("total vat", 1), ("gst", 0.8), ("hst", 0.8), ("mwst", 0.8),
        ("ust", 0.7), ("umsatzsteuer", 0.9), ("mehrwertsteuer", 0.9), ("tva", 0.8),
        ("montant tva", 1), ("total tva", 1), ("iva", 0.8), ("total iva", 1), ("btw", 0.75),
        ("btw bedrag", 1), ("tax total", 1), ("taxes", 0.8), ("sst", 0.7),
    ),
    "total": (
        ("total", 0.75), ("grand total", 1), ("invoice total", 1), ("total amount", 1),
        ("total due", 0.95), ("amount total", 1), ("total incl vat", 1),
        ("total incl. vat", 1), ("total (incl. vat)", 1), ("total inc vat", 1),
        ("total ttc", 1), ("montant ttc", 1), ("total t.t.c.", 1), ("total facture", 0.95),
        ("somme a payer", 0.95), ("montant total", 1), ("gesamtbetrag", 1),
        ("rechnungsbetrag", 1), ("endbetrag", 1), ("gesamtsumme", 1), ("summe", 0.6),
        ("gesamt", 0.7), ("bruttobetrag", 1), ("importe total", 1),
        ("total factura", 1), ("totaal", 0.75), ("factuur totaal", 1), ("totaal incl. btw", 1),
        ("total sales", 0.8), ("total (rm)", 0.9), ("total rm", 0.9),
        ("total amount payable", 1), ("rounded total", 0.9), ("total inclusive gst", 1),
        ("total incl. gst", 1), ("nett total", 0.9), ("total (incl gst)", 1),
        ("total payable", 1), ("total charges", 0.9), ("amount due", 0.7), ("gross amount", 0.9),
        ("total a pagar", 0.8), ("net a payer", 0.8), ("zahlbetrag", 0.7), ("te betalen", 0.7),
    ),
    "amount_due": (
        ("amount due", 1), ("balance due", 1), ("amount payable", 0.95), ("total due", 0.8),
        ("please pay", 0.9), ("amount to pay", 1), ("balance", 0.7), ("zu zahlen", 1),
        ("zahlbetrag", 1), ("offener betrag", 1), ("reste a payer", 1), ("montant du", 0.9),
        ("importe a pagar", 1), ("saldo", 0.7), ("te betalen", 0.8), ("net a payer", 1),
        ("total a pagar", 1), ("net amount after discount", 0.9), ("amount after discount", 0.85),
    ),
    "vendor_tax_id": (
        ("vat", 0.7), ("vat no", 1), ("vat number", 1), ("vat id", 1), ("vat reg no", 1),
        ("vat registration", 1), ("tax id", 1), ("tax no", 0.9), ("tin", 0.8), ("ein", 0.9),
        ("gst no", 1), ("gst reg no", 1), ("gst id", 1), ("gstin", 1), ("abn", 1),
        ("ust-idnr", 1), ("ustid", 1), ("ust id", 1), ("ust-id", 1), ("ust-id-nr", 1),
        ("ust idnr", 1), ("ustidnr", 1), ("steuernummer", 0.8), ("steuer-nr", 0.8),
        ("tva", 0.7), ("tva intracommunautaire", 1), ("n tva", 1), ("numero de tva", 1),
        ("n tva intracom", 1), ("tva intracom", 1), ("nif/cif", 1), ("vat reg. no", 1),
        ("nif", 1), ("cif", 1), ("iva", 0.6), ("btw", 0.7), ("btw nummer", 1), ("btw nr", 1),
        ("btw-nummer", 1), ("vat reg", 1), ("company reg no", 0.5),
        # 'Tax ID' as OCR reads it: the I a look-alike stroke (a speck after the D is
        # edge punctuation to `layout.norm_token`)
        ("tax 1d", 0.9), ("tax !d", 0.9), ("tax ld", 0.9),
    ),
    "iban": (("iban", 1), ("iban code", 1), ("iban no", 1)),
    "customer": (
        ("bill to", 1), ("billed to", 1), ("invoice to", 1), ("sold to", 0.9),
        ("customer", 0.7), ("client", 0.7), ("ship to", 0.4), ("deliver to", 0.4),
        ("rechnungsempfanger", 1), ("rechnungsadresse", 1), ("kunde", 0.7),
        ("facture a", 1), ("facturer a", 1), ("adresse de facturation", 1),
        ("facturar a", 1), ("cliente", 0.7), ("factuuradres", 1), ("to", 0.4),
        ("billing address", 1), ("bill to address", 1), ("invoice address", 1),
        # a delivery block beside the billing one: its label ends the billing label's value
        ("shipping address", 0.4), ("delivery address", 0.4), ("afleveradres", 0.4),
        ("leveradres", 0.4), ("lieferadresse", 0.4), ("adresse de livraison", 0.4),
        ("direccion de envio", 0.4),
    ),
    # look-alikes: matched so that they block shorter labels inside them
    None: (
        ("customer no", 1), ("customer number", 1), ("customer id", 1), ("kundennr", 1),
        ("kundennummer", 1), ("klantnummer", 1), ("your vat", 1), ("your vat number", 1),
        ("uw btw nummer", 1), ("customer vat", 1), ("client vat", 1), ("total qty", 1),
        ("total quantity", 1), ("total items", 1), ("total discount", 1), ("total savings", 1),
        ("total tax excluded", 1), ("tax rate", 1), ("vat rate", 1), ("tax %", 1),
        ("vat %", 1), ("btw %", 1), ("order date", 1), ("delivery date", 1), ("ship date", 1),
        ("orderdatum", 1), ("due to", 1), ("date of birth", 1), ("total pages", 1),
        ("gst summary", 1), ("amount (rm)", 0.5), ("print date", 1), ("tva 20%", 0),
        ("prix unitaire", 1), ("unit price", 1), ("total price", 1), ("exchange rate", 1),
    ),
}

GLUED_SCALE = 0.9  # a label read as one word is a little less sure than one spaced out
GLUED_MIN = 8  # letters: shorter run-together words are too easily something else


def with_glued(labels: dict) -> dict:
    """The lexicon plus each multi-word label of letters run together, as an OCR'd text
    layer prints it when it lost the spaces ('GROSSAMOUNT', 'AMOUNTDUE'). Labels with a
    one-letter word are left out: run together they make words ('facture n': 'facturen')."""
    single = {label for entries in labels.values() for label, _ in entries if " " not in label}
    out = {}
    for field, entries in labels.items():
        extra = []
        for label, strength in entries:
            words = label.split()
            glued = "".join(words)
            if len(words) > 1 and glued.isalpha() and len(glued) >= GLUED_MIN and \
                    min(map(len, words)) >= 2 and glued not in single:
                extra.append((glued, round(strength * GLUED_SCALE, 3)))
        out[field] = tuple(entries) + tuple(extra)
    return out


LEXICON = flatten_lexicon(LABELS)
GLUED_LEXICON = flatten_lexicon(with_glued(LABELS))


def find_invoice_labels(doc: list[PageLines], *, invoice: bool) -> list[LabelHit]:
    """Labels in reading order; an invoice's text layers are also searched for labels run
    together. Our own OCR keeps its spaces, and its fuzzy label matching would find the
    run-together forms in any long word ('intracom.'), so OCR'd pages are not; nor are
    receipts, which keep their own rules."""
    hits = find_labels(doc, LEXICON)
    if not invoice or all(pl.page.ocr for pl in doc):
        return hits
    hits = [h for h in hits if doc[h.page].page.ocr] + \
        [h for h in find_labels(doc, GLUED_LEXICON) if not doc[h.page].page.ocr]
    return sorted(hits, key=lambda h: (h.page, h.line, h.start))


# Words that name a value column in a line-items table header.
TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "description": ("description", "item", "items", "product", "service", "details",
                    "artikel", "beschreibung", "bezeichnung", "designation", "libelle",
                    "descripcion", "concepto", "omschrijving", "article", "particulars"),
    "quantity": ("qty", "quantity", "qté", "qte", "quantite", "menge", "anzahl", "cantidad",
                 "cant", "aantal", "hoeveelheid", "units", "nombre"),
    "unit_price": ("unit price", "price", "rate", "unit cost", "einzelpreis", "preis",
                   "prix unitaire", "prix", "p.u.", "pu", "precio", "precio unitario",
                   "prijs", "prijs per stuk", "vk-preis", "stückpreis", "unit"),
    "amount": ("amount", "total", "line total", "betrag", "gesamt", "gesamtpreis",
               "zeilenbetrag", "montant", "montant ht", "importe", "bedrag", "subtotal",
               "prijs incl. btw", "ext price", "extended", "net amount", "value"),
    "sku": ("sku", "item no", "item #", "code", "art.-nr", "artikelnummer", "ref",
            "référence", "reference", "part no", "product code", "item code"),
    "tax_rate": ("tax", "vat", "vat %", "tax %", "mwst", "tva", "iva", "btw", "taxes",
                 "gst", "ust. %", "ust %", "mwst. %", "tva %", "iva %", "btw %", "tax rate",
                 "vat rate"),
    # read so that their numbers do not land in a neighbouring column; never output
    "position": ("#", "pos", "pos.", "nr", "no", "line", "ln"),
    "discount": ("disc", "disc.%", "disc %", "discount", "rabatt", "rabatt %", "remise",
                 "descuento", "dto", "korting"),
}
