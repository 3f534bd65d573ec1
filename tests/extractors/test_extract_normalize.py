"""Dates, amounts and currencies at the noisy boundary."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from extractors.normalize import (date_is_ambiguous, money_str, parse_amount, parse_currency,
                                  parse_date)


@pytest.mark.parametrize("text, expected", [
    ("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("(35.00)", "-35.00"),
    ("-35.00", "-35.00"), ("35.00-", "-35.00"), ("$1,249.50", "1249.50"),
    ("€ 1 234,56", "1234.56"), ("EUR 49,99", "49.99"), ("RM 9.00", "9.00"),
    ("Total: 4.11 USD", "4.11"), ("1.234.567,89 €", "1234567.89"), ("0,90", "0.90"),
    ("12", "12"), ("35.00 CR", "-35.00"),
])
def test_parse_amount_forms(text, expected):
    assert money_str(parse_amount(text)) == expected


def test_parse_amount_ambiguous_grouping_follows_hint():
    assert parse_amount("1,234") == Decimal("1234")
    assert parse_amount("1,234", decimal_comma=True) == Decimal("1.234")
    assert parse_amount("1.234", decimal_comma=True) == Decimal("1234")


@pytest.mark.parametrize("text", ["", "total", "n/a", "—"])
def test_parse_amount_none(text):
    assert parse_amount(text) is None


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_amount_roundtrip_en_and_de(cents):
    value = Decimal(cents).scaleb(-2)
    en = f"{abs(value):,.2f}"
    de = en.replace(",", "X").replace(".", ",").replace("X", ".")
    sign = "-" if value < 0 else ""
    assert parse_amount(sign + en) == value
    assert parse_amount(sign + de, decimal_comma=True) == value
    assert parse_amount(f"({en})" if value < 0 else en) == value
    assert isinstance(parse_amount(en), Decimal)


@pytest.mark.parametrize("text, day_first, expected", [
    ("2024-03-09", None, dt.date(2024, 3, 9)),
    ("03/04/2024", True, dt.date(2024, 4, 3)),
    ("03/04/2024", False, dt.date(2024, 3, 4)),
    ("25/12/2018 8:13:39 PM", None, dt.date(2018, 12, 25)),
    ("20.03.2023", None, dt.date(2023, 3, 20)),
    ("March 20, 2023", None, dt.date(2023, 3, 20)),
    ("Aug 3 , 2014", None, dt.date(2014, 8, 3)),
    ("7. Mai 2014", None, dt.date(2014, 5, 7)),
    ("02 Juillet 2015", None, dt.date(2015, 7, 2)),
    ("7 de septiembre de 2022", None, dt.date(2022, 9, 7)),
    ("28-NOV-22", None, dt.date(2022, 11, 28)),
    ("December 31st, 2017", None, dt.date(2017, 12, 31)),
])
def test_parse_date_forms(text, day_first, expected):
    assert parse_date(text, day_first=day_first) == expected


def test_parse_date_rejects_non_dates():
    assert parse_date("Invoice INV-2031") is None
    assert parse_date("99/99/2024") is None


def test_date_ambiguity():
    assert date_is_ambiguous("03/04/2024")
    assert not date_is_ambiguous("13/04/2024")
    assert not date_is_ambiguous("2024-03-04")


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.booleans())
def test_date_roundtrip(value, day_first):
    text = value.strftime("%d/%m/%Y" if day_first else "%m/%d/%Y")
    assert parse_date(text, day_first=day_first) == value
    assert parse_date(value.isoformat()) == value


@pytest.mark.parametrize("text, code", [
    ("€ 12,00", "EUR"), ("USD 4.11", "USD"), ("£5", "GBP"), ("Rs. 1939", "INR"),
    ("RM 9.00", "MYR"), ("Total $ 279.84", "USD"), ("CHF 10.00", "CHF"),
])
def test_parse_currency(text, code):
    assert parse_currency(text) == code


@pytest.mark.parametrize("text", ["TOTAL", "ALL ITEMS", "", "12.00"])
def test_parse_currency_none(text):
    assert parse_currency(text) is None
