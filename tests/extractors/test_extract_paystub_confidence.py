"""Pay stub confidence from evidence: the stub's arithmetic, its calendar, its readings."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.page_model import Word
from extractors.paystub_evidence import (
    check_arithmetic, check_dates, clean_name_shape, is_pay_period, line_pays, read_once_confidence,
)
from extractors.paystub_reading import Reading


def _word(text: str, conf: float = 0.96) -> Word:
    return Word(text, 0.0, 0.0, 50.0, 10.0, conf)


def _money(value: str, conf: float = 0.9) -> Reading:
    return Reading(value, [_word(value, conf)], conf, Decimal(value))


def _day(iso: str, conf: float = 0.9) -> Reading:
    return Reading(iso, [_word(iso, conf)], conf)


# -- the calendar -------------------------------------------------------------------------------

@pytest.mark.parametrize("start,end,ok", [
    ("2026-08-24", "2026-09-06", True),   # biweekly, both ends counted
    ("2026-09-12", "2026-09-18", True),   # weekly
    ("2026-09-01", "2026-09-15", True),   # semimonthly, first half
    ("2026-02-16", "2026-02-28", True),   # semimonthly, second half
    ("2026-09-01", "2026-09-30", True),   # monthly
    ("2026-08-24", "2026-09-08", False),  # 16 days from the 24th: a digit misread
    ("2026-07-29", "2026-08-14", False),  # 17 days
    ("2026-09-02", "2026-09-16", False),  # 15 days, not the 1st to the 15th
])
def test_pay_periods_follow_a_payroll_calendar(start, end, ok):
    assert is_pay_period(date.fromisoformat(start), date.fromisoformat(end)) is ok


def test_consistent_dates_confirm_each_other():
    r = {"pay_period_start": _day("2026-08-24"), "pay_period_end": _day("2026-09-06"),
         "pay_date": _day("2026-09-11")}
    check_dates(r)
    assert all(x.checks == [True] for x in r.values())


def test_a_pay_date_far_from_the_period_is_doubted():
    # '08/11' read as '08/22': 17 days after the period's end
    r = {"pay_period_start": _day("2026-07-23"), "pay_period_end": _day("2026-08-05"),
         "pay_date": _day("2026-08-22")}
    check_dates(r)
    assert r["pay_date"].checks == [False]
    assert r["pay_period_end"].checks == [True]


def test_a_period_that_is_no_payroll_period_confirms_nothing():
    r = {"pay_period_start": _day("2026-07-29"), "pay_period_end": _day("2026-08-14"),
         "pay_date": _day("2026-08-16")}
    check_dates(r)
    assert r["pay_period_end"].checks == [] and r["pay_date"].checks == []
    backwards = {"pay_period_start": _day("2026-08-14"), "pay_period_end": _day("2026-07-29")}
    check_dates(backwards)
    assert backwards["pay_period_start"].checks == [False]


# -- the arithmetic -----------------------------------------------------------------------------

def test_hours_times_rate_rounds_half_up_to_the_cent():
    assert line_pays(Decimal("77.50"), Decimal("20.39"), Decimal("1580.23"))  # 1580.225
    assert not line_pays(Decimal("77.50"), Decimal("20.39"), Decimal("1605.23"))


def _stub(net: str, lines: tuple[str, ...] = ("1500.00", "580.23")):
    earnings = [{"amount": _money(a)} for a in lines]
    deductions = [{"amount": _money("300.00")}, {"amount": _money("124.28")}]
    r = {"gross_pay": _money("2080.23"), "total_deductions": _money("424.28"),
         "net_pay": _money(net)}
    check_arithmetic(r, earnings, deductions)
    return r, earnings, deductions


def test_net_pay_that_does_not_follow_is_charged_alone():
    r, _, _ = _stub("1755.95")  # 100.00 more than gross - deductions
    assert r["net_pay"].checks == [False]
    assert r["gross_pay"].checks == [True]  # its lines add up to it
    assert r["total_deductions"].checks == [True]


def test_a_total_equal_to_its_one_line_clears_no_one():
    # the same digits read twice can be misread alike: gross is not cleared
    r, earnings, _ = _stub("1755.95", lines=("2080.23",))
    assert False in r["gross_pay"].checks and False in r["net_pay"].checks


def test_a_misread_deduction_line_is_charged_not_the_total_net_pay_confirms():
    earnings = [{"amount": _money("2080.23")}]
    deductions = [{"amount": _money("800.00")}, {"amount": _money("124.28")}]  # '300' as '800'
    r = {"gross_pay": _money("2080.23"), "total_deductions": _money("424.28"),
         "net_pay": _money("1655.95")}
    check_arithmetic(r, earnings, deductions)
    assert r["total_deductions"].checks == [True]
    assert deductions[0]["amount"].checks == [False]


# -- readings no check reaches ------------------------------------------------------------------

def test_read_once_confidence_follows_the_weakest_word():
    assert read_once_confidence(0.95) == read_once_confidence(0.88) > 0.95
    assert read_once_confidence(0.86) == 0.93  # nearly clean: one step down
    assert read_once_confidence(0.84) == pytest.approx(0.88)  # under the review line
    assert read_once_confidence(0.7) < 0.7
    assert read_once_confidence(0.91, clean=0.95) < 0.9


@pytest.mark.parametrize("text,ok", [
    ("Green-Hunt", True), ("Wiley, Reed and Vasquez", True), ("Johnson LLC", True),
    ("Jeffrey Smith", True), ("Ben O'Neil", True), ("Ann McDonald", True),
    ("ren ©", False), ("Jeffrey oe Smith", False), ("Benjamin:Costa", False), ("E13521", False),
])
def test_clean_name_shape(text, ok):
    assert clean_name_shape(text) is ok


def test_a_speck_glued_to_a_name_word_is_not_doubt_about_its_letters():
    from extractors.paystub_evidence import name_words_conf
    assert name_words_conf([_word("Vanessa", 0.96), _word("Wang.", 0.72)]) == pytest.approx(0.91)
    assert name_words_conf([_word("\u2018Jeffery", 0.69), _word("Roach", 0.96)]) > 0.9
    assert name_words_conf([_word("Vanessa", 0.95), _word("Wang", 0.76)]) == 0.76  # no speck
    assert name_words_conf([_word("Benjamin:Costa", 0.79)]) == 0.79


@pytest.mark.parametrize("text,expected", [
    ("77,50", "77.50"), ("76,00.", "76.00"), ("1,234,56", "1,234.56"),
    ("\u201c55,168.64", "55,168.64"), ("12,345", "12,345"),  # grouping, not a point
    ("25:634.52", "25,634.52"),  # a grouping comma read as ':'
])
def test_scanned_amount_repairs(text, expected):
    from extractors.paystub_reading import ocr_money_text
    assert ocr_money_text(text) == expected


def test_a_date_ocr_split_at_a_gap_is_joined():
    from extractors.paystub_fields import _SPLIT_DATE
    assert _SPLIT_DATE.sub(r"\1\2", "08/1 1/2026 08/24/2026") == "08/11/2026 08/24/2026"
    assert _SPLIT_DATE.sub(r"\1\2", "08/11/2026 08/24/2026") == "08/11/2026 08/24/2026"


def test_a_name_needs_its_words_read_at_0_93_or_better():
    from extractors.paystub_evidence import NAME_WORD_CONF
    assert read_once_confidence(0.96, NAME_WORD_CONF) == 0.96
    assert read_once_confidence(0.94, NAME_WORD_CONF) == 0.93
    assert read_once_confidence(0.92, NAME_WORD_CONF) < 0.9  # 'Bail' for 'Ball' read at 0.92


@pytest.mark.parametrize("text,expected", [
    ("Wright.Group", "Wright Group"), ("Linda\u2019Smith", "Linda Smith"),
    ("Benjamin:Costa", "Benjamin Costa"), ("Ben O'Neil", "Ben O'Neil"),
    ("A.B. Smith", "A.B. Smith"),
])
def test_a_speck_between_two_words_of_a_name_is_the_gap(text, expected):
    from extractors.paystub_parties import split_glued_words
    assert split_glued_words(text) == expected


def test_a_ytd_summary_row_confirms_ytd_gross_and_net_when_the_lines_ytd_column_fails():
    from extractors.page_model import Line
    from extractors.paystub_evidence import check_arithmetic

    def at(text, x, conf=0.96):
        return Word(text, x, 380.0, x + 60.0, 392.0, conf)
    gross_w, ded_w = at("48,212.00", 200), at("13,475.22", 320, 0.36)
    net_w = at("34,736.78", 440, 0.0)
    row = Line((at("Year", 40), at("to", 70), at("Date", 90), gross_w, ded_w, net_w))
    r = {"ytd_gross": Reading("48212.00", [gross_w], 0.9, Decimal("48212.00")),
         "ytd_net": Reading("34736.78", [net_w], 0.0, Decimal("34736.78"))}
    misread = [{"ytd": _money("9000.00")}]  # the deduction lines' YTD column does not add up
    check_arithmetic(r, [], misread, [row], ocr=True)
    assert r["ytd_net"].checks == [True] and r["ytd_gross"].checks == [True]
    assert misread[0]["ytd"].checks == [False]
    off = Line((gross_w, at("13,475.20", 320), net_w))  # a row that does not add up
    r2 = {"ytd_gross": Reading("48212.00", [gross_w], 0.9, Decimal("48212.00")),
          "ytd_net": Reading("34736.78", [net_w], 0.0, Decimal("34736.78"))}
    check_arithmetic(r2, [], [], [off], ocr=True)
    assert r2["ytd_net"].checks == []


def test_a_scanned_amount_with_both_marks_misread_keeps_its_digits():
    from extractors.paystub_reading import read_money
    got = read_money([_word("55.890:18", 0.6)], 1.0, ocr=True)
    assert got is not None and got.value == "55890.18"


def test_a_scanned_pay_period_split_by_ocr_is_read_and_confirmed_by_the_calendar():
    from extractors.page_model import Page
    from extractors.paystub_fields import extract_paystub

    def w(text, x, top, line):
        return Word(text, x, top, x + 9.0 * len(text), top + 15.0, 0.9, block=1, line=line)
    page = Page(1, 1275.0, 1651.0, (
        w("Pay", 77, 683, 1), w("Period", 115, 683, 1), w("08/1", 223, 683, 1),
        w("1/2026", 262, 683, 1), w("08/24/2026", 340, 683, 1),
        w("Pay", 77, 710, 2), w("Date", 115, 710, 2), w("08/27/2026", 223, 710, 2)),
        ocr=True, dpi=150.0)
    fields, _ = extract_paystub([page])
    assert fields["pay_period_start"].value == "2026-08-11"
    assert fields["pay_period_end"].value == "2026-08-24"
    assert fields["pay_date"].confidence >= 0.93  # 3 days after a 14-day period


@pytest.mark.parametrize("word,conf,accepted", [
    ("E51045", 0.83, True),    # the capital read as a letter: it, not the digits, is doubted
    ("E51045", 0.72, False),
    ("\u00a351045", 0.83, False),  # 'E' read as a pound sign: the scan damaged this word
    ("E1615S", 0.83, False),   # a letter among the digits
    ("51045", 0.83, False),    # an all-digit ID reads 0.91-0.96 when clean
])
def test_an_id_read_letter_first_needs_less_word_confidence(word, conf, accepted):
    from extractors.paystub_evidence import id_clean_level
    assert (read_once_confidence(conf, id_clean_level(word)) >= 0.93) is accepted


@pytest.mark.parametrize("text,conf,top", [
    ("Green-Hunt", 0.92, True),   # the most Tesseract gives a hyphenated word
    ("Rich-Oison", 0.91, False),  # read for 'Rich-Olson': a part no word list knows
    ("Green-Hunt", 0.91, True),   # both parts words Tesseract's list knows
    ("Green-Hunt", 0.87, False),  # under the level right compounds read at
    ("Green-hunt", 0.92, False),  # a capital lost
    ("Green-Hunt Group", 0.92, False),  # more than the one compound: its words read 0.96
])
def test_a_hyphenated_company_name_is_clean_only_at_the_top_a_hyphen_allows(text, conf, top):
    from extractors.paystub_evidence import top_compound
    assert top_compound(text, conf) is top


def test_ytd_totals_a_whole_number_of_periods_times_the_current_ones_are_confirmed():
    from extractors.paystub_evidence import ytd_multiple_checks
    r = {"gross_pay": _money("3753.33"), "net_pay": _money("2528.12"),
         "ytd_gross": _money("60053.28"), "ytd_net": _money("40449.92")}  # 16 periods
    assert ytd_multiple_checks(r) == [([r["gross_pay"], r["net_pay"], r["ytd_gross"],
                                        r["ytd_net"]], True)]
    r["ytd_net"] = _money("40449.82")  # a digit misread
    assert ytd_multiple_checks(r) == []
    r["ytd_gross"], r["ytd_net"] = _money("60053.29"), _money("40449.92")  # pay changed
    assert ytd_multiple_checks(r) == []


def test_a_total_equal_to_its_one_line_that_hours_times_rate_confirms_is_cleared():
    earnings = [{"amount": _money("2080.00")}]
    deductions = [{"amount": _money("300.00")}, {"amount": _money("124.28")}]
    r = {"gross_pay": _money("2080.00"), "total_deductions": _money("424.28"),
         "net_pay": _money("1755.72"),  # 100.00 more than gross - deductions
         "hours": _money("80.00"), "rate": _money("26.00")}
    check_arithmetic(r, earnings, deductions, ocr=True)
    assert r["gross_pay"].checks == [True] and False in r["net_pay"].checks
