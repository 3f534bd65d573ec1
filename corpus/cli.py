"""`ledgerline samples generate` and `samples master-data`: the corpus generator as a typer sub-app.

    python -m corpus.cli generate --out build/corpus --n 200 --seed 7
    python -m corpus.cli master-data --seed 7 --out clients/data/acme   # the same seed's world as CSVs
"""
from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from corpus.generate import generate_corpus
from corpus.master_data_export import FILES, write_master_data
from corpus.plan import DEFAULT_DEFECT_RATE, DEFAULT_MIX
from corpus.world import build_world

app = typer.Typer(help="Generate realistic synthetic documents with ground truth.",
                  no_args_is_help=True)


def _parse_mix(text: str | None) -> dict[str, int] | None:
    """`invoice=50,claim=20` -> weights; unknown types are an error that names the choices."""
    if not text:
        return None
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        name = name.strip()
        if name not in DEFAULT_MIX or not weight.strip().isdigit():
            raise typer.BadParameter(
                f"{part!r}: use TYPE=WEIGHT with TYPE one of {', '.join(DEFAULT_MIX)}")
        mix[name] = int(weight)
    return mix


@app.callback()
def main() -> None:
    """Synthetic document corpus."""


@app.command()
def generate(
    out: Path = typer.Option(..., "--out", help="Folder to write into (created if missing)."),
    n: int = typer.Option(100, "--n", min=1, help="Number of documents (each written twice)."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same corpus."),
    mix: str | None = typer.Option(None, "--mix", help="Weights, e.g. invoice=50,receipt=8,claim=17."),
    defect_rate: float = typer.Option(DEFAULT_DEFECT_RATE, "--defect-rate", min=0.0, max=1.0,
                                      help="Share of documents with one labelled defect."),
    showcase: bool = typer.Option(False, "--showcase",
                                  help="Start with a fixed tour of every layout and key defect."),
    scans: bool = typer.Option(True, "--scans/--no-scans", help="Also write the scanned rendering."),
    company: str | None = typer.Option(None, "--company", help="The client's name on invoices, pay stubs, W-2s."),
    master_data_defects: bool = typer.Option(
        False, "--master-data-defects",
        help="Also label PO_MISMATCH / RECEIPT_MISMATCH invoices (caught only with the world's master data)."),
) -> None:
    """Write N documents as text-layer PDFs and scans, each with its .expected.json."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as progress:
        task = progress.add_task("generating", total=n)
        paths = generate_corpus(out, n, seed, mix=_parse_mix(mix), defect_rate=defect_rate,
                                showcase=showcase, scans=scans, progress=lambda _plan: progress.advance(task),
                                world=build_world(seed, company), master_data_defects=master_data_defects)
    typer.echo(f"wrote {len(paths)} files for {n} documents (+ truth) under {out}")


@app.command("master-data")
def master_data(
    out: Path = typer.Option(..., "--out", help="Folder for the CSV files (created if missing)."),
    seed: int = typer.Option(0, "--seed", help="The seed given to `generate`: its documents come from this world."),
    company: str | None = typer.Option(None, "--company", help="As given to `generate`."),
    merge: bool = typer.Option(False, "--merge", help="Keep the rows already in the files; add the world's."),
    kinds: list[str] = typer.Option(list(FILES), "--kind", help=f"Only these files (repeatable): {', '.join(FILES)}."),
) -> None:
    """Write the world of SEED as a client's master data (vendors, purchase orders, goods
    receipts, employees, providers, payers), in the columns validators/master_data.py reads."""
    unknown = [k for k in kinds if k not in FILES]
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: use one of {', '.join(FILES)}", param_hint="--kind")
    paths = write_master_data(build_world(seed, company), out, kinds=tuple(kinds), merge=merge)
    typer.echo(f"wrote {', '.join(p.name for p in paths)} under {out} "
               f"(name them under master_data: in the client's YAML; kinds: {', '.join(FILES)})")


if __name__ == "__main__":
    app()
