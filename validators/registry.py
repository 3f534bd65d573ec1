"""The built-in rules, by rule id, in running order. Add a rule here to make it exist;
a client's YAML can switch any of them off with `rules.disabled: [rule.id, ...]`."""
from __future__ import annotations

from validators import claim_rules, common_rules, invoice_rules, payroll_rules, purchasing_rules
from validators.rule import RuleSpec

FAMILIES = (common_rules.RULES, invoice_rules.RULES, purchasing_rules.RULES, claim_rules.RULES,
            payroll_rules.RULES)

BUILTIN_RULES: dict[str, RuleSpec] = {spec.rule_id: spec for family in FAMILIES for spec in family}
