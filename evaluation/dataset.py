"""Find scored documents (`X.pdf` beside `X.expected.json`) and pair truth with extraction.

Extraction comes either from running `extractors.pipeline.extract_paths` now (timed), or
from a JSON Lines file that `ledgerline extract --json` printed earlier (`--extracted`).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledgerline.errors import LedgerlineError
from schemas.client_config import DEFAULT_OCR_LANGUAGES

DOCUMENT_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
TRUTH_SUFFIX = ".expected.json"


def truth_path(document: Path) -> Path:
    return document.with_name(document.stem + TRUTH_SUFFIX)


def scored_documents(folder: Path) -> list[Path]:
    """Every supported document under `folder` with a truth file beside it, sorted by path."""
    if folder.is_file():
        candidates: Iterable[Path] = [folder]
    elif folder.is_dir():
        candidates = sorted(folder.rglob("*"))
    else:
        raise LedgerlineError(f"{folder}: no such file or folder")
    return [p for p in candidates
            if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and truth_path(p).is_file()]


def load_truth(document: Path) -> dict[str, Any]:
    path = truth_path(document)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LedgerlineError(f"{path}: not a readable truth file ({exc}); fix or remove it") from exc
    if not isinstance(data, dict) or "doc_type" not in data:
        raise LedgerlineError(f"{path}: a truth file needs at least a doc_type (see the extraction contract)")
    return data


@dataclass
class Extraction:
    documents: list[dict[str, Any]]
    elapsed_seconds: float | None


def extract_now(documents: list[Path], *, workers: int = 2,
                progress: Callable[[], None] | None = None,
                ocr_languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> Extraction:
    """Run the real extraction over `documents`; contract dicts in the same order, timed.
    `progress` is called once per finished document."""
    try:
        from extractors.pipeline import extract_paths
    except ImportError as exc:
        raise LedgerlineError(f"extraction is not available ({exc}); score saved output with "
                              "--extracted FILE (from `ledgerline extract --json`)") from exc

    start = time.perf_counter()
    out = []
    for doc in extract_paths(documents, workers=workers, ocr_languages=ocr_languages):
        out.append(doc.to_contract())
        if progress is not None:
            progress()
    elapsed = time.perf_counter() - start
    if len(out) != len(documents):
        raise RuntimeError(f"extract_paths returned {len(out)} documents for {len(documents)} inputs")
    return Extraction(out, elapsed)


def read_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    """Contract objects from `ledgerline extract --json` output, keyed by resolved source."""
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise LedgerlineError(f"{path}: line {n} is not JSON ({exc})") from exc
        out[str(Path(data.get("source", "")).resolve())] = data
    return out


def pairs_for(folder: Path, *, extracted: Path | None = None, workers: int = 2,
              progress: Callable[[int], Callable[[], None]] | None = None,
              ocr_languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], float | None]:
    """(truth, extraction) for every scored document under `folder`, and the extraction time.
    `ocr_languages`: the tesseract models scanned pages are read with (English by default)."""
    documents = scored_documents(folder)
    truths = [load_truth(d) for d in documents]
    if extracted is None:
        run = extract_now(documents, workers=workers, progress=progress(len(documents)) if progress else None,
                          ocr_languages=ocr_languages)
        found, elapsed = run.documents, run.elapsed_seconds
    else:
        by_source = read_jsonl(extracted)
        found = [by_source.get(str(d.resolve())) or {
            "source": str(d), "sha256": "",
            "error": {"code": "NOT_EXTRACTED", "message": f"{d} is not in {extracted}"}} for d in documents]
        elapsed = None
    for doc, data in zip(documents, found, strict=True):
        data.setdefault("source", str(doc))
    return list(zip(truths, found, strict=True)), elapsed
