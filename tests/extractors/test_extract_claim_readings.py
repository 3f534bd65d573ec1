"""Claim boxes read twice or read with the form's own words: names with digits for letters,
label words under a box, two boxes that agree or nearly agree, box 4's label misplaced."""
from __future__ import annotations

from extractors.claim_boxes import without_label_words
from extractors.claim_codes import repair_identifier, repair_person_name
from extractors.claim_consistency import compare_readings
from extractors.claim_fields import realign_insured_name_label
from extractors.form_anchors import Anchor
from extractors.forms import make_field
from extractors.page_model import Word


def test_a_digit_for_a_letter_in_a_person_name_is_put_back_at_a_cost():
    assert repair_person_name("GARCIA, PATRICIA 0") == ("GARCIA, PATRICIA O", 0.8)
    assert repair_person_name("SMITH, DAVID O") == ("SMITH, DAVID O", 1.0)
    text, factor = repair_person_name("RIVERA, BRITTANY 7")  # J or T: no one look-alike
    assert text == "RIVERA, BRITTANY 7" and factor == 0.5


def test_a_dash_read_as_equals_in_an_identifier_is_a_dash():
    assert repair_identifier("ACC=293888") == ("ACC-293888", 0.8)


def test_label_words_ocr_read_under_a_box_are_no_value():
    words = [Word(t, i * 60, 100, i * 60 + 50, 110, 0.9)
             for i, t in enumerate(["LOCATION", "INFORMATON", "BLAKE", "SURGERY", "CENTER"])]
    kept = without_label_words(words, "32. SERVICE FACILITY LOCATION INFORMATION")
    assert [w.text for w in kept] == ["BLAKE", "SURGERY", "CENTER"]


def _f(name: str, value: str, conf: float):
    return make_field(name, value, conf)


def test_two_boxes_read_alike_raise_each_other_and_near_misses_lower_both():
    fields = {"billing_provider_name": _f("billing_provider_name", "ADAMS PAMILY MEDICINE", 0.8),
              "service_facility_name": _f("service_facility_name", "ADAMS FAMILY MEDICINE", 0.8),
              "patient_name": _f("patient_name", "GARCIA, EDDIE O", 0.6),
              "insured_name": _f("insured_name", "GARCIA, EDDIE O", 0.7)}
    compare_readings(fields)
    assert fields["billing_provider_name"].confidence < 0.8
    assert fields["service_facility_name"].confidence < 0.8
    assert fields["patient_name"].confidence >= 0.9 and fields["insured_name"].confidence >= 0.9


def test_person_names_a_glyph_apart_are_left_alone():
    fields = {"patient_name": _f("patient_name", "SMITH, JOHN A", 0.8),
              "insured_name": _f("insured_name", "SMITH, JOAN A", 0.8)}
    compare_readings(fields)
    assert fields["patient_name"].confidence == 0.8 == fields["insured_name"].confidence


def test_box_4_label_found_in_box_9_is_put_back_beside_box_2():
    b1a = Anchor("b1a", 1.0, 600, 120, 700, 130)
    b2 = Anchor("b2", 1.0, 30, 150, 200, 160)
    a = {"b1a": b1a, "b2": b2, "b4": Anchor("b4", 1.0, 30, 270, 200, 280)}  # box 9's place
    realign_insured_name_label(a)
    assert a["b4"].predicted and a["b4"].x0 == 600 and a["b4"].top == 150
    a["b4"] = kept = Anchor("b4", 1.0, 601, 151, 700, 161)
    realign_insured_name_label(a)
    assert a["b4"] is kept


def test_a_charge_with_its_point_moved_is_put_back_when_box_28_fits_it_exactly():
    from decimal import Decimal

    from extractors.claim_consistency import reconcile_total
    rows = [{"charge": _f("charge", v, 0.7)} for v in ("29.08", "14960.00", "11.28")]
    fields = {"total_charge": _f("total_charge", "189.96", 0.7)}
    reconcile_total(fields, rows, Decimal("189.96"))
    assert rows[1]["charge"].value == "149.60"
    assert fields["total_charge"].confidence >= 0.95


def test_a_sum_off_by_a_digit_is_no_moved_point_and_flags_the_total():
    from decimal import Decimal

    from extractors.claim_consistency import reconcile_total
    rows = [{"charge": _f("charge", v, 0.7)} for v in ("29.08", "149.60", "11.28")]
    fields = {"total_charge": _f("total_charge", "189.99", 0.7)}
    reconcile_total(fields, rows, Decimal("189.99"), ocr=True)
    assert [r["charge"].value for r in rows] == ["29.08", "149.60", "11.28"]
    assert fields["total_charge"].confidence < 0.7
    assert all(r["charge"].confidence < 0.7 for r in rows)


