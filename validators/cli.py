"""`ledgerline clients ...` and `ledgerline rules ...` (mounted by ledgerline/cli.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ledgerline.errors import ConfigError
from schemas.client_config import DEFAULT_OCR_LANGUAGES

clients_app = typer.Typer(no_args_is_help=True, help="Client configurations and rule packs.")
rules_app = typer.Typer(no_args_is_help=True, help="Rule packs: replay a changed pack.")
out = Console()

ClientsDir = Annotated[Path | None, typer.Option("--clients-dir", help="default: settings.clients_dir")]


@clients_app.command("check")
def check(clients_dir: ClientsDir = None) -> None:
    """Validate every clients/*.yaml: one line per client, exit 1 if any is bad."""
    from validators.client_loader import client_files, clients_folder, read_client_file

    files = client_files(clients_dir)
    if not files:
        out.print(f"no client files in {clients_folder(clients_dir)}")
        raise typer.Exit(1)
    bad = 0
    for path in files:
        try:
            client = read_client_file(path)
        except ConfigError as exc:
            bad += 1
            out.print(f"[red]bad[/] {path.stem}: {exc.message}", highlight=False)
            continue
        types = ", ".join(t.value for t in client.doc_types)
        ocr = "" if tuple(client.ocr_languages) == DEFAULT_OCR_LANGUAGES else f"; OCR {'+'.join(client.ocr_languages)}"
        out.print(f"[green]ok[/]  {client.name}  pack {client.pack_version}  ({types}{ocr})", highlight=False)
    if bad:
        raise typer.Exit(1)


@rules_app.command("replay")
def replay_command(
    client: Annotated[str, typer.Option("--client", help="client name (clients/<name>.yaml)")],
    pack: Annotated[Path, typer.Option("--pack", help="the changed rule pack (a YAML file for this client)")],
    clients_dir: ClientsDir = None,
) -> None:
    """Re-run a changed rule pack over the client's stored documents, read-only."""
    from sqlmodel import Session

    from ledgerline.db import get_engine
    from validators.replay import replay

    with Session(get_engine()) as session:
        try:
            report = replay(client, pack, session, clients_dir=clients_dir)
        finally:
            session.rollback()
    table = Table(title=f"{report.client}: pack {report.old_version} -> {report.new_version}")
    for col in ("document", "type", "change", "before", "after"):
        table.add_column(col)
    for c in report.changes:
        table.add_row(f"{c.document_id} {c.source}", c.doc_type, c.kind,
                      f"{c.before} {' '.join(c.before_reasons)}", f"{c.after} {' '.join(c.after_reasons)}")
    out.print(table)
    out.print(f"{report.documents} documents: {len(report.newly_failing)} newly failing, "
              f"{len(report.newly_passing)} newly passing; straight-through "
              f"{report.straight_through_before:.1%} -> {report.straight_through_after:.1%}")
