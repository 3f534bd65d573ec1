"""Cross-box checks of a claim: box 28 against the sum of box 24F, diagnosis pointers
against the codes box 21 lists, box 29 against box 28, and the service lines' rendering
NPIs against each other."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from rapidfuzz import fuzz

from extractors.claim_codes import digits, money_str, npi_check_ok
from extractors.confidence import failed_check_doubts, rescored as confidence_rescored
from extractors.forms import make_field
from extractors.page_model import Word
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

def check_claim(fields: Fields, rows: list[dict[str, FieldValue]],
                total: Decimal | None, *, ocr: bool = False,
                box28_words: Sequence[Word] = ()) -> None:
    """Every cross-box check, in order: box 28 against the lines first, since the paid
    amount's check trusts a total the lines have confirmed. `box28_words`: box 28's words
    when no amount could be read from them."""
    if ocr:
        compare_readings(fields)
    reconcile_total(fields, rows, total, ocr=ocr, box28_words=box28_words)
    check_pointers(fields, rows)
    check_paid(fields)
    harmonise_rendering_npis(rows)


# Boxes that often print the same words: the patient is the insured (box 2, box 4), the
# billing provider renders at its own facility (box 33, box 32).
SAME_WORDS = (("patient_name", "insured_name"), ("billing_provider_name", "service_facility_name"))


def compare_readings(fields: Fields) -> None:
    """Two boxes OCR read to the same words are two readings that agree: a misread would have
    to happen twice alike. Two organisation names a glyph or two apart ('ADAMS PAMILY
    MEDICINE' and 'ADAMS FAMILY MEDICINE') are one name with one of them misread. (Person
    names a glyph apart are often two people of one family, so they are left alone.)"""
    for one, other in SAME_WORDS:
        a, b = fields.get(one), fields.get(other)
        if a is None or b is None:
            continue
        if one == "patient_name":
            _doubt_lost_initial(fields, one, other)
        if one == "patient_name" and not (_whole_person(a.value) and _whole_person(b.value)):
            continue  # 'JOSEPH S': both boxes lost the surname, the same loss twice
        if _letters(a.value) == _letters(b.value):  # a speck ('ASSOC. PC') is no letter
            for name, v in ((one, a), (other, b)):
                fields[name] = rescored(v, name, max(v.confidence, 0.9))
        elif one != "patient_name" and fuzz.ratio(_letters(a.value), _letters(b.value)) >= 90:
            for name, v in ((one, a), (other, b)):
                fields[name] = rescored(v, name, v.confidence * 0.7)


def _doubt_lost_initial(fields: Fields, one: str, other: str) -> None:
    """Boxes 2 and 4 read alike but for a lone middle initial one of them shows ('SMITH,
    ELIZABETH I' and 'SMITH, ELIZABETH'): a lone I reads as a rule and is lost. The
    reading without it is doubted; the patient may be another member of the family, so
    the reading that shows it is left as it is."""
    for short, longer in ((one, other), (other, one)):
        words = _letters(fields[short].value).split()
        more = _letters(fields[longer].value).split()
        if len(more) == len(words) + 1 and more[:-1] == words and len(more[-1]) == 1:
            fields[short] = rescored(fields[short], short, fields[short].confidence * 0.6)


def _whole_person(value: object) -> bool:
    """A person's name as box 2 or 4 prints it, 'LAST, FIRST M': with its comma, or three
    words when OCR lost only the comma ('MANNING RAYMOND U'). Two words without a comma
    ('JOSEPH S') are a name whose surname was lost, in both boxes alike when they agree."""
    return "," in str(value) or len(_letters(value).split()) >= 3


def _letters(value: object) -> str:
    """A name's letters and digits, one space between words: what two readings must share."""
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", str(value).upper()).split())


def reconcile_total(fields: Fields, rows: list[dict[str, FieldValue]],
                     total: Decimal | None, *, ocr: bool = False,
                     box28_words: Sequence[Word] = ()) -> None:
    """Box 28 must equal the sum of box 24F: agreement raises both; on a scan, disagreement
    flags both (on a text layer it is the claim's own defect, SERVICE_LINES_SUM_MISMATCH)."""
    charges = [r["charge"] for r in rows if "charge" in r]
    if total is not None and charges and len(charges) == len(rows) - 1:
        if sum((Decimal(str(c.value)) for c in charges), Decimal(0)) != total:
            _derive_missing_charge(rows, total)
            return
        # the charged lines alone add up to box 28: the other row is no service line
        rows = [r for r in rows if "charge" in r]
    if not charges or len(charges) != len(rows):
        return
    if total is None:  # box 28 unreadable: the lines' sum is a good guess, never a sure one
        line_sum = sum((Decimal(c.value) for c in charges), Decimal(0))  # type: ignore[arg-type]
        conf = min(0.75, 0.8 * min(c.confidence for c in charges))
        if any(digits(w.text) == digits(money_str(line_sum)) for w in box28_words):
            # box 28 shows the sum's very digits, its cell rule garbled ('599/\\98'): two
            # readings agree, as when an amount is read there
            conf = 0.95
            for r in rows:
                r["charge"] = rescored(r["charge"], "charge", max(r["charge"].confidence, 0.93))
        boxes = [c.bbox for c in charges if c.bbox is not None]
        union = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                 max(b[3] for b in boxes)) if boxes else None
        fields["total_charge"] = make_field("total_charge", money_str(line_sum), conf,
                                            bbox=union).model_copy(
                                                update={"page": charges[0].page})
        return
    line_sum = sum((Decimal(c.value) for c in charges), Decimal(0))  # type: ignore[arg-type]
    tc = fields["total_charge"]
    if line_sum != total and _repair_shifted_point(rows, total, line_sum):
        line_sum = total
    if line_sum == total:  # independent readings agree: an OCR slip would have to cancel out
        fields["total_charge"] = rescored(tc, "total_charge", max(tc.confidence, 0.95))
        for r in rows:
            r["charge"] = rescored(r["charge"], "charge", max(r["charge"].confidence, 0.93))
    elif failed_check_doubts(ocr):
        fields["total_charge"] = rescored(tc, "total_charge", tc.confidence * 0.5)
        for r in rows:
            r["charge"] = rescored(r["charge"], "charge", r["charge"].confidence * 0.7)


