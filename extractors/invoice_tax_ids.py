"""The vendor's tax number (VAT ID, GSTIN, EIN, ...) after its label, checked by
python-stdnum: a number whose checksum holds is sure; one of the right format whose
checksum fails (or has none) is likely; anything else is not a tax number.

OCR splits a printed number ('GB 439 || 2406 .49'), glues specks to it, puts a label word
between label and number ('N° TVA intracom. FR26 ...') and confuses look-alike characters
('0E245299414', '34FZRPDO217A1Z4'). The number is looked for in every run of words after
the label on its line; look-alikes are put back by the number's structure, and a number
that needed that is always left for review.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.candidates import Candidate, best_of, to_field
from extractors.confidence import rescored
from extractors.invoice_identifiers import TO_DIGIT, TO_LETTER
from extractors.layout import bbox_of, min_conf, value_below, value_right
from extractors.page_model import Word
from schemas.document import FieldValue

VALID, FORMAT = 2, 1
_EDGE = re.compile(r"^[‘’“”\"'()\[\]{}|_.,:;#*~-]+|[‘’“”\"'()\[\]{}|_.,:;#*~]+$")
_GSTIN_SHAPE = "nnaaaaannnnac" + "Z" + "c"


@dataclass(frozen=True, slots=True)
class TaxIdMatch:
    value: str  # as printed (or as repaired)
    words: tuple[Word, ...]
    grade: int  # VALID checksum or FORMAT only
    repaired: bool
    start: int  # index of the first word in the searched run


def _validators():
    from stdnum.eu import vat as eu_vat
    from stdnum.gb import vat as gb_vat
    from stdnum.in_ import gstin
    from stdnum.us import ein

    return eu_vat, gb_vat, gstin, ein


def grade_tax_id(compact: str) -> int:
    """VALID when a checksum confirms the number, FORMAT when only its shape fits, else 0."""
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

    eu_vat, gb_vat, gstin, ein = _validators()
    # which failure still means "the right shape": a checksum, or GB's and the EIN's
    # number-range checks; an unknown country prefix is not a shape that fits
    checks = ((eu_vat, (InvalidChecksum,)), (gb_vat, (InvalidChecksum, InvalidComponent)),
              (gstin, (InvalidChecksum,)), (ein, (InvalidComponent,)))
    best = 0
    for module, shape_ok in checks:
        if module is ein and not re.fullmatch(r"\d{2}-\d{7}", compact):
            continue
        if module is not ein and not compact[:2].isalpha() and module is not gstin:
            continue
        try:
            module.validate(compact)
            return VALID
        except shape_ok:
            best = FORMAT
        except ValidationError:
            continue
    return best


def has_check_digits(compact: str) -> bool:
    """A VAT or GST number whose check digits hold (an EIN has none). A GB number must be
    the plain nine digits: a doubled group read by OCR can pass as a branch number."""
    eu_vat, gb_vat, gstin, _ = _validators()
    if compact.startswith("GB"):
        return len(compact) == 11 and gb_vat.is_valid(compact)
    return eu_vat.is_valid(compact) or gstin.is_valid(compact)


def _ocr_gb_branch(found: TaxIdMatch) -> bool:
    """An OCR'd GB number with a branch suffix: as often a group read twice
    ('GB 497 497 3305 22'), so it is reviewed."""
    compact = _compact([found.value])
    return compact.startswith("GB") and len(compact) == 14 and \
        any(w.conf < 1.0 for w in found.words)


def _ocr_inner_dot(found: TaxIdMatch) -> bool:
    """An OCR'd number with a dot inside ('GB 202 6850.32'): a space read as a speck as often
    as a printed dot, and the checksum cannot tell (it ignores both): reviewed."""
    return "." in found.value and any(w.conf < 1.0 for w in found.words)


def _dotless_ocr_read(found: TaxIdMatch) -> str:
    """The value of a read: as printed, except that an OCR'd number whose checksum holds
    loses the dots inside it ('NL8152.54.295.B01' -> 'NL815254295B01'). On a scan a dot
    may be a speck as well as print, the checksum ignores it, and VAT numbers are written
    without dots in their standard form (python-stdnum's compact)."""
    if found.grade != VALID or not _ocr_inner_dot(found):
        return found.value
    return " ".join(found.value.replace(".", "").split())


def _compact(texts: list[str]) -> str:
    return re.sub(r"[\s.]", "", "".join(texts))


def _repairs(compact: str) -> list[str]:
    """Look-alike readings by structure: a country prefix of letters ('0E' -> 'DE'), the
    digits after it, a GSTIN's fixed pattern."""
    out = []
    head, body = compact[:2], compact[2:]
    if re.fullmatch(r"[A-Z0-9]{2}", head) and not head.isdigit():
        letters = "".join(c if c.isalpha() else ("D" if c == "0" else TO_LETTER.get(c, c))
                          for c in head)
        digits = "".join(TO_DIGIT.get(c, c) for c in body)
        inner = body[:1] + "".join(TO_DIGIT.get(c, c) for c in body[1:-1]) + body[-1:]
        out += [letters + body, letters + digits, letters + inner]
    if len(compact) == 15:  # GSTIN: 2 digits, PAN (5 letters, 4 digits, letter), n, Z, c
        fixed = []
        for c, kind in zip(compact, _GSTIN_SHAPE):
            if kind == "n":
                c = TO_DIGIT.get(c, c)
            elif kind == "a":
                c = TO_LETTER.get(c, c)
            elif kind == "Z" and c in "2z":
                c = "Z"
            fixed.append(c)
        out.append("".join(fixed))
    if re.fullmatch(r"[\dOoIlSB§]{2}-[\dOoIlSB§]{7}", compact):
        out.append("".join(TO_DIGIT.get(c, c) for c in compact))
    return [r for r in dict.fromkeys(out) if r != compact]


def _clean(word: Word) -> str:
    """A word of a printed tax number; an OCR'd one without specks at its edges, a quote
    inside it ("FR21'931905253"), a dot or dash after its country letters ('GB.439') or a
    dot inside an EIN ('94-6542.432')."""
    if word.conf >= 1.0:
        return word.text.strip(":,;")
    text = re.sub(r"[‘’'`\"“”]", "", _EDGE.sub("", word.text))
    text = re.sub(r"^([A-Z]{2})[.\-](?=\d)", r"\1 ", text)  # 'GB.439', 'GB-439'
    return re.sub(r"^(\d{2}-\d{4})\.(\d{3})$", r"\1\2", text)  # an EIN never has a dot


def find_tax_id(words: tuple[Word, ...] | list[Word], max_start: int = 3) -> TaxIdMatch | None:
    """The best tax number in a run of words: checksum-valid beats format-only, an earlier
    start beats a later one, more words beat fewer. OCR'd runs also try look-alike repairs."""
    texts = [_clean(w) for w in words[:max_start + 5]]
    ocr = any(w.conf < 1.0 for w in words)
    best: TaxIdMatch | None = None
    for s in range(min(max_start, len(texts))):
        if not texts[s] or not re.search(r"[A-Z0-9]", texts[s][:3]):
            continue
        for n in range(min(5, len(texts) - s), 0, -1):
            part = texts[s:s + n]
            if not all(part):
                continue
            compact = _compact(part)
            if not 8 <= len(compact) <= 16 or sum(c.isdigit() for c in compact) < 5:
                continue
            printed = " ".join(part)
            found = _graded(compact, printed, ocr)
            if found is None:
                continue
            value, grade, repaired = found
            match = TaxIdMatch(value, tuple(words[s:s + n]), grade, repaired, s)
            if best is None or (grade, -repaired, -s) > (best.grade, -best.repaired,
                                                         -best.start):
                best = match
            break  # the longest run at this start that is a number
    return best


def _graded(compact: str, printed: str, ocr: bool) -> tuple[str, int, bool] | None:
    grade = grade_tax_id(compact)
    if grade:
        return printed, grade, False
    if not ocr:
        return None
    for fixed in _repairs(compact):
        grade = grade_tax_id(fixed)
        if grade:
            return _as_printed(fixed, printed), grade, True
    return None


def _as_printed(fixed: str, printed: str) -> str:
    """A repaired number in the printed groups ('FRO9 428835239' -> 'FR09 428835239'): each
    repair replaces one character, so the characters go back between the printed spaces."""
    chars, out = iter(fixed), []
    for c in printed:
        if c.isspace():
            out.append(" ")
        elif c != ".":
            out.append(next(chars, ""))
    value = " ".join("".join(out).split())
    return value if value.replace(" ", "") == fixed else fixed


_KEYWORD = re.compile(r"(tax|vat|ust|idnr|tva|gst|nif|cif|btw|abn|ein|\b[I1l]D)", re.IGNORECASE)


def scan_ocr_tax_ids(lines) -> list[TaxIdMatch]:
    """Tax numbers on OCR'd lines whose label OCR mangled or glued to the number
    ('Tax ID434FZRPDO217A124', '1D246-6234357)'): after a tax keyword, the number may start
    inside the keyword's word, a character or two late. Weak evidence: callers review."""
    found = []
    for line in lines:
        words = line.words
        for i, w in enumerate(words):
            m = _KEYWORD.search(w.text)
            if m is None or w.conf >= 1.0:
                continue
            rest = w.text[m.end():]
            run = list(words[i + 1:i + 7])
            heads = [rest[k:] for k in range(min(3, len(rest)))] if \
                sum(c.isdigit() for c in rest) >= 4 else []
            match = None
            for head in heads:
                glued = Word(head, w.x0, w.top, w.x1, w.bottom, w.conf)
                match = find_tax_id([glued] + run, max_start=1)
                if match is not None:
                    break
            match = match or find_tax_id(run, max_start=3)
            if match is not None:
                found.append(match)
                break
        else:
            found += _country_prefixed(words)
    return found


_COUNTRY_PREFIXED = re.compile(r"^[A-Z]{2}\d{8,12}$")


def _country_prefixed(words) -> list[TaxIdMatch]:
    """A VAT number with its country prefix and no label left ('DE245299414'): its own
    shape is the evidence."""
    out = []
    for w in words:
        if w.conf < 1.0 and _COUNTRY_PREFIXED.match(_clean(w)):
            match = find_tax_id([w], max_start=1)
            if match is not None:
                out.append(match)
    return out


# ---- the field ----------------------------------------------------------------------

_TAX_PART = re.compile(r"^([A-Z]{2,3}|[A-Z]{0,3}\d[\dA-Z.\-/]*)$")


def extract_tax_id(doc, hits, stops) -> dict[str, FieldValue]:
    """The vendor's tax number after its label (else beside a mangled OCR keyword)."""
    cands, clear = [], set()
    for h in hits:
        if h.field != "vendor_tax_id":
            continue
        words = value_right(doc, h, stops, whole_line=True) or value_below(doc, h)
        found = find_tax_id(words, max_start=5) or find_tax_id(value_below(doc, h))
        if found is not None:
            shape = 1.0 if found.grade == VALID else 0.85
            shape = 0.7 if found.repaired or _ocr_gb_branch(found) or _ocr_inner_dot(found) \
                else shape
            # a checksum that holds on the number as read vouches for every character
            # (a dot or dash in it may be a speck the checksum cannot see)
            ocr = 1.0 if found.grade == VALID and not found.repaired and \
                re.fullmatch(r"[A-Z0-9 ]+", found.value) and \
                has_check_digits(_compact([found.value])) else min_conf(found.words)
            cand = Candidate(value=_dotless_ocr_read(found), score=h.strength * (shape + 0.1),
                             label=h.strength, shape=shape, ocr=ocr,
                             page=doc[h.page].page.number, bbox=bbox_of(found.words))
            if _read_clearly(found, h.strength):
                clear.add(id(cand))
            cands.append(cand)
            continue
        parts: list[Word] = []
        for w in words[:6]:
            text = w.text.strip(":,;")
            if not _TAX_PART.match(text) or (parts and text.isalpha()):
                break
            parts.append(w)
        value, valid = _tax_id_value(parts)
        if value is None:
            continue
        shape = 1.0 if valid else (0.85 if re.fullmatch(r"\d{2}-\d{7}", value) else 0.6)
        ocr = min_conf(parts)
        cands.append(Candidate(value=value, score=h.strength * shape, label=h.strength,
                               shape=shape if ocr >= 1.0 else min(shape, 0.5), ocr=ocr,
                               page=doc[h.page].page.number, bbox=bbox_of(parts)))
    if not cands:
        cands = _unlabelled_tax_id(doc)
    cand, margin = best_of(cands)
    if cand is None:
        return {}
    # an OCR'd number no checksum or format confirmed may be cut short: a person checks
    cap = 0.85 if cand.ocr < 1.0 and cand.shape <= 0.7 else 1.0
    field = to_field("vendor_tax_id", cand, margin, cap=cap)
    if id(cand) in clear and margin >= 0.5 and field.confidence < CLEAR_TAX_ID:
        field = rescored(field, "vendor_tax_id", CLEAR_TAX_ID)
    return {"vendor_tax_id": field}


# one OCR word right after its label: a VAT number (country letters, then digits), a GSTIN
# or an EIN, read at CLEAR_WORD or better
_GSTIN = re.compile(r"^\d{2}[A-Z]{5}\d{4}[A-Z]\dZ[A-Z\d]$")
_CLEAN_TAX_WORD = re.compile(r"^[A-Z]{2}[A-Z]?\d{8,11}[A-Z]?$|^\d{2}-\d{7}$|" + _GSTIN.pattern)
CLEAR_WORD = 0.65
CLEAR_TAX_ID = 0.93
# look-alikes with one reading in a digit slot: a round letter is a 0, an upright stroke a 1
_SURE_DIGIT = {"0": "OoQD", "1": "Il|!i"}
_GSTIN_Z = 13  # the fixed 'Z' of a GSTIN (its 14th character)


def _repaired_surely(read: str, fixed: str) -> bool:
    """Every look-alike put back has one reading: a round letter in a digit slot is a 0 and
    an upright stroke a 1 ('2ONNGFS1365D1Z1'), a GSTIN's fixed 'Z' read as a 2. A digit put
    back as a letter is not: a 0 in a letter slot may be an O, a D or a Q."""
    if len(read) != len(fixed):
        return False
    gstin = bool(_GSTIN.match(fixed))
    for i, (r, f) in enumerate(zip(read, fixed)):
        if r == f:
            continue
        if not (r in _SURE_DIGIT.get(f, "") or (gstin and i == _GSTIN_Z and r in "2z")):
            return False
    return True


def _read_clearly(found: TaxIdMatch, label: float) -> bool:
    """A scanned tax number whose format fits (a checksum is no part of every number, nor
    of every generated one) is sure when it is one word, first after a strong label, read
    at CLEAR_WORD or better with no look-alike put back but those with one reading
    (_repaired_surely). Tesseract scores such letter-digit words low, right or wrong: on
    440 generated scans (seeds 11, 41, 61) right numbers so read ranged 0.03-0.89, while
    every misread one that kept its format was read at 0.50 or less (split or repaired
    ones are never sure)."""
    if len(found.words) != 1 or found.start != 0 or label < 0.75:
        return False
    word = found.words[0]
    value = found.value
    if found.repaired and not _repaired_surely(_compact([_clean(word)]), _compact([value])):
        return False
    return 0.0 < word.conf < 1.0 and word.conf >= CLEAR_WORD and \
        bool(_CLEAN_TAX_WORD.match(value))


def _unlabelled_tax_id(doc) -> list[Candidate]:
    """A tax number beside a tax keyword OCR garbled: weak evidence, always reviewed."""
    cands = []
    for pl in doc:
        if not pl.page.ocr:
            continue
        for found in scan_ocr_tax_ids(pl.lines):
            shape = 0.6 if found.repaired else 0.7
            cands.append(Candidate(value=found.value, score=shape, label=0.3, shape=shape,
                                   ocr=min(min_conf(found.words), 0.8),
                                   page=pl.page.number, bbox=bbox_of(found.words)))
    return cands


def _tax_id_value(parts: list[Word]) -> tuple[str | None, bool]:
    """The longest run of parts that is a valid tax number; else the first part alone."""
    from stdnum.eu import vat as eu_vat
    from stdnum.gb import vat as gb_vat
    from stdnum.in_ import gstin

    texts = [w.text.strip(":,;") for w in parts]
    for n in range(len(texts), 0, -1):
        value = " ".join(texts[:n])
        compact = re.sub(r"[\s.\-]", "", value)
        if len(compact) < 6 or len(compact) > 20 or not any(c.isdigit() for c in compact):
            continue
        if any(v.is_valid(compact) for v in (eu_vat, gb_vat, gstin)):
            return value, True
    # no checksum to go by: a country prefix or first group, then groups of digits only
    run = texts[:1]
    for text in texts[1:]:
        if not re.fullmatch(r"[\d.\-]+", text):
            break
        run.append(text)
    value = " ".join(run)
    compact = re.sub(r"[\s.\-]", "", value)
    if 6 <= len(compact) <= 20 and sum(c.isdigit() for c in compact) >= 5:
        return value, False
    return None, False
