"""Scoring on hand-built (expected, extracted) pairs: every figure checked by hand."""
from __future__ import annotations

import pytest

from evaluation.report import to_markdown
from evaluation.rules import run_rules, truth_as_contract
from evaluation.scoring import calibration, evaluate, score_document


def f(value, conf=0.9, review=False):
    return {"value": value, "confidence": conf, "needs_review": review}


def doc(source, doc_type="invoice", ocr=False, fields=None, tables=None, pages=1):
    return {"source": source, "sha256": source, "doc_type": doc_type, "doc_type_confidence": 0.9,
            "pages": pages, "ocr": ocr, "fields": fields or {}, "tables": tables or {}}


INVOICE_TRUTH = {"doc_type": "invoice", "fields": {"invoice_number": "INV-1", "total": "100.00",
                                                   "vendor_name": "ACME Tools Inc"}}


def pairs():
    return [
        # 1: all right, all accepted -> straight through and correct
        (INVOICE_TRUTH, doc("a.pdf", fields={"invoice_number": f("inv-1", 0.95), "total": f("100", 0.95),
                                             "vendor_name": f("ACME TOOLS", 0.95)})),
        # 2: total wrong but accepted -> a silent error; straight through (wrongly)
        (INVOICE_TRUTH, doc("b.pdf", fields={"invoice_number": f("INV-1", 0.95), "total": f("10.00", 0.95),
                                             "vendor_name": f("ACME Tools", 0.95)})),
        # 3: OCR; vendor missing (wrong, not accepted), total wrong but flagged for review
        (INVOICE_TRUTH, doc("c.png", ocr=True, fields={"invoice_number": f("INV-1", 0.55),
                                                       "total": f("1O0.00", 0.35, review=True)})),
        # 4: claim classified as invoice; the one field right and accepted
        ({"doc_type": "claim", "fields": {"total_charge": "50.00"}},
         doc("d.pdf", doc_type="invoice", fields={"total_charge": f("50.00", 0.75)})),
        # 5: unreadable
        (INVOICE_TRUTH, {"source": "e.pdf", "sha256": "e", "error": {"code": "UNREADABLE", "message": "corrupt"}}),
    ]


def test_per_document_results():
    d = score_document(*pairs()[2])
    by = {r.field: r for r in d.fields}
    assert d.mode == "ocr"
    assert by["invoice_number"].correct and by["invoice_number"].accepted
    assert not by["total"].correct and not by["total"].accepted and not by["total"].silent_error
    assert not by["vendor_name"].present and not by["vendor_name"].correct and not by["vendor_name"].accepted
    assert not d.straight_through


def test_overall_figures():
    report = evaluate(pairs(), elapsed_seconds=2.5, rules=False)
    o = report.overall
    assert o.documents == 5 and o.failed == 1
    assert o.fields.count == 3 + 3 + 3 + 1 + 3
    assert o.fields.correct == 3 + 2 + 1 + 1 + 0
    assert o.fields.accuracy == pytest.approx(7 / 13)
    # accepted: doc1 3, doc2 3, doc3 1, doc4 1 = 8; accepted and wrong: doc2 total
    assert o.fields.accepted == 8 and o.fields.silent_errors == 1
    assert o.fields.silent_error_rate == pytest.approx(1 / 8)
    # straight through: docs 1, 2, 4 of the 5 with scored fields; only 1 and 4 entirely right
    assert (o.straight_through, o.docs_with_fields, o.straight_through_correct) == (3, 5, 2)
    assert o.straight_through_rate == pytest.approx(3 / 5)
    assert o.doc_type_accuracy == pytest.approx(3 / 5)  # doc 4 misclassified, doc 5 failed
    assert report.docs_per_second == pytest.approx(2.0)


def test_slices_by_mode_and_type_and_field():
    report = evaluate(pairs(), rules=False)
    assert set(report.by_mode) == {"text", "ocr", "failed"}
    assert report.by_mode["ocr"].fields.accuracy == pytest.approx(1 / 3)
    assert report.by_mode["text"].fields.accuracy == pytest.approx(6 / 7)
    assert report.by_doc_type["claim"].documents == 1
    total = report.per_field["invoice"]["total"]
    assert (total.count, total.correct, total.accepted, total.silent_errors) == (4, 1, 2, 1)
    vendor = report.per_field["invoice"]["vendor_name"]
    assert vendor.count - vendor.present == 2  # missing in doc 3 and the failed doc 5


