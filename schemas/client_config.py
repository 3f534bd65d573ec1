"""One client's rule pack: which documents it sends, how they are checked, routed and posted.

Loaded from `clients/<name>.yaml` by `validators.client_loader.load_client`, which turns a
pydantic error into a `ConfigError` naming the file, the key and the line. Every model
forbids unknown keys. Money parameters are `Decimal` (the loader reads YAML numbers as
decimals, never floats).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from schemas.document import FIELD_NAMES, TABLE_COLUMNS, DocType

Automation = Literal["never", "confident", "always"]
LANGUAGE_CODE = re.compile(r"[a-z]{3}(?:_[a-z]+)?|(?:script/)?[A-Z][A-Za-z_]+")  # eng, chi_sim, Latin
DEFAULT_OCR_LANGUAGES: tuple[str, ...] = ("eng",)  # scans are read in English unless a client says otherwise


def language_codes_problem(codes: list[str] | tuple[str, ...]) -> str | None:
    """Why `codes` is not a list of tesseract language codes (None when it is). Whether
    tesseract has a model for each is `extractors.ocr.check_languages`' question."""
    if not codes:
        return "no OCR language given (allowed: tesseract language codes, e.g. eng, deu)"
    bad = [code for code in codes if not LANGUAGE_CODE.fullmatch(code)]
    if bad:
        return (f"not tesseract language codes: {', '.join(map(repr, bad))} (allowed: three-letter codes "
                "such as eng, deu, fra, spa, or a script such as Latin)")
    return None
ACCEPTABLE_TYPES = tuple(t for t in DocType if t is not DocType.UNKNOWN)

# Social Security wage base by tax year (SSA "contribution and benefit base").
SS_WAGE_BASE: dict[int, Decimal] = {
    2022: Decimal("147000"),
    2023: Decimal("160200"),
    2024: Decimal("168600"),
    2025: Decimal("176100"),
    2026: Decimal("184500"),
}
THRESHOLD_KEYS = frozenset({"*"}) | {n for names in FIELD_NAMES.values() for n in names} | {
    c for cols in TABLE_COLUMNS.values() for c in cols}
DEFAULT_SLA_HOURS = 24
DEFAULT_AUTOMATION: Automation = "confident"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChartOfAccounts(_Strict):
    """Accounts the journal entries use (`ledger.journal`)."""

    accounts_payable: str = "2000 Accounts Payable"
    claims_payable: str = "2100 Claims Payable"
    payroll_liabilities: str = "2200 Payroll Liabilities"
    cash: str = "1000 Cash"
    input_tax: str = "1400 Input Tax Receivable"
    default_expense: str = "6000 General Expense"
    claims_expense: str = "5100 Medical Claims Expense"
    wages_expense: str = "5000 Wages Expense"
    vendor_expense: dict[str, str] = Field(default_factory=dict, description="vendor name -> expense account")
    category_expense: dict[str, str] = Field(default_factory=dict, description="category -> expense account")


class PoMatch(_Strict):
    """Purchase-order matching of invoices: off, PO only (two-way) or PO + goods receipt (three-way)."""

    mode: Literal["off", "two_way", "three_way"] = "off"
    price_tolerance: Decimal = Field(default=Decimal("0.02"), ge=0, description="fraction of the PO unit price")
    qty_tolerance: Decimal = Field(default=Decimal("0"), ge=0, description="fraction of the PO/received quantity")


class RulePack(_Strict):
    """Which built-in rules run and their parameters. Rules are on unless listed in `disabled`."""

    disabled: list[str] = Field(default_factory=list, description="rule ids to switch off")
    tolerance: Decimal = Field(default=Decimal("0.01"), ge=0, description="money rounding tolerance")
    max_age_days: int | None = Field(default=365, ge=1, description="oldest acceptable document date")
    allowed_currencies: list[str] | None = Field(default=None, description="ISO 4217 codes; none = any")
    duplicate_window_days: int = Field(default=14, ge=0)
    approval_limit: Decimal | None = Field(default=None, ge=0, description="invoice totals above need approval")
    po_match: PoMatch = Field(default_factory=PoMatch)
    hours_rate_tolerance: Decimal = Field(default=Decimal("0.05"), ge=0, description="hours x rate vs gross, money")
    ss_wage_base: dict[int, Decimal] = Field(default_factory=lambda: dict(SS_WAGE_BASE))
    vendor_match_score: int = Field(default=90, ge=50, le=100, description="rapidfuzz score for a fuzzy vendor match")

    @field_validator("ss_wage_base")
    @classmethod
    def _merge_wage_base(cls, v: dict[int, Decimal]) -> dict[int, Decimal]:
        """Years given add to (or correct) the built-in table rather than replace it."""
        return {**SS_WAGE_BASE, **v}

    @field_validator("allowed_currencies")
    @classmethod
    def _iso_codes(cls, v: list[str] | None) -> list[str] | None:
        if v is None:
            return v
        bad = [c for c in v if not (isinstance(c, str) and len(c) == 3 and c.isalpha() and c.isupper())]
        if bad:
            raise ValueError(f"not ISO 4217 codes: {bad}")
        return v


