"""Names on a scanned CMS-1500 read as the ink lies: a label word OCR ran into the value
under it is left out, and of a name the form prints twice (boxes 2 and 4 for a patient who
is the insured, boxes 31 and 33 for a physician who bills under his own name) the reading
OCR was sure of mends the one it doubted.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.form_anchors import Anchor
from extractors.forms import lines_of, make_field, words_in
from extractors.page_model import Page, Word
from schemas.document import FieldValue

# OCR's word score under which a word of a name is its own doubt
DOUBTED = 0.5
# and the score the other reading's word needs to stand in for it
SURE = 0.85
NAME_WORD = re.compile(r"[A-Z][A-Z'.,-]*")


def off_label_row(words: Sequence[Word], anchor: Anchor) -> list[Word]:
    """The box's words less one that starts on its label's row and reaches down over a
    word of the value's first line: OCR ran label ink and the value's first letters into
    one tall word ('har' over '2. PATIENT' and 'HARPER,'). A value starts below its label;
    a tall word with no value word under it may be the value itself, read from a smudge."""
    h = anchor.height
    middle = (anchor.top + anchor.bottom) / 2

    def over_value(w: Word) -> bool:
        return w.top < middle and w.bottom > anchor.bottom + h and any(
            v is not w and anchor.bottom - 0.2 * h <= v.top <= anchor.bottom + 1.5 * h and
            min(v.x1, w.x1) - max(v.x0, w.x0) > 0 for v in words)
    return [w for w in words if not over_value(w)]


def signer_lines(page: Page, anchor: Anchor, right: float) -> list[list[Word]]:
    """Lines of box 31 (signature of physician or supplier) that read as a typed name: two
    words or more, every one capitals."""
    h = anchor.height
    words = words_in(page, anchor.x0 - 0.8 * h, anchor.bottom, right, anchor.bottom + 9 * h)
    return [ln.words for ln in lines_of(words)
            if len(ln.words) >= 2 and all(NAME_WORD.fullmatch(w.text) for w in ln.words)]


def mended_by(page: Page, weak: FieldValue, strong: Sequence[tuple[str, float]]) -> str | None:
    """`weak`'s value with the words OCR doubted taken from another reading of the same
    name (its words and OCR's scores), or None when there is nothing to mend or the two
    are not one name. The readings must have as many words, two at least; each word either
    reads the same in both (and is kept as `weak` has it) or is doubted in `weak` (scored
    under DOUBTED, or not a capital word) and looks like the other's (fuzzy 60), which OCR
    read surely (SURE). One word at least, of two letters or more, must read the same:
    names a word apart are two people, and so are names a glyph apart in words OCR was
    sure of."""
    if weak.bbox is None:
        return None
    tokens = str(weak.value).split()
    if len(tokens) != len(strong) or len(tokens) < 2:
        return None
    seen = words_in(page, *weak.bbox)
    same, out = 0, []
    for token, (sure, conf) in zip(tokens, strong):
        if _letters(token) == _letters(sure):
            same += len(_letters(token)) >= 2
            out.append(token)
            continue
        if not _doubted(token, seen) or conf < SURE or not NAME_WORD.fullmatch(sure) or \
                fuzz.ratio(token.upper(), sure) < 60:
            return None
        out.append(sure)
    value = " ".join(out)
    return value if same and value != str(weak.value) else None


def _doubted(token: str, seen: Sequence[Word]) -> bool:
    if not NAME_WORD.fullmatch(token):
        return True
    scores = [w.conf for w in seen if token in w.text]
    return not scores or min(scores) < DOUBTED


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def mend_name(fields: dict[str, FieldValue], name: str, page: Page,
              strong: Sequence[tuple[str, float]]) -> None:
    """Put `name`'s value mended from the other reading, its confidence as it was: the
    words it took were doubted where they were read."""
    weak = fields.get(name)
    if weak is None or not strong:
        return
    value = mended_by(page, weak, strong)
    if value is not None:
        fields[name] = make_field(name, value, weak.confidence, page=page, bbox=weak.bbox)


def reading(page: Page, field: FieldValue | None) -> list[tuple[str, float]]:
    """A field's words with OCR's score of the word each was read from (0 when none is
    found: a word a repair made up)."""
    if field is None or field.bbox is None:
        return []
    seen = words_in(page, *field.bbox)
    return [(t, max((w.conf for w in seen if _letters(t) and _letters(t) == _letters(w.text)),
                    default=0.0)) for t in str(field.value).split()]


NAME_FIELDS = ("payer_name", "patient_name", "insured_name", "referring_provider_name",
               "service_facility_name", "billing_provider_name")


def drop_letterless_names(fields: dict[str, FieldValue]) -> None:
    """A name box whose reading holds no two capitals side by side and no digit ('js' at
    an empty box 17's edge, 'ae'): the form's names print in capitals, so OCR read a
    rule's edge or a speck there, not a name. The field is absent, as for an empty box."""
    for name in NAME_FIELDS:
        fv = fields.get(name)
        if fv is not None and not re.search(r"[A-Z]{2}|\d", str(fv.value)):
            del fields[name]
