"""Where the copies of a W-2 printed 'two up' lie on the page."""
from __future__ import annotations

from extractors.page_model import Page, Word
from extractors.w2_copies import split_copies
from extractors.w2_fields import W2_LABELS

# (label key, x, y within a copy)
_LAYOUT = [("a", 150, 20), ("b", 30, 45), ("1", 300, 45), ("2", 440, 45), ("d", 30, 160),
           ("15", 30, 280), ("15id", 70, 280), ("title", 120, 320)]


def _label_words(text: str, x: float, y: float) -> list[Word]:
    out = []
    for token in text.split():
        width = 5.0 * len(token)
        out.append(Word(token, x, y, x + width, y + 7, 0.95))
        x += width + 3
    return out


def _page(copies: int, *, garble_second_a: bool = False) -> Page:
    words: list[Word] = []
    for i in range(copies):
        for key, x, y in _LAYOUT:
            text = W2_LABELS[key]
            if key == "a" and i == 1 and garble_second_a:
                text = "a Emp1.y' s0c secu xx"  # OCR lost this copy's box a label
            words += _label_words(text, x, 20 + 380 * i + y)
    return Page(1, 612.0, 792.0, tuple(words), ocr=True, dpi=72.0)


def test_one_copy_stays_one_page_though_box_15_resembles_box_a():
    assert len(split_copies(_page(1), W2_LABELS)) == 1


def test_two_copies_are_found_by_their_repeated_labels_even_without_box_a():
    for garble in (False, True):
        copies = split_copies(_page(2, garble_second_a=garble), W2_LABELS)
        assert len(copies) == 2
        first, second = ({w.text for w in c.words} for c in copies)
        assert "Wage" in first and "Wage" in second
        assert max(w.top for w in copies[0].words) < 400 <= min(w.top for w in copies[1].words)
