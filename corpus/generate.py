"""Orchestration: plan the corpus, build each document, render it twice, write its truth.

    generate_corpus(Path("out"), n=100, seed=7)

Each document becomes `<folder>/<stem>.pdf` (text layer) and `<folder>/<stem>-scan.<ext>`
(image only), each with `<name>.expected.json` beside it holding the same printed truth.
"""
from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from corpus.claim_form import render_cms1500
from corpus.claim_model import apply_claim_defect, claim_truth, make_claim
from corpus.invoice_layouts import LAYOUTS
from corpus.invoice_model import apply_invoice_defect, make_invoice, make_receipt
from corpus.invoice_render import render_invoice
from corpus.invoice_truth import invoice_truth, receipt_truth
from corpus.payroll_layouts import render_paystub
from corpus.payroll_model import apply_paystub_defect, apply_w2_defect, make_paystub, make_w2
from corpus.payroll_truth import paystub_truth, w2_truth
from corpus.people import seeded_faker
from corpus.plan import (DEFAULT_DEFECT_RATE, DUPLICATE_CODES, MASTER_DATA_DEFECTS, REFERENCE_DATE, DocPlan,
                         build_plan)
from corpus.purchasing import bill_order, choose_order, choose_vendor
from corpus.receipt_layout import render_receipt
from corpus.scan_effects import MULTIPAGE_FORMATS, make_scan
from corpus.superbill import render_superbill
from corpus.truth import Defect, Truth, write_truth
from corpus.w2_form import render_w2
from corpus.world import World, build_world
from schemas.reasons import ReasonCode

IBAN_LOCALES = {"en_GB", "de_DE", "fr_FR", "es_ES"}
STRANGER_WORDS = {"invoice": "vendor", "claim": "billing provider", "paystub": "employee", "w2": "employee",
                  "receipt": "shop"}


@dataclass
class BuiltDocument:
    """A document's content plus how to draw it and how to state its truth."""

    model: object
    render: Callable[[Path], int]
    truth: Callable[[str], Truth]


def _build_invoice(plan: DocPlan, rng: random.Random, reference: date, world: World | None = None,
                   used: frozenset[str] = frozenset()) -> BuiltDocument:
    layout = LAYOUTS[plan.layout]
    fake = seeded_faker(plan.locale, rng.getrandbits(32))
    count = rng.randint(26, 40) if plan.multipage else rng.randint(1, 9)
    iban = layout.bank_footer or (plan.locale in IBAN_LOCALES and rng.random() < 0.4)
    inv = make_invoice(rng, fake, locale_key=plan.locale, layout=plan.layout, reference=reference,
                       line_count=count, credit=plan.credit, sku="sku" in layout.columns,
                       iban=iban and plan.locale in IBAN_LOCALES)
    vendor = choose_vendor(rng, world, plan.locale) if world is not None and not plan.stranger else None
    if vendor is not None:
        po = choose_order(rng, world, vendor, set(used), short=plan.defect is ReasonCode.RECEIPT_MISMATCH)
        bill_order(inv, world, vendor, po, rng, line_count=count if plan.multipage else None,
                   defect=plan.defect if plan.defect in MASTER_DATA_DEFECTS else None)
        if "sku" not in layout.columns:
            inv.lines = [replace(line, sku="") for line in inv.lines]
    if not layout.shows_amount_due:
        inv.amount_due = None
    if plan.defect is not None and plan.defect not in DUPLICATE_CODES | set(MASTER_DATA_DEFECTS):
        apply_invoice_defect(inv, plan.defect, rng)
    return BuiltDocument(inv, lambda p: render_invoice(inv, layout, p),
                         lambda notes: invoice_truth(inv, layout, notes))


def _build_receipt(plan: DocPlan, rng: random.Random, reference: date, world: World | None = None,
                   used: frozenset[str] = frozenset()) -> BuiltDocument:
    receipt = make_receipt(rng, seeded_faker("en_US", rng.getrandbits(32)), reference=reference)
    if plan.defect is not None:
        apply_invoice_defect(receipt, plan.defect, rng)
    render_rng = random.Random(rng.getrandbits(32))
    return BuiltDocument(receipt, lambda p: render_receipt(receipt, p, random.Random(render_rng.random())),
                         lambda notes: receipt_truth(receipt, notes))


