"""The lines of a till receipt's totals block: each line's label words (OCR-misread keywords
put right) and its amount, and how strongly a label names the paid total.

`amount_lines(doc)` reads every line that ends in an amount; `printed_values(doc)` is every
amount the receipt prints; `total_weight(label)` ranks total labels (a rounded or payable
total over a total including tax over a plain total; 0 for subtotals, tax and rounding).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from extractors.invoice_amounts import money_words
from extractors.layout import PageLines
from extractors.page_model import Word
from schemas.money import quantize_cents

_KEYWORDS = ("total", "rounding", "rounded", "change", "cash", "amount", "nett", "grand",
             "payable", "tendered", "subtotal", "charge", "service")
_EXCLUDE = re.compile(
    r"sub\s*-?\s*total|total\s*(qty|quantity|item|items|excl|ex\b|exclusive|tax|gst|vat|"
    r"disc|saving|point)|excl|exclud|before|\bqty\b|item\(s\)|tax\s*code|summary|"
    r"discount|\bpoints?\b|\btips?\b")
_PAID = re.compile(
    r"(total|nett?|amt)\W*(amt\W*|amount\W*)?(after\s*adj|rounded|round)|"
    r"round(ed)?\s*total|total\s*(amount\s*)?payable|amount\s*payable|grand\s*total|"
    r"total\s*after|amount\s*due|total\s*due|balance\s*due")
_INCL = re.compile(r"total.*incl|incl.*total|total\s*sales.*inc|total.*inclusive")
_TOTAL = re.compile(r"total\s*amount|nett?\s*total|\btotal\b|\bnett\b")
ROUNDING = re.compile(r"round(ing)?\b|rounding\s*adj|\badj(ustment)?\b")
TENDERED = re.compile(r"cash|tender|\bpaid\b|payment|visa|master|amex|card|debit|credit|"
                       r"eftpos|wallet|received")
CHANGE = re.compile(r"\bchange\b|change\s*due")
SUBTOTAL_LABEL = re.compile(r"sub\s*-?\s*tota|total.*excl|excl.*total|before\s*tax")
TAX_LABEL = re.compile(r"^\W*(total\s*)?(gst|tax|vat|sst)\b(?!.*(summary|code|incl))")
CARD = re.compile(r"visa|master|amex|card|debit|credit|eftpos|wallet")


@dataclass(frozen=True, slots=True)
class AmountLine:
    """A line of the totals block: its label words, its (last) amount and where it is."""

    order: int  # reading order over the whole document
    label: str
    value: Decimal
    decimals: bool
    crowded: bool  # more than one amount on the line (a summary table row)
    conf: float
    page: int
    bbox: tuple[float, float, float, float]
    y: float  # 0..1 down the page


def normal_label(text: str) -> str:
    """Lower-case label words, OCR-misread keywords put right ('Tota]' -> 'total')."""
    from rapidfuzz import fuzz

    out = []
    for raw in re.findall(r"[A-Za-z()]+|\S", text.lower()):
        word = raw.strip("()")
        if len(word) >= 4 and word.isalpha():
            best = max(_KEYWORDS, key=lambda k: fuzz.ratio(word, k))
            if fuzz.ratio(word, best) >= 78:
                word = best
        out.append(word)
    return " ".join(out)


def amount_lines(doc: list[PageLines]) -> list[AmountLine]:
    out: list[AmountLine] = []
    order = 0
    for pl in doc:
        height = max(pl.page.height, 1.0)
        for line in pl.lines:
            order += 1
            words = _merge_split_decimals(tuple(_clean_word(w) for w in line.words))
            amounts = money_words(words)
            if not amounts:
                continue
            first = words.index(amounts[0][0])
            label = normal_label(" ".join(w.text for w in words[:first]))
            with_decimals = [a for a in amounts if a[2]] or amounts
            word, value, decimals = with_decimals[-1]
            out.append(AmountLine(order, label, quantize_cents(value), decimals,
                                  len(amounts) > 1, word.conf, pl.page.number,
                                  word.bbox, word.top / height))
    return out


def printed_values(doc: list[PageLines]) -> frozenset[Decimal]:
    """Every amount the receipt prints (each amount of each line), as read."""
    out = set()
    for pl in doc:
        for line in pl.lines:
            words = _merge_split_decimals(tuple(_clean_word(w) for w in line.words))
            out.update(quantize_cents(value) for _, value, _ in money_words(words))
    return frozenset(out)


def _clean_word(w: Word) -> Word:
    """An amount with OCR specks glued in front ('=«18.90'); a bare minus sign is kept."""
    m = re.match(r"^([^\w$€£(]+)(?=\d)", w.text)
    if m and set(m.group(1)) - {"-", "−", "–"}:
        return replace(w, text=w.text[m.end():])
    return w


def _merge_split_decimals(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """OCR splits '39.80' at the separator into '39.' and '80': put it back together."""
    out = list(words)
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        if re.fullmatch(r"[$€£]?\d{1,6}[.,]", a.text) and re.fullmatch(r"\d{2}", b.text) and \
                b.x0 - a.x1 < 1.5 * max(a.height, 1.0):
            out[i:i + 2] = [replace(a, text=a.text + b.text, x1=b.x1, conf=min(a.conf, b.conf))]
        i += 1
    return tuple(out)


def total_weight(label: str) -> float:
    """How strongly a label names the paid total (0: not a total label)."""
    if ROUNDING.search(label) and not re.search(r"round(ed)?\s*total|total\s*round", label):
        return 0.0
    if _PAID.search(label):
        return 1.0
    if _EXCLUDE.search(label):
        return 0.0
    if _INCL.search(label):
        return 0.95
    if re.search(r"total\s*sales", label):
        return 0.7
    if _TOTAL.search(label) and re.search(r"\btotal|\bnett?\b", label):
        return 0.85 if re.search(r"total\s*amount|nett?\s*total|total\s*\(?(rm|myr)", label) \
            else 0.8
    return 0.0
