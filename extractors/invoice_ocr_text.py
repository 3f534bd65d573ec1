"""Names and addresses read through OCR: two misreadings put back by shape.

- German letters misread inside a word: 'ß' as 'B' ('WalterstraBe', 'SuBebier'), 'ö' as
  'é' ('Dérr'), 'ü' as 'ii' ('Liibs'); only on a German document (its labels say so).
- UK postcodes with a look-alike in a digit or letter slot ('FY6 SPD', 'W9 ODY',
  'TF60 ISB'): the inward code is a digit and two letters, the outward code one or two
  letters, a digit and an optional letter or digit.

Both only change text that fails its shape and fits it after the change.

`cap_ocr_text` then judges each OCR'd name and address: one that needed a repair or has a
word that is no word is reviewed; one that reads cleanly and that tesseract read clearly
(every word at a confidence misreads did not reach, the block whole) is sure.
"""
from __future__ import annotations

import re

from extractors.confidence import ocr_ceiling, rescored
from extractors.invoice_identifiers import TO_DIGIT, TO_LETTER
from extractors.invoice_parties import LEGAL_FORM
from extractors.layout import PageLines
from extractors.page_model import Page
from schemas.document import FieldValue

_GERMAN_WORDS = re.compile(r"\b(rechnung\w*|mwst|ust-?id\w*|umsatzsteuer|zahlbetrag|"
                           r"nettobetrag|gesamtbetrag|f[äa]llig|zahlungsbedingungen|seite)\b",
                           re.IGNORECASE)
_ESZETT = re.compile(r"(?<=[aeiouäöüAEIOU])B(?=[a-zäöü])")


def is_german(text: str) -> bool:
    """Two or more German invoice words on the page."""
    return len(set(m.lower() for m in _GERMAN_WORDS.findall(text))) >= 2


_O_UMLAUT = re.compile(r"(?<=[A-Za-z])[o6]?é(?=[a-z])")  # 'Dérr', 'Hoéfig': German has no é
_U_UMLAUT = re.compile(r"(?<=[A-Za-z])ii(?=[a-z])")  # 'Liibs': ü read as two i's


def repair_eszett(text: str) -> str:
    """German letters tesseract misreads: ß as B, ö as é, ü as ii."""
    return _U_UMLAUT.sub("ü", _O_UMLAUT.sub("ö", _ESZETT.sub("ß", text)))


_OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_INWARD = re.compile(r"^\d[A-Z]{2}$")


def repair_uk_postcode(text: str) -> str:
    """The address with its closing UK postcode put back by shape, else unchanged."""
    tokens = text.split(" ")
    if len(tokens) < 2:
        return text
    outward, inward = tokens[-2], tokens[-1]
    if _OUTWARD.match(outward) and _INWARD.match(inward):
        return text
    if not (2 <= len(outward) <= 4 and len(inward) == 3 and outward[:1].isalpha()):
        return text
    fixed_in = TO_DIGIT.get(inward[0], inward[0]) + "".join(
        TO_LETTER.get(c, c) for c in inward[1:])
    fixed_out = _repair_outward(outward)
    if fixed_out and _OUTWARD.match(fixed_out) and _INWARD.match(fixed_in):
        return " ".join(tokens[:-2] + [fixed_out, fixed_in])
    return text


def _repair_outward(code: str) -> str | None:
    """Letters, then the first digit slot: 'SMSW' -> 'SM5W', 'W9' stays."""
    if _OUTWARD.match(code):
        return code
    for letters in (2, 1):
        head, rest = code[:letters], code[letters:]
        if not head.isalpha() or not rest:
            continue
        digit = TO_DIGIT.get(rest[0], rest[0])
        candidate = head + digit + rest[1:]
        if _OUTWARD.match(candidate):
            return candidate
    return None


_DIGIT_IN_NAME = re.compile(r"(?<=[a-z])[1l|]{1,2}(?=[a-z-])|(?<=[a-z])0(?=[a-z])")


