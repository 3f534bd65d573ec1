"""Run a client's rule pack over one document.

`validate(doc, ctx)` runs every built-in rule for the document's type (minus the ones the
pack disables) and then the client's custom rules, and returns all issues. It never raises
for a bad document: a rule that crashes becomes a RULE_FAILED issue, so one document cannot
stop a batch. An unreadable or unclassified document, or one of a type the client does not
accept, gets no rule issues; `routing.decide` sends it to review with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from schemas.client_config import ClientConfig
from schemas.document import DocType, ExtractedDocument
from schemas.reasons import ReasonCode
from validators.custom_rules import custom_rules_for
from validators.history import DocumentHistory, InMemoryHistory, PriorDocument
from validators.issue import Issue
from validators.master_data import MasterData
from validators.registry import BUILTIN_RULES
from validators.rule import RuleSpec

__all__ = ["DocumentHistory", "InMemoryHistory", "PriorDocument", "RuleContext", "rules_for", "validate"]


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may consult besides the document itself."""

    client: ClientConfig
    today: date = field(default_factory=date.today)
    history: DocumentHistory = field(default_factory=InMemoryHistory)
    master: MasterData = field(default_factory=MasterData)


def rules_for(client: ClientConfig) -> list[RuleSpec]:
    """The client's rule pack in running order: built-ins (registry order), then custom."""
    disabled = set(client.rules.disabled)
    builtins = [spec for rule_id, spec in BUILTIN_RULES.items() if rule_id not in disabled]
    return builtins + [s for s in custom_rules_for(client) if s.rule_id not in disabled]


def validate(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    if doc.error is not None or doc.doc_type is DocType.UNKNOWN or not ctx.client.accepts(doc.doc_type):
        return []
    issues: list[Issue] = []
    for spec in rules_for(ctx.client):
        if not spec.applies_to(doc.doc_type):
            continue
        try:
            issues.extend(spec.check(doc, ctx))
        except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the batch
            issues.append(Issue(code=ReasonCode.RULE_FAILED, rule_id=spec.rule_id,
                                message=f"rule {spec.rule_id} failed: {type(exc).__name__}: {exc}"))
    return issues
