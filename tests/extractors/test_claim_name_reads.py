"""Scanned claim names on a CMS-1500 drawn here and read as OCR would give it: a label word
run into the value under it, and a name printed twice (boxes 2 and 4, boxes 31 and 33)
where the sure reading mends the doubted one, never the other way and never between two
people."""
from __future__ import annotations

from dataclasses import replace

from extractors.claim_fields import (
    extract_claim, realign_insured_name_label, snap_predicted_to_row,
)
from extractors.claim_name_reads import off_label_row
from extractors.form_anchors import Anchor
from extractors.forms import box_words
from extractors.loader import load_pages
from extractors.page_model import Page, Word
from tests.extractors.test_extract_claim import CLAIM, draw_cms1500


def scanned(tmp_path, claim: dict = CLAIM, *, edit=None, extra: tuple[Word, ...] = ()) -> Page:
    """The drawn form's text layer as an OCR page: every word at 0.95 but those `edit`
    rewrites ((text, left edge) -> (text, score)), with `extra` words OCR added."""
    page = load_pages(draw_cms1500(tmp_path / "claim.pdf", claim))[0]
    edit = edit or {}
    words = []
    for w in page.words:
        text, conf = edit.get((w.text, round(w.x0)), (w.text, 0.95))
        words.append(replace(w, text=text, conf=conf))
    return replace(page, words=(*words, *extra), ocr=True)


def test_a_tall_word_from_the_label_row_over_the_value_is_no_part_of_it(tmp_path):
    page = scanned(tmp_path)
    number = next(w for w in page.words if w.text == "2." and w.x0 < 100)
    value = next(w for w in page.words if w.text == "DOE," and w.x0 < 100)
    # OCR ran the ink left of '2.' and the first letters of 'DOE,' into one tall word
    blot = Word("cow", number.x0 - 6, number.top - 0.5, value.x0 + 4, value.bottom + 1, 0.12)
    fields, _ = extract_claim([replace(page, words=(*page.words, blot))])
    assert fields["patient_name"].value == "DOE, JANE A"


def test_a_tall_word_with_no_value_word_under_it_may_be_the_value_and_is_kept():
    label = Anchor("b33", 0.4, 1038, 1942, 1293, 1956, predicted=True)
    smudged = Word("JORDAN", 1035, 1942, 1113, 2020, 0.2)  # a blotted value, no label in it
    credential = Word("MD", 1232, 1968, 1262, 1984, 0.66)
    street = Word("1306", 1039, 2000, 1080, 2016, 0.88)  # the next line, under the blot
    assert off_label_row([smudged, credential, street], label) == [smudged, credential, street]
    over = Word("PAUL", 1040, 1960, 1100, 1980, 0.9)  # the value's first line under it
    assert off_label_row([smudged, over, credential], label) == [over, credential]


def test_the_patient_who_is_the_insured_is_mended_from_the_sure_reading_in_box_4(tmp_path):
    claim = {**CLAIM, "patient": "DOE, JOHN B", "insured": "DOE, JOHN B"}
    page = load_pages(draw_cms1500(tmp_path / "probe.pdf", claim))[0]
    left = round(next(w.x0 for w in page.words if w.text == "JOHN" and w.x0 < 200))
    page = scanned(tmp_path, claim, edit={("JOHN", left): ("J0/HN", 0.3)})
    fields, _ = extract_claim([page])
    assert fields["patient_name"].value == "DOE, JOHN B"
    assert fields["patient_name"].needs_review  # the mended words were doubted where read
    assert fields["insured_name"].value == "DOE, JOHN B"


def test_two_family_members_read_surely_stay_two_people(tmp_path):
    claim = {**CLAIM, "patient": "DOE, JOAN B", "insured": "DOE, JOHN B"}
    fields, _ = extract_claim([scanned(tmp_path, claim)])
    assert fields["patient_name"].value == "DOE, JOAN B"
    assert fields["insured_name"].value == "DOE, JOHN B"


def _signer(page: Page, text: str, conf: float = 0.95) -> tuple[Word, ...]:
    """Box 31's typed signer line, under its label's lines."""
    label = next(w for w in page.words if w.text == "SIGNATURE")
    h = label.bottom - label.top
    out, x = [], label.x0
    for part in text.split():
        out.append(Word(part, x, label.bottom + 4 * h, x + 6 * len(part), label.bottom + 6 * h,
                        conf))
        x += 6 * len(part) + 4
    return tuple(out)


def test_a_billing_physician_misread_in_box_33_is_mended_from_box_31(tmp_path):
    claim = {**CLAIM, "billing": "ALAN GRANT MD"}
    probe = load_pages(draw_cms1500(tmp_path / "probe.pdf", claim))[0]
    left = round(next(w.x0 for w in probe.words if w.text == "GRANT" and w.x0 > 300))
    page = scanned(tmp_path, claim, edit={("GRANT", left): ("oRANI", 0.0)})
    fields, _ = extract_claim([replace(page, words=(*page.words, *_signer(page, "ALAN GRANT MD")))])
    assert fields["billing_provider_name"].value == "ALAN GRANT MD"
    assert fields["billing_provider_name"].needs_review
    # without the signer's line the misreading stands
    fields, _ = extract_claim([page])
    assert fields["billing_provider_name"].value == "ALAN oRANI MD"


