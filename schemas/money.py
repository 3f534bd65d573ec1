"""Money is Decimal, from one constructor, everywhere."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class NotMoney(ValueError):
    """A value that cannot be read as an amount of money."""


def to_money(value: object) -> Decimal:
    """Build a Decimal from a decimal string, int or Decimal. Floats are refused."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a decimal string")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise NotMoney(f"not an amount: {value!r}") from exc


def quantize_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """The contract's form: '.' separator, no grouping, no symbol, '-' for credits."""
    return format(amount, "f")
