"""Opt-in cache of OCR'd pages for evaluation work (`LEDGERLINE_OCR_CACHE=<dir>`).

Iterating on field extraction re-reads the same scans hundreds of times; tesseract is ~95%
of that time. With the variable set, `loader.ocr_job` stores each OCR'd page under a key made
of the file's sha256, the page index, the OCR languages and a fingerprint of the OCR code (extractors/ocr.py,
page_image.py, render.py, loader.py, page_model.py, plus TESSDATA_PREFIX when set), so any change
to OCR, rendering or the models read with misses the cache by itself. Off by
default; production runs never read it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from extractors.page_model import Page
from schemas.client_config import DEFAULT_OCR_LANGUAGES

ENV = "LEDGERLINE_OCR_CACHE"
_CODE = ("ocr.py", "page_image.py", "render.py", "loader.py", "page_model.py")


def cache_dir() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update((here / name).read_bytes())
    models = os.environ.get("TESSDATA_PREFIX")
    if models:  # another set of tesseract models reads differently
        digest.update(f"TESSDATA_PREFIX={models}".encode())
    return digest.hexdigest()[:16]


def _key(path: str, kind: str, index: int, languages: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    lang = "+".join(languages).replace("/", "_")
    return f"{digest.hexdigest()}-{kind}-{index}-{lang}-{_code_fingerprint()}.pickle"


def load(path: str, kind: str, index: int, languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> Page | None:
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / _key(path, kind, index, languages)
    try:
        with entry.open("rb") as fh:
            page = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None
    return page if isinstance(page, Page) else None


def store(path: str, kind: str, index: int, page: Page, languages: tuple[str, ...] = DEFAULT_OCR_LANGUAGES) -> None:
    folder = cache_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / _key(path, kind, index, languages)
    tmp = entry.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(page, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(entry)
