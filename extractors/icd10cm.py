"""Billable ICD-10-CM codes (the leaves of the code tree), for checking box 21's codes.

The list is `icd10cm_billable.txt` beside this module, written from the `simple_icd_10_cm`
package (the CMS release tables) by `python -m extractors.icd10cm`. It is kept as a plain
list because that package's own tables cost 180 MB and 2 s to load in every process that
reads a claim, and their 600,000 objects were copied into each forked worker by its garbage
collector; the list is 75,000 strings, read in a few milliseconds.
"""
from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

CODES_FILE = Path(__file__).with_name("icd10cm_billable.txt")


@cache
def billable_codes() -> frozenset[str] | None:
    """Every billable code, with and without its dot ('J02.9', 'J029'); None without the list."""
    try:
        dotted = CODES_FILE.read_text(encoding="ascii").split()
    except FileNotFoundError:
        return None
    return frozenset(dotted) | frozenset(code.replace(".", "") for code in dotted)


def is_billable(code: str) -> bool | None:
    codes = billable_codes()
    return None if codes is None else code in codes


def write_codes(path: Path = CODES_FILE) -> int:
    """Rewrite the list from `simple_icd_10_cm` (after upgrading it to a new release)."""
    import warnings

    with warnings.catch_warnings():  # it loads its tables with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd

    leaves = [code for code in icd.get_all_codes(True) if icd.is_leaf(code)]
    path.write_text("\n".join(leaves) + "\n", encoding="ascii")
    return len(leaves)


if __name__ == "__main__":
    print(f"wrote {write_codes()} billable codes to {CODES_FILE}", file=sys.stderr)
