"""Routing: automation levels, warnings vs errors, priorities, SLA and pack version."""
from __future__ import annotations

from schemas.document import DocType, ExtractionError
from schemas.reasons import ReasonCode, Severity
from validators.engine import validate
from validators.issue import Issue
from validators.routing import decide

R = ReasonCode


def issue(code, severity=Severity.ERROR):
    return Issue(code=code, message=str(code), severity=severity, rule_id="test")


def test_clean_document_posts_with_pack_version(h):
    client = h.client()
    doc = h.invoice()
    d = decide(doc, validate(doc, h.ctx(client)), client)
    assert d.action == "post" and d.reasons == [] and d.priority == 0
    assert d.pack_version == client.pack_version and d.sla_hours == 24


def test_never_always_reviews(h):
    client = h.client(automation={"invoice": "never"})
    d = decide(h.invoice(), [], client)
    assert d.action == "review" and d.reasons == [R.MANUAL_REVIEW_REQUIRED]


def test_confident_blocks_low_confidence_warning_but_not_other_warnings(h):
    client = h.client()
    assert decide(h.invoice(), [issue(R.LOW_CONFIDENCE, Severity.WARNING)], client).action == "review"
    stale = decide(h.invoice(), [issue(R.STALE_DATE, Severity.WARNING)], client)
    assert stale.action == "post" and stale.reasons == [R.STALE_DATE]


def test_always_posts_warnings_but_not_errors(h):
    client = h.client(automation={"invoice": "always"})
    assert decide(h.invoice(), [issue(R.LOW_CONFIDENCE, Severity.WARNING)], client).action == "post"
    assert decide(h.invoice(), [issue(R.TOTAL_MISMATCH)], client).action == "review"
    # a field the extractor flagged needs_review is an error even for "always"
    doc = h.invoice(total=("108.00", 0.4, True))
    d = decide(doc, validate(doc, h.ctx(client)), client)
    assert d.action == "review" and d.reasons == [R.LOW_CONFIDENCE]


def test_reasons_unique_and_most_urgent_first(h):
    client = h.client()
    issues = [issue(R.LOW_CONFIDENCE), issue(R.TOTAL_MISMATCH), issue(R.LOW_CONFIDENCE), issue(R.DUPLICATE_INVOICE)]
    d = decide(h.invoice(), issues, client)
    assert d.reasons == [R.DUPLICATE_INVOICE, R.TOTAL_MISMATCH, R.LOW_CONFIDENCE]
    assert d.priority > decide(h.invoice(), [issue(R.LOW_CONFIDENCE)], client).priority


def test_approval_required_outranks_arithmetic(h):
    client = h.client()
    high = decide(h.invoice(), [issue(R.APPROVAL_REQUIRED)], client).priority
    assert high > decide(h.invoice(), [issue(R.MISSING_FIELD)], client).priority


def test_type_not_accepted_or_unknown_or_unreadable_goes_to_review(h):
    client = h.client(doc_types=["claim"], automation={"invoice": "always"})
    d = decide(h.invoice(), [], client)
    assert d.action == "review" and d.reasons == [R.DOC_TYPE_NOT_ACCEPTED]
    unknown = h.doc("unknown", {})
    assert decide(unknown, [], client).reasons == [R.UNKNOWN_DOC_TYPE]
    broken = unknown.model_copy(update={"error": ExtractionError(code="ENCRYPTED", message="x")})
    assert decide(broken, [], client).reasons == [R.UNREADABLE]


def test_sla_hours_per_doc_type(h):
    client = h.client(sla_hours={"claim": 8})
    claim = h.doc("claim", {})
    assert decide(claim, [issue(R.MISSING_FIELD)], client).sla_hours == 8
    assert decide(h.invoice(), [issue(R.MISSING_FIELD)], client).sla_hours == 24
    assert DocType.CLAIM in client.doc_types
