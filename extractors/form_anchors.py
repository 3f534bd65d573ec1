"""Printed box labels found on a page, and the form's template fitted to them.

The first two steps of reading a box form (CMS-1500, W-2; see extractors/forms.py for the
third, reading the box under an anchor):

1. `locate_anchors` finds each printed label ("2. PATIENT'S NAME", "b Employer
   identification number (EIN)") by fuzzy matching of word sequences, so OCR noise
   ("INSURED'S |.D. NUMBER:") still matches; labels the form prints side by side on one
   line keep their left-to-right order. `find_labels` finds every place a label is
   printed on a page without a template (pay stubs, W-2 copies).
2. When a template of the form's label positions is known, an affine map from the template
   to the page is fitted on the labels that matched well. It rejects matches that sit far
   from where the form puts them and predicts labels OCR garbled beyond recognition, so
   shifted, scaled or slightly skewed scans still read right.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.page_model import Line, Page, Word

_NON_ALNUM = re.compile(r"[^A-Z0-9]")


def norm_token(text: str) -> str:
    """Upper case letters and digits only: what survives OCR noise best."""
    return _NON_ALNUM.sub("", text.upper())


@dataclass(frozen=True, slots=True)
class Anchor:
    """One printed label found on a page (or predicted from the others)."""

    key: str
    score: float  # 0..1 match strength; predicted anchors carry a low score
    x0: float
    top: float
    x1: float
    bottom: float
    words: tuple[Word, ...] = ()
    predicted: bool = False

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True, slots=True)
class _Candidate:
    score: float
    words: tuple[Word, ...]


def _line_windows(line: Line, size: int) -> Iterable[tuple[Word, ...]]:
    words = line.words
    for start in range(len(words)):
        window = words[start:start + size]
        if len(window) < size and start > 0:
            return
        gaps_ok = all(
            b.x0 - a.x1 < 3.0 * max(a.height, b.height, 1.0)
            for a, b in zip(window, window[1:])
        )
        if gaps_ok:
            yield window


# Word windows of the lines last searched, with their normalised text: a form's 30-40
# labels are all looked for on the same lines, so the windows are cut once per line set.
_WINDOWS: dict[int, tuple[Sequence[Line], dict[int, list[list[tuple[tuple[Word, ...], str]]]]]] = {}


def _windows(lines: Sequence[Line], size: int) -> list[list[tuple[tuple[Word, ...], str]]]:
    entry = _WINDOWS.get(id(lines))
    if entry is None or entry[0] is not lines:
        if len(_WINDOWS) >= 8:
            _WINDOWS.clear()
        entry = _WINDOWS[id(lines)] = (lines, {})
    by_size = entry[1]
    if size not in by_size:
        by_size[size] = [[(w, "".join(norm_token(x.text) for x in w)) for w in _line_windows(line, size)]
                         for line in lines]
    return by_size[size]


# Lines of the pages last searched without given lines (pages are immutable): grouping a
# page's words into lines costs more than most label searches, and the windows cache above
# is keyed on the line set, so a fresh grouping per call would also miss it.
_LINES: dict[int, tuple[Page, list[Line]]] = {}


def _page_lines(page: Page) -> list[Line]:
    entry = _LINES.get(id(page))
    if entry is None or entry[0] is not page:
        if len(_LINES) >= 8:
            _LINES.clear()
        entry = _LINES[id(page)] = (page, page.lines())
    return entry[1]


def label_candidates(page: Page, label: str, *, min_score: float = 0.6,
                     lines: Sequence[Line] | None = None, limit: int = 4) -> list[_Candidate]:
    """Word sequences that read like `label`, best first (score 0..1)."""
    target = norm_token(label)
    n_tokens = max(1, len([t for t in label.split() if norm_token(t)]))
    lines = lines if lines is not None else _page_lines(page)
    sizes = list({max(1, n_tokens - 1), n_tokens, n_tokens + 1})
    per_size = [_windows(lines, size) for size in sizes]
    cutoff, n = min_score * 100.0, len(target)
    found: list[_Candidate] = []
    for li in range(len(lines)):
        for windows in per_size:
            for window, text in windows[li]:
                # ratio = 2·matches / (len a + len b): texts far longer or shorter cannot reach it
                if not text or 200.0 * min(n, len(text)) / (n + len(text)) < cutoff:
                    continue
                score = fuzz.ratio(target, text) / 100.0
                if score >= min_score:
                    found.append(_Candidate(score, window))
    found.sort(key=lambda c: -c.score)
    best: list[_Candidate] = []
    for cand in found:  # drop overlapping windows of the same place
        if any(set(cand.words) & set(b.words) for b in best):
            continue
        best.append(cand)
        if len(best) >= limit:
            break
    return best


def _anchor(key: str, cand: _Candidate) -> Anchor:
    """Anchor box of a matched word window; the top and bottom come from the median word,
    so one tall OCR fragment ('|', a box rule) does not stretch the label."""
    ws = cand.words
    tops = sorted(w.top for w in ws)
    bottoms = sorted(w.bottom for w in ws)
    return Anchor(key, cand.score, min(w.x0 for w in ws), tops[len(tops) // 2],
                  max(w.x1 for w in ws), bottoms[len(bottoms) // 2], ws)


# -- affine fit template -> page ---------------------------------------------------------

Affine = tuple[float, float, float, float, float, float]  # x = a u + b v + c; y = d u + e v + f


def _solve3(m: list[list[float]], r: list[float]) -> list[float] | None:
    """Solve a 3x3 linear system by Cramer's rule (None when singular)."""
    def det(a: list[list[float]]) -> float:
        return (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]))
    d = det(m)
    if abs(d) < 1e-12:
        return None
    out = []
    for col in range(3):
        mc = [row[:] for row in m]
        for i in range(3):
            mc[i][col] = r[i]
        out.append(det(mc) / d)
    return out


