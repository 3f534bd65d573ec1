"""Every top-level package imports from this repository, never from a PyPI namesake."""
from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]


def test_the_layout_the_product_card_fixes_is_there() -> None:
    for name in ("pyproject.toml", "flows", "extractors", "validators", "schemas", "sample_docs", "tests", "README.md"):
        assert (REPO / name).exists(), name


def test_every_package_directory_is_listed() -> None:
    on_disk = {p.parent.name for p in REPO.glob("*/__init__.py") if p.parent.name != "tests"}
    assert on_disk == set(PACKAGES)


@pytest.mark.parametrize("name", PACKAGES)
def test_package_imports_from_this_repository(name: str) -> None:
    module = importlib.import_module(name)
    assert Path(module.__file__).resolve().parent == REPO / name