def repair_name_digits(text: str) -> str:
    """A name with look-alike digits inside a word ('Mcdowe11-Cook'): '1' after a
    lower-case letter is an 'l', '0' between letters an 'o'. Words of digits are kept."""
    return _DIGIT_IN_NAME.sub(lambda m: "o" if m.group(0) == "0" else "l" * len(m.group(0)),
                              text)


# ---- does an OCR'd name or address read as one? ---------------------------------------

_CONNECTORS = {"and", "und", "et", "y", "e", "of", "the", "de", "del", "la", "le", "les",
               "des", "du", "van", "von", "der", "den", "di", "da", "do", "dos", "zu"}
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?,?$")
_CAPITALISED = re.compile(r"^[^\W\d_][^\W\d_]*(?:[-'’.][^\W\d_]+)*\.?,?$")
_INNER_CAPITAL = re.compile(r"[a-zß-ÿ][A-ZÀ-Þ]")
_NUMBER_WORD = re.compile(r"^\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?[,.]?$")  # 12, 12a, 84/38, 34-80
_POSTCODE_WORD = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{2,4}$")  # 'SW1A', '0UN', 'K1A'


# words whose capitals inside are their own: German legal forms ('GmbH', 'GbR'), and the
# 'Mc' of a surname ('McCarthy'); other capitals inside a word are OCR's misreadings
_MIXED_CASE_FORMS = {"GmbH", "gGmbH", "mbH", "GbR", "KGaA", "AöR", "eG", "eK"}
_MC = re.compile(r"(?<![^\W\d_])Mc(?=[A-Z][a-z])")


def _word_reads(token: str, connectors_ok: bool) -> bool:
    if token in ("&", "-") or token.rstrip(".,") in _MIXED_CASE_FORMS:
        return True
    if not _NAME_WORD.match(token) or _INNER_CAPITAL.search(_MC.sub("", token.rstrip(".,"))):
        return False
    bare = token.rstrip(".,")
    if bare[:1].islower():
        return connectors_ok and bare in _CONNECTORS
    return True


def name_reads_cleanly(text: str) -> bool:
    """Every word of the name is a word: letters of one kind (no digit, symbol or capital
    inside a word, as OCR leaves for a misread letter), capitalised unless a joining word
    ('and', 'y', 'von'), and the name does not end on a joining word or comma (cut off)."""
    tokens = text.split()
    if not tokens or text.rstrip().endswith((",", "&", "-")):
        return False
    if tokens[-1] in _CONNECTORS or _legal_form_only(text):
        return False  # cut off: a joining word ends it, or a legal form ('PLC') is all of it
    return all(_word_reads(t, connectors_ok=i > 0) for i, t in enumerate(tokens))


_PLACE_CODE = re.compile(r"^[^\W\d_]{3,}-\d{4,6}[,.]?$")  # 'Mehsana-866480'


def _address_word(token: str) -> bool:
    """A word of an address: as in a name, or lower case of three letters or more ('rue',
    'avenue', 'piso'; OCR specks make one- and two-letter bits)."""
    if _word_reads(token, connectors_ok=True):
        return True
    bare = token.rstrip(".,")
    return len(bare) >= 3 and bare.islower() and bool(_NAME_WORD.match(token))


def address_reads_cleanly(text: str) -> bool:
    """Every word of the address is a word, a house or postcode number, or a postcode
    group; it holds a number and at least two words of letters (a street and a place)."""
    tokens = text.split()
    words = [t for t in tokens if _address_word(t)]
    numbers = [t for t in tokens if _NUMBER_WORD.match(t) or _POSTCODE_WORD.match(t)
               or _PLACE_CODE.match(t)]
    if len(words) + len(numbers) != len(tokens):
        return False
    return bool(numbers) and len(words) >= 2


# ---- how surely an OCR'd name or address was read -------------------------------------

