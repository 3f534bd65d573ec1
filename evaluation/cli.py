"""`ledgerline eval` and `ledgerline bench`.

The main CLI calls `register(app)`; `eval_app` runs the same commands standalone
(`python -m evaluation.cli eval DIR`). Low accuracy is a result, not a failure: the exit
code is non-zero only when something crashed.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

out = Console()
if not out.is_terminal:  # piped or captured: wide enough that the tables stay readable
    out = Console(width=200)
err = Console(stderr=True)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def eval_command(
    dir: Annotated[Path, typer.Argument(help="folder of documents with X.expected.json beside them")],
    json_out: Annotated[Path | None, typer.Option("--json", help="write every figure and per-document result here")] = None,
    markdown_out: Annotated[Path | None, typer.Option("--markdown", help="write the tables as Markdown here")] = None,
    extracted: Annotated[Path | None, typer.Option(
        "--extracted", help="score this `ledgerline extract --json` output instead of extracting now")] = None,
    workers: Annotated[int, typer.Option(help="extraction processes")] = 2,
    today: Annotated[str | None, typer.Option(help="date the rules treat as today (YYYY-MM-DD) for documents whose truth notes name no reference date")] = None,
    brief: Annotated[bool, typer.Option("--brief", help="overview table only")] = False,
    ocr_languages: Annotated[str, typer.Option(
        "--ocr-languages", help="tesseract language models for scanned pages, the first preferred (deu+eng)")] = "eng",
) -> None:
    """Score extraction (and labelled rule defects) against the truth files in DIR."""
    from evaluation.dataset import pairs_for
    from extractors.ocr import parse_languages
    from evaluation.report import print_report, to_markdown
    from evaluation.scoring import evaluate

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        def progress(total: int):  # type: ignore[no-untyped-def]
            task = bar.add_task("extracting", total=total)
            return lambda: bar.advance(task)

        languages = parse_languages(ocr_languages)
        pairs, elapsed = pairs_for(dir, extracted=extracted, workers=workers, progress=progress,
                                   ocr_languages=languages)
    if not pairs:
        err.print(f"[yellow]no documents with .expected.json under {dir}[/]")
        return
    report = evaluate(pairs, elapsed_seconds=elapsed, today=date.fromisoformat(today) if today else None)
    print_report(out, report, detail=not brief)
    if json_out is not None:
        write_json(json_out, {"dir": str(dir), "date": date.today().isoformat(),
                              "ocr_languages": "+".join(languages)} | report.as_json())
        err.print(f"wrote {json_out}")
    if markdown_out is not None:
        markdown_out.write_text(to_markdown(report), encoding="utf-8")
        err.print(f"wrote {markdown_out}")


def bench_command(
    docs: Annotated[Path | None, typer.Option("--docs", help="documents to run (default: generate a mixed batch)")] = None,
    n: Annotated[int, typer.Option("--n", help="documents to generate when --docs is not given")] = 200,
    seed: Annotated[int, typer.Option(help="corpus seed for generated documents")] = 11,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the figures here")] = None,
    workers: Annotated[int, typer.Option(help="processes (the flow's and the floor's)")] = 2,
    skip_plain: Annotated[bool, typer.Option("--skip-plain", help="do not re-run the steps without Prefect")] = False,
) -> None:
    """Throughput of the real batch flow, side by side with raw pdfplumber and raw tesseract."""
    from evaluation.bench import print_bench, run_bench

    result = run_bench(docs=docs, n=n, seed=seed, workers=workers, plain=not skip_plain, console=err)
    print_bench(out, result)
    if json_out is not None:
        write_json(json_out, result.as_json())
        err.print(f"wrote {json_out}")


def calibrate_command(
    evals: Annotated[list[Path], typer.Argument(help="`ledgerline eval --json` outputs of a calibration set")],
    precision: Annotated[float, typer.Option(help="share of accepted fields that must be right")] = 0.998,
    margin: Annotated[float, typer.Option(help="added to each threshold found")] = 0.01,
    min_support: Annotated[int, typer.Option(help="fewest examples a group needs for its own threshold")] = 30,
    write: Annotated[bool, typer.Option("--write", help="write extractors/review_thresholds.json")] = False,
    check: Annotated[list[Path] | None, typer.Option(
        help="a held-out `ledgerline eval --json`: show what these thresholds would do on it")] = None,
) -> None:
    """Review thresholds per document type, field and reading mode from a calibration run."""
    from evaluation.calibrate import calibrate, write_thresholds
    from extractors.confidence import CALIBRATED_FILE
    from rich.table import Table

    documents: list[dict[str, Any]] = []
    for path in evals:
        documents += json.loads(path.read_text(encoding="utf-8"))["documents"]
    groups = calibrate(documents, precision=precision, margin=margin, min_support=min_support)
    table = Table("doc_type/field/mode", "examples", "threshold", "accepted", "wrong accepted")
    for g in groups:
        table.add_row(g.key, str(g.examples), "never" if g.threshold > 1 else f"{g.threshold:.4f}",
                      str(g.accepted), str(g.wrong_accepted))
    out.print(table)
    accepted = sum(g.accepted for g in groups)
    wrong = sum(g.wrong_accepted for g in groups)
    out.print(f"{len(documents)} documents; {accepted} fields accepted, {wrong} of them wrong "
              f"({100 * wrong / accepted if accepted else 0:.2f}%) on the calibration set itself")
    for path in check or []:
        _print_projection(path, groups)
    if write:
        write_thresholds(groups, CALIBRATED_FILE, source=", ".join(str(p) for p in evals))
        err.print(f"wrote {CALIBRATED_FILE}")


def _print_projection(path: Path, groups: list[Any]) -> None:
    from evaluation.calibrate import project
    from extractors.confidence import REVIEW_THRESHOLD
    from rich.table import Table

    rows = project(groups, json.loads(path.read_text(encoding="utf-8"))["documents"], REVIEW_THRESHOLD)
    table = Table("doc_type/mode", "documents", "straight-through", "fields accepted", "wrong accepted",
                  title=f"these thresholds on {path}")
    for r in rows:
        table.add_row(r.key, str(r.documents), f"{r.straight_through} ({100 * r.straight_through / max(r.documents, 1):.1f}%)",
                      f"{r.accepted} of {r.fields}", f"{r.wrong_accepted}")
    docs = sum(r.documents for r in rows)
    st = sum(r.straight_through for r in rows)
    acc = sum(r.accepted for r in rows)
    wrong = sum(r.wrong_accepted for r in rows)
    table.add_row("all", str(docs), f"{st} ({100 * st / max(docs, 1):.1f}%)", str(acc),
                  f"{wrong} ({100 * wrong / max(acc, 1):.2f}%)")
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add `eval`, `bench` and `calibrate` to the main `ledgerline` app."""
    app.command("eval")(eval_command)
    app.command("bench")(bench_command)
    app.command("calibrate")(calibrate_command)


eval_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Evaluation and benchmarks.")
register(eval_app)


if __name__ == "__main__":  # pragma: no cover
    eval_app()
