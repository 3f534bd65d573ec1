"""`ledgerline bench`: end-to-end throughput of the real batch flow next to the floor.

The floor is what the raw tools cost on the same pages, on the same cores:
- text-layer pages: pdfplumber `page.extract_words()`;
- scanned pages: `pytesseract.image_to_data` (OMP_THREAD_LIMIT=1, the extractor's config) on
  the same page image the extractor reads (image files as they are; an image-only PDF page
  as its embedded picture; other PDF pages rendered at the extractor's OCR dpi, greyscale),
  `workers` processes in parallel.

The flow runs in a child process on a fresh data dir (its own SQLite database and Prefect
state). A second child runs the same steps without Prefect (unless `plain=False`), with text
and scanned documents in separate chunks, which gives extraction time per kind of page and a
second measure of Prefect's cost.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from evaluation.dataset import DOCUMENT_SUFFIXES

OCR_DPI = 300  # extractors.loader.OCR_DPI
# raw tesseract, its defaults (the floor): the engine and page mode extractors.ocr uses, without
# its tuning (extractors.ocr turns off tesseract's inverted-line retry, which it does itself)
TESSERACT_CONFIG = "--oem 1 --psm 3"
IMAGE_SUFFIXES = frozenset(s for s in DOCUMENT_SUFFIXES if s != ".pdf")
SCAN_SHARE = 0.25  # when the generated batch has fewer scans than this, some PDFs are rasterised


@dataclass
class Inventory:
    """Which documents and pages read from a text layer and which need OCR."""

    text_docs: list[Path] = field(default_factory=list)
    scan_docs: list[Path] = field(default_factory=list)
    text_pages: list[tuple[Path, int]] = field(default_factory=list)
    scan_pages: list[tuple[Path, int]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.text_docs) + len(self.scan_docs)

    @property
    def pages(self) -> int:
        return len(self.text_pages) + len(self.scan_pages)

    def kinds(self) -> dict[str, str]:
        return {str(p.resolve()): "text" for p in self.text_docs} | {str(p.resolve()): "scan" for p in self.scan_docs}


def take_inventory(paths: list[Path]) -> Inventory:
    import pypdfium2 as pdfium
    from PIL import Image

    inv = Inventory()
    for path in paths:
        if path.suffix.lower() in IMAGE_SUFFIXES:
            with Image.open(path) as im:
                frames = getattr(im, "n_frames", 1)
            inv.scan_docs.append(path)
            inv.scan_pages += [(path, i) for i in range(frames)]
            continue
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue  # unreadable: the flow reports it; the floor has nothing to read
        try:
            has_text = [bool(pdf[i].get_textpage().get_text_range().strip()) for i in range(len(pdf))]
        finally:
            pdf.close()
        if all(has_text):
            inv.text_docs.append(path)
        else:
            inv.scan_docs.append(path)
        inv.text_pages += [(path, i) for i, t in enumerate(has_text) if t]
        inv.scan_pages += [(path, i) for i, t in enumerate(has_text) if not t]
    return inv


# --- the floor ----------------------------------------------------------------------------

def _floor_words(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_words()) for page in pdf.pages)


def _page_image(path: Path, index: int):  # type: ignore[no-untyped-def]
    from PIL import Image

    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        from extractors.render import embedded_scan

        scan = embedded_scan(path, index)  # a scanner's PDF: the picture itself, as we OCR it
        if scan is not None:
            return scan[0]

        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdf[index].render(scale=OCR_DPI / 72.0, grayscale=True).to_pil().convert("L")
        finally:
            pdf.close()
    with Image.open(path) as im:
        im.seek(index)
        return im.convert("L")


def _floor_ocr(page: tuple[Path, int]) -> int:
    import pytesseract

    os.environ["OMP_THREAD_LIMIT"] = "1"
    data = pytesseract.image_to_data(_page_image(*page), config=TESSERACT_CONFIG)
    return data.count("\n")


def _warm(_: int) -> None:
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401
    import pytesseract  # noqa: F401
    time.sleep(0.2)  # keep this worker busy so that every worker gets one


def run_floor(inv: Inventory, workers: int) -> dict[str, Any]:
    """Seconds for the raw tools over the same pages, `workers` processes (started and warmed
    up before the clock starts: the floor is the tools' own cost)."""
    out: dict[str, Any] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, range(workers)))
        start = time.perf_counter()
        words = sum(pool.map(_floor_words, inv.text_docs, chunksize=4))
        out["text_seconds"] = time.perf_counter() - start if inv.text_docs else 0.0
        out["text_words"] = words
        start = time.perf_counter()
        list(pool.map(_floor_ocr, inv.scan_pages))
        out["ocr_seconds"] = time.perf_counter() - start if inv.scan_pages else 0.0
    return out


