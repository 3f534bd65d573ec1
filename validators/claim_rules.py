"""Rules for professional claims (CMS-1500): identifiers, code formats, arithmetic, dates,
diagnosis pointers, duplicates and known payers/providers."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils
from stdnum import luhn

from schemas.document import DocType, ExtractedDocument
from schemas.reasons import ReasonCode
from validators.fields import cell, cell_date, cell_money, codes, money, rows, text
from validators.history import service_dates
from validators.issue import Issue
from validators.master_data import normalise_name
from validators.rule import RuleSpec

if TYPE_CHECKING:
    from validators.engine import RuleContext

CLAIMS = frozenset({DocType.CLAIM})
ZERO = Decimal("0")
# ICD-10-CM: a category of letter, digit, digit (the only categories with a letter third
# are listed), then up to four more characters after the dot (7 at most). Printed with or
# without the dot on CMS-1500 box 21.
ICD10_CM = re.compile(r"^([A-Z][0-9][0-9]|C4A|C7A|C7B|D3A|M1A|O9A|Z3A)(\.?[0-9A-Z]{1,4})?$")
# CPT: five digits, or four digits + F (category II), T (category III) or U (PLA).
# HCPCS level II: a letter A-V and four digits.
CPT_HCPCS = re.compile(r"^(\d{4}[0-9FTU]|[A-V]\d{4})$")
POINTER_LETTERS = "ABCDEFGHIJKL"


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose Luhn check (over the 80840 card-issuer prefix) holds."""
    return bool(re.fullmatch(r"\d{10}", npi)) and luhn.is_valid("80840" + npi)


def icd10_is_valid(code: str) -> bool:
    compact = code.strip().upper()
    return bool(ICD10_CM.match(compact)) and len(compact.replace(".", "")) <= 7


