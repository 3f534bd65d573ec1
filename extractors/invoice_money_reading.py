"""Reading amounts off an invoice page: which words are amounts (OCR specks, cents cut
off or printed in a column of their own, a date's day or year that is none), and where
an amount stands that the labelled search in invoice_amounts misses (a column header's
farther row; the header lines of the line-items table, whose labels head columns).
"""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.layout import PageLines, value_below
from extractors.normalize import parse_amount
from extractors.page_model import Word

MONEY_FIELDS = ("subtotal", "tax_total", "total", "amount_due")
_MONEY_TOKEN = re.compile(
    r"^[(\-−]?(?:[$€£₹¥]|RM|Rs\.?|EUR|USD|GBP)?\s?[(\-−]?"
    r"(\d{1,3}(?:[.,' ]\d{3})+|\d+)(?:[.,](\d{1,2}))?[)\-]?(?:[$€£])?$")
CENT = Decimal("0.01")
_SIGN_PREFIX = re.compile(r"^[-−–](?:[$€£₹¥]|[A-Z]{3}|Rs\.?|RM)?$")


def money_words(words: tuple[Word, ...]) -> list[tuple[Word, Decimal, bool]]:
    """(word, amount, has_decimals) for every word that is an amount (not %, not a date).
    The words returned are the caller's own (an OCR amount cut in two is reported by its
    first word)."""
    out = []
    glued = _split_cents(words)
    for i, w in enumerate(words):
        if i - 1 in glued:
            continue  # the cents of the word before
        raw = w.text + words[i + 1].text if i in glued else w.text
        text = raw.strip(":;") if w.conf >= 1.0 else ocr_money_text(raw)
        if "%" in text or re.search(r"\d[./-]\d{1,2}[./-]\d", text):
            continue
        if i + 1 < len(words) and words[i + 1].text.startswith("%"):
            continue  # "19 %" is a rate
        m = _MONEY_TOKEN.match(text)
        if not m:
            continue
        value = parse_amount(text, decimal_comma=_decimal_comma(text))
        if value is None:
            continue
        if i and value > 0 and _SIGN_PREFIX.match(words[i - 1].text) and \
                w.x0 - words[i - 1].x1 < 1.5 * max(w.height, 1):
            value = -value  # "-USD 14.00", "- 14.00"
        out.append((w, value, m.group(2) is not None))
    return out


_OCR_EDGE_HEAD = re.compile(r"^[‘’“”\"'_|\[{«»~*:;,.]+")
# a trailing dash on a scan is a speck too, not a credit sign
_OCR_EDGE_TAIL = re.compile(r"[‘’“”\"'_|\]}»~*:;,.\-—–]+$")
_OCR_TWO_SEPARATORS = re.compile(r"^(\D*?)(\d[\d.,]*[.,][\d.,]*\d)[.,](\d{2})(\D*)$")
_OCR_SEMICOLON_DECIMALS = re.compile(r"(?<=\d);(?=\d{2}$)")


def ocr_money_text(text: str) -> str:
    """An OCR'd amount without the specks OCR glues to it: quotes, underscores, a bar, a
    trailing dot ('“£159.57', 'USD_5.87', '65.57.'), and a semicolon read for the decimal
    separator ('436;72')."""
    text = _OCR_EDGE_TAIL.sub("", _OCR_EDGE_HEAD.sub("", text)).replace("_", "")
    m = _OCR_TWO_SEPARATORS.match(text)
    if m:  # '6,527,26', '3,.825,68': groups are three digits, so the last is decimal
        text = f"{m[1]}{re.sub(r'[.,]', '', m[2])}.{m[3]}{m[4]}"
    if _OCR_SEMICOLON_DECIMALS.search(text):
        sep = "," if "." in text else "."
        text = _OCR_SEMICOLON_DECIMALS.sub(sep, text)
    return text


_WHOLE_UNITS = re.compile(r"^[-(]?[$€£]?\d{1,3}(?:[.,']\d{3})*$|^[-(]?[$€£]?\d+$")
_CENTS_WORD = re.compile(r"^[.,]\d{2}[-)]?$")
CENTS_COLUMN_GAP = 4.0  # text heights: cents printed in their own column ('4,759' '.20')


