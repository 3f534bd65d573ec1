"""Evidence a claim carries twice: a superbill's balance due against its total and the amount
paid."""
from __future__ import annotations

from decimal import Decimal

from extractors.claim_superbill import confirm_by_balance, read_balance_due
from extractors.forms import make_field
from extractors.page_model import Page, Word


def _money(total: str, paid: str, conf: float = 0.5):
    return {"total_charge": make_field("total_charge", total, conf),
            "amount_paid": make_field("amount_paid", paid, conf)}


def test_a_balance_due_that_is_the_total_less_the_paid_amount_confirms_both():
    fields = _money("545.93", "20.00")
    confirm_by_balance(fields, Decimal("525.93"))
    assert fields["total_charge"].confidence >= 0.95 and not fields["total_charge"].needs_review
    assert fields["amount_paid"].confidence >= 0.95


def test_a_balance_due_that_disagrees_confirms_nothing():
    fields = _money("101957.00", "30.00")  # '$1,019,57' read without its point
    confirm_by_balance(fields, Decimal("989.57"))
    assert fields["total_charge"].confidence == 0.5
    assert fields["amount_paid"].confidence == 0.5
    fields = _money("545.93", "20.00")
    confirm_by_balance(fields, None)
    assert fields["total_charge"].confidence == 0.5


def test_nothing_paid_makes_the_balance_a_second_reading_of_the_total():
    fields = _money("185.82", "0.00")
    confirm_by_balance(fields, Decimal("185.82"))
    assert 0.9 <= fields["total_charge"].confidence < 0.95


def _line(y: float, *texts: str) -> list[Word]:
    out, x = [], 300.0
    for t in texts:
        out.append(Word(t, x, y, x + 9 * len(t), y + 12, 0.96))
        x += 9 * len(t) + 8
    return out


def test_the_balance_due_is_read_only_as_a_whole_amount_with_cents():
    page = Page(1, 1700, 2200, tuple(_line(100, "Balance", "due") + [
        Word("$1,180.03", 560, 100, 650, 112, 0.96)]), ocr=True, dpi=200)
    assert read_balance_due(page) == Decimal("1180.03")
    page = Page(1, 1700, 2200, tuple(_line(100, "Balance", "due") + [
        Word("$118003", 560, 100, 650, 112, 0.96)]), ocr=True, dpi=200)
    assert read_balance_due(page) is None


def test_a_medicare_identifier_read_as_printed_in_one_fair_word_is_trusted():
    from extractors.claim_boxes import mbi_as_printed
    word = Word("7EG5TE1MK63", 100, 100, 230, 112, 0.49)
    page = Page(1, 1700, 2200, (word,), ocr=True, dpi=200)
    field = make_field("insured_id", "7EG5TE1MK63", 0.47, page=page, words=[word])
    assert mbi_as_printed(field, page).confidence >= 0.8
    unsure = Word("7EG5TE1MK63", 100, 100, 230, 112, 0.2)
    page = Page(1, 1700, 2200, (unsure,), ocr=True, dpi=200)
    field = make_field("insured_id", "7EG5TE1MK63", 0.19, page=page, words=[unsure])
    assert mbi_as_printed(field, page).confidence == 0.19


def test_a_repaired_or_other_shaped_identifier_gains_nothing():
    from extractors.claim_boxes import mbi_as_printed
    word = Word("3EGITE8MK98", 100, 100, 230, 112, 0.86)  # I for 1 (it was a 9): repaired
    page = Page(1, 1700, 2200, (word,), ocr=True, dpi=200)
    field = make_field("insured_id", "3EG1TE8MK98", 0.58, page=page, words=[word])
    assert mbi_as_printed(field, page).confidence == 0.58
    word = Word("YA605286156", 100, 100, 230, 112, 0.7)
    page = Page(1, 1700, 2200, (word,), ocr=True, dpi=200)
    field = make_field("insured_id", "YA605286156", 0.66, page=page, words=[word])
    assert mbi_as_printed(field, page).confidence == 0.66


