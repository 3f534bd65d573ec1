"""Invoice amounts printed in ways the labelled-amount search (invoice_amounts) misses.

- A totals row under money columns: 'Total facture | 24.99 | 5.00 | 29.99' below a header
  'Montant HT | Montant TVA | Montant TTC' (or 'Net | VAT | Gross'). The label says the row
  is a total; each column's header says which amount each number is.
- A subtotal the invoice states without a subtotal label: with the tax printed as zero, or
  with no tax printed at all and the line amounts summing to the total, the amount before
  tax is the total. Computed, not read: always left for review.
"""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.candidates import Candidate, to_field
from extractors.invoice_money_reading import CENT, money_words, table_header_lines
from extractors.layout import LabelHit, PageLines, norm_token
from extractors.normalize import money_str
from schemas.document import FieldValue
from schemas.money import quantize_cents

# header words naming a money column; a net word wins over a tax word ('excl. VAT' is net),
# a gross word too ('incl. VAT' is the total)
_NET_WORDS = {"ht", "net", "netto", "nett", "excl", "exkl", "exclusief", "hors", "untaxed",
              "grondslag", "subtotal", "zwischensumme", "subtotaal"}
_GROSS_WORDS = {"ttc", "gross", "brutto", "incl", "inkl", "inclusief", "total", "totaal",
                "gesamt", "gesamtbetrag"}
_TAX_WORDS = {"tva", "vat", "tax", "mwst", "ust", "iva", "btw", "gst", "taxe", "taxes",
              "steuer", "mehrwertsteuer", "umsatzsteuer"}
_ROW_LABELS = ("total", "subtotal")  # the label that starts a totals row
HEADER_REACH = 8  # lines above a totals row where its column header may be


def column_header_field(words) -> str | None:
    """The money field a column header names: 'Montant EUR HT' -> subtotal, 'Montant TVA'
    -> tax_total, 'Montant EUR TTC' -> total; None for other columns ('Qty')."""
    tokens = {t for w in words for t in re.split(r"[\s./()%-]+", norm_token(w.text)) if t}
    if tokens & _NET_WORDS:
        return "subtotal"
    if tokens & _GROSS_WORDS:
        return "total"
    if tokens & _TAX_WORDS:
        return "tax_total"
    return None


def column_total_candidates(doc: list[PageLines], hits: list[LabelHit]
                            ) -> dict[str, list[Candidate]]:
    """Amount candidates read from a totals row by the headers of the columns its amounts
    stand in; only rows whose amounts fall under two or more different money columns."""
    out: dict[str, list[Candidate]] = {}
    seen = set()
    for h in hits:
        if h.field not in _ROW_LABELS or (h.page, h.line) in seen:
            continue
        seen.add((h.page, h.line))
        pl = doc[h.page]
        line = pl.lines[h.line]
        if h.start != next((s for s, e in pl.phrases[h.line] if s <= h.start < e), -1):
            continue  # the label opens its phrase: 'Total facture', not '... total ...'
        amounts = money_words(line.words[h.end:])
        if len(amounts) < 2:
            continue
        named = _columns_named(pl, h.line, [w for w, _, _ in amounts])
        if named is None:
            continue
        for (w, value, decimals), name in zip(amounts, named):
            if name is None:
                continue
            value = quantize_cents(value)
            out.setdefault(name, []).append(Candidate(
                value=money_str(value), score=0.85 * h.strength + (0.05 if decimals else 0.0),
                label=0.85 * h.strength, shape=1.0 if decimals else 0.75, ocr=w.conf,
                page=pl.page.number, bbox=w.bbox, typed=value))
    return out


def _columns_named(pl: PageLines, li: int, words) -> list[str | None] | None:
    """For each amount word, the money field its column header names, from the nearest
    line above whose phrases name two or more different money fields over the amounts."""
    for j in range(li - 1, max(-1, li - 1 - HEADER_REACH), -1):
        header = pl.lines[j]
        named = []
        for w in words:
            phrase = _phrase_over(pl, j, w)
            named.append(None if phrase is None else column_header_field(phrase))
        if len({n for n in named if n is not None}) >= 2 and \
                len(set(named) - {None}) == sum(n is not None for n in named):
            return named
        if any(norm_token(x.text) in _ROW_LABELS for x in header.words[:1]):
            return None  # another totals row: the header is not above this one
    return None


def _phrase_over(pl: PageLines, j: int, word):
    """The phrase of line j that stands over `word` (overlapping it horizontally)."""
    line = pl.lines[j]
    for s, e in pl.phrases[j]:
        ws = line.words[s:e]
        if min(ws[-1].x1, word.x1) - max(ws[0].x0, word.x0) > 0:
            return ws
    return None


IMPLIED_CAP = 0.85  # computed from the total: a person confirms it


def implied_subtotal(fields: dict[str, FieldValue], line_sum: Decimal | None
                     ) -> dict[str, FieldValue]:
    """The subtotal an invoice states without labelling it: the total, when the tax is
    printed as zero, or when no tax is printed and the line amounts sum to the total."""
    total = fields.get("total")
    if total is None or "subtotal" in fields:
        return {}
    tax = fields.get("tax_total")
    value = Decimal(str(total.value))
    if tax is not None:
        if Decimal(str(tax.value)) != 0:
            return {}
        agreed = False
    elif line_sum is None or abs(line_sum - value) > CENT:
        return {}
    else:
        agreed = True
    cand = Candidate(value=money_str(value), score=0.5, label=0.5, shape=1.0,
                     ocr=1.0, page=total.page, bbox=total.bbox, typed=value,
                     consistency=1.0 if agreed else None)
    return {"subtotal": to_field("subtotal", cand, 0.5, cap=IMPLIED_CAP)}


def money_layout(doc: list[PageLines], hits: list[LabelHit]) -> dict:
    """The keyword arguments of `invoice_amounts.extract_amounts` this module adds: the
    totals-row candidates and the table-header lines whose labels head columns."""
    return {"extra": column_total_candidates(doc, hits), "headers": table_header_lines(doc)}