def _split_cents(words: tuple[Word, ...]) -> set[int]:
    """Indexes of words whose cents are the next word: OCR cut after the decimal separator
    ('1.555,' '41'), or a form prints the cents in a column of their own ('4,759' '.20')."""
    out = set()
    for i in range(len(words) - 1):
        a, b = words[i], words[i + 1]
        if i - 1 in out:
            continue
        gap = b.x0 - a.x1
        if b.conf < 1.0 and re.fullmatch(r"\d{2}\W{0,2}", b.text) and \
                re.search(r"\d[.,]$", a.text) and gap < 0.8 * max(a.height, 1.0):
            out.add(i)
        elif _CENTS_WORD.match(b.text) and _WHOLE_UNITS.match(a.text) and \
                0 <= gap < CENTS_COLUMN_GAP * max(a.height, 1.0):
            out.add(i)
    return out


def _decimal_comma(text: str) -> bool | None:
    return True if re.search(r",\d{2}$", text) else None


COLUMN_REACH = 3  # lines under a column header where its value may stand
COLUMN_DEPTH = 4.0  # and how far down, in the header's text heights


def column_value(doc: list[PageLines], hit) -> tuple[Word, ...]:
    """On a text layer, the amount under a column header of a header row ('DUE DATE |
    DISCOUNT | NET AMOUNT AFTER DISCOUNT') a few lines down, past a line of another column
    ('TERMS :') where `value_below` alone stops: the first phrase inside the label's
    column holding an amount with cents."""
    pl = doc[hit.page]
    label = hit.words(doc)
    if pl.page.ocr or len(pl.phrases[hit.line]) < 3 or hit.field not in MONEY_FIELDS:
        return ()
    x0, x1 = label[0].x0, label[-1].x1
    height = max(max(w.height for w in label), 1.0)

    def amount_in_column(ws: tuple[Word, ...]) -> bool:
        return ws[0].x0 >= x0 - height and ws[-1].x1 <= x1 + height and \
            any(decimals for _, _, decimals in money_words(ws))

    return value_below(doc, hit, COLUMN_REACH, reach=COLUMN_DEPTH, take=amount_in_column)


def part_of_date(words, word: Word) -> bool:
    """A day or year of a date written with its month's name ('05 Juillet 2015', 'Jan 1,
    2022'): a whole number in three words that read as a date, one of them a word."""
    if not re.fullmatch(r"\d{1,4},?", word.text):
        return False
    i = next((k for k, w in enumerate(words) if w is word), None)
    if i is None:
        return False
    from extractors.normalize import parse_date

    for start in range(max(0, i - 2), i + 1):
        window = words[start:start + 3]
        if len(window) == 3 and any(c.isalpha() for w in window for c in w.text) and \
                any(re.fullmatch(r"(19|20)\d{2}", w.text) for w in window) and \
                parse_date(" ".join(w.text for w in window)) is not None:
            return True
    return False


_DURATION = re.compile(r"^(?:days?|tagen?|jours?|d[ií]as|dagen|weeks?|months?)\W*$", re.I)


def part_of_term(words, word: Word) -> bool:
    """A whole number counting days, weeks or months ('NET 30 DAYS', '14 Tage'): a payment
    term, not an amount."""
    if not re.fullmatch(r"\d{1,3}", word.text):
        return False
    i = next((k for k, w in enumerate(words) if w is word), None)
    return i is not None and i + 1 < len(words) and bool(_DURATION.match(words[i + 1].text))


def table_header_lines(doc: list[PageLines]) -> set[tuple[int, int]]:
    """(page, line) of each line-items table header, with the lines of header text under
    it (a header printed over two or three lines: 'VK-Preis' / 'Ohne' / 'MwSt.')."""
    from extractors.line_items import header_columns

    out = set()
    for p, pl in enumerate(doc):
        for li, line in enumerate(pl.lines):
            if header_columns(line) is None:
                continue
            out.add((p, li))
            for j in range(li + 1, min(li + 3, len(pl.lines))):
                if money_words(pl.lines[j].words) or any(c.isdigit() for c in pl.lines[j].text):
                    break
                out.add((p, j))
    return out