def test_an_id_one_glyph_off_the_medicare_shape_is_doubted():
    from extractors.claim_boxes import repair_insured_id
    assert repair_insured_id("QEG7TE7MK24") == ("QEG7TE7MK24", 0.5)
    assert repair_insured_id("YA605286156") == ("YA605286156", 1.0)
    assert repair_insured_id("9EG7TE7MK24") == ("9EG7TE7MK24", 1.0)


def test_a_code_read_without_its_dot_is_read_as_printed():
    from extractors.claim_diagnoses import read_unambiguously
    assert read_unambiguously("F41.1", [Word("F411", 0, 0, 40, 10, 0.51)])
    assert read_unambiguously("F41.1", [Word("F41.1", 0, 0, 40, 10, 0.51)])
    # a dot lost is no licence for a glyph more or less
    assert not read_unambiguously("F41.1", [Word("F4111", 0, 0, 40, 10, 0.51)])
    assert not read_unambiguously("E66.9", [Word("E669", 0, 0, 40, 10, 0.51)])  # B66.9 too


def test_a_superbill_label_id_ocr_read_as_10_still_names_the_member_id():
    from extractors.claim_superbill import _superbill_value, _labelled
    words = (_line(100, "Member", "10") + [Word("YA414097875", 560, 100, 680, 112, 0.85)]
             + _line(140, "Insured") + [Word("BARRETT,", 560, 140, 640, 152, 0.94)])
    page = Page(1, 1700, 2200, tuple(words), ocr=True, dpi=200)
    a = _labelled(page, ("Member ID", "Insured ID"), page.lines())
    assert a is not None and _superbill_value("insured_id", page, a).value == "YA414097875"
    tax = Page(1, 1700, 2200, tuple(_line(100, "Tax", "1D:") + [
        Word("844278754", 420, 100, 520, 112, 0.96)]), ocr=True, dpi=200)
    a = _labelled(tax, ("Tax ID",), tax.lines())
    assert a is not None and _superbill_value("federal_tax_id", tax, a).value == "844278754"
    text = Page(1, 612, 792, tuple(words), ocr=False)
    assert _labelled(text, ("Member ID",), text.lines()) is None  # a text layer spells it


def test_a_practice_name_on_the_superbill_title_line_in_its_size_is_its_name():
    from extractors.claim_superbill import beside_title
    name = [Word(t, 80 + i * 150, 40, 220 + i * 150, 60, 0.96)
            for i, t in enumerate(["SMALL", "FAMILY", "MEDICINE"])]
    title = [Word("SUPERBILL", 900, 41, 1060, 60, 0.9), Word("/", 1070, 41, 1080, 60, 0.9)]
    page = Page(1, 1700, 2200, tuple(name + title), ocr=True, dpi=200)
    assert beside_title(name, page.lines())
    small = [Word("SUPERBILL", 900, 48, 1000, 58, 0.9)]  # a caption, not the title's size
    page = Page(1, 1700, 2200, tuple(name + small), ocr=True, dpi=200)
    assert not beside_title(name, page.lines())
    form = [Word("CLAIM", 900, 41, 1000, 60, 0.9)]  # 'HEALTH INSURANCE CLAIM FORM'
    page = Page(1, 1700, 2200, tuple(name + form), ocr=True, dpi=200)
    assert not beside_title(name, page.lines())


def test_an_id_label_matched_beside_a_name_gives_way_to_the_next_place_it_matches():
    from extractors.claim_superbill import extract_superbill
    words = (_line(100, "Member", "12") + [Word("8EG6TE8MK73", 560, 100, 680, 112, 0.81)]
             + _line(140, "Insured") + [Word("OLSON,", 560, 140, 620, 152, 0.96),
                                        Word("AARON", 630, 140, 690, 152, 0.93)])
    page = Page(1, 1700, 2200, tuple(words), ocr=True, dpi=200)
    fields, _ = extract_superbill(page)
    assert fields["insured_id"].value == "8EG6TE8MK73"