def test_a_text_layer_sum_that_disagrees_leaves_the_printed_values_to_the_claim_rules():
    from decimal import Decimal

    from extractors.claim_consistency import reconcile_total
    rows = [{"charge": _f("charge", v, 0.95)} for v in ("29.08", "149.60", "11.28")]
    fields = {"total_charge": _f("total_charge", "189.99", 0.95)}
    reconcile_total(fields, rows, Decimal("189.99"), ocr=False)
    assert fields["total_charge"].confidence == 0.95 and not fields["total_charge"].needs_review
    assert all(r["charge"].confidence == 0.95 for r in rows)


def test_a_scanned_money_box_read_as_dollars_rule_cents_is_trusted_over_ocr_glyph_scores():
    from extractors.claim_boxes import read_money_box
    from extractors.page_model import Page
    label = Word("29.", 100, 100, 160, 110, 0.95)
    value = Word("30/00", 120, 125, 170, 135, 0.4)  # OCR doubts the '/' it saw
    page = Page(number=1, width=600, height=800, words=(label, value), ocr=True)
    a = {"b29": Anchor("b29", 1.0, 100, 100, 160, 110, (label,)),
         "b30": Anchor("b30", 1.0, 300, 100, 360, 110)}
    got = read_money_box("amount_paid", page, a, "b29", "b30")
    assert got is not None and got[0].value == "30.00" and got[0].confidence >= 0.85
    lone = Word("00", 140, 125, 170, 135, 0.95)  # the cents cell alone: dollars lost
    page = Page(number=1, width=600, height=800, words=(label, lone), ocr=True)
    got = read_money_box("amount_paid", page, a, "b29", "b30")
    assert got is not None and got[0].confidence < 0.5


def test_a_one_read_for_the_cell_rule_in_a_charge_is_put_back_when_box_28_fits():
    from decimal import Decimal

    from extractors.claim_consistency import reconcile_total
    rows = [{"charge": _f("charge", v, 0.7)} for v in ("214.68", "2551.42", "143.20")]
    fields = {"total_charge": _f("total_charge", "613.30", 0.7)}
    reconcile_total(fields, rows, Decimal("613.30"))
    assert rows[1]["charge"].value == "255.42" and fields["total_charge"].confidence >= 0.95


def test_lines_that_add_up_to_box_28_confirm_it_beside_a_row_without_a_charge():
    from decimal import Decimal

    from extractors.claim_consistency import reconcile_total
    rows = [{"charge": _f("charge", "201.63", 0.7)}, {"charge": _f("charge", "35.46", 0.7)},
            {"units": _f("units", "1", 0.5)}]  # a speck row the table reader kept
    fields = {"total_charge": _f("total_charge", "237.09", 0.6)}
    reconcile_total(fields, rows, Decimal("237.09"))
    assert fields["total_charge"].confidence >= 0.95 and "charge" not in rows[2]


def test_a_letter_ocr_read_twice_at_the_start_of_an_id_is_read_once():
    assert repair_identifier("wW745080118") == ("W745080118", 0.8)
    assert repair_identifier("WW12")[0] == "WW12"  # printed twice: kept


def _word(text: str, x0: float, conf: float = 0.95) -> Word:
    return Word(text, x0, 100, x0 + 10 * len(text), 110, conf)


def test_a_dollar_sign_read_as_a_digit_is_no_amount_when_one_is_read_right_of_it():
    from decimal import Decimal

    from extractors.claim_codes import money_from_tokens
    got = money_from_tokens([_word("8", 3), _word("677/63", 137)], split_cents=True)
    assert got is not None and got[0] == Decimal("677.63") and got[2] == 1.0
    alone = money_from_tokens([_word("8", 3)], split_cents=True)  # nothing else: kept, unsure
    assert alone is not None and alone[0] == Decimal("8") and alone[2] <= 0.25


def test_box_17_qualifier_read_with_specks_is_no_part_of_the_name():
    from extractors.claim_fields import without_qualifier
    for qualifier in ("DN", "[DN", "DN-", "DN\u2019", "|DK"):
        words = [_word(qualifier, 0, 0.3), _word("PAUL", 40), _word("WILLIAMS", 90)]
        assert [w.text for w in without_qualifier(words)] == ["PAUL", "WILLIAMS"]
    words = [_word("DNA", 0), _word("SMITH", 50)]  # no qualifier: a word of the name
    assert [w.text for w in without_qualifier(words)] == ["DNA", "SMITH"]


def test_a_credential_with_a_speck_is_read_without_it_and_the_speck_costs_nothing():
    from extractors.claim_boxes import credential_read
    w = credential_read(_word("\u2018MD", 100, 0.58))
    assert (w.text, w.conf) == ("MD", 0.85)
    assert credential_read(_word("MO_", 100, 0.58)).conf == 0.58  # no credential: kept


def test_a_credential_read_exactly_counts_when_no_look_alike_credential_exists():
    from extractors.claim_boxes import credential_read
    assert credential_read(_word("MD", 100, 0.4)).conf == 0.85
    assert credential_read(_word("MD", 100, 0.2)).conf == 0.2  # OCR hardly read it
    assert credential_read(_word("DO", 100, 0.4)).conf == 0.4  # DC is a glyph away


