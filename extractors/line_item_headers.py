"""The header row of a line-item table: which words name which column.

A header phrase (Description, Qty, Unit Price, Amount, ... in five languages, from
`invoice_labels.TABLE_HEADERS`) anchors a column at its x-span. On a scan a header word is
also read through its usual OCR slips: specks around it, 'Qté' as 'Qué', a space lost before
'%' or a tax basis ('TVA%', 'P.U.HT'), a long word a letter off.
"""
from __future__ import annotations

import re

from extractors.invoice_labels import TABLE_HEADERS
from extractors.layout import norm_token
from extractors.page_model import Line, Word

_HEADER_INDEX = {tuple(norm_token(t) for t in label.split()): col
                 for col, labels in TABLE_HEADERS.items() for label in labels}
_MAX_HEADER_WORDS = max(len(k) for k in _HEADER_INDEX)
_ONE_WORD = {col: next(k[0] for k, c in _HEADER_INDEX.items() if c == col and len(k) == 1)
             for col in set(_HEADER_INDEX.values())}  # a one-word heading for each column
_SINGLE_HEADER_WORDS = sorted(k[0] for k in _HEADER_INDEX if len(k) == 1 and len(k[0]) >= 5)


OCR_SPECKS = "-—–«»‘’“”_~©®"


def _header_token(word: Word) -> str:
    """A header word normalised; an OCR'd one also loses specks ('--Désignation') and,
    when it is long enough to tell, reads as the header word it nearly spells."""
    norm = norm_token(word.text)
    if word.conf >= 1.0:
        return norm
    norm = norm_token(norm.strip(OCR_SPECKS))
    if norm.endswith("%") and (norm[:-1].strip(),) in _HEADER_INDEX:
        return norm[:-1].strip()  # 'TVA%': the rate column, its space lost
    pct = _HEADER_INDEX.get((norm_token(norm[:-1]), "%")) if norm.endswith("%") else None
    if pct is not None:
        return _ONE_WORD[pct]  # 'USt.%', 'Rabatt%': 'USt. %', 'Rabatt %' with the space lost
    if re.fullmatch(r"q[a-zé]{1,3}|[a-z]ty", norm.lstrip(".")):
        return "qty"  # 'Qté', 'Qt', 'Qué', '.aty', 'ety': the quantity, misread
    basis = re.fullmatch(r"(.+?)\.?(ht|ttc|net)", norm)
    if basis and (basis.group(1),) in _HEADER_INDEX:
        return basis.group(1)  # 'P.U.HT': 'P.U. HT' with its space lost
    if len(norm) >= 5 and (norm,) not in _HEADER_INDEX:
        from rapidfuzz import fuzz, process

        found = process.extractOne(norm, _SINGLE_HEADER_WORDS, scorer=fuzz.ratio,
                                   score_cutoff=85)
        if found is not None:
            return found[0]
    return norm


def _header_phrases(line: Line) -> list[tuple[str, float, float]]:
    """(column, x0, x1) of every column name on the line, left to right."""
    norms = [_header_token(w) for w in line.words]
    found: list[tuple[str, float, float]] = []
    i = 0
    while i < len(norms):
        for n in range(min(_MAX_HEADER_WORDS, len(norms) - i), 0, -1):
            col = _HEADER_INDEX.get(tuple(norms[i:i + n]))
            if col is not None:
                found.append((col, line.words[i].x0, line.words[i + n - 1].x1))
                i += n
                break
        else:
            i += 1
    return found


def names_two_columns(line: Line) -> bool:
    """'Description  Amount': too little to open a table alone, but enough to name the
    two columns of a run of amount lines under it."""
    return {"description", "amount"} <= {c for c, _, _ in _header_phrases(line)}


def header_columns(line: Line) -> list[tuple[str, float, float]] | None:
    found = _header_phrases(line)
    names = [c for c, _, _ in found]
    if len(set(names)) < 3 or "description" not in names or \
            not ({"amount", "unit_price"} & set(names)):
        return None
    seen, out = set(), []
    for col, x0, x1 in found:
        if col in seen:  # "Total" twice: the rightmost is the amount
            if col == "amount":
                out = [c for c in out if c[0] != "amount"]
            else:
                continue
        seen.add(col)
        out.append((col, x0, x1))
    if sum(1 for c in out if c[0] == "amount") == 0:  # price column rightmost = amount
        return None
    return sorted(out, key=lambda c: c[1])