def test_a_practice_billing_beside_its_physician_signing_is_left_alone(tmp_path):
    page = scanned(tmp_path)  # 'GRANT FAMILY MEDICINE', signed by its physician
    fields, _ = extract_claim([replace(page, words=(*page.words, *_signer(page, "ALAN GRANT MD")))])
    assert fields["billing_provider_name"].value == "GRANT FAMILY MEDICINE"


def test_a_yen_sign_ocr_read_for_an_initial_is_its_y_and_doubted(tmp_path):
    claim = {**CLAIM, "patient": "KOCH, ELIZABETH Y", "insured": "KOCH, THOMAS Y"}
    probe = load_pages(draw_cms1500(tmp_path / "probe.pdf", claim))[0]
    left = round(next(w.x0 for w in probe.words if w.text == "Y" and w.x0 > 300))
    fields, _ = extract_claim([scanned(tmp_path, claim, edit={("Y", left): ("\u00a5", 0.6)})])
    assert fields["insured_name"].value == "KOCH, THOMAS Y"
    assert fields["insured_name"].needs_review
    assert fields["patient_name"].value == "KOCH, ELIZABETH Y"


def test_box_4_put_back_from_box_9_reaches_no_further_left_than_box_1a_allows():
    """Box 4's label matched on box 9's 'OTHER INSURED'S NAME' is put back on box 2's row
    in box 1a's column, as tall as box 1a's label: box 2's span, stretched by a tall OCR
    word, must not widen the box into box 3's sex check box ('F X')."""
    b1a = Anchor("b1a", 0.9, 776, 197, 918, 206)
    b2 = Anchor("b2", 0.98, 42, 235, 204, 266)  # 'S' of PATIENT'S read 31 px tall
    b4 = Anchor("b4", 0.98, 94, 448, 243, 459)  # box 9's label, far below
    b7 = Anchor("b7", 0.9, 776, 298, 962, 307)
    value = [Word("PEREZ,", 779, 272, 842, 286, 0.95), Word("WESLEY", 858, 272, 925, 285, 0.93),
             Word("E", 938, 272, 948, 285, 0.92)]
    check_box = Word("FX", 689, 272, 721, 285, 0.78)
    page = Page(1, 1275, 1650, (check_box, *value), ocr=True)
    a = {"b1a": b1a, "b2": b2, "b4": b4, "b7": b7}
    realign_insured_name_label(a)
    assert a["b4"].predicted and a["b4"].x0 == 776 and a["b4"].height == b1a.height
    words = box_words(page, a, "b4", below="b7", right=page.width, depth=4.5, left_pad=2.5)
    assert words == value


def test_an_empty_box_17_whose_edge_ocr_read_as_lowercase_specks_gives_no_name(tmp_path):
    page = scanned(tmp_path, {**CLAIM, "ref_name": ""})
    label = next(w for w in page.words if w.text == "REFERRING")
    edge = Word("js", label.x0 + 150, label.bottom + 3, label.x0 + 156, label.bottom + 10, 0.44)
    fields, _ = extract_claim([replace(page, words=(*page.words, edge))])
    assert "referring_provider_name" not in fields
    named = Word("GREY", label.x0 + 150, label.bottom + 3, label.x0 + 170, label.bottom + 10, 0.9)
    fields, _ = extract_claim([replace(page, words=(*page.words, named))])
    assert fields["referring_provider_name"].value == "GREY"


def test_a_lost_label_predicted_off_its_row_is_moved_onto_its_row_mates_line():
    """Box 32's label glued to box 31's 'DEGREES' ('DEGRERSSE|') is predicted a label
    height above the row boxes 31 and 33 print on; on that row the garbled label word sits
    in the box and was read as the facility's name."""
    b31 = Anchor("b31", 1.0, 56, 1874, 370, 1886)
    b33 = Anchor("b33", 1.0, 1034, 1874, 1268, 1886)
    b32 = Anchor("b32", 0.4, 485, 1864.7, 756, 1876.7, predicted=True)
    garbled = Word("DEGRERSSE|", 454, 1861, 551, 1896, 0.32)
    value = [Word("EDWARDS", 512, 1905, 603, 1920, 0.96), Word("SURGERY", 619, 1905, 711, 1921),
             Word("CENTER", 724, 1894, 804, 1928, 0.96)]
    page = Page(1, 1275, 1650, (garbled, *value), ocr=True)
    a = {"b31": b31, "b32": b32, "b33": b33}
    snap_predicted_to_row(a)
    assert (a["b32"].top, a["b32"].bottom) == (1874, 1886) and a["b32"].x0 == 485
    assert box_words(page, a, "b32", right="b33", depth=4.5, left_pad=2.5) == value
    b17 = Anchor("b17", 0.4, 64, 1100, 518, 1112, predicted=True)  # no row-mate matched
    a = {"b17": b17, "b31": b31}
    snap_predicted_to_row(a)
    assert a["b17"] == b17