def test_two_boxes_read_alike_but_for_a_speck_raise_each_other():
    fields = {
        "billing_provider_name": _f("billing_provider_name", "BURNETT INTERNAL MEDICINE ASSOC PC", 0.7),
        "service_facility_name": _f("service_facility_name", "BURNETT INTERNAL MEDICINE ASSOC. PC", 0.6)}
    compare_readings(fields)
    assert fields["billing_provider_name"].confidence == 0.9
    assert fields["service_facility_name"].confidence == 0.9
    fields = {"billing_provider_name": _f("billing_provider_name", "MARTIN. HEALTH PARTNERS LLC", 0.8),
              "service_facility_name": _f("service_facility_name", "MARTIN HEALTH PARTNER LLC", 0.8)}
    compare_readings(fields)  # a letter apart: one of them misread
    assert fields["billing_provider_name"].confidence < 0.8


def test_a_money_cell_rule_read_as_a_bracket_confirms_the_split_like_a_bar():
    from decimal import Decimal

    from extractors.claim_codes import money_from_tokens
    for text, amount in (("414]95", "414.95"), ("0!00", "0.00"), ("76|40", "76.40")):
        got = money_from_tokens([_word(text, 100)], split_cents=True)
        assert got is not None and got[0] == Decimal(amount) and got[2] == 1.0
    for text in ("32'97", "0].00"):  # a quote, or a point beside the rule: a guess
        got = money_from_tokens([_word(text, 100)], split_cents=True)
        assert got is not None and got[2] < 1.0


def test_a_birth_date_word_holding_a_cell_rule_is_trusted_over_ocr_glyph_scores():
    from extractors.claim_boxes import _date_cell_conf
    for text in ("14-1969", "2009-", "[04", "03/1953", "11.17"):
        assert _date_cell_conf(_word(text, 100, 0.2)) == 0.85
    for text in ("04", "1969", "2O09-", "1-1969"):  # no rule, or no whole cells
        assert _date_cell_conf(_word(text, 100, 0.2)) == 0.2


def test_a_speck_glued_to_a_name_word_does_not_set_the_names_score():
    from extractors.claim_boxes import name_words_conf
    words = [_word("ORR", 0, 0.96), _word("SURGERY:", 40, 0.41), _word("CENTER", 120, 0.95)]
    assert name_words_conf(words) == 0.85  # the other words' score, 0.85 at most
    words = [_word("ORR", 0, 0.96), _word("SURGFRY", 40, 0.41), _word("CENTER", 120, 0.95)]
    assert name_words_conf(words) == 0.41  # no speck: the letters are what OCR doubts
    words = [_word("DEGRERSSE:", 0, 0.32), _word("CENTER", 120, 0.95)]
    assert name_words_conf(words) == 0.32  # a first word may be a label's remnant
    words = [_word("AU,", 0, 0.24), _word("MELISSA", 80, 0.92), _word("B", 160, 0.9)]
    assert name_words_conf(words) == 0.24  # a surname's comma: 'AU,' was ALI read short


def _dob_page(cells):
    from extractors.page_model import Page
    words = tuple(Word(t, x, 210, x + 10 * len(t), 222, c) for t, x, c in cells)
    return Page(1, 612, 792, words, ocr=True, dpi=300)


def test_a_whole_birth_date_confirms_box_3_placed_from_the_other_labels():
    from extractors.claim_boxes import read_dob
    placed = {"b3": Anchor("b3", 0.4, 200, 190, 330, 202, predicted=True)}
    found = {"b3": Anchor("b3", 0.8, 200, 190, 330, 202)}
    cells = [("04", 205, 0.94), ("19", 240, 0.94), ("2004", 275, 0.95)]
    assert read_dob(_dob_page(cells), placed).confidence == \
        read_dob(_dob_page(cells), found).confidence
    short = [("04", 205, 0.94), ("19", 240, 0.94), ("04", 275, 0.95)]  # a two-digit year
    assert read_dob(_dob_page(short), placed).confidence < \
        read_dob(_dob_page(short), found).confidence


def test_month_and_day_of_a_whole_birth_date_outweigh_ocrs_short_word_score():
    from extractors.claim_boxes import read_dob
    found = {"b3": Anchor("b3", 1.0, 200, 190, 330, 202)}
    whole = [("02", 205, 0.61), ("14", 240, 0.89), ("1943", 275, 0.91)]
    assert read_dob(_dob_page(whole), found).confidence >= 0.78
    letters = [("O2", 205, 0.61), ("14", 240, 0.89), ("1943", 275, 0.91)]  # a letter for 0
    assert read_dob(_dob_page(letters), found).confidence < 0.61
    year = [("02", 205, 0.95), ("14", 240, 0.89), ("1943", 275, 0.4)]  # the year keeps its score
    assert read_dob(_dob_page(year), found).confidence <= 0.4
