"""Who is who on a pay stub: the employer (the company block at the top), the employee
(beside 'Employee' / 'Pay to the order of') and the employee ID, with the OCR repairs their
shapes allow.

The employer is the first line of the page's header that is neither a document title, nor
a label or a labelled value, nor an address line. The evidence that it is the company block: an
address printed right under it, and type clearly larger than the body text. A scan needs
both (OCR word heights are noisy), a text layer one; without it, or when the candidate
reads like a person and no employee was read, the reading goes to review.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.forms import clean_ocr_name, clean_text, min_conf, segments
from extractors.page_model import Line, Page, Word
from extractors.paystub_evidence import (
    E_GLYPHS, NAME_WORD_CONF, NEAR, NEARLY_CLEAN_CONF, clean_name_shape, company_words_conf,
    legal_form_case, read_once_confidence, top_compound,
)

# words that open a label in a pay stub's info block, never a company name
_LABEL_START = re.compile(
    r"^(EMPLOYEE|EMPLOYER|EMP|PAY|PERIOD|CHECK|DATE|ID|SSN|SOCIAL|ORDER|DEPOSIT|ACCOUNT|"
    r"EARNINGS|DEDUCTIONS|NET|GROSS|PAGE|PHONE|TEL|FAX)\b", re.IGNORECASE)
_STREET = re.compile(r"^\d+[A-Za-z]?\s+[A-Za-z]")
_CITY_LINE = re.compile(r"\b[A-Z]{2},?\s+\d{5}(-\d{4})?$")
_PO_BOX = re.compile(r"^P\.?\s?O\.?\s+BOX\b|^SUITE\b|^STE\b", re.IGNORECASE)
_DATE_OR_MONEY = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d\.\d{2}\b|\$")
# a legal suffix OCR glued to the name before it: 'AdamsLLC'
_GLUED_SUFFIX = re.compile(r"(?<=[a-z])(LLC|LLP|INC|CORP|LTD|PLC|GMBH)\b")
_NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z'.,-]*")
# a speck OCR read between two words of a name, where the gap was: 'Wright.Group',
# 'Linda’Smith', 'Benjamin:Costa' (an O'Neil keeps its apostrophe: a capital precedes it)
_SPECK_BETWEEN = re.compile(r"(?<=[a-z])[.:;’'](?=[A-Z][a-z])")


def split_glued_words(text: str) -> str:
    return _SPECK_BETWEEN.sub(" ", text)


def is_address(text: str) -> bool:
    """A street line ('65647 Juan Haven'), a 'City, ST 12345' line or a PO box."""
    text = text.strip()
    return bool(_STREET.match(text) or _CITY_LINE.search(text) or _PO_BOX.match(text))


_ORGANISATION = re.compile(r"\b(LLC|LLP|INC|LTD|CORP|CO|COMPANY|GROUP|PLC|GMBH|BANK|AND)\b|&",
                           re.IGNORECASE)


def looks_like_person(text: str) -> bool:
    """Two to five name tokens and nothing that reads like a label, a number or a company."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or re.search(r"\d", text) or _ORGANISATION.search(text):
        return False
    if any(_LABEL_START.match(t) for t in tokens):
        return False
    return all(_NAME_TOKEN.fullmatch(t) for t in tokens) and \
        sum(len(t) >= 2 for t in tokens) >= 2


# letter pairs OCR makes of one letter ('Adarns' for 'Adams', 'Incorne' for 'Income')
_SPLIT_GLYPHS = re.compile(r"rn|cl|vv")
# over the 169 scanned pay stub words holding such a pair that Tesseract read at 0.93 or
# more (seeds 11, 41, 43, 47, 53, 67, 71, against each stub's text-layer twin) none was a
# split letter ('Hernandez', 'Burns', 'Fernando'); the split ones read 0.14-0.89
SPLIT_PAIR_CLEAR_CONF = 0.93


def ocr_name_doubt(text: str, words: Sequence[Word] | None = None) -> float:
    """Confidence factor for a name read by OCR: lower when it holds a pair of letters
    that is also what OCR makes of a single one, unless (given its `words`) each word
    holding the pair was read at SPLIT_PAIR_CLEAR_CONF or better."""
    if not _SPLIT_GLYPHS.search(text):
        return 1.0
    if words is not None:
        holding = [w for w in words if _SPLIT_GLYPHS.search(w.text)]
        if holding and all(w.conf >= SPLIT_PAIR_CLEAR_CONF for w in holding):
            return 1.0
    return 0.93


def same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^A-Z]", "", s.upper())
    return bool(norm(a)) and norm(a) == norm(b)


def _header_segments(lines: Sequence[Line], titles: re.Pattern[str], stop: float
                     ) -> list[list[Word]]:
    """Runs of words above `stop`, each cut before a document title on its line."""
    out = []
    for line in lines:
        if line.bbox[1] > stop:
            break
        for seg in segments(line.words, gap=1.5):
            cut = next((i for i, w in enumerate(seg) if titles.search(w.text)), None)
            seg = seg[:cut] if cut is not None else seg
            if seg:
                out.append(seg)
    return out


