"""Reading typed values out of an extracted document for rules.

Each reader returns None when the field is absent or cannot be read as that type; the
`required_fields` and `field_formats` rules report those, so other rules simply skip.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from schemas.document import ExtractedDocument, FieldValue
from schemas.money import NotMoney, to_money


def text(doc: ExtractedDocument, name: str) -> str | None:
    raw = doc.value(name)
    return raw.strip() or None if isinstance(raw, str) else None


def codes(doc: ExtractedDocument, name: str) -> list[str]:
    raw = doc.value(name)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [p for p in raw.replace(";", ",").split(",")]
    return [c.strip() for c in raw if c.strip()]


LARGEST = Decimal("1e15")  # beyond any document's amount: a misread, not money
FINEST = -6  # more decimal places than this is a misread too


def money_of(value: object) -> Decimal | None:
    """A finite Decimal of sensible size, or None (then `common.value_formats` reports it)."""
    if value is None or isinstance(value, list):
        return None
    try:
        amount = to_money(value)
    except (NotMoney, TypeError):
        return None
    if not amount.is_finite() or abs(amount) >= LARGEST or amount.as_tuple().exponent < FINEST:  # type: ignore[operator]
        return None
    return amount


def money(doc: ExtractedDocument, name: str) -> Decimal | None:
    return money_of(doc.value(name))


def date_of(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def day(doc: ExtractedDocument, name: str) -> date | None:
    return date_of(doc.value(name))


def rows(doc: ExtractedDocument, table: str) -> list[dict[str, FieldValue]]:
    return doc.tables.get(table, [])


def cell(row: dict[str, FieldValue], col: str) -> str | list[str] | None:
    field = row.get(col)
    return None if field is None else field.value


def cell_money(row: dict[str, FieldValue], col: str) -> Decimal | None:
    return money_of(cell(row, col))


def cell_date(row: dict[str, FieldValue], col: str) -> date | None:
    return date_of(cell(row, col))
