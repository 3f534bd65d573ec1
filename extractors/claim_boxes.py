"""CMS-1500 (NUCC 02/12) boxes read from their printed labels (`extractors.forms` anchors):
the payer block, names and identifiers, birth date, NPIs, box 21 diagnoses and money boxes.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz

from extractors.claim_codes import (
    MBI, NPI_FIRST_DIGITS, PERSON, TO_DIGIT, date_from_digits, digits, mbi_misfits,
    money_from_tokens, money_str, repair_identifier, repair_mbi, repair_npi, typewriter_cell,
)
from extractors.confidence import Signals, combine, rescored
from extractors.form_anchors import Anchor, locate_anchors
from extractors.forms import (
    box_words, clean_ocr_name, clean_text, lines_of, make_field, min_conf, segments, words_in,
)
from extractors.page_model import Page, Word
from schemas.document import FieldValue

Fields = dict[str, FieldValue]

CLAIM_LABELS: dict[str, str] = {
    "title": "HEALTH INSURANCE CLAIM FORM",
    "pica": "PICA",
    "b1": "1. MEDICARE MEDICAID TRICARE",
    "b1a": "1a. INSURED'S I.D. NUMBER",
    "b2": "2. PATIENT'S NAME (Last Name,",
    "b3": "3. PATIENT'S BIRTH DATE",
    "b4": "4. INSURED'S NAME (Last Name,",
    "b5": "5. PATIENT'S ADDRESS (No., Street)",
    "b6": "6. PATIENT RELATIONSHIP TO INSURED",
    "b7": "7. INSURED'S ADDRESS (No., Street)",
    "b9": "9. OTHER INSURED'S NAME",
    "b10": "10. IS PATIENT'S CONDITION RELATED TO:",
    "b11": "11. INSURED'S POLICY GROUP OR FECA NUMBER",
    "b11a": "a. INSURED'S DATE OF BIRTH",
    "b12": "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE",
    "b14": "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY",
    "b17": "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE",
    "b17a": "17a.",
    "b17b": "17b. NPI",
    "b18": "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES",
    "b19": "19. ADDITIONAL CLAIM INFORMATION",
    "b21": "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY",
    "b22": "22. RESUBMISSION",
    "b23": "23. PRIOR AUTHORIZATION NUMBER",
    "b24": "24. A. DATE(S) OF SERVICE",
    "b24d": "D. PROCEDURES, SERVICES, OR SUPPLIES",
    "b25": "25. FEDERAL TAX I.D. NUMBER",
    "b26": "26. PATIENT'S ACCOUNT NO.",
    "b27": "27. ACCEPT ASSIGNMENT?",
    "b28": "28. TOTAL CHARGE",
    "b29": "29. AMOUNT PAID",
    "b30": "30. Rsvd for NUCC Use",
    "b31": "31. SIGNATURE OF PHYSICIAN OR SUPPLIER",
    "b32": "32. SERVICE FACILITY LOCATION INFORMATION",
    "b33": "33. BILLING PROVIDER INFO & PH #",
}

# Top-left of each label as a fraction of the page, on the NUCC 02/12 form printed on
# letter paper. Only used to fit a page-wide affine map and predict labels OCR lost.
CLAIM_TEMPLATE: dict[str, tuple[float, float]] = {
    "title": (0.0329, 0.0736), "b1": (0.0365, 0.1250), "b1a": (0.6106, 0.1250),
    "b2": (0.0365, 0.1550), "b3": (0.3741, 0.1550), "b4": (0.6094, 0.1555),
    "b5": (0.0353, 0.1818), "b6": (0.3741, 0.1823), "b7": (0.6100, 0.1836),
    "b9": (0.0365, 0.2764), "b10": (0.3741, 0.2764), "b11": (0.6106, 0.2764),
    "b11a": (0.6106, 0.3045), "b12": (0.0365, 0.4355), "b14": (0.0371, 0.4882),
    "b17": (0.0371, 0.5182), "b17a": (0.3529, 0.5164), "b17b": (0.3529, 0.5336),
    "b18": (0.6100, 0.5182), "b19": (0.0371, 0.5477), "b21": (0.0371, 0.5782),
    "b22": (0.6106, 0.5795), "b23": (0.6106, 0.6095), "b24": (0.0365, 0.6395),
    "b24d": (0.3200, 0.6400), "b25": (0.0371, 0.8491), "b26": (0.2947, 0.8518),
    "b27": (0.4659, 0.8509), "b28": (0.6106, 0.8509), "b29": (0.7429, 0.8518),
    "b30": (0.8559, 0.8518), "b31": (0.0371, 0.8818), "b32": (0.2947, 0.8823),
    "b33": (0.6106, 0.8823),
}


# -- page-level helpers -----------------------------------------------------------------------

def anchor_factor(*anchors: Anchor | None) -> float:
    """How much an anchor's match strength should cap a field's confidence."""
    worst = min((a.score for a in anchors if a is not None), default=0.0)
    return 0.55 + 0.45 * worst if worst >= 0.4 else 0.5


def text_field(name: str, page: Page, words: list[Word], anchor: Anchor, *,
                first_line: bool = True, join: str = " ",
                shape: re.Pattern[str] | None = None,
                repair: Callable[[str], tuple[str, float]] | None = None) -> FieldValue | None:
    """The first run of words in a box. On OCR pages `repair` (an identifier's shape
    repair) returns the cleaned value and a factor for the guesswork it took."""
    words = [w for w in words if not re.fullmatch(r"[|!il\[\]{}()_~'`.,:;-]", w.text.strip())]
    runs = [seg for line in lines_of(words) for seg in segments(line.words, gap=6.0)
            if len(re.sub(r"[^A-Za-z0-9]", "", " ".join(w.text for w in seg))) >= 2]
    if not runs:
        return None
    used = runs[0] if first_line else words
    text = clean_text(join.join(w.text for w in used))
    if not text:
        return None
    conf = min_conf(used) * anchor_factor(anchor)
    if page.ocr and join == " ":
        conf = name_words_conf(used) * anchor_factor(anchor)
    if page.ocr:
        text = text.rstrip(".,;:'")  # specks OCR reads after a name or an ID
        text = clean_ocr_name(text) if join == " " else text.strip("'\"`‘’")
        if shape is PERSON and not PERSON.match(text) and PERSON.match(text.replace(";", ",")):
            text, conf = text.replace(";", ","), conf * 0.7
        if repair is not None:
            text, factor = repair(text)
            conf *= factor
    if shape is not None and not shape.match(text):
        conf *= 0.5
    return make_field(name, text, conf, page=page, words=used)


_SPECKS = ".,:;'\"`\u2018\u2019\u201c\u201d"


def name_words_conf(words: Sequence[Word]) -> float:
    """OCR's score of a name's words, where a word that is capitals and a speck glued to
    its start or end ('SURGERY:', 'JOHNSON\u2019') counts at the score of the name's other
    words (0.85 at most): OCR's word score is its weakest glyph's, here the speck's, and
    the speck is no part of the name. Not for the first word, which may be a label's
    remnant, nor a person's surname before its comma ('AU,' was ALI read short)."""
    if len(words) < 2:
        return min_conf(words)
    out = []
    for i, w in enumerate(words):
        core = w.text.strip(_SPECKS)
        speck = core != w.text and len(core) >= 2 and re.fullmatch(r"[A-Z]+", core)
        out.append(-1.0 if speck and i > 0 else w.conf)
    rest = [c for c in out if c >= 0]
    if not rest:
        return min_conf(words)
    floor = min(min(rest), 0.85)
    return min(c if c >= 0 else max(w.conf, floor) for c, w in zip(out, words))


