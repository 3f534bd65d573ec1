"""Who the invoice is to: the name and address under (or right of) a "Bill to"-style
label; without one, the recipient block under a one-line sender address (DIN 5008), or
the address window left of the invoice's key facts ('Rechnung Nr.', 'Datum', ...).
"""
from __future__ import annotations

from dataclasses import replace

from extractors.candidates import Candidate, best_of, to_field
from extractors.invoice_addresses import address_candidate, sender_line
from extractors.layout import PageLines, norm_token, value_below, value_right
from schemas.document import FieldValue


def _recipient_block(doc: list[PageLines]) -> dict[str, FieldValue]:
    first = doc[0]
    sender = sender_line(first)
    if sender is None or sender[0] + 1 >= len(first.lines):
        return {}
    li = sender[0] + 1
    line = first.lines[li]
    s, e = first.phrases[li][0]
    words = line.words[s:e]
    if abs(words[0].x0 - first.lines[sender[0]].bbox[0]) > 3 * max(words[0].height, 1):
        return {}
    name = " ".join(w.text for w in words)
    if sum(c.isalpha() for c in name) < 2:
        return {}
    cand = Candidate(value=name, score=1.0, label=0.4, shape=0.7,
                     ocr=min(w.conf for w in words), page=first.page.number,
                     bbox=(words[0].x0, words[0].top, words[-1].x1, words[-1].bottom))
    if _confirmed_window(first, sender, words):
        confirmed = _confirmed_recipient(first, li, words)
        if confirmed:
            return confirmed
    out = {"customer_name": to_field("customer_name", cand, 0.5, cap=0.85)}
    address = address_candidate(first, li, words, set())
    if address is not None:
        out["customer_address"] = to_field("customer_address", address, 0.5, cap=0.85)
    return out


# a salutation or 'Firma' line opening a recipient block: the name is on the next line
_SALUTATION = {"herrn", "herr", "frau", "firma", "mr", "mrs", "ms", "m", "mme", "mlle",
               "monsieur", "madame", "sr", "sra", "dhr", "mevr", "z", "attn", "c/o"}


def _confirmed_window(first: PageLines, sender: tuple[int, list[str]], words) -> bool:
    """The sender line over the recipient window repeats the letterhead: its name and each
    address part are also printed as lines of their own, so it is a return address and the
    block right under it is the recipient. On a scan the two are read apart, so the
    letterhead read to the same characters twice is also its own confirmation."""
    if norm_token(words[0].text) in _SALUTATION:
        return False
    li, segments = sender
    others = {" ".join(ln.text.split()) for j, ln in enumerate(first.lines) if j != li}
    return all(" ".join(seg.split()) in others for seg in segments)


_SEPARATORS = {"-", "–", "·", "•", "|"}


def _repeats_letterhead(first: PageLines, li: int) -> bool:
    """Line `li`, its separators dropped, is two or more lines of the page's letterhead in
    a row, word for word ('Beer AG - Hauptstr. 4 80515 Eutin' under 'Beer AG' /
    'Hauptstr. 4' / '80515 Eutin'): a sender line over a recipient window whose separators
    OCR partly lost. Read twice to the same characters, it is no misread."""
    tokens = [w.text for w in first.lines[li].words if w.text not in _SEPARATORS]
    if len(tokens) < 3 or not any(c.isdigit() for t in tokens for c in t):
        return False
    for start in range(li):
        run: list[str] = []
        for j in range(start, li):
            run += [w.text for w in first.lines[j].words]
            if run == tokens:
                return j > start
            if len(run) >= len(tokens) or tokens[:len(run)] != run:
                break
    return False


def _confirmed_recipient(first: PageLines, li: int, words) -> dict[str, FieldValue]:
    """The name and address of a recipient window under a confirmed sender line."""
    address = address_candidate(first, li, words, set(), trusted=True)
    if address is None or address.label < 0.95:
        return {}
    cand = Candidate(value=" ".join(w.text for w in words), score=1.0, label=0.9, shape=0.8,
                     ocr=min(w.conf for w in words), page=first.page.number,
                     bbox=(words[0].x0, words[0].top, words[-1].x1, words[-1].bottom))
    return {"customer_name": to_field("customer_name", cand, 1.0, cap=0.97),
            "customer_address": to_field("customer_address", address, 1.0, cap=0.97)}


_ATTENTION = {"attn", "attention", "c/o", "z.hd", "t.a.v"}


def _without_attention(words):
    """A name after an attention line's opening ('ATTN : Brightwater Ltd'): the name."""
    if len(words) < 2 or norm_token(words[0].text) not in _ATTENTION:
        return words
    rest = list(words[1:])
    while rest and rest[0].text in (":", "-"):
        rest = rest[1:]
    return rest or words


KEY_FACTS = {"invoice_number", "invoice_date", "due_date"}


