"""Who issued a till receipt: the vendor name and address from the receipt's header block.

A till slip prints, centred at the top and before the first item, date or title line:
the shop's name (sometimes over two lines, a legal form such as "SDN BHD" alone on the
second), a company-registration number such as "(123456-X)" or "Co. Reg. No. ...", the
address lines, then phone/fax, tax number, the title ("TAX INVOICE", "RECEIPT") and the
receipt number, cashier and date. Handwritten notes and stamps above the name come out of
OCR as short, lower-case or symbol-ridden lines and are skipped.

`extract_receipt_vendor(doc)` returns the `vendor_name` and `vendor_address` fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.candidates import Candidate, to_field
from extractors.invoice_parties import LEGAL_FORM
from extractors.layout import PageLines
from extractors.line_items import header_columns
from extractors.page_model import Line
from extractors.receipt_header_geometry import header_bbox, shared_axis
from extractors.receipt_header_words import (address_words_conf, house_number,
                                             kept_words_conf, legal_form, small_digits)
from schemas.document import FieldValue

MAX_HEADER_LINES = 16
UNSURE_TEXT_CAP = 0.85  # laid out unlike a till slip: a person checks
TRUSTED_NAME = 0.9  # the receipt review floor
NAMELESS_CAP = 0.5  # an address whose name the header does not print: a person checks

_CONTACT = re.compile(
    r"\b(tel|telephone|phone|ph|fax|h/?p|hotline|mobile|e-?mail|website|gst|vat|sst|tin|"
    r"abn|ein|tax\s*id|tax\s*no|hours)\b|@|www\.|https?:", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\d-])\+?\d{2,4}\s?[-–]\s?\d{3,4}[\s-]?\d{3,5}(?![\d-])")
_TAX_ID = re.compile(r"\b([g6]st|vat|sst|tin|abn|ein|tax\s*id|tax\s*no)\b", re.IGNORECASE)
_TITLE = re.compile(r"(simplified|official)?(tax)?(invoice|receipt|cashbill|cashsales?|"
                    r"creditnote|guestcheck)")
_LONG_NUMBER = re.compile(r"\d{10,}")
_TITLE_WORDS = frozenset({
    "tax", "invoice", "receipt", "simplified", "cash", "bill", "sales", "official",
    "credit", "note", "guest", "check", "copy", "original", "duplicate", "sale", "order",
    "quittung", "kassenbon", "recu", "recibo", "ticket", "facture", "rechnung"})
_BODY = re.compile(
    r"\b(cashier|counter|terminal|table|salesperson|station|member|pax|served by|"
    r"operator|pos|till|trn|(doc|receipt|invoice|bill|order|ref|transaction|txn|slip)"
    r"\s*(no|#|number)|date|time)\b|#\s*\d", re.IGNORECASE)
# a street named '... Station' under a number ('983 RAMIREZ STATION'), not a till station
_STATION_STREET = re.compile(
    r"^\d{1,6}\s+[A-Za-z][A-Za-z .'-]*\bstation(\s+(apt|suite|ste|unit)\.?\s*\w+)?\s*$",
    re.IGNORECASE)
_MONEY_END = re.compile(r"\d[.,]\d{2}\W{0,2}$")
_DATE = re.compile(r"\b\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}\b|"
                   r"\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
                   r"\d{2,4}\b", re.IGNORECASE)
_REG_LABEL = re.compile(
    r"^\W*((co(mpany)?|business|roc|ssm)\.?\s*(reg(istration)?\.?)?\s*(no|number)?\.?|"
    r"reg(istration)?\.?\s*(no|number)?\.?)[\s:.#]*", re.IGNORECASE)
_REG_BODY = re.compile(r"^[A-Z]{0,3}\d[\dA-Z]{4,}-?[A-Z]?$")
_REG_SUFFIX = re.compile(
    r"\s*[(\[{]\s*(co\.?\s*reg\.?\s*(no\.?)?\s*[:.]?\s*)?[A-Z]{0,3}\s?\d[\d\s]{3,}\d?"
    r"\s*-?\s*[A-Z]?\s*[)\]}]?\s*$", re.IGNORECASE)
_ADDRESS_WORDS = re.compile(
    r"\b(no|lot|level|lvl|unit|suite|ste|apt|floor|flr|fl|blk|block|jalan|jln|lorong|"
    r"taman|tmn|kawasan|bandar|bangunan|wisma|plaza|menara|kompleks|persiaran|lebuh|batu|"
    r"kampung|kg|street|st|road|rd|avenue|ave|lane|ln|drive|dr|blvd|boulevard|way|court|"
    r"highway|hwy|square|sq|place|pl|strasse|str|rue|calle|via|p\.?o\.? box|"
    r"industrial|estate|park|centre|center|mall)\b\.?", re.IGNORECASE)
_POSTCODE = re.compile(r"\b\d{5}\b|\b[A-Z]{2}\s\d{5}(-\d{4})?\b|"
                       r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
_CITY_LINE_END = re.compile(r"[A-Za-z][.,]*\s+([A-Z]{2}\.?\s)?\d{5}(-\d{4})?\W{0,2}$")
_POSTCODE_TOWN = re.compile(r"(^|[\s,])\d{5},?\s+[A-Z][A-Za-z]{2,}")
_BRANCH = re.compile(r"^\W*\(.*\)\W*$")  # '(PASAR RAYA SENAWANG)': the branch, not the address
# a legal form alone on a line, after a bracketed country letter ('(M) SDN BHD', 'M) BHD');
# two letters without brackets are a name ('YU PLC')
_LEGAL_ONLY = re.compile(r"^((\([A-Z]{1,2}\)?|[A-Z]{1,2}\)|[A-Z])\s*)?"
                         r"((sdn\.?|bhd\.?|s/b|co\.?|ltd\.?|inc\.?|llc|gmbh|ag|plc|limited|"
                         r"pvt\.?|pte\.?|berhad|sendirian)\s*)+$", re.IGNORECASE)
_NAME_CONTINUES = re.compile(r"(&|\band|[-,])$", re.IGNORECASE)
_JUNK_TOKEN = re.compile(r"[^\w.,&'’()/:#@+\-!]")


@dataclass(frozen=True, slots=True)
class HeaderLine:
    index: int
    line: Line
    kind: str  # name | address | registration | numeric | date | noise | stop

    @property
    def text(self) -> str:
        return self.line.text


def classify_line(line: Line) -> str:
    """What a header line is, from its text alone."""
    text = line.text.strip()
    letters = sum(c.isalpha() for c in text)
    compact = re.sub(r"\s", "", text)
    if not compact:
        return "noise"
    if _REG_LABEL.match(text) and _is_registration(_REG_LABEL.sub("", text)) or \
            _ends_in_registration(text):
        return "registration"
    if _TAX_ID.search(text):
        return "taxid"
    if _CONTACT.search(text) or _PHONE.search(text):
        return "stop"
    if _DATE.search(text):
        return "date"
    if _is_registration(text):
        return "registration"
    street = line.conf >= 1.0 and _STATION_STREET.match(text)  # text layer: words sure
    if header_columns(line) is not None or (_BODY.search(text) and not street):
        return "stop"
    words = [w for w in re.findall(r"[A-Za-z]+", text)]
    if words and all(w.lower() in _TITLE_WORDS for w in words) or \
            _TITLE.fullmatch(re.sub(r"[^a-z]", "", text.lower())):
        return "stop"
    if _MONEY_END.search(text) and not _ADDRESS_WORDS.search(text):
        return "stop"
    if _LONG_NUMBER.search(compact) and letters < 6:
        return "stop"
    if letters == 0 and sum(c.isdigit() for c in text) >= 5:
        return "numeric"
    if _only_address_words(text):
        return "address"  # 'APT.' alone: OCR set part of a street line apart
    if _is_address(text) and not (LEGAL_FORM.search(text) and not re.search(r"\d", text)):
        return "address"
    if _CITY_LINE_END.search(text) and re.search(r"[A-Za-z]{3}", text):
        return "address"  # 'MARCFORT,. NE 66604': a town and its postcode, specks and all
    if _POSTCODE_TOWN.search(text):
        return "address"  # 'SENTUL, 51000 KUALA LUMPUR': a postcode before its town
    if _is_noise(clean_name(text)):
        return "noise"
    return "name"


def _is_registration(text: str) -> bool:
    body = re.sub(r"[^0-9A-Za-z-]", "", text).upper()
    digits = sum(c.isdigit() for c in body)
    return digits >= 5 and digits >= 0.7 * len(body.replace("-", "")) \
        and bool(_REG_BODY.match(body)) \
        and not _POSTCODE.fullmatch(text.strip())


_REG_CODE = re.compile(r"^\(?[A-Z]{0,3}\d{5,}\s?-\s?[A-Z]\)?$")


def _ends_in_registration(text: str) -> bool:
    """'Conpany No 002643278-A': a few label words (however misread) and a company number
    with its check letter, no street words."""
    tokens = text.split()
    return 1 < len(tokens) <= 4 and bool(_REG_CODE.match(tokens[-1])) and \
        not _ADDRESS_WORDS.search(re.sub(r"\bno\b", "", " ".join(tokens[:-1]), flags=re.I))


def _only_address_words(text: str) -> bool:
    tokens = [t.strip(".,:;'\"‘’“”") for t in text.split()]
    return bool(tokens) and all(t and _ADDRESS_WORDS.fullmatch(t) for t in tokens) and \
        not all(t.lower() in ("no", "st", "dr", "pl", "sq", "way", "park") for t in tokens)


def _is_address(text: str) -> bool:
    stripped = text.strip(" '\"‘’“”-_.,")
    if re.match(r"^\d", stripped) and re.search(r"[A-Za-z]{2}", stripped):
        return True
    if re.match(r"^(no|lot|level|unit|suite|blk|block)\b\.?\s*:?\s*\d", stripped,
                re.IGNORECASE):
        return True
    return bool(_ADDRESS_WORDS.search(text) and (re.search(r"\d", text) or
                                                re.search(r"\b(jalan|jln|taman|tmn|"
                                                          r"kawasan|bandar|lorong)\b",
                                                          text, re.IGNORECASE)))


def _is_noise(text: str) -> bool:
    """Handwritten notes, stamps and specks: few letters, no capitals, odd symbols."""
    letters = sum(c.isalpha() for c in text)
    if letters < 3 or not any(c.isupper() for c in text):
        return True
    compact = text.replace(" ", "")
    if letters < 0.6 * len(compact):
        return True
    tokens = text.split()
    junk = sum(bool(_JUNK_TOKEN.search(t)) and not _mostly_capitals(t) for t in tokens)
    if junk and len(tokens) <= 2:
        return True
    longest = max((len(w) for w in re.findall(r"[A-Za-z]+", text)), default=0)
    if longest < 3:
        return True
    # a shop prints its name in capitals or title case: a line of mostly lower-case words
    # ('pet. SmN mee') is handwriting or OCR's reading of a logo
    words = re.findall(r"[A-Za-z]+", text)
    return sum(w[0].islower() for w in words) > len(words) / 2


def _mostly_capitals(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def header_lines(pl: PageLines) -> list[HeaderLine]:
    """The receipt's top lines up to the first stop line (contact, title, body, amount);
    a date line ends the header only once the address has begun."""
    out: list[HeaderLine] = []
    address_seen = False
    for i, line in enumerate(pl.lines[:MAX_HEADER_LINES]):
        kind = classify_line(line)
        name_seen = any(h.kind == "name" for h in out)
        if kind == "taxid":  # a tax number between the name and its address: skip it
            if address_seen:
                break
            continue
        if kind == "stop" or (kind == "date" and address_seen):
            if name_seen or address_seen or (kind == "stop" and i > 3):
                break
            continue  # a title, contact or date line above the name: keep looking
        if kind == "numeric" and address_seen:
            break  # a bare tax or phone number after the address
        address_seen = address_seen or kind == "address"
        out.append(HeaderLine(i, line, kind))
    return out


def pick_name(header: list[HeaderLine]) -> tuple[list[HeaderLine], float]:
    """The vendor-name lines and a strength (0..1): the first line with a legal form above
    the address, else the name-like line closest above the address (the top one when no
    address is printed)."""
    first_address = next((k for k, h in enumerate(header) if h.kind == "address"),
                         len(header))
    names = [k for k in range(first_address) if header[k].kind == "name"
             and not _LEGAL_ONLY.match(header[k].text.strip())]
    if not names:
        return _name_in_address_block(header, first_address), 0.5
    legal = [k for k in names if LEGAL_FORM.search(header[k].text)]
    if legal:
        k = legal[0]
    else:  # the line just above the address; with no address, the top line
        k = names[-1] if first_address < len(header) else names[0]
    chosen = [header[k]]
    if header[k].text.lstrip().startswith("(") and k - 1 in names:
        chosen.insert(0, header[k - 1])  # '(KEPONG) SDN BHD' goes on from the line above
        k -= 1
    after = k + len(chosen)
    nxt = header[after] if after < len(header) else None
    if nxt is not None and nxt.kind == "name" and (
            _LEGAL_ONLY.match(nxt.text.strip()) or
            _NAME_CONTINUES.search(chosen[-1].text.strip()) or _BRANCH.match(nxt.text)
            or re.match(r"^\(.*\)\s*(sdn|bhd|s/b|ltd|co)", nxt.text.strip(), re.IGNORECASE)):
        chosen.append(nxt)
    strength = 0.5 + 0.2 * bool(legal) + 0.2 * (len(names) == 1) + \
        0.1 * (first_address < len(header))
    return chosen, strength


def _name_in_address_block(header: list[HeaderLine], first: int) -> list[HeaderLine]:
    """No name line above the address: a first 'address' line that is a number and words
    with no street word or postcode, followed by the address ('88 MINI MART'), is the
    name; otherwise the name was a logo OCR did not read."""
    if first + 1 >= len(header) or header[first + 1].kind != "address":
        return []
    text = header[first].text
    if _ADDRESS_WORDS.search(text) or _POSTCODE.search(text) or \
            not re.match(r"^\d{1,3}\s+[A-Z]{2,}", text.strip()):
        return []
    return [header[first]]


def pick_address(header: list[HeaderLine], name: list[HeaderLine]) -> list[HeaderLine]:
    """Address lines after the name: from the first address-like line to the end of the
    header, registration numbers and stray dates skipped."""
    after = name[-1].index if name else -1
    rest = [h for h in header if h.index > after]
    start = next((k for k, h in enumerate(rest) if h.kind == "address"), None)
    if start is None:
        return []
    out: list[HeaderLine] = []
    postcode_seen = False
    closed = False  # the state or country line after the postcode: only a branch follows
    for h in rest[start:]:
        if postcode_seen and _BRANCH.match(h.text):
            if _branch_line(h, out):
                out.append(h)
            break
        if closed:
            break
        if h.kind not in ("address", "name"):
            continue
        out.append(h)
        closed = postcode_seen
        postcode_seen = postcode_seen or bool(_POSTCODE.search(h.text))
    return out


def _branch_line(h: HeaderLine, address: list[HeaderLine]) -> bool:
    """'(PASAR RAYA SENAWANG)' printed right under the postcode line: the outlet the slip
    comes from, the last line of the shop's address (a chain prints one head-office
    address on every slip and names the branch below it in brackets)."""
    words = re.findall(r"[A-Za-z]{2,}", h.text)
    return bool(address) and h.index == address[-1].index + 1 and \
        h.kind in ("name", "address") and len(words) >= 2 and \
        sum(w.isupper() for w in words) >= 0.8 * len(words)


def clean_name(text: str) -> str:
    text = _REG_SUFFIX.sub("", text)
    text = re.sub(r"(?<![A-Za-z])\$(?=[A-Za-z/])", "S", text)  # OCR reads S as $
    return legal_form(_clean(text))


def _clean(text: str) -> str:
    tokens = [t for t in text.split() if re.search(r"[\w&]", t)]
    text = " ".join(tokens)
    return text.strip(" '\"‘’“”`_|-:;~")


def extract_receipt_vendor(doc: list[PageLines]) -> dict[str, FieldValue]:
    if not doc or not doc[0].lines:
        return {}
    pl = doc[0]
    header = header_lines(pl)
    name_lines, strength = pick_name(header)
    if not name_lines:
        return _address_only(pl, header)
    name = clean_name(" ".join(h.text for h in name_lines))
    if sum(c.isalpha() for c in name) < 2:
        return {}
    address_lines = pick_address(header, name_lines)
    postcode = any(_POSTCODE.search(h.text) for h in address_lines)
    after = [classify_line(ln) for ln in pl.lines[address_lines[-1].index + 1:]
             if not _BRANCH.match(ln.text)] if address_lines else []
    after = [k for k in after if k != "noise"]
    # specks and the branch's name between the address and the phone line skipped
    ended = bool(after) and after[0] == "stop"
    first_line = name_lines[0].index == next((h.index for h in header if h.kind != "noise"),
                                             -1)
    block = name_lines + address_lines
    # laid out as a till slip prints it: one column on a text layer; on a scan, where OCR
    # splits a line at wide spaces, the lines centred on one axis
    slip = shared_axis(block, pl.page.width) if pl.page.ocr else \
        all(len(pl.phrases[h.index]) == 1 for h in block)
    # trusted only with the name on top and an address ending in a postcode, closed by a
    # phone, tax or title line; on a scan the words' OCR confidence then decides. A name
    # taken from the top of the address block ('99 SPEED MART') may be its street line
    # ('774 ORR COVE' under a logo OCR lost): never trusted
    in_address = name_lines[0].kind == "address"
    sure = slip and first_line and postcode and ended and not in_address
    label = min(1.0, strength + 0.1 * postcode + 0.1 * first_line)
    name_cand = Candidate(value=name, score=label, label=label,
                          shape=0.7 + 0.15 * postcode + 0.15 * ended,
                          ocr=kept_words_conf([h.line for h in name_lines]),
                          page=pl.page.number,
                          bbox=header_bbox(name_lines))
    cap = 1.0 if sure else UNSURE_TEXT_CAP
    fields = {"vendor_name": to_field("vendor_name", name_cand, 1.0, cap=cap)}
    if address_lines:
        address = house_number(_clean(" ".join(_clean(h.text) for h in address_lines)))
        # the address is trusted with its name as laid out (a fixed bar, not the name's
        # calibrated threshold, and not how surely OCR read the name's own words)
        laid_out = to_field("vendor_name", replace(name_cand, ocr=1.0), 1.0, cap=cap)
        sure = sure and laid_out.confidence >= TRUSTED_NAME
        cand = Candidate(value=address, score=1.0, label=0.95 if sure else 0.4,
                         shape=0.95 if sure else 0.7,
                         ocr=address_words_conf([h.line for h in address_lines]),
                         page=pl.page.number,
                         bbox=header_bbox(address_lines))
        # house numbers and postcodes in small print: OCR swaps digits and reports them sure
        small = pl.page.ocr and small_digits([h.line for h in address_lines])
        fields["vendor_address"] = to_field("vendor_address", cand, 1.0 if sure else 0.5,
                                            cap=min(cap, UNSURE_TEXT_CAP) if small else cap)
    return fields


def _address_only(pl: PageLines, header: list[HeaderLine]) -> dict[str, FieldValue]:
    """A header that starts with its address (the name a logo OCR could not read): the
    address, always reviewed, and no name."""
    lines = pick_address(header, [])
    if not lines:
        return {}
    cand = Candidate(value=_clean(" ".join(_clean(h.text) for h in lines)), score=0.4,
                     label=0.4, shape=0.7, ocr=address_words_conf([h.line for h in lines]),
                     page=pl.page.number,
                     bbox=header_bbox(lines))
    return {"vendor_address": to_field("vendor_address", cand, 0.5, cap=NAMELESS_CAP)}
