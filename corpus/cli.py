"""`ledgerline samples generate`: the corpus generator as a typer sub-app.

    python -m corpus.cli generate --out build/corpus --n 200 --seed 7
"""
from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from corpus.generate import generate_corpus
from corpus.plan import DEFAULT_DEFECT_RATE, DEFAULT_MIX

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
) -> None:
    """Write N documents as text-layer PDFs and scans, each with its .expected.json."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as progress:
        task = progress.add_task("generating", total=n)
        paths = generate_corpus(out, n, seed, mix=_parse_mix(mix), defect_rate=defect_rate,
                                showcase=showcase, scans=scans, progress=lambda _plan: progress.advance(task))
    typer.echo(f"wrote {len(paths)} files for {n} documents (+ truth) under {out}")


if __name__ == "__main__":
    app()
