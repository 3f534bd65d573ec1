"""Money and quantity values: `Decimal` from one constructor, strings in the contract's form."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value: Decimal | int | str) -> Decimal:
    """The one money constructor: a Decimal quantized to cents, half-up."""
    if isinstance(value, float):  # pragma: no cover - guard against misuse
        raise TypeError("money is never a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """Contract money form: `1249.50`, `-35.00` (no grouping, no symbol)."""
    return format(cents(value), "f")


def number_str(value: Decimal) -> str:
    """Contract form of a quantity or rate as printed: `2`, `2.5`, `19`, `7.25`."""
    text = format(value.normalize(), "f")
    return text


def random_money(rng, low: int, high: int) -> Decimal:
    """A random amount between `low` and `high` whole units, with random cents."""
    return cents(Decimal(rng.randint(low * 100, high * 100)) / 100)


def percent_of(amount: Decimal, rate_percent: Decimal) -> Decimal:
    return cents(amount * rate_percent / Decimal(100))