# credentials printed after a provider's name
CREDENTIALS = frozenset({"MD", "DO", "NP", "PA", "DPM", "DDS", "DMD", "OD", "DC", "CRNA", "PHD",
                         "RN", "APRN", "PAC", "LCSW", "PT"})
# letters OCR takes for one another on the forms' fonts
_LETTER_LOOKALIKES = ("ODCQU", "IL", "MN", "BE", "PFR", "VY")


def _lookalike(a: str, b: str) -> bool:
    return any(a in g and b in g for g in _LETTER_LOOKALIKES)


# credentials no other one is a look-alike letter away from ('DO' and 'DC' are)
DISTINCT_CREDENTIALS = frozenset(
    c for c in CREDENTIALS
    if not any(len(o) == len(c) and o != c and all(x == y or _lookalike(x, y) for x, y in zip(o, c))
               for o in CREDENTIALS))


def credential_read(w: Word) -> Word:
    """A credential ('MD') OCR read exactly but for a speck beside it ('‘MD', 'MD_'):
    the speck, not the letters, is what OCR was unsure of, and the speck is dropped from
    the name. Its score is kept at 0.85 at least: two letters spelled exactly as a
    credential from a closed list. So is that of a credential read exactly that no other
    credential is one letter away from ('MD'; not 'DO', which 'DC' is): OCR scores short
    words low, and a slip would give no credential; a word OCR hardly read (under 0.3)
    keeps its score."""
    core = w.text.strip(".,:;'\"`‘’_|[](){}-")
    if core != w.text and core in CREDENTIALS:
        return replace(w, text=core, conf=max(w.conf, 0.85))
    if core == w.text and core in DISTINCT_CREDENTIALS and w.conf >= 0.3:
        return replace(w, conf=max(w.conf, 0.85))
    return w


