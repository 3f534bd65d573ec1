"""Rebuild the committed `sample_docs/` set and its PROVENANCE.md.

    .venv/bin/python -m corpus.regenerate_samples          # rewrite sample_docs/
    .venv/bin/python -m corpus.regenerate_samples --check  # fail if sample_docs/ is stale

Equivalent generator command:
`python -m corpus.cli generate --out sample_docs --n 24 --seed 1 --showcase --company "Brightmart Retail LLC"`.
The demo clients' master data (clients/data/) is that world's:
`ledgerline samples master-data --seed 1 --company "Brightmart Retail LLC" --out DIR --merge`.
Hand-made folders (`sample_docs/bad/`: broken files for error handling) are left alone.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from corpus.generate import generate_corpus
from corpus.plan import FOLDERS, REFERENCE_DATE, build_plan
from corpus.world import World, build_world

SAMPLE_N, SAMPLE_SEED = 24, 1
SAMPLE_COMPANY = "Brightmart Retail LLC"  # the demo client the documents are addressed to
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_docs"
GENERATED_FOLDERS = tuple(sorted({folder for folder, _prefix in FOLDERS.values()}))
COMMAND = (f"python -m corpus.cli generate --out sample_docs --n {SAMPLE_N} --seed {SAMPLE_SEED} --showcase "
           f"--company \"{SAMPLE_COMPANY}\"")
MASTER_DATA_COMMAND = (f"ledgerline samples master-data --seed {SAMPLE_SEED} --company \"{SAMPLE_COMPANY}\" "
                       "--out clients/data/<client> --merge --kind ...")


def sample_world() -> World:
    """The world the sample documents and the demo clients' master data come from."""
    return build_world(SAMPLE_SEED, SAMPLE_COMPANY)


def _exercises(plan, truth: dict) -> str:
    bits = [plan.layout]
    if plan.doc_type == "invoice":
        bits.append(plan.locale)
    if plan.credit:
        bits.append("credit note")
    if plan.multipage:
        bits.append("multi-page")
    bits += [f"defect {d['code']}" for d in truth["defects"]]
    if plan.duplicate_of is not None:
        bits.append(f"duplicate of #{plan.duplicate_of:04d}")
    if plan.stranger:
        bits.append("party not in the master data")
    return ", ".join(bits)


def provenance(out_dir: Path) -> str:
    rows = ["# Provenance of sample_docs", "",
            "Every file here is synthetic, written by ledgerline's corpus generator (`corpus/`); "
            "nothing is a real person or company. Do not edit by hand: rebuild with",
            "", f"    .venv/bin/python -m corpus.regenerate_samples", "",
            f"which runs the equivalent of `{COMMAND}` (reference date {REFERENCE_DATE}). "
            "Each `X.pdf` has a text layer; `X-scan.*` is the same document rasterised with scan "
            "effects (no text layer). Both have the same truth in `*.expected.json` "
            "(shared/spec/extraction-contract.md, plus a `defects` list of ReasonCode values).", "",
            f"The documents come from one client world (`corpus/world.py`, seed {SAMPLE_SEED}, billed to "
            f"{SAMPLE_COMPANY}): vendors, purchase orders and goods receipts, employees, providers and "
            "payers. The demo clients' master data under `clients/data/` is that world "
            f"(`{MASTER_DATA_COMMAND}`; the few hand-written rows at the top of each file are fixtures "
            "of tests/validators). So invoices of known vendors quote a real PO with its lines and "
            "received quantities, pay stubs and W-2s name rostered employees, claims come from listed "
            "providers; documents marked \"party not in the master data\" are from strangers on purpose "
            "(VENDOR_UNKNOWN, EMPLOYEE_UNKNOWN, PROVIDER_UNKNOWN). The `defects` lists hold only "
            "client-independent faults; what a client's rule pack adds (unknown party, currency not "
            "allowed, approval limit) is not labelled.", "",
            "Each scan is the same document as its text PDF, so processing both for one client flags "
            "the second as DUPLICATE_INVOICE / DUPLICATE_CLAIM: that is correct behaviour, not a bug.", "",
            "`bad/` is hand-made, not generated (the regenerator leaves it alone): an empty scan, a "
            "truncated PDF and a spreadsheet, to show that unreadable input fails with a clear error; "
            "see `bad/PROVENANCE.md`.", "",
            "| file | generator command and seed | exercises |", "|---|---|---|"]
    for plan in build_plan(SAMPLE_N, SAMPLE_SEED, showcase=True):
        for path in sorted((out_dir / plan.folder).glob(f"{plan.stem}*")):
            if path.name.endswith(".expected.json"):
                continue
            truth = json.loads(path.with_name(path.stem + ".expected.json").read_text())
            scan = re.search(r"Scanned rendering of [^:]+: (.*? deg)", truth["notes"])
            kind = f"scan: {scan.group(1)}" if scan else "text-layer PDF"
            rows.append(f"| `{path.relative_to(out_dir)}` | `--n {SAMPLE_N} --seed {SAMPLE_SEED} "
                        f"--showcase`, document {plan.index} | {truth['doc_type']}: "
                        f"{_exercises(plan, truth)}; {kind} |")
    return "\n".join(rows) + "\n"


def build(out_dir: Path) -> None:
    generate_corpus(out_dir, SAMPLE_N, SAMPLE_SEED, showcase=True, world=sample_world())
    (out_dir / "PROVENANCE.md").write_text(provenance(out_dir), encoding="utf-8")


def main(argv: list[str]) -> int:
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))
            stale = [p.name for p in Path(tmp).rglob("*.json")
                     if (SAMPLE_DIR / p.relative_to(tmp)).read_bytes() != p.read_bytes()]
        print("sample_docs is up to date" if not stale else f"stale truth files: {stale}")
        return 1 if stale else 0
    for folder in GENERATED_FOLDERS:  # only what the generator writes; bad/ stays
        if (SAMPLE_DIR / folder).is_dir():
            shutil.rmtree(SAMPLE_DIR / folder)
    SAMPLE_DIR.mkdir(exist_ok=True)
    build(SAMPLE_DIR)
    print(f"rebuilt {SAMPLE_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