def fit_affine(pairs: Sequence[tuple[tuple[float, float], tuple[float, float]]]) -> Affine | None:
    """Least-squares affine map from template points (u, v) to page points (x, y)."""
    if len(pairs) < 3:
        return None
    s = [[0.0] * 3 for _ in range(3)]
    rx = [0.0] * 3
    ry = [0.0] * 3
    for (u, v), (x, y) in pairs:
        vec = (u, v, 1.0)
        for i in range(3):
            for j in range(3):
                s[i][j] += vec[i] * vec[j]
            rx[i] += vec[i] * x
            ry[i] += vec[i] * y
    px = _solve3(s, rx)
    py = _solve3(s, ry)
    if px is None or py is None:
        return None
    return (px[0], px[1], px[2], py[0], py[1], py[2])


def apply_affine(t: Affine, u: float, v: float) -> tuple[float, float]:
    return (t[0] * u + t[1] * v + t[2], t[3] * u + t[4] * v + t[5])


def _robust_affine(pairs: list[tuple[tuple[float, float], tuple[float, float]]],
                   tolerance: float) -> tuple[Affine | None, list[int]]:
    """Fit, drop points further than `tolerance` from the fit, refit (a poor man's RANSAC)."""
    keep = list(range(len(pairs)))
    transform = fit_affine(pairs)
    for _ in range(4):
        if transform is None:
            return None, []
        errors = []
        for i in keep:
            (u, v), (x, y) = pairs[i]
            px, py = apply_affine(transform, u, v)
            errors.append((((px - x) ** 2 + (py - y) ** 2) ** 0.5, i))
        worst, idx = max(errors)
        if worst <= tolerance:
            return transform, keep
        keep.remove(idx)
        transform = fit_affine([pairs[i] for i in keep])
    return transform, keep


def _in_order(left: _Candidate, right: _Candidate) -> bool:
    """Whether two matches can be labels printed left to right in one row: on the same
    line, the right one starting after the left one ends."""
    if set(left.words) & set(right.words):
        return False
    l_top, l_bottom = min(w.top for w in left.words), max(w.bottom for w in left.words)
    r_top, r_bottom = min(w.top for w in right.words), max(w.bottom for w in right.words)
    overlap = min(l_bottom, r_bottom) - max(l_top, r_top)
    if overlap < 0.5 * min(l_bottom - l_top, r_bottom - r_top):
        return False  # another line: another row, or words elsewhere on the form
    height = max(left.words[-1].height, 1.0)
    return max(w.x1 for w in left.words) <= min(w.x0 for w in right.words) + 0.5 * height


def _row_matches(row: Sequence[str], cands: Mapping[str, list[_Candidate]]
                 ) -> dict[str, _Candidate]:
    """The matches of labels printed left to right on one row ('15 State', 'Employer's
    state ID number', '16 State wages, tips, etc.') that keep that order, with the most
    score in total. A short label OCR damaged ('15 Stale') otherwise loses to a longer
    one's words read clean ('16 State' of box 16's label) wherever that sits."""
    # best[i]: (total score, chain) of order-keeping matches whose last is option i
    options = [(k, c) for k in row for c in cands.get(k, [])]
    best: list[tuple[float, list[int]]] = []
    for i, (key, cand) in enumerate(options):
        prev = [best[j] for j in range(i) if options[j][0] != key
                and row.index(options[j][0]) < row.index(key)
                and _in_order(options[j][1], cand)
                and all(_in_order(options[m][1], cand) for m in best[j][1])]
        base = max(prev, key=lambda p: p[0], default=(0.0, []))
        best.append((base[0] + cand.score, [*base[1], i]))
    chain = max(best, key=lambda b: b[0], default=(0.0, []))[1]
    return {options[i][0]: options[i][1] for i in chain}