def without_label_words(words: list[Word], label: str) -> list[Word]:
    """Words of a box less those OCR read from its own printed label's second line or a
    label it garbled ('LOCATION INFORMATION', 'PROWIOER' under box 32 or 33): a fuzzy
    match of 80 or more on a label word of four letters or more."""
    vocab = [t for t in re.findall(r"[A-Z]{4,}", label.upper())]
    return [w for w in words
            if not any(fuzz.ratio(re.sub(r"[^A-Z]", "", w.text.upper()), t) >= 80
                       for t in vocab)]


def repair_insured_id(text: str) -> tuple[str, float]:
    """Box 1a on a scan: specks off, then the Medicare identifier's shape when it fits. An
    ID of eleven that breaks that shape in one place only, where no look-alike mends it
    ('QEG7TE7MK24'), is a Medicare identifier with a glyph misread, not another plan's ID."""
    text, factor = repair_identifier(text)
    mbi = repair_mbi(text) if len(text) in (11, 12) and not MBI.match(text) else None
    if mbi is not None and (len(text) == 12 or sum(a != b for a, b in zip(mbi[0], text)) <= 3):
        return mbi[0], factor * mbi[1]
    if len(text) == 11 and mbi_misfits(text.upper()) == 1:
        return text, factor * 0.5
    return text, factor


MBI_AS_PRINTED = 0.8  # see mbi_as_printed


def mbi_as_printed(field: FieldValue, page: Page) -> FieldValue:
    """An insured ID OCR read, in one word and as printed, in the Medicare identifier's
    shape (CMS MBI: eleven places, each a digit or a letter by rule, no letter S, L, O, I, B
    or Z): OCR's word score is low on such a word because no dictionary knows it, while the
    slips OCR makes on it (a 9 or a 5 read as S, a 1 as I, a 0 as O) break the shape and are
    repaired at a cost instead. A word OCR was fairly sure of (0.4) so read scores
    MBI_AS_PRINTED at least."""
    value = str(field.value)
    if not page.ocr or not MBI.match(value):
        return field
    word = next((w for w in page.words if w.bbox == field.bbox), None)
    if word is None or word.conf < 0.4:
        return field
    slips = [(r, v) for r, v in zip(word.text, value) if r != v]
    if len(word.text) != len(value) or (slips and (slips != [("S", "5")] or word.conf < 0.8)):
        return field
    # one S where the shape wants a digit, read by a sure OCR (0.8): the 5 it resembles;
    # a 9 or 8 OCR took for an S came with a low score (calib and seeds 41/43/45: single
    # S-for-5 repairs from 0.74 up 8 of 8 right, wrong ones at 0.50 and under)
    return rescored(field, "insured_id", max(field.confidence, MBI_AS_PRINTED))


