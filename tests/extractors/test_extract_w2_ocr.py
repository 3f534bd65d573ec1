"""OCR'd W-2 pages laid out here word by word: where the copies of a two-up page lie, and how
single boxes weigh what OCR read."""
from __future__ import annotations

from extractors.page_model import Page, Word
from extractors.w2_copies import split_copies
from extractors.w2_fields import W2_LABELS, W2_ROWS

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


# -- one box on an OCR'd page -------------------------------------------------------------------

def _ocr_page(*extra: Word) -> Page:
    words = [w for key, x, y in _LAYOUT for w in _label_words(W2_LABELS[key], x, 20 + y)]
    words += _label_words(W2_LABELS["16"], 200, 300) + _label_words(W2_LABELS["c"], 30, 70)
    words += _label_words(W2_LABELS["3"], 300, 70) + _label_words(W2_LABELS["d"], 30, 120)
    return Page(1, 612.0, 792.0, tuple(words) + extra, ocr=True, dpi=72.0)


def test_a_state_code_read_as_printed_is_trusted_more_than_ocr_says():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_fields import _state

    def state(token: str, ocr: float = 0.6) -> tuple[str, float]:
        page = _ocr_page(Word(token, 35, 312, 47, 319, ocr))
        fv = _state(page, locate_anchors(page, W2_LABELS, min_score=0.6))
        assert fv is not None
        return fv.value, fv.confidence

    code, conf = state("NJ")
    assert code == "NJ" and conf > 0.8  # a code, and no confusion away from another
    assert state("Nj")[1] > state("Ng")[1]  # its case misread, against a glyph misread
    # a twin ('NV' is one confusion away) read as printed: 122 of 122 right on 300 scans
    assert state("NY")[1] > 0.8
    assert state("cA")[1] > 0.8  # 'c' is a 'C' drawn small: the letters as printed
    # a letter of another shape in the wrong case may be a misread twin ('wy' read for NY,
    # 'Ne' for NC): OCR's doubt counts twice
    assert state("wy")[1] < 0.3 and state("Ne")[1] < 0.3
    assert state("PR", ocr=0.9)[1] < 0.5  # a territory files no W-2 box 15 ('PR' for PA)


def test_an_ocr_name_drops_specks_and_doubts_a_weak_word_twice():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_names import read_name

    def name(*words: tuple[str, float]) -> tuple[str, float]:
        ws, x = [], 34.0
        for text, conf in words:
            ws.append(Word(text, x, 82, x + 6 * len(text), 89, conf))
            x += 6 * len(text) + 4
        page = _ocr_page(*ws)
        fv = read_name("employer_name", page, locate_anchors(page, W2_LABELS, min_score=0.6),
                       "c", right="3", below="d", anchor_factor=1.0)
        assert fv is not None
        return fv.value, fv.confidence

    assert name(("Harrison-Le", 0.95), (",", 0.0)) == name(("Harrison-Le", 0.95))
    assert name(("Harrison-Le", 0.95))[0] == "Harrison-Le"
    assert name(("Harrison-Le", 0.95))[1] > 0.85
    assert name(("Hartison-Le", 0.84))[1] < 0.7  # 'rr' read as 'rt' at 0.84 on a scan
    assert name(("dose", 0.95), ("Patrick", 0.95))[1] < name(("Jose", 0.95), ("Patrick", 0.95))[1]
    assert name(("Butler", 0.95), ("and", 0.95), ("Young", 0.95))[1] > 0.85
    assert name(("Whitehead", 0.95), ("Ltd", 0.95), ("a", 0.3)) == name(("Whitehead", 0.95),
                                                                         ("Ltd", 0.95))


def test_the_state_is_read_left_of_the_state_id_when_box_15s_label_is_lost():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_fields import _state
    page = _ocr_page(Word("NJ", 35, 312, 47, 319, 0.9))
    label = {"15", "State"}  # box 15's own label, lost to OCR
    lost = Page(1, page.width, page.height,
                tuple(w for w in page.words if not (w.text in label and w.x0 < 70)),
                ocr=True, dpi=72.0)
    anchors = locate_anchors(lost, W2_LABELS, min_score=0.6, rows=W2_ROWS)
    assert "15" not in anchors  # not '16 State' of box 16's label
    fv = _state(lost, anchors)
    assert fv is not None and fv.value == "NJ"
    assert fv.confidence > 0.8


def test_box_15s_damaged_label_keeps_its_place_in_the_row():
    from extractors.form_anchors import locate_anchors
    row = (_label_words("1S Stale", 30, 300) + _label_words(W2_LABELS["15id"], 70, 300)
           + _label_words("16 State wagcs, tpa, ete", 200, 300)  # read worse than '16 State'
           + _label_words(W2_LABELS["17"], 340, 300)
           + _label_words("Employee's State, City, or Local", 30, 330))  # the copy's footer
    page = Page(1, 612.0, 792.0, tuple(row), ocr=True, dpi=72.0)
    assert locate_anchors(page, W2_LABELS, min_score=0.6)["15"].x0 == 200  # best score alone
    anchors = locate_anchors(page, W2_LABELS, min_score=0.6, rows=W2_ROWS)
    assert [anchors[k].x0 for k in ("15", "15id", "16", "17")] == [30, 70, 200, 340]
    footer_only = Page(1, 612.0, 792.0, tuple(w for w in row if w.x0 >= 70 or w.top > 320),
                       ocr=True, dpi=72.0)
    assert "15" not in locate_anchors(footer_only, W2_LABELS, min_score=0.6, rows=W2_ROWS)


