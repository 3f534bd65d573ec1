"""Rules for pay stubs and W-2s: pay arithmetic, year-to-date, periods, FICA on the W-2,
the Social Security wage base, SSN/EIN formats and known employees."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from stdnum.us import ein, ssn

from schemas.document import DocType, ExtractedDocument
from schemas.money import CENT
from schemas.reasons import ReasonCode
from validators.fields import cell_money, day, money, rows, text
from validators.issue import Issue
from validators.master_data import normalise_name
from validators.rule import RuleSpec

if TYPE_CHECKING:
    from validators.engine import RuleContext

PAYSTUBS = frozenset({DocType.PAYSTUB})
W2S = frozenset({DocType.W2})
PAYROLL = PAYSTUBS | W2S
ZERO = Decimal("0")
SS_RATE = Decimal("0.062")
MEDICARE_RATE = Decimal("0.0145")
ADDITIONAL_MEDICARE_RATE = Decimal("0.009")  # withheld on Medicare wages over 200,000
ADDITIONAL_MEDICARE_THRESHOLD = Decimal("200000")
MASKED_SSN = re.compile(r"^[X*]{3}-?[X*]{2}-?\d{4}$", re.IGNORECASE)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _rounding(ctx: RuleContext) -> Decimal:
    return max(CENT, ctx.client.rules.tolerance)


def check_net_pay(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """gross - deductions = net; deductions are total_deductions, or the deductions table's sum."""
    gross, net = money(doc, "gross_pay"), money(doc, "net_pay")
    deductions = money(doc, "total_deductions")
    table = [cell_money(r, "amount") for r in rows(doc, "deductions")]
    issues = []
    if table and all(a is not None for a in table):
        listed = sum(table, ZERO)  # type: ignore[arg-type]
        if deductions is None:
            deductions = listed
        elif abs(listed - deductions) > ctx.client.rules.tolerance:
            issues.append(Issue(code=ReasonCode.NET_PAY_MISMATCH, fields=("total_deductions", "deductions"),
                                rule_id="paystub.net_pay",
                                message=f"deductions listed add up to {listed}, total deductions is {deductions}"))
    if gross is None or net is None or deductions is None:
        return issues
    if abs(gross - deductions - net) > ctx.client.rules.tolerance:
        issues.append(Issue(code=ReasonCode.NET_PAY_MISMATCH, fields=("gross_pay", "total_deductions", "net_pay"),
                            rule_id="paystub.net_pay",
                            message=f"gross {gross} - deductions {deductions} = {gross - deductions}, net pay is {net}"))
    return issues


