"""The `ledgerline` command line.

Known problems (LedgerlineError) print one line and exit with their code; anything else is a
bug and shows a traceback.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ledgerline.errors import LedgerlineError
from ledgerline.settings import get_settings

app = typer.Typer(
    name="ledgerline", no_args_is_help=True, add_completion=False,
    help="Back-office document pipeline: extract, validate, review and post invoices, claims and payroll.",
)
queue_app = typer.Typer(no_args_is_help=True, help="The exception queue.")
ledger_app = typer.Typer(no_args_is_help=True, help="The accounting tables.")
app.add_typer(queue_app, name="queue")
app.add_typer(ledger_app, name="ledger")
# wide tables when piped (make, CI logs); the terminal's own width otherwise
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (every supported file below a folder)")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines per the extraction contract")] = False,
    workers: Annotated[int | None, typer.Option(help="parallel processes (default: settings.workers)")] = None,
    ocr_languages: Annotated[str, typer.Option(
        "--ocr-languages", help="tesseract language models for scanned pages, the first preferred (deu+eng)")] = "eng",
) -> None:
    """Extract fields from documents. Needs no database, server or client configuration."""
    from extractors.ocr import parse_languages
    from extractors.pipeline import expand_paths, extract_paths

    languages = parse_languages(ocr_languages)
    files = expand_paths(paths)
    failed = 0
    with _progress() as progress:
        bar = progress.add_task("extracting", total=len(files))
        for doc in extract_paths(files, workers=workers or get_settings().workers, ocr_languages=languages):
            progress.advance(bar)
            failed += doc.error is not None
            if as_json:
                sys.stdout.write(json.dumps(doc.to_contract(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                _print_document(doc)
    if failed:
        err.print(f"[yellow]{failed} of {len(files)} file(s) could not be read[/]")
        raise typer.Exit(1)


def _print_document(doc) -> None:  # type: ignore[no-untyped-def]
    from review.masking import mask_value

    if doc.error is not None:
        out.print(f"[red]{doc.source}[/]: {doc.error.code}: {doc.error.message}")
        return
    table = Table(title=f"{doc.source} — {doc.doc_type.value} ({doc.doc_type_confidence:.2f}), "
                        f"{doc.pages} page(s){', OCR' if doc.ocr else ''}")
    for col in ("field", "value", "confidence", "review"):
        table.add_column(col)
    for name, f in doc.fields.items():
        value = ", ".join(f.value) if isinstance(f.value, list) else f.value
        table.add_row(name, mask_value(name, value), f"{f.confidence:.2f}", "yes" if f.needs_review else "")
    out.print(table)


@app.command()
def process(
    inbox: Annotated[list[Path], typer.Argument(help="files or folders to process")],
    client: Annotated[str, typer.Option("--client", "-c", help="client name (clients/<name>.yaml)")],
) -> None:
    """Run the batch flow (Prefect) for one client: store, extract, validate, post or queue."""
    from ledgerline.prefect_env import configure_prefect

    settings = get_settings()
    configure_prefect(settings)
    for path in inbox:
        if not path.exists():
            raise LedgerlineError(f"{path}: no such file or folder")
    err.print(f"processing {', '.join(map(str, inbox))} for client {client} (Prefect local mode) …")
    from flows import batch_steps
    from flows.process_batch import process_batch
    from ledgerline.report import print_summary

    with _progress() as progress:
        bar = progress.add_task(f"{client}: documents", total=None)

        def on_progress(stage: str, n: int) -> None:
            if stage == "total":
                progress.update(bar, total=n)
            else:
                progress.advance(bar, n)

        batch_steps.set_progress(on_progress)
        try:
            summary = process_batch(client, [str(p) for p in inbox])
        finally:
            batch_steps.set_progress(None)
    print_summary(out, summary, settings)


@app.command()
def schedule(
    client: Annotated[list[str], typer.Option("--client", "-c", help="client(s) whose folder inbox to serve")],
    every_minutes: Annotated[int, typer.Option(min=1, help="run each inbox this often")] = 15,
) -> None:
    """Serve scheduled Prefect deployments that process each client's folder inbox
    (`<data_dir>/inbox/<client>/`). Runs until interrupted; watch runs in the Prefect UI.

    Schedules need a running Prefect server (the local mode has no scheduler): start one with
    `make prefect-server` and point PREFECT_API_URL at it."""
    import os

    from ledgerline.prefect_env import configure_prefect

    settings = get_settings()
    configure_prefect(settings)
    if not os.environ.get("PREFECT_API_URL"):
        raise LedgerlineError(
            "schedules need a Prefect server: run `make prefect-server` in another terminal, then "
            "PREFECT_API_URL=http://127.0.0.1:4200/api ledgerline schedule ..."
        )
    from prefect import serve

    from flows.schedule import inbox_deployments
    from validators.client_loader import load_client

    for name in client:
        load_client(name)
    deployments = inbox_deployments(client, settings.inbox_dir, every_minutes=every_minutes)
    for name in client:
        err.print(f"inbox for {name}: {settings.inbox_dir / name} (every {every_minutes} min)")
    serve(*deployments)


@queue_app.command("list")
def queue_list(
    client: Annotated[str | None, typer.Option("--client", "-c")] = None,
    all_states: Annotated[bool, typer.Option("--all", help="include resolved and rejected items")] = False,
) -> None:
    """List exception-queue items (open ones by default), most urgent first."""
    from ledgerline.report import print_queue

    print_queue(out, client=client, all_states=all_states)


@ledger_app.command("show")
def ledger_show(
    client: Annotated[str | None, typer.Option("--client", "-c")] = None,
    limit: Annotated[int, typer.Option(help="entries to show")] = 20,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="export all journal lines to CSV")] = None,
) -> None:
    """Show journal entries and totals by account; optionally export lines as CSV."""
    from ledgerline.report import export_journal_csv, print_ledger

    if csv_out is not None:
        n = export_journal_csv(csv_out, client=client)
        err.print(f"wrote {n} journal lines to {csv_out}")
        return
    print_ledger(out, client=client, limit=limit)


def _mount_subapps() -> None:
    """Sub-apps that live in their own packages."""
    from corpus.cli import app as samples_app
    from evaluation.cli import register as register_eval
    from review.cli import review_app, users_app
    from validators.cli import clients_app, rules_app

    app.add_typer(samples_app, name="samples", help="Generate the synthetic document corpus.")
    app.add_typer(clients_app, name="clients", help="Client configurations and rule packs.")
    app.add_typer(rules_app, name="rules", help="Rule packs: replay a changed pack.")
    app.add_typer(users_app, name="users", help="Review-app users.")
    app.add_typer(review_app, name="review", help="The operators' review web app.")
    register_eval(app)


def main() -> None:
    from review.log_masking import install_log_masking  # personal data masked in every log record
    install_log_masking()
    _mount_subapps()
    try:
        app()
    except LedgerlineError as exc:
        err.print(f"[red]error:[/] {exc.message}", highlight=False)
        sys.exit(exc.exit_code)