def test_copies_that_disagree_credibly_send_the_value_to_review_and_junk_does_not():
    from extractors.forms import make_field
    from extractors.w2_copies import merge_copies

    def merged(best: tuple[str, float], other: tuple[str, float]) -> float:
        copies = [{"employee_ssn": make_field("employee_ssn", *best)},
                  {"employee_ssn": make_field("employee_ssn", *other)}]
        return merge_copies(copies)["employee_ssn"].confidence

    assert merged(("123-45-6789", 0.8), ("123-45-6789", 0.7)) == 0.88  # agreement
    assert merged(("123-45-6789", 0.8), ("123-45-6709", 0.7)) == 0.48  # one of them is wrong
    assert merged(("123-45-6789", 0.8), ("12345-6709", 0.1)) == 0.8  # barely read: no evidence
    assert merged(("Kristin", 0.8), ("kristin", 0.7)) == 0.8  # the same letters
    assert merged(("123-45-6789", 1.0), ("123-45-6789", 1.0)) == 1.0  # a text layer, twice


def test_a_name_two_copies_read_alike_is_read_twice_an_ssn_gains_little():
    from extractors.forms import make_field
    from extractors.w2_copies import merge_copies

    def merged(name: str, value: str, confs: tuple[float, ...]) -> float:
        return merge_copies([{name: make_field(name, value, c)} for c in confs])[name].confidence

    assert merged("employer_name", "Rose LLC", (0.55, 0.56)) == 0.802  # 1 - 0.45 x 0.44
    assert merged("employee_name", "Amy Morgan", (0.99, 0.99)) == 0.99  # capped
    assert merged("employee_name", "Amy Morgan", (0.8, 0.05)) == 0.88  # never below agreement
    assert merged("employee_name", "Amy Morgan", (0.55,)) == 0.55  # one copy: read once
    # the same digits in both copies: an SSN's '7' read as '1' repeats in both
    assert merged("employee_ssn", "169-57-2734", (0.43, 0.58)) == 0.66


def test_a_middle_initial_ocr_scored_low_as_a_lone_letter_keeps_half_its_doubt():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_names import read_name

    def name(*words: tuple[str, float], key: str = "e") -> float:
        ws, x = [], 34.0
        for text, conf in words:
            ws.append(Word(text, x, 222, x + 6 * len(text), 230, conf))
            x += 6 * len(text) + 4
        page = _ocr_page(*ws, *_label_words(W2_LABELS["e"], 30, 205),
                         *_label_words(W2_LABELS["f"], 30, 265))
        fv = read_name("employee_name", page, locate_anchors(page, W2_LABELS, min_score=0.6),
                       "e", below="f", anchor_factor=1.0)
        assert fv is not None
        return fv.confidence

    assert name(("Samuel", 0.95), ("S", 0.77), ("Rhodes", 0.96)) == 0.77  # was 0.54
    # a lone capital last is no middle initial (a cell's rule, a stray mark): doubted twice
    assert name(("Samuel", 0.95), ("Rhodes", 0.96), ("S", 0.77)) < 0.6
    assert name(("Samuel", 0.77), ("Rhodes", 0.96)) < 0.6  # a name's word: doubt twice


def test_the_rules_between_box_e_cells_are_no_initials():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_names import read_name
    cells = _label_words("Last name", 150, 205) + _label_words("Suff.", 280, 205)
    name = [Word("Gregory", 33, 222, 75, 230, 0.95), Word("I", 147, 223, 148.5, 231, 0.6),
            Word("Jackson", 153, 222, 195, 230, 0.95), Word("I", 277, 223, 278.5, 231, 0.6)]
    page = _ocr_page(*cells, *name, *_label_words(W2_LABELS["e"], 30, 205),
                     *_label_words(W2_LABELS["f"], 30, 265))
    fv = read_name("employee_name", page, locate_anchors(page, W2_LABELS, min_score=0.6),
                   "e", below="f", anchor_factor=1.0)
    assert fv is not None and fv.value == "Gregory Jackson"
    page = _ocr_page(*name[:3], *_label_words(W2_LABELS["e"], 30, 205),
                     *_label_words(W2_LABELS["f"], 30, 265))  # no cells printed: an initial
    fv = read_name("employee_name", page, locate_anchors(page, W2_LABELS, min_score=0.6),
                   "e", below="f", anchor_factor=1.0)
    assert fv is not None and fv.value == "Gregory I Jackson"


def test_state_wages_are_read_flush_right_against_box_17_when_box_16s_label_is_lost():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_fields import _state_wages_left_of_17
    words = [w for key, x, y in _LAYOUT for w in _label_words(W2_LABELS[key], x, 20 + y)]
    words += _label_words(W2_LABELS["17"], 280, 300)  # box 16's label itself was not read
    words += [Word("600-123-456", 100, 315, 150, 322, 0.9), Word("52,", 232, 315, 245, 322, 0.9),
              Word("345.67", 247, 315, 275, 322, 0.9)]
    page = Page(1, 612.0, 792.0, tuple(words), ocr=True, dpi=72.0)
    got = _state_wages_left_of_17(page, locate_anchors(page, W2_LABELS, min_score=0.6))
    assert got is not None and got[0].value == "52345.67"


def test_a_year_ocr_read_in_pieces_is_the_year_read_well():
    from extractors.form_anchors import locate_anchors
    from extractors.w2_fields import _tax_year, _tax_year_split
    big = [Word("202", 260, 336, 290, 352, 0.96), Word("5", 292, 336, 302, 352, 0.95)]
    page = _ocr_page(*big)
    anchors = locate_anchors(page, W2_LABELS, min_score=0.6)
    assert _tax_year(page, anchors) is None
    fv = _tax_year_split(page, anchors)
    assert fv is not None and fv.value == "2025" and fv.confidence > 0.8
