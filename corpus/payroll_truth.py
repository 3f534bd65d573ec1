"""Ground truth of pay stubs and W-2s: exactly the values their renderers print."""
from __future__ import annotations

from corpus.money import money_str
from corpus.payroll_model import W2, PayStub
from corpus.truth import Truth


def paystub_truth(stub: PayStub, notes: str) -> Truth:
    f = {"employer_name": stub.employer_name, "employee_name": stub.employee_name,
         "employee_id": stub.employee_id, "pay_period_start": stub.period_start.isoformat(),
         "pay_period_end": stub.period_end.isoformat(), "pay_date": stub.pay_date.isoformat()}
    if stub.hourly:
        f["hours"] = money_str(stub.earnings[0].hours)
        f["rate"] = money_str(stub.earnings[0].rate)
    f |= {"gross_pay": money_str(stub.gross_pay), "total_deductions": money_str(stub.total_deductions),
          "net_pay": money_str(stub.net_pay), "ytd_gross": money_str(stub.ytd_gross),
          "ytd_net": money_str(stub.ytd_net)}
    earnings = []
    for e in stub.earnings:
        row = {"type": e.type}
        if e.hours is not None:
            row |= {"hours": money_str(e.hours), "rate": money_str(e.rate)}
        row |= {"amount": money_str(e.amount), "ytd": money_str(e.ytd)}
        earnings.append(row)
    deductions = [{"type": d.type, "amount": money_str(d.amount), "ytd": money_str(d.ytd)}
                  for d in stub.deductions]
    return Truth("paystub", f, {"earnings": earnings, "deductions": deductions},
                 list(stub.defects), notes)


def w2_truth(w2: W2, notes: str) -> Truth:
    f = {"tax_year": str(w2.tax_year), "employee_ssn": w2.employee_ssn,
         "employer_ein": w2.employer_ein, "employer_name": w2.employer_name,
         "employee_name": w2.employee_name, "wages": money_str(w2.wages),
         "federal_tax_withheld": money_str(w2.federal_tax_withheld),
         "social_security_wages": money_str(w2.social_security_wages),
         "social_security_tax": money_str(w2.social_security_tax),
         "medicare_wages": money_str(w2.medicare_wages), "medicare_tax": money_str(w2.medicare_tax),
         "state": w2.state, "state_wages": money_str(w2.state_wages),
         "state_tax": money_str(w2.state_tax)}
    return Truth("w2", f, {}, list(w2.defects), notes)