# --- documents ----------------------------------------------------------------------------

def generate_batch(out: Path, n: int, seed: int) -> None:
    subprocess.run([sys.executable, "-m", "corpus.cli", "generate", "--out", str(out), "--n", str(n),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)


def _documents_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)


# --- the measured runs --------------------------------------------------------------------

def _child_env(data_dir: Path, workers: int) -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "LEDGERLINE_DATA_DIR": str(data_dir), "PREFECT_HOME": str(data_dir / "prefect"),
        "LEDGERLINE_WORKERS": str(workers), "OMP_THREAD_LIMIT": "1", "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    }
    return env


def run_child(mode: str, inbox: Path, inv: Inventory, work: Path, workers: int) -> dict[str, Any]:
    data_dir = work / f"data-{mode}"
    kinds, out = work / "kinds.json", work / f"{mode}.json"
    kinds.write_text(json.dumps(inv.kinds()), encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "evaluation.bench_run", mode, str(inbox), str(kinds), str(out)],
                          env=_child_env(data_dir, workers), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"bench {mode} run failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    result["process_seconds"] = elapsed
    return result


@dataclass
class BenchResult:
    documents: int
    pages: int
    text_docs: int
    scan_docs: int
    text_pages: int
    scan_pages: int
    workers: int
    floor: dict[str, Any]
    flow: dict[str, Any]
    plain: dict[str, Any] | None
    generated: bool
    source: str
    peak_parent_kib: int
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute load before and after

    def figures(self) -> dict[str, Any]:
        f, p = self.flow, self.plain
        wall = f["wall_seconds"]
        floor_total = self.floor["text_seconds"] + self.floor["ocr_seconds"]
        out: dict[str, Any] = {
            "flow_wall_seconds": wall,
            "flow_docs_per_second": self.documents / wall if wall else None,
            "flow_pages_per_second": self.pages / wall if wall else None,
            "flow_start_to_first_step_seconds": f["start_to_first_step_seconds"],
            "flow_steps_seconds": f["steps_seconds"],
            "prefect_seconds": wall - f["steps_seconds"],
            "prefect_share": (wall - f["steps_seconds"]) / wall if wall else None,
            "prefect_tasks": f["tasks"],
            "floor_seconds": floor_total,
            "floor_docs_per_second": self.documents / floor_total if floor_total else None,
            "floor_pages_per_second": self.pages / floor_total if floor_total else None,
            "flow_vs_floor": wall / floor_total if floor_total else None,
            "floor_seconds_per_text_page": self.floor["text_seconds"] / self.text_pages if self.text_pages else None,
            "floor_seconds_per_scanned_page": self.floor["ocr_seconds"] / self.scan_pages if self.scan_pages else None,
            "peak_flow_tree_rss_mib": f["peak_tree_rss_kib"] / 1024,
            "peak_flow_rusage_self_plus_children_mib": (f["self_maxrss_kib"] + f["children_maxrss_kib"]) / 1024,
            "peak_floor_rusage_self_plus_children_mib": self.peak_parent_kib / 1024,
        }
        if p is not None:
            kinds = p["extract_by_kind"]
            text_s, scan_s = kinds["text"]["extract_seconds"], kinds["scan"]["extract_seconds"]
            out |= {
                "plain_wall_seconds": p["wall_seconds"],
                "prefect_share_vs_plain": (wall - p["wall_seconds"]) / wall if wall else None,
                "extract_seconds_per_text_page": text_s / self.text_pages if self.text_pages else None,
                "extract_seconds_per_scanned_page": scan_s / self.scan_pages if self.scan_pages else None,
            }
            out["ratio_per_text_page"] = (out["extract_seconds_per_text_page"] / out["floor_seconds_per_text_page"]
                                          if out["extract_seconds_per_text_page"] and out["floor_seconds_per_text_page"] else None)
            out["ratio_per_scanned_page"] = (out["extract_seconds_per_scanned_page"] / out["floor_seconds_per_scanned_page"]
                                             if out["extract_seconds_per_scanned_page"] and out["floor_seconds_per_scanned_page"] else None)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BenchResult:
        """Back from `as_json()` (for re-rendering a saved run)."""
        parent = data.get("peak_parent_kib") or int(data["figures"]["peak_floor_rusage_self_plus_children_mib"] * 1024)
        return cls(data["documents"], data["pages"], data["text_docs"], data["scan_docs"], data["text_pages"],
                   data["scan_pages"], data["workers"], data["floor"], data["flow"], data.get("plain"),
                   data["generated"], data["source"], parent,
                   tuple(data.get("load_average_before_after") or (0.0, 0.0)))  # type: ignore[arg-type]

    def as_json(self) -> dict[str, Any]:
        return {
            "peak_parent_kib": self.peak_parent_kib,
            "date": time.strftime("%Y-%m-%d", time.gmtime()), "source": self.source, "generated": self.generated,
            "documents": self.documents, "pages": self.pages, "text_docs": self.text_docs,
            "scan_docs": self.scan_docs, "text_pages": self.text_pages, "scan_pages": self.scan_pages,
            "workers": self.workers, "cpus": os.cpu_count(), "load_average_before_after": self.load_average,
            "figures": self.figures(),
            "floor": self.floor, "flow": {k: v for k, v in self.flow.items() if k != "spans"},
            "flow_spans": self.flow.get("spans"), "plain": self.plain,
        }