def locate_anchors(page: Page, labels: Mapping[str, str], *,
                   template: Mapping[str, tuple[float, float]] | None = None,
                   min_score: float = 0.6, min_fit_anchors: int = 4,
                   rows: Sequence[Sequence[str]] = ()) -> dict[str, Anchor]:
    """Find every label on the page.

    `labels` maps a key to the printed label text. `template` optionally maps keys to the
    label's top-left position as a fraction of the form's width and height; with it, matches
    inconsistent with the form's geometry are replaced and unmatched labels are predicted
    (`Anchor.predicted`, low score). `rows` lists keys of labels the form prints left to
    right on one line: their matches keep that order.
    """
    lines = _page_lines(page)
    in_rows = {k for row in rows for k in row}
    # a row's short label has look-alikes on its own line ('16 State', '17 State' for
    # '15 State'): more of its matches are kept, so the damaged real one is among them
    cands = {key: label_candidates(page, text, min_score=min_score, lines=lines,
                                   limit=8 if key in in_rows else 4)
             for key, text in labels.items()}
    chosen: dict[str, Anchor] = {}
    used: set[int] = set()
    order = sorted(((c[0].score, k) for k, c in cands.items() if c), reverse=True)
    for _, key in order:
        for cand in cands[key]:
            if not any(id(w) in used for w in cand.words):
                chosen[key] = _anchor(key, cand)
                used.update(id(w) for w in cand.words)
                break
    for row in rows:  # rows are re-read in order, on words the other labels left free
        taken = {id(w) for k, a in chosen.items() if k not in row for w in a.words}
        free = {k: [c for c in cands.get(k, []) if not any(id(w) in taken for w in c.words)]
                for k in row}
        for key in row:
            chosen.pop(key, None)
        for key, cand in _row_matches(row, free).items():
            chosen[key] = _anchor(key, cand)
    if not template:
        return chosen

    scale = max(page.width, page.height)
    keys = [k for k, a in chosen.items() if k in template and a.score >= 0.75]
    pairs = [(template[k], (chosen[k].x0, chosen[k].top)) for k in keys]
    transform, keep = (None, [])
    if len(pairs) >= min_fit_anchors:
        transform, keep = _robust_affine(pairs, tolerance=0.012 * scale)
    if transform is None or len(keep) < min_fit_anchors:
        # too few good labels to fit: assume the form fills the page, shifted by the
        # median offset of the labels that did match well
        strong = [(u * page.width - x, v * page.height - y)
                  for (u, v), (x, y) in pairs]
        dx = sorted(d[0] for d in strong)[len(strong) // 2] if strong else 0.0
        dy = sorted(d[1] for d in strong)[len(strong) // 2] if strong else 0.0
        transform = (page.width, 0.0, -dx, 0.0, page.height, -dy)
        keep = list(range(len(pairs)))
    heights = sorted(chosen[keys[i]].height for i in keep) or [0.0065 * scale]
    typical_h = heights[len(heights) // 2]
    out: dict[str, Anchor] = {}
    for key in labels:
        if key not in template:
            if key in chosen:
                out[key] = chosen[key]
            continue
        px, py = apply_affine(transform, *template[key])
        near = 0.02 * scale
        pick = None
        current = chosen.get(key)
        options = ([current] if current is not None else []) + [
            _anchor(key, c) for c in cands.get(key, [])]
        for a in options:
            if a.score >= 0.95 or (abs(a.x0 - px) <= near and abs(a.top - py) <= near):
                pick = a
                break
        if pick is not None:
            out[key] = pick
        else:
            width = len(labels[key]) * typical_h * 0.55
            out[key] = Anchor(key, 0.4, px, py, px + width, py + typical_h, (), predicted=True)
    return out

def find_labels(page: Page, label: str, *, min_score: float = 0.82, isolated: bool = True,
                lines: Sequence[Line] | None = None, limit: int = 6) -> list[Anchor]:
    """Every place `label` is printed, best first. With `isolated`, the label must end its
    run of words (a value follows after a gap, or nothing does, or it ends with ':'), so
    'Employee' does not match inside 'Employee ID'."""
    lines = lines if lines is not None else _page_lines(page)
    out = []
    for cand in label_candidates(page, label, min_score=min_score, lines=lines, limit=limit * 3):
        last = cand.words[-1]
        if isolated and not last.text.endswith(":"):
            line = next((ln for ln in lines if last in ln.words), None)
            if line is not None:
                idx = line.words.index(last)
                if idx + 1 < len(line.words):
                    nxt = line.words[idx + 1]
                    if (nxt.x0 - last.x1 < 1.1 * max(last.height, 1.0)
                            and not re.search(r"\d", nxt.text)):
                        continue
        out.append(_anchor(label, cand))
        if len(out) >= limit:
            break
    return out