def check_npis(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    found = [(name, text(doc, name)) for name in ("billing_provider_npi", "referring_provider_npi")]
    found += [(f"service_lines[{i}].rendering_provider_npi", cell(r, "rendering_provider_npi"))
              for i, r in enumerate(rows(doc, "service_lines"))]
    return [Issue(code=ReasonCode.INVALID_NPI, fields=(label,), rule_id="claim.npi",
                  message=f"{label} {value!r} is not a valid NPI (10 digits, Luhn check with prefix 80840)")
            for label, value in found if isinstance(value, str) and value.strip() and not npi_is_valid(value.strip())]


def check_diagnosis_codes(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    bad = [c for c in codes(doc, "diagnosis_codes") if not icd10_is_valid(c)]
    if not bad:
        return []
    return [Issue(code=ReasonCode.INVALID_ICD10, fields=("diagnosis_codes",), rule_id="claim.icd10",
                  message=f"not ICD-10-CM codes: {', '.join(bad)}")]


def check_procedure_codes(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    issues = []
    for i, r in enumerate(rows(doc, "service_lines")):
        code = cell(r, "procedure_code")
        if isinstance(code, str) and code.strip() and not CPT_HCPCS.match(code.strip().upper()):
            issues.append(Issue(code=ReasonCode.INVALID_CPT, fields=(f"service_lines[{i}].procedure_code",),
                                rule_id="claim.cpt", message=f"{code!r} is not a CPT or HCPCS code"))
    return issues


def check_service_lines_sum(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    total = money(doc, "total_charge")
    charges = [cell_money(r, "charge") for r in rows(doc, "service_lines")]
    if total is None or not charges or any(c is None for c in charges):
        return []
    lines_total = sum(charges, ZERO)  # type: ignore[arg-type]
    if abs(lines_total - total) <= ctx.client.rules.tolerance:
        return []
    return [Issue(code=ReasonCode.SERVICE_LINES_SUM_MISMATCH, fields=("total_charge", "service_lines"),
                  rule_id="claim.lines_sum", message=f"service line charges add up to {lines_total}, total charge is {total}")]


def check_service_dates(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """No service date after the claim date. The contract has no claim date field, so the
    claim is dated by the day it is validated (`ctx.today`)."""
    issues = []
    for i, r in enumerate(rows(doc, "service_lines")):
        for col in ("date_from", "date_to"):
            d = cell_date(r, col)
            if d is not None and d > ctx.today:
                issues.append(Issue(code=ReasonCode.SERVICE_DATE_AFTER_CLAIM, fields=(f"service_lines[{i}].{col}",),
                                    rule_id="claim.service_dates", message=f"service date {d} is after {ctx.today}"))
    return issues


def pointer_indexes(pointer: str) -> list[int] | None:
    """'AB', 'A,B', 'A B' or '1 2' -> [0, 1]; None when the pointer cannot be read."""
    parts = [p for p in re.split(r"[\s,;/-]+", pointer.strip().upper()) if p]
    if len(parts) == 1 and parts[0].isalpha():
        parts = list(parts[0])
    out = []
    for p in parts:
        if len(p) == 1 and p in POINTER_LETTERS:
            out.append(POINTER_LETTERS.index(p))
        elif p.isdigit() and 1 <= int(p) <= 12:
            out.append(int(p) - 1)
        else:
            return None
    return out or None


def check_diagnosis_pointers(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    listed = len(codes(doc, "diagnosis_codes"))
    issues = []
    for i, r in enumerate(rows(doc, "service_lines")):
        pointer = cell(r, "diagnosis_pointer")
        if isinstance(pointer, list):
            pointer = " ".join(pointer)
        if not pointer or not pointer.strip():
            continue
        idx = pointer_indexes(pointer)
        if idx is None or max(idx) >= listed:
            issues.append(Issue(code=ReasonCode.BAD_DIAGNOSIS_POINTER, fields=(f"service_lines[{i}].diagnosis_pointer",),
                                rule_id="claim.diagnosis_pointers",
                                message=f"pointer {pointer!r} does not point at one of the {listed} diagnoses (A-{POINTER_LETTERS[max(listed - 1, 0)]})"))
    return issues


def check_duplicate_claim(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    account, total = text(doc, "patient_account_number"), money(doc, "total_charge")
    if account is None or total is None:
        return []
    same = ctx.history.find_claims(account, service_dates(doc), total)
    if not same:
        return []
    return [Issue(code=ReasonCode.DUPLICATE_CLAIM, fields=("patient_account_number", "total_charge"),
                  rule_id="claim.duplicate",
                  message=f"claim for account {account}, same service dates and total {total} already received "
                          f"({', '.join(p.source or p.sha256[:12] for p in same[:3])})")]


def check_payer_known(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    payer = text(doc, "payer_name")
    if not ctx.master.has("payers") or payer is None:
        return []
    if normalise_name(payer) in {normalise_name(p) for p in ctx.master.payers}:
        return []
    if process.extractOne(payer, ctx.master.payers, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                          score_cutoff=ctx.client.rules.vendor_match_score):
        return []
    return [Issue(code=ReasonCode.PAYER_UNKNOWN, fields=("payer_name",), rule_id="claim.payer_known",
                  message=f"payer {payer!r} is not in the client's payer list")]


def check_provider_known(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    npi = text(doc, "billing_provider_npi")
    if not ctx.master.has("providers") or npi is None or not npi_is_valid(npi) or npi in ctx.master.providers:
        return []
    return [Issue(code=ReasonCode.PROVIDER_UNKNOWN, fields=("billing_provider_npi",), rule_id="claim.provider_known",
                  message=f"billing provider NPI {npi} is not in the client's provider list")]


RULES = (
    RuleSpec("claim.npi", CLAIMS, check_npis),
    RuleSpec("claim.icd10", CLAIMS, check_diagnosis_codes),
    RuleSpec("claim.cpt", CLAIMS, check_procedure_codes),
    RuleSpec("claim.lines_sum", CLAIMS, check_service_lines_sum),
    RuleSpec("claim.service_dates", CLAIMS, check_service_dates),
    RuleSpec("claim.diagnosis_pointers", CLAIMS, check_diagnosis_pointers),
    RuleSpec("claim.duplicate", CLAIMS, check_duplicate_claim),
    RuleSpec("claim.payer_known", CLAIMS, check_payer_known),
    RuleSpec("claim.provider_known", CLAIMS, check_provider_known),
)
