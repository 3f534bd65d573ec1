"""Rules for any document: required fields, readable values, confidence."""
from __future__ import annotations

from typing import TYPE_CHECKING

from schemas.document import DATE_FIELDS, MONEY_FIELDS, DocType, ExtractedDocument, FieldValue
from schemas.reasons import ReasonCode, Severity
from validators.fields import date_of, money_of
from validators.issue import Issue
from validators.rule import ALL_TYPES, RuleSpec

if TYPE_CHECKING:
    from validators.engine import RuleContext

# An invoice must say when it is due (accounts payable schedules payment by it); a till
# receipt is paid already and needs no number or due date.
REQUIRED_FIELDS: dict[DocType, tuple[str, ...]] = {
    DocType.INVOICE: ("vendor_name", "invoice_number", "invoice_date", "due_date", "total"),
    DocType.RECEIPT: ("vendor_name", "invoice_date", "total"),
    DocType.CLAIM: ("patient_name", "insured_id", "patient_account_number", "diagnosis_codes",
                    "total_charge", "billing_provider_npi"),
    DocType.PAYSTUB: ("employee_name", "pay_period_start", "pay_period_end", "gross_pay", "net_pay"),
    DocType.W2: ("tax_year", "employee_ssn", "employer_ein", "employee_name", "wages",
                 "social_security_wages", "social_security_tax", "medicare_wages", "medicare_tax"),
}
REQUIRED_TABLES: dict[DocType, tuple[str, ...]] = {DocType.CLAIM: ("service_lines",)}


def _present(field: FieldValue | None) -> bool:
    if field is None:
        return False
    value = field.value
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def check_required_fields(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    issues = [
        Issue(code=ReasonCode.MISSING_FIELD, fields=(name,), rule_id="common.required_fields",
              message=f"{doc.doc_type.value} has no {name}")
        for name in REQUIRED_FIELDS.get(doc.doc_type, ()) if not _present(doc.fields.get(name))
    ]
    issues += [
        Issue(code=ReasonCode.MISSING_FIELD, fields=(table,), rule_id="common.required_fields",
              message=f"{doc.doc_type.value} has no {table}")
        for table in REQUIRED_TABLES.get(doc.doc_type, ()) if not doc.tables.get(table)
    ]
    return issues


def _bad_value(name: str, value: object) -> str | None:
    if name in MONEY_FIELDS and money_of(value) is None:
        return "is not a number"
    if name in DATE_FIELDS and date_of(value) is None:
        return "is not a date (YYYY-MM-DD)"
    return None


def check_value_formats(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """Money fields read as decimals and date fields as ISO dates (fields and table cells)."""
    issues = []
    named = [(name, f) for name, f in doc.fields.items()]
    named += [(f"{t}[{i}].{col}", f) for t, rows in doc.tables.items() for i, row in enumerate(rows)
              for col, f in row.items()]
    for label, f in named:
        problem = _bad_value(label.rsplit(".", 1)[-1], f.value)
        if problem:
            issues.append(Issue(code=ReasonCode.INVALID_VALUE, fields=(label,), rule_id="common.value_formats",
                                message=f"{label} {f.value!r} {problem}"))
    return issues


def check_confidence(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """LOW_CONFIDENCE, one issue per field (table cells as `table[i].column`).

    A field the extractor flagged (`needs_review`) is an error: the contract says it must not
    be posted unseen. A field only below the client's threshold (`thresholds`, by field name,
    `"*"` for every field) is a warning: "confident" automation holds it, "always" does not.
    """
    thresholds = ctx.client.thresholds
    default = thresholds.get("*")
    named = [(name, name, f) for name, f in doc.fields.items()]
    named += [(f"{t}[{i}].{col}", col, f) for t, rows in doc.tables.items() for i, row in enumerate(rows)
              for col, f in row.items()]
    issues = []
    for label, name, f in named:
        minimum = thresholds.get(label, thresholds.get(name, default))
        if f.needs_review:
            issues.append(Issue(code=ReasonCode.LOW_CONFIDENCE, fields=(label,), rule_id="common.confidence",
                                message=f"{label}: the extractor asks for review (confidence {f.confidence:.2f})"))
        elif minimum is not None and f.confidence < minimum:
            issues.append(Issue(code=ReasonCode.LOW_CONFIDENCE, fields=(label,), rule_id="common.confidence",
                                severity=Severity.WARNING,
                                message=f"{label}: confidence {f.confidence:.2f} below the client's {minimum:.2f}"))
    return issues


RULES = (
    RuleSpec("common.required_fields", ALL_TYPES, check_required_fields),
    RuleSpec("common.value_formats", ALL_TYPES, check_value_formats),
    RuleSpec("common.confidence", ALL_TYPES, check_confidence),
)
