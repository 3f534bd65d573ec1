"""One measured run of the batch, in a process of its own (started by `evaluation.bench`).

    python -m evaluation.bench_run flow  INBOX KINDS_JSON OUT_JSON
    python -m evaluation.bench_run plain INBOX KINDS_JSON OUT_JSON

The parent sets LEDGERLINE_DATA_DIR (and PREFECT_HOME) to a fresh temporary folder before
this process imports the settings, so the run gets its own SQLite database and Prefect state.

`flow` calls the real Prefect flow `flows.process_batch.process_batch` and times every plain
step function it calls (the module attributes of `flows.batch_steps` are wrapped), so
Prefect's share is the flow's wall time minus the time spent inside our steps.
`plain` runs the same steps in the same order without Prefect, with text-layer and scanned
documents in separate chunks so extraction time per kind of page can be told apart.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CLIENT = "default"


def tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants (Linux /proc), KiB."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
            with open(f"/proc/{entry}/statm", encoding="ascii") as fh:
                pages = int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        pid = int(entry)
        parent[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    return sum(rss.get(p, 0) for p in tree)


class MemorySampler(threading.Thread):
    def __init__(self, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak_kib, self._stop_event = interval, 0, threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(os.getpid()))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kib


class StepTimer:
    """Wraps plain step functions and records (step, start, seconds, documents)."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.spans: list[dict[str, Any]] = []

    def wrap(self, name: str, fn: Callable[..., Any], kinds: dict[str, str] | None = None) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                end = time.perf_counter()
                chunk = args[0] if name == "extract_chunk" and args else (args[1] if name == "settle_chunk" else None)
                self.spans.append({"step": name, "start": start - self.t0, "seconds": end - start,
                                   "documents": len(chunk) if isinstance(chunk, list) else None})
        return timed

    def total(self, step: str | None = None) -> float:
        return sum(s["seconds"] for s in self.spans if step is None or s["step"] == step)


def _rusage() -> dict[str, int]:
    return {"self_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "children_maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def run_flow(inbox: Path) -> dict[str, Any]:
    t_import = time.perf_counter()
    from ledgerline.prefect_env import configure_prefect
    from ledgerline.settings import get_settings

    configure_prefect(get_settings())
    import flows.batch_steps as steps
    from flows.process_batch import process_batch
    import_seconds = time.perf_counter() - t_import

    t0 = time.perf_counter()
    timer = StepTimer(t0)
    for name in ("register_batch", "extract_chunk", "settle_chunk", "journal_totals"):
        setattr(steps, name, timer.wrap(name, getattr(steps, name)))
    summary = process_batch(CLIENT, [str(inbox)])
    wall = time.perf_counter() - t0
    first = min((s["start"] for s in timer.spans), default=wall)
    return {
        "mode": "flow", "import_seconds": import_seconds, "wall_seconds": wall,
        "steps_seconds": timer.total(), "start_to_first_step_seconds": first,
        "by_step": {n: timer.total(n) for n in ("register_batch", "extract_chunk", "settle_chunk", "journal_totals")},
        "tasks": sum(1 for s in timer.spans if s["step"] != "journal_totals"),
        "counts": summary.counts, "spans": timer.spans,
    }


def run_plain(inbox: Path, kinds: dict[str, str]) -> dict[str, Any]:
    from datetime import date

    import flows.batch_steps as steps
    from ledgerline.settings import get_settings
    from validators.client_loader import load_client

    from extractors.pipeline import warm_up

    settings = get_settings()
    # One-off start-up costs (dateparser's tables, the ICD-10-CM code list: ~2 s) are paid
    # once per process, not per page, as the floor's imports are; the flow's wall time
    # above still includes them.
    warm_up()
    t0 = time.perf_counter()
    timer = StepTimer(t0)
    client = load_client(CLIENT)
    registered = timer.wrap("register_batch", steps.register_batch)(settings, CLIENT, [inbox], steps.new_batch_id())
    todo = [r for r in registered if r.error is None and r.is_new]
    extract = timer.wrap("extract_chunk", steps.extract_chunk)
    settle = timer.wrap("settle_chunk", steps.settle_chunk)
    by_kind: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for kind in ("text", "scan"):
        group = [r for r in todo if kinds.get(str(Path(r.source).resolve()), "text") == kind]
        seconds = 0.0
        for chunk in steps.chunked(group, settings.chunk_size):
            start = time.perf_counter()
            extracted = extract(chunk, settings.workers)
            seconds += time.perf_counter() - start
            for result in settle(client, chunk, extracted, date.today()):
                counts[result.status] = counts.get(result.status, 0) + 1
        by_kind[kind] = {"documents": len(group), "extract_seconds": seconds}
    timer.wrap("journal_totals", steps.journal_totals)(CLIENT)
    wall = time.perf_counter() - t0
    return {
        "mode": "plain", "wall_seconds": wall, "steps_seconds": timer.total(),
        "by_step": {n: timer.total(n) for n in ("register_batch", "extract_chunk", "settle_chunk", "journal_totals")},
        "extract_by_kind": by_kind, "counts": counts, "unregistered": len(registered) - len(todo),
    }


def main(argv: list[str]) -> int:
    mode, inbox, kinds_path, out = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    kinds = json.loads(kinds_path.read_text(encoding="utf-8"))
    sampler = MemorySampler()
    sampler.start()
    result = run_flow(inbox) if mode == "flow" else run_plain(inbox, kinds)
    result["peak_tree_rss_kib"] = sampler.stop()
    result |= _rusage()
    out.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