CLEAR_WORD = 0.90  # OCR word confidence every word of a clearly read address reaches
CLEAR_READ = 0.93  # a name or address read cleanly and clearly
_POSTCODE_LAST = re.compile(r"\d{4,}|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")


def value_lines(doc: list[PageLines], field: FieldValue) -> list[list]:
    """The words inside the field's box on its page, line by line."""
    x0, y0, x1, y1 = field.bbox
    for pl in doc:
        if pl.page.number != field.page:
            continue
        return [ws for line in pl.lines
                if (ws := [w for w in line.words if w.x0 >= x0 - 1 and w.x1 <= x1 + 1
                           and w.top >= y0 - 1 and w.bottom <= y1 + 1])]
    return []


def address_read_clearly(doc: list[PageLines], field: FieldValue,
                         other: FieldValue | None = None) -> bool:
    """A scanned address that reads cleanly (checked by the caller) is sure when its box
    holds just its words, two lines or more (a street line and a place line: a lone place
    line is an address whose street OCR lost), the last with a postcode, and tesseract
    read every word at CLEAR_WORD or better; never when it repeats the other party's
    address (a block taken from the wrong party). On 280 generated scans (seeds 11, 41),
    every misread address had a word read below 0.90."""
    if field.bbox is None or (other is not None and
                              (str(other.value) in str(field.value)
                               or str(field.value) in str(other.value))):
        return False
    lines = value_lines(doc, field)
    words = [w for ws in lines for w in ws]
    if len(lines) < 2 or [w.text for w in words] != str(field.value).split():
        return False
    least = _shape_checked(lines[-1])
    return all(w.conf >= least.get(id(w), CLEAR_WORD) for w in words) and \
        bool(_POSTCODE_LAST.search(" ".join(w.text for w in lines[-1])))


US_STATES = frozenset("""AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN
MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR""".split())
STATE_WORD = 0.50  # least OCR word confidence of a US state code that closes an address
POSTCODE_WORD = 0.75  # the same for the two halves of a UK postcode
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


def _shape_checked(line: list) -> dict[int, float]:
    """Words closing an address's last line that check themselves, by id, with the least
    OCR confidence each needs (the rest need CLEAR_WORD). Tesseract scores short codes
    standing alone low, right or wrong; a code of a closed list or a rigid shape read
    otherwise mostly leaves it, and look-alikes put back never count (the value changed):
    - a US state code before the ZIP ('Melissa, RI 45003'): right ones read at 0.31-0.96
      on 440 generated scans (seeds 11, 41, 61), misread ones no state's code ('R!', 'Ri',
      'MQ', 'wv'); held to STATE_WORD. The ZIP's digits have no check.
    - a UK postcode, outward and inward code ('M8G 0UN', 'KT8X 9ZY'): every one there that
      kept the shape was right (0.24-0.96), misreads broke it ('MBG', 'OUN', '43X');
      held to POSTCODE_WORD."""
    if len(line) < 2:
        return {}
    last, before = line[-1], line[-2]
    if before.text in US_STATES and _ZIP.match(last.text):
        return {id(before): STATE_WORD}
    if _OUTWARD.match(before.text) and _INWARD.match(last.text):
        return {id(before): POSTCODE_WORD, id(last): POSTCODE_WORD}
    return {}


CLEAR_NAME_WORD = 0.88


def name_read_clearly(doc: list[PageLines], field: FieldValue) -> bool:
    """A scanned party name (that reads cleanly, checked by the caller) is sure when OCR
    is its only doubt and a small one: its box holds just its words, the layout put it
    where a name goes as surely as a text layer would (its confidence is the ceiling the
    weakest word's OCR confidence allows), and tesseract read every word at
    CLEAR_NAME_WORD or better. Tesseract scores hyphenated and foreign names lower than
    dictionary words: on 280 generated scans (seeds 11, 41) names read at 0.88-0.89 were
    all right; seed 73 had 'Trommier' for 'Trommler' read at 0.87."""
    if field.bbox is None:
        return False
    words = [w for ws in value_lines(doc, field) for w in ws]
    if not words or [w.text for w in words] != str(field.value).split():
        return False
    weakest = min(w.conf for w in words)
    return CLEAR_NAME_WORD <= weakest < 1.0 and \
        field.confidence >= round(ocr_ceiling(weakest), 4) - 0.001


