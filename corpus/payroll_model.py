"""Pay stub and W-2 content with consistent arithmetic, and the defects that break it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from corpus.claim_model import make_ein
from corpus.money import cents, percent_of, random_money
from corpus.people import address_lines, company_name, person_name
from corpus.truth import Defect
from corpus.world import Employee
from schemas.reasons import ReasonCode
from stdnum.us import ein as stdnum_ein
from stdnum.us import ssn as stdnum_ssn

SS_RATE, MEDICARE_RATE = Decimal("6.2"), Decimal("1.45")
SS_WAGE_BASE = {2023: Decimal("160200"), 2024: Decimal("168600"), 2025: Decimal("176100"),
                2026: Decimal("184500")}
STATES = (("CA", Decimal("5.1")), ("NY", Decimal("5.5")), ("IL", Decimal("4.95")),
          ("PA", Decimal("3.07")), ("OH", Decimal("2.75")), ("GA", Decimal("5.39")),
          ("NC", Decimal("4.25")), ("NJ", Decimal("4.1")), ("VA", Decimal("5.2")),
          ("MA", Decimal("5.0")))
PAYSTUB_DEFECTS = (ReasonCode.NET_PAY_MISMATCH, ReasonCode.HOURS_RATE_MISMATCH)
W2_DEFECTS = (ReasonCode.SS_TAX_MISMATCH, ReasonCode.MEDICARE_TAX_MISMATCH, ReasonCode.INVALID_SSN,
              ReasonCode.INVALID_EIN)
_BAD_EIN_PREFIXES = ("00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78",
                     "79", "89", "96", "97")


@dataclass
class Earning:
    type: str
    hours: Decimal | None
    rate: Decimal | None
    amount: Decimal
    ytd: Decimal


@dataclass
class Deduction:
    type: str
    amount: Decimal
    ytd: Decimal


@dataclass
class PayStub:
    layout: str
    employer_name: str
    employer_address: list[str]
    employee_name: str
    employee_address: list[str]
    employee_id: str
    period_start: date
    period_end: date
    pay_date: date
    earnings: list[Earning]
    deductions: list[Deduction]
    net_pay: Decimal
    ytd_net: Decimal
    defects: list[Defect] = field(default_factory=list)

    @property
    def hourly(self) -> bool:
        return self.earnings[0].hours is not None

    @property
    def gross_pay(self) -> Decimal:
        return cents(sum((e.amount for e in self.earnings), Decimal(0)))

    @property
    def ytd_gross(self) -> Decimal:
        return cents(sum((e.ytd for e in self.earnings), Decimal(0)))

    @property
    def total_deductions(self) -> Decimal:
        return cents(sum((d.amount for d in self.deductions), Decimal(0)))


def _deductions(rng, gross: Decimal, periods: int) -> list[Deduction]:
    state, state_rate = rng.choice(STATES)
    plan = [("Federal Income Tax", percent_of(gross, Decimal(rng.randint(80, 160)) / 10)),
            ("Social Security", percent_of(gross, SS_RATE)),
            ("Medicare", percent_of(gross, MEDICARE_RATE)),
            (f"{state} State Income Tax", percent_of(gross, state_rate))]
    if rng.random() < 0.6:
        plan.append(("401(k)", percent_of(gross, Decimal(rng.randint(2, 8)))))
    if rng.random() < 0.6:
        plan.append(("Medical Insurance", random_money(rng, 25, 160)))
    return [Deduction(name, amount, cents(amount * periods)) for name, amount in plan]


def make_paystub(rng, fake, *, layout: str, reference: date, employee: Employee | None = None,
                 employer: tuple[str, list[str]] | None = None) -> PayStub:
    """A pay stub; `employee` (from the client's world) fixes who is paid and at what rate,
    `employer` the (name, address lines) printed as the payer."""
    length = rng.choice((7, 14, 14))
    period_end = reference - timedelta(days=rng.randint(7, 60))
    period_start = period_end - timedelta(days=length - 1)
    periods = max(1, (period_end.timetuple().tm_yday + length - 1) // length)
    hourly = rng.random() < 0.55
    if employee is not None:
        hourly = employee.pay_type == "hourly"
    if hourly:
        rate = random_money(rng, 15, 65) if employee is None else employee.rate
        hours = Decimal(length // 7 * 40) - rng.choice((Decimal(0), Decimal(0), Decimal("2.5"), Decimal(4)))
        amount = cents(hours * rate)
        earnings = [Earning("Regular", hours, rate, amount, cents(amount * periods))]
    else:
        salary = random_money(rng, 38000, 185000) if employee is None else employee.rate
        amount = cents(salary * length / 364)
        earnings = [Earning("Salary", None, None, amount, cents(amount * periods))]
    gross = earnings[0].amount
    deductions = _deductions(rng, gross, periods)
    first, middle, last = person_name(fake)
    employer_name, employer_address = employer or (company_name(fake), address_lines(fake))
    employee_address = address_lines(fake)
    employee_id = rng.choice((f"E{rng.randint(10000, 99999)}", f"{rng.randint(100000, 999999)}"))
    if employee is not None:
        first, last = employee.first, employee.last
        employee_address, employee_id = list(employee.address), employee.employee_id
    stub = PayStub(
        layout=layout, employer_name=employer_name, employer_address=list(employer_address),
        employee_name=f"{first} {last}", employee_address=employee_address, employee_id=employee_id,
        period_start=period_start, period_end=period_end,
        pay_date=period_end + timedelta(days=rng.randint(2, 6)),
        earnings=earnings, deductions=deductions, net_pay=Decimal(0), ytd_net=Decimal(0))
    stub.net_pay = cents(stub.gross_pay - stub.total_deductions)
    stub.ytd_net = cents(stub.ytd_gross - sum((d.ytd for d in deductions), Decimal(0)))
    return stub


def apply_paystub_defect(stub: PayStub, code: ReasonCode, rng) -> None:
    if code is ReasonCode.HOURS_RATE_MISMATCH and stub.hourly:
        e = stub.earnings[0]
        e.amount = cents(e.amount + rng.choice((Decimal(10), Decimal(25), Decimal("-12.50"))))
        stub.net_pay = cents(stub.gross_pay - stub.total_deductions)
        stub.defects.append(Defect(code, ("gross_pay",), "hours x rate != regular earnings"))
        return
    stub.net_pay = cents(stub.net_pay + rng.choice((Decimal(100), Decimal("10.00"), Decimal("-50"))))
    stub.defects.append(Defect(ReasonCode.NET_PAY_MISMATCH, ("net_pay",),
                               "net pay != gross - deductions"))


@dataclass
class W2:
    tax_year: int
    employee_ssn: str
    employer_ein: str
    employer_name: str
    employer_address: list[str]
    control_number: str
    employee_first: str
    employee_last: str
    employee_address: list[str]
    wages: Decimal
    federal_tax_withheld: Decimal
    social_security_wages: Decimal
    social_security_tax: Decimal
    medicare_wages: Decimal
    medicare_tax: Decimal
    state: str
    state_employer_id: str
    state_wages: Decimal
    state_tax: Decimal
    box12: list[tuple[str, Decimal]]
    grouped: bool  # amounts printed with thousands separators
    defects: list[Defect] = field(default_factory=list)

    @property
    def employee_name(self) -> str:
        return f"{self.employee_first} {self.employee_last}"


def make_ssn(rng) -> str:
    while True:
        area = rng.choice((rng.randint(1, 665), rng.randint(667, 899)))
        text = f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if stdnum_ssn.is_valid(text):
            return text


def make_w2(rng, fake, *, reference: date, employee: Employee | None = None,
            employer: tuple[str, list[str], str] | None = None) -> W2:
    """A W-2; `employee` (from the client's world) fixes who and roughly what they earned,
    `employer` the (name, address lines, EIN) of the client."""
    year = reference.year - 1
    gross = random_money(rng, 24000, 195000)
    if employee is not None:  # a year of this pay, give or take overtime and unpaid leave
        annual = employee.rate * 2080 if employee.pay_type == "hourly" else employee.rate
        gross = cents(annual * (Decimal(rng.randint(92, 106)) / 100))
    deferral = percent_of(gross, Decimal(rng.choice((0, 0, 3, 5, 6, 8))))
    health = random_money(rng, 0, 4000) if rng.random() < 0.5 else Decimal("0.00")
    wages = cents(gross - deferral - health)
    medicare_wages = cents(gross - health)
    ss_wages = min(medicare_wages, SS_WAGE_BASE[year])
    state, state_rate = rng.choice(STATES)
    first, middle, last = person_name(fake)
    box12 = [("D", deferral)] if deferral else []
    if health:
        box12.append(("DD", cents(health * 3)))
    ein = make_ein(rng)
    assert stdnum_ein.is_valid(ein), ein
    employer_name, employer_address = company_name(fake), address_lines(fake)
    employee_first, employee_address = f"{first} {middle}", address_lines(fake)
    if employer is not None:
        employer_name, employer_address, ein = employer[0], list(employer[1]), employer[2]
    if employee is not None:  # box e as the roster spells the name, so it can be looked up
        employee_first, last, employee_address = employee.first, employee.last, list(employee.address)
    return W2(
        tax_year=year, employee_ssn=make_ssn(rng), employer_ein=ein,
        employer_name=employer_name, employer_address=employer_address,
        control_number=f"{rng.randint(0, 99999):05d}",
        employee_first=employee_first, employee_last=last, employee_address=employee_address,
        wages=wages, federal_tax_withheld=percent_of(wages, Decimal(rng.randint(70, 180)) / 10),
        social_security_wages=ss_wages, social_security_tax=percent_of(ss_wages, SS_RATE),
        medicare_wages=medicare_wages, medicare_tax=percent_of(medicare_wages, MEDICARE_RATE),
        state=state, state_employer_id=f"{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{rng.randint(1, 9)}",
        state_wages=wages, state_tax=percent_of(wages, state_rate), box12=box12,
        grouped=rng.random() < 0.5)


def apply_w2_defect(w2: W2, code: ReasonCode, rng) -> None:
    if code is ReasonCode.SS_TAX_MISMATCH:
        w2.social_security_tax = cents(w2.social_security_tax + rng.choice((Decimal(12), Decimal(-100), Decimal("1.10"))))
        w2.defects.append(Defect(code, ("social_security_tax",), "box 4 != 6.2% of box 3"))
    elif code is ReasonCode.MEDICARE_TAX_MISMATCH:
        w2.medicare_tax = cents(w2.medicare_tax + rng.choice((Decimal(10), Decimal(-40), Decimal("2.50"))))
        w2.defects.append(Defect(code, ("medicare_tax",), "box 6 != 1.45% of box 5"))
    elif code is ReasonCode.INVALID_SSN:
        area = rng.choice(("000", "666", f"9{rng.randint(0, 99):02d}"))
        w2.employee_ssn = f"{area}{w2.employee_ssn[3:]}"
        w2.defects.append(Defect(code, ("employee_ssn",), "SSN area number is never issued"))
    elif code is ReasonCode.INVALID_EIN:
        w2.employer_ein = rng.choice(_BAD_EIN_PREFIXES) + w2.employer_ein[2:]
        w2.defects.append(Defect(code, ("employer_ein",), "EIN prefix is not an IRS campus code"))
    else:
        raise ValueError(f"not a W-2 defect generated here: {code}")
