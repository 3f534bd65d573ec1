"""Professional claim content (CMS-1500 boxes): patients, payers, NPIs, codes, service lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from corpus.money import cents, money_str, random_money
from corpus.people import address_lines, person_name
from corpus.truth import Defect, Truth
from schemas.reasons import ReasonCode

if TYPE_CHECKING:
    from corpus.world import Payer, Provider

# Real, billable ICD-10-CM codes (FY2026 tabular) and common CPT/HCPCS codes with charge ranges.
ICD10_CODES = ("E11.9", "I10", "J45.909", "M54.50", "E78.5", "J06.9", "Z00.00", "K21.9",
               "F41.1", "R51.9", "N39.0", "E66.9", "G43.909", "M25.561", "R10.9", "Z23",
               "J02.9", "L03.90", "H10.9", "E03.9", "I25.10", "R05.9", "S93.401A", "M17.11")
MALFORMED_ICD10 = ("11E.9", "E1.19", "M5.450", "Z00.00000", "J45.9099X", "U0.71")
PROCEDURES = (("99213", 95, 160), ("99214", 140, 230), ("99203", 120, 190), ("99204", 190, 290),
              ("99212", 60, 110), ("93000", 40, 90), ("36415", 10, 30), ("85025", 15, 45),
              ("80053", 25, 70), ("81002", 8, 25), ("90471", 20, 40), ("90686", 25, 55),
              ("71046", 60, 150), ("97110", 45, 95), ("20610", 110, 240), ("87880", 20, 45),
              ("J1100", 5, 20), ("J3301", 10, 35), ("G0439", 150, 260), ("96372", 25, 60))
MODIFIERS = ("25", "59", "LT", "RT", "GT", "95")
PAYERS = (("AETNA", "PO BOX 981106", "EL PASO TX 79998"),
          ("UNITEDHEALTHCARE", "PO BOX 30555", "SALT LAKE CITY UT 84130"),
          ("BLUE CROSS BLUE SHIELD OF TEXAS", "PO BOX 660044", "DALLAS TX 75266"),
          ("CIGNA", "PO BOX 188061", "CHATTANOOGA TN 37422"),
          ("HUMANA CLAIMS OFFICE", "PO BOX 14601", "LEXINGTON KY 40512"),
          ("MEDICARE PART B", "PO BOX 6700", "FARGO ND 58108"))
PLACES_OF_SERVICE = ("11", "11", "11", "22", "21", "23", "02")
CLAIM_DEFECTS = (ReasonCode.INVALID_NPI, ReasonCode.INVALID_ICD10,
                 ReasonCode.SERVICE_LINES_SUM_MISMATCH, ReasonCode.DUPLICATE_CLAIM)


def npi_check_digit(first9: str) -> str:
    """Luhn check digit over the 80840 prefix plus the first nine digits (CMS NPI standard)."""
    digits = [int(c) for c in "80840" + first9]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def make_npi(rng) -> str:
    first9 = str(rng.choice((1, 2))) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return first9 + npi_check_digit(first9)


def break_npi(npi: str) -> str:
    return npi[:9] + str((int(npi[9]) + 1 + int(npi[8]) % 8) % 10)


def make_ein(rng, dashed: bool = True) -> str:
    prefix = rng.choice((10, 13, 20, 26, 33, 45, 47, 54, 59, 62, 75, 84, 91, 95))
    body = f"{rng.randint(0, 9999999):07d}"
    return f"{prefix}-{body}" if dashed else f"{prefix}{body}"


@dataclass
class ServiceLine:
    date_from: date
    date_to: date
    place_of_service: str
    procedure_code: str
    modifiers: list[str]
    diagnosis_pointer: str
    charge: Decimal
    units: int
    rendering_provider_npi: str


@dataclass
class Claim:
    layout: str
    payer: tuple[str, str, str]
    insured_id: str
    patient: tuple[str, str, str]  # first, middle initial, last
    patient_dob: date
    patient_sex: str
    patient_address: list[str]
    insured: tuple[str, str, str]
    relationship: str
    insured_policy_group: str
    referring_provider_name: str
    referring_provider_npi: str
    diagnosis_codes: list[str]
    federal_tax_id: str
    patient_account_number: str
    lines: list[ServiceLine]
    total_charge: Decimal
    amount_paid: Decimal
    billing_provider_name: str
    billing_provider_address: list[str]
    billing_provider_phone: str
    billing_provider_npi: str
    service_facility_name: str
    service_facility_address: list[str]
    service_facility_npi: str
    defects: list[Defect] = field(default_factory=list)


def form_name(person: tuple[str, str, str]) -> str:
    """`LAST, FIRST M` in capitals, as box 2 and box 4 ask."""
    first, middle, last = person
    return f"{last}, {first} {middle}".upper()


def make_claim(rng, fake, *, layout: str, reference: date, provider: Provider | None = None,
               payers: tuple[Payer, ...] | None = None) -> Claim:
    """A claim; `provider` (from the client's world) is the billing practice, one of its
    clinicians renders the services, and the payer is one of `payers` when given."""
    patient = person_name(fake)
    self_insured = rng.random() < 0.6
    insured = patient if self_insured else (person_name(fake)[0], patient[1], patient[2])
    codes = rng.sample(ICD10_CODES, rng.randint(1, 4))
    rendering = make_npi(rng) if provider is None else rng.choice(provider.rendering)[1]
    service_day = reference - timedelta(days=rng.randint(5, 75))
    lines = []
    for _ in range(rng.randint(1, 6)):
        code, low, high = PROCEDURES[rng.randrange(len(PROCEDURES))]
        units = rng.choice((1, 1, 1, 1, 2, 3))
        day = service_day - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        pointer = "".join(sorted(rng.sample("ABCD"[:len(codes)], rng.randint(1, min(2, len(codes))))))
        mods = rng.sample(MODIFIERS, rng.choice((0, 0, 0, 1, 2)))
        lines.append(ServiceLine(day, day, rng.choice(PLACES_OF_SERVICE), code, mods, pointer,
                                 cents(random_money(rng, low, high) * units), units, rendering))
    total = cents(sum((line.charge for line in lines), Decimal(0)))
    copay = cents(Decimal(rng.choice((0, 0, 20, 25, 30, 40))))
    practice = rng.choice(("FAMILY MEDICINE", "INTERNAL MEDICINE ASSOC", "PRIMARY CARE GROUP",
                           "ORTHOPEDIC CLINIC", "PEDIATRICS", "HEALTH PARTNERS"))
    billing = f"{fake.last_name().upper()} {practice}" + rng.choice(("", " PC", " LLC", " PA"))
    facility = rng.choice((billing, f"{fake.city().upper()} MEDICAL CENTER",
                           f"{fake.last_name().upper()} SURGERY CENTER"))
    ref_first, ref_mid, ref_last = person_name(fake)
    payer = rng.choice(PAYERS) if not payers else (lambda p: (p.name, *p.address))(rng.choice(payers))
    claim = Claim(
        layout=layout, payer=payer,
        insured_id=rng.choice((f"W{rng.randint(10**8, 10**9 - 1)}",
                               f"{rng.choice('XYZH')}{rng.choice('ABKQ')}{rng.randint(10**8, 10**9 - 1)}",
                               f"{rng.randint(1, 9)}EG{rng.randint(1, 9)}TE{rng.randint(1, 9)}MK{rng.randint(10, 99)}")),
        patient=patient, patient_dob=date(rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)),
        patient_sex=rng.choice("MF"), patient_address=address_lines(fake, upper=True),
        insured=insured, relationship="SELF" if self_insured else rng.choice(("SPOUSE", "CHILD")),
        insured_policy_group=rng.choice((f"GRP{rng.randint(10000, 99999)}", f"{rng.randint(100000, 999999)}")),
        referring_provider_name=f"{ref_first} {ref_last} MD".upper(),
        referring_provider_npi=make_npi(rng), diagnosis_codes=codes,
        federal_tax_id=make_ein(rng, dashed=rng.random() < 0.5),
        patient_account_number=rng.choice((f"ACC-{rng.randint(100000, 999999)}", f"{rng.randint(10**6, 10**7)}")),
        lines=lines, total_charge=total,
        amount_paid=copay if copay < total else cents(0),
        billing_provider_name=billing, billing_provider_address=address_lines(fake, upper=True),
        billing_provider_phone=f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        billing_provider_npi=make_npi(rng), service_facility_name=facility,
        service_facility_address=address_lines(fake, upper=True), service_facility_npi=make_npi(rng),
    )
    if provider is not None:
        if claim.service_facility_name == claim.billing_provider_name:
            claim.service_facility_name = provider.name
        claim.billing_provider_name, claim.billing_provider_npi = provider.name, provider.npi
        claim.billing_provider_address = list(provider.address)
        claim.billing_provider_phone, claim.federal_tax_id = provider.phone, provider.tax_id
    return claim


def apply_claim_defect(claim: Claim, code: ReasonCode, rng) -> None:
    if code is ReasonCode.INVALID_NPI:
        claim.billing_provider_npi = break_npi(claim.billing_provider_npi)
        claim.defects.append(Defect(code, ("billing_provider_npi",), "NPI fails the Luhn check"))
    elif code is ReasonCode.INVALID_ICD10:
        i = rng.randrange(len(claim.diagnosis_codes))
        claim.diagnosis_codes[i] = rng.choice(MALFORMED_ICD10)
        claim.defects.append(Defect(code, ("diagnosis_codes",), "malformed ICD-10-CM code"))
    elif code is ReasonCode.SERVICE_LINES_SUM_MISMATCH:
        claim.total_charge = cents(claim.total_charge + rng.choice((Decimal(10), Decimal(100), Decimal("-5"))))
        claim.defects.append(Defect(code, ("total_charge",), "box 28 != sum of 24F"))
    else:
        raise ValueError(f"not a claim defect generated here: {code}")


def claim_truth(claim: Claim, notes: str) -> Truth:
    f: dict[str, str | list[str]] = {
        "payer_name": claim.payer[0], "insured_id": claim.insured_id,
        "patient_name": form_name(claim.patient), "patient_dob": claim.patient_dob.isoformat(),
        "insured_name": form_name(claim.insured), "insured_policy_group": claim.insured_policy_group,
        "referring_provider_name": claim.referring_provider_name,
        "referring_provider_npi": claim.referring_provider_npi,
        "diagnosis_codes": list(claim.diagnosis_codes), "federal_tax_id": claim.federal_tax_id,
        "patient_account_number": claim.patient_account_number,
        "total_charge": money_str(claim.total_charge), "amount_paid": money_str(claim.amount_paid),
        "billing_provider_name": claim.billing_provider_name,
        "billing_provider_npi": claim.billing_provider_npi,
        "service_facility_name": claim.service_facility_name,
    }
    rows = []
    for line in claim.lines:
        row: dict[str, str | list[str]] = {
            "date_from": line.date_from.isoformat(), "date_to": line.date_to.isoformat(),
            "place_of_service": line.place_of_service, "procedure_code": line.procedure_code}
        if line.modifiers:
            row["modifiers"] = list(line.modifiers)
        row |= {"diagnosis_pointer": line.diagnosis_pointer, "charge": money_str(line.charge),
                "units": str(line.units), "rendering_provider_npi": line.rendering_provider_npi}
        rows.append(row)
    return Truth("claim", f, {"service_lines": rows}, list(claim.defects), notes)