def check_hours_rate(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """For hourly pay: hours x rate = amount on each earnings row that has both, or
    hours x rate = gross when the stub has no such rows (within `hours_rate_tolerance`)."""
    tol = max(ctx.client.rules.hours_rate_tolerance, ctx.client.rules.tolerance)
    issues = []
    hourly_rows = [(i, r) for i, r in enumerate(rows(doc, "earnings"))
                   if cell_money(r, "hours") is not None and cell_money(r, "rate") is not None]
    for i, r in hourly_rows:
        hours, rate, amount = cell_money(r, "hours"), cell_money(r, "rate"), cell_money(r, "amount")
        if amount is not None and abs(_cents(hours * rate) - amount) > tol:  # type: ignore[operator]
            issues.append(Issue(code=ReasonCode.HOURS_RATE_MISMATCH, fields=(f"earnings[{i}].amount", "gross_pay"),
                                rule_id="paystub.hours_rate",
                                message=f"earnings[{i}]: {hours} h x {rate} = {_cents(hours * rate)}, amount is {amount}"))  # type: ignore[operator]
    if hourly_rows:
        return issues
    hours, rate, gross = money(doc, "hours"), money(doc, "rate"), money(doc, "gross_pay")
    if hours is None or rate is None or gross is None:
        return issues
    if abs(_cents(hours * rate) - gross) > tol:
        issues.append(Issue(code=ReasonCode.HOURS_RATE_MISMATCH, fields=("hours", "rate", "gross_pay"),
                            rule_id="paystub.hours_rate",
                            message=f"{hours} h x {rate} = {_cents(hours * rate)}, gross pay is {gross}"))
    return issues


def check_ytd(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    pairs = [("ytd_gross", money(doc, "ytd_gross"), "gross_pay", money(doc, "gross_pay")),
             ("ytd_net", money(doc, "ytd_net"), "net_pay", money(doc, "net_pay"))]
    for table in ("earnings", "deductions"):
        for i, r in enumerate(rows(doc, table)):
            pairs.append((f"{table}[{i}].ytd", cell_money(r, "ytd"), f"{table}[{i}].amount", cell_money(r, "amount")))
    return [Issue(code=ReasonCode.YTD_BELOW_CURRENT, fields=(ytd_name,), rule_id="paystub.ytd",
                  message=f"{ytd_name} {ytd} is below this period's {cur_name} {cur}")
            for ytd_name, ytd, cur_name, cur in pairs
            if ytd is not None and cur is not None and ZERO <= ytd < cur]


def check_period(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    start, end = day(doc, "pay_period_start"), day(doc, "pay_period_end")
    if start is None or end is None or end >= start:
        return []
    return [Issue(code=ReasonCode.PERIOD_END_BEFORE_START, fields=("pay_period_end", "pay_period_start"),
                  rule_id="paystub.period", message=f"pay period ends {end}, before it starts {start}")]


def check_employee_known(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """By employee ID when the document has one, else by name."""
    if not ctx.master.has("employees"):
        return []
    emp_id, name = text(doc, "employee_id"), text(doc, "employee_name")
    if emp_id is not None:
        if any(e.employee_id == emp_id for e in ctx.master.employees):
            return []
        what, fields = f"employee ID {emp_id}", ("employee_id",)
    elif name is not None:
        if normalise_name(name) in {normalise_name(e.name) for e in ctx.master.employees}:
            return []
        what, fields = f"employee {name!r}", ("employee_name",)
    else:
        return []
    return [Issue(code=ReasonCode.EMPLOYEE_UNKNOWN, fields=fields, rule_id="payroll.employee_known",
                  message=f"{what} is not in the client's employee list")]


def expected_medicare_tax(wages: Decimal) -> Decimal:
    extra = max(ZERO, wages - ADDITIONAL_MEDICARE_THRESHOLD) * ADDITIONAL_MEDICARE_RATE
    return _cents(wages * MEDICARE_RATE + extra)


def check_fica(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """Box 4 = 6.2% of box 3; box 6 = 1.45% of box 5 (plus 0.9% additional Medicare tax
    withheld above 200,000), each within a cent or the client's tolerance."""
    tol, issues = _rounding(ctx), []
    ss_wages, ss_tax = money(doc, "social_security_wages"), money(doc, "social_security_tax")
    if ss_wages is not None and ss_tax is not None and abs(_cents(ss_wages * SS_RATE) - ss_tax) > tol:
        issues.append(Issue(code=ReasonCode.SS_TAX_MISMATCH, fields=("social_security_tax", "social_security_wages"),
                            rule_id="w2.fica",
                            message=f"6.2% of {ss_wages} is {_cents(ss_wages * SS_RATE)}, box 4 says {ss_tax}"))
    mc_wages, mc_tax = money(doc, "medicare_wages"), money(doc, "medicare_tax")
    if mc_wages is not None and mc_tax is not None and abs(expected_medicare_tax(mc_wages) - mc_tax) > tol:
        issues.append(Issue(code=ReasonCode.MEDICARE_TAX_MISMATCH, fields=("medicare_tax", "medicare_wages"),
                            rule_id="w2.fica",
                            message=f"Medicare tax on {mc_wages} is {expected_medicare_tax(mc_wages)}, box 6 says {mc_tax}"))
    return issues


def check_ss_wage_base(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    year, wages = text(doc, "tax_year"), money(doc, "social_security_wages")
    if year is None or not year.isdigit() or wages is None:
        return []
    base = ctx.client.rules.ss_wage_base.get(int(year))
    if base is None or wages <= base:
        return []
    return [Issue(code=ReasonCode.SS_WAGE_BASE_EXCEEDED, fields=("social_security_wages",), rule_id="w2.ss_wage_base",
                  message=f"Social Security wages {wages} exceed the {year} wage base {base}")]


def check_ssn_ein(doc: ExtractedDocument, ctx: RuleContext) -> list[Issue]:
    """SSN valid (a truncated SSN like XXX-XX-1234 is accepted); EIN with a valid IRS prefix."""
    issues = []
    number = text(doc, "employee_ssn")
    if number is not None and not MASKED_SSN.match(number) and not ssn.is_valid(number):
        issues.append(Issue(code=ReasonCode.INVALID_SSN, fields=("employee_ssn",), rule_id="w2.ssn_ein",
                            message="employee SSN is not a valid social security number"))
    employer = text(doc, "employer_ein")
    if employer is not None and not ein.is_valid(employer):
        issues.append(Issue(code=ReasonCode.INVALID_EIN, fields=("employer_ein",), rule_id="w2.ssn_ein",
                            message=f"employer EIN {employer!r} is not a valid EIN (NN-NNNNNNN with an IRS prefix)"))
    return issues


RULES = (
    RuleSpec("paystub.net_pay", PAYSTUBS, check_net_pay),
    RuleSpec("paystub.hours_rate", PAYSTUBS, check_hours_rate),
    RuleSpec("paystub.ytd", PAYSTUBS, check_ytd),
    RuleSpec("paystub.period", PAYSTUBS, check_period),
    RuleSpec("payroll.employee_known", PAYROLL, check_employee_known),
    RuleSpec("w2.fica", W2S, check_fica),
    RuleSpec("w2.ss_wage_base", W2S, check_ss_wage_base),
    RuleSpec("w2.ssn_ein", W2S, check_ssn_ein),
)