def _build_claim(plan: DocPlan, rng: random.Random, reference: date, world: World | None = None,
                 used: frozenset[str] = frozenset()) -> BuiltDocument:
    fake = seeded_faker("en_US", rng.getrandbits(32))
    if world is not None and not plan.stranger:
        claim = make_claim(rng, fake, layout=plan.layout, reference=reference,
                           provider=rng.choice(world.providers), payers=world.payers)
    else:
        claim = make_claim(rng, fake, layout=plan.layout, reference=reference)
    if plan.defect is not None and plan.defect not in DUPLICATE_CODES:
        apply_claim_defect(claim, plan.defect, rng)
    return _claim_document(claim)


def _claim_document(claim) -> BuiltDocument:
    draw = render_superbill if claim.layout == "superbill" else render_cms1500
    return BuiltDocument(claim, lambda p: draw(claim, p), lambda notes: claim_truth(claim, notes))


def _build_paystub(plan: DocPlan, rng: random.Random, reference: date, world: World | None = None,
                   used: frozenset[str] = frozenset()) -> BuiltDocument:
    fake = seeded_faker("en_US", rng.getrandbits(32))
    if world is not None and not plan.stranger:
        stub = make_paystub(rng, fake, layout=plan.layout, reference=reference,
                            employee=rng.choice(world.employees),
                            employer=(world.company, list(world.company_address)))
    else:
        stub = make_paystub(rng, fake, layout=plan.layout, reference=reference)
    if plan.defect is not None:
        apply_paystub_defect(stub, plan.defect, rng)
    return BuiltDocument(stub, lambda p: render_paystub(stub, p), lambda notes: paystub_truth(stub, notes))


def _build_w2(plan: DocPlan, rng: random.Random, reference: date, world: World | None = None,
              used: frozenset[str] = frozenset()) -> BuiltDocument:
    fake = seeded_faker("en_US", rng.getrandbits(32))
    if world is not None and not plan.stranger:
        w2 = make_w2(rng, fake, reference=reference, employee=rng.choice(world.employees),
                     employer=(world.company, list(world.company_address), world.company_ein))
    else:
        w2 = make_w2(rng, fake, reference=reference)
    if plan.defect is not None:
        apply_w2_defect(w2, plan.defect, rng)
    two_up = rng.random() < 0.5
    return BuiltDocument(w2, lambda p: render_w2(w2, p, two_up), lambda notes: w2_truth(w2, notes))


# (plan, rng, reference date, world=None, used=PO numbers already invoiced) -> document;
# without a world every party is a fresh faker name
BUILDERS: dict[str, Callable[..., BuiltDocument]] = {
    "invoice": _build_invoice, "receipt": _build_receipt, "claim": _build_claim,
    "paystub": _build_paystub, "w2": _build_w2,
}


def _duplicate(plan: DocPlan, original: BuiltDocument) -> BuiltDocument:
    """A later copy of an earlier document: same vendor/provider and number, labelled on the copy."""
    model = copy.deepcopy(original.model)
    field = "invoice_number" if plan.doc_type == "invoice" else "patient_account_number"
    model.defects = [Defect(plan.defect, (field,), f"same document as #{plan.duplicate_of:04d}, sent again")]
    if plan.doc_type == "claim":
        return _claim_document(model)
    layout = LAYOUTS[model.layout]
    return BuiltDocument(model, lambda p: render_invoice(model, layout, p),
                         lambda notes: invoice_truth(model, layout, notes))


def _notes(plan: DocPlan, seed: int, reference: date) -> str:
    variant = f"layout {plan.layout}" + (f", locale {plan.locale}" if plan.doc_type == "invoice" else "")
    variant += ", credit note" if plan.credit else ""
    variant += ", multi-page" if plan.multipage else ""
    variant += f", {STRANGER_WORDS[plan.doc_type]} not in the client's master data" if plan.stranger else ""
    return (f"Synthetic {plan.doc_type} from ledgerline corpus (seed {seed}, document {plan.index}, "
            f"{variant}; reference date {reference.isoformat()}). Truth is exactly what the "
            "renderer printed, defects included; addresses are the printed lines joined by single "
            "spaces; tax_rate is a percentage.")