def run_bench(*, docs: Path | None = None, n: int = 200, seed: int = 11, workers: int = 2, plain: bool = True,
              console: Console | None = None) -> BenchResult:
    console = console or Console(stderr=True)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="ledgerline-bench-") as tmp:
        work = Path(tmp)
        if docs is None:
            inbox = work / "inbox"
            # the corpus writes each document twice (text-layer PDF and scan): n files need n/2
            console.print(f"generating {n} documents ({(n + 1) // 2} corpus documents × text + scan, seed {seed}) …")
            generate_batch(inbox, (n + 1) // 2, seed)
            inv = take_inventory(_documents_under(inbox))
            if inv.documents and len(inv.scan_docs) < SCAN_SHARE * inv.documents:
                _rasterise(inv, SCAN_SHARE)
                inv = take_inventory(_documents_under(inbox))
        else:
            inbox = docs
            inv = take_inventory(_documents_under(docs) if docs.is_dir() else [docs])
        console.print(f"{inv.documents} documents: {len(inv.text_docs)} text-layer ({len(inv.text_pages)} pages), "
                      f"{len(inv.scan_docs)} scanned ({len(inv.scan_pages)} pages); workers={workers}")
        console.print("floor: raw pdfplumber words and raw tesseract …")
        floor = run_floor(inv, workers)
        console.print("the Prefect flow (fresh data dir; includes Prefect's start-up) …")
        flow = run_child("flow", inbox, inv, work, workers)
        plain_run = None
        if plain:
            console.print("the same steps without Prefect …")
            plain_run = run_child("plain", inbox, inv, work, workers)
        peak_parent = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                       + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return BenchResult(inv.documents, inv.pages, len(inv.text_docs), len(inv.scan_docs), len(inv.text_pages),
                       len(inv.scan_pages), workers, floor, flow, plain_run, docs is None,
                       str(docs) if docs else f"generated --n {n} --seed {seed}", peak_parent,
                       (load_before, os.getloadavg()[0]))


def _rasterise(inv: Inventory, share: float) -> None:
    """Turn every k-th text PDF into a 300 dpi PNG (first page) until about `share` are scans."""
    need = int(share * inv.documents) - len(inv.scan_docs)
    if need <= 0 or not inv.text_docs:
        return
    step = max(1, len(inv.text_docs) // need)
    for path in inv.text_docs[::step][:need]:
        _page_image(path, 0).save(path.with_suffix(".png"), dpi=(OCR_DPI, OCR_DPI))
        path.unlink()


def bench_rows(result: BenchResult) -> tuple[list[str], list[list[str]]]:
    fg = result.figures()

    def s(x: float | None, unit: str = "", digits: int = 2) -> str:
        return "–" if x is None else f"{x:.{digits}f}{unit}"

    rows = [
        ["documents / pages", f"{result.documents} / {result.pages}",
         f"{result.text_docs} text-layer ({result.text_pages} p), {result.scan_docs} scanned ({result.scan_pages} p)"],
        ["flow wall time", s(fg["flow_wall_seconds"], " s", 1), "real Prefect flow, fresh SQLite + Prefect state"],
        ["flow documents/s", s(fg["flow_docs_per_second"]), f"pages/s {s(fg['flow_pages_per_second'])}"],
        ["floor wall time", s(fg["floor_seconds"], " s", 1), "raw pdfplumber words + raw tesseract, same pages, same cores"],
        ["floor documents/s", s(fg["floor_docs_per_second"]), f"pages/s {s(fg['floor_pages_per_second'])}"],
        ["flow / floor (wall)", s(fg["flow_vs_floor"], "×"), "end to end, Prefect start-up included"],
        ["Prefect share of flow wall", s(100 * fg["prefect_share"] if fg["prefect_share"] is not None else None, "%", 1),
         f"{s(fg['prefect_seconds'], ' s', 1)} outside our steps; {s(fg['flow_start_to_first_step_seconds'], ' s', 1)} "
         f"before the first step; {fg['prefect_tasks']} task runs"],
    ]
    if result.plain is not None:
        diff = fg["flow_wall_seconds"] - fg["plain_wall_seconds"]
        rows += [
            ["same steps without Prefect", s(fg["plain_wall_seconds"], " s", 1),
             f"flow − this = {diff:+.1f} s ({s(100 * fg['prefect_share_vs_plain'], '%', 1)} of the flow's wall "
             "time; noisy when other work shares the cores)"],
            ["extraction per text page", s(fg["extract_seconds_per_text_page"], " s", 3),
             f"floor {s(fg['floor_seconds_per_text_page'], ' s', 3)} → ratio {s(fg['ratio_per_text_page'], '×', 1)}"],
            ["extraction per scanned page", s(fg["extract_seconds_per_scanned_page"], " s", 3),
             f"floor {s(fg['floor_seconds_per_scanned_page'], ' s', 3)} → ratio {s(fg['ratio_per_scanned_page'], '×', 1)}"],
        ]
    rows += [
        ["peak memory, flow", s(fg["peak_flow_tree_rss_mib"], " MiB", 0),
         f"sampled RSS of the process tree; rusage self+children {s(fg['peak_flow_rusage_self_plus_children_mib'], ' MiB', 0)}"],
        ["peak memory, bench + floor", s(fg["peak_floor_rusage_self_plus_children_mib"], " MiB", 0),
         "rusage self + children (max of children)"],
        ["load average (1 min)", f"{result.load_average[0]:.1f} → {result.load_average[1]:.1f}",
         f"before → after, on {os.cpu_count()} cores: other work on the machine slows every figure"],
    ]
    return ["measure", "value", "notes"], rows


def print_bench(console: Console, result: BenchResult) -> None:
    header, rows = bench_rows(result)
    table = Table(title=f"bench ({result.source}, {result.workers} workers)", title_justify="left")
    for col in header:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    console.print(table)
