"""The extraction contract (../shared/spec/extraction-contract.md) as pydantic models.

`ExtractedDocument.to_contract()` is exactly what `ledgerline extract --json` prints.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class DocType(StrEnum):
    INVOICE = "invoice"
    RECEIPT = "receipt"
    CLAIM = "claim"
    PAYSTUB = "paystub"
    W2 = "w2"
    UNKNOWN = "unknown"


FIELD_NAMES: dict[DocType, tuple[str, ...]] = {
    DocType.INVOICE: (
        "vendor_name", "vendor_address", "vendor_tax_id", "customer_name", "customer_address",
        "invoice_number", "invoice_date", "due_date", "po_number", "currency", "subtotal",
        "tax_total", "total", "amount_due", "payment_terms", "iban",
    ),
    DocType.CLAIM: (
        "payer_name", "insured_id", "patient_name", "patient_dob", "insured_name",
        "insured_policy_group", "referring_provider_name", "referring_provider_npi",
        "diagnosis_codes", "federal_tax_id", "patient_account_number", "total_charge",
        "amount_paid", "billing_provider_name", "billing_provider_npi", "service_facility_name",
    ),
    DocType.PAYSTUB: (
        "employer_name", "employee_name", "employee_id", "pay_period_start", "pay_period_end",
        "pay_date", "hours", "rate", "gross_pay", "total_deductions", "net_pay", "ytd_gross",
        "ytd_net",
    ),
    DocType.W2: (
        "tax_year", "employee_ssn", "employer_ein", "employer_name", "employee_name", "wages",
        "federal_tax_withheld", "social_security_wages", "social_security_tax",
        "medicare_wages", "medicare_tax", "state", "state_wages", "state_tax",
    ),
}
FIELD_NAMES[DocType.RECEIPT] = FIELD_NAMES[DocType.INVOICE]
FIELD_NAMES[DocType.UNKNOWN] = ()

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "line_items": ("description", "quantity", "unit_price", "amount", "sku", "tax_rate"),
    "service_lines": (
        "date_from", "date_to", "place_of_service", "procedure_code", "modifiers",
        "diagnosis_pointer", "charge", "units", "rendering_provider_npi",
    ),
    "earnings": ("type", "hours", "rate", "amount", "ytd"),
    "deductions": ("type", "amount", "ytd"),
}

# The tables each document type can have (what its extractor fills and its rules read).
DOC_TABLES: dict[DocType, tuple[str, ...]] = {
    DocType.INVOICE: ("line_items",),
    DocType.RECEIPT: ("line_items",),
    DocType.CLAIM: ("service_lines",),
    DocType.PAYSTUB: ("earnings", "deductions"),
    DocType.W2: (),
    DocType.UNKNOWN: (),
}

MONEY_FIELDS = frozenset({
    "subtotal", "tax_total", "total", "amount_due", "total_charge", "amount_paid", "rate",
    "gross_pay", "total_deductions", "net_pay", "ytd_gross", "ytd_net", "wages",
    "federal_tax_withheld", "social_security_wages", "social_security_tax", "medicare_wages",
    "medicare_tax", "state_wages", "state_tax", "hours",
    # table columns
    "quantity", "unit_price", "amount", "charge", "units", "ytd", "tax_rate",
})
DATE_FIELDS = frozenset({
    "invoice_date", "due_date", "patient_dob", "pay_period_start", "pay_period_end",
    "pay_date", "date_from", "date_to",
})
LIST_FIELDS = frozenset({"diagnosis_codes", "modifiers"})
PERSONAL_FIELDS = frozenset({"employee_ssn", "insured_id", "patient_dob", "federal_tax_id"})


class FieldValue(BaseModel):
    """One extracted value with its confidence and where it was found."""

    model_config = ConfigDict(extra="forbid")

    value: str | list[str]
    confidence: float = Field(ge=0.0, le=1.0)
    needs_review: bool
    page: int | None = Field(default=None, ge=1)
    bbox: tuple[float, float, float, float] | None = None


class ExtractionError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    message: str


class ExtractedDocument(BaseModel):
    """One document as the contract describes it."""

    model_config = ConfigDict(extra="forbid")

    source: str
    sha256: str
    doc_type: DocType = DocType.UNKNOWN
    doc_type_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    pages: int = 0
    ocr: bool = False
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    tables: dict[str, list[dict[str, FieldValue]]] = Field(default_factory=dict)
    error: ExtractionError | None = None

    def value(self, name: str) -> str | list[str] | None:
        field = self.fields.get(name)
        return None if field is None else field.value

    def to_contract(self) -> dict[str, Any]:
        """The JSON object the contract prints: no `fields` on error, absent fields omitted."""
        out: dict[str, Any] = {
            "source": self.source,
            "sha256": self.sha256,
        }
        if self.error is not None:
            out["error"] = self.error.model_dump()
            return out
        out |= {
            "doc_type": self.doc_type.value,
            "doc_type_confidence": round(self.doc_type_confidence, 4),
            "pages": self.pages,
            "ocr": self.ocr,
            "fields": {k: _dump_field(v) for k, v in self.fields.items()},
            "tables": {
                name: [{col: _dump_field(c) for col, c in row.items()} for row in rows]
                for name, rows in self.tables.items()
            },
        }
        return out


def _dump_field(field: FieldValue) -> dict[str, Any]:
    data: dict[str, Any] = {
        "value": field.value,
        "confidence": round(field.confidence, 4),
        "needs_review": field.needs_review,
    }
    if field.page is not None:
        data["page"] = field.page
    if field.bbox is not None:
        data["bbox"] = [round(x, 1) for x in field.bbox]
    return data
