"""Claim (CMS-1500 / HCFA, NUCC 02/12) field extraction from box anchors.

Every field is read from the box its printed label opens (`claim_boxes`), checked against
the value's shape (`claim_codes`: NPI check digit, ICD-10-CM, CPT/HCPCS, dates, split-cents
money) and scored: OCR word confidence x anchor strength x shape, raised when the
service-line charges (`claim_service_lines`) add up to box 28 (`claim_consistency`). Pages
without the form's labels are tried as superbills (`claim_superbill`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from statistics import median

from rapidfuzz import fuzz

from extractors.claim_boxes import (
    CLAIM_LABELS, CLAIM_TEMPLATE, best_page, credential_read, mbi_as_printed, put_field, read_dob,
    read_money_box, read_npi, read_payer, repair_insured_id, text_field, unread_money_box,
    without_label_words,
)
from extractors.claim_codes import (
    EIN_OR_SSN, PERSON, digits, repair_identifier, repair_person_name, repair_tax_id,
)
from extractors.claim_consistency import check_claim, rescored
from extractors.claim_diagnoses import read_diagnoses
from extractors.claim_name_reads import (
    drop_letterless_names, mend_name, off_label_row, reading, signer_lines,
)
from extractors.claim_service_lines import read_service_lines
from extractors.claim_superbill import confirm_by_balance, extract_superbill, read_balance_due
from extractors.form_anchors import Anchor
from extractors.forms import box_words, calibrate, lines_of, words_in
from extractors.page_model import Page, Word
from schemas.document import FieldValue

Fields = dict[str, FieldValue]
Tables = dict[str, list[dict[str, FieldValue]]]


def snap_predicted_to_row(a: dict[str, Anchor]) -> None:
    """A label OCR lost is predicted from a page-wide fit, which may miss its row by most
    of a label's height ('DEGREES' and '32. SE' read as one word left box 32's label
    unmatched, predicted above the row boxes 31 and 33 print on). Labels the form prints
    on one row (CLAIM_TEMPLATE within 0.3% of the page) share a middle line: a predicted
    one is moved onto that of its matched row-mates, its height kept."""
    for key, anchor in list(a.items()):
        if not anchor.predicted or key not in CLAIM_TEMPLATE:
            continue
        row = CLAIM_TEMPLATE[key][1]
        mates = [o for k, o in a.items() if not o.predicted and k in CLAIM_TEMPLATE and
                 k != key and abs(CLAIM_TEMPLATE[k][1] - row) <= 0.003]
        if not mates:
            continue
        shift = median((o.top + o.bottom) / 2 for o in mates) - (anchor.top + anchor.bottom) / 2
        if abs(shift) <= 2 * anchor.height:
            a[key] = replace(anchor, top=anchor.top + shift, bottom=anchor.bottom + shift)


def realign_insured_name_label(a: dict[str, Anchor]) -> None:
    """Box 4's label sits in box 1a's column on box 2's row; OCR that lost '9. OTHER' from
    box 9's 'OTHER INSURED'S NAME' makes that label match box 4's far from there. Such a
    match is put back where the two neighbours say box 4 is, as a predicted anchor: on box
    2's row, at box 2's middle, as tall as box 1a's label (box 2's own span may hold a tall
    OCR word, 'S' of PATIENT'S read across three lines, and the box's reach grows with it:
    into box 3's sex check box, 'F X', left of box 4's rule)."""
    b4, b1a, b2 = a.get("b4"), a.get("b1a"), a.get("b2")
    if b4 is None or b1a is None or b2 is None:
        return
    h = b1a.height
    if abs(b4.x0 - b1a.x0) <= 3 * h and abs(b4.top - b2.top) <= 3 * h:
        return
    middle = (b2.top + b2.bottom) / 2
    a["b4"] = Anchor("b4", 0.8 * min(b1a.score, b2.score), b1a.x0, middle - h / 2,
                     b1a.x0 + (b4.x1 - b4.x0), middle + h / 2, predicted=True)


# box 17's qualifier (referring, ordering, supervising provider), printed left of the name
QUALIFIERS = ("DN", "DK", "DQ")
def without_qualifier(words: list[Word]) -> list[Word]:
    """Box 17 less its qualifier: the leftmost word, read as DN, DK or DQ once OCR's specks
    ('[DN', 'DN-', 'DN’') are off. It is no part of the name."""
    lines = [ln for ln in lines_of(words)
             if any(re.search(r"[A-Za-z0-9]", w.text) for w in ln.words)]
    if not lines:  # a speck above the name ('|' of a cell rule) is no first line
        return words
    first = lines[0].words[0]
    if re.sub(r"[^A-Z]", "", first.text.upper()) in QUALIFIERS and \
            re.sub(r"[^A-Za-z]", "", first.text) in QUALIFIERS:
        return [w for w in words if w is not first]
    return words


def whole_lines(words: list[Word], deeper: list[Word]) -> list[Word]:
    """`words` and those of `deeper` (the box read a little deeper) on one of their lines:
    a word whose centre sits just under the box's edge, as a surname with its comma or a
    taller first word does ('LAWRENCE,' beside 'JOSEPH S'), belongs to the line it shares
    with the rest of the name; the line itself was inside the box."""
    have = {id(w) for w in words}
    lines = lines_of(words)
    extra = [w for w in deeper if id(w) not in have and any(
        w.top < ln.bbox[3] and w.bottom > ln.bbox[1] and
        min(w.bottom, ln.bbox[3]) - max(w.top, ln.bbox[1]) >= 0.6 * (ln.bbox[3] - ln.bbox[1])
        for ln in lines)]
    return words + extra


def reach_left(words: list[Word], wider: list[Word]) -> list[Word]:
    """`words` and the words of `wider` (the box read from further left) that continue one
    of their lines leftwards: capitals OCR read with some assurance, within the word gap a
    name's run allows (`text_field`: six heights). A label OCR matched without its box
    number ('SERVICE FACILITY' for '32. SERVICE FACILITY') puts the box's edge right of
    where its name starts, and the name's first word ('OAK STREET ...') was lost."""
    have = {id(w) for w in words}
    out = list(words)
    for ln in lines_of(words):
        first = ln.words[0]
        left = sorted((w for w in wider if id(w) not in have and w.x1 <= first.x0 and
                       min(w.bottom, first.bottom) - max(w.top, first.top) >=
                       0.6 * first.height), key=lambda w: -w.x1)
        for w in left:
            if first.x0 - w.x1 > 6.0 * max(min(w.height, first.height), 1.0) or \
                    not re.fullmatch(r"[A-Z][A-Z'&-]*", w.text) or w.conf < 0.5:
                break
            out.append(w)
            first = w
    return out


