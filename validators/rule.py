"""What a rule is: a pure function `(doc, ctx) -> list[Issue]` with an id and the document
types it applies to. Built-in rules and a client's custom rules share this one contract.

    from validators.rule import rule

    @rule("acme.po_prefix", doc_types=["invoice"])
    def po_prefix(doc, ctx):
        ...
        return [Issue(...)]
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemas.document import DocType, ExtractedDocument
from validators.issue import Issue

if TYPE_CHECKING:
    from validators.engine import RuleContext

RuleFn = Callable[[ExtractedDocument, "RuleContext"], list[Issue]]
ALL_TYPES = frozenset(t for t in DocType if t is not DocType.UNKNOWN)
INVOICE_TYPES = frozenset({DocType.INVOICE, DocType.RECEIPT})

RULE_ATTR = "__ledgerline_rule__"


@dataclass(frozen=True)
class RuleSpec:
    rule_id: str
    doc_types: frozenset[DocType]
    check: RuleFn

    def applies_to(self, doc_type: DocType) -> bool:
        return doc_type in self.doc_types


def rule(rule_id: str, doc_types: Iterable[DocType | str] | None = None) -> Callable[[RuleFn], RuleFn]:
    """Mark a function as a rule; `validators.custom_rules` collects marked functions."""
    types = ALL_TYPES if doc_types is None else frozenset(DocType(t) for t in doc_types)

    def mark(fn: RuleFn) -> RuleFn:
        setattr(fn, RULE_ATTR, RuleSpec(rule_id, types, fn))
        return fn

    return mark


def spec_of(fn: RuleFn) -> RuleSpec:
    spec = getattr(fn, RULE_ATTR, None)
    if spec is None:
        raise TypeError(f"{fn!r} is not marked with @rule")
    return spec
