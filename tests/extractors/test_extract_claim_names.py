"""Scanned claim names read whole or doubted: a surname lost in both boxes, a lone initial I
read as a rule, a first word under the box's edge or left of a label matched without its
box number, box 17's qualifier below a speck."""
from __future__ import annotations

from extractors.claim_consistency import compare_readings
from extractors.claim_fields import reach_left, whole_lines, without_qualifier
from extractors.claim_superbill import initial_read_as_rule
from extractors.forms import make_field
from extractors.page_model import Page, Word


def _f(name: str, value: str, conf: float):
    return make_field(name, value, conf)


def test_two_boxes_that_both_lost_the_surname_do_not_raise_each_other():
    fields = {"patient_name": _f("patient_name", "JOSEPH S", 0.45),
              "insured_name": _f("insured_name", "JOSEPH S", 0.45)}
    compare_readings(fields)
    assert fields["patient_name"].confidence == 0.45
    assert fields["insured_name"].confidence == 0.45


def test_two_boxes_that_lost_only_the_comma_still_raise_each_other():
    fields = {"patient_name": _f("patient_name", "MANNING RAYMOND U", 0.6),
              "insured_name": _f("insured_name", "MANNING RAYMOND U", 0.5)}
    compare_readings(fields)
    assert fields["patient_name"].confidence == 0.9
    assert fields["insured_name"].confidence == 0.9


def test_the_box_that_lost_the_initial_the_other_shows_is_doubted():
    fields = {"patient_name": _f("patient_name", "SMITH, ELIZABETH I", 0.64),
              "insured_name": _f("insured_name", "SMITH, ELIZABETH", 0.93)}
    compare_readings(fields)
    assert fields["patient_name"].confidence == 0.64
    assert abs(fields["insured_name"].confidence - 0.93 * 0.6) < 1e-6


def test_a_stroke_a_word_space_after_a_superbill_name_is_its_initial_i():
    last = Word("RICHARD", 339, 292, 424, 308, 0.96)
    page = Page(1, 1200, 1600, (Word("HALL,", 280, 293, 331, 309, 0.96), last,
                                Word("|", 432, 293, 435, 307, 0.87)), ocr=True)
    assert [(w.text, w.conf) for w in initial_read_as_rule(page, list(page.words[:2]))] == \
        [("I", 0.87)]
    far = Page(1, 1200, 1600, (*page.words[:2], Word("|", 470, 293, 473, 307, 0.87)), ocr=True)
    assert initial_read_as_rule(far, list(far.words[:2])) == []  # a rule, not a word space on
    short = Page(1, 1200, 1600, (*page.words[:2], Word("|", 432, 303, 435, 307, 0.87)), ocr=True)
    assert initial_read_as_rule(short, list(short.words[:2])) == []  # a speck, not a capital
    with_initial = [page.words[0], last, Word("M", 432, 293, 445, 307, 0.9)]
    assert initial_read_as_rule(page, with_initial) == []


def test_a_first_word_reaching_under_the_box_edge_joins_its_line():
    words = [Word("JOSEPH", 212, 363, 300, 379, 0.93), Word("S", 318, 363, 329, 379, 0.92)]
    deeper = [*words, Word("LAWRENCE,", 62, 363, 190, 381, 0.96),
              Word("123 MAIN", 62, 392, 190, 408, 0.96)]  # the next line stays out
    assert [w.text for w in whole_lines(words, deeper)] == ["JOSEPH", "S", "LAWRENCE,"]


def test_a_name_word_left_of_the_box_edge_joins_within_the_word_gap():
    words = [Word("STREET", 595, 1966, 660, 1982, 0.96), Word("PRACTICE", 701, 1966, 798, 1983)]
    wider = [*words, Word("OAK", 496, 1966, 538, 1982, 0.95),
             Word("SIGNED", 300, 1966, 380, 1982, 0.95)]  # another box, far left
    assert [w.text for w in reach_left(words, wider)] == ["STREET", "PRACTICE", "OAK"]
    noisy = [*words, Word("rte", 496, 1966, 538, 1982, 0.95)]  # no capitals: no name word
    assert [w.text for w in reach_left(words, noisy)] == ["STREET", "PRACTICE"]


def test_box_17_qualifier_is_found_below_a_speck_of_the_cell_rule():
    words = [Word("|", 463, 1113, 466, 1116, 0.5), Word("DN", 62, 1129, 91, 1144, 0.94),
             Word("TYRONE", 117, 1129, 206, 1145, 0.96)]
    assert [w.text for w in without_qualifier(words)] == ["|", "TYRONE"]
