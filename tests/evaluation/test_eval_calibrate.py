"""Calibrated review thresholds: chosen from (confidence, correct) points, used by extraction."""
from __future__ import annotations

import json

from evaluation.calibrate import NEVER, calibrate, threshold_for, write_thresholds
from extractors import confidence


def doc(doc_type: str, mode: str, **fields: tuple[float, bool]) -> dict:
    return {"expected_type": doc_type, "extracted_type": doc_type, "mode": mode, "error": None,
            "fields": {k: {"extracted": "x", "confidence": c, "correct": ok} for k, (c, ok) in fields.items()}}


def test_all_right_goes_down_to_the_floor_but_not_below():
    points = [(0.95, True)] * 20 + [(0.85, True)] * 20 + [(0.6, True)] * 20
    threshold, accepted, wrong = threshold_for(points, precision=0.998, margin=0.01, floor=0.8)
    assert threshold == 0.8 and accepted == 40 and wrong == 0  # nothing wrong between 0.8 and 0.85


def test_the_threshold_sits_just_clear_of_a_wrong_value_under_the_lowest_accepted_one():
    points = [(0.97, True)] * 40 + [(0.88, False)] + [(0.7, True)] * 10
    threshold, accepted, wrong = threshold_for(points, precision=0.998, margin=0.01, floor=0.8)
    assert threshold == 0.89 and accepted == 40 and wrong == 0


def test_a_confident_wrong_value_lifts_the_threshold_clear_of_it():
    points = [(0.97, True)] * 30 + [(0.93, False)] + [(0.935, True)] * 5 + [(0.9, True)] * 30
    threshold, accepted, _ = threshold_for(points, precision=0.998, margin=0.01, floor=0.8)
    assert threshold == 0.94  # above the wrong 0.93 by the margin: the 0.935s are reviewed
    assert accepted == 30


def test_wrong_at_the_top_means_never():
    points = [(0.99, False)] + [(0.9, True)] * 40
    assert threshold_for(points, precision=0.998, margin=0.01, floor=0.8)[0] == NEVER


def test_groups_by_type_field_and_mode_and_skips_small_groups(tmp_path):
    docs = [doc("invoice", "ocr", total=(0.88, True), iban=(0.9, True)) for _ in range(40)]
    docs += [doc("invoice", "text", total=(0.99, True)) for _ in range(10)]
    groups = {g.key: g for g in calibrate(docs, min_support=30, floors={"invoice": 0.8})}
    assert set(groups) == {"invoice/total/ocr", "invoice/iban/ocr"}
    assert groups["invoice/total/ocr"].threshold == 0.8  # all right: down to the family's floor
    # by default an invoice's threshold never goes below 0.9: 0.88 stays under review
    assert {g.key: g.threshold for g in calibrate(docs)}["invoice/total/ocr"] == NEVER
    out = tmp_path / "thresholds.json"
    write_thresholds(list(groups.values()), out, source="test")
    assert json.loads(out.read_text())["thresholds"]["invoice/iban/ocr"] == 0.8


def test_extraction_context_picks_the_calibrated_threshold(tmp_path, monkeypatch):
    table = tmp_path / "t.json"
    table.write_text(json.dumps({"thresholds": {"invoice/total/ocr": 0.8}}))
    load = confidence.calibrated_thresholds.__wrapped__
    monkeypatch.setattr(confidence, "calibrated_thresholds", lambda: load(table))
    assert confidence.needs_review("total", 0.85)  # outside a read: the hand-set 0.90
    with confidence.reading("invoice", ocr=True):
        assert not confidence.needs_review("total", 0.85)
        assert confidence.needs_review("subtotal", 0.85)  # not calibrated: hand-set
    with confidence.reading("invoice", ocr=False):
        assert confidence.needs_review("total", 0.85)


def test_projection_counts_straight_through_and_wrong_accepted_on_held_out_documents():
    from evaluation.calibrate import Group, project
    groups = [Group("invoice/total/ocr", 0.9, 40, 40, 0)]
    held_out = [doc("invoice", "ocr", total=(0.95, True), iban=(0.97, True)),   # both accepted
                doc("invoice", "ocr", total=(0.95, False), iban=(0.5, True)),   # total silently wrong
                doc("invoice", "ocr", total=(0.85, True), iban=(0.97, True))]   # total reviewed
    [p] = project(groups, held_out, {"default": 0.96})  # iban has no group: the hand-set 0.96
    assert (p.key, p.documents, p.straight_through) == ("invoice/ocr", 3, 1)
    assert (p.fields, p.accepted, p.wrong_accepted) == (6, 4, 1)