class MasterDataFiles(_Strict):
    """CSV files, relative to the YAML file. A check that needs a file runs only when it is set."""

    vendors: str | None = None
    purchase_orders: str | None = None
    goods_receipts: str | None = None
    employees: str | None = None
    providers: str | None = None
    payers: str | None = None


class ClientConfig(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="slug, the file's name")
    display_name: str
    doc_types: list[DocType] = Field(default_factory=lambda: list(ACCEPTABLE_TYPES))
    sla_hours: dict[DocType, int] = Field(default_factory=dict)
    automation: dict[DocType, Automation] = Field(default_factory=dict)
    thresholds: dict[str, float] = Field(default_factory=dict, description="field -> minimum confidence")
    accounts: ChartOfAccounts = Field(default_factory=ChartOfAccounts)
    rules: RulePack = Field(default_factory=RulePack)
    master_data: MasterDataFiles = Field(default_factory=MasterDataFiles)
    custom_rules: str | None = Field(default=None, description="python module with RULES or @rule functions")
    ocr_languages: list[str] = Field(default_factory=lambda: list(DEFAULT_OCR_LANGUAGES), description=(
        "tesseract language models scanned pages are read with, the first preferred (e.g. [deu, eng])"))

    _source: Path | None = PrivateAttr(default=None)

    @field_validator("doc_types")
    @classmethod
    def _known_types(cls, v: list[DocType]) -> list[DocType]:
        if DocType.UNKNOWN in v:
            raise ValueError("'unknown' cannot be accepted: unclassified documents always go to review")
        return list(dict.fromkeys(v))

    @field_validator("ocr_languages")
    @classmethod
    def _language_codes(cls, v: list[str]) -> list[str]:
        """Codes only; whether tesseract has each model is checked when the file is loaded
        (`validators.client_loader`), where the machine is known."""
        problem = language_codes_problem(v)
        if problem:
            raise ValueError(problem)
        return list(dict.fromkeys(v))

    @field_validator("sla_hours")
    @classmethod
    def _positive_sla(cls, v: dict[DocType, int]) -> dict[DocType, int]:
        bad = {str(k): h for k, h in v.items() if h < 1}
        if bad:
            raise ValueError(f"SLA hours must be at least 1: {bad}")
        return v

    @field_validator("thresholds")
    @classmethod
    def _probabilities(cls, v: dict[str, float]) -> dict[str, float]:
        bad = {k: t for k, t in v.items() if not 0.0 <= t <= 1.0}
        if bad:
            raise ValueError(f"thresholds are confidences between 0 and 1: {bad}")
        unknown = sorted(k for k in v if k not in THRESHOLD_KEYS)
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}: use contract field or table column "
                             "names, or \"*\" for every field")
        return v

    # --- where it came from -------------------------------------------------------------
    @property
    def source(self) -> Path | None:
        return self._source

    def with_source(self, path: Path) -> ClientConfig:
        self._source = Path(path).resolve()
        self.__dict__.pop("pack_version", None)
        return self

    def master_path(self, kind: str) -> Path | None:
        """Absolute path of one master data file (relative paths are from the YAML's folder)."""
        rel = getattr(self.master_data, kind)
        if rel is None:
            return None
        path = Path(rel)
        if not path.is_absolute():
            base = self._source.parent if self._source is not None else Path.cwd()
            path = base / path
        return path

    # --- per document type --------------------------------------------------------------
    def accepts(self, doc_type: DocType) -> bool:
        return doc_type in self.doc_types

    def sla_for(self, doc_type: DocType) -> int:
        return self.sla_hours.get(doc_type, DEFAULT_SLA_HOURS)

    def automation_for(self, doc_type: DocType) -> Automation:
        return self.automation.get(doc_type, DEFAULT_AUTOMATION)

    # --- identity of the pack -----------------------------------------------------------
    @cached_property
    def pack_version(self) -> str:
        """First 12 hex of sha256 over the canonical JSON of everything that decides routing
        (all settings except display_name and accounts) plus the master data file contents.

        Every routing decision records it, so a queue item says which rules judged it.
        """
        h = hashlib.sha256()
        decisive = self.model_dump(mode="json", exclude={"display_name", "accounts"})
        h.update(json.dumps(decisive, sort_keys=True, separators=(",", ":")).encode())
        for kind in sorted(MasterDataFiles.model_fields):
            path = self.master_path(kind)
            h.update(f"\0{kind}\0".encode())
            if path is not None and path.is_file():
                h.update(path.read_bytes())
        custom = self.custom_rules_file()
        if custom is not None:
            h.update(b"\0custom_rules\0" + custom.read_bytes())
        return h.hexdigest()[:12]

    def custom_rules_file(self) -> Path | None:
        """The source file of `custom_rules`: relative to the YAML first, else importable."""
        if not self.custom_rules:
            return None
        base = self._source.parent if self._source is not None else Path.cwd()
        local = base / (self.custom_rules.replace(".", "/") + ".py")
        if local.is_file():
            return local
        try:
            spec = importlib.util.find_spec(self.custom_rules)
        except (ImportError, ValueError):
            return None
        origin = getattr(spec, "origin", None)
        return Path(origin) if origin and Path(origin).is_file() else None