def test_box_28_unread_but_showing_the_lines_digits_confirms_their_sum():
    from extractors.claim_consistency import reconcile_total
    rows = [{"charge": make_field("charge", v, 0.6)} for v in ("299.99", "300.00")]
    fields: dict = {}
    garbled = [Word("599/\\98", 200, 50, 280, 62, 0.0)]  # the cell rule read as two glyphs
    reconcile_total(fields, rows, None, ocr=True, box28_words=garbled)
    assert fields["total_charge"].value == "599.99" and fields["total_charge"].confidence < 0.8
    garbled = [Word("599/\\99", 200, 50, 280, 62, 0.0)]
    reconcile_total(fields, rows, None, ocr=True, box28_words=garbled)
    assert fields["total_charge"].value == "599.99" and fields["total_charge"].confidence >= 0.95
    assert all(r["charge"].confidence >= 0.93 for r in rows)


def test_a_weak_word_with_a_digit_for_the_letter_counts_only_when_any_letter_gives_one_code():
    from extractors.claim_diagnoses import read_unambiguously
    assert read_unambiguously("G43.909", [Word("643.909", 0, 0, 60, 10, 0.18)])
    assert not read_unambiguously("G10", [Word("510", 0, 0, 30, 10, 0.26)])  # was I10
    assert not read_unambiguously("Z00.00", [Word("200.00", 0, 0, 60, 10, 0.0)])  # O00.00 too


def test_a_tax_id_dash_ocr_read_as_a_tilde_or_equals_is_a_dash():
    from extractors.claim_codes import repair_tax_id
    assert repair_tax_id("62~2635182") == ("62-2635182", 0.9)
    assert repair_tax_id("45=2777547") == ("45-2777547", 0.9)
    assert repair_tax_id("123=45-6789") == ("123-45-6789", 0.9)
    assert repair_tax_id("62-2635182") == ("62-2635182", 1.0)
    assert repair_tax_id("6=22635182") == ("6=22635182", 1.0)  # no dash is printed there


def test_a_rule_read_as_a_digit_is_told_by_the_width_of_the_run():
    from extractors.claim_codes import money_from_tokens, typewriter_cell
    npi = Word("1234567893", 0, 0, 200, 20, 0.9)  # 20 px a glyph
    cell = typewriter_cell([npi])
    assert cell == 20
    ruled = Word("0700", 300, 0, 382, 20, 0.65)  # four cells: '0', the rule, '00'
    assert money_from_tokens([ruled], split_cents=True, cell_width=cell)[::2] == (
        Decimal("0.00"), 1.0)
    lost = Word("2700", 300, 0, 408, 20, 0.65)  # 27|00 with the rule lost: a glyph wider
    amount, _, factor = money_from_tokens([lost], split_cents=True, cell_width=cell)
    assert (amount, factor) == (Decimal("27.00"), 0.5)
    assert money_from_tokens([ruled], split_cents=True)[0] == Decimal("7.00")  # no NPI


def test_one_s_for_a_5_in_a_medicare_id_counts_only_from_a_sure_ocr_word():
    from extractors.claim_boxes import mbi_as_printed
    for conf, trusted in ((0.86, True), (0.5, False)):
        word = Word("2EGSTE6MK71", 100, 100, 230, 112, conf)
        page = Page(1, 1700, 2200, (word,), ocr=True, dpi=200)
        field = make_field("insured_id", "2EG5TE6MK71", 0.4, page=page, words=[word])
        assert (mbi_as_printed(field, page).confidence >= 0.8) is trusted
    word = Word("SEGSTE6MK71", 100, 100, 230, 112, 0.9)  # two repairs: a guess
    page = Page(1, 1700, 2200, (word,), ocr=True, dpi=200)
    field = make_field("insured_id", "5EG5TE6MK71", 0.4, page=page, words=[word])
    assert mbi_as_printed(field, page).confidence == 0.4


def test_a_yen_sign_for_a_y_costs_an_identifier_nothing():
    from extractors.claim_codes import repair_identifier
    assert repair_identifier("\u00a5A642095307") == ("YA642095307", 1.0)
    assert repair_identifier("\u00a7A642095307") == ("SA642095307", 0.8)  # S or 5: a guess