def _address_window(doc: list[PageLines], hits) -> dict[str, FieldValue]:
    """No customer label: the address block left of the invoice's labelled key facts on
    page 1 (window-envelope layouts print 'Rechnung Nr.', 'Datum', ... beside the
    recipient). Its first phrase is the name, the lines under it the address. A layout
    guess: always reviewed."""
    first = doc[0]
    rows = sorted({h.line for h in hits if h.page == 0 and h.field in KEY_FACTS
                   and h.start > 0 and first.phrases[h.line][0][1] <= h.start})
    labelled = {(h.line, s) for h in hits if h.page == 0
                for s, e in first.phrases[h.line] if s <= h.start < e}
    for li in rows[:1]:
        s, e = first.phrases[li][0]
        words = first.lines[li].words[s:e]
        name = " ".join(w.text for w in words)
        if (li, s) in labelled or sum(c.isalpha() for c in name) < 3 or \
                any(c.isdigit() for c in name):
            return {}
        if any(_repeats_letterhead(first, above) for above in range(max(li - 2, 0), li)):
            confirmed = _confirmed_recipient(first, li, words)
            if confirmed:
                return confirmed
        address = address_candidate(first, li, words, set())
        if address is None:  # a name without an address beside the facts is no window
            return {}
        cand = Candidate(value=name, score=0.5, label=0.3, shape=0.7,
                         ocr=min(w.conf for w in words), page=first.page.number,
                         bbox=(words[0].x0, words[0].top, words[-1].x1, words[-1].bottom))
        return {"customer_name": to_field("customer_name", cand, 0.5, cap=0.8),
                "customer_address": to_field("customer_address", address, 0.5, cap=0.8)}
    return {}


def extract_customer(doc, hits, stops) -> dict[str, FieldValue]:
    cands = []
    for h in hits:
        if h.field != "customer" or h.strength < 0.7:
            continue
        pl = doc[h.page]
        right = value_right(doc, h, stops)
        if right:
            name_words, li = right, h.line
        else:
            below = value_below(doc, h)
            if not below:
                continue
            li = next(i for i in range(h.line + 1, len(pl.lines))
                      if below[0] in pl.lines[i].words)
            name_words = below
        name = " ".join(" ".join(w.text for w in _without_attention(name_words)).split())
        if sum(c.isalpha() for c in name) < 3:
            continue
        cands.append((Candidate(value=name, score=h.strength, label=h.strength,
                                shape=0.75, ocr=min(w.conf for w in name_words),
                                page=pl.page.number,
                                bbox=(name_words[0].x0, name_words[0].top, name_words[-1].x1,
                                      name_words[-1].bottom)), pl, li, name_words))
    if not cands:
        return _vertical_label_block(doc) or _recipient_block(doc) or _address_window(doc, hits)
    best, margin = best_of([c[0] for c in cands])
    _, pl, li, name_words = next(c for c in cands if c[0] is best)
    trusted = best.label >= 0.9 and margin >= 0.5
    address = address_candidate(pl, li, name_words, set(), trusted=trusted)
    if address is None:  # a name without an address under it: not sure it is the customer
        best = replace(best, shape=0.6)
    out = {"customer_name": to_field("customer_name", best, margin, cap=0.97)}
    if address is not None:
        out["customer_address"] = to_field("customer_address", address, margin, cap=0.97)
    return out


# ---- a label printed vertically ---------------------------------------------------------

_LOOKALIKE_LETTER = {"0": "o", "1": "i", "5": "s", "8": "b"}
VERTICAL_MIN_LETTERS = 5


def _vertical_label_block(doc: list[PageLines]) -> dict[str, FieldValue]:
    """A pre-printed form's customer label set vertically in the margin, one letter per
    line ('S' 'O' 'L' 'D' / 'T' 'O'), with the customer's name and address right of it:
    the first phrase right of the letters is the name, the lines under it the address. A
    text layer's layout only, always reviewed."""
    from extractors.invoice_labels import LABELS

    first = doc[0]
    if first.page.ocr:
        return {}
    labels = {"".join(label.split()) for label, strength in LABELS["customer"]
              if strength >= 0.7 and label.replace(" ", "").isalpha()}
    for run in _letter_columns(first):
        letters = "".join(_LOOKALIKE_LETTER.get(w.text, w.text.lower()) for _, w in run)
        n = max((len(label) for label in labels if letters.startswith(label)), default=0)
        if n == 0:
            continue
        run = run[:n]
        x1 = max(w.x1 for _, w in run)
        reach = 8 * max(w.height for _, w in run)
        for li, _ in run:
            for s, e in first.phrases[li]:
                words = first.lines[li].words[s:e]
                if x1 < words[0].x0 <= x1 + reach and sum(c.isalpha() for w in words
                                                         for c in w.text) >= 3:
                    return _block_at(first, li, words)
    return {}


def _letter_columns(pl: PageLines) -> list[list[tuple[int, object]]]:
    """Runs of one-character words that open consecutive lines at the same x."""
    runs: list[list[tuple[int, object]]] = []
    for li, line in enumerate(pl.lines):
        w = line.words[0]
        if len(w.text) != 1 or not w.text.isalnum():
            continue
        for run in runs:
            last_li, last = run[-1]
            if abs(w.x0 - last.x0) <= 1.5 and w.top - last.bottom < 3 * max(w.height, 1.0):
                run.append((li, w))
                break
        else:
            runs.append([(li, w)])
    return [run for run in runs if len(run) >= VERTICAL_MIN_LETTERS]


def _block_at(pl: PageLines, li: int, words) -> dict[str, FieldValue]:
    name = " ".join(" ".join(w.text for w in words).split())
    cand = Candidate(value=name, score=0.6, label=0.6, shape=0.7,
                     ocr=min(w.conf for w in words), page=pl.page.number,
                     bbox=(words[0].x0, words[0].top, words[-1].x1, words[-1].bottom))
    out = {"customer_name": to_field("customer_name", cand, 0.5, cap=0.85)}
    address = address_candidate(pl, li, words, set())
    if address is not None:
        out["customer_address"] = to_field("customer_address", address, 0.5, cap=0.85)
    return out