def glued_left(words: list[Word], wider: list[Word]) -> list[Word]:
    """`words` of an identifier box (read without spaces) and the words of `wider` (the box
    read from further left) that touch one of their lines' first word, less than half a
    height apart: one identifier OCR cut in two ('ACC-' '100200') whose first part starts
    left of where the box's label was found (its box number misread)."""
    have = {id(w) for w in words}
    out = list(words)
    for ln in lines_of(words):
        first = ln.words[0]
        for w in sorted((w for w in wider if id(w) not in have and w.x1 <= first.x0 + 1),
                        key=lambda w: -w.x1):
            overlap = min(w.bottom, first.bottom) - max(w.top, first.top)
            if overlap < 0.6 * first.height or first.x0 - w.x1 > 0.5 * first.height or \
                    not re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", w.text) or w.conf < 0.5:
                break
            out.append(w)
            first = w
    return out


def same_person(fields: Fields) -> bool:
    """Boxes 2 and 4 name one person (the patient is the insured), up to an OCR slip."""
    if "patient_name" not in fields or "insured_name" not in fields:
        return False
    return fuzz.ratio(str(fields["patient_name"].value), str(fields["insured_name"].value)) >= 90


def mend_names(fields: Fields, page: Page, a: dict[str, Anchor]) -> None:
    """A name the form prints twice, read surely in one box and doubted in the other: the
    patient who is the insured (boxes 2 and 4), the physician who signs box 31 and bills
    in box 33 under his own name."""
    mend_name(fields, "patient_name", page, reading(page, fields.get("insured_name")))
    mend_name(fields, "insured_name", page, reading(page, fields.get("patient_name")))
    if "b31" in a and "billing_provider_name" in fields:
        b31 = a["b31"]
        right = a["b32"].x0 if "b32" in a else b31.x0 + 25 * b31.height
        for line in signer_lines(page, b31, right):
            mend_name(fields, "billing_provider_name", page,
                      [(w.text, w.conf) for w in line])


