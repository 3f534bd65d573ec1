"""Cross-field evidence for an invoice's values, read independently and agreeing.

A value OCR read with doubtful word confidence is still sure when other values, read from
other places on the page, confirm it:

- the payment terms' day count agrees with the dates: due date = invoice date + N days
  ('Net 30', 'Zahlbar innerhalb von 14 Tagen', 'Paiement à 45 jours fin de mois');
- the amounts balance: subtotal + a tax = total (with no tax, the amount due or the line
  items agree too);
- the vendor's name, the invoice number or the tax ID is read a second time elsewhere
  on the scan (a footer, a running header) to the same characters.

Confirmed values get `CONFIRMED` confidence; values a check contradicts are lowered to
`CONTRADICTED`, so a misread goes to review. The only value changed is a pair of
day/month-ambiguous dates whose other reading the terms' day count fits.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from extractors.confidence import rescored
from extractors.invoice_ocr_text import (OCR_TEXT_CAP, address_reads_cleanly, name_reads_cleanly,
                                        value_lines)
from extractors.layout import PageLines
from extractors.normalize import date_is_ambiguous, field_amount
from schemas.document import FieldValue

CONFIRMED = 0.97
CONTRADICTED = 0.6
CENT = Decimal("0.01")

# the words payment terms are written with, in the languages invoices come in
TERMS_WORDS = frozenset("""
net netto due within in of days day upon on receipt payable payment pay from invoice date
end month eom cash terms immediately immediate the after
zahlbar innerhalb von tagen tage tag ohne abzug sofort rein nach rechnungsdatum bis zum
rechnungseingang skonto
paiement a jours jour fin de mois net comptant reception date facture sous le des
pago a dias dia de transferencia contado neto recepcion factura en los
betaling binnen dagen na factuurdatum
""".split())
_DAYS = re.compile(r"(?<![\d.,])(\d{1,3})(?![\d.,])")
_END_OF_MONTH = re.compile(r"\b(fin de mois|end of month|eom|monatsende|fin de mes)\b",
                           re.IGNORECASE)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def terms_days(text: str) -> tuple[int, bool] | None:
    """(days, end of month) of payment terms written only in terms words and one day
    count; None for anything else (a misread word, two numbers, no number)."""
    tokens = re.findall(r"[^\W\d_]+|\d+|[^\w\s]", _fold(text))
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if t.isalpha()]
    others = [t for t in tokens if not t.isalnum() and t not in ".,:;-"]
    if len(numbers) != 1 or others or not words or \
            any(w not in TERMS_WORDS for w in words):
        return None
    days = int(numbers[0])
    if not 0 < days <= 180:
        return None
    return days, bool(_END_OF_MONTH.search(_fold(text)))


def _due_dates(issued: date, days: int, end_of_month: bool) -> set[date]:
    plain = issued + timedelta(days=days)
    if not end_of_month:
        return {plain}
    last = calendar.monthrange(plain.year, plain.month)[1]
    return {plain, plain.replace(day=last)}  # conventions differ: either is 'fin de mois'


def _iso(field: FieldValue | None) -> date | None:
    if field is None:
        return None
    try:
        return date.fromisoformat(str(field.value))
    except ValueError:
        return None


def _set(fields: dict[str, FieldValue], name: str, confidence: float) -> None:
    fields[name] = rescored(fields[name], name, confidence)  # a flag a rule set stays


def _raise(fields: dict[str, FieldValue], name: str) -> None:
    if fields[name].confidence < CONFIRMED:
        _set(fields, name, CONFIRMED)


def _lower(fields: dict[str, FieldValue], name: str) -> None:
    if fields[name].confidence > CONTRADICTED:
        _set(fields, name, CONTRADICTED)


def _printed_ambiguous(doc: list[PageLines] | None, field: FieldValue) -> bool:
    """The words in the field's box on its page are a numeric date that reads both ways
    (03/04/2026)."""
    if doc is None or field.bbox is None:
        return False
    x0, y0, x1, y1 = field.bbox
    for pl in doc:
        if pl.page.number != field.page:
            continue
        words = [w for w in pl.page.words if w.x0 >= x0 - 1 and w.x1 <= x1 + 1
                 and w.top >= y0 - 1 and w.bottom <= y1 + 1]
        return date_is_ambiguous(" ".join(w.text for w in words))
    return False


_MIXED_PADDING = re.compile(r"^(\d)[./-](0\d)[./-]\d{2,4}$|^(0\d)[./-](\d)[./-]\d{2,4}$")


def _lost_digit(doc: list[PageLines] | None, field: FieldValue) -> bool:
    """A scanned numeric date printed with one part padded and the other not ('1/09/2026'
    for '11/09/2026'): OCR lost a digit as likely as the date was printed so."""
    if doc is None or field.bbox is None:
        return False
    x0, y0, x1, y1 = field.bbox
    for pl in doc:
        if pl.page.number == field.page:
            words = [w.text for w in pl.page.words if w.x0 >= x0 - 1 and w.x1 <= x1 + 1
                     and w.top >= y0 - 1 and w.bottom <= y1 + 1]
            return len(words) == 1 and bool(_MIXED_PADDING.match(words[0].strip(".,;:")))
    return False


def _swapped(value: date) -> date | None:
    try:
        return value.replace(month=value.day, day=value.month)
    except ValueError:
        return None


def _resolve_order(out: dict[str, FieldValue], doc, issued: date, due: date,
                   parsed: tuple[int, bool]) -> tuple[date, date]:
    """Both dates printed day/month-ambiguous and read in the order the terms' day count
    rules out, while the other order fits it: the dates are read the other way."""
    s_issued, s_due = _swapped(issued), _swapped(due)
    if s_issued is None or s_due is None or s_due not in _due_dates(s_issued, *parsed):
        return issued, due
    if not (_printed_ambiguous(doc, out["invoice_date"])
            and _printed_ambiguous(doc, out["due_date"])):
        return issued, due
    for name, value in (("invoice_date", s_issued), ("due_date", s_due)):
        out[name] = out[name].model_copy(update={"value": value.isoformat()})
    return s_issued, s_due


# the day counts payment terms are written with
CONVENTIONAL_DAYS = frozenset({7, 10, 14, 15, 20, 21, 28, 30, 45, 60, 90})
TERMS_WORD = 0.85  # least OCR word confidence of terms read clearly
TERMS_READ = 0.93


def terms_read_clearly(doc: list[PageLines] | None, field: FieldValue, days: int) -> bool:
    """Scanned payment terms that no due date can check are sure when they read as terms
    alone (terms words and one day count: terms_days, checked by the caller), the count is
    one terms are written with (a misread digit mostly leaves those: '24 Tagen' for '14'),
    the layout placed them surely (OCR_TEXT_CAP before the OCR cap, not a guess) and
    tesseract read every word in their box at TERMS_WORD or better. On 440 generated scans
    (seeds 11, 41, 61) every misread terms phrase failed one of these."""
    if doc is None or field.bbox is None or days not in CONVENTIONAL_DAYS or \
            field.confidence < OCR_TEXT_CAP:
        return False
    words = [w for ws in value_lines(doc, field) for w in ws]
    return bool(words) and [w.text for w in words] == str(field.value).split() and \
        all(TERMS_WORD <= w.conf < 1.0 for w in words)


def check_dates_and_terms(fields: dict[str, FieldValue], ocr: bool,
                          doc: list[PageLines] | None = None) -> dict[str, FieldValue]:
    """Invoice date, due date and payment terms confirm each other when the terms' day
    count spans the two dates (read the other way round when both are numeric dates that
    read both ways and only the other order fits); on a scan, a span that disagrees puts
    all three in review (one of them is misread)."""
    out = dict(fields)
    issued, due = _iso(out.get("invoice_date")), _iso(out.get("due_date"))
    terms = out.get("payment_terms")
    parsed = None if terms is None else terms_days(str(terms.value))
    # terms start with a capital or their day count ('Net 30', '30 Tage netto'); a phrase
    # starting lower case lost its first word to the label ('a 30 jours' of 'Paiement à
    # 30 jours'): the dates confirm its day count, not its words
    whole = terms is not None and str(terms.value)[:1].isupper() or \
        terms is not None and str(terms.value)[:1].isdigit()
    if ocr and parsed is not None and whole and (issued is None or due is None) and \
            terms_read_clearly(doc, terms, parsed[0]) and terms.confidence < TERMS_READ:
        _set(out, "payment_terms", TERMS_READ)  # no dates to check them: read clearly
    if issued is None or due is None or parsed is None:
        return out
    if due not in _due_dates(issued, *parsed):
        issued, due = _resolve_order(out, doc, issued, due, parsed)
    if due in _due_dates(issued, *parsed):
        if ocr and any(_lost_digit(doc, out[n]) for n in ("invoice_date", "due_date")):
            return out  # both dates may have lost the same digit: the span proves nothing
        for name in ("invoice_date", "due_date") + (("payment_terms",) if whole else ()):
            _raise(out, name)
    elif ocr:
        for name in ("invoice_date", "due_date", "payment_terms"):
            _lower(out, name)
    return out


_CREDIT_NOTE = re.compile(r"\b(credit\s*note|gutschrift|avoir|nota\s+de\s+cr[ée]dito|"
                          r"creditnota|rectificativa)\b", re.IGNORECASE)


def is_credit_note(text: str) -> bool:
    return bool(_CREDIT_NOTE.search(text))


def check_amounts(fields: dict[str, FieldValue], line_sum: Decimal | None, *,
                  ocr: bool = False, credit_note: bool = False) -> dict[str, FieldValue]:
    """Subtotal + tax = total (a tax other than 0, or the amount due equal to the total,
    or the line items summing to the subtotal): amounts read apart agree, so none of them
    is misread.
    On a scan, an amount due other than a total the sum confirms is reviewed (a part
    payment is possible, a misread or another amount more likely)."""
    out = dict(fields)
    sub, tax, total = (field_amount(out.get(n)) for n in ("subtotal", "tax_total", "total"))
    due = field_amount(out.get("amount_due"))
    if ocr and sub is not None and tax is not None and due is not None and \
            abs(sub + tax - due) > CENT and (total is None or abs(sub + tax - total) > CENT):
        _lower(out, "amount_due")  # the sum does not reach it, nor the total: a misread
    if sub is None or tax is None or total is None or total <= 0 or credit_note:
        return out  # a credit note's signs are what OCR gets wrong: a sum proves no sign
    if abs(sub + tax - total) > CENT or tax == total:
        return out
    if ocr and due is not None and due != total:
        _lower(out, "amount_due")
    due_agrees = due is not None and due == total
    lines_agree = line_sum is not None and abs(line_sum - sub) <= CENT
    if not (due_agrees or lines_agree or tax != 0):  # with no tax, sub = total proves less
        return out
    for name in ("subtotal", "tax_total", "total") + (("amount_due",) if due_agrees else ()):
        _raise(out, name)
    return out


def _bare(token: str) -> str:
    return token.strip(",.:;|")


_SEPARATORS = {"", "-", "–", "·", "•"}  # between the parts of a one-line sender address


def _holds(tokens: list[str], wanted: list[str]) -> bool:
    return any(tokens[i:i + len(wanted)] == wanted for i in range(len(tokens) - len(wanted) + 1))


def read_elsewhere(doc: list[PageLines], field: FieldValue) -> bool:
    """The value's words also stand, in order, elsewhere in the document than on the value's
    own lines (a line level with its box on its page is its own): on one line, separators
    between parts aside ('Beer AG - Hauptstr. 4 - 80515 Eutin' repeats 'Hauptstr. 4 80515
    Eutin'), or line by line as the value's box prints them, on lines one under the other
    (a footer repeating the letterhead's address lines)."""
    wanted = [_bare(t) for t in str(field.value).split()]
    if not wanted or field.bbox is None:
        return False
    rows = [[_bare(w.text) for w in ws] for ws in value_lines(doc, field)]
    rows = rows if sum(len(r) for r in rows) == len(wanted) and len(rows) > 1 else []
    for pl in doc:
        lines = []
        for line in pl.lines:
            own = pl.page.number == field.page and \
                not (line.bbox[3] < field.bbox[1] or line.bbox[1] > field.bbox[3])
            lines.append(None if own else
                         [t for t in (_bare(w.text) for w in line.words) if t not in _SEPARATORS])
        for i, tokens in enumerate(lines):
            if tokens is None:
                continue
            if _holds(tokens, wanted):
                return True
            if rows and _holds(tokens, rows[0]) and all(
                    i + k < len(lines) and lines[i + k] is not None and
                    _holds(lines[i + k], row) for k, row in enumerate(rows[1:], 1)):
                return True
    return False


# invoice words of the languages whose letters OCR misreads the same way each time ('ñ' as
# 'fi', 'ó' as 'é'): two readings of an address there agree on a misreading as often
_ROMANCE_WORDS = re.compile(r"\b(factura|fecha|vencimiento|importe|facture|[ée]ch[ée]ance|"
                            r"montant|paiement|fattura|scadenza|fatura)\b", re.IGNORECASE)


def check_read_twice(fields: dict[str, FieldValue], doc: list[PageLines]
                     ) -> dict[str, FieldValue]:
    """On a scan, a vendor name or address that reads cleanly, an invoice number or a tax
    ID read a second time elsewhere to the same characters (a footer, a running header, the
    one-line sender address over a recipient window) is confirmed (a name OCR misreads the
    same way twice, 'lyengar' for 'Iyengar', does not read cleanly)."""
    out = dict(fields)
    ocr_pages = {pl.page.number for pl in doc if pl.page.ocr}
    romance = bool(_ROMANCE_WORDS.search(" ".join(ln.text for pl in doc for ln in pl.lines)))
    for name in ("vendor_name", "vendor_address", "invoice_number", "vendor_tax_id"):
        f = out.get(name)
        if f is None or f.page not in ocr_pages:
            continue
        if name == "vendor_name" and not name_reads_cleanly(str(f.value)):
            continue
        if name == "vendor_address" and not (address_reads_cleanly(str(f.value))
                                             and str(f.value).isascii() and not romance
                                             and len(value_lines(doc, f)) >= 2):
            # a place line alone may be an address whose street OCR lost; an accented
            # letter may be misread the same way twice ('Urbanizacién', 'Larrafiaga')
            continue
        if read_elsewhere(doc, f):
            _raise(out, name)
    return out