def build_document(plan: DocPlan, rng: random.Random, built_so_far: dict[int, BuiltDocument],
                   reference: date = REFERENCE_DATE, world: World | None = None) -> BuiltDocument:
    """The content of one planned document (nothing drawn yet); remembers it for duplicates.
    Parties come from `world` unless the plan says the document is from a stranger."""
    if plan.duplicate_of is not None:
        built = _duplicate(plan, built_so_far[plan.duplicate_of])
    else:
        used = frozenset(b.model.po_number for b in built_so_far.values() if getattr(b.model, "po_number", None))
        built = BUILDERS[plan.doc_type](plan, rng, reference, world=world, used=used)
    built_so_far[plan.index] = built
    return built


def plan_truths(n: int, seed: int, *, mix: dict[str, int] | None = None,
                defect_rate: float = DEFAULT_DEFECT_RATE, showcase: bool = False,
                world: World | None = None, master_data_defects: bool = False) -> list[tuple[str, dict]]:
    """(stem, truth JSON) of the text-layer PDFs `generate_corpus` would write, without drawing.

    Fast (no PDF, no scan): for rule and scorer tests that need many labelled documents.
    """
    world = world or build_world(seed)
    built: dict[int, BuiltDocument] = {}
    out = []
    for plan in build_plan(n, seed, mix, defect_rate, showcase=showcase, master_data_defects=master_data_defects):
        rng = random.Random(f"ledgerline-corpus:{seed}:{plan.index}")
        document = build_document(plan, rng, built, world=world)
        out.append((plan.stem, document.truth(_notes(plan, seed, REFERENCE_DATE)).as_json()))
    return out


def generate_document(plan: DocPlan, out_dir: Path, seed: int, built_so_far: dict[int, BuiltDocument],
                      reference: date = REFERENCE_DATE, scans: bool = True,
                      world: World | None = None) -> list[Path]:
    """Build, render (text layer + scan) and write the truth of one planned document."""
    rng = random.Random(f"ledgerline-corpus:{seed}:{plan.index}")
    built = build_document(plan, rng, built_so_far, reference, world=world)
    folder = out_dir / plan.folder
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{plan.stem}.pdf"
    pages = built.render(pdf)
    notes = _notes(plan, seed, reference)
    write_truth(pdf, built.truth(notes))
    if not scans:
        return [pdf]
    scan_format = plan.scan_format
    if pages > 1 and scan_format not in MULTIPAGE_FORMATS:
        scan_format = MULTIPAGE_FORMATS[plan.index % len(MULTIPAGE_FORMATS)]
    scan = folder / f"{plan.stem}-scan.{scan_format}"
    profile = make_scan(pdf, scan, seed=rng.getrandbits(32))
    write_truth(scan, built.truth(f"{notes} Scanned rendering of {pdf.name}: {profile.describe()}."))
    return [pdf, scan]


def generate_corpus(out_dir: Path, n: int, seed: int, *, mix: dict[str, int] | None = None,
                    defect_rate: float = DEFAULT_DEFECT_RATE, showcase: bool = False, scans: bool = True,
                    progress: Callable[[DocPlan], None] | None = None, world: World | None = None,
                    master_data_defects: bool = False) -> list[Path]:
    """Write n documents (each as a text PDF and, unless `scans=False`, a scan, with truth files).

    Parties come from `world` (default: `build_world(seed)`, what `samples master-data --seed`
    exports). Returns the document paths written, in plan order.
    """
    out_dir = Path(out_dir)
    world = world or build_world(seed)
    plans = build_plan(n, seed, mix, defect_rate, showcase=showcase, master_data_defects=master_data_defects)
    written: list[Path] = []
    built: dict[int, BuiltDocument] = {}
    for plan in plans:
        written += generate_document(plan, out_dir, seed, built, scans=scans, world=world)
        if progress is not None:
            progress(plan)
    return written
