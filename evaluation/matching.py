"""Is an extracted value the expected one? Pure functions, one per kind of value.

The kinds follow the extraction contract's normalisation table
(shared/spec/extraction-contract.md):

| kind       | equal when                                                              |
|------------|-------------------------------------------------------------------------|
| money      | both are plain decimal strings with the same Decimal value (sign counts) |
| date       | the same ISO `YYYY-MM-DD` string                                        |
| currency   | the same code                                                           |
| identifier | the same characters, ignoring case and whitespace                       |
| name       | the same token set (case, accents, punctuation and legal suffixes      |
|            | removed; order free), or the same letters once spaces and punctuation  |
|            | are gone. A token missing or added is wrong: 'JEFFREY B' is not        |
|            | 'BARRERA, JEFFREY B', nor an address without its street line the address |
| codes      | the same set of codes (each compared as an identifier)                  |

Money is never a float here: `1249.5` equals `1249.50` because Decimal says so.

Table rows are paired by `match_rows` (an optimal assignment, amount first, then the other
cells), and `score_table` reports how many expected cells the paired rows got right.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from schemas.document import DATE_FIELDS, LIST_FIELDS, MONEY_FIELDS
from schemas.money import to_money


class Kind(StrEnum):
    MONEY = "money"
    DATE = "date"
    CURRENCY = "currency"
    IDENTIFIER = "identifier"
    NAME = "name"
    CODES = "codes"


NAME_FIELDS = frozenset({
    "vendor_name", "vendor_address", "customer_name", "customer_address", "payment_terms",
    "payer_name", "patient_name", "insured_name", "referring_provider_name",
    "billing_provider_name", "service_facility_name", "employer_name", "employee_name",
    # table columns
    "description", "type",
})

# the column a table's rows are paired by
ROW_KEY = {"line_items": "amount", "service_lines": "charge", "earnings": "amount", "deductions": "amount"}

LEGAL_SUFFIXES = frozenset({
    "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "sa", "sarl", "sas",
    "bv", "nv", "co", "corp", "corporation", "company", "plc", "ag", "kg", "srl", "spa", "pty",
    "pte", "sdn", "bhd", "oy", "ab", "as", "kk",
})

_PLAIN_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def kind_of(name: str) -> Kind:
    """The kind of a field or table column, by its contract name."""
    if name in MONEY_FIELDS:
        return Kind.MONEY
    if name in DATE_FIELDS:
        return Kind.DATE
    if name in LIST_FIELDS:
        return Kind.CODES
    if name == "currency":
        return Kind.CURRENCY
    if name in NAME_FIELDS:
        return Kind.NAME
    return Kind.IDENTIFIER


def parse_decimal(text: object) -> Decimal | None:
    """A plain decimal string (the contract's money form) as Decimal; None for anything else.

    Grouping, symbols, exponents, NaN and floats are refused: they break the contract.
    """
    if not isinstance(text, str) or not _PLAIN_DECIMAL.fullmatch(text.strip()):
        return None
    return to_money(text.strip())


def money_equal(expected: object, extracted: object) -> bool:
    a, b = parse_decimal(expected), parse_decimal(extracted)
    return a is not None and b is not None and a == b


def date_equal(expected: object, extracted: object) -> bool:
    if not isinstance(expected, str) or not isinstance(extracted, str):
        return False
    a, b = expected.strip(), extracted.strip()
    return bool(_ISO_DATE.fullmatch(b)) and a == b


def currency_equal(expected: object, extracted: object) -> bool:
    return isinstance(expected, str) and isinstance(extracted, str) and expected.strip() == extracted.strip()


def identifier_key(text: str) -> str:
    return "".join(text.split()).casefold()


def identifier_equal(expected: object, extracted: object) -> bool:
    if not isinstance(expected, str) or not isinstance(extracted, str):
        return False
    return identifier_key(expected) == identifier_key(extracted) != ""


def name_tokens(text: str) -> tuple[str, ...]:
    """Lower-case word tokens without accents, punctuation or legal suffixes.

    Runs of single letters are joined, so `S.A.` and `B. V.` become `sa` and `bv`; `&` reads
    as `and`. If only legal suffixes remain, they are kept (`Co` alone is still a name).
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).replace("&", " and ")
    raw = [t for t in _NOT_WORD.split(folded) if t]
    tokens: list[str] = []
    run: list[str] = []
    for tok in raw + [""]:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            tokens.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if tok:
            tokens.append(tok)
    kept = [t for t in tokens if t not in LEGAL_SUFFIXES]
    return tuple(kept or tokens)


def name_equal(expected: object, extracted: object) -> bool:
    """The same tokens in any order (`name_tokens`), or the same letters run together."""
    if not isinstance(expected, str) or not isinstance(extracted, str):
        return False
    ta, tb = name_tokens(expected), name_tokens(extracted)
    if not ta or not tb:
        return False
    if "".join(ta) == "".join(tb):  # only spacing or punctuation differ: "TA .K" vs "TAK"
        return True
    return set(ta) == set(tb)