def _legal_form_only(text: str) -> bool:
    """A name of legal forms alone ('PLC' of 'Watts PLC'): the name itself was lost."""
    return bool(text.strip()) and not LEGAL_FORM.sub("", text).strip(" .,&")


def _cut_at_comma(doc: list[PageLines], field: FieldValue) -> bool:
    """The name's box ends in a word with a comma the value dropped ('Moore,' of 'Moore,
    Peters and Hudson' split off at a wide space): the name goes on, unless a legal form
    ends it ('Pvt. Ltd.,' before the address)."""
    words = [w for ws in value_lines(doc, field) for w in ws]
    value = str(field.value)
    return bool(words) and words[-1].text.endswith(",") and not value.endswith(",") and \
        not LEGAL_FORM.fullmatch(value.split()[-1].rstrip(".,"))


FREE_TEXT_FIELDS = ("vendor_name", "vendor_address", "customer_name", "customer_address",
                    "payment_terms")
OCR_TEXT_CAP = 0.85  # an OCR'd name or address that does not read cleanly: review


_OTHER_ADDRESS = {"vendor_address": "customer_address", "customer_address": "vendor_address"}


def cap_ocr_text(fields: dict[str, FieldValue], pages: list[Page], *,
                  trust_clean: bool = True, doc: list[PageLines] | None = None
                  ) -> dict[str, FieldValue]:
    """OCR'd names and addresses: look-alikes put back by shape (German 'ß', UK postcodes);
    a value that needed a repair, or has a word that is no word, is left for review. OCR'd
    payment terms are reviewed unless the dates confirm them (invoice_evidence). With the
    page lines (`doc`), a clean address tesseract read clearly under an accepted name of
    its party is sure (address_read_clearly)."""
    ocr_pages = {p.number for p in pages if p.ocr}
    german = bool(ocr_pages) and is_german(" ".join(p.text for p in pages if p.ocr))
    out = dict(fields)
    cut_names = set()  # a name cut short anchored its address block on a piece of it
    for name in FREE_TEXT_FIELDS:
        f = out.get(name)
        if f is None or f.page not in ocr_pages:
            continue
        value = repair_eszett(f.value) if german else f.value
        value = repair_uk_postcode(value) if name.endswith("address") else value
        value = repair_name_digits(value) if name.endswith("name") else value
        clean = trust_clean and value == f.value and (
            name_reads_cleanly(value) if name.endswith("name") else
            address_reads_cleanly(value) if name.endswith("address") else False)
        if name.endswith("_name") and trust_clean and (
                _legal_form_only(str(value)) or (doc is not None and _cut_at_comma(doc, f))):
            clean = False
            cut_names.add(name)
        if name.replace("address", "name") in cut_names:
            clean = False
        party = out.get(name.replace("address", "name"))  # it heads the block: sure of it
        if clean and name.endswith("address") and doc is not None and party is not None \
                and not party.needs_review and f.confidence < CLEAR_READ and \
                address_read_clearly(doc, f, out.get(_OTHER_ADDRESS[name])):
            out[name] = rescored(f, name, CLEAR_READ)
        if clean and name.endswith("_name") and doc is not None and \
                f.confidence < CLEAR_READ and name_read_clearly(doc, f):
            out[name] = rescored(f, name, CLEAR_READ)
        if clean:
            continue
        out[name] = f.model_copy(update={"value": value,
                                         "confidence": min(f.confidence, OCR_TEXT_CAP),
                                         "needs_review": True})
    return out