def extract_claim(pages: list[Page]) -> tuple[Fields, Tables]:
    """Contract claim fields and the `service_lines` table from a CMS-1500's pages."""
    found = best_page(pages)
    if found is None:
        return {}, {}
    strength, page, a = found
    if strength < 8.0:  # a CMS-1500 prints dozens of box labels: maybe a superbill instead
        for sb_page in pages:
            fields, rows = extract_superbill(sb_page)
            if len(fields) >= 8:
                total = fields.get("total_charge")
                check_claim(fields, rows, Decimal(str(total.value)) if total else None,
                            ocr=sb_page.ocr)
                confirm_by_balance(fields, read_balance_due(sb_page))
                tables = {"service_lines": rows} if rows else {}
                calibrate(fields, tables)
                return fields, tables
        if strength < 2.0:
            return {}, {}
    fields: Fields = {}
    snap_predicted_to_row(a)
    realign_insured_name_label(a)  # box 3's right edge and box 4 itself rely on it
    put_field(fields, read_payer(page, a), "payer_name")

    def box_text(name: str, key: str, *, right: str | float | None = None,
                 below: str | None = None,
                 depth: float = 3.0, join: str = " ",
                 shape: re.Pattern[str] | None = None,
                 repair: Callable[[str], tuple[str, float]] | None = None,
                 label: bool = False) -> None:
        if key not in a:
            return
        # a label placed from the others may sit right of or above where it is printed
        depth = depth + 1.5 if a[key].predicted else depth
        left_pad = 2.5 if a[key].predicted else 0.8
        words = box_words(page, a, key, right=right, below=below, depth=depth,
                          left_pad=left_pad)
        if page.ocr:  # a word of the box's last line reaching under its edge is on that line
            words = whole_lines(words, box_words(page, a, key, right=right, below=below,
                                                 depth=depth + 1.0, left_pad=left_pad))
        if label and page.ocr:
            # a label matched without its box number starts right of the box's edge
            words = reach_left(words, box_words(page, a, key, right=right, below=below,
                                                depth=depth, left_pad=left_pad + 4.0))
        if join == "" and page.ocr:  # an identifier's first part left of the box's edge
            words = glued_left(words, box_words(page, a, key, right=right, below=below,
                                                depth=depth, left_pad=left_pad + 4.0))
        if label and page.ocr:  # a two-line label: its second line is no value
            words = without_label_words(words, CLAIM_LABELS[key])
        if page.ocr:
            words = off_label_row(words, a[key])
        put_field(fields, text_field(name, page, words, a[key], join=join, shape=shape,
                                     repair=repair), name)

    box_text("insured_id", "b1a", below="b4", right=page.width, join="",
             shape=re.compile(r"^[A-Z0-9-]{4,}$"), repair=repair_insured_id)
    if "insured_id" in fields:
        fields["insured_id"] = mbi_as_printed(fields["insured_id"], page)
    box_text("patient_name", "b2", right="b3", below="b5", shape=PERSON,
             repair=repair_person_name)
    put_field(fields, read_dob(page, a), "patient_dob")
    box_text("insured_name", "b4", below="b7", right=page.width, shape=PERSON,
             repair=repair_person_name)
    if "patient_dob" not in fields and same_person(fields):
        # box 3 unread and the patient is the insured: box 11a holds the same birth date
        insured = read_dob(page, a, "b11a")
        if insured is not None:
            fields["patient_dob"] = rescored(insured, "patient_dob",
                                             min(insured.confidence * 0.7, 0.6))
    box_text("insured_policy_group", "b11", below="b11a", right=page.width, join="",
             shape=re.compile(r"^[A-Z0-9-]{2,}$"), repair=repair_identifier)
    if "b17" in a:
        words = box_words(page, a, "b17", right="b17a", below="b19", depth=4)
        words = without_qualifier(words)
        if page.ocr:
            words = [credential_read(w) for w in words]
        put_field(fields, text_field("referring_provider_name", page, words, a["b17"]),
                  "referring_provider_name")
    if "b17b" in a:
        words = box_words(page, a, "b17b", right="b18", same_line=True)
        if page.ocr:  # OCR word boxes are taller than the label's: allow for them
            b17b = a["b17b"]
            right = a["b18"].x0 if "b18" in a else b17b.x1 + 20 * b17b.height
            words = words_in(page, b17b.x1, b17b.top - b17b.height, right,
                             b17b.bottom + 1.5 * b17b.height, exclude=b17b.words)
        put_field(fields, read_npi("referring_provider_npi", page, words, a["b17b"]),
                  "referring_provider_npi")
    put_field(fields, read_diagnoses(page, a), "diagnosis_codes")
    if "b25" in a:
        words = box_words(page, a, "b25", right="b26", below="b31",
                          depth=5.0 if a["b25"].predicted else 3.5)
        words = [w for w in words if digits(w.text)]
        put_field(fields, text_field("federal_tax_id", page, words, a["b25"], join="",
                                     shape=EIN_OR_SSN, repair=repair_tax_id),
                  "federal_tax_id")
    box_text("patient_account_number", "b26", right="b27", below="b32", join="",
             depth=3.5, repair=repair_identifier)
    total = read_money_box("total_charge", page, a, "b28", "b29")
    if total is not None:
        fields["total_charge"] = total[0]
    paid = read_money_box("amount_paid", page, a, "b29", "b30")
    if paid is not None:
        fields["amount_paid"] = paid[0]
    box_text("service_facility_name", "b32", right="b33", depth=3.0, label=True)
    box_text("billing_provider_name", "b33", right=page.width, depth=3.0, label=True)
    for name in ("service_facility_name", "billing_provider_name"):
        if name in fields and re.match(r"\d", str(fields[name].value)):
            # a street number: the box's address line, its name line unread
            fields[name] = rescored(fields[name], name, fields[name].confidence * 0.5)
    if "b33" in a:
        words = box_words(page, a, "b33", depth=19, width=22)
        put_field(fields, read_npi("billing_provider_npi", page, words, a["b33"]),
                  "billing_provider_npi")
    rows = read_service_lines(page, a)
    unread = unread_money_box(page, a, "b28", "b29") if total is None and page.ocr else ()
    check_claim(fields, rows, total[1] if total else None, ocr=page.ocr, box28_words=unread)
    if page.ocr:  # after check_claim: a name mended from the other box is no second reading
        mend_names(fields, page, a)
        drop_letterless_names(fields)
    tables = {"service_lines": rows} if rows else {}
    calibrate(fields, tables)
    return fields, tables