def codes_equal(expected: object, extracted: object) -> bool:
    """Code lists as sets; each code compared ignoring case and whitespace."""
    if not isinstance(expected, list) or not isinstance(extracted, list):
        return False
    if not all(isinstance(c, str) for c in expected) or not all(isinstance(c, str) for c in extracted):
        return False
    return {identifier_key(c) for c in expected} == {identifier_key(c) for c in extracted}


_EQUAL = {
    Kind.MONEY: money_equal,
    Kind.DATE: date_equal,
    Kind.CURRENCY: currency_equal,
    Kind.IDENTIFIER: identifier_equal,
    Kind.NAME: name_equal,
    Kind.CODES: codes_equal,
}


def values_match(name: str, expected: Any, extracted: Any) -> bool:
    """Whether `extracted` counts as `expected` for the field or column `name`."""
    if extracted is None:
        return False
    return _EQUAL[kind_of(name)](expected, extracted)


# --- tables ------------------------------------------------------------------------------

def cell_value(cell: Any) -> Any:
    """A contract cell is `{"value": ..., "confidence": ...}`; truth cells are bare values."""
    return cell.get("value") if isinstance(cell, Mapping) else cell


def row_similarity(expected: Mapping[str, Any], extracted: Mapping[str, Any], key: str) -> float:
    """2 for the key (amount) agreeing, plus the share of the other expected cells agreeing."""
    score = 0.0
    if key in expected and values_match(key, expected[key], cell_value(extracted.get(key))):
        score += 2.0
    others = [c for c in expected if c != key]
    if others:
        score += sum(values_match(c, expected[c], cell_value(extracted.get(c))) for c in others) / len(others)
    return score


def assign_max(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """An assignment of rows to columns with the largest total weight (Hungarian method).

    Returns (row, column) pairs; with more rows than columns some rows stay unassigned,
    and the other way round.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if n_rows == 0 or n_cols == 0:
        return []
    transpose = n_rows > n_cols
    if transpose:
        weights = [list(col) for col in zip(*weights, strict=True)]
        n_rows, n_cols = n_cols, n_rows
    top = max(max(r) for r in weights)
    cost = [[top - w for w in row] for row in weights]  # minimise
    inf = float("inf")
    u, v = [0.0] * (n_rows + 1), [0.0] * (n_cols + 1)
    match = [0] * (n_cols + 1)  # match[col] = row (1-based), 0 = free
    way = [0] * (n_cols + 1)
    for i in range(1, n_rows + 1):
        match[0], j0 = i, 0
        minv, used = [inf] * (n_cols + 1), [False] * (n_cols + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], inf, 0
            for j in range(1, n_cols + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n_cols + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, n_cols + 1) if match[j]]
    if transpose:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


def match_rows(table: str, expected: Sequence[Mapping[str, Any]],
               extracted: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (expected index, extracted index): the assignment with the most agreement,
    the amount column weighing double. Pairs that agree on nothing are dropped."""
    key = ROW_KEY.get(table, "amount")
    sims = [[row_similarity(e, x, key) for x in extracted] for e in expected]
    return [(i, j) for i, j in assign_max(sims) if sims[i][j] > 0]


@dataclass
class CellResult:
    """One expected cell: which row and column, whether right, and the system's decision."""

    table: str
    row: int
    column: str
    correct: bool
    present: bool
    accepted: bool
    confidence: float | None

    @property
    def silent_error(self) -> bool:
        return self.accepted and not self.correct


@dataclass
class TableScore:
    table: str
    expected_rows: int
    extracted_rows: int
    matched_rows: int
    cells: list[CellResult] = field(default_factory=list)

    @property
    def cells_correct(self) -> int:
        return sum(c.correct for c in self.cells)

    @property
    def cell_accuracy(self) -> float | None:
        return self.cells_correct / len(self.cells) if self.cells else None


def score_table(table: str, expected: Sequence[Mapping[str, Any]],
                extracted: Sequence[Mapping[str, Any]]) -> TableScore:
    """Every expected cell scored against its paired extracted row; unpaired rows are wrong."""
    pairs = dict(match_rows(table, expected, extracted))
    score = TableScore(table, len(expected), len(extracted), len(pairs))
    for i, row in enumerate(expected):
        got = extracted[pairs[i]] if i in pairs else {}
        for column, want in row.items():
            cell = got.get(column)
            present = cell is not None
            accepted = present and isinstance(cell, Mapping) and cell.get("needs_review") is False
            conf = cell.get("confidence") if isinstance(cell, Mapping) else None
            score.cells.append(CellResult(
                table, i, column, correct=values_match(column, want, cell_value(cell)),
                present=present, accepted=accepted, confidence=conf,
            ))
    return score
