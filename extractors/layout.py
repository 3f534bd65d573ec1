"""Geometry on the page model: refined words, phrases, label hits and their values.

A *phrase* is a run of words on one line separated by ordinary word spacing; a wider gap
starts a new phrase (a new column). A *label hit* is a lexicon label found word by word;
its value is looked for to the right (rest of the phrase, or the next phrase) and below
(the phrase under the label on the next lines), as key/value pairs are printed.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from extractors.page_model import Line, Page, Word, group_lines

_SPLIT = re.compile(r"(?<=[:°º#])(?=\S)|(?<=\S)(?=:)")
_OCR_GLUED = re.compile(r"^([A-Za-z]{2,})[.-]?(\d{1,2}(?:[.,]\d{1,2})?%)$|"
                        r"^([A-Za-z]{2,}\.)([A-Z][A-Za-z]+\.?|[a-z]['’][A-Za-zÀ-ÿ]{3,})$|"
                        r"^([a-zà]\.)([a-z]{3,}\.?)$")  # 'a.pagar', 'a.payer'


def norm_token(text: str) -> str:
    """Lower case, accents removed, edge punctuation stripped: 'Fällig:' -> 'fallig'; a
    speck OCR read as '!' or '?' after a label goes with it ('Tax ID!' -> 'id')."""
    text = text.lower().replace("°", "").replace("º", "").replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.strip(":;,.()[]*'\"|!?")


def refine_words(words: tuple[Word, ...] | list[Word]) -> list[Word]:
    """Split words glued to a colon or a number sign ('Date:12/03' -> 'Date:' '12/03')
    and re-join a capital letter a text layer split off its word ('F actuur')."""
    out: list[Word] = []
    for w in words:
        parts = [p for p in _SPLIT.split(w.text) if p]
        if w.conf < 1.0:  # OCR lost a space: 'GST18%', 'Tax.ID:'
            parts = [q for p in parts for q in _unglue(p)]
        if len(parts) == 1:
            out.append(w)
            continue
        total = sum(len(p) for p in parts)
        x = w.x0
        for p in parts:
            x1 = x + (w.x1 - w.x0) * len(p) / total
            out.append(Word(p, x, w.top, x1, w.bottom, w.conf, w.bold, w.size, w.block,
                            w.line))
            x = x1
    return out


def _unglue(text: str) -> list[str]:
    m = _OCR_GLUED.match(text)
    return [p for p in m.groups() if p] if m else [text]


@dataclass(frozen=True, slots=True)
class PageLines:
    page: Page
    lines: tuple[Line, ...]
    phrases: tuple[tuple[tuple[int, int], ...], ...]  # per line: (start, end) word indexes


_RULE_NOISE = re.compile(r"^[|\[\]{}_—=~‘’“”«»!¦:;.,'\"`*°]+$")


def page_lines(page: Page) -> PageLines:
    words = refine_words(page.words)
    if page.ocr:  # table rules and specks that OCR reads as '|', '_', '—', ':'
        words = [w for w in words if not _RULE_NOISE.match(w.text)]
    lines = tuple(_merge_split_capitals(line) for line in group_lines(words) if line.words)
    return PageLines(page, lines, tuple(split_phrases(line) for line in lines))


_GROUP_HEAD = re.compile(r"^[-(]?[$€£]?\d{1,3}$")
_GROUP_MID = re.compile(r"^\d{3}$")
_GROUP_END = re.compile(r"^\d{3}[.,]\d{2}[)€$£]?$")


def _number_group_length(ws: list[Word], i: int) -> int:
    """How many words from i form one space-grouped amount ('15 098,81', '1 234 567,89'):
    a head of 1-3 digits, groups of three, and a last group with decimals, closely set."""
    if not _GROUP_HEAD.match(ws[i].text):
        return 1
    j = i + 1
    while j < len(ws):
        gap = ws[j].x0 - ws[j - 1].x1
        if gap >= (0.8 if ws[j].conf < 1.0 else 0.45) * max(ws[j - 1].height, 1):
            return 1
        if _GROUP_END.match(ws[j].text):
            return j - i + 1
        if not _GROUP_MID.match(ws[j].text):
            return 1
        j += 1
    return 1


def _merge_split_capitals(line: Line) -> Line:
    """Re-join a capital a text layer split off its word ('F actuur') and numbers grouped
    with spaces ('15 098,81'), which print as separate words but are one value."""
    ws = list(line.words)
    i = 0
    while i < len(ws) - 1:
        a, b = ws[i], ws[i + 1]
        gap = b.x0 - a.x1
        n = _number_group_length(ws, i)
        if n > 1:
            group = ws[i:i + n]
            ws[i:i + n] = [Word("".join(w.text for w in group), a.x0,
                                min(w.top for w in group), group[-1].x1,
                                max(w.bottom for w in group), min(w.conf for w in group),
                                any(w.bold for w in group), max(w.size for w in group),
                                a.block, a.line)]
            continue
        if len(a.text) == 1 and a.text.isupper() and b.text[:1].islower() and \
                gap < 0.35 * max(a.height, 1):
            ws[i:i + 2] = [Word(a.text + b.text, a.x0, min(a.top, b.top), b.x1,
                                max(a.bottom, b.bottom), min(a.conf, b.conf), a.bold or b.bold,
                                max(a.size, b.size), a.block, a.line)]
        else:
            i += 1
    return Line(tuple(ws))


def split_phrases(line: Line) -> tuple[tuple[int, int], ...]:
    """Phrase boundaries: gaps wider than ~1.1 text heights. OCR boxes of short words
    ('to', 'ID') are lower than the line's text, so OCR lines use the line's tallest
    typical height."""
    ws = line.words
    out, start = [], 0
    heights = sorted(w.height for w in ws)
    line_height = heights[(len(heights) * 3) // 4] if heights else 1.0
    for i in range(1, len(ws)):
        gap = ws[i].x0 - ws[i - 1].x1
        height = max(min(ws[i].height, ws[i - 1].height), 1.0)
        if ws[i].conf < 1.0 or ws[i - 1].conf < 1.0:
            height = max(height, line_height)
        if gap > 1.1 * height:
            out.append((start, i))
            start = i
    out.append((start, len(ws)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class LabelHit:
    field: str | None
    strength: float
    page: int  # index into the document's PageLines list
    line: int
    start: int
    end: int  # word index after the label

    def words(self, doc: list[PageLines]) -> tuple[Word, ...]:
        return doc[self.page].lines[self.line].words[self.start:self.end]


@lru_cache(maxsize=4)
def _label_index(lexicon: tuple) -> dict[str, list[tuple[tuple[str, ...], list[tuple[str | None, float]]]]]:
    by_tokens: dict[tuple[str, ...], list[tuple[str | None, float]]] = {}
    for field, label, strength in lexicon:
        tokens = tuple(t for t in (norm_token(x) for x in label.split()) if t)
        if tokens:
            by_tokens.setdefault(tokens, []).append((field, strength))
    index: dict[str, list] = {}
    for tokens, fields in by_tokens.items():
        index.setdefault(tokens[0], []).append((tokens, fields))
    for entries in index.values():
        entries.sort(key=lambda e: len(e[0]), reverse=True)
    return index


def flatten_lexicon(labels: dict) -> tuple:
    return tuple((f, label, s) for f, entries in labels.items() for label, s in entries)


def find_labels(doc: list[PageLines], lexicon: tuple) -> list[LabelHit]:
    """Every label occurrence, the longest label winning at each position. A label never
    spans two phrases (columns); a label listed for several fields gives a hit for each."""
    index = _label_index(lexicon)
    hits = []
    for p, pl in enumerate(doc):
        for li, line in enumerate(pl.lines):
            norms = [norm_token(w.text) for w in line.words]
            for s, e in pl.phrases[li]:
                i = s
                while i < e:
                    best = None
                    for tokens, fields in index.get(norms[i], ()):
                        if i + len(tokens) <= e and tuple(norms[i:i + len(tokens)]) == tokens:
                            best = (tokens, fields)
                            break
                    scale = 1.0
                    if best is None and i == s and line.words[i].conf < 1.0:
                        best, scale = _fuzzy_label(norms[i:e], lexicon)
                    if best is None:
                        i += 1
                        continue
                    for field, strength in best[1]:
                        hits.append(LabelHit(field, round(strength * scale, 3), p, li, i,
                                             i + len(best[0])))
                    i += len(best[0])
    return hits


def value_stops(doc: list[PageLines], hits: list[LabelHit]) -> set[tuple[int, int, int]]:
    """Where a value to the right of a label ends: at the next label that starts a phrase
    or is unmistakable; a weak label word inside running text ('Total for this invoice')
    does not cut the line."""
    out = set()
    for h in hits:
        starts = {s for s, _ in doc[h.page].phrases[h.line]}
        if h.start in starts or h.strength >= 0.9:
            out.add((h.page, h.line, h.start))
    return out


@lru_cache(maxsize=4)
def _fuzzy_table(lexicon: tuple) -> tuple[list[str], list[tuple]]:
    index = _label_index(lexicon)
    keys, entries = [], []
    for group in index.values():
        for tokens, fields in group:
            key = " ".join(tokens)
            if len(key) >= 4:  # a 4-letter label ('mwst') matches a 5-letter misreading
                keys.append(key)
                entries.append((tokens, fields))
    return keys, entries


def _fuzzy_label(norms: list[str], lexicon: tuple):
    """An OCR-misread label at the start of a phrase ('Dire Date', 'Failig am'): the closest
    lexicon label over the phrase's first 1-3 words, if it is close enough. Strength is
    scaled down by the distance."""
    from rapidfuzz import fuzz, process

    keys, entries = _fuzzy_table(lexicon)
    best = (None, 0.0)
    for n in range(min(3, len(norms)), 0, -1):
        text = " ".join(norms[:n])
        if len(text) < 5:
            continue
        cutoff = 80 if len(text) >= 8 else (85 if len(text) == 7 else 88)
        # OCR swaps letters more than it drops them: among close labels, the one of the
        # same length wins ('bill te' is 'bill to', not 'bill date')
        close = process.extract(text, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        found = max(close, key=lambda c: c[1] - 2 * abs(len(c[0]) - len(text)), default=None)
        if found is None:
            continue
        tokens, fields = entries[found[2]]
        if len(tokens) != n:
            continue
        if found[1] / 100 > best[1]:
            best = ((tokens[:0] + tuple(norms[:n]), fields), found[1] / 100)
    if best[0] is None and norms and len(norms[0]) >= 5:  # OCR lost the space: 'Falligam'
        squeezed = [k.replace(" ", "") for k in keys]
        found = process.extractOne(norms[0], squeezed, scorer=fuzz.ratio, score_cutoff=88)
        if found is not None and len(entries[found[2]][0]) >= 2:
            best = (((norms[0],), entries[found[2]][1]), found[1] / 100)
    if best[0] is None:
        return None, 1.0
    return best[0], 0.9 * best[1]


def value_right(doc: list[PageLines], hit: LabelHit, stops: set[tuple[int, int, int]],
                *, whole_line: bool = False) -> tuple[Word, ...]:
    """Words right of a label on its line: the rest of its phrase, else the next phrase
    (or, with `whole_line`, everything up to the next label)."""
    pl = doc[hit.page]
    words = pl.lines[hit.line].words
    phrases = pl.phrases[hit.line]
    next_stop = min((i for i in range(hit.end, len(words))
                     if (hit.page, hit.line, i) in stops), default=len(words))
    if whole_line:
        return tuple(_strip_punct(list(words[hit.end:next_stop])))
    end = next((e for s, e in phrases if s <= hit.end - 1 < e), len(words))
    out = _strip_punct(list(words[hit.end:min(end, next_stop)]))
    if not out and end < next_stop:
        nxt = next(((s, e) for s, e in phrases if s >= end), None)
        if nxt is not None and words[nxt[0]].x0 - words[hit.end - 1].x1 < 0.45 * pl.page.width:
            out = _strip_punct(list(words[nxt[0]:min(nxt[1], next_stop)]))
    if not out and next_stop == len(words):
        out = _value_on_drifted_line(doc, hit, stops)
    return tuple(out)


def _value_on_drifted_line(doc: list[PageLines], hit: LabelHit, stops) -> list[Word]:
    """OCR groups a tall or skewed word box with a neighbouring line: find the phrase right
    of the label that overlaps it vertically on the lines just above or below."""
    pl = doc[hit.page]
    label = hit.words(doc)
    top, bottom, x1 = label[0].top, max(w.bottom for w in label), label[-1].x1
    height = max(bottom - top, 1.0)
    best = None
    for li in range(max(0, hit.line - 2), min(len(pl.lines), hit.line + 3)):
        if li == hit.line:
            continue
        line = pl.lines[li]
        for s, e in pl.phrases[li]:
            w = line.words[s]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if w.x0 <= x1 or overlap < 0.5 * height or (hit.page, li, s) in stops:
                continue
            if w.x0 - x1 > 0.45 * pl.page.width:
                continue
            if best is None or w.x0 < best[0]:
                best = (w.x0, list(line.words[s:e]))
    return _strip_punct(best[1]) if best else []


def value_below(doc: list[PageLines], hit: LabelHit, max_lines: int = 2, *,
                reach: float = 2.6,
                take: Callable[[tuple[Word, ...]], bool] | None = None) -> tuple[Word, ...]:
    """The phrase under a label (overlapping it horizontally) on the next `max_lines`
    lines, no further than `reach` text heights under it. `take`, if given, passes over
    the phrases it refuses (a line of another column between a column header and its
    value) instead of answering with the first one."""
    pl = doc[hit.page]
    label_words = hit.words(doc)
    x0, x1 = label_words[0].x0, label_words[-1].x1
    top, bottom = label_words[0].top, max(w.bottom for w in label_words)
    height = max(bottom - top, 1.0)
    for li in range(hit.line + 1, min(hit.line + 1 + max_lines, len(pl.lines))):
        line = pl.lines[li]
        if line.bbox[1] - bottom > reach * height:
            break
        for s, e in pl.phrases[li]:
            ws = line.words[s:e]
            if not any(c.isalnum() for w in ws for c in w.text):
                continue  # a speck OCR read as a dash or quote: look on
            px0, px1 = ws[0].x0, ws[-1].x1
            overlap = min(px1, x1 + height) - max(px0, x0 - height)
            if overlap > 0 and px0 < x1 + height and px0 > x0 - 6 * height and \
                    (take is None or take(ws)):
                return tuple(_strip_punct(list(ws)))
    return ()


def _strip_punct(words: list[Word]) -> list[Word]:
    while words and words[0].text in {":", "#", "-", "–", ".", "№", "n°", "No.", "no."}:
        words = words[1:]
    return words


def text_of(words: tuple[Word, ...] | list[Word]) -> str:
    return " ".join(w.text for w in words)


def bbox_of(words) -> tuple[float, float, float, float] | None:
    if not words:
        return None
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))


def min_conf(words) -> float:
    return min((w.conf for w in words), default=1.0)