def _repair_shifted_point(rows: list[dict[str, FieldValue]], total: Decimal,
                          line_sum: Decimal) -> bool:
    """One line's charge read with its decimal point lost or moved ('14960.00' for 149.60),
    or a '1' for the cell rule: when box 28 less the other lines is exactly that line's
    digits so misread, and no other line fits so, that is the charge, and box 28 is
    confirmed by the lines."""
    fits = []
    for r in rows:
        charge = Decimal(str(r["charge"].value))
        implied = total - (line_sum - charge)
        if implied > 0 and implied != charge and \
                _same_but_rule(_digits(money_str(implied)), _digits(money_str(charge))):
            fits.append((r, implied))
    if len(fits) != 1:
        return False
    r, implied = fits[0]
    r["charge"] = rescored(r["charge"].model_copy(update={"value": money_str(implied)}),
                           "charge", r["charge"].confidence)
    return True


def _same_but_rule(implied: str, read: str) -> bool:
    """The digits box 28 implies for a line against those read: equal (the point moved), or
    equal but for one '1' OCR added or lost where the cell rule runs ('2551.42' for 255.42,
    '5.93' for 15.93)."""
    if implied == read:
        return True
    longer, shorter = (implied, read) if len(implied) > len(read) else (read, implied)
    return len(longer) == len(shorter) + 1 and any(
        longer[i] == "1" and longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _digits(amount: str) -> str:
    return amount.replace(".", "").lstrip("0").rstrip("0")


def _derive_missing_charge(rows: list[dict[str, FieldValue]], total: Decimal) -> None:
    """One line's charge unreadable: box 28 less the others is its likeliest amount, but
    nothing is left to check it against, so a person always looks."""
    charges = [r["charge"] for r in rows if "charge" in r]
    rest = sum((Decimal(str(c.value)) for c in charges), Decimal(0))
    if total - rest <= 0:
        return
    row = next(r for r in rows if "charge" not in r)
    row["charge"] = make_field("charge", money_str(total - rest), 0.3).model_copy(
        update={"page": charges[0].page})


def harmonise_rendering_npis(rows: list[dict[str, FieldValue]]) -> None:
    """Lines of one claim are mostly rendered by one provider: when two or more lines agree
    on a valid NPI, a line whose NPI differs from it in a few digits (an OCR slip; another
    provider's NPI differs almost everywhere) or is missing while every other line agrees
    gets that NPI, for review; a missing one also beside a single line's valid NPI that no
    other line contradicts."""
    present = [r["rendering_provider_npi"] for r in rows if "rendering_provider_npi" in r]
    counts = Counter(str(v.value) for v in present if npi_check_ok(str(v.value)))
    if not counts:
        return
    common, n = counts.most_common(1)[0]
    unanimous = all(v.value == common for v in present)
    if n < 2 and not unanimous:
        return
    for r in rows:
        v = r.get("rendering_provider_npi")
        near = n >= 2 and v is not None and v.value != common and sum(
            a != b for a, b in zip(str(v.value), common)) <= 3
        if near or (v is None and unanimous):
            r["rendering_provider_npi"] = make_field("rendering_provider_npi", common, 0.3,
                                                     bbox=v.bbox if v else None).model_copy(
                update={"page": present[0].page})


def check_pointers(fields: Fields, rows: list[dict[str, FieldValue]]) -> None:
    """A diagnosis pointer names a letter of box 21: one past the listed codes is misread."""
    dx = fields.get("diagnosis_codes")
    if dx is None:
        return
    letters = "ABCDEFGHIJKL"[:len(dx.value)]
    beyond = False  # a pointer naming a letter past the list: a code may be missing
    for r in rows:
        p = r.get("diagnosis_pointer")
        if p is not None and any(ch not in letters for ch in str(p.value)):
            fixed = repair_pointer(str(p.value), letters)
            beyond |= fixed is None and p.confidence >= 0.8
            p = p.model_copy(update={"value": fixed}) if fixed else p
            r["diagnosis_pointer"] = rescored(p, "diagnosis_pointer", p.confidence * 0.5)
    if beyond:
        fields["diagnosis_codes"] = rescored(dx, "diagnosis_codes", dx.confidence * 0.6)


def repair_pointer(pointer: str, letters: str) -> str | None:
    """A pointer with a cell rule OCR read as 'I' or 'L' at an end ('CI', 'DL', 'IB'), or a
    letter read twice ('CC'), when box 21 lists fewer codes than that letter names."""
    core = pointer
    while core and core[-1] in "IL" and core[-1] not in letters:
        core = core[:-1]
    while core and core[0] in "IL" and core[0] not in letters:
        core = core[1:]
    core = "".join(dict.fromkeys(core))
    return core if core and core != pointer and all(ch in letters for ch in core) else None


def rescored(value: FieldValue, name: str, confidence: float) -> FieldValue:
    """`value` at a new confidence (clipped to 0..1, 4 places), its review re-decided."""
    return confidence_rescored(value, name, round(min(1.0, max(0.0, confidence)), 4))



def check_paid(fields: Fields) -> None:
    """Box 29 (paid) can never exceed box 28 (total charge): when it does, one is misread
    (the paid amount alone when the lines' sum has confirmed the total)."""
    paid, total = fields.get("amount_paid"), fields.get("total_charge")
    if paid is None or total is None:
        return
    if Decimal(str(paid.value)) > Decimal(str(total.value)):
        fields["amount_paid"] = rescored(paid, "amount_paid", paid.confidence * 0.5)
        if total.confidence < 0.95:
            fields["total_charge"] = rescored(total, "total_charge", total.confidence * 0.7)
