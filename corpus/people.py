"""Names and addresses from faker, cleaned the way printed documents show them."""
from __future__ import annotations

from functools import cache

from faker import Faker

from corpus.truth import collapse

_MILITARY = ("APO ", "FPO ", "DPO ", "PSC ", "USNS ", "USNV ", "USS ", "USCGC ", "Unit ")


@cache
def faker_for(locale: str) -> Faker:
    return Faker(locale)


def seeded_faker(locale: str, seed: int) -> Faker:
    fake = faker_for(locale)
    fake.seed_instance(seed)
    return fake


def company_name(fake: Faker) -> str:
    return collapse(fake.company())


def person_name(fake: Faker) -> tuple[str, str, str]:
    """(first, middle initial, last)."""
    return (collapse(fake.first_name()), fake.random_uppercase_letter(), collapse(fake.last_name()))


def address_lines(fake: Faker, upper: bool = False) -> list[str]:
    """A postal address as printed lines, never a military one."""
    for _ in range(20):
        raw = fake.address()
        if not any(m in raw for m in _MILITARY):
            break
    lines = [collapse(line) for line in raw.splitlines() if line.strip()]
    return [line.upper() for line in lines] if upper else lines
