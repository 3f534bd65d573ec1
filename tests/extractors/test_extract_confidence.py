"""Confidence from signals and the per-field review thresholds."""
from __future__ import annotations

import pytest

from extractors.confidence import REVIEW_THRESHOLD, Signals, combine, needs_review, threshold


def test_thresholds_have_default():
    assert "default" in REVIEW_THRESHOLD
    assert threshold("no_such_field") == REVIEW_THRESHOLD["default"]
    assert needs_review("total", 0.5) and not needs_review("total", 0.999)


@pytest.mark.parametrize("field", ["label", "margin", "shape", "ocr"])
def test_combine_is_monotone(field):
    low = Signals(**{"label": 0.5, "margin": 0.5, "shape": 0.5, "ocr": 0.9} | {field: 0.2})
    high = Signals(**{"label": 0.5, "margin": 0.5, "shape": 0.5, "ocr": 0.9} | {field: 1.0})
    assert combine(low) <= combine(high)


def test_consistency_moves_a_scanned_value_both_ways():
    base = Signals(label=1.0, margin=1.0, shape=1.0, ocr=0.97)
    assert combine(Signals(label=1.0, margin=1.0, shape=1.0, ocr=0.97, consistency=0.0)) < combine(base)
    assert combine(Signals(label=1.0, margin=1.0, shape=1.0, ocr=0.97, consistency=1.0)) >= combine(base)
    assert needs_review("total", combine(Signals(label=1.0, margin=1.0, shape=1.0, ocr=0.97,
                                                 consistency=0.0)))


def test_a_failed_check_on_a_text_layer_is_the_documents_defect_not_a_doubt_of_the_reading():
    base = Signals(label=1.0, margin=1.0, shape=1.0)
    assert combine(Signals(label=1.0, margin=1.0, shape=1.0, consistency=0.0)) == combine(base)
    assert combine(Signals(label=1.0, margin=1.0, shape=1.0, consistency=1.0)) >= combine(base)
    assert not needs_review("total", combine(Signals(label=1.0, margin=1.0, shape=1.0,
                                                     consistency=0.0)))


def test_unlabelled_guess_needs_review():
    assert needs_review("vendor_name", combine(Signals(label=0.2, margin=0.3, shape=0.6)))


def test_poor_ocr_caps_confidence():
    assert combine(Signals(label=1.0, margin=1.0, shape=1.0, ocr=0.5)) <= 0.63


def test_spreading_form_scores_redecides_review_but_keeps_a_review_an_extractor_forced(monkeypatch):
    from extractors import confidence
    from extractors.forms import calibrate, make_field
    monkeypatch.setitem(confidence.REVIEW_THRESHOLD, "box_value", 0.8)
    fields = {"box_value": make_field("box_value", "12", 0.76)}        # under 0.8 as scored
    forced = make_field("box_value", "34", 0.85).model_copy(update={"needs_review": True})
    fields["other"] = forced
    monkeypatch.setitem(confidence.REVIEW_THRESHOLD, "other", 0.8)
    assert fields["box_value"].needs_review
    calibrate(fields, {})
    assert fields["box_value"].confidence == 0.83 and not fields["box_value"].needs_review
    assert fields["other"].confidence == 0.875 and fields["other"].needs_review
