"""Pay stub and W-2 rules on both sides."""
from __future__ import annotations

from decimal import Decimal

import pytest

from schemas.reasons import ReasonCode
from validators import payroll_rules as pr
from validators.engine import validate
from validators.master_data import Employee, MasterData

R = ReasonCode


def codes(issues):
    return [i.code for i in issues]


def stub(h, fields=None, tables=None):
    base = {"employer_name": "Brightmart Retail LLC", "employee_name": "Ana Ruiz", "employee_id": "E-104",
            "pay_period_start": "2026-11-01", "pay_period_end": "2026-11-14", "pay_date": "2026-11-20",
            "hours": "80.00", "rate": "18.50", "gross_pay": "1480.00", "total_deductions": "310.25",
            "net_pay": "1169.75", "ytd_gross": "29600.00", "ytd_net": "23395.00"}
    base.update(fields or {})
    return h.doc("paystub", {k: v for k, v in base.items() if v is not None}, tables)


def w2(h, **changes):
    base = {"tax_year": "2025", "employee_ssn": "123-45-6789", "employer_ein": "12-3456789",
            "employer_name": "Brightmart Retail LLC", "employee_name": "Ana Ruiz", "wages": "38000.00",
            "federal_tax_withheld": "3100.00", "social_security_wages": "38480.00", "social_security_tax": "2385.76",
            "medicare_wages": "38480.00", "medicare_tax": "557.96"}
    base.update(changes)
    return h.doc("w2", {k: v for k, v in base.items() if v is not None})


def test_good_stub_and_w2_pass(h):
    assert validate(stub(h), h.ctx()) == []
    assert validate(w2(h), h.ctx()) == []


def test_net_pay(h):
    assert pr.check_net_pay(stub(h), h.ctx()) == []
    assert codes(pr.check_net_pay(stub(h, {"net_pay": "1196.75"}), h.ctx())) == [R.NET_PAY_MISMATCH]


def test_net_pay_from_deductions_table(h):
    table = {"deductions": [{"type": "Federal", "amount": "200.00"}, {"type": "FICA", "amount": "110.25"}]}
    assert pr.check_net_pay(stub(h, {"total_deductions": None}, table), h.ctx()) == []
    bad = {"deductions": [{"type": "Federal", "amount": "200.00"}, {"type": "FICA", "amount": "101.25"}]}
    assert codes(pr.check_net_pay(stub(h, {}, bad), h.ctx())) == [R.NET_PAY_MISMATCH]


def test_hours_rate(h):
    assert pr.check_hours_rate(stub(h), h.ctx()) == []
    assert codes(pr.check_hours_rate(stub(h, {"hours": "86.00"}), h.ctx())) == [R.HOURS_RATE_MISMATCH]
    salaried = stub(h, {"hours": None, "rate": None})
    assert pr.check_hours_rate(salaried, h.ctx()) == []


def test_hours_rate_on_earnings_rows(h):
    rows = [{"type": "Regular", "hours": "80", "rate": "18.50", "amount": "1480.00"},
            {"type": "Overtime", "hours": "2", "rate": "27.75", "amount": "55.50"}]
    doc = stub(h, {"gross_pay": "1535.50", "net_pay": "1225.25"}, {"earnings": rows})
    assert pr.check_hours_rate(doc, h.ctx()) == []
    rows[1]["amount"] = "65.50"
    doc = stub(h, {"gross_pay": "1545.50", "net_pay": "1235.25"}, {"earnings": rows})
    assert [i.fields for i in pr.check_hours_rate(doc, h.ctx())] == [("earnings[1].amount", "gross_pay")]


def test_ytd_not_below_current(h):
    assert pr.check_ytd(stub(h), h.ctx()) == []
    issues = pr.check_ytd(stub(h, {"ytd_gross": "1000.00"}), h.ctx())
    assert [(i.code, i.fields) for i in issues] == [(R.YTD_BELOW_CURRENT, ("ytd_gross",))]


def test_period(h):
    assert pr.check_period(stub(h), h.ctx()) == []
    assert codes(pr.check_period(stub(h, {"pay_period_end": "2026-10-31"}), h.ctx())) == [R.PERIOD_END_BEFORE_START]


def test_employee_known(h):
    master = MasterData(employees=(Employee("E-104", "Ana Ruiz"),), kinds=frozenset({"employees"}))
    assert pr.check_employee_known(stub(h), h.ctx(master=master)) == []
    assert codes(pr.check_employee_known(stub(h, {"employee_id": "E-999"}), h.ctx(master=master))) == [R.EMPLOYEE_UNKNOWN]
    assert pr.check_employee_known(w2(h, employee_name="ANA  RUIZ"), h.ctx(master=master)) == []
    assert codes(pr.check_employee_known(w2(h, employee_name="Bo Li"), h.ctx(master=master))) == [R.EMPLOYEE_UNKNOWN]


def test_ss_tax(h):
    assert pr.check_fica(w2(h), h.ctx()) == []
    assert pr.check_fica(w2(h, social_security_tax="2385.77"), h.ctx()) == []  # a cent of rounding
    assert codes(pr.check_fica(w2(h, social_security_tax="2395.76"), h.ctx())) == [R.SS_TAX_MISMATCH]


def test_medicare_tax(h):
    assert codes(pr.check_fica(w2(h, medicare_tax="567.96"), h.ctx())) == [R.MEDICARE_TAX_MISMATCH]
    # additional 0.9% above 200,000: 250000 x 1.45% + 50000 x 0.9% = 3625 + 450
    assert pr.expected_medicare_tax(Decimal("250000")) == Decimal("4075.00")
    rich = w2(h, wages="250000.00", social_security_wages="176100.00", social_security_tax="10918.20",
              medicare_wages="250000.00", medicare_tax="4075.00")
    assert pr.check_fica(rich, h.ctx()) == []


@pytest.mark.parametrize("year,wages,ok", [("2024", "168600.00", True), ("2024", "168600.01", False),
                                           ("2026", "184500.00", True), ("2022", "150000.00", False)])
def test_ss_wage_base(h, year, wages, ok):
    issues = pr.check_ss_wage_base(w2(h, tax_year=year, social_security_wages=wages), h.ctx())
    assert codes(issues) == ([] if ok else [R.SS_WAGE_BASE_EXCEEDED])


def test_ssn_and_ein(h):
    assert pr.check_ssn_ein(w2(h), h.ctx()) == []
    assert pr.check_ssn_ein(w2(h, employee_ssn="XXX-XX-6789"), h.ctx()) == []  # truncated copy
    issues = pr.check_ssn_ein(w2(h, employee_ssn="666-12-3456", employer_ein="07-1234567"), h.ctx())
    assert codes(issues) == [R.INVALID_SSN, R.INVALID_EIN]
    assert "666" not in issues[0].message  # personal data stays out of messages
