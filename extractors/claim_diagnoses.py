"""Box 21 of a CMS-1500: the diagnosis codes, checked against the ICD-10-CM code list.

A claim may only carry billable ICD-10-CM codes (the leaves of the classification), so the
code list is strong evidence on a scan: a code OCR read exactly as printed that is a billable
code is very likely right (most single-glyph slips give a code that does not exist), and one
that is not a billable code is either misread or misprinted. A misread code that is one
look-alike glyph away from exactly one billable code is repaired to it, for review.

The list is extractors/icd10cm_billable.txt (see extractors/icd10cm.py, written from the
`simple_icd_10_cm` package's CMS release tables); without it the codes are scored on their
shape alone.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.claim_codes import ICD10, ICD_FIRST, digits, repair_icd10_words

PRINTED_CODE = re.compile(r"[0-9A-Z]{1,4}\.[0-9A-Z]{1,4}")
from extractors.form_anchors import Anchor
from extractors.forms import box_words, lines_of, make_field, min_conf, segments
from extractors.icd10cm import billable_codes, is_billable
from extractors.page_model import Page, Word
from schemas.document import FieldValue

# Glyphs OCR confuses on the form's fonts, in groups; a repair swaps one for another of its
# group. Letters and the digits they resemble share a group.
_LOOKALIKES = ("0ODQUC", "1IL|T7J", "2Z7", "5S6G", "8BE3FP", "4AH", "JS", "MN", "EF", "PF", "RB")
_SWAPS: dict[str, set[str]] = {}
for _group in _LOOKALIKES:
    for _ch in _group:
        _SWAPS.setdefault(_ch, set()).update(c for c in _group if c != _ch)


# the closest of those look-alikes on the form's fonts ('B11.9' is E11.9 before B71.9)
_CLOSE_SWAPS: dict[str, set[str]] = {}
for _group in ("0OD", "1IL|", "2Z", "5S", "8B", "BE", "6G"):
    for _ch in _group:
        _CLOSE_SWAPS.setdefault(_ch, set()).update(c for c in _group if c != _ch)


def code_list_available() -> bool:
    return billable_codes() is not None


def billable(code: str) -> bool | None:
    """Whether `code` is a billable ICD-10-CM code (None: no code list to tell)."""
    return is_billable(code)


def _with_dot(compact: str) -> str:
    return compact[:3] + "." + compact[3:] if len(compact) > 3 else compact


def nearest_billable(text: str) -> str | None:
    """The one billable code a single look-alike glyph swap (or one speck dropped at the
    front: '4125.10' is I25.10 behind a row letter) turns `text` into; None when there is
    none or more than one, since a guess between codes is no reading."""
    if billable("A00.0") is None:
        return None
    compact = re.sub(r"[^A-Z0-9|]", "", text.upper())
    if not 3 <= len(compact) <= 8:
        return None
    for swaps in (_CLOSE_SWAPS, _SWAPS):  # the likeliest slips first
        tries = {compact[1:]} if len(compact) >= 4 else set()
        for i, ch in enumerate(compact):
            for alt in swaps.get(ch, ()):
                tries.add(compact[:i] + alt + compact[i + 1:])
        found = {code for t in tries if 3 <= len(t) <= 7 and billable(code := _with_dot(t))}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SURE = 0.93  # a list of unambiguous readings (each word at least 0.3 OCR conf)
UNREAD_ROW = 0.5  # factor for a row of box 21 with a code-like word no code was read from
_LEAD_GLYPHS = {"£": "E", "€": "E", "$": "S", "§": "S"}


def read_unambiguously(code: str, words: Sequence[Word]) -> bool:
    """Whether OCR's words for one code leave no doubt about it: the code is billable and
    the words spell it exactly, or with at most two glyphs as look-alikes ('125.10' for
    I25.10, 'RO5.9' for R05.9) where no other reading of those glyphs is a billable code.
    A code that another billable code is one look-alike glyph away from needs OCR to be
    sure of its words too."""
    if billable(code) is not True:
        return False
    raw = _code_text("".join(w.text.strip() for w in words))
    dot_lost = "." in code and "." not in raw and len(raw) == len(code) - 1
    if dot_lost:
        raw = _with_dot(raw)  # the dot OCR lost: it always follows the category's 3 places
    if re.search(r"[a-z]", raw.replace("s", "S").replace("z", "Z")) or len(raw) != len(code):
        return False  # only 's' and 'z' read small are the same glyph as the capital
    raw = raw.upper()
    conf = min_conf(words)
    diffs = [i for i, (r, c) in enumerate(zip(raw, code)) if r != c]
    if dot_lost and diffs:
        return False  # a row letter glued on ('A223' for Z23) also reads without a dot
    if not diffs:  # spelled exactly: OCR's glyph score matters only if a neighbour exists
        close_only = conf >= 0.3  # a weak word may hide any look-alike, a fair one the closest
        return conf >= 0.7 or not any(
            billable(other) for other in _one_swap(code, close_only=close_only))
    if conf < 0.3 and not all(raw[i] in _LEAD_GLYPHS for i in diffs):
        # a '£' or '$' for the letter lowers OCR's score, not the reading; so does a digit
        # for the leading letter ('200.00'), which no code has. A weak word's digit may
        # stand for any letter ('510' was I10, G10 as much), so the rest of the code must
        # name one billable code whatever the letter, and no look-alike of its other glyphs
        # may spell another
        lead_only = diffs == [0] and raw[0].isdigit() and \
            [c for c in _LETTERS if billable(c + code[1:])] == [code[0]]
        if not lead_only or any(billable(other) for other in _one_swap(code, skip_first=True)):
            return False
    if len(diffs) > 2:
        return False
    readings = {raw}
    for i in diffs:
        options = (_SWAPS.get(raw[i], set()) | {_LEAD_GLYPHS.get(raw[i]), ICD_FIRST.get(raw[i])}
                   ) - {None, "."}
        if code[i] not in options:
            return False
        readings = {r[:i] + ch + r[i + 1:] for r in readings for ch in options}
    return {r for r in readings if billable(r)} == {code}


def _code_text(text: str) -> str:
    """A code's OCR text without what is no part of it: specks at the ends, a row letter
    glued on ('B..Z23'), a comma for its dot or beside it ('M25,561', 'M54,.50')."""
    text = text.strip(".,:;'\"`°|©®-_~()[]{}")
    text = re.sub(r"^[A-L][.,|-]+(?=[A-Z0-9$§£€][A-Z0-9]{2})", "", text)
    return re.sub(r"[.,]+", ".", text)


def _one_swap(code: str, *, close_only: bool = False, skip_first: bool = False) -> set[str]:
    compact = code.replace(".", "")
    out = set()
    for i, ch in enumerate(compact):
        if skip_first and i == 0:
            continue
        for alt in (_CLOSE_SWAPS if close_only else _SWAPS).get(ch, ()):
            out.add(_with_dot(compact[:i] + alt + compact[i + 1:]))
    out.discard(code)
    return out


def read_diagnoses(page: Page, a: dict[str, Anchor]) -> FieldValue | None:
    b21 = a.get("b21")
    if b21 is None:
        return None
    from extractors.claim_boxes import anchor_factor  # box geometry lives there
    words = box_words(page, a, "b21", right="b22", below="b24", depth=8)
    codes: list[str] = []
    used: list[Word] = []
    factor = 1.0
    sure = True  # every code read as printed and found in the code list
    for line in lines_of(words):
        if page.ocr and table_heading(line.words):
            continue  # box 24's headings reached into box 21
        # the row letter printed before each code is no part of it
        ws = [w for w in line.words if not re.fullmatch(r"[A-L][.)]", w.text.strip())]
        if page.ocr:
            found, unread = ocr_diagnosis_codes(ws)
            sure &= not unread
        else:
            # a text layer's codes are the form's own: one not in ICD-10-CM's shape is the
            # claim's defect, which the rules report (INVALID_ICD10), not a doubt of the reading
            found = [(w.text.strip(), 1.0 if ICD10.match(w.text.strip()) or _printed_code(w.text)
                      else 0.4, [w])
                     for w in ws if len(w.text.strip()) >= 3 and re.search(r"\d", w.text)]
        for code, f, ws_used in found:
            if code not in codes:
                codes.append(code)
                used.extend(ws_used)
                factor *= f
                sure &= page.ocr and read_unambiguously(code, ws_used)
    if not codes:
        return None
    conf = min_conf(used) * anchor_factor(b21) * factor
    if sure and b21.score >= 0.8:
        # each code a billable one no other reading of its glyphs gives, and nothing
        # code-like left unread in the box (factor above 0.25)
        conf = max(conf, SURE)
    return make_field("diagnosis_codes", codes, conf, page=page, words=used)


def _printed_code(text: str) -> bool:
    """A code-like token printed in box 21 of a text layer, in ICD-10-CM's shape or not:
    letters and digits with one dot inside ('11E.9', 'U0.71')."""
    return bool(PRINTED_CODE.fullmatch(text.strip()))


def ocr_diagnosis_codes(words: Sequence[Word]
                        ) -> tuple[list[tuple[str, float, list[Word]]], bool]:
    """Codes OCR read on one row of box 21, with a factor for the repairs made; a code-like
    word left unread (two or more digits) makes the row suspect. Only words close together
    are joined into one code. With the code list, a code that is no billable code is
    repaired to the one billable code a look-alike glyph away, or halved. Returns the codes
    and whether a code-like word was left unread."""
    found: list[tuple[str, float, list[Word]]] = []
    for seg in segments(words, gap=1.0):
        texts = [w.text.strip() for w in seg]
        at = 0
        for code, f, n in repair_icd10_words(texts):
            while at < len(texts) and not _starts(code, texts, at, n):
                at += 1
            found.append((code, f, list(seg[at:at + n])))
            at += n
    found = [_checked(code, f, ws) for code, f, ws in found]
    read = {id(w) for _, _, ws in found for w in ws}
    leftovers = [w for w in words if id(w) not in read and _code_like(w.text)]
    unread = False
    for w in leftovers:
        repaired = nearest_billable(w.text) if len(digits(w.text)) >= 2 else None
        if repaired is not None:
            found.append((repaired, 0.4, [w]))
        unread |= repaired is None
    if unread:
        found = [(c, f * UNREAD_ROW, ws) for c, f, ws in found]
    found.sort(key=lambda item: item[2][0].x0)
    return found, unread


def _code_like(text: str) -> bool:
    """A word that may be a code OCR could not read ('ROS.S', 'Kalo', 'ral.'): three or
    more letters and digits with a digit or a code's dot among them, or four or more with a
    capital, unlike the specks row letters and rules leave ('6.', 'tL', 'ook', 'join')."""
    core = re.sub(r"[^A-Za-z0-9]", "", text)
    if len(core) < 3:
        return False
    return bool(digits(core)) or "." in text or (len(core) >= 4 and core != core.lower())


# words of box 24's column headings, which OCR may place inside box 21's rows
_TABLE_HEADINGS = ("DIAGNOSIS", "CHARGES", "SERVICE", "PROCEDURES", "SUPPLIES", "POINTER")


def table_heading(line_words: Sequence[Word]) -> bool:
    return any(fuzz.ratio(re.sub(r"[^A-Z]", "", w.text.upper()), h) >= 80
               for w in line_words for h in _TABLE_HEADINGS)


def _checked(code: str, f: float, ws: list[Word]) -> tuple[str, float, list[Word]]:
    if billable(code) is not False:
        return code, f, ws
    repaired = nearest_billable("".join(w.text.strip() for w in ws))
    if repaired is None and code != "".join(w.text.strip() for w in ws):
        repaired = nearest_billable(code)
    if repaired is not None:
        return repaired, min(f, 0.8) * 0.5, ws
    return code, f * 0.5, ws


def _starts(code: str, texts: Sequence[str], at: int, n: int) -> bool:
    got = repair_icd10_words(texts[at:at + n])
    return bool(got) and got[0][0] == code
