"""Decide what happens to a validated document: post it, or send it to review and how urgently.

Automation per document type (the client's `automation`):

- "never": always review (MANUAL_REVIEW_REQUIRED when nothing else is wrong).
- "confident" (default): post only when there is no error-severity issue and no
  LOW_CONFIDENCE issue of any severity. Other warnings (e.g. STALE_DATE) are recorded in
  the reasons but do not hold the document.
- "always": post unless an error-severity issue. A field the extractor flagged
  `needs_review` is an error (see `common_rules.check_confidence`), so it still holds.

Unreadable documents, unknown types and types the client does not accept always go to review.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.client_config import ClientConfig
from schemas.document import DocType, ExtractedDocument
from schemas.reasons import ReasonCode
from validators.issue import Issue

R = ReasonCode
PRIORITY: dict[ReasonCode, int] = {
    R.DUPLICATE_INVOICE: 90, R.DUPLICATE_CLAIM: 90, R.APPROVAL_REQUIRED: 85,
    R.POSTING_FAILED: 80, R.UNBALANCED_ENTRY: 80, R.RULE_FAILED: 80,
    R.TOTAL_MISMATCH: 70, R.LINES_SUM_MISMATCH: 70, R.SERVICE_LINES_SUM_MISMATCH: 70,
    R.NET_PAY_MISMATCH: 70, R.SS_TAX_MISMATCH: 70, R.MEDICARE_TAX_MISMATCH: 70,
    R.SS_WAGE_BASE_EXCEEDED: 70, R.HOURS_RATE_MISMATCH: 65, R.YTD_BELOW_CURRENT: 65,
    R.PO_NOT_FOUND: 65, R.PO_MISMATCH: 65, R.RECEIPT_MISMATCH: 65, R.VENDOR_TAX_ID_MISMATCH: 65,
    R.VENDOR_UNKNOWN: 60, R.PAYER_UNKNOWN: 60, R.EMPLOYEE_UNKNOWN: 60,
    R.INVALID_NPI: 60, R.INVALID_SSN: 60, R.INVALID_EIN: 60, R.INVALID_ICD10: 55, R.INVALID_CPT: 55,
    R.BAD_DIAGNOSIS_POINTER: 55, R.SERVICE_DATE_AFTER_CLAIM: 55, R.FUTURE_DATE: 55,
    R.DUE_BEFORE_INVOICE_DATE: 50, R.CURRENCY_NOT_ALLOWED: 50, R.PERIOD_END_BEFORE_START: 50,
    R.MISSING_FIELD: 50, R.INVALID_VALUE: 50, R.UNREADABLE: 45, R.UNKNOWN_DOC_TYPE: 40,
    R.DOC_TYPE_NOT_ACCEPTED: 40, R.LOW_CONFIDENCE: 30, R.STALE_DATE: 25, R.MANUAL_REVIEW_REQUIRED: 20,
}
DEFAULT_PRIORITY = 50


class RouteDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Literal["post", "review"]
    reasons: list[ReasonCode] = Field(default_factory=list)  # unique, most urgent first
    priority: int = 0  # higher = more urgent; 0 for documents that post
    sla_hours: int
    pack_version: str


def priority_of(code: ReasonCode) -> int:
    return PRIORITY.get(code, DEFAULT_PRIORITY)


def ordered_reasons(codes: list[ReasonCode]) -> list[ReasonCode]:
    """Unique codes, most urgent first; ties keep the order the rules reported them."""
    unique = list(dict.fromkeys(codes))
    return sorted(unique, key=lambda c: -priority_of(c))


def _blocking(issue: Issue, automation: str) -> bool:
    if issue.is_error:
        return True
    return automation == "confident" and issue.code == ReasonCode.LOW_CONFIDENCE


def decide(doc: ExtractedDocument, issues: list[Issue], client: ClientConfig) -> RouteDecision:
    codes = [i.code for i in issues]
    automation = client.automation_for(doc.doc_type)
    if doc.error is not None:
        codes.insert(0, ReasonCode.UNREADABLE)
    elif doc.doc_type is DocType.UNKNOWN:
        codes.insert(0, ReasonCode.UNKNOWN_DOC_TYPE)
    elif not client.accepts(doc.doc_type):
        codes.insert(0, ReasonCode.DOC_TYPE_NOT_ACCEPTED)
    elif automation == "never":
        codes.append(ReasonCode.MANUAL_REVIEW_REQUIRED)
    elif not any(_blocking(i, automation) for i in issues):
        return RouteDecision(action="post", reasons=ordered_reasons(codes), priority=0,
                             sla_hours=client.sla_for(doc.doc_type), pack_version=client.pack_version)
    reasons = ordered_reasons(codes)
    return RouteDecision(action="review", reasons=reasons, priority=max(priority_of(c) for c in reasons),
                         sla_hours=client.sla_for(doc.doc_type), pack_version=client.pack_version)
