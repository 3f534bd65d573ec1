"""Box 24 of a CMS-1500: service lines read by value shape, left to right."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from extractors.claim_boxes import anchor_factor
from extractors.claim_codes import (
    JUNK, MODIFIER, POINTER, SLASH_DATE, TO_DIGIT, date_from_digits, digits, money_from_tokens,
    money_str, repair_npi, repair_procedure, two_digit_year,
)
from extractors.claim_line_rows import is_line, npis_from_other_lines, one_row_per_reading
from extractors.form_anchors import Anchor
from extractors.forms import lines_of, make_field, min_conf, words_in
from extractors.page_model import Page, Word
from schemas.document import FieldValue

def _cell(name: str, value: str | list[str], words: Sequence[Word], factor: float,
          page: Page) -> FieldValue:
    return make_field(name, value, min_conf(words) * factor, page=page, words=words)


def _tok(w: Word) -> str:
    return w.text.strip(JUNK + " ,;:.‘’“”").upper()





def _date_cell(text: str, *, first: bool) -> str:
    """One date or place-of-service cell as OCR read it, without the rules around it;
    'o'/'l'/'i' in a short cell are 0/1, and the form's row number before a row's first
    cell ('1|08', '2/08') or a rule before another ('1/11') comes off."""
    bare = re.sub(r"^[^0-9A-Za-z]+|[^0-9A-Za-z]+$", "", text)
    # the row number before a row's first cell, a rule ('1', '|') before any other
    numbered = re.fullmatch((r"[1-6]" if first else r"[1Iil|!]") + r"[^0-9A-Za-z]+(\d{2})", bare)
    bare = numbered[1] if numbered else bare
    if len(bare) in (2, 3) and re.fullmatch(r"[0-9oOlLIi]+", bare) and not bare.isdigit():
        bare = bare.translate(str.maketrans("oOlLIi", "001111"))  # 'il' for 11, 'oz' stays
    return bare if bare else text


def _read_dates(ws: Sequence[Word]) -> tuple[int, list[Word], date | None, date | None,
                                             str | None, float] | None:
    """Leading service dates and place of service: 'MM DD YY MM DD YY POS' (box 24A/B) or
    'MM/DD/YYYY MM/DD/YYYY POS'. Returns (tokens used, their words, from, to, POS, factor)."""
    slash = [SLASH_DATE.match(_tok(w)) for w in ws[:2]]
    if slash and slash[0]:
        dates = []
        for m in slash:
            if not m:
                break
            yy = int(m[3])
            year = yy if len(m[3]) == 4 else two_digit_year(yy, past=False)
            try:
                dates.append(date(year, int(m[1]), int(m[2])))
            except ValueError:
                dates.append(None)
        i = len(dates)
        pos = _tok(ws[i]) if i < len(ws) and re.fullmatch(r"\d{2}", _tok(ws[i])) else None
        used = list(ws[:i + (1 if pos else 0)])
        return (len(used), used, dates[0], dates[1] if len(dates) > 1 else None, pos,
                1.0 if pos and len(dates) == 2 else 0.6)
    parts: list[str] = []
    used: list[Word] = []
    factor = 1.0
    i = 0
    while i < len(ws) and sum(map(len, parts)) < 14:
        t = _tok(ws[i])
        if len(t) == 1 and not t.isdigit() and parts:  # a cell rule read as 'i' or 'l'
            i += 1
            continue
        bare = _date_cell(t, first=not parts)
        if bare != t:  # '=|08', '26°', '[o2': the cell rules, letters for digits
            t, factor = bare, factor * 0.9
        if re.fullmatch(r"\d{2}[^0-9A-Za-z]\d{2}", t):  # two cells and the rule between them
            t, factor = digits(t), factor * 0.7
        if not t.isdigit():
            break
        if len(t) == 3 and t[0] == "1":  # a cell rule read as '1'
            t, factor = t[1:], factor * 0.6
        elif len(t) == 1:
            factor *= 0.5
        parts.append(t)
        used.append(ws[i])
        i += 1
    joined = "".join(parts)
    if len(joined) < 12:
        return None
    pos = joined[12:14] if len(joined) == 14 else None
    if pos is None:
        factor *= 0.5
    return (i, used, date_from_digits(joined[:6], past=False),
            date_from_digits(joined[6:12], past=False), pos, factor)


def _read_date_cells(ws: Sequence[Word]) -> tuple[int, list[Word], date | None, date | None,
                                                  str | None, float] | None:
    """The seven cells 'MM DD YY MM DD YY POS' read one word per cell, for a line whose
    digits do not join into two dates because OCR garbled a cell ('o9 3! 26 o9 14 26 1l'):
    a garbled cell is a word as wide as a cell that is no two digits; the date it belongs
    to is left out and the others are kept. Cell rules (words narrower than half their
    height: '1', 'l', '!') are skipped. None unless seven cells and four of them read."""
    cells: list[str | None] = []
    used: list[Word] = []
    i = 0
    while i < len(ws) and len(cells) < 7:
        w, t = ws[i], _tok(ws[i])
        two = re.fullmatch(r"(\d{2})[^0-9A-Za-z](\d{2})", t)  # '08.12': two cells, a rule
        if two and len(cells) < 6:
            cells.extend([two[1], two[2]])
            used.append(w)
            i += 1
            continue
        if len(t) > 3:
            break
        if w.x1 - w.x0 >= 0.5 * max(w.height, 1.0):  # narrower: a cell rule
            bare = _date_cell(t, first=not cells)
            cells.append(bare if re.fullmatch(r"\d{2}", bare) else None)
            used.append(w)
        i += 1
    if len(cells) < 7 or sum(c is not None for c in cells) < 4:
        return None

    def day(mm: str | None, dd: str | None, yy: str | None) -> date | None:
        return date_from_digits(mm + dd + yy, past=False) if mm and dd and yy else None
    return (i, used, day(*cells[0:3]), day(*cells[3:6]), cells[6], 0.6)


def _skip_unread_dates(ws: Sequence[Word]) -> tuple[int, list[Word], None, None, None, float]:
    """A line whose date cells OCR could not read at all: the short words before the first
    word of four characters or more (the procedure code's cell) are passed over, and so
    are whole dates garbled but for their year ('Ovesr2026')."""
    i = 0
    while i < len(ws) - 1 and (len(_tok(ws[i])) <= 3
                               or re.search(r"(19|20)\d\d\W*$", ws[i].text)):
        i += 1
    return i, [], None, None, None, _UNDATED


# 24F dollars | 24F cents | 24G units as OCR reads them: the rules between the cells come
# out as '|', '/', ']', '}', '-' or '.', or are lost ('7495/1' is 74.95 and 1 unit,
# '103| 521' is 103.52 and 1 unit, '49776' is 497.76)
_RULES = r"[\s|/\\\[\](){}!.,'\-lI]*"  # 'l', 'I': a rule read as a letter ('76 l66')
_SCANNED_CHARGE = re.compile(
    r"^\$?(\d+)" + _RULES + r"(\d{2})" + _RULES + r"(\d{1,2})?" + _RULES + "$")


def _scanned_charge_and_units(tail: Sequence[Word]) -> tuple[Decimal, str | None, float] | None:
    """Charge and units from the OCR words ending a service line, read as one string of
    cells; a reading that needed no guessing ('77.39 2') keeps more confidence."""
    if not tail:
        return None
    text = " ".join(w.text for w in tail)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # thousands separators
    text = re.sub(r"(?<=[\d|/])[oO](?=[\d|/\]}]|$)|(?<=[|/])[oO]", "0", text)  # 'o9' for 09
    if re.search(r"\s\$?\d+\.\d{2}\b", text):
        return None  # units before a printed amount ('3 $60.90'): not split cells
    # a rule before the dollars read as a point ('.27| 53} 1') comes off too
    m = _SCANNED_CHARGE.match(re.sub(r"^\.(?=\d+\D+\d{2})", "", text.strip(JUNK + " ")))
    if m is None:
        return None
    units = m[3].lstrip("0") or None if m[3] else None
    clean = re.fullmatch(r"\$?\d+\.\d{2}( \d{1,2})?", text.strip())
    dollars = m[1]
    if m.end(1) == m.start(2) and len(dollars) >= 2 and dollars.endswith("1"):
        dollars = dollars[:-1]  # '27117}': the rule before the cents read as '1'
    return Decimal(f"{dollars}.{m[2]}"), units, 1.0 if clean else 0.6


def _ambiguous_modifier(mod: str) -> bool:
    """An OCR'd modifier that may be something else: pointer letters ('AC') or letters
    that stand in for digits ('OS' for 95)."""
    return bool(POINTER.match(mod) or re.search(r"[OISZBGQD]", mod))


def _split_glued_npi(w: Word) -> list[Word]:
    """'$78.72_1716271626': a charge and the NPI OCR read as one word, cut in two."""
    m = re.fullmatch(r"(.*\d.*?)[_\s]+(\d{10})\W*", w.text)
    if m is None:
        return [w]
    cut = w.x0 + (w.x1 - w.x0) * len(m[1]) / len(w.text)
    return [Word(m[1], w.x0, w.top, cut, w.bottom, w.conf, w.bold, w.size),
            Word(m[2], cut, w.top, w.x1, w.bottom, w.conf, w.bold, w.size)]


def _bare_amount(w: Word) -> Word:
    """'«$34.99', '_s«$.23.04', '$15.36.': a dollar amount with specks around it."""
    m = re.search(r"\$\.?(\d[\d,]*\.\d{2})(?!\d)", w.text)
    if m is None or len(digits(w.text)) != len(digits(m[1])) or m[0] == w.text:
        return w
    return Word(m[1], w.x0, w.top, w.x1, w.bottom, w.conf * 0.9, w.bold, w.size)


def _units_edge(w: Word, page: Page) -> float:
    """Where a word sits for the units column: its right edge as printed, its left edge
    on OCR pages (OCR word boxes run on to the right over empty cells)."""
    return w.x0 if page.ocr else w.x1


def parse_service_line(words: Sequence[Word], page: Page, factor: float,
                       units_x: tuple[float, float] | None = None, *, undated: bool = False
                       ) -> dict[str, FieldValue] | None:
    """One service line, read by value shape left to right:
    FROM TO POS [EMG] CPT [MOD...] POINTER, then CHARGE and UNITS in either order, NPI.
    On OCR pages a line whose dates cannot be read is None, or with `undated` is read on
    from its procedure code (the caller decides whether the rest makes it a line)."""
    return _parse_line(words, page, factor, units_x, undated=undated)[0]


_UNDATED = 0.6  # the factor of a line read on past date cells it could not read


def _parse_line(words: Sequence[Word], page: Page, factor: float,
                units_x: tuple[float, float] | None = None, *, undated: bool = False
                ) -> tuple[dict[str, FieldValue] | None, str | None]:
    """parse_service_line, and the NPI cell's digits as read when its check digit failed."""
    ws = [w for w in sorted(words, key=lambda w: w.x0) if re.search(r"[A-Za-z0-9]", _tok(w))]
    if page.ocr:
        ws = [_bare_amount(part) for w in ws for part in _split_glued_npi(w)]
    got_dates = _read_dates(ws)
    if page.ocr and (got_dates is None or got_dates[2] is None and got_dates[3] is None):
        got_dates = _read_date_cells(ws) or got_dates
        if got_dates is None and undated:
            got_dates = _skip_unread_dates(ws)
    if got_dates is None:
        return None, None
    i, date_words, d_from, d_to, pos, f_dates = got_dates
    if i < len(ws) and len(_tok(ws[i])) == 1 and _tok(ws[i]).isalpha():
        i += 1  # 24C EMG
    if i >= len(ws):
        return None, None
    row: dict[str, FieldValue] = {}
    unconfirmed_npi = None
    if d_from is not None:
        row["date_from"] = _cell("date_from", d_from.isoformat(), date_words[:3] or date_words,
                                 factor * f_dates, page)
    if d_to is not None:
        row["date_to"] = _cell("date_to", d_to.isoformat(), date_words[3:6] or date_words,
                               factor * f_dates, page)
    if pos is not None:
        row["place_of_service"] = _cell("place_of_service", pos, date_words[-1:],
                                        factor * f_dates, page)
    shaped = [k for k in range(i, min(i + 3, len(ws))) if repair_procedure(_tok(ws[k]))[1] >= 0.7]
    if shaped and page.ocr:  # a stray cell (POS, EMG) OCR garbled before the code
        i = shaped[0]
    cpt = ws[i]
    code, f_cpt = repair_procedure(_tok(cpt))
    row["procedure_code"] = _cell("procedure_code", code, [cpt], factor * f_cpt, page)
    rest = ws[i + 1:]
    npis = [(j, got) for j in range(len(rest) - 1, -1, -1)
            if (got := repair_npi(rest[j].text, ocr=page.ocr)) is not None]
    if npis:
        npi_at, (npi, f_npi, confirmed) = npis[0]
        if not confirmed:
            unconfirmed_npi = "".join(TO_DIGIT.get(c, c) for c in _tok(rest[npi_at]))
        row["rendering_provider_npi"] = _cell("rendering_provider_npi", npi, [rest[npi_at]],
                                              factor * f_npi, page)
        npi_x0 = rest[npi_at].x0
        rest = rest[:npi_at]
        if page.ocr:  # the 24J 'NPI' caption just left of the number, however OCR read it
            h = max(rest[npi_at - 1].height if rest else 1.0, 1.0)
            rest = [w for w in rest if digits(w.text) or w.x1 < npi_x0 - 3 * h]
    rest = [w for w in rest if not re.fullmatch(r"N[A-Z0-9]{2}", _tok(w))]
    if units_x is not None:  # a units cell OCR read as a letter ('1' as 'J'): repair it
        for j, w in enumerate(rest):
            if units_x[0] <= _units_edge(w, page) <= units_x[1] and (
                    _tok(w) in {"J", "I", "L", "T", "|"}
                    or (page.ocr and re.fullmatch(r"[1Iil|]{1,2}[sS.]?", w.text.strip()))):
                rest[j] = Word("1", w.x0, w.top, w.x1, w.bottom, w.conf * 0.5, w.bold, w.size)
    first_num = len(rest)  # charge and units: the run of numbers ending the line
    while first_num > 0 and digits(rest[first_num - 1].text):
        first_num -= 1
    # the pointer is the last letters-only token before them (modifiers precede it)
    head = rest[:first_num]
    pointer_at = next((j for j in range(len(head) - 1, -1, -1) if POINTER.match(_tok(head[j]))),
                      None)
    before_pointer = head if pointer_at is None else head[:pointer_at]
    mods_words = [w for w in before_pointer if MODIFIER.match(_tok(w))
                  or (page.ocr and re.fullmatch(r"[A-Z0-9]{4}", _tok(w)))]
    if mods_words:
        # two modifiers OCR read as one word ('RT59', 'LTGT') come apart
        mods = [m for w in mods_words for m in re.findall(r"[A-Z0-9]{2}", _tok(w))]
        # a word left over between the code and the pointer may be a modifier misread
        doubtful = (len(mods_words) < len(before_pointer) or len(mods) > len(mods_words)
                    or any(map(_ambiguous_modifier, mods)))
        f_mods = 0.6 if page.ocr and doubtful else 1.0
        row["modifiers"] = _cell("modifiers", mods, mods_words, factor * f_mods, page)
    if pointer_at is not None:
        pw = head[pointer_at]
        row["diagnosis_pointer"] = _cell("diagnosis_pointer", _tok(pw), [pw], factor, page)
    tail = rest[first_num:]
    if page.ocr:  # a second, shorter reading of a word's own ink ('418.20|' and '82' in it)
        tail = [w for w in tail if not any(
            o.x0 <= w.x0 and w.x1 <= o.x1 and o.x1 - o.x0 > w.x1 - w.x0 for o in tail)]
    scanned = _scanned_charge_and_units(tail) if page.ocr else None
    if scanned is not None:
        amount, units, f_scan = scanned
        row["charge"] = _cell("charge", money_str(amount), tail, factor * f_scan, page)
        if units is not None:
            row["units"] = _cell("units", units, tail[-1:], factor * 0.6, page)
        tail = []
    j = 0
    while j < len(tail):
        t = _tok(tail[j])
        money_like = bool(re.search(r"[$.,/|]", tail[j].text)) or len(digits(t)) >= 3
        split_cents = (j + 1 < len(tail) and re.fullmatch(r"\d{2}", _tok(tail[j + 1]))
                       and "charge" not in row and t.isdigit()
                       and tail[j + 1].x0 - tail[j].x1 < 4.0 * max(tail[j].height, 1.0))
        glued = re.fullmatch(r"(\d+)[/|!\]\[)](\d{2})[/|!\]\[)}.]*(\d{1,2})", t)
        if "charge" not in row and glued:  # charge cells and units read as one word
            amount = Decimal(f"{glued[1]}.{glued[2]}")
            row["charge"] = _cell("charge", money_str(amount), [tail[j]], factor * 0.6, page)
            if "units" not in row:
                row["units"] = _cell("units", glued[3], [tail[j]], factor * 0.5, page)
            j += 1
            continue
        if "charge" not in row and (money_like or split_cents):
            got = money_from_tokens(tail[j:j + 2])
            if got is not None:
                amount, used, f_money = got
                row["charge"] = _cell("charge", money_str(amount), used, factor * f_money, page)
                j += len(used)
                continue
        in_units = units_x is None or units_x[0] <= _units_edge(tail[j], page) <= units_x[1]
        if units_x is None and page.ocr:  # 24G is right of 24F: numbers before it are charge
            in_units = j == max(k for k, w in enumerate(tail) if re.fullmatch(r"\d+", _tok(w))) \
                if re.fullmatch(r"\d+", t) else False
        if "units" not in row and re.fullmatch(r"\d+(\.\d+)?", t) and in_units:
            # with no charge read beside it, which number is the units cell is a guess
            f_units = 0.6 if page.ocr and "charge" not in row else 1.0
            row["units"] = _cell("units", t, [tail[j]], factor * f_units, page)
        j += 1
    return row, unconfirmed_npi


def read_service_lines(page: Page, a: dict[str, Anchor]) -> list[dict[str, FieldValue]]:
    b24 = a.get("b24")
    if b24 is None:
        return []
    h = b24.height
    bottom = a["b25"].top - 0.3 * h if "b25" in a else b24.bottom + 30 * h
    words = words_in(page, b24.x0 - 1.5 * h, b24.bottom + 0.5 * h, page.width, bottom)
    factor = anchor_factor(b24)
    rows: list[dict[str, FieldValue]] = []
    raw_npis: list[str | None] = []
    for line in lines_of(words):
        if not is_line(_parse_line(line.words, page, factor, undated=True)[0]):
            continue
        # values printed a little above or below the row (charges, units) join it
        hs = sorted(w.height for w in line.words)
        rh = hs[len(hs) // 2]
        centre = sum((w.top + w.bottom) / 2 for w in line.words) / len(line.words)
        extra = [w for w in words if w not in line.words
                 and abs((w.top + w.bottom) / 2 - centre) <= 0.9 * rh
                 and len(_tok(w)) >= 2 and re.search(r"\d", w.text)
                 and not re.search(r"[-—~_]{2,}", w.text)]
        row, raw_npi = _parse_line([*line.words, *extra], page, factor, undated=True)
        if row and is_line(row):
            rows.append(row)
            raw_npis.append(raw_npi)
    if page.ocr:
        rows, raw_npis = one_row_per_reading(rows, raw_npis)
        npis_from_other_lines(rows, raw_npis, page)
    return rows
