"""Cues about the vendor beyond the letterhead's layout (used by invoice_parties).

- The company's legal identification, printed in European footers: 'Lumen SAS au capital
  de 1.200.000 Euros - RCS Lyon', 'Sarl au capital de 10 000€ - Siret ...'. The name that
  opens such a line, or heads the footer block above it, is the issuer's.
- The bank account's holder ('Titulaire du compte : ATELIER MORIN', 'Account holder: ...'):
  the party to be paid, i.e. the vendor.
- Phrases that are no name: a field label ('Numéro de ligne', 'Id. client', 'Adresse de
  l'installation') or a street line ('12 rue des Lilas', 'Kerkstraat 7, 1234 AB, Zwolle').
"""
from __future__ import annotations

import re
from dataclasses import replace

from extractors.candidates import Candidate
from extractors.layout import PageLines, norm_token

REGISTRATION = re.compile(
    r"\b(au capital|capital social|share capital|stammkapital|grundkapital|r\.?c\.?s\b|"
    r"siret|siren|registered office|registered in|handelsregister|registergericht|"
    r"kvk|kamer van koophandel|company (?:no|number|reg)|si[eè]ge social|"
    r"cap\. soc|reg\. no|amtsgericht)", re.IGNORECASE)

PAYEE_LABELS = ("titulaire du compte", "titulaire", "account holder", "account name",
                "kontoinhaber", "beneficiary", "payable to", "make checks payable to",
                "make cheques payable to", "rekeninghouder", "ten name van", "begunstigde",
                "titular de la cuenta", "beneficiario", "beneficiaire")

# first words of a field label, never of a company name
_LABEL_HEADS = {"numero", "number", "no", "nr", "nummer", "id", "adresse", "address",
                "adres", "direccion", "nom", "name", "naam", "nombre", "email", "e-mail",
                "telephone", "phone", "tel", "telefon", "date", "datum", "fecha", "ref",
                "reference", "référence", "code", "identifiant"}

_STREET_LINE = re.compile(
    r"^\d{1,5}[a-z]?,?\s+\S|"  # '12 RUE des Lilas'
    r"\b\d{1,5}[a-z]?,\s*(?:\d{4,5}|\d{4}\s?[A-Z]{2})\b")  # 'Badweg 48, 8401 BL'


def label_phrase(text: str) -> bool:
    """A field label rather than a name: it opens with a label word ('Numéro de ligne',
    'Id.client', 'Nom de l'abonné')."""
    first = re.split(r"[\s.:]+", norm_token(text.split()[0]) if text.split() else "")[0]
    return first in _LABEL_HEADS


def street_line(text: str) -> bool:
    """A street address line: a house number first, or a house number then a postcode."""
    return bool(_STREET_LINE.search(text.strip()))


def registration_name(text: str, legal_form: re.Pattern) -> str | None:
    """The company name opening a legal-identification line ('Lumen SAS au capital de ...'
    -> 'Lumen SAS'): the words up to a legal form, right before the registration words."""
    m = REGISTRATION.search(text)
    if m is None:
        return None
    head = text[:m.start()].strip(" ,-–−:|")
    forms = list(legal_form.finditer(head))
    if not forms or forms[-1].end() < len(head.rstrip(".")) - 1:
        return None
    name = head[:forms[-1].end()].strip(" ,")
    letters = sum(c.isalpha() for c in name)
    if letters < 3 or len(name.split()) > 6 or len(name.split()) < 2 and not forms[-1].start():
        return None
    return name


def registration_below(pl: PageLines, li: int, reach: int = 3) -> bool:
    """A legal-identification line within `reach` lines under line li."""
    return any(REGISTRATION.search(pl.lines[j].text)
               for j in range(li + 1, min(li + 1 + reach, len(pl.lines))))


def payee_name(doc: list[PageLines]) -> str | None:
    """The bank account holder's name printed after a payee label, on any page."""
    for pl in doc:
        for line in pl.lines:
            norms = [norm_token(w.text) for w in line.words]
            for label in sorted(PAYEE_LABELS, key=len, reverse=True):
                n = len(label.split())
                for i in range(len(norms) - n + 1):
                    if " ".join(norms[i:i + n]) != label:
                        continue
                    rest = [w.text for w in line.words[i + n:]]
                    while rest and rest[0] in (":", "-", "–"):
                        rest = rest[1:]
                    name = " ".join(rest[:6]).strip(" :")
                    if sum(c.isalpha() for c in name) >= 3:
                        return name
    return None


# legal forms that are no ordinary words ('Company', 'Services' and 'Store' are)
_PLAIN_WORD_FORMS = {"company", "enterprise", "trading", "services", "restaurant", "restoran",
                     "store", "mart", "hardware", "market", "group", "holdings", "co"}


def legal_abbreviation(text: str, legal_form: re.Pattern) -> bool:
    """A legal form that is no ordinary word ('B.V.', 'GmbH', 'Ltd') in the text."""
    return any(m.group(1).lower() not in _PLAIN_WORD_FORMS for m in legal_form.finditer(text))


def cut_after_legal_form(words: list, legal_form: re.Pattern) -> list:
    """A name ends at its legal form when lower-case text follows ('Nederland B.V. iov
    example.com')."""
    for i, w in enumerate(words[:-1]):
        if legal_form.fullmatch(w.text) and legal_abbreviation(w.text, legal_form) and \
                words[i + 1].text[:1].islower():
            return words[:i + 1]
    return words


def registered_names(pl: PageLines, legal_form: re.Pattern) -> list:
    """(candidate, line, words) for names opening a legal-identification line in the lower
    part of the page ('Free SAS au capital de ...')."""
    out = []
    page_h = pl.page.height or 1.0
    for li, line in enumerate(pl.lines):
        if line.bbox[1] / page_h < 0.6:
            continue
        name = registration_name(line.text, legal_form)
        if name is None:
            continue
        words = line.words[:len(name.split())]
        out.append((Candidate(value=name, score=1.2, label=0.8, shape=0.9,
                              ocr=min(w.conf for w in words), page=pl.page.number,
                              bbox=(words[0].x0, min(w.top for w in words), words[-1].x1,
                                    max(w.bottom for w in words))), li, tuple(words)))
    return out


def payee_agrees(doc: list[PageLines], cands: list, same_name) -> list:
    """Candidates that name the bank account's holder (the payee) gain a label's weight."""
    payee = payee_name(doc)
    if payee is None:
        return cands
    return [(replace(c, score=c.score + 0.5, label=max(c.label, 0.8)), li, ws)
            if same_name(str(c.value), payee) else (c, li, ws) for c, li, ws in cands]


def footer_cue(pl: PageLines, li: int, words, best: Candidate, registered: list) -> bool:
    """The vendor was found by a cue of this module (a legal-identification line, the
    account holder, a footer name in lower case): none of them is printed in the
    calibration corpus, so the name stays in review."""
    if any(c.value == best.value for c, _, _ in registered):
        return True
    footer = pl.lines[li].bbox[1] / (pl.page.height or 1.0) >= 0.75
    return footer and (registration_below(pl, li) or words[0].text[:1].islower()
                       or payee_name([pl]) is not None)