def best_page(pages: Sequence[Page]) -> tuple[float, Page, dict[str, Anchor]] | None:
    """The page whose CMS-1500 box labels match best, with the summed match strength."""
    best = None
    for page in pages:
        anchors = locate_anchors(page, CLAIM_LABELS, template=CLAIM_TEMPLATE)
        strength = sum(a.score for a in anchors.values() if not a.predicted)
        if best is None or strength > best[0]:
            best = (strength, page, anchors)
    return best


# -- boxes ------------------------------------------------------------------------------------

def read_payer(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    """The carrier block above box 1, right of the form title: its first line."""
    title, b1a = a.get("title"), a.get("b1a")
    if title is None or b1a is None:
        return None
    h = title.height
    x0 = title.x1 + 2 * h
    limit = a["b1"].top - 0.5 * h if "b1" in a else b1a.top - 2.5 * h
    words = [w for w in words_in(page, x0, 0, page.width * 0.93, limit)
             if not re.fullmatch(r"PICA|[|\[\]_]+", w.text.strip().upper())]
    lines = [ln for ln in lines_of(words) if re.search(r"[A-Za-z]{2}", ln.text)]
    if not lines:
        return None
    line = lines[0]
    text = clean_text(line.text)
    conf = min_conf(line.words) * anchor_factor(title, b1a)
    return make_field("payer_name", text, conf, page=page, words=line.words)


def read_dob(page: Page, a: dict[str, Anchor], key: str = "b3") -> FieldValue | None:
    """The birth date in box 3 (the patient's) or, with key 'b11a', box 11a's (the
    insured's): MM DD YY(YY) cells left of the box's SEX boxes."""
    b3 = a.get(key)
    if b3 is None:
        return None
    h = b3.height
    if key == "b3":
        right = min(b3.x1 + 1.0 * h, a["b4"].x0 if "b4" in a else page.width)
        words = box_words(page, a, "b3", right=right, below="b6", depth=4)
    else:
        words = box_words(page, a, key, right=b3.x1 + 1.0 * h, below=b3.bottom + 3.5 * h)
    words = [w for w in words if digits(_date_digits(w.text, page.ocr))]
    if not words:
        return None
    ds = "".join(digits(_date_digits(w.text, page.ocr))
                 for w in sorted(words, key=lambda w: w.x0))
    when = date_from_digits(ds, past=True)
    if when is None:
        return None
    placed = anchor_factor(b3)
    if b3.predicted and len(ds) == 8:
        # box 3's label was placed from the others: a whole MM DD YYYY date there is the
        # only date shape in reach (boxes 2 and 4 hold names), so it confirms the place
        placed = max(placed, anchor_factor(replace(b3, score=0.8, predicted=False)))
    cells = [w.text for w in sorted(words, key=lambda w: w.x0)]
    whole = len(cells) == 3 and all(re.fullmatch(rf"\d{{{n}}}", t)
                                    for t, n in zip(cells, (2, 2, 4)))

    def cell_conf(w: Word) -> float:
        if not page.ocr:
            return w.conf
        if whole and len(w.text) == 2:
            # MM and DD of a whole date read as digits only, each in its range: OCR scores
            # two-character words low whatever their glyphs (calib and seeds 41/43/45: 283
            # birth dates read, none wrong)
            return max(_date_cell_conf(w), 0.8)
        return _date_cell_conf(w)

    conf = min(cell_conf(w) for w in words) * placed
    if any(digits(_date_digits(w.text, page.ocr)) != digits(w.text) for w in words):
        conf *= 0.8  # letters read as digits
    if when > date.today():
        conf *= 0.3
    return make_field("patient_dob", when.isoformat(), conf, page=page, words=words)


# the rules between box 3's MM | DD | YY cells, as OCR reads them when glued to the digits
_CELL_RULE = r"[|\[\]!/.,-]"


def _date_cell_conf(w: Word) -> float:
    """OCR's score of a date word that is whole cells and the rule between or beside them
    ('14-1969', '2009-', '[04'): the rule glyph is what OCR doubts, as in the money boxes'
    'dollars | cents', so such a word scores at least 0.85. Digits alone keep OCR's score."""
    text = w.text.strip()
    if re.fullmatch(rf"{_CELL_RULE}?\d{{2}}(\d{{2}})?{_CELL_RULE}|{_CELL_RULE}\d{{2}}(\d{{2}})?"
                    rf"|\d{{2}}{_CELL_RULE}\d{{2}}(\d{{2}})?", text):
        return max(w.conf, 0.85)
    return w.conf


def _date_digits(text: str, ocr: bool) -> str:
    """A date cell OCR read with letters for digits ('Ol' is 01, 'L020' is 1020): only short
    words made of digits and their look-alikes, so captions and the sex boxes stay out."""
    core = text.strip(".,:;'|")  # a '|' is the rule between the cells
    if ocr and 2 <= len(core) <= 4 and re.fullmatch(r"[0-9OoIlLSB]+", core):  # not DD, MM
        return "".join(TO_DIGIT.get(c.upper(), c) for c in core)
    return text


def read_npi(name: str, page: Page, words: list[Word], *anchors: Anchor | None
             ) -> FieldValue | None:
    """The box's NPI: the first NPI-shaped word, top to bottom, that its check digit
    confirms, else the first NPI-shaped word (kept for review)."""
    found = [(w, got) for w in sorted(words, key=lambda w: (w.top, w.x0))
             if (got := repair_npi(w.text, ocr=page.ocr)) is not None]
    if not found:
        return None
    w, (npi, factor, checked) = next(((w, g) for w, g in found if g[2]), found[0])
    label = min((a.score for a in anchors if a is not None), default=0.0)
    conf = min(combine(Signals(label=label, shape=factor, ocr=w.conf,
                               consistency=1.0 if checked else 0.0)),
               w.conf * anchor_factor(*anchors))
    if checked and npi[0] in NPI_FIRST_DIGITS:
        # the check digit catches every single misread digit, so a confirmed NPI inside its
        # box is right however unsure OCR was of the glyphs
        conf = max(conf, 0.95 if factor == 1.0 else 0.92)
    elif checked:
        conf *= 0.5  # passes the check digit but no NPI has ever started so
    return make_field(name, npi, conf if checked else conf * factor, page=page, words=[w])


def read_money_box(name: str, page: Page, a: dict[str, Anchor], key: str, right: str
                   ) -> tuple[FieldValue, Decimal] | None:
    if key not in a:
        return None
    # a label placed from the others may sit above where it is printed
    words = box_words(page, a, key, right=right, below="b31",
                      depth=5.0 if a[key].predicted else 3.5)
    got = money_from_tokens(words, split_cents=page.ocr,
                            cell_width=typewriter_cell(page.words) if page.ocr else None)
    if got is None:
        return None
    amount, used, factor = got
    conf = min_conf(used) * anchor_factor(a[key]) * factor
    if page.ocr and factor == 1.0:
        # dollars, the cell rule and two cents digits where the box prints them: OCR's own
        # score of such a token says more about the rule glyph than about the digits
        conf = max(conf, 0.85 * anchor_factor(a[key]))
    return make_field(name, money_str(amount), conf, page=page, words=used), amount



def unread_money_box(page: Page, a: dict[str, Anchor], key: str, right: str) -> list[Word]:
    """The words of a money box no amount was read from ('599/\\98': the cell rule read as
    two glyphs), for a check against an amount found elsewhere."""
    if key not in a:
        return []
    words = box_words(page, a, key, right=right, below="b31",
                      depth=5.0 if a[key].predicted else 3.5)
    return [w for w in words if len(digits(w.text)) >= 3]


def put_field(fields: Fields, value: FieldValue | None, name: str) -> None:
    if value is not None:
        fields[name] = value
