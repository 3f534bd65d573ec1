"""What to generate: a deterministic plan of documents (type, variant, defect, scan format)."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from corpus.claim_model import CLAIM_DEFECTS
from corpus.invoice_layouts import layouts_for
from corpus.invoice_model import INVOICE_DEFECTS, RECEIPT_DEFECTS
from corpus.payroll_layouts import PAYSTUB_LAYOUTS
from corpus.payroll_model import PAYSTUB_DEFECTS, W2_DEFECTS
from corpus.scan_effects import SCAN_FORMATS
from schemas.reasons import ReasonCode

DEFAULT_MIX: dict[str, int] = {"invoice": 50, "receipt": 8, "claim": 17, "paystub": 15, "w2": 10}
DEFAULT_DEFECT_RATE = 0.15
REFERENCE_DATE = date(2026, 10, 1)  # the corpus's "today": dates never depend on the wall clock
INVOICE_LOCALES = (("en_US", 35), ("en_GB", 15), ("de_DE", 20), ("fr_FR", 10), ("es_ES", 10),
                   ("en_IN", 10))
DEFECTS: dict[str, tuple[ReasonCode, ...]] = {
    "invoice": INVOICE_DEFECTS, "receipt": RECEIPT_DEFECTS, "claim": CLAIM_DEFECTS,
    "paystub": PAYSTUB_DEFECTS, "w2": W2_DEFECTS,
}
DUPLICATE_CODES = {ReasonCode.DUPLICATE_INVOICE, ReasonCode.DUPLICATE_CLAIM}
# defects that only a client's master data can catch (opt-in: the default client has none)
MASTER_DATA_DEFECTS = (ReasonCode.PO_MISMATCH, ReasonCode.RECEIPT_MISMATCH)
STRANGER_RATE = 0.15  # share of documents whose party is not in the client's world
STRANGER_TYPES = {"invoice", "claim", "paystub", "w2"}  # receipts come from any shop
FOLDERS = {"invoice": ("invoices", "inv"), "receipt": ("receipts", "rcpt"),
           "claim": ("claims", "claim"), "paystub": ("paystubs", "stub"), "w2": ("w2", "w2")}


@dataclass(frozen=True)
class DocPlan:
    index: int
    doc_type: str
    layout: str
    locale: str = "en_US"
    multipage: bool = False
    credit: bool = False
    defect: ReasonCode | None = None
    duplicate_of: int | None = None
    scan_format: str = "png"
    stranger: bool = False  # the vendor / employee / provider is not in the client's world

    @property
    def stem(self) -> str:
        return f"{FOLDERS[self.doc_type][1]}-{self.index:04d}"

    @property
    def folder(self) -> str:
        return FOLDERS[self.doc_type][0]


def _counts(n: int, mix: dict[str, int]) -> dict[str, int]:
    """Largest-remainder split of n documents by the mix weights."""
    weight = sum(mix.values())
    exact = {k: n * v / weight for k, v in mix.items() if v > 0}
    counts = {k: int(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - counts[k]), k))[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def random_variant(rng: random.Random, index: int, doc_type: str) -> DocPlan:
    if doc_type == "invoice":
        locale = rng.choices([k for k, _ in INVOICE_LOCALES], [w for _, w in INVOICE_LOCALES])[0]
        layout = rng.choice(layouts_for(locale)).name
        return DocPlan(index, doc_type, layout, locale, multipage=rng.random() < 0.1,
                       credit=rng.random() < 0.07)
    layout = {"receipt": lambda: "till_receipt", "claim": lambda: rng.choice(("cms1500", "cms1500", "superbill")),
              "paystub": lambda: rng.choice(PAYSTUB_LAYOUTS), "w2": lambda: "w2_irs"}[doc_type]()
    return DocPlan(index, doc_type, layout)


def _scan_format(index: int, plan: DocPlan) -> str:
    fmt = SCAN_FORMATS[index % len(SCAN_FORMATS)]
    if plan.multipage and fmt in ("png", "jpg"):
        return "tif" if fmt == "png" else "pdf"
    return fmt


def _assign_defects(plans: list[DocPlan], rng: random.Random, rate: float,
                    prior: list[DocPlan], master_data_defects: bool = False) -> list[DocPlan]:
    """Give about `rate` of `plans` one labelled defect; duplicates point at an earlier document."""
    chosen = set(rng.sample(range(len(plans)), min(len(plans), round(len(plans) * rate))))
    out = list(prior)
    for i, plan in enumerate(plans):
        if i in chosen:
            choices = DEFECTS[plan.doc_type]
            if master_data_defects and plan.doc_type == "invoice":
                choices += MASTER_DATA_DEFECTS
            code = rng.choice(choices)
            original = None
            if code in DUPLICATE_CODES:
                earlier = [p.index for p in out if p.doc_type == plan.doc_type and p.defect is None]
                if earlier:
                    original = rng.choice(earlier)
                else:
                    code = rng.choice([c for c in DEFECTS[plan.doc_type] if c not in DUPLICATE_CODES])
            if code in (ReasonCode.TOTAL_MISMATCH, ReasonCode.LINES_SUM_MISMATCH):
                plan = replace(plan, credit=False)
            if code in MASTER_DATA_DEFECTS:  # a known vendor's invoice against one of its POs
                plan = replace(plan, credit=False, stranger=False)
            plan = replace(plan, defect=code, duplicate_of=original)
            if original is not None:  # the copy looks like the document it repeats
                source = next(p for p in out if p.index == original)
                plan = replace(plan, layout=source.layout, locale=source.locale,
                               multipage=source.multipage, credit=source.credit, stranger=source.stranger)
        out.append(plan)
    return out[len(prior):]


def build_plan(n: int, seed: int, mix: dict[str, int] | None = None,
               defect_rate: float = DEFAULT_DEFECT_RATE, showcase: bool = False,
               master_data_defects: bool = False) -> list[DocPlan]:
    """The documents of a corpus, in order. `showcase` starts with a fixed tour of features.

    About STRANGER_RATE of the documents get a party from outside the client's world;
    `master_data_defects` adds PO_MISMATCH and RECEIPT_MISMATCH to the invoice defects.
    """
    rng = random.Random(f"ledgerline-corpus-plan:{seed}")
    parties = random.Random(f"ledgerline-corpus-parties:{seed}")  # its own stream: plans stay as they were
    head = showcase_plans()[:n] if showcase else []
    counts = _counts(n - len(head), mix or DEFAULT_MIX)
    types = [t for t, c in sorted(counts.items()) for _ in range(c)]
    rng.shuffle(types)
    tail = [random_variant(rng, len(head) + i + 1, t) for i, t in enumerate(types)]
    tail = [replace(p, stranger=p.doc_type in STRANGER_TYPES and parties.random() < STRANGER_RATE)
            for p in tail]
    tail = _assign_defects(tail, rng, defect_rate, prior=head, master_data_defects=master_data_defects)
    return [replace(p, scan_format=_scan_format(p.index, p)) for p in head + tail]


def showcase_plans() -> list[DocPlan]:
    """A fixed head for the committed sample set: every layout family, the key defects, and
    one document each from an unknown vendor, employee and provider."""
    R = ReasonCode
    specs = [
        ("invoice", "classic_us", "en_US", dict(multipage=True)),
        ("invoice", "din_5008", "de_DE", {}),
        ("invoice", "facture_fr", "fr_FR", dict(credit=True)),
        ("invoice", "band_modern", "en_GB", dict(defect=R.TOTAL_MISMATCH)),
        ("invoice", "factura_es", "es_ES", {}),
        ("invoice", "grid_ledger", "en_IN", {}),
        ("invoice", "minimal_left", "en_GB", dict(defect=R.MISSING_FIELD)),
        ("invoice", "footer_vendor", "de_DE", dict(stranger=True)),
        ("invoice", "din_5008", "de_DE", dict(defect=R.DUPLICATE_INVOICE, duplicate_of=2)),
        ("receipt", "till_receipt", "en_US", {}),
        ("claim", "cms1500", "en_US", {}),
        ("claim", "superbill", "en_US", dict(defect=R.INVALID_NPI)),
        ("claim", "cms1500", "en_US", dict(defect=R.INVALID_ICD10)),
        ("paystub", "earnings_statement", "en_US", {}),
        ("paystub", "check_stub", "en_US", dict(defect=R.NET_PAY_MISMATCH)),
        ("paystub", "stacked_summary", "en_US", dict(stranger=True)),
        ("w2", "w2_irs", "en_US", {}),
        ("w2", "w2_irs", "en_US", dict(defect=R.SS_TAX_MISMATCH)),
        ("claim", "cms1500", "en_US", dict(stranger=True)),
        ("invoice", "classic_us", "en_US", {}),
    ]
    return [DocPlan(i, t, layout, locale, **extra) for i, (t, layout, locale, extra)
            in enumerate(specs, start=1)]