def test_ece_on_a_known_example():
    # bin 0.9-1.0: confidences 0.95, 0.95, accuracy 1/2 -> gap 0.45, weight 1/2
    # bin 0.1-0.2: confidences 0.15, 0.15, accuracy 0   -> gap 0.15, weight 1/2
    cal = calibration([(0.95, True), (0.95, False), (0.15, False), (0.15, False)])
    assert cal.ece == pytest.approx(0.5 * 0.45 + 0.5 * 0.15)
    assert [b.count for b in cal.bins] == [0, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert calibration([(1.0, True), (0.0, False)]).ece == pytest.approx(0.0)  # edges land in end bins
    assert calibration([]).ece is None


def test_ece_in_the_report_uses_present_fields_only():
    report = evaluate(pairs(), rules=False)
    assert report.overall.calibration.count == 9  # 13 scored fields, 4 missing (1 in doc 3, 3 in doc 5)


def test_tables_in_the_report():
    truth = {"doc_type": "invoice", "fields": {},
             "tables": {"line_items": [{"description": "A", "amount": "1.00"}, {"description": "B", "amount": "2.00"}]}}
    got = doc("t.pdf", tables={"line_items": [{"description": f("A"), "amount": f("1")}]})
    report = evaluate([(truth, got)], rules=False)
    t = report.tables["line_items"]
    assert (t["expected_rows"], t["matched_rows"], t["cells"], t["cells_correct"]) == (2, 1, 4, 2)
    assert report.overall.cells.accuracy == pytest.approx(0.5)
    assert report.per_column["line_items"]["amount"].correct == 1


def test_json_and_markdown_render():
    report = evaluate(pairs(), elapsed_seconds=1.0, rules=False)
    data = report.as_json()
    assert data["overall"]["silent_error_rate"] == pytest.approx(1 / 8)
    assert data["documents"][1]["fields"]["total"] == {
        "expected": "100.00", "extracted": "10.00", "correct": False, "accepted": True, "confidence": 0.95}
    md = to_markdown(report)
    assert "| type: claim | 1 |" in md and "silent-error rate: 12.5%" in md


def test_rule_scoring_recall_and_false_errors_with_a_fake_validator():
    def validate(data, key, today):
        total = data["fields"].get("total", {}).get("value")
        if data["source"] == "4":
            return [("LOW_CONFIDENCE", True)]
        return [("TOTAL_MISMATCH", True)] if total == "999.00" else []

    labelled = [
        ([{"code": "TOTAL_MISMATCH", "fields": ["total"]}], doc("1", fields={"total": f("999.00")}), None),
        ([{"code": "TOTAL_MISMATCH", "fields": ["total"]}], doc("2", fields={"total": f("5.00")}), None),
        ([], doc("3", fields={"total": f("999.00")}), None),
        ([], doc("4", fields={"total": f("1.00")}), None),
    ]
    run = run_rules(labelled, validate)
    low, code = run.codes
    assert (code.with_defect, code.detected, code.without_defect, code.false_flags) == (2, 1, 2, 1)
    assert code.recall == 0.5 and code.false_error_rate == 0.5
    assert (low.code, low.with_defect, low.false_flags) == ("LOW_CONFIDENCE", 0, 1)
    assert (run.clean, run.clean_flagged, run.clean_flagged_by_rules) == (2, 2, 1)
    # only document 2 raised nothing: it posts untouched, with its labelled defect missed
    assert (run.touchless, run.touchless_defective, run.touchless_rate) == (1, 1, 0.25)


def test_truth_as_contract_is_a_valid_extracted_document():
    from schemas.document import ExtractedDocument

    truth = {"doc_type": "claim", "fields": {"diagnosis_codes": ["E11.9"], "total_charge": "10.00"},
             "tables": {"service_lines": [{"charge": "10.00", "modifiers": ["59"]}]}}
    d = ExtractedDocument.model_validate(truth_as_contract(truth, "x.pdf"))
    assert d.fields["total_charge"].needs_review is False and d.doc_type == "claim"
