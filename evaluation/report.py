"""Render an EvalReport: rich tables for the terminal, Markdown for docs/quality.md.

Both renderings come from the same rows (`overview_rows`, `field_rows`, ...), so the terminal
and the docs never disagree. The JSON form is `EvalReport.as_json()`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from evaluation.scoring import EvalReport, FieldStats, Summary

Rows = tuple[list[str], list[list[str]]]  # (header, rows)


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def overview_rows(report: EvalReport) -> Rows:
    """One row per slice: all documents, text layer, OCR, failed, and each doc type."""
    header = ["slice", "docs", "type acc.", "fields", "field acc.", "accepted",
              "silent err.", "silent rate", "straight-thr.", "cell acc.", "ECE"]
    slices: list[tuple[str, Summary]] = [("all", report.overall)]
    slices += [(f"mode: {m}", s) for m, s in report.by_mode.items()]
    slices += [(f"type: {t}", s) for t, s in report.by_doc_type.items()]
    rows = [[
        name, str(s.documents), pct(s.doc_type_accuracy), str(s.fields.count), pct(s.fields.accuracy),
        pct(s.fields.accepted_share), str(s.fields.silent_errors), pct(s.fields.silent_error_rate),
        pct(s.straight_through_rate), pct(s.cells.accuracy), num(s.calibration.ece),
    ] for name, s in slices]
    return header, rows


def _stats_row(label: list[str], s: FieldStats) -> list[str]:
    return label + [str(s.count), pct(s.accuracy), pct(s.accepted_share), str(s.silent_errors),
                    str(s.count - s.present)]


def field_rows(report: EvalReport) -> Rows:
    header = ["doc type", "field", "n", "accuracy", "auto-accepted", "silent errors", "missing"]
    rows = [_stats_row([t, f], s) for t, fs in report.per_field.items() for f, s in fs.items()]
    return header, rows


def table_rows(report: EvalReport) -> Rows:
    header = ["table", "docs", "rows expected", "rows extracted", "rows matched", "row recall",
              "row precision", "cells", "cell acc."]
    rows = [[name, str(t["documents"]), str(t["expected_rows"]), str(t["extracted_rows"]),
             str(t["matched_rows"]), pct(t["row_recall"]), pct(t["row_precision"]),  # type: ignore[arg-type]
             str(t["cells"]), pct(t["cell_accuracy"])]  # type: ignore[arg-type]
            for name, t in report.tables.items()]
    return header, rows


def column_rows(report: EvalReport) -> Rows:
    header = ["table", "column", "n", "accuracy", "auto-accepted", "silent errors", "missing"]
    rows = [_stats_row([t, c], s) for t, cs in report.per_column.items() for c, s in cs.items()]
    return header, rows


def calibration_rows(report: EvalReport) -> Rows:
    header = ["confidence bin", "fields", "mean confidence", "accuracy"]
    rows = [[f"{b.low:.1f}–{b.high:.1f}", str(b.count), num(b.mean_confidence), pct(b.accuracy)]
            for b in report.overall.calibration.bins if b.count]
    return header, rows


def rule_rows(report: EvalReport) -> Rows | None:
    if report.rules is None:
        return None
    x, t = report.rules.on_extraction, report.rules.on_truth
    truth_codes = {c.code: c for c in t.codes}
    header = ["reason code", "labelled", "recall (extraction)", "false flags (extraction)",
              "recall (truth)", "false flags (truth)"]
    rows = [["clean documents → any error", str(x.clean), "–",
             f"{x.clean_flagged} ({pct(x.false_error_rate)})", "–",
             f"{t.clean_flagged} ({pct(t.false_error_rate)})"],
            ["clean documents → an error other than LOW_CONFIDENCE", str(x.clean), "–",
             f"{x.clean_flagged_by_rules} ({pct(x.rule_false_error_rate)})", "–",
             f"{t.clean_flagged_by_rules} ({pct(t.rule_false_error_rate)})"],
            ["all documents → no error at all (touchless: posted without an operator)", str(x.documents),
             "–", f"{x.touchless} ({pct(x.touchless_rate)}); {x.touchless_defective} with a labelled defect",
             "–", f"{t.touchless} ({pct(t.touchless_rate)}); {t.touchless_defective} with a labelled defect"]]
    for c in x.codes:
        ct = truth_codes.get(c.code)
        rows.append([c.code, str(c.with_defect), pct(c.recall), f"{c.false_flags} ({pct(c.false_error_rate)})",
                     pct(ct.recall) if ct else "–",
                     f"{ct.false_flags} ({pct(ct.false_error_rate)})" if ct else "–"])
    return header, rows


def headline(report: EvalReport) -> list[str]:
    o = report.overall
    lines = [
        f"documents: {o.documents} ({o.pages} pages, {o.failed} failed)",
        f"field accuracy: {pct(o.fields.accuracy)} of {o.fields.count} fields",
        f"silent-error rate: {pct(o.fields.silent_error_rate)} "
        f"({o.fields.silent_errors} accepted-and-wrong of {o.fields.accepted} accepted)",
        f"straight-through: {pct(o.straight_through_rate)} ({o.straight_through} of {o.docs_with_fields} documents; "
        f"{o.straight_through_correct} of them entirely right)",
        f"doc-type accuracy: {pct(o.doc_type_accuracy)}",
        f"table cell accuracy: {pct(o.cells.accuracy)} of {o.cells.count} cells",
        f"calibration (ECE, 10 bins): {num(o.calibration.ece)} over {o.calibration.count} fields with a confidence",
    ]
    if report.elapsed_seconds:
        lines.append(f"throughput: {num(report.docs_per_second, 2)} documents/s "
                     f"({report.elapsed_seconds:.1f} s extraction wall time)")
    return lines


def sections(report: EvalReport) -> list[tuple[str, Rows]]:
    out = [("Overview", overview_rows(report)), ("Fields", field_rows(report))]
    if report.tables:
        out += [("Tables", table_rows(report)), ("Table columns", column_rows(report))]
    out.append(("Calibration", calibration_rows(report)))
    rules = rule_rows(report)
    if rules is not None:
        out.append(("Rules on labelled defects", rules))
    return out


def print_report(console: Console, report: EvalReport, *, detail: bool = True) -> None:
    for title, (header, rows) in sections(report):
        if not detail and title not in ("Overview", "Rules on labelled defects"):
            continue
        table = Table(title=title, title_justify="left")
        for i, col in enumerate(header):
            table.add_column(col, justify="left" if i < 2 else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    for line in headline(report):
        console.print(line, highlight=False)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]], *, left: int = 2) -> str:
    """A pipe table; the first `left` columns left-aligned, the rest right-aligned (figures)."""
    def esc(x: Any) -> str:
        return str(x).replace("|", "\\|")

    out = ["| " + " | ".join(esc(h) for h in header) + " |",
           "|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def to_markdown(report: EvalReport, *, level: int = 3, detail: bool = True) -> str:
    parts = ["\n".join(f"- {line}" for line in headline(report))]
    for title, (header, rows) in sections(report):
        if not detail and title not in ("Overview", "Rules on labelled defects"):
            continue
        parts.append(f"{'#' * level} {title}\n\n{markdown_table(header, rows)}")
    return "\n\n".join(parts) + "\n"
