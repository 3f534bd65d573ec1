"""How surely a scanned receipt header's words were read, and OCR's look-alikes put right.

The vendor name and address are only as sure as the words they keep; specks OCR read in
the margin ('¢', '|') are not part of them, and an address's designator words ('APT.',
'SUITE', 'JALAN') come from a closed vocabulary: read exactly as one of them, a word is
what the slip prints whatever OCR's confidence in it, since a misreading would not land on
another member. House numbers, street and town names, state and postcode have no such
check: their OCR confidence stands, and printed small their digits are not trusted at all.
"""
from __future__ import annotations

import re

from extractors.page_model import Line
from extractors.receipt_evidence import MIN_SURE_DIGIT_PX

_DESIGNATOR = re.compile(r"(apt|suite|ste|unit|floor|level|lot|no|jalan|jln|taman|tmn)",
                         re.IGNORECASE)
_QUOTES_AND_STOPS = ".,:;'\"‘’“”"
_NUMBER_AFTER_NO = re.compile(r"\b((?i:no|lot))([.:]\s?|\s)([0-9SOIl]{1,4})\b")
_DIGIT_LOOKALIKES = str.maketrans("SOIl", "5011")


def kept_words_conf(lines: list[Line]) -> float:
    """The lowest OCR confidence among the words the value keeps (specks such as '¢' or
    '|' are cleaned out of it, so their confidence says nothing about it)."""
    words = [w for ln in lines for w in ln.words if re.search(r"[\w&]", w.text)]
    return min((w.conf for w in words), default=min(ln.conf for ln in lines))


def address_words_conf(lines: list[Line]) -> float:
    """The lowest OCR confidence among the address words that could be misread: house
    numbers, street and town names, state and postcode, not its designator words."""
    words = [w for ln in lines for w in ln.words if re.search(r"[\w&]", w.text)
             and not _DESIGNATOR.fullmatch(w.text.strip(_QUOTES_AND_STOPS))]
    return min((w.conf for w in words), default=kept_words_conf(lines))


def small_digits(lines: list[Line]) -> bool:
    """Digits printed under MIN_SURE_DIGIT_PX: OCR swaps them and reports them sure."""
    return any(re.search(r"\d", w.text) and w.bottom - w.top < MIN_SURE_DIGIT_PX
               for ln in lines for w in ln.words)


def house_number(address: str) -> str:
    """The house number after 'NO.' with OCR's letter look-alikes put back to digits
    ('NO.S7' -> 'NO.57'): that word is a number, so an S there is a 5."""
    def digits(m: re.Match) -> str:
        number = m[3]
        if not any(c.isdigit() for c in number):
            return m[0]
        return m[1] + m[2] + number.translate(_DIGIT_LOOKALIKES)
    return _NUMBER_AFTER_NO.sub(digits, address)


# 'Sendirian Berhad' (a Malaysian private company) is printed 'SDN BHD' or 'SDN. BHD.':
# nothing else stands before BHD at the end of a name, so 'SON' there is SDN with its D
# read as O, and after SDN a three-letter 'BHO', 'BH0', '8HD' is BHD
_SDN_LOOKALIKE = re.compile(r"(?<![&\w])(?<!&\s)(?<!\b(?i:and)\s)"
                            r"(SON|S0N|5DN)(\.?\s+BHD\b\.?)\s*$")
_BHD_LOOKALIKE = re.compile(r"(\bSDN\.?\s+)(BHO|BH0|8HD)(\.?)\s*$")


def legal_form(name: str) -> str:
    """A Malaysian legal form at the end of a name with OCR's look-alikes put right
    ('WARISAN JAYA SON BHD' -> 'WARISAN JAYA SDN BHD'); a word that happens to be 'SON'
    elsewhere, or after '&' ('LIM & SON BHD'), is left alone."""
    name = _SDN_LOOKALIKE.sub(lambda m: "SDN" + m[2], name)
    return _BHD_LOOKALIKE.sub(lambda m: m[1] + "BHD" + m[3], name)