def _is_candidate(text: str, labelled: bool) -> bool:
    if labelled or not re.search(r"[A-Za-z]{3}", text):
        return False
    return not (_LABEL_START.match(text) or is_address(text) or _DATE_OR_MONEY.search(text))


def _address_below(seg: Sequence[Word], segs: Sequence[Sequence[Word]]) -> bool:
    """An address line starts under the candidate, left-aligned with it, within 4.5
    line heights: the company block."""
    h = max(sorted(w.height for w in seg)[len(seg) // 2], 1.0)
    bottom = max(w.bottom for w in seg)
    for other in segs:
        if other is seg:
            continue
        gap = other[0].top - bottom
        if -0.3 * h <= gap <= 4.5 * h and abs(other[0].x0 - seg[0].x0) <= 1.5 * h:
            if is_address(clean_text(" ".join(w.text for w in other))):
                return True
    return False


def _without_rules(seg: Sequence[Word]) -> list[Word]:
    """The run without the rule fragments OCR read as words at its ends ('|', '_')."""
    words = list(seg)
    while words and not clean_text(words[0].text):
        words = words[1:]
    while words and not clean_text(words[-1].text):
        words = words[:-1]
    return words


def _prominent(seg: Sequence[Word], page: Page) -> bool:
    """Printed clearly larger than the page's body text."""
    heights = sorted(w.height for w in page.words) or [1.0]
    h = sorted(w.height for w in seg)[len(seg) // 2]
    return h >= 1.3 * heights[len(heights) // 2]


def read_employer(page: Page, lines: Sequence[Line], titles: re.Pattern[str], *,
                  value_words: Sequence[Word] = (), employee: str | None = None,
                  ) -> tuple[str, list[Word], float] | None:
    """(name, words, confidence) of the company block at the top of the page.

    `value_words` are words already read as labelled values (the employee's name, the
    dates): they are never the employer."""
    stop = page.height * 0.3
    segs = _header_segments(lines, titles, stop)
    taken = {id(w) for w in value_words}
    for seg in segs:
        seg = _without_rules(seg)
        if not seg or sorted(w.conf for w in seg)[len(seg) // 2] < 0.5:
            continue  # OCR noise: a dark band or a logo read as letters
        text = clean_text(" ".join(w.text for w in seg))
        if page.ocr:
            text = legal_form_case(
                clean_ocr_name(split_glued_words(_GLUED_SUFFIX.sub(r" \1", text))))
        if not _is_candidate(text, any(id(w) in taken for w in seg)):
            continue
        if employee and same_name(text, employee):
            continue
        evidence = _address_below(seg, segs) + _prominent(seg, page)
        doubt = ocr_name_doubt(text, seg) if page.ocr else 1.0
        factor = (0.6, 0.93, 0.97)[evidence] * doubt
        conf = min_conf(seg) * factor
        if page.ocr and evidence and clean_name_shape(text):
            # the company block, every word a clean name word: as good as its weakest word;
            # one step less with one of its two marks (OCR heights are noisy)
            missing = 0.0 if evidence == 2 else NEAR
            conf = read_once_confidence(company_words_conf(seg) - missing, NAME_WORD_CONF) \
                * doubt
            if evidence == 2 and top_compound(text, min_conf(seg)):
                conf = max(conf, NEARLY_CLEAN_CONF * doubt)
        if looks_like_person(text):  # a mailing block for the payee looks just like this
            conf = min(conf, min_conf(seg) * (0.6 if employee is None else 0.93))
        return text, list(seg), conf
    return None


# -- employee ID ------------------------------------------------------------------------------

# glyphs OCR puts for a leading 'E' that no ID contains: '£13521', '€46521', '&13521'
_E_GLYPHS = str.maketrans({glyph: "E" for glyph in E_GLYPHS})
ID_SHAPE = re.compile(r"[A-Z]{0,3}-?\d{3,}[A-Z0-9-]*")


def repair_employee_id(token: str) -> tuple[str, bool]:
    """(repaired token, whether it was changed): a currency glyph standing for the letter
    E, surrounding punctuation dropped."""
    fixed = token.strip(".,;:'\"()[]|")
    if fixed[:1] in E_GLYPHS and re.fullmatch(r".\d{3,}", fixed):
        fixed = fixed.translate(_E_GLYPHS)
    return fixed, fixed != token


def pick_id_word(words: Sequence[Word]) -> Word | None:
    """The first word that reads as an identifier once repaired (digits required)."""
    for w in words:
        fixed, _ = repair_employee_id(clean_text(w.text))
        if ID_SHAPE.fullmatch(fixed):
            return w
    return None
