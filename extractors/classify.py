"""Document type from text and layout cues: invoice, receipt, claim, paystub, w2, unknown."""
from __future__ import annotations

import re

from extractors.page_model import Page
from schemas.document import DocType

# (pattern, weight) per type; patterns are matched case-insensitively on the page text
CUES: dict[DocType, tuple[tuple[str, float], ...]] = {
    DocType.CLAIM: (
        (r"health insurance claim form", 6), (r"\b(cms|hcfa)[- ]?1500\b", 5),
        # OCR of faxed forms garbles the title: partial and neighbouring cues
        (r"insurance\s+clai|claim\s+form", 3), (r"medicare|medicaid|tricare|champva", 2),
        (r"insured", 2), (r"\bpatient", 1), (r"\bcarrier\b", 1),
        (r"\bnucc\b|uniform claim", 3),
        (r"\bpica\b", 2), (r"insured'?s i\.?d\.? number", 4), (r"patient'?s name", 2),
        (r"federal tax i\.?d\.? number", 2), (r"diagnosis or nature of illness", 4),
        (r"\bnpi\b", 1), (r"place of service|\bpos\b", 1), (r"referring provider", 2),
        (r"billing provider", 2), (r"cpt/hcpcs", 3),
    ),
    DocType.W2: (
        (r"wage\W{0,3}and\W{0,3}tax\W{0,3}statement", 6), (r"\bform w-?2\b|\bw-2\b", 4),
        (r"employer\W{0,2}ident\w*\W{0,2}number", 2), (r"social\W{0,2}secu?\w{0,5}\W{0,2}wages", 3),
        (r"medicare wages", 3), (r"federal\W{0,2}income\W{0,2}tax\W{0,2}withheld", 2),
        (r"employee'?s social security number", 2), (r"control number", 1),
        # the form's own OMB number and box 1 caption survive OCR that garbles the title
        (r"\b1545\W?0008\b", 4), (r"wages,?\W{0,2}tips,?\W{0,2}other\W{0,2}comp", 3),
    ),
    DocType.PAYSTUB: (
        (r"pay ?stub|earnings statement|pay statement|payslip|pay slip|"
         r"lohnabrechnung|bulletin de (paie|salaire)|n[oó]mina", 5),
        (r"net pay|netto|net [àa] payer|l[ií]quido", 3), (r"gross pay|brutto|salaire brut", 3),
        (r"pay period", 3), (r"\bytd\b|year to date", 2), (r"deductions", 2),
        (r"pay date", 2), (r"employee (id|name|no)", 2), (r"earnings", 1),
        (r"federal income tax|social security|medicare", 1),
    ),
    DocType.INVOICE: (
        (r"(?<!tax )\binvoice\b|\brechnung\b|\bfacture\b|\bfactura\b|\bfactuur\b", 4),
        (r"invoice (no|number|#|date)|rechnungs(nummer|datum)|n° de facture|"
         r"facture n|factura n|fecha de factura|date de facture", 3),
        (r"bill to|billed to|sold to|ship to|rechnungsempf|factur[ée] [àa]", 2),
        (r"due date|payment due|f[äa]llig|[ée]ch[ée]ance|vencimiento|payment terms|net \d+",
         2), (r"\biban\b|\bbic\b|swift", 1), (r"\bvat\b|\bust|\btva\b|\biva\b|\bbtw\b", 1),
        (r"purchase order|\bp\.?o\.? (no|number|#)", 1), (r"subtotal|zwischensumme|sous-total",
                                                          1),
        (r"amount due|balance due|total a pagar|net [àa] payer|zahlbetrag", 2),
        (r"base imponible|condiciones de pago|zahlungsbedingungen|conditions de paiement|"
         r"payment terms|total ttc|total ht|nettobetrag|gesamtbetrag|rechnungsdatum|"
         r"fecha de factura|date de facture|\bn\.?\s?[°º] de pedido|bestellnummer", 2),
        (r"f\s?a\s?c\s?t\s?u\s?r\s?[ae]|r\s?e\s?c\s?h\s?n\s?u\s?n\s?g|"
         r"i\s?n\s?v\s?o\s?i\s?c\s?e", 1),
    ),
    DocType.RECEIPT: (
        (r"\breceipt\b|\bquittung\b|\bkassenbon\b|\breçu\b|\brecibo\b|\bticket\b", 4),
        (r"\bcash\b|\bchange\b|tendered|rounding|\bcashier\b|\bkasse\b", 2),
        (r"thank you|thanks|come again|merci|danke|gracias", 2),
        (r"\bvisa\b|mastercard|debit card|credit card|\bamex\b", 1),
        (r"\bgst\b|\bsst\b", 1), (r"\bqty\b", 0.5), (r"\bsdn\.? bhd\b|\bs/b\b", 1),
        (r"cash bill|simplified tax invoice|tax invoice", 3),
        (r"\brounding\b|total qty|item\(s\)|change due|\bqty\b.*\btotal\b", 1),
        (r"payment receipt|paid", 1),
    ),
}
_COMPILED = {t: tuple((re.compile(p, re.IGNORECASE), w) for p, w in cues)
             for t, cues in CUES.items()}

# Paid at a till: an amount tendered and the change given back, each on its own line with
# an amount (OCR may drop the tendered amount's decimal point). Invoices are paid later
# and never print change, whatever their title says ("TAX INVOICE", "Invoice #" on a cash
# sale slip).
_TENDERED_LINE = re.compile(r"^.{0,20}\b(cash|tendered|cash received|amount paid)\b.{0,25}"
                            r"\d(?:[.,]\s?\d{2})?\b", re.IGNORECASE | re.MULTILINE)
_CHANGE_LINE = re.compile(r"^.{0,20}\bchange( due)?\b.{0,25}\d[.,]\s?\d{2}\b",
                          re.IGNORECASE | re.MULTILINE)
TILL_PAYMENT_WEIGHT = 4


def paid_at_till(text: str) -> bool:
    return bool(_TENDERED_LINE.search(text) and _CHANGE_LINE.search(text))


def classify(pages: list[Page]) -> tuple[DocType, float]:
    """The document type and a confidence in 0..1."""
    if not pages:
        return DocType.UNKNOWN, 0.0
    text = "\n".join(p.text for p in pages[:3])
    if not text.strip():
        return DocType.UNKNOWN, 0.0
    scores = {t: sum(w for rx, w in cues if rx.search(text)) for t, cues in _COMPILED.items()}
    if paid_at_till(text):
        scores[DocType.RECEIPT] += TILL_PAYMENT_WEIGHT
    first = pages[0]
    if first.width and first.height / first.width > 1.9:  # long narrow slip: till receipt
        scores[DocType.RECEIPT] += 3
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3:
        return DocType.UNKNOWN, round(min(0.5, 0.2 + top / 10), 4)
    margin = (top - second) / top
    confidence = 0.5 + 0.5 * min(1.0, margin * 1.5) * min(1.0, top / 8)
    return best, round(min(0.99, confidence), 4)
